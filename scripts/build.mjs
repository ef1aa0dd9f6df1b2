/**
 * Bundles the app into plain JavaScript so that `npm start` runs `node dist/main.js` with no
 * TypeScript loader in the process. Our code (src/, specs/, db/schema.ts) goes into one file;
 * packages stay external and load from node_modules as usual (PGlite finds its wasm and data
 * files next to itself). The committed migrations are copied next to the bundle.
 *
 *   node scripts/build.mjs [--outdir dist] [entry.ts …]     (default entry: src/main.ts)
 *
 * The output directory must be inside the project: the bundle imports packages from node_modules.
 */
import { cp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } }, allowPositionals: true });
const outdir = resolve(root, values.outdir);

await build({
  absWorkingDir: root,
  entryPoints: positionals.length ? positionals : ['src/main.ts'],
  outdir,
  entryNames: '[name]',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Stack traces point into src/ with --enable-source-maps; without the sources inlined the map
  // is a third of the size (Node parses it at start-up).
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});
const migrations = join(outdir, 'migrations');
await rm(migrations, { recursive: true, force: true });
await cp(join(root, 'db', 'migrations'), migrations, { recursive: true });
