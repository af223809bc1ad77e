/**
 * `openpractice stats`: per practice, current resources per type, registered patients, and the
 * prevalence of each coded condition beside the QOF registers the synthetic generator aims at.
 * Read from the database directly, or — while a server holds the embedded database — through its
 * FHIR API (`_summary=count` per type, then Patients and active Conditions page by page).
 */
import {
  collectPracticeStats,
  formatPracticeStats,
  getResourceTypes,
  issueToken,
  listPractices,
  loadSigningKey,
  ODS_CODE,
  PrevalenceTally,
  todayUtc,
  type PracticeStats,
} from '@openpractice/server';
import { callServer, CliError, operatorToken, parse, reachDeployment, type Command } from '../command';

export const statsCommand: Command = {
  summary: 'Resources per type and condition prevalence vs QOF, per practice (--practice ODS)',
  usage: `openpractice stats [--practice ODS] [--json]

  --practice  only this practice (default: every practice)
  --json      print the figures as JSON instead of tables

Prevalence is patients with an active Condition per SNOMED CT code, as a % of registered
patients and of each QOF register's age group. Works whether or not the server is running.`,
  async run(args) {
    const { values } = parse(args, { practice: { type: 'string' }, json: { type: 'boolean' } });
    const only = values.practice?.toUpperCase();
    if (only !== undefined && !ODS_CODE.test(only)) throw new CliError(`--practice "${only}" is not an ODS code`);
    const asOf = todayUtc();
    const target = await reachDeployment();
    const stats: PracticeStats[] = [];
    if (target.kind === 'database') {
      try {
        const practices = (await listPractices(target.db)).filter((p) => only === undefined || p.odsCode === only);
        if (only !== undefined && practices.length === 0) throw new CliError(`no practice ${only} here`);
        for (const p of practices) stats.push(await collectPracticeStats(target.db, p, asOf));
      } finally {
        await target.db.close();
      }
    } else {
      const { practices } = await callServer<{ practices: { odsCode: string; name: string }[] }>(
        `${target.url}/admin/practices`,
        await operatorToken(target.config),
      );
      const chosen = practices.filter((p) => only === undefined || p.odsCode === only);
      if (only !== undefined && chosen.length === 0) throw new CliError(`no practice ${only} here`);
      const key = await loadSigningKey(target.config);
      for (const p of chosen) {
        const token = await issueToken(key, { sub: 'cli:stats', role: 'admin', practice: p.odsCode, ttlSeconds: 3600 });
        stats.push(await statsThroughApi(`${target.url}/fhir`, token, p, asOf));
      }
    }
    if (values.json) console.log(JSON.stringify(stats, null, 1));
    else console.log(stats.map(formatPracticeStats).join('\n\n'));
    return 0;
  },
};

interface Bundle {
  total?: number;
  entry?: { resource?: { resourceType: string; id?: string; [k: string]: unknown } }[];
  link?: { relation: string; url: string }[];
}

/**
 * The same figures as `collectPracticeStats`, over the FHIR API with a practice token. Exported
 * for the test that proves both ways agree.
 */
export async function statsThroughApi(
  fhirBase: string,
  token: string,
  practice: { odsCode: string; name: string },
  asOf: string,
): Promise<PracticeStats> {
  // The record's types: AuditEvent is the audit trail, kept apart from the record (audit/).
  const types = [...getResourceTypes()].filter((t) => t !== 'AuditEvent');
  const counts: { type: string; count: number }[] = [];
  // A few requests at a time: quick on a local server without queueing 146 at once.
  for (let i = 0; i < types.length; i += 8) {
    const chunk = types.slice(i, i + 8);
    const totals = await Promise.all(chunk.map(async (type) => (await callServer<Bundle>(`${fhirBase}/${type}?_summary=count`, token)).total ?? 0));
    chunk.forEach((type, j) => {
      if (totals[j]! > 0) counts.push({ type, count: totals[j]! });
    });
  }
  const tally = new PrevalenceTally(asOf);
  for (const query of ['Patient?_count=1000', 'Condition?clinical-status=active&_count=1000']) {
    let url: string | undefined = `${fhirBase}/${query}`;
    while (url) {
      const page: Bundle = await callServer<Bundle>(url, token);
      for (const e of page.entry ?? []) if (e.resource) tally.add(e.resource);
      const next = page.link?.find((l) => l.relation === 'next')?.url;
      // The server's public base URL may differ from the address we reached it at: keep our own.
      url = next ? `${fhirBase}/${query.split('?')[0]}?${new URL(next).search.slice(1)}` : undefined;
    }
  }
  return { odsCode: practice.odsCode, name: practice.name, asOf, resources: counts, ...tally.result() };
}
