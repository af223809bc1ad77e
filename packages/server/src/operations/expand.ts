/**
 * ValueSet $expand (R4 valueset-operation-expand, terminology-service.html#expand) for the value
 * sets the terminology service holds, by canonical `url`, with a text `filter` for type-ahead
 * pickers and `offset`/`count` paging.
 *
 * The filter matches word prefixes, case- and accent-insensitively ("diab typ 2" finds "Diabetes
 * mellitus type 2"); results rank the display equal to the filter first, then displays starting
 * with it, then shorter displays. Without `count` at most DEFAULT_PAGE concepts come back (total
 * says how many there are); `count` above MAX_COUNT is reduced to it. An unknown url is 404.
 */
import { randomUUID } from 'node:crypto';
import { fail } from '@openpractice/fhir';
import { DEFAULT_PAGE, getTerminology } from '../terminology/index';
import { nonNegativeInteger, type ParameterOut } from '../terminology/parameters';
import { registerOperation } from './registry';

/** The largest page one request may ask for. */
export const MAX_COUNT = 10_000;

registerOperation({
  name: 'expand',
  definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand',
  types: ['ValueSet'],
  idempotent: true,
  async handler(_ctx, _req, _target, params) {
    const url = params.get('url');
    if (!url) throw fail.badRequest('ValueSet/$expand needs url', ['url']);
    const filter = params.get('filter');
    const offset = nonNegativeInteger(params.get('offset'), 'offset') ?? 0;
    const count = Math.min(nonNegativeInteger(params.get('count'), 'count') ?? DEFAULT_PAGE, MAX_COUNT);
    const expansion = getTerminology().expand(url, { ...(filter !== undefined ? { filter } : {}), offset, count });
    if (!expansion) throw fail.notFound(`Value set ${url} is not known to this server`);
    const vs = expansion.valueSet;
    const parameter: ParameterOut[] = [
      ...(filter !== undefined ? [{ name: 'filter', valueString: filter }] : []),
      { name: 'offset', valueInteger: offset },
      { name: 'count', valueInteger: count },
    ];
    return {
      status: 200,
      body: {
        resourceType: 'ValueSet',
        id: vs.id,
        url: vs.url,
        version: vs.version,
        name: vs.name,
        title: vs.title,
        status: 'active',
        description: vs.description,
        expansion: {
          identifier: `urn:uuid:${randomUUID()}`,
          timestamp: new Date().toISOString(),
          total: expansion.total,
          offset: expansion.offset,
          parameter,
          contains: expansion.contains.map((c) => ({ system: c.system, code: c.code, display: c.display })),
        },
      },
    };
  },
});
