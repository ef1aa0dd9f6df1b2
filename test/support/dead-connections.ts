import pg from 'pg';
import type { Database } from '../../src/db/database';

/** Ends a server process (a connection) from outside, as a restart or failover does, and waits until it has exited. */
export async function terminate(adminUrl: string, pid: number): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // The timeout makes it wait until the backend has exited.
    await admin.query('select pg_terminate_backend($1, 5000)', [pid]);
  } finally {
    await admin.end();
  }
}

type Stream = { pause(): void; resume(): void; write: (...args: any[]) => boolean };

/**
 * The race seen under load, made deterministic: the server has closed the pool's idle clients,
 * but their sockets have not been read yet, so the pool hands them out and the first statement
 * sent on one (BEGIN, LISTEN) is what fails. Each such client reads the server's FATAL only
 * once that statement is on the wire.
 */
export async function idleClientsDeadButNotYetNoticed(adminUrl: string, database: Database, n: number) {
  const clients = await Promise.all(Array.from({ length: n }, () => database.pool.connect()));
  const pids: number[] = [];
  const streams = new Map<pg.PoolClient, Stream>();
  for (const client of clients) {
    pids.push((await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
    const stream = (client as unknown as { connection: { stream: Stream } }).connection.stream;
    stream.pause();
    streams.set(client, stream);
    client.release();
  }
  for (const pid of pids) await terminate(adminUrl, pid);
  let handedOut = 0;
  const onAcquire = (acquired: pg.PoolClient) => {
    const stream = streams.get(acquired);
    if (!stream) return;
    handedOut++;
    // The first write after the hand-out is the statement: send it, then let the socket be read.
    const write = stream.write;
    stream.write = (...args) => {
      stream.write = write;
      const written = write.apply(stream, args);
      stream.resume();
      return written;
    };
  };
  database.pool.on('acquire', onAcquire);
  return { pids, handedOut: () => handedOut, done: () => database.pool.off('acquire', onAcquire) };
}
