/** Process entry point of the bundled build (`dist/openpractice.mjs`, what `npm start` runs). */
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
