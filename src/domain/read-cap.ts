import type { ActionParams } from './action-plan';
import type { Evidence } from './evidence';

/**
 * Whether an agent the person lets act may act without review after this run's reads. Text
 * it read (a page, others' messages, a PR by someone else) could steer what its hands do, so
 * it asks first. The one exception: hands that only write back to the one thing it read, a
 * COMMENT review on the very pull request it reviewed. Steered, that can only say something
 * on that PR; it cannot approve it, block it, or reach anywhere else. Undo takes it back.
 */
export function mayActAfterReading(reads: ReadonlyArray<Pick<Evidence, 'kind' | 'ref' | 'problem'>>, actions: readonly ActionParams[]): boolean {
  const read = reads.filter((r) => !r.problem);
  if (!read.length) return true;
  if (!actions.length) return false;
  return actions.every((a) => a.kind === 'github_review' && read.every((r) => r.kind === 'github_pr' && r.ref.toLowerCase() === `${a.owner}/${a.repo}#${a.number}`.toLowerCase()));
}
