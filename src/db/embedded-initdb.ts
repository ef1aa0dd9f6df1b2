import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates a new embedded PGlite data directory in a short-lived child process.
 *
 * On an empty directory PGlite runs initdb in a second, temporary PGlite instance inside the
 * same process. The memory that touches (≈ 480 MiB) is not given back to the OS when that
 * instance closes, so a bot that created its database on its first start would hold it for as
 * long as it runs. Done in a child process, it is returned when the child exits, and the bot
 * then opens an existing directory exactly as on any later start.
 */
export async function initDataDirInChild(dir: string, startParams: string[]): Promise<void> {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  const script = [
    'const [url, dir, params] = process.argv.slice(1);',
    'const { PGlite } = await import(url);',
    'const db = await PGlite.create(dir, { startParams: JSON.parse(params) });',
    'await db.close();',
  ].join('\n');
  const args = ['--input-type=module', '-e', script, import.meta.resolve('@electric-sql/pglite'), dir, JSON.stringify(startParams)];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`Creating the embedded database in ${dir} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`)),
    );
  });
}
