/**
 * Work this process has in hand: Slack listeners still working after their ack, jobs from
 * start to completion, Home refreshes being queued. `begun` only ever grows, so a reader that
 * sees `busy === 0` with the same `begun` before and after a look at the database knows that
 * nothing in this process started or finished in between (tests wait on this; see settle()).
 */
export class Activity {
  private inHand = 0;
  private started = 0;

  /** Marks work as begun; the returned function marks it over (once, however often it is called). */
  begin(): () => void {
    this.inHand++;
    this.started++;
    let over = false;
    return () => {
      if (over) return;
      over = true;
      this.inHand--;
    };
  }

  /** Counts `work` as in hand until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    const end = this.begin();
    void work.then(end, end);
    return work;
  }

  snapshot(): { busy: number; begun: number } {
    return { busy: this.inHand, begun: this.started };
  }
}
