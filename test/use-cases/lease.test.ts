import { describe, expect, it } from 'vitest';
import { whileRenewing } from '../../src/use-cases/lease';

/** Resolves once a timer of the same period has fired `n` times: by then a surviving interval would have too. */
function periods(n: number, ms: number) {
  return new Promise<void>((resolve) => {
    let ticks = 0;
    const probe = setInterval(() => ++ticks === n && (clearInterval(probe), resolve()), ms);
  });
}

/** A promise with its resolve exposed: the test decides when the "work" ends. */
function gate<T = void>() {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

describe('whileRenewing', () => {
  it('renews on a timer while the work is in flight, and stops when it ends', async () => {
    const work = gate<string>();
    let renewals = 0;
    const thirdRenewal = gate();
    const running = whileRenewing(
      5,
      async () => {
        if (++renewals === 3) thirdRenewal.open();
      },
      () => work.promise,
      () => {},
    );
    await thirdRenewal.promise; // three renewals while the work has not answered (a long model call)
    work.open('done');
    expect(await running).toBe('done');
    const after = renewals;
    await periods(3, 5);
    expect(renewals).toBe(after);
  });

  it('a failing renewal is reported and the next one still runs; renewals never overlap', async () => {
    const work = gate();
    const errors: unknown[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let calls = 0;
    const enough = gate();
    const running = whileRenewing(
      2,
      async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        calls++;
        await new Promise((r) => setTimeout(r, 10)); // slower than the period
        inFlight--;
        if (calls === 1) throw new Error('database away');
        if (calls === 3) enough.open();
      },
      () => work.promise,
      (e) => errors.push(e),
    );
    await enough.promise;
    work.open();
    await running;
    expect(errors).toHaveLength(1);
    expect(maxInFlight).toBe(1);
  });

  it('the work failing still stops the renewals and passes the error on', async () => {
    let renewals = 0;
    await expect(
      whileRenewing(
        1,
        async () => void renewals++,
        async () => {
          throw new Error('boom');
        },
        () => {},
      ),
    ).rejects.toThrow('boom');
    const after = renewals;
    await periods(3, 1);
    expect(renewals).toBe(after);
  });
});
