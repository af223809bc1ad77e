/**
 * `npm run bench`: every benchmark in bench/, one after another, with the same options. The record
 * server benchmark is the only one so far.
 */
import { main as recordServer } from './record-server';

process.exitCode = await recordServer(process.argv.slice(2));
