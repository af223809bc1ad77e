#!/usr/bin/env node
// Builds dist/openpractice.mjs: our workspace packages bundled to plain JavaScript with esbuild,
// every npm dependency left external. `npm start` runs this build rather than TypeScript through
// tsx, which saves ~70 MiB of server memory (docs/PERFORMANCE.md) and start-up compile time.
// Takes about a second; run on every `npm start`, so the build is never stale.
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const external = new Set();
for (const pkg of ['fhir', 'server', 'cli']) {
  const json = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8'));
  for (const dep of Object.keys(json.dependencies ?? {})) if (!dep.startsWith('@openpractice/')) external.add(dep);
}
// Subpath imports of external packages (e.g. fhirpath/fhir-context/r4) are external too.
const externals = [...external].flatMap((d) => [d, `${d}/*`]);

const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await build({
  entryPoints: [join(root, 'packages/cli/src/entry.ts')],
  outfile: join(dist, 'openpractice.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: externals,
  sourcemap: 'linked',
  logLevel: 'warning',
});
// Migrations are read from disk beside the code that applies them.
cpSync(join(root, 'packages/server/src/db/migrations'), join(dist, 'migrations'), { recursive: true });
