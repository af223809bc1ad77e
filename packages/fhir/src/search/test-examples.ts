/** Test support: the official R4 examples (npm package hl7.fhir.r4.examples). */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Resource } from '../types';

const EXAMPLES_DIR = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));

/** One official example by file name, e.g. `Patient-example.json`. */
export function loadExample(file: string): Resource {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Resource;
}

/** Every official example resource (5,300+) with its file name, or those of the given types. */
export function loadAllExamples(resourceTypes?: ReadonlySet<string>): { file: string; resource: Resource }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'package.json' && !f.startsWith('.'))
    // Example files are named Type-id.json.
    .filter((f) => !resourceTypes || resourceTypes.has(f.slice(0, f.indexOf('-'))))
    .map((file) => ({ file, resource: loadExample(file) }))
    .filter((e) => typeof e.resource.resourceType === 'string');
}
