/**
 * How the identity commands (users, clients, logins) reach the identity administration API:
 * over HTTP with an operator token when a server runs on the embedded data directory, otherwise
 * through the same API in-process (the app built, never listening, on the database) — one code
 * path for validation and records either way.
 */
import { buildApp, loadSigningKey, r4Rules } from '@openpractice/server';
import { callServer, CliError, operatorToken, reachDeployment } from '../command';

export interface AdminApi {
  call<T = any>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function adminApi(): Promise<AdminApi> {
  const target = await reachDeployment();
  const token = await operatorToken(target.config);
  if (target.kind === 'server') {
    return {
      call: (method, path, body) =>
        callServer(`${target.url}${path}`, token, {
          method,
          ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        }),
      close: async () => undefined,
    };
  }
  const key = await loadSigningKey(target.config);
  const app = await buildApp({ ...target.config, logLevel: 'warn' }, { db: target.db, key, rules: r4Rules });
  return {
    async call(method, path, body) {
      const res = await app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      const parsed = res.body ? (JSON.parse(res.body) as { issue?: { diagnostics?: string }[] }) : undefined;
      if (res.statusCode >= 300) throw new CliError(parsed?.issue?.map((i) => i.diagnostics).join('; ') ?? `failed (${res.statusCode})`);
      return parsed as never;
    },
    async close() {
      await app.close();
      await target.db.close();
    },
  };
}

/** Runs `fn` against the admin API, always closing it. */
export async function withAdminApi<T>(fn: (api: AdminApi) => Promise<T>): Promise<T> {
  const api = await adminApi();
  try {
    return await fn(api);
  } finally {
    await api.close();
  }
}

/** A password from --password, or the first line of standard input with --password-stdin. */
export async function passwordFrom(values: { password?: string | undefined; 'password-stdin'?: boolean | undefined }): Promise<string> {
  if (values.password !== undefined && values['password-stdin']) throw new CliError('Give --password or --password-stdin, not both');
  if (values.password !== undefined) return values.password;
  if (!values['password-stdin']) throw new CliError('An initial password is required: --password-stdin (safer: not in your shell history) or --password');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line) throw new CliError('No password on standard input');
  return line;
}

/** An ODS code from --practice (required). */
export function practiceOption(value: string | undefined): string {
  if (!value) throw new CliError('--practice ODS is required');
  return value.toUpperCase();
}
