/** `openpractice <command>`: dispatches to one file per command. */
import { ConfigError } from '@openpractice/server';
import { CliError, type Command } from './command';
import { alertsCommand } from './commands/alerts';
import { auditCommand } from './commands/audit';
import { clientsCommand } from './commands/clients';
import { loginsCommand } from './commands/logins';
import { migrateCommand } from './commands/migrate';
import { notYet } from './commands/not-yet';
import { practicesCommand } from './commands/practices';
import { seedCommand } from './commands/seed';
import { serveCommand } from './commands/serve';
import { statsCommand } from './commands/stats';
import { tokenCommand } from './commands/token';
import { usersCommand } from './commands/users';

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  practices: practicesCommand,
  stats: statsCommand,
  token: tokenCommand,
  users: usersCommand,
  clients: clientsCommand,
  logins: loginsCommand,
  alerts: alertsCommand,
  export: notYet('export', 'whole-practice export arrives with practice switching (issue #6)'),
  import: notYet('import', 'whole-practice import arrives with practice switching (issue #6)'),
  switch: notYet('switch', 'practice switching arrives with issue #6'),
  audit: auditCommand,
};

const USAGE = `Usage: openpractice <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Environment: PORT, OPENPRACTICE_DATA_DIR (default ./data), DATABASE_URL, OPENPRACTICE_SEED=none
Run "openpractice <command> --help" for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof CliError || err instanceof ConfigError) {
      console.error(`openpractice ${name}: ${err.message}`);
      return 2;
    }
    console.error(`openpractice ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
