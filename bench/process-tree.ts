import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of a process and all its descendants, in MiB: the sum of VmRSS from
 * /proc/<pid>/status (Linux). Shared pages (the node binary) count once per process, as a
 * process manager's "memory of this service" would.
 */
export function treeRssMiB(pid: number): number {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    // pid (comm) state ppid …: comm may contain spaces and parentheses, so read after the last ')'.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : NaN;
    if (Number.isFinite(ppid)) parents.set(Number(entry), ppid);
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  let kib = 0;
  for (const p of tree) kib += Number(read(`/proc/${p}/status`)?.match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0);
  return kib / 1024;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended while we looked
  }
}
