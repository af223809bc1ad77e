/** `openpractice users add|list|disable|enable|reset-totp`: staff users (CIS2-style sign-in). */
import { CliError, parse, type Command } from '../command';
import { passwordFrom, withAdminApi } from './identity-admin';

interface UserView {
  id: string;
  username: string;
  displayName: string;
  disabled: boolean;
  externalId?: string;
  practices: { odsCode: string; roles: string[]; nationalRoles: string[]; practitionerId?: string }[];
}

const USAGE = `openpractice users add --username NAME --name "Display Name" --practice ODS[:role,role] [--practice ...]
                       [--role ROLE] [--practitioner ID] [--external-id ID] (--password-stdin | --password PW)
openpractice users list [--practice ODS]
openpractice users disable USER | enable USER | reset-totp USER

  add         creates a staff user working at each --practice, in the roles after its colon (or
              --role for all): gp, nurse, pharmacist, receptionist, practice-manager, admin, or a
              national RBAC job role code (R0260 GP, R0620 nurse, R1290 pharmacist,
              R1730 receptionist, R1780 manager). --practitioner names their Practitioner record
              (one practice only); --external-id links a federated sign-in (the configured claim).
              Prints the TOTP secret and otpauth:// URI ONCE: give them to the user for their
              authenticator app; they are not shown again.
  list        users at a practice (every user without --practice)
  disable     stops sign-in, ends the user's sessions and revokes their tokens
  reset-totp  a new TOTP secret (printed once); the old authenticator entry stops working`;

function printUser(u: UserView): void {
  const where = u.practices.map((p) => `${p.odsCode}:${p.roles.join(',')}`).join(' ');
  console.log(`${u.username}\t${u.displayName}\t${where}${u.disabled ? '\tDISABLED' : ''}\t${u.id}`);
}

export const usersCommand: Command = {
  summary: 'Staff users: add, list, disable, enable, reset-totp',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'add': {
        const { values } = parse(rest, {
          username: { type: 'string' },
          name: { type: 'string' },
          practice: { type: 'string', multiple: true },
          role: { type: 'string' },
          practitioner: { type: 'string' },
          'external-id': { type: 'string' },
          password: { type: 'string' },
          'password-stdin': { type: 'boolean' },
        });
        if (!values.username || !values.name) throw new CliError('--username and --name are required');
        const practices = (values.practice ?? []).map((p) => {
          const [ods, roles] = p.split(':');
          const list = (roles ?? values.role ?? '').split(',').filter(Boolean);
          if (list.length === 0) throw new CliError(`Give roles for ${ods}: --practice ${ods}:gp or --role gp`);
          return { odsCode: ods!.toUpperCase(), roles: list, ...(values.practitioner ? { practitionerId: values.practitioner } : {}) };
        });
        if (practices.length === 0) throw new CliError('--practice ODS is required (repeat it for each practice)');
        if (values.practitioner && practices.length > 1) throw new CliError('--practitioner names a record in one practice: add the user at one practice with it');
        const password = await passwordFrom(values);
        const created = await withAdminApi((api) =>
          api.call<{ user: UserView; totpSecret: string; totpUri: string }>('POST', '/admin/users', {
            username: values.username,
            displayName: values.name,
            password,
            practices,
            ...(values['external-id'] ? { externalId: values['external-id'] } : {}),
          }),
        );
        printUser(created.user);
        console.log(`TOTP secret (shown once): ${created.totpSecret}`);
        console.log(`Authenticator URI (shown once): ${created.totpUri}`);
        return 0;
      }
      case 'list': {
        const { values } = parse(rest, { practice: { type: 'string' } });
        if (!values.practice) {
          // Every user: one call per practice, deduplicated.
          const users = await withAdminApi(async (api) => {
            const { practices } = await api.call<{ practices: { odsCode: string }[] }>('GET', '/admin/practices');
            const seen = new Map<string, UserView>();
            for (const p of practices) for (const u of (await api.call<{ users: UserView[] }>('GET', `/admin/practices/${p.odsCode}/users`)).users) seen.set(u.id, u);
            return [...seen.values()];
          });
          users.forEach(printUser);
          return 0;
        }
        const { users } = await withAdminApi((api) => api.call<{ users: UserView[] }>('GET', `/admin/practices/${values.practice!.toUpperCase()}/users`));
        users.forEach(printUser);
        return 0;
      }
      case 'disable':
      case 'enable':
      case 'reset-totp': {
        const { positionals } = parse(rest, {});
        const user = positionals[0];
        if (!user || positionals.length > 1) throw new CliError(`Usage: openpractice users ${sub} USER (username or id)`);
        const r = await withAdminApi((api) => api.call<{ user: UserView; totpSecret?: string; totpUri?: string }>('POST', `/admin/users/${encodeURIComponent(user)}/${sub}`));
        printUser(r.user);
        if (r.totpSecret) {
          console.log(`TOTP secret (shown once): ${r.totpSecret}`);
          console.log(`Authenticator URI (shown once): ${r.totpUri}`);
        }
        return 0;
      }
      default:
        throw new CliError(`Usage:\n${USAGE}`);
    }
  },
};
