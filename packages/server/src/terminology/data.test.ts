/**
 * The curated tables: every entry well formed, no duplicates, SNOMED CT and dm+d ids that pass
 * their own check digit, and codes that name their sources agreeing with those sources where the
 * source ships with the repository (HL7's R4 examples, the UK Core examples, the seed tables).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ALLERGIES, MANIFESTATION, NO_KNOWN_ALLERGY } from '../seed/codes/allergies';
import { ACUTE_CONDITIONS, CHRONIC_CONDITIONS } from '../seed/codes/conditions';
import { MEDICATIONS } from '../seed/codes/medications';
import { SMOKING_VALUE } from '../seed/codes/observations';
import { SYSTEM, codeSystems, valueSets } from './catalogue';
import { AMPS, CHAPTERS, VMPS, VTMS, getVmp } from './data/dmd/index';
import { TerminologyStore } from './store';

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/**
 * A well-formed SNOMED CT concept id (SNOMED CT Technical Implementation Guide 6.2): 6-18 digits,
 * partition identifier 00 (short format) or 10 (extension), Verhoeff check digit. This catches a
 * mistyped digit and the rounding of 18-digit ids through spreadsheet floats.
 */
export function isSnomedConceptId(id: string): boolean {
  if (!/^[1-9]\d{5,17}$/.test(id)) return false;
  const partition = id.slice(-3, -1);
  if (partition !== '00' && partition !== '10') return false;
  let c = 0;
  [...id].reverse().forEach((ch, i) => {
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![Number(ch)]!]!;
  });
  return c === 0;
}

describe('concept id check', () => {
  it('accepts real ids and rejects a changed digit or a float-rounded extension id', () => {
    assert.ok(isSnomedConceptId('44054006'));
    assert.ok(isSnomedConceptId('42109611000001109'));
    assert.ok(isSnomedConceptId('10054111000001107'));
    assert.equal(isSnomedConceptId('44054007'), false);
    assert.equal(isSnomedConceptId('10054111000001108'), false);
    assert.equal(isSnomedConceptId('10054111000001117'), false, 'partition 11 names a description, not a concept');
  });
});

describe('curated tables', () => {
  const systems = codeSystems();

  it('every concept has a non-empty code and display, once per code system', () => {
    for (const cs of systems) {
      assert.ok(cs.concepts.length > 0, cs.url);
      const seen = new Set<string>();
      for (const c of cs.concepts) {
        assert.ok(c.code.trim().length > 0 && c.code === c.code.trim(), `${cs.url}: empty or padded code`);
        assert.ok(c.display.trim().length > 0 && c.display === c.display.trim(), `${cs.url}|${c.code}: empty or padded display`);
        assert.ok(!seen.has(c.code), `${cs.url}|${c.code} is listed twice`);
        seen.add(c.code);
        for (const p of c.previous ?? []) assert.ok(!seen.has(p), `${cs.url}|${p} is both current and previous`);
      }
    }
  });

  it('every SNOMED CT and dm+d id (current and previous) is a well-formed concept id', () => {
    for (const cs of systems.filter((s) => s.url === SYSTEM.snomed || s.url === SYSTEM.dmd)) {
      for (const c of cs.concepts) {
        for (const id of [c.code, ...(c.previous ?? [])]) assert.ok(isSnomedConceptId(id), `${cs.url}|${id} (${c.display}) fails the id check`);
      }
    }
  });

  it('no dm+d id is also a SNOMED CT concept here (they share one id space)', () => {
    const snomed = new Set(systems.find((s) => s.url === SYSTEM.snomed)!.concepts.map((c) => c.code));
    for (const c of systems.find((s) => s.url === SYSTEM.dmd)!.concepts) assert.ok(!snomed.has(c.code), c.code);
  });

  it('dm+d: VMPs name a form and a dose; AMPs point at a VMP, VMPs at a VTM', () => {
    const vmpIds = new Set(VMPS.map((v) => v.code));
    const vtmIds = new Set(VTMS.map(([code]) => code));
    for (const v of VMPS) {
      assert.ok(v.form.length > 0 && v.dose.length > 0 && v.source.length > 0, v.display);
      if (v.strength) assert.ok(v.display.includes(v.strength.split(' / ')[0]!), `${v.display} does not state ${v.strength}`);
      if (v.vtm) assert.ok(vtmIds.has(v.vtm), `${v.display}: VTM ${v.vtm} is not held`);
    }
    for (const [code, display, vmp] of AMPS) assert.ok(vmpIds.has(vmp), `AMP ${code} ${display}: VMP ${vmp} is not held`);
  });

  it('dm+d: every id (VTM, VMP, AMP, previous VMP) is unique, and so is every VMP name', () => {
    const ids = [...VTMS.map(([code]) => code), ...VMPS.flatMap((v) => [v.code, ...(v.previous ?? [])]), ...AMPS.map(([code]) => code)];
    const seen = new Set<string>();
    for (const id of ids) {
      assert.ok(!seen.has(id), `dm+d id ${id} is listed twice`);
      assert.ok(isSnomedConceptId(id), `dm+d id ${id} fails the id check`);
      seen.add(id);
    }
    const names = new Set<string>();
    for (const v of VMPS) {
      assert.ok(!names.has(v.display), `VMP name ${v.display} is held twice`);
      names.add(v.display);
    }
  });

  it('dm+d: around 300 VMPs across the BNF chapter files, each chapter non-empty; getVmp finds them', () => {
    assert.ok(VMPS.length >= 300, `${VMPS.length} VMPs`);
    for (const c of CHAPTERS) assert.ok(c.vmps.length > 0);
    for (const v of VMPS) assert.equal(getVmp(v.code), v);
    assert.throws(() => getVmp('42109611000001100'), /not held/);
  });

  it('dm+d: a VMP carrying a VTM id names that VTM as its first ingredient', () => {
    const vtmName = new Map(VTMS.map(([code, display]) => [code, display]));
    for (const v of VMPS.filter((x) => x.vtm)) assert.ok(v.display.startsWith(`${vtmName.get(v.vtm!)} `), `${v.display} is not a ${vtmName.get(v.vtm!)} product`);
  });

  it('the store builds: parents exist, value sets compose and none is empty', () => {
    const store = new TerminologyStore(systems, valueSets());
    for (const vs of valueSets()) assert.ok(store.expand(vs.url)!.total > 0, `${vs.url} is empty`);
  });

  it('every SNOMED CT and dm+d code the seed generator records is held, with the same display', () => {
    const store = new TerminologyStore(systems, valueSets());
    const seedCodes = [
      ...CHRONIC_CONDITIONS.map((c) => c.code),
      ...ACUTE_CONDITIONS.map((c) => c.code),
      ...ALLERGIES.map((a) => a.code),
      ...Object.values(MANIFESTATION),
      NO_KNOWN_ALLERGY,
      ...Object.values(SMOKING_VALUE),
    ];
    for (const c of seedCodes) {
      const found = store.resolve(c.system!, c.code!);
      assert.ok(found, `seed ${c.code} ${c.display} is not held`);
      assert.ok(store.displayMatches(found.concept, c.display!), `seed ${c.code} "${c.display}" is neither the display nor a synonym`);
    }
    for (const m of Object.values(MEDICATIONS)) {
      const found = store.resolve(SYSTEM.dmd, m.vpid);
      assert.ok(found, `seed medicine ${m.vpid} ${m.name} is not held`);
      assert.equal(found.concept.display, m.name);
    }
  });
});

