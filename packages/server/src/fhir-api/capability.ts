/**
 * The CapabilityStatement (R4 capabilitystatement.html), generated from what this server really
 * does: every concrete R4 type with the interactions the router implements, and the search
 * parameters the index extracts for that type.
 */
import { getResourceTypes, getSearchParameters } from '@openpractice/fhir';
import { listOperations } from '../operations/registry';

const INTERACTIONS = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];

export interface CapabilityOptions {
  baseUrl: string;
  version: string;
}

let cached: { key: string; json: string } | undefined;

/** The statement as JSON text (cached per base URL: it only changes with the build). */
export function capabilityStatementJson(o: CapabilityOptions): string {
  const key = `${o.baseUrl}|${o.version}`;
  if (cached?.key === key) return cached.json;
  const ops = listOperations();
  const opEntry = (op: (typeof ops)[number]) => ({
    name: op.name,
    definition: op.definition ?? `http://hl7.org/fhir/OperationDefinition/${op.name}`,
  });
  const resources = [...getResourceTypes()].map((type) => type === 'AuditEvent' ? auditEventResource() : ({
    type,
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: INTERACTIONS.map((code) => ({ code })),
    versioning: 'versioned-update',
    readHistory: true,
    updateCreate: true,
    conditionalCreate: true,
    conditionalRead: 'not-supported',
    conditionalUpdate: true,
    conditionalDelete: 'single',
    searchParam: [...getSearchParameters(type).values()]
      .filter((p) => p.type !== 'special')
      .map((p) => ({ name: p.code, definition: p.url, type: p.type })),
    ...(() => {
      const here = ops.filter((op) => [op.types, op.instances].some((l) => l === '*' || l?.includes(type)));
      return here.length ? { operation: here.map(opEntry) } : {};
    })(),
  }));
  
  const statement = {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString().slice(0, 10),
    publisher: 'OpenPractice',
    kind: 'instance',
    software: { name: 'OpenPractice', version: o.version },
    implementation: { description: 'OpenPractice GP record server', url: o.baseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json', 'application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          description: 'Bearer JWT signed by this server (openpractice token); SMART on FHIR arrives with the identity work.',
        },
        resource: resources,
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'history-system' }],
        ...(ops.some((op) => op.system) ? { operation: ops.filter((op) => op.system).map(opEntry) } : {}),
      },
    ],
  };
  cached = { key, json: JSON.stringify(statement) };
  return cached.json;
}

/** AuditEvent is the audit trail (audit/fhir-surface.ts): read and search only, by these parameters. */
function auditEventResource(): Record<string, unknown> {
  const searched = ['patient', 'agent', 'date', 'subtype', 'outcome'];
  return {
    type: 'AuditEvent',
    profile: 'http://hl7.org/fhir/StructureDefinition/AuditEvent',
    interaction: [{ code: 'read' }, { code: 'search-type' }],
    searchParam: [...getSearchParameters('AuditEvent').values()]
      .filter((p) => searched.includes(p.code))
      .map((p) => ({ name: p.code, definition: p.url, type: p.type })),
  };
}
