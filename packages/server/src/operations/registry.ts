/**
 * FHIR operations (R4 operations.html): `$name` at system, type or instance level. Each operation
 * lives in its own file in this folder and registers itself in `operations/index.ts`; the router
 * finds it here, so adding one never touches the router.
 */
import { fail, type Resource } from '@openpractice/fhir';
import type { FhirRequest, FhirResponse, HandlerContext } from '../fhir-api/types';

export interface OperationTarget {
  /** The resource type for type- and instance-level invocations. */
  resourceType?: string;
  /** The id for instance-level invocations. */
  id?: string;
}

export interface Operation {
  /** Without the `$`, e.g. `lookup`. */
  name: string;
  /** Canonical URL of its OperationDefinition (e.g. HL7's `…/OperationDefinition/ValueSet-expand`). */
  definition?: string;
  /** Where it may be invoked: 'system', resource types (type level), and/or instance types. */
  system?: boolean;
  types?: readonly string[] | '*';
  instances?: readonly string[] | '*';
  /** Whether GET is allowed (only for operations that change nothing: operations.html#executing). */
  idempotent: boolean;
  handler(ctx: HandlerContext, req: FhirRequest, target: OperationTarget, params: OperationParams): Promise<FhirResponse>;
}

/** Input parameters from the query string (GET, or POST with a form) or a Parameters body. */
export class OperationParams {
  constructor(
    private readonly query: URLSearchParams,
    readonly body: Resource | undefined,
  ) {}

  /** A primitive parameter's value as text (from the query or a `value[x]` in Parameters). */
  get(name: string): string | undefined {
    const q = this.query.get(name);
    if (q !== null) return q;
    const p = this.parameter(name);
    if (!p) return undefined;
    for (const [k, v] of Object.entries(p)) {
      if (k.startsWith('value') && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) return String(v);
    }
    return undefined;
  }

  /** A complex parameter (e.g. `coding`: valueCoding) from a Parameters body. */
  getComplex<T>(name: string): T | undefined {
    const p = this.parameter(name);
    if (!p) return undefined;
    for (const [k, v] of Object.entries(p)) if (k.startsWith('value') && typeof v === 'object') return v as T;
    return (p.resource as T | undefined) ?? undefined;
  }

  private parameter(name: string): Record<string, unknown> | undefined {
    const params = (this.body as { parameter?: Record<string, unknown>[] } | undefined)?.parameter;
    return Array.isArray(params) ? params.find((x) => x?.name === name) : undefined;
  }
}

const operations = new Map<string, Operation>();

/** Adds an operation (at module load, from operations/index.ts). */
export function registerOperation(op: Operation): void {
  if (operations.has(op.name)) throw new Error(`Operation $${op.name} registered twice`);
  operations.set(op.name, op);
}

function allows(list: readonly string[] | '*' | undefined, type: string): boolean {
  return list === '*' || (list?.includes(type) ?? false);
}

/** Runs `$name` at the target, or fails with 404/405/400 as the spec asks. */
export async function invokeOperation(ctx: HandlerContext, req: FhirRequest, name: string, target: OperationTarget): Promise<FhirResponse> {
  const op = operations.get(name);
  if (!op) throw fail.notFound(`Operation $${name} is not supported`);
  const level = target.id ? 'instance' : target.resourceType ? 'type' : 'system';
  const ok =
    level === 'system' ? op.system === true : level === 'type' ? allows(op.types, target.resourceType!) : allows(op.instances, target.resourceType!);
  if (!ok) throw fail.notFound(`Operation $${name} is not available at ${level} level${target.resourceType ? ` on ${target.resourceType}` : ''}`);
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (!op.idempotent) throw fail.methodNotAllowed(`$${name} changes data: use POST`);
  } else if (req.method !== 'POST') {
    throw fail.methodNotAllowed(`Operations take GET or POST`);
  }
  let body: Resource | undefined;
  if (req.method === 'POST' && req.body !== undefined) {
    body = req.body as Resource;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof body.resourceType !== 'string') {
      throw fail.badRequest('An operation body must be a Parameters resource');
    }
  }
  return op.handler(ctx, req, target, new OperationParams(req.query, body));
}

/** The registered operations, for the CapabilityStatement. */
export function listOperations(): Operation[] {
  return [...operations.values()];
}
