/**
 * `openpractice seed`: load a deterministic synthetic practice. Directly into the database, or
 * through the running server's API when it owns the embedded database.
 */
import type { Resource } from '@openpractice/fhir';
import {
  ensurePractice,
  generatePractice,
  issueToken,
  loadResources,
  loadSigningKey,
  ODS_CODE,
  r4Rules,
  DEFAULT_PRACTICE,
} from '@openpractice/server';
import { callServer, CliError, operatorToken, parse, reachDeployment, type Command } from '../command';

const BATCH = 200;

export const seedCommand: Command = {
  summary: 'Load a synthetic practice (--patients N --practice ODS --seed S)',
  usage: `openpractice seed [--patients N] [--practice ODS] [--name NAME] [--seed S]

  --patients  number of patients (default 100)
  --practice  ODS code; created if new (default ${DEFAULT_PRACTICE})
  --name      practice name for a new practice (default "Synthetic Practice ODS")
  --seed      generator seed (default 1); the same seed gives the same practice

Works whether or not the server is running on the embedded database.`,
  async run(args) {
    const { values } = parse(args, {
      patients: { type: 'string' },
      practice: { type: 'string' },
      name: { type: 'string' },
      seed: { type: 'string' },
    });
    const patients = Number(values.patients ?? 100);
    if (!Number.isInteger(patients) || patients < 1 || patients > 1_000_000) throw new CliError('--patients must be 1 to 1000000');
    const seed = Number(values.seed ?? 1);
    if (!Number.isInteger(seed)) throw new CliError('--seed must be an integer');
    const odsCode = (values.practice ?? DEFAULT_PRACTICE).toUpperCase();
    if (!ODS_CODE.test(odsCode)) throw new CliError(`--practice "${odsCode}" is not an ODS code`);
    const name = values.name ?? `Synthetic Practice ${odsCode}`;
    const resources = generatePractice({ odsCode, name, patients, seed });
    const started = Date.now();
    const progress = (n: number) => {
      if (process.stderr.isTTY) process.stderr.write(`\r  loaded ${n} resources`);
    };
    const target = await reachDeployment();
    let loaded: number;
    if (target.kind === 'database') {
      try {
        const practice = await ensurePractice(target.db, odsCode, name);
        loaded = await loadResources(target.db, practice, r4Rules, resources, { onProgress: (p) => progress(p.loaded) });
      } finally {
        await target.db.close();
      }
    } else {
      await callServer(`${target.url}/admin/practices`, await operatorToken(target.config), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ odsCode, name }),
      });
      const token = await issueToken(await loadSigningKey(target.config), { sub: 'cli:seed', role: 'admin', practice: odsCode, ttlSeconds: 3600 });
      loaded = 0;
      let batch: Resource[] = [];
      const send = async () => {
        const bundle = {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: batch.map((r) => ({ resource: r, request: { method: 'PUT', url: `${r.resourceType}/${r.id}` } })),
        };
        await callServer(`${target.url}/fhir`, token, {
          method: 'POST',
          headers: { 'Content-Type': 'application/fhir+json', Prefer: 'return=minimal' },
          body: JSON.stringify(bundle),
        });
        loaded += batch.length;
        batch = [];
        progress(loaded);
      };
      for (const r of resources) {
        batch.push(r);
        if (batch.length >= BATCH) await send();
      }
      if (batch.length) await send();
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    console.log(`Seeded ${odsCode} (${name}): ${patients} patients, ${loaded} resources in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  },
};
