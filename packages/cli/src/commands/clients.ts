/** `openpractice clients add|list|revoke|external-access`: a practice's SMART apps and backend systems. */
import { readFileSync } from 'node:fs';
import { CliError, parse, type Command } from '../command';
import { practiceOption, withAdminApi } from './identity-admin';

interface ClientView {
  clientId: string;
  kind: string;
  audience?: string;
  name: string;
  scope: string;
  authentication: string;
  redirectUris: string[];
  jwksUri?: string;
  revoked: boolean;
}

const USAGE = `openpractice clients add --practice ODS --kind app --audience staff|patient --name NAME --scope "SCOPES"
                         --redirect-uri URI [--redirect-uri ...] [--jwks FILE | --jwks-uri URL]
openpractice clients add --practice ODS --kind system --name NAME --scope "SCOPES" (--jwks FILE | --jwks-uri URL)
openpractice clients list --practice ODS
openpractice clients revoke --practice ODS CLIENT_ID
openpractice clients external-access --practice ODS on|off

  add       registers a SMART app (public with PKCE, or confidential with a key) or a backend
            system (SMART Backend Services: private_key_jwt, ES384 or RS384). SCOPES are the SMART
            scopes it may be granted, e.g. "system/Patient.rs system/Observation.rs" or
            "patient/*.rs user/Patient.rs". Prints the client id.
  revoke    stops the client at once and revokes every token issued to it
  external-access
            External access is OFF for a new practice: its apps and systems get no token until
            an admin turns it on. Each change is recorded (who, when) for the audit trail.`;

function printClient(c: ClientView): void {
  console.log(`${c.clientId}\t${c.kind}${c.audience ? `/${c.audience}` : ''}\t${c.name}\t${c.scope}\t${c.authentication}${c.revoked ? '\tREVOKED' : ''}`);
}

export const clientsCommand: Command = {
  summary: 'SMART apps and backend systems: add, list, revoke, external-access on|off',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'add': {
        const { values } = parse(rest, {
          practice: { type: 'string' },
          kind: { type: 'string' },
          audience: { type: 'string' },
          name: { type: 'string' },
          scope: { type: 'string' },
          'redirect-uri': { type: 'string', multiple: true },
          jwks: { type: 'string' },
          'jwks-uri': { type: 'string' },
        });
        const ods = practiceOption(values.practice);
        let jwks: unknown;
        if (values.jwks) {
          try {
            jwks = JSON.parse(readFileSync(values.jwks, 'utf8'));
          } catch {
            throw new CliError(`--jwks ${values.jwks} is not a readable JSON Web Key Set file`);
          }
        }
        const r = await withAdminApi((api) =>
          api.call<{ client: ClientView; externalAccess: boolean }>('POST', `/admin/practices/${ods}/clients`, {
            kind: values.kind,
            name: values.name,
            scope: values.scope,
            ...(values.audience ? { audience: values.audience } : {}),
            ...(values['redirect-uri'] ? { redirectUris: values['redirect-uri'] } : {}),
            ...(jwks !== undefined ? { jwks } : {}),
            ...(values['jwks-uri'] ? { jwksUri: values['jwks-uri'] } : {}),
          }),
        );
        printClient(r.client);
        if (!r.externalAccess) console.error(`Note: external access is off at ${ods}; it gets no token until: openpractice clients external-access --practice ${ods} on`);
        console.log(r.client.clientId);
        return 0;
      }
      case 'list': {
        const { values } = parse(rest, { practice: { type: 'string' } });
        const ods = practiceOption(values.practice);
        const r = await withAdminApi((api) => api.call<{ externalAccess: boolean; clients: ClientView[] }>('GET', `/admin/practices/${ods}/clients`));
        console.error(`External access at ${ods}: ${r.externalAccess ? 'on' : 'off'}`);
        r.clients.forEach(printClient);
        return 0;
      }
      case 'revoke': {
        const { values, positionals } = parse(rest, { practice: { type: 'string' } });
        const ods = practiceOption(values.practice);
        if (positionals.length !== 1) throw new CliError('Usage: openpractice clients revoke --practice ODS CLIENT_ID');
        const r = await withAdminApi((api) => api.call<{ client: ClientView; revokedTokens: number }>('DELETE', `/admin/practices/${ods}/clients/${encodeURIComponent(positionals[0]!)}`));
        printClient(r.client);
        console.log(`Revoked ${r.revokedTokens} live token(s).`);
        return 0;
      }
      case 'external-access': {
        const { values, positionals } = parse(rest, { practice: { type: 'string' } });
        const ods = practiceOption(values.practice);
        const want = positionals[0];
        if (want !== 'on' && want !== 'off') throw new CliError('Usage: openpractice clients external-access --practice ODS on|off');
        const r = await withAdminApi((api) => api.call<{ changed: boolean }>('PUT', `/admin/practices/${ods}/external-access`, { enabled: want === 'on' }));
        console.log(`External access at ${ods} is ${want}${r.changed ? '' : ' (unchanged)'}.`);
        return 0;
      }
      default:
        throw new CliError(`Usage:\n${USAGE}`);
    }
  },
};
