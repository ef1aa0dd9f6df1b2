import type { Autonomy, TrustCause } from '../domain/trust';

/** Autonomy levels, and why one changed, in words (plain text; callers escape it). */
export function describeLevel(level: Autonomy): string {
  switch (level) {
    case 'observe':
      return 'observes (artifact only, no actions offered)';
    case 'propose':
      return 'proposes (actions wait for your approval)';
    case 'act':
      return 'acts without asking (you can undo for a while)';
  }
}

/** Why the level changed; kept with the trust record (shown on Home and in `/delegate trust`) and said when it happens. */
export function trustCauseText(cause: TrustCause): string {
  switch (cause.code) {
    case 'rejected':
      return 'you rejected its work';
    case 'undone':
      return 'you undid what it did';
    case 'promoted':
      return `${cause.streak} approvals in a row, and you said so`;
    case 'set_by_owner':
      return 'you set it';
  }
}
