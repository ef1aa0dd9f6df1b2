/** How a job holds its work: a short lease, renewed while the work runs. */
export interface Lease {
  /** A claim older than this belongs to a dead worker and may be taken over. */
  leaseMs: number;
  heartbeatMs: number;
  /** Extends the job queue's own lock on the job (Agenda's `touch`). */
  touch?: () => Promise<unknown>;
}

/**
 * Runs `work` while renewing a lease every `everyMs`, on a timer rather than between steps,
 * so the lease stays fresh during a long model call or Slack call. A renewal that fails (the
 * database away for a moment) is reported and the next one tries again; renewals never overlap.
 */
export async function whileRenewing<T>(
  everyMs: number,
  renew: () => Promise<unknown>,
  work: () => Promise<T>,
  onRenewError: (error: unknown) => void,
): Promise<T> {
  let renewing = false;
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    renew()
      .catch(onRenewError)
      .finally(() => (renewing = false));
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
