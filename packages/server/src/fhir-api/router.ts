/**
 * The FHIR router: maps a framework-free request to its handler (R4 http.html summary table).
 * Used by the HTTP adapter and, entry by entry, by batch/transaction Bundles.
 */
import { fail, isResourceType } from '@openpractice/fhir';
import { readAuditEvent, refuseAuditEventWrite, searchAuditEvents, type AuditSurfaceOptions } from '../audit/fhir-surface';
import '../operations/index';
import { invokeOperation } from '../operations/registry';
import { processBundle } from './bundle';
import * as rest from './rest';
import { history } from './history';
import { search, searchCompartment } from './search';
import type { FhirRequest, FhirResponse, HandlerContext } from './types';

function auditOptions(ctx: HandlerContext): AuditSurfaceOptions {
  return ctx.audit ? { audit: ctx.audit } : {};
}

/** `AuditEvent`, `AuditEvent/_search`, `AuditEvent/{id}`: reads and searches only (405 otherwise). */
function auditEvents(ctx: HandlerContext, req: FhirRequest, m: string, parts: string[]): Promise<FhirResponse> {
  const [, second] = parts;
  if (parts.length === 1 && m === 'GET') return searchAuditEvents(ctx.repo.session, ctx.repo.context, req.query, ctx.baseUrl, auditOptions(ctx));
  if (parts.length === 2 && second === '_search' && m === 'POST') {
    return searchAuditEvents(ctx.repo.session, ctx.repo.context, req.query, ctx.baseUrl, auditOptions(ctx));
  }
  if (parts.length === 2 && m === 'GET' && !second!.startsWith('_') && !second!.startsWith('$')) {
    return readAuditEvent(ctx.repo.session, ctx.repo.context, second!, auditOptions(ctx));
  }
  if (m !== 'GET' && m !== 'POST') refuseAuditEventWrite(req.method);
  if (m === 'POST' && parts.length === 1) refuseAuditEventWrite(req.method);
  throw fail.notFound(`No route for ${req.path}`);
}

/** Dispatches one request. Unknown paths are 404, unsupported methods 405. */
export async function route(ctx: HandlerContext, req: FhirRequest): Promise<FhirResponse> {
  const parts = req.path.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  const [type, second, third, fourth] = parts;
  const m = req.method === 'HEAD' ? 'GET' : req.method;

  if (parts.length === 0) {
    if (m === 'POST') return processBundle(ctx, req, route);
    throw fail.methodNotAllowed(`${req.method} is not supported at the base; use POST with a batch or transaction Bundle`);
  }
  if (type === '_history' && parts.length === 1) {
    if (m === 'GET') return history(ctx, req);
    throw fail.methodNotAllowed(`${req.method} is not supported on _history`);
  }
  // Operations (operations.html): [base]/$op, [base]/Type/$op, [base]/Type/id/$op.
  if (type!.startsWith('$') && parts.length === 1) return invokeOperation(ctx, req, type!.slice(1), {});
  if (!isResourceType(type!)) throw fail.notFound(`Unknown resource type ${type}`);
  // The audit trail is not in the record store: served read-only from audit/ (its own rules).
  if (type === 'AuditEvent') return auditEvents(ctx, req, m, parts);
  if (type === 'Patient' && third === 'AuditEvent' && parts.length === 3) {
    if (m !== 'GET') refuseAuditEventWrite(req.method);
    const query = new URLSearchParams(req.query);
    query.set('patient', second!);
    return searchAuditEvents(ctx.repo.session, ctx.repo.context, query, ctx.baseUrl, auditOptions(ctx));
  }
  if (second?.startsWith('$') && parts.length === 2) return invokeOperation(ctx, req, second.slice(1), { resourceType: type! });
  if (third?.startsWith('$') && parts.length === 3) return invokeOperation(ctx, req, third.slice(1), { resourceType: type!, id: second! });

  if (parts.length === 1) {
    const conditional = req.query.size > 0;
    switch (m) {
      case 'GET':
        return search(ctx, req, type!);
      case 'POST':
        return rest.create(ctx, req, type!);
      case 'PUT':
        if (!conditional) throw fail.methodNotAllowed('PUT needs an id or conditional search criteria');
        return rest.conditionalUpdate(ctx, req, type!);
      case 'PATCH':
        if (!conditional) throw fail.methodNotAllowed('PATCH needs an id or conditional search criteria');
        return rest.conditionalPatch(ctx, req, type!);
      case 'DELETE':
        if (!conditional) throw fail.methodNotAllowed('DELETE needs an id or conditional search criteria');
        return rest.conditionalDelete(ctx, req, type!);
    }
  }
  if (parts.length === 2 && second === '_search') {
    if (m === 'POST') return search(ctx, req, type!);
    throw fail.methodNotAllowed('_search takes POST');
  }
  if (parts.length === 2 && second === '_history') {
    if (m === 'GET') return history(ctx, req, type);
    throw fail.methodNotAllowed(`${req.method} is not supported on _history`);
  }
  if (parts.length === 2) {
    const id = second!;
    switch (m) {
      case 'GET':
        return rest.read(ctx, req, type!, id);
      case 'PUT':
        return rest.update(ctx, req, type!, id);
      case 'PATCH':
        return rest.patch(ctx, req, type!, id);
      case 'DELETE':
        return rest.remove(ctx, req, type!, id);
      case 'POST':
        throw fail.methodNotAllowed('POST to an instance is not allowed; use PUT to update');
    }
  }
  if (parts.length === 3 && third === '_history') {
    if (m === 'GET') return history(ctx, req, type, second);
    throw fail.methodNotAllowed(`${req.method} is not supported on _history`);
  }
  // Compartment search (R4 compartmentdefinition.html): Patient/{id}/{Type} or Patient/{id}/* for
  // every type in the compartment, GET or POST _search.
  if (parts.length >= 3 && parts.length <= 4 && third === '*' && (parts.length === 3 || fourth === '_search')) {
    if (type !== 'Patient') throw fail.notFound(`Compartment search is supported for the Patient compartment only`);
    if (m !== (parts.length === 3 ? 'GET' : 'POST')) throw fail.methodNotAllowed(`${req.method} is not supported on a compartment search`);
    return searchCompartment(ctx, req, { type: 'Patient', id: second! });
  }
  if (parts.length >= 3 && parts.length <= 4 && isResourceType(third!) && (parts.length === 3 || fourth === '_search')) {
    if (type !== 'Patient') throw fail.notFound(`Compartment search is supported for the Patient compartment only`);
    if (m !== (parts.length === 3 ? 'GET' : 'POST')) throw fail.methodNotAllowed(`${req.method} is not supported on a compartment search`);
    return search(ctx, req, third!, { type: 'Patient', id: second! });
  }
  if (parts.length === 4 && third === '_history') {
    if (m === 'GET') return rest.vread(ctx, req, type!, second!, fourth!);
    throw fail.methodNotAllowed('A version is read-only');
  }
  throw fail.notFound(`No route for ${req.path}`);
}
