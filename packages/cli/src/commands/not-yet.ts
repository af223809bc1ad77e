/** Commands of the interface contract whose feature has not been built yet: say so plainly. */
import type { Command } from '../command';

export function notYet(name: string, why: string): Command {
  return {
    summary: `(not available yet: ${why})`,
    usage: `openpractice ${name}: not available yet — ${why}.`,
    async run() {
      console.error(`openpractice ${name} is not available yet: ${why}.`);
      return 2;
    },
  };
}
