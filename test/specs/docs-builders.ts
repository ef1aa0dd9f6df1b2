import type { DocsArtifact } from '../../specs/docs';
import { hostile } from './builders';

/** A docs artifact about acme/web's billing, every free-text field carrying hostile tokens. */
export function buildDocs(overrides: Partial<DocsArtifact> = {}): DocsArtifact {
  return {
    repository: 'acme/web',
    summary: hostile('Billing changed twice this week and its docs did not.', 600),
    outdated_docs: [
      {
        doc_path: 'docs/billing.md',
        area: hostile('billing', 80),
        commits: [{ sha: 'a1b2c3d', what_changed: hostile('Invoices are now prorated.', 200) }],
        draft: hostile('Invoices are prorated to the day when a plan changes mid-cycle.', 1500),
      },
    ],
    missing_docs: [
      {
        area: hostile('webhooks', 80),
        doc_path: 'docs/webhooks.md',
        new_file: true,
        commits: [{ sha: 'e4f5a6b', what_changed: hostile('Webhooks retry with backoff.', 200) }],
        draft: hostile('Failed webhook deliveries are retried five times with exponential backoff.', 1500),
      },
    ],
    ...overrides,
  };
}
