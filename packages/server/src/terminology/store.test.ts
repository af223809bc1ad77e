// The store's semantics without HTTP: filtering and ranking, hierarchy, value set membership,
// previous dm+d identifiers, and the API the search engine uses (subsumes, isInValueSet, ...).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, SYSTEM, codesBelow, getTerminology, isInValueSet, subsumes, valueSetCodes } from './index';
import { indexTerms, words } from './normalise';

const PROBLEMS = `${BASE}/ValueSet/problems`;
const MEDICINES = `${BASE}/ValueSet/medicines`;
const t = getTerminology();
const displays = (url: string, filter: string, count = 10) => t.expand(url, { filter, count })!.contains.map((c) => c.display);

describe('normalisation', () => {
  it('folds case and accents and splits on punctuation', () => {
    assert.deepEqual(words('Ménière’s  DISEASE'), ['meniere', 's', 'disease']);
    assert.deepEqual(words('Co-codamol 8mg/500mg'), ['co', 'codamol', '8mg', '500mg']);
  });
  it('also indexes hyphenated and dotted chunks joined up', () => {
    assert.ok(indexTerms('Co-codamol 8mg/500mg').includes('cocodamol'));
    assert.ok(indexTerms('Lactulose 3.1-3.7g/5ml').includes('3137g5ml'));
  });
});

describe('$expand filter', () => {
  it('matches word prefixes in any order', () => {
    assert.equal(displays(PROBLEMS, 'diab typ 2')[0], 'Diabetes mellitus type 2');
    assert.ok(displays(PROBLEMS, 'type diab').includes('Diabetes mellitus type 2'));
  });

  it('is case- and accent-insensitive', () => {
    assert.deepEqual(displays(PROBLEMS, 'ÁSTHMA', 1), ['Asthma']);
    assert.deepEqual(displays(PROBLEMS, 'asthma', 1), ['Asthma']);
  });

  it('ranks an exact display first, then displays starting with the filter, then shorter', () => {
    const asthma = displays(PROBLEMS, 'asthma', 50);
    assert.equal(asthma[0], 'Asthma');
    const startsWith = asthma.filter((d) => d.toLowerCase().startsWith('asthma'));
    assert.deepEqual(asthma.slice(0, startsWith.length), startsWith);
    const rest = asthma.slice(startsWith.length);
    for (let i = 1; i < rest.length; i++) assert.ok(rest[i - 1]!.length <= rest[i]!.length, `${rest[i - 1]} before ${rest[i]}`);
  });

  it('requires every filter word to match', () => {
    assert.deepEqual(displays(PROBLEMS, 'asthma zzz'), []);
    assert.deepEqual(displays(MEDICINES, 'omeprazole 20mg caps'), ['Omeprazole 20mg gastro-resistant capsules']);
  });

  it('finds punctuated names typed without the punctuation, and synonyms', () => {
    const cocodamol = displays(MEDICINES, 'cocodamol');
    assert.equal(cocodamol[0], 'Co-codamol 8mg/500mg tablets');
    assert.ok(cocodamol.includes('Co-codamol 30mg/500mg tablets') && cocodamol.every((d) => d.startsWith('Co-codamol ')), cocodamol.join(', '));
    assert.deepEqual(displays(PROBLEMS, 'chronic obstructive lung', 1), ['Chronic obstructive pulmonary disease']);
  });

  it('finds medicines by the first letters a prescriber types', () => {
    assert.deepEqual(
      displays(MEDICINES, 'atorva').filter((d) => / tablets$/.test(d)),
      ['Atorvastatin 10mg tablets', 'Atorvastatin 20mg tablets', 'Atorvastatin 40mg tablets', 'Atorvastatin 80mg tablets'],
    );
    assert.deepEqual(displays(MEDICINES, 'amlodip'), ['Amlodipine 5mg tablets', 'Amlodipine 10mg tablets']);
    assert.deepEqual(displays(MEDICINES, 'sertra 50'), ['Sertraline 50mg tablets']);
    assert.equal(displays(MEDICINES, 'apix 5')[0], 'Apixaban 5mg tablets');
    // Brands (AMPs) are in the picker too.
    assert.ok(displays(MEDICINES, 'eliquis').some((d) => d.startsWith('Eliquis 5mg tablets')));
  });

  it('stays inside the value set', () => {
    assert.deepEqual(displays(PROBLEMS, 'omeprazole'), []);
    assert.ok(displays(`${BASE}/ValueSet/allergies`, 'omeprazole').includes('Omeprazole allergy'));
  });

  it('pages with offset and count and reports the total', () => {
    const all = t.expand(PROBLEMS, { filter: 'a' })!;
    const page = t.expand(PROBLEMS, { filter: 'a', offset: 2, count: 3 })!;
    assert.equal(page.total, all.total);
    assert.deepEqual(page.contains, all.contains.slice(2, 5));
  });

  it('expands everything without a filter, in definition order', () => {
    const e = t.expand(`${BASE}/ValueSet/registration-type`)!;
    assert.equal(e.total, 7);
    assert.deepEqual(e.contains.map((c) => c.code), ['R', 'E', 'IN', 'T', 'P', 'O', 'S']);
  });
});