/** `system|code` → the displays a published source gives it (semantic tags removed). */
function displaysIn(dir: string, files: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o.system === 'string' && typeof o.code === 'string' && typeof o.display === 'string') {
      const key = `${o.system === 'http://snomed.info/sct' || o.system === SYSTEM.dmd ? o.system : ''}|${o.code}`;
      const set = out.get(key) ?? new Set<string>();
      set.add(o.display.replace(/ \((disorder|finding|procedure|regime\/therapy|observable entity|situation|product)\)$/, ''));
      out.set(key, set);
    }
    Object.values(o).forEach(walk);
  };
  for (const f of files) walk(JSON.parse(readFileSync(join(dir, f), 'utf8')));
  return out;
}

describe('codes agree with the sources shipped beside the repository', () => {
  const ukCoreDir = join(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/ukcore-examples');
  const r4Dir = dirname(createRequire(import.meta.url).resolve('hl7.fhir.r4.examples/package.json'));
  const ukCore = displaysIn(ukCoreDir, readdirSync(ukCoreDir).filter((f) => f.endsWith('.json')));
  const systems = codeSystems();
  const r4Files = new Set(
    systems.flatMap((cs) => cs.concepts.map((c) => /HL7 FHIR R4 examples, ([\w.-]+\.json)/.exec(c.source ?? '')?.[1]).filter((f): f is string => !!f)),
  );
  const r4 = displaysIn(r4Dir, [...r4Files]);

  const check = (marker: string, source: Map<string, Set<string>>, name: string) => {
    let checked = 0;
    for (const cs of systems.filter((s) => s.url === SYSTEM.snomed || s.url === SYSTEM.dmd)) {
      for (const c of cs.concepts.filter((x) => x.source?.includes(marker))) {
        const displays = source.get(`${cs.url}|${c.code}`) ?? source.get(`${SYSTEM.snomed}|${c.code}`);
        assert.ok(displays, `${c.code} ${c.display} is not in the ${name}`);
        assert.ok(displays.has(c.display), `${c.code}: "${c.display}" is not a display the ${name} give (${[...displays].join(' / ')})`);
        checked++;
      }
    }
    return checked;
  };

  it('UK Core example codes and displays', () => {
    assert.ok(check('UK Core example', ukCore, 'UK Core examples') >= 40);
  });

  it('HL7 R4 example expansion codes and displays', () => {
    assert.ok(check('HL7 FHIR R4 examples', r4, 'HL7 R4 example expansions') >= 30);
  });
});
