/**
 * CodeSystem $lookup (R4 codesystem-operation-lookup, terminology-service.html#lookup): the
 * details of a code — its code system's name and version, display, designations and properties
 * (parents and children within the subset; form, strength and usual dose for dm+d products).
 *
 * Inputs: `system` + `code`, or `coding` (POST Parameters). A code the server does not hold is
 * 404 with an OperationOutcome: the operation definition says only that an error is returned, and
 * 404 is what a client can tell apart from a malformed request (400).
 */
import { fail } from '@openpractice/fhir';
import { getTerminology, type Concept, type Resolved } from '../terminology/index';
import { asCoding, parametersResource, type ParameterOut } from '../terminology/parameters';
import { registerOperation } from './registry';

function property(code: string, value: ParameterOut, description?: string): ParameterOut {
  return {
    name: 'property',
    part: [{ name: 'code', valueCode: code }, { ...value, name: 'value' }, ...(description ? [{ name: 'description', valueString: description }] : [])],
  };
}

/** The $lookup output parameters for a resolved code. */
function lookupParameters(found: Resolved): ParameterOut[] {
  const t = getTerminology();
  const { concept, viaPrevious } = found;
  const cs = t.codeSystem(concept.system)!;
  const related = (ids: readonly number[], code: 'parent' | 'child') =>
    ids.map((id) => t.conceptById(id)).map((c: Concept) => property(code, { name: 'value', valueCode: c.code }, c.display));
  return [
    { name: 'name', valueString: cs.name },
    { name: 'version', valueString: cs.version },
    { name: 'display', valueString: concept.display },
    ...(concept.system === 'http://snomed.info/sct' || concept.system === 'https://dmd.nhs.uk'
      ? [{ name: 'designation', part: [{ name: 'language', valueCode: 'en-GB' }, { name: 'value', valueString: concept.display }] }]
      : []),
    ...related(concept.parents, 'parent'),
    ...related(concept.children, 'child'),
    ...concept.properties.map((p) =>
      property(p.code, typeof p.value === 'boolean' ? { name: 'value', valueBoolean: p.value } : p.type === 'code' ? { name: 'value', valueCode: p.value } : { name: 'value', valueString: p.value }),
    ),
    ...(viaPrevious ? [property('currentCode', { name: 'value', valueCode: concept.code }, concept.display)] : []),
  ];
}

registerOperation({
  name: 'lookup',
  definition: 'http://hl7.org/fhir/OperationDefinition/CodeSystem-lookup',
  types: ['CodeSystem'],
  idempotent: true,
  async handler(_ctx, _req, _target, params) {
    const coding = params.getComplex<unknown>('coding');
    const c = coding === undefined ? undefined : asCoding(coding, 'coding');
    const system = params.get('system') ?? c?.system;
    const code = params.get('code') ?? c?.code;
    if (!system || !code) throw fail.badRequest('$lookup needs system and code, or a coding', ['system', 'code']);
    const t = getTerminology();
    if (!t.codeSystem(system)) throw fail.notFound(`Code system ${system} is not known to this server`);
    const found = t.resolve(system, code);
    if (!found) throw fail.notFound(`Code ${code} is not in ${system} as held by this server (a curated subset)`);
    return { status: 200, body: parametersResource(lookupParameters(found)) };
  },
});
