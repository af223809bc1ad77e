/** `openpractice token`: print a bearer token signed by the server's key (last line of output). */
import { DEFAULT_PRACTICE, issueToken, loadConfig, loadSigningKey, listPractices, ROLES, type Role } from '@openpractice/server';
import { callServer, CliError, operatorToken, parse, reachDeployment, type Command } from '../command';

export const tokenCommand: Command = {
  summary: 'Print a bearer token for a practice and role',
  usage: `openpractice token [--practice ODS] [--role ROLE] [--sub USER] [--ttl SECONDS]

  --practice  ODS code of the practice (default ${DEFAULT_PRACTICE}, the demo practice)
  --role      one of ${ROLES.join(', ')} (default admin)
  --sub       user id the token names (default cli:<role>)
  --ttl       lifetime in seconds (default 43200)

The token is the last line of the output. Works while the server runs on the embedded database.`,
  async run(args) {
    const { values } = parse(args, {
      practice: { type: 'string' },
      role: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    });
    const role = (values.role ?? 'admin') as Role;
    if (!(ROLES as readonly string[]).includes(role)) throw new CliError(`--role must be one of ${ROLES.join(', ')}`);
    const ttl = values.ttl === undefined ? undefined : Number(values.ttl);
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1 || ttl > 31 * 86400)) throw new CliError('--ttl must be 1 to 2678400 seconds');
    const config = loadConfig();
    const practice = role === 'operator' ? undefined : (values.practice ?? DEFAULT_PRACTICE).toUpperCase();
    if (practice) await requirePractice(practice);
    const key = await loadSigningKey(config);
    const token = await issueToken(key, {
      sub: values.sub ?? `cli:${role}`,
      role,
      ...(practice ? { practice } : {}),
      ...(ttl ? { ttlSeconds: ttl } : {}),
    });
    console.error(practice ? `Token for ${role} at ${practice}:` : 'Operator token:');
    console.log(token);
    return 0;
  },
};

async function requirePractice(odsCode: string): Promise<void> {
  const target = await reachDeployment();
  let known: string[];
  if (target.kind === 'server') {
    const r = await callServer<{ practices: { odsCode: string }[] }>(`${target.url}/admin/practices`, await operatorToken(target.config));
    known = r.practices.map((p) => p.odsCode);
  } else {
    try {
      known = (await listPractices(target.db)).map((p) => p.odsCode);
    } finally {
      await target.db.close();
    }
  }
  if (!known.includes(odsCode)) {
    throw new CliError(`No practice ${odsCode} in this deployment (known: ${known.join(', ') || 'none — start the server once to seed the demo'})`);
  }
}
