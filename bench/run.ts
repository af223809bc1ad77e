/**
 * `npm run bench`: every benchmark in bench/, one after another, with the same options: the record
 * server benchmark, then the synthetic practice load (which reads only the shared --admin-url,
 * --quiet-wait and --json).
 */
import { main as load } from './load';
import { main as recordServer } from './record-server';

const argv = process.argv.slice(2);
const codes = [await recordServer(argv), await load(argv)];
process.exitCode = Math.max(...codes);
