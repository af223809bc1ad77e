/**
 * ValueSet and CodeSystem $validate-code (R4 valueset-operation-validate-code,
 * codesystem-operation-validate-code, terminology-service.html#validation).
 *
 * Inputs: `url` (the value set, or for CodeSystem the code system; `system` also names it there),
 * then `code` + `system` [+ `display`], or `coding`, or `codeableConcept` (valid when any coding
 * is). Output: `result`, `message`, `display`. As the specification asks, a wrong display is still
 * `result` true, with a warning in `message`; an unknown code is `result` false. An unknown value
 * set or code system is 404; missing inputs are 400.
 */
import { fail, type Coding } from '@openpractice/fhir';
import { getTerminology, type Resolved } from '../terminology/index';
import { asCoding, asCodings, parametersResource, type ParameterOut } from '../terminology/parameters';
import { registerOperation, type OperationParams } from './registry';

function codingsOf(params: OperationParams): Coding[] {
  const code = params.get('code');
  if (code !== undefined) {
    const system = params.get('system');
    const display = params.get('display');
    return [{ code, ...(system ? { system } : {}), ...(display !== undefined ? { display } : {}) }];
  }
  const coding = params.getComplex<unknown>('coding');
  if (coding !== undefined) return [asCoding(coding, 'coding')];
  const cc = params.getComplex<unknown>('codeableConcept');
  if (cc !== undefined) return asCodings(cc, 'codeableConcept');
  throw fail.badRequest('$validate-code needs code, coding or codeableConcept', ['code']);
}

function result(ok: boolean, message?: string, display?: string): ParameterOut[] {
  return [
    { name: 'result', valueBoolean: ok },
    ...(message ? [{ name: 'message', valueString: message }] : []),
    ...(display ? [{ name: 'display', valueString: display }] : []),
  ];
}

/** The outcome for a coding that was found: true, with a warning for a display that does not match. */
function valid(found: Resolved, coding: Coding): ParameterOut[] {
  const t = getTerminology();
  const { concept, viaPrevious } = found;
  const notes: string[] = [];
  if (viaPrevious) notes.push(`${viaPrevious} is a previous identifier of ${concept.code} (${concept.display})`);
  if (coding.display !== undefined && !t.displayMatches(concept, coding.display)) {
    notes.push(`The display "${coding.display}" is not a display of ${coding.system ?? concept.system}|${coding.code}; it should be "${concept.display}"`);
  }
  return result(true, notes.join('. ') || undefined, concept.display);
}

registerOperation({
  name: 'validate-code',
  definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-validate-code',
  types: ['ValueSet', 'CodeSystem'],
  idempotent: true,
  async handler(_ctx, _req, target, params) {
    const t = getTerminology();
    const codings = codingsOf(params);
    for (const c of codings) if (!c.code) throw fail.badRequest('Every coding to validate needs a code', ['code']);

    if (target.resourceType === 'CodeSystem') {
      const system = params.get('url') ?? params.get('system') ?? codings[0]!.system;
      if (!system) throw fail.badRequest('CodeSystem/$validate-code needs url (or system)', ['url']);
      if (!t.codeSystem(system)) throw fail.notFound(`Code system ${system} is not known to this server`);
      for (const c of codings) {
        if (c.system && c.system !== system) continue;
        const found = t.resolve(system, c.code!);
        if (found) return { status: 200, body: parametersResource(valid(found, c)) };
      }
      const codes = codings.map((c) => c.code).join(', ');
      return { status: 200, body: parametersResource(result(false, `Unknown code ${codes} in ${system} (this server holds a curated subset)`)) };
    }

    const url = params.get('url');
    if (!url) throw fail.badRequest('ValueSet/$validate-code needs url', ['url']);
    const vs = t.valueSet(url);
    if (!vs) throw fail.notFound(`Value set ${url} is not known to this server`);
    for (const c of codings) {
      const found = t.findInValueSet(url, c.code!, c.system);
      if (found) return { status: 200, body: parametersResource(valid(found, c)) };
    }
    const described = codings.map((c) => `${c.system ? `${c.system}|` : ''}${c.code}`).join(', ');
    return { status: 200, body: parametersResource(result(false, `${described} is not in the value set ${url}`)) };
  },
});
