/**
 * `openpractice audit verify [--practice ODS]`: recomputes the audit trail's hash chains and
 * prints what does not hold (audit/verify.ts) — seqs and words, never an event's content.
 * Directly on the database, or through a running server's admin API while it holds the embedded
 * database. Exit 0 when every chain is intact, 1 when any problem is found, 2 on a usage error.
 */
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import {
  keyFile,
  loadAuditKey,
  loadSigningKey,
  ODS_CODE,
  UnknownPracticeError,
  verifyAudit,
  type AuditProblem,
  type ChainReport,
  type Config,
} from '@openpractice/server';
import { CliError, operatorToken, parse, reachDeployment, type Command } from '../command';

const USAGE = `openpractice audit verify [--practice ODS]

  verify      recomputes each practice's audit hash chain (and the deployment's own) and reports
              altered, missing, reordered and truncated rows. Prints each chain's head (seq and
              hash): keep those elsewhere to catch a truncation that rewrote the head as well.
  --practice  only this practice's chain

Needs the audit key the server uses: OPENPRACTICE_AUDIT_KEY, or the signing key it is derived
from (OPENPRACTICE_SIGNING_KEY, or the key file in the data directory). Works whether or not
the server is running. Exit status: 0 intact, 1 problems found, 2 usage error.`;

function chainName(c: { practiceId: number; odsCode?: string }): string {
  return c.odsCode ?? (c.practiceId === 0 ? 'deployment' : `practice #${c.practiceId}`);
}

function printProblem(p: AuditProblem): void {
  console.log(`  ${chainName(p)}: ${p.kind}: ${p.detail}`);
}

function printChain(c: ChainReport): void {
  const head = c.head ? `head ${c.head.seq} ${c.head.hash.slice(0, 16)}…` : 'no head';
  console.log(`${chainName(c)}: ${c.rowsChecked} rows checked, ${head} — ${c.problems === 0 ? 'intact' : `${c.problems} problem${c.problems === 1 ? '' : 's'}`}`);
}

/** The server's audit key, refusing to invent one (a new signing key would verify nothing). */
async function auditKeyOf(config: Config) {
  if (!config.auditKey && !config.signingKey && !existsSync(keyFile(config.dataDir))) {
    throw new CliError('No audit key here: set OPENPRACTICE_AUDIT_KEY (or OPENPRACTICE_SIGNING_KEY) as the server has it');
  }
  return loadAuditKey(config, await loadSigningKey(config));
}

export const auditCommand: Command = {
  summary: 'Audit trail: verify the tamper-evident hash chains (verify [--practice ODS])',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'verify') throw new CliError(`Usage:\n${USAGE}`);
    const { values, positionals } = parse(rest, { practice: { type: 'string' } });
    if (positionals.length > 0) throw new CliError(`Unexpected argument "${positionals[0]}"\n\nUsage:\n${USAGE}`);
    const practiceOds = values.practice?.toUpperCase();
    if (practiceOds !== undefined && !ODS_CODE.test(practiceOds)) throw new CliError(`--practice "${practiceOds}" is not an ODS code`);
    const target = await reachDeployment();
    let intact: boolean;
    if (target.kind === 'database') {
      try {
        const result = await verifyAudit(target.db, await auditKeyOf(target.config), {
          ...(practiceOds ? { practiceOds } : {}),
          onProblem: printProblem,
          onChain: printChain,
        });
        intact = result.intact;
      } catch (err) {
        if (err instanceof UnknownPracticeError) throw new CliError(err.message);
        throw err;
      } finally {
        await target.db.close();
      }
    } else {
      intact = await verifyThroughServer(target.url, await operatorToken(target.config, 3600), practiceOds);
    }
    console.log(intact ? 'The audit trail is intact.' : 'The audit trail has problems (above).');
    return intact ? 0 : 1;
  },
};

/** Streams GET /admin/audit/verify (audit/admin-routes.ts), printing lines as they come. */
async function verifyThroughServer(url: string, token: string, practiceOds: string | undefined): Promise<boolean> {
  const res = await fetch(`${url}/admin/audit/verify${practiceOds ? `?practice=${practiceOds}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) {
    const text = await res.text();
    throw new CliError(`server answered ${res.status}: ${text.slice(0, 500)}`);
  }
  let done: { intact: boolean } | undefined;
  const lines = createInterface({ input: Readable.fromWeb(res.body as ReadableStream), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const msg = JSON.parse(line) as { problem?: AuditProblem; chain?: ChainReport; done?: { intact: boolean }; error?: { issue?: { code?: string; diagnostics?: string }[] } };
    if (msg.problem) printProblem(msg.problem);
    if (msg.chain) printChain(msg.chain);
    if (msg.done) done = msg.done;
    if (msg.error) {
      const issue = msg.error.issue?.[0];
      if (issue?.code === 'not-found') throw new CliError(issue.diagnostics ?? 'not found');
      throw new Error(issue?.diagnostics ?? 'the server could not verify the audit trail');
    }
  }
  if (!done) throw new Error('the server stopped before the verification finished');
  return done.intact;
}
