/** `openpractice practices`: the deployment's practices, "ODS-code name" one a line. */
import { listPractices } from '@openpractice/server';
import { callServer, operatorToken, reachDeployment, type Command } from '../command';

export const practicesCommand: Command = {
  summary: 'List the practices (ODS code and name), one a line',
  usage: 'openpractice practices\n\nPrints each practice as "ODS-CODE Name". Works whether or not the server is running.',
  async run() {
    const target = await reachDeployment();
    let practices: { odsCode: string; name: string }[];
    if (target.kind === 'server') {
      const token = await operatorToken(target.config);
      ({ practices } = await callServer<{ practices: { odsCode: string; name: string }[] }>(`${target.url}/admin/practices`, token));
    } else {
      try {
        practices = await listPractices(target.db);
      } finally {
        await target.db.close();
      }
    }
    for (const p of practices) console.log(`${p.odsCode} ${p.name}`);
    return 0;
  },
};
