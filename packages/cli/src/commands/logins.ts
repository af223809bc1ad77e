/** `openpractice logins add|list|link|unlink`: patient logins (NHS login-style) and record access. */
import { CliError, parse, type Command } from '../command';
import { passwordFrom, practiceOption, withAdminApi } from './identity-admin';

interface LoginView {
  id: string;
  username: string;
  displayName: string;
  proofing: string;
  disabled: boolean;
  links: { id: number; odsCode: string; patient: string; proxy: boolean; relatedPerson?: string }[];
}

const USAGE = `openpractice logins add --username NAME --name "Display Name" --proofing P0|P5|P9 [--totp] (--password-stdin | --password PW)
openpractice logins list --practice ODS
openpractice logins link --practice ODS --login NAME --patient PATIENT_ID [--proxy [--related-person ID]]
openpractice logins unlink --practice ODS LINK_ID

  add     a patient login, proven to P0 (none), P5 (basic) or P9 (high); the level is in every
          token (what each level may see is enforced by the record's access rules). --totp also
          asks for an authenticator code at sign-in (the secret is printed once).
  link    gives the login access to a patient's record at the practice: their own, or with
          --proxy as someone acting for the patient (parent, carer); --related-person names the
          proxy's RelatedPerson record.
  unlink  withdraws that access: live tokens are revoked at once.`;

export const loginsCommand: Command = {
  summary: 'Patient logins: add, list, link (own record or proxy), unlink',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'add': {
        const { values } = parse(rest, {
          username: { type: 'string' },
          name: { type: 'string' },
          proofing: { type: 'string' },
          totp: { type: 'boolean' },
          password: { type: 'string' },
          'password-stdin': { type: 'boolean' },
        });
        if (!values.username || !values.name || !values.proofing) throw new CliError('--username, --name and --proofing are required');
        const password = await passwordFrom(values);
        const r = await withAdminApi((api) =>
          api.call<{ login: LoginView; totpSecret?: string; totpUri?: string }>('POST', '/admin/patient-logins', {
            username: values.username,
            displayName: values.name,
            proofing: values.proofing,
            password,
            totp: values.totp === true,
          }),
        );
        console.log(`${r.login.username}\t${r.login.proofing}\t${r.login.id}`);
        if (r.totpSecret) {
          console.log(`TOTP secret (shown once): ${r.totpSecret}`);
          console.log(`Authenticator URI (shown once): ${r.totpUri}`);
        }
        return 0;
      }
      case 'list': {
        const { values } = parse(rest, { practice: { type: 'string' } });
        const ods = practiceOption(values.practice);
        const { logins } = await withAdminApi((api) => api.call<{ logins: LoginView[] }>('GET', `/admin/practices/${ods}/patient-logins`));
        for (const l of logins) {
          const links = l.links.map((x) => `#${x.id}:${x.proxy ? 'proxy-for:' : ''}${x.patient}`).join(' ');
          console.log(`${l.username}\t${l.proofing}\t${links}${l.disabled ? '\tDISABLED' : ''}`);
        }
        return 0;
      }
      case 'link': {
        const { values } = parse(rest, { practice: { type: 'string' }, login: { type: 'string' }, patient: { type: 'string' }, proxy: { type: 'boolean' }, 'related-person': { type: 'string' } });
        const ods = practiceOption(values.practice);
        if (!values.login || !values.patient) throw new CliError('--login and --patient are required');
        if (values['related-person'] && !values.proxy) throw new CliError('--related-person is for a proxy (--proxy)');
        const r = await withAdminApi((api) =>
          api.call<{ link: { id: number }[] }>('POST', `/admin/practices/${ods}/patient-links`, {
            login: values.login,
            patient: values.patient,
            proxy: values.proxy === true,
            ...(values['related-person'] ? { relatedPerson: values['related-person'] } : {}),
          }),
        );
        console.log(`Linked (link #${r.link[0]!.id}).`);
        return 0;
      }
      case 'unlink': {
        const { values, positionals } = parse(rest, { practice: { type: 'string' } });
        const ods = practiceOption(values.practice);
        if (positionals.length !== 1) throw new CliError('Usage: openpractice logins unlink --practice ODS LINK_ID');
        const r = await withAdminApi((api) => api.call<{ revokedTokens: number }>('DELETE', `/admin/practices/${ods}/patient-links/${encodeURIComponent(positionals[0]!)}`));
        console.log(`Unlinked; revoked ${r.revokedTokens} live token(s).`);
        return 0;
      }
      default:
        throw new CliError(`Usage:\n${USAGE}`);
    }
  },
};