describe('hierarchy and membership (the search engine API)', () => {
  it('subsumes answers both ways, and undefined for unknown codes', () => {
    assert.equal(subsumes(SYSTEM.snomed, '73211009', '44054006'), 'subsumes');
    assert.equal(subsumes(SYSTEM.snomed, '313436004', '73211009'), 'subsumed-by');
    assert.equal(subsumes(SYSTEM.snomed, '44054006', '44054006'), 'equivalent');
    assert.equal(subsumes(SYSTEM.snomed, '195967001', '44054006'), 'not-subsumed');
    assert.equal(subsumes(SYSTEM.snomed, '195967001', '1'), undefined);
  });

  it('codesBelow includes the code and its descendants', () => {
    const below = codesBelow(SYSTEM.snomed, '73211009')!;
    assert.ok(below.includes('73211009') && below.includes('44054006') && below.includes('313436004'));
    assert.ok(!below.includes('195967001'));
  });

  it('dm+d: an AMP is below its VMP, a VMP below its VTM', () => {
    assert.equal(subsumes(SYSTEM.dmd, '39695411000001103', '643911000001108'), 'subsumes');
    assert.equal(subsumes(SYSTEM.dmd, '777067000', '42109611000001109'), 'subsumes');
  });

  it('isInValueSet: member, non-member, unknown value set', () => {
    assert.equal(isInValueSet(PROBLEMS, SYSTEM.snomed, '44054006'), true);
    assert.equal(isInValueSet(PROBLEMS, SYSTEM.snomed, '91936005'), false);
    assert.equal(isInValueSet(`${BASE}/ValueSet/nope`, SYSTEM.snomed, '44054006'), undefined);
    assert.equal(isInValueSet('https://fhir.hl7.org.uk/ValueSet/UKCore-EthnicCategory', SYSTEM.ethnicCategoryEngland, 'A'), true);
  });

  it('a previous dm+d identifier resolves to the current product and counts as a member', () => {
    const found = t.resolve(SYSTEM.dmd, '322236009')!;
    assert.equal(found.concept.code, '42109611000001109');
    assert.equal(found.viaPrevious, '322236009');
    assert.equal(isInValueSet(MEDICINES, SYSTEM.dmd, '322236009'), true);
  });

  it('a VMP added from a codelist resolves with its form, strength, dose, VTM and previous id', () => {
    const apixaban = t.resolve(SYSTEM.dmd, '42206511000001102')!.concept;
    assert.equal(apixaban.display, 'Apixaban 5mg tablets');
    const prop = (code: string) => apixaban.properties.filter((p) => p.code === code).map((p) => p.value);
    assert.deepEqual(prop('class'), ['VMP']);
    assert.deepEqual(prop('form'), ['Tablet']);
    assert.deepEqual(prop('strength'), ['5mg']);
    assert.match(String(prop('dose')[0]), /twice a day/);
    assert.equal(subsumes(SYSTEM.dmd, '774624002', '42206511000001102'), 'subsumes', 'below the Apixaban VTM');
    assert.equal(subsumes(SYSTEM.dmd, '42206511000001102', '21677511000001105'), 'subsumes', 'Eliquis 5mg is below it');
    // The codelist's older VPID (before the 2023 re-identification) still finds the product.
    assert.equal(t.resolve(SYSTEM.dmd, '703908001')!.concept.code, '42206511000001102');
    assert.equal(t.resolve(SYSTEM.dmd, '319283006')!.concept.display, 'Amlodipine 5mg tablets');
  });

  it('a dm+d id looked up as SNOMED CT resolves to the product', () => {
    assert.equal(t.resolve(SYSTEM.snomed, '42109611000001109')!.concept.system, SYSTEM.dmd);
    assert.equal(isInValueSet(MEDICINES, SYSTEM.snomed, '42109611000001109'), true);
  });

  it('valueSetCodes lists every member', () => {
    const codes = valueSetCodes('http://hl7.org/fhir/ValueSet/appointmentstatus')!;
    assert.equal(codes.length, 10);
    assert.ok(codes.some((c) => c.code === 'noshow' && c.system === SYSTEM.appointmentStatus));
  });
});
