/** `openpractice migrate`: apply pending schema migrations. */
import { listMigrations, loadConfig, migrate, openDatabase, readRunningServer } from '@openpractice/server';
import type { Command } from '../command';

export const migrateCommand: Command = {
  summary: 'Apply pending database migrations',
  usage: 'openpractice migrate\n\nApplies versioned, forward-only migrations to the configured database (the server also does this on start).',
  async run() {
    const config = loadConfig();
    const running = config.databaseUrl ? undefined : readRunningServer(config.dataDir);
    if (running) {
      console.log(`The server running on ${config.dataDir} (pid ${running.pid}) applied all migrations when it started; nothing to do.`);
      return 0;
    }
    const db = await openDatabase(config);
    try {
      const applied = await migrate(db);
      const latest = listMigrations().at(-1);
      console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
      if (latest) console.log(`Schema version: ${latest.version} (${latest.name})`);
    } finally {
      await db.close();
    }
    return 0;
  },
};
