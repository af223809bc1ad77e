/**
 * `openpractice seed`: load a deterministic synthetic practice. Directly into the database (bulk
 * load, constant memory, any size), or through the running server's API when it owns the embedded
 * database. Progress goes to stderr: a bar with rate and ETA on a terminal, a line every few
 * seconds otherwise.
 */
import type { Resource } from '@openpractice/fhir';
import { ensurePractice, generatePractice, loadResources, ODS_CODE, r4Rules, DEFAULT_PRACTICE, type LoadProgress } from '@openpractice/server';
import { callServer, CliError, operatorToken, parse, reachDeployment, streamNdjson, type Command } from '../command';

export const seedCommand: Command = {
  summary: 'Load a synthetic practice (--patients N --practice ODS --seed S)',
  usage: `openpractice seed [--patients N] [--practice ODS] [--name NAME] [--seed S]

  --patients  number of patients (default 100; an average practice is 10000)
  --practice  ODS code; created if new (default ${DEFAULT_PRACTICE})
  --name      practice name for a new practice (default "Synthetic Practice ODS")
  --seed      generator seed (default 1); the same seed gives the same practice

Works whether or not the server is running on the embedded database. Re-running the same seed
skips what is already loaded (a load never changes a stored resource).`,
  async run(args) {
    const { values } = parse(args, {
      patients: { type: 'string' },
      practice: { type: 'string' },
      name: { type: 'string' },
      seed: { type: 'string' },
    });
    const patients = Number(values.patients ?? 100);
    if (!Number.isInteger(patients) || patients < 1 || patients > 250_000) throw new CliError('--patients must be 1 to 250000');
    const seed = Number(values.seed ?? 1);
    if (!Number.isInteger(seed)) throw new CliError('--seed must be an integer');
    const odsCode = (values.practice ?? DEFAULT_PRACTICE).toUpperCase();
    if (!ODS_CODE.test(odsCode)) throw new CliError(`--practice "${odsCode}" is not an ODS code`);
    const name = values.name ?? `Synthetic Practice ${odsCode}`;
    let generated: Iterable<Resource>;
    try {
      generated = generatePractice({ odsCode, name, patients, seed });
    } catch (err) {
      if (err instanceof RangeError) throw new CliError(err.message);
      throw err;
    }
    const progress = new Progress(patients);
    const resources = progress.counting(generated);
    const target = await reachDeployment();
    let inserted: number;
    let skipped = 0;
    try {
      if (target.kind === 'database') {
        try {
          const practice = await ensurePractice(target.db, odsCode, name);
          const summary = await loadResources(target.db, practice, r4Rules, resources, { onProgress: (p) => progress.written(p.resources) });
          inserted = summary.inserted;
          skipped = summary.skipped;
        } finally {
          await target.db.close();
        }
      } else {
        ({ inserted, skipped } = await seedThroughApi(target.url, await operatorToken(target.config, 24 * 3600), odsCode, name, resources, progress));
      }
    } finally {
      progress.end();
    }
    const seconds = progress.seconds();
    const rate = Math.round((inserted + skipped) / Math.max(seconds, 0.001));
    console.log(
      `Seeded ${odsCode} (${name}): ${patients} patients, ${inserted} resources` +
        `${skipped ? ` (${skipped} already loaded, skipped)` : ''} in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-GB')} resources/s)`,
    );
    return 0;
  },
};

/**
 * The server path: the practice is created, then the resources stream to the server's bulk-load
 * endpoint as NDJSON (written as fast as the server takes them) while its progress lines stream
 * back. The server validates and indexes them exactly as a direct load does.
 */
async function seedThroughApi(
  url: string,
  operator: string,
  odsCode: string,
  name: string,
  resources: Iterable<Resource>,
  progress: Progress,
): Promise<{ inserted: number; skipped: number }> {
  await callServer(`${url}/admin/practices`, operator, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ odsCode, name }),
  });
  let final: LoadProgress | undefined;
  await streamNdjson(`${url}/admin/practices/${odsCode}/resources`, operator, resources, (line) => {
    const msg = line as { done?: LoadProgress; error?: { issue?: { diagnostics?: string }[] } } & LoadProgress;
    if (msg.error) throw new CliError(`server refused the load: ${msg.error.issue?.map((i) => i.diagnostics).join('; ') ?? 'unknown error'}`);
    if (msg.done) final = msg.done;
    else progress.written(msg.resources);
  });
  if (!final) throw new CliError('the server closed the load without a summary');
  return final;
}

/**
 * Progress on stderr. Completion is measured in patients read from the generator (known in
 * advance), the rate in resources written; on a terminal a bar redrawn at most 5 times a second,
 * otherwise a line every 5 seconds, so logs stay readable.
 */
class Progress {
  private readonly started = performance.now();
  private readonly tty = Boolean(process.stderr.isTTY);
  private patientsRead = 0;
  private resources = 0;
  private lastDrawn = 0;
  private drawn = false;

  constructor(private readonly patients: number) {}

  /** Passes resources through, counting patients. */
  *counting(resources: Iterable<Resource>): Generator<Resource> {
    for (const r of resources) {
      if (r.resourceType === 'Patient') this.patientsRead++;
      yield r;
    }
  }

  written(resources: number): void {
    this.resources = resources;
    const now = performance.now();
    if (now - this.lastDrawn < (this.tty ? 200 : 5000)) return;
    this.lastDrawn = now;
    this.draw();
  }

  seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  end(): void {
    if (this.tty && this.drawn) process.stderr.write('\n');
  }

  private draw(): void {
    const elapsed = this.seconds();
    const done = this.patientsRead / this.patients;
    const rate = this.resources / Math.max(elapsed, 0.001);
    const eta = done > 0.01 ? (elapsed * (1 - done)) / done : undefined;
    const facts =
      `${(100 * done).toFixed(0).padStart(3)}% ${this.patientsRead.toLocaleString('en-GB')}/${this.patients.toLocaleString('en-GB')} patients, ` +
      `${this.resources.toLocaleString('en-GB')} resources, ${Math.round(rate).toLocaleString('en-GB')}/s, ETA ${eta === undefined ? '…' : duration(eta)}`;
    if (this.tty) {
      const width = 24;
      const full = Math.round(done * width);
      process.stderr.write(`\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${facts}\x1b[K`);
    } else {
      process.stderr.write(`seed: ${facts}\n`);
    }
    this.drawn = true;
  }
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
