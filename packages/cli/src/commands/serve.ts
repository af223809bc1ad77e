/** `openpractice serve` (what `npm start` runs): the whole system in one process. */
import { loadConfig, startServer, DEFAULT_PRACTICE } from '@openpractice/server';
import type { Command } from '../command';

export const serveCommand: Command = {
  summary: 'Run the server (embedded database by default; DATABASE_URL for PostgreSQL)',
  usage: 'openpractice serve\n\nEnvironment: PORT (8080), OPENPRACTICE_DATA_DIR (./data), DATABASE_URL, OPENPRACTICE_SEED=none, LOG_LEVEL',
  async run() {
    const config = loadConfig();
    const running = await startServer(config, (line) => console.log(line));
    const base = `${running.url}/fhir`;
    console.log(
      [
        '',
        `OpenPractice is running (${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}).`,
        `  FHIR R4 base:     ${base}`,
        `  Capability:       ${base}/metadata`,
        `  Get a token:      npx openpractice token --practice ${DEFAULT_PRACTICE} --role gp`,
        `  Try it:           curl -H "Authorization: Bearer $(npx openpractice token | tail -1)" ${base}/Patient?_count=5`,
        '  Web apps:         not built yet (clinician and patient apps arrive with issues #7 and #8)',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void running.close().then(resolve, resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
