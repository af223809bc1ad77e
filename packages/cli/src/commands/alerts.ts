/** `openpractice alerts`: the security alerts raised by misuse detection, newest first. */
import { listAlerts, listPractices, type AlertView } from '@openpractice/server';
import { callServer, CliError, operatorToken, parse, reachDeployment, type Command } from '../command';

const USAGE = `openpractice alerts [--practice ODS] [--all] [--count N]

Lists security alerts (misuse and attack detection), newest first, one a line:
  id  raised-at  severity  practice (- for the deployment's own)  rule  subject  summary

  --practice  only this practice's alerts (default: every practice's and the deployment's)
  --all       acknowledged alerts too (default: open ones only)
  --count     at most this many (1–500, default 50)

Practice managers see and acknowledge their own practice's alerts over the API
(GET /security/alerts, POST /security/alerts/{id}/acknowledge). Works whether or not the server
is running.`;

export const alertsCommand: Command = {
  summary: 'Security alerts (misuse and attack detection), newest first',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parse(args, { practice: { type: 'string' }, all: { type: 'boolean' }, count: { type: 'string' } });
    if (positionals.length) throw new CliError(`Unexpected "${positionals[0]}".\n${USAGE}`);
    const count = Number(values.count ?? '50');
    if (!/^\d+$/.test(values.count ?? '50') || count < 1 || count > 500) throw new CliError('--count must be a whole number from 1 to 500');
    const practice = values.practice?.toUpperCase();
    const status = values.all ? 'all' : 'open';
    const target = await reachDeployment();
    let alerts: AlertView[];
    if (target.kind === 'server') {
      const q = new URLSearchParams({ status, _count: String(count), ...(practice ? { practice } : {}) });
      ({ alerts } = await callServer<{ alerts: AlertView[] }>(`${target.url}/security/alerts?${q}`, await operatorToken(target.config)));
    } else {
      try {
        let practiceId: number | undefined;
        if (practice) {
          const found = (await listPractices(target.db)).find((p) => p.odsCode === practice);
          if (!found) throw new CliError(`No practice ${practice} (see: openpractice practices)`);
          practiceId = found.id;
        }
        alerts = await listAlerts(target.db, { ...(practiceId !== undefined ? { practiceId } : {}), status, count });
      } finally {
        await target.db.close();
      }
    }
    if (alerts.length === 0) console.error(values.all ? 'No alerts.' : 'No open alerts.');
    for (const a of alerts) {
      const ack = a.acknowledgedAt ? `\tacknowledged by ${a.acknowledgedBy} at ${a.acknowledgedAt}` : '';
      console.log(`${a.id}\t${a.raisedAt}\t${a.severity}\t${a.practice ?? '-'}\t${a.rule}\t${a.subject}\t${a.summary}${ack}`);
    }
    return 0;
  },
};
