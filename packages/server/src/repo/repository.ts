/**
 * The repository: the only way any surface reads or writes the record. It is bound to one caller
 * (AccessContext) and one database session, validates before storing, writes resource + history +
 * search index in one statement, and implements the version-aware and conditional semantics of
 * FHIR R4 http.html. Access rules and audit (issue 5) hook in here, never in routes.
 */
import { randomUUID } from 'node:crypto';
import { fail, FHIR_ID, isResourceType, type IndexRows, type Resource } from '@openpractice/fhir';
import { decide, mayBreakGlass, type Grant } from '../auth/policy';
import { BREAK_GLASS_MAX_MINUTES, type BreakGlassGrant } from './break-glass';
import type { AuditSubtype } from '../audit/record';
import type { Session } from '../db/database';
import { AccessGuard, namedPatient, patientsIn, type AccessServices } from './access';
import type { AccessContext, RecordRules } from './context';
import { selectHistory, type HistoryQuery, type HistoryVersion } from './history';
import { searchResources, type SearchOptions, type SearchResult } from './search';
import { selectEverything, type EverythingPage, type EverythingQuery } from './search/everything';
import { currentRid, insertResource, lockCurrent, selectCurrent, selectVersion, updateResource, type StoredVersion } from './store-sql';

/** The result of a write: the stored resource and whether it was created. */
export interface WriteResult {
  resource: Resource;
  json: string;
  versionId: number;
  lastUpdated: string;
  created: boolean;
}

export interface UpdateOptions {
  /** Version the client last saw (If-Match); a mismatch is 412. */
  ifMatch?: number;
}

export interface RepositoryOptions extends AccessServices {
  clock?: () => Date;
}

export class Repository {
  /** Applies the caller's permissions and audits every access (repo/access.ts). */
  readonly guard: AccessGuard;
  private readonly services: AccessServices;
  private readonly clock: () => Date;

  constructor(
    readonly session: Session,
    readonly context: AccessContext,
    private readonly rules: RecordRules,
    options: RepositoryOptions = {},
  ) {
    this.guard = new AccessGuard(session, context, options);
    this.services = options;
    this.clock = options.clock ?? (() => new Date());
  }

  /**
   * Create with a server-assigned id (http.html#create); with `ifNoneExist`, conditional create.
   * `id` pre-assigns the id (transactions resolve urn:uuid references before they write).
   */
  async create(resource: Resource, options: { ifNoneExist?: string; id?: string } = {}): Promise<WriteResult> {
    this.checkType(resource.resourceType);
    await this.guard.require(resource.resourceType, 'c');
    const id = options.id ?? randomUUID();
    if (options.ifNoneExist !== undefined) {
      return this.withMatches(resource.resourceType, options.ifNoneExist, async (matches) => {
        if (matches.length > 1) throw fail.multipleMatches(`If-None-Exist matched ${matches.length} ${resource.resourceType} resources`);
        if (matches.length === 1) return existing(matches[0]!);
        return this.createNew(resource, id);
      });
    }
    return this.createNew(resource, id);
  }

  /** Update, or update-as-create with the client's id (http.html#update). */
  async update(type: string, id: string, resource: Resource, options: UpdateOptions = {}): Promise<WriteResult> {
    this.checkType(type);
    checkId(id);
    if (resource.resourceType !== type) {
      throw fail.badRequest(`Body resourceType ${String(resource.resourceType)} does not match the URL type ${type}`, ['resourceType']);
    }
    if (resource.id !== id) {
      throw fail.badRequest(
        resource.id === undefined ? 'An update body must carry the id from the URL' : `Body id ${resource.id} does not match the URL id ${id}`,
        ['id'],
      );
    }
    const grant = await this.guard.require(type, 'u', `${type}/${id}`);
    this.rules.validate(resource);
    return this.session.transaction(async (tx) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const current = await lockCurrent(tx, this.context.practiceId, type, id);
        if (current && !current.deleted) await this.requireVisible(type, id, current.rid, grant);
        if (!current) {
          if (options.ifMatch !== undefined) throw fail.preconditionFailed(`${type}/${id} does not exist; If-Match cannot match`);
          // Update-as-create creates: the caller needs that permission too.
          await this.guard.require(type, 'c', `${type}/${id}`);
          const created = await this.insert(resource, id, 'PUT');
          if (created) return created;
          continue; // created concurrently: now it exists, so update it
        }
        if (options.ifMatch !== undefined && options.ifMatch !== current.versionId) {
          throw fail.preconditionFailed(`${type}/${id} is at version ${current.versionId}, not ${options.ifMatch}`);
        }
        return this.writeVersion(current.rid, current.versionId + 1, resource, 'PUT', current.deleted);
      }
      throw fail.conflict(`${type}/${id} is being created concurrently; retry`);
    });
  }

  /** Patch: apply `patcher` to the current version and store the result (http.html#patch). */
  async patch(type: string, id: string, patcher: (current: Resource) => Resource, options: UpdateOptions = {}): Promise<WriteResult> {
    this.checkType(type);
    checkId(id);
    const grant = await this.guard.require(type, 'u', `${type}/${id}`);
    return this.session.transaction(async (tx) => {
      const current = await lockCurrent(tx, this.context.practiceId, type, id);
      if (!current) throw fail.notFound(`${type}/${id} not found`);
      if (current.deleted) throw fail.gone(`${type}/${id} has been deleted`);
      await this.requireVisible(type, id, current.rid, grant);
      if (options.ifMatch !== undefined && options.ifMatch !== current.versionId) {
        throw fail.preconditionFailed(`${type}/${id} is at version ${current.versionId}, not ${options.ifMatch}`);
      }
      const stored = await selectCurrent(tx, this.context.practiceId, type, id);
      const patched = patcher(JSON.parse(stored!.json!) as Resource);
      if (patched.resourceType !== type || patched.id !== id) throw fail.unprocessable({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'processing', diagnostics: 'A patch may not change resourceType or id', expression: ['id'] }],
      });
      this.rules.validate(patched);
      return this.writeVersion(current.rid, current.versionId + 1, patched, 'PATCH', false);
    });
  }

  /**
   * Delete (http.html#delete): a new, empty version; history is kept and reads become 410.
   * Returns 'deleted', 'already-deleted', or throws 404 when the resource never existed.
   */
  async delete(type: string, id: string, options: UpdateOptions = {}): Promise<'deleted' | 'already-deleted'> {
    this.checkType(type);
    checkId(id);
    const grant = await this.guard.require(type, 'd', `${type}/${id}`);
    return this.session.transaction(async (tx) => {
      const current = await lockCurrent(tx, this.context.practiceId, type, id);
      if (!current) throw fail.notFound(`${type}/${id} not found`);
      if (!current.deleted) await this.requireVisible(type, id, current.rid, grant);
      if (options.ifMatch !== undefined && options.ifMatch !== current.versionId) {
        throw fail.preconditionFailed(`${type}/${id} is at version ${current.versionId}, not ${options.ifMatch}`);
      }
      if (current.deleted) return 'already-deleted';
      const before = await selectCurrent(tx, this.context.practiceId, type, id);
      await this.guard.audit({ action: 'D', subtype: 'delete', entities: [`${type}/${id}`], patientIds: patientsIn(before?.json ?? '') }, tx);
      await updateResource(tx, current.rid, {
        practiceId: this.context.practiceId,
        resourceType: type,
        id,
        versionId: current.versionId + 1,
        lastUpdated: this.clock().toISOString(),
        method: 'DELETE',
        json: null,
        index: null,
      });
      return 'deleted';
    });
  }

  /** Current version; 404 when it never existed here (or is withheld from the caller), 410 when deleted (http.html#read). */
  async read(type: string, id: string): Promise<StoredVersion> {
    this.checkType(type);
    const grant = await this.guard.require(type, 'r', `${type}/${id}`);
    if (!FHIR_ID.test(id)) throw fail.notFound(`${type}/${id} not found`);
    const v = await selectCurrent(this.session, this.context.practiceId, type, id);
    if (!v) throw fail.notFound(`${type}/${id} not found`);
    if (v.deleted) throw fail.gone(`${type}/${id} has been deleted`);
    return this.released('read', await this.checkRead(v, grant));
  }

  /** A specific version (http.html#vread); 410 when that version is a deletion. */
  async vread(type: string, id: string, versionId: string): Promise<StoredVersion> {
    this.checkType(type);
    const grant = await this.guard.require(type, 'r', `${type}/${id}`);
    const vid = Number(versionId);
    if (!FHIR_ID.test(id) || !Number.isInteger(vid) || vid < 1) throw fail.notFound(`${type}/${id}/_history/${versionId} not found`);
    const v = await selectVersion(this.session, this.context.practiceId, type, id, vid);
    if (!v) throw fail.notFound(`${type}/${id}/_history/${versionId} not found`);
    if (v.deleted) throw fail.gone(`${type}/${id} version ${vid} is a deletion`);
    return this.released('vread', await this.checkRead(v, grant));
  }

  /**
   * History at instance, type or system level (http.html#history). A caller limited to one
   * patient, or an external system, reads instance history only; versions the caller may not see
   * are left out.
   */
  async history(query: HistoryQuery): Promise<HistoryVersion[]> {
    if (query.resourceType) this.checkType(query.resourceType);
    const level = query.id ? 'history-instance' : query.resourceType ? 'history-type' : 'history-system';
    if (!this.guard.unrestricted) {
      const types = query.resourceType ? [query.resourceType] : [];
      const grants = await Promise.all(types.map((t) => this.guard.require(t, 'r', query.id ? `${t}/${query.id}` : t)));
      const limited = this.context.kind === 'patient' || this.context.kind === 'system' || grants.some((g) => g.patient !== undefined);
      if (!query.id && limited) {
        const reason = 'Only the history of one resource can be read with this access';
        await this.guard.deny(reason, query.resourceType ?? '_history');
        throw fail.forbidden(reason);
      }
    }
    const versions = await selectHistory(this.session, this.context.practiceId, query);
    const visible = await this.guard.filter(versions, query.resourceType === 'Patient' ? query.id : this.context.patient);
    const shown = visible.map((v) => this.guard.present(v) as HistoryVersion);
    await this.audited('R', level, shown, query.resourceType ? `${query.resourceType}${query.id ? `/${query.id}` : ''}` : undefined);
    return shown;
  }

  /** Search (search.html) within this practice, within what the caller may see. */
  async search(type: string, params: URLSearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    this.checkType(type);
    const grant = await this.guard.require(type, 's', type);
    const limited = await this.limitSearch(type, params, options, grant);
    const result = await searchResources(this.session, this.context.practiceId, [type], limited.params, limited.options);
    return this.releasedSearch(result, limited.patient, 'search-type', `${type}?${params}`);
  }

  /** Search across several types at once (`Patient/{id}/*`, search.html): the types the caller may search. */
  async searchTypes(types: readonly string[], params: URLSearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    for (const type of types) this.checkType(type);
    let allowed: readonly string[] = types;
    let patient: string | undefined = options.compartment?.id;
    if (!this.guard.unrestricted) {
      const decisions = types.map((t) => [t, decide(this.context, t, 's')] as const);
      const grants = decisions.flatMap(([, d]) => (d.allowed ? [d.grant] : []));
      allowed = decisions.flatMap(([t, d]) => (d.allowed ? [t] : []));
      if (allowed.length === 0) {
        const reason = 'None of these resource types may be searched with this access';
        await this.guard.deny(reason, types.join(','));
        throw fail.forbidden(reason);
      }
      const own = grants.find((g) => g.patient !== undefined)?.patient;
      if (own !== undefined && options.compartment && options.compartment.id !== own) {
        const reason = 'This access reaches one patient record only';
        await this.guard.deny(reason, `Patient/${options.compartment.id}`);
        throw fail.forbidden(reason);
      }
      if (this.context.kind === 'system' && patient !== undefined) await this.guard.requireShareable(patient);
      patient ??= own;
      params = await this.withWithheld(params, patient);
    }
    const result = await searchResources(this.session, this.context.practiceId, allowed, params, options);
    return this.releasedSearch(result, patient, 'search-type', `${allowed.join(',')}?${params}`);
  }

  /** `Patient/$everything` (patient-operation-everything) within this practice, one page, within what the caller may see. */
  async everything(query: EverythingQuery): Promise<EverythingPage> {
    const grant = await this.guard.require('Patient', 'r', query.patientId ? `Patient/${query.patientId}` : 'Patient');
    if (!this.guard.unrestricted) {
      const onePatient = grant.patient !== undefined || this.context.kind === 'system';
      if (query.patientId === undefined && onePatient) {
        const reason = 'This access reaches one patient record only: use Patient/{id}/$everything';
        await this.guard.deny(reason, 'Patient');
        throw fail.forbidden(reason);
      }
      if (grant.patient !== undefined && query.patientId !== grant.patient) {
        const reason = 'This access reaches one patient record only';
        await this.guard.deny(reason, `Patient/${query.patientId}`);
        throw fail.forbidden(reason);
      }
      if (query.patientId) await this.guard.requireShareable(query.patientId);
    }
    const page = await selectEverything(this.session, this.context.practiceId, query);
    if (!this.guard.unrestricted) {
      page.matches = (await this.guard.filter(page.matches, query.patientId)).map((f) => ({ ...f, stored: this.guard.present(f.stored) }));
      page.included = await this.guard.filter(page.included, query.patientId);
    }
    await this.audited('E', 'operation', [...page.matches, ...page.included].map((f) => f.stored), `Patient/${query.patientId ?? ''}/$everything`, query.patientId);
    return page;
  }

  /**
   * Break-glass (repo/break-glass.ts): the caller states why they must see what is withheld from
   * them in one patient's record, for `minutes`. Audited with purpose of use BTG in the same
   * transaction as the grant; misuse detection alerts the practice.
   */
  async breakGlass(patientId: string, reason: string, minutes: number): Promise<BreakGlassGrant> {
    const registry = this.services.breakGlass;
    if (!mayBreakGlass(this.context) || !registry) {
      const why = 'Only clinicians and external clinical systems may break the glass';
      await this.guard.deny(why, `Patient/${patientId}`, [patientId]);
      throw fail.forbidden(why);
    }
    const text = reason.trim();
    if (text.length < 10 || text.length > 1000) throw fail.badRequest('State the reason for breaking the glass (10 to 1,000 characters)', ['reason']);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > BREAK_GLASS_MAX_MINUTES) {
      throw fail.badRequest(`minutes must be a whole number from 1 to ${BREAK_GLASS_MAX_MINUTES}`, ['minutes']);
    }
    if (!FHIR_ID.test(patientId)) throw fail.notFound(`Patient/${patientId} not found`);
    const patient = await selectCurrent(this.session, this.context.practiceId, 'Patient', patientId);
    if (!patient || patient.deleted) throw fail.notFound(`Patient/${patientId} not found`);
    return this.session.transaction(async (tx) => {
      const grant = await registry.grant(tx, this.context, patientId, text, minutes);
      await this.guard.audit(
        { action: 'E', subtype: 'break-glass', entities: [`Patient/${patientId}`], patientIds: [patientId], purposeOfUse: 'BTG', outcomeDesc: `Break-glass for ${minutes} minutes: ${text}` },
        tx,
      );
      return grant;
    });
  }

  /** Resources matching conditional criteria (a query string without `?`). */
  async matchCriteria(type: string, criteria: string): Promise<StoredVersion[]> {
    const params = new URLSearchParams(criteria);
    if ([...params.keys()].length === 0) throw fail.badRequest('Conditional criteria must not be empty');
    const result = await this.search(type, params, { count: 2, strict: true, conditional: true, total: 'none' });
    return result.matches;
  }

  /**
   * Runs a conditional interaction: finds the matches for `criteria` and calls `fn` with them,
   * in one transaction holding a lock on the criteria, so two identical conditional writes can't
   * both see "no match" and both create.
   */
  async withMatches<T>(type: string, criteria: string, fn: (matches: StoredVersion[]) => Promise<T>): Promise<T> {
    return this.session.transaction(async () => {
      await this.lockCriteria(type, criteria);
      return fn(await this.matchCriteria(type, criteria));
    });
  }

  /** Serialises conditional writes on the same criteria so two can't both create (one round trip). */
  private async lockCriteria(type: string, criteria: string): Promise<void> {
    await this.session.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.context.practiceId}|${type}|${criteria}`]);
  }

  /** A read's result, if the caller may see it (else 404, audited), as the caller sees it. */
  private async checkRead(v: StoredVersion & { rid?: number }, grant: Grant): Promise<StoredVersion> {
    if (this.guard.unrestricted) return v;
    const rid = async () => v.rid ?? (await currentRid(this.session, this.context.practiceId, v.resourceType, v.id));
    if (!(await this.guard.visible(v, rid, grant))) {
      await this.guard.deny('Withheld from this caller', `${v.resourceType}/${v.id}`);
      throw fail.notFound(`${v.resourceType}/${v.id} not found`);
    }
    if (grant.restricted.length > 0 && !(await this.matchesRestrictedScope(v, grant))) {
      await this.guard.deny("Outside the token's restricted scopes", `${v.resourceType}/${v.id}`);
      throw fail.notFound(`${v.resourceType}/${v.id} not found`);
    }
    return this.guard.present(v);
  }

  /** Whether a resource matches one of the grant's query-restricted scopes (by searching for it). */
  private async matchesRestrictedScope(v: StoredVersion, grant: Grant): Promise<boolean> {
    for (const scope of grant.restricted) {
      const params = new URLSearchParams([...scope.query!, ['_id', v.id]]);
      const r = await searchResources(this.session, this.context.practiceId, [v.resourceType], params, { strict: true, total: 'none', count: 1 });
      if (r.matches.length > 0) return true;
    }
    return false;
  }

  /** Audits a single read and returns it. */
  private async released(subtype: 'read' | 'vread', v: StoredVersion): Promise<StoredVersion> {
    await this.audited('R', subtype, [v]);
    return v;
  }

  /** Audits what was returned: every resource and the patients they belong to. */
  private async audited(action: 'R' | 'E', subtype: AuditSubtype, returned: readonly StoredVersion[], query?: string, patient?: string): Promise<void> {
    const patients = new Set<string>(patient ? [patient] : []);
    for (const v of returned) {
      if (v.resourceType === 'Patient') patients.add(v.id);
      else if (v.json) for (const p of patientsIn(v.json)) patients.add(p);
    }
    await this.guard.audit({
      action,
      subtype,
      entities: returned.map((v) => `${v.resourceType}/${v.id}`),
      patientIds: [...patients],
      ...(query ? { query } : {}),
    });
  }

  /**
   * A search as this caller may run it: within their patient's compartment, without what is
   * withheld from them (in SQL, so counts do not reveal it), narrowed by a restricted scope.
   */
  private async limitSearch(type: string, params: URLSearchParams, options: SearchOptions, grant: Grant): Promise<{ params: URLSearchParams; options: SearchOptions; patient: string | undefined }> {
    if (this.guard.unrestricted) return { params, options, patient: options.compartment?.id };
    let patient = options.compartment?.id;
    if (grant.patient !== undefined) {
      if (patient !== undefined && patient !== grant.patient) {
        const reason = 'This access reaches one patient record only';
        await this.guard.deny(reason, `Patient/${patient}`);
        throw fail.forbidden(reason);
      }
      patient = grant.patient;
      options = { ...options, compartment: { type: 'Patient', id: patient } };
    }
    patient ??= (await this.guard.onePatient(type, params, options.compartment?.id)) ?? namedPatient(type, params);
    let limited = await this.withWithheld(params, patient);
    if (grant.restricted.length > 1) {
      const reason = 'Several query-restricted scopes apply; search with one of their queries at a time';
      await this.guard.deny(reason, type);
      throw fail.forbidden(reason);
    }
    const [scope] = grant.restricted;
    if (scope) limited = new URLSearchParams([...limited, ...scope.query!]);
    return { params: limited, options, patient };
  }

  /** The search parameters plus `_security:not` for the labels withheld from the caller. */
  private async withWithheld(params: URLSearchParams, patient: string | undefined): Promise<URLSearchParams> {
    const labels = await this.guard.withheld(patient);
    if (labels.length === 0) return params;
    return new URLSearchParams([...params, ['_security:not', labels.join(',')]]);
  }

  /** A search result as the caller may see it (included resources filtered, redaction), audited. */
  private async releasedSearch(result: SearchResult, patient: string | undefined, subtype: AuditSubtype, query: string): Promise<SearchResult> {
    if (!this.guard.unrestricted) {
      result.matches = result.matches.map((m) => this.guard.present(m));
      result.included = (await this.guard.filter(result.included, patient)).map((m) => this.guard.present(m));
      // The withheld-label criterion is ours, not the caller's: keep it out of the self link.
      result.applied = result.applied.filter(([name]) => name !== '_security:not');
      if (this.context.kind === 'system') {
        const shown: StoredVersion[] = [];
        for (const m of result.matches) {
          if (m.resourceType !== 'Patient' || patient !== undefined) shown.push(m);
          else if (await this.guard.requireShareable(m.id).then(() => true, () => false)) shown.push(m);
        }
        result.matches = shown;
      }
    }
    if (!result.countOnly) await this.audited('R', subtype, [...result.matches, ...result.included], query, patient);
    return result;
  }

  private checkType(type: string): void {
    if (!isResourceType(type)) throw fail.notFound(`Unknown resource type ${type}`);
  }

  private async createNew(resource: Resource, id: string): Promise<WriteResult> {
    this.checkType(resource.resourceType);
    this.rules.validate(resource);
    const created = await this.insert(resource, id, 'POST');
    if (!created) throw fail.conflict(`${resource.resourceType}/${id} already exists`);
    return created;
  }

  private async insert(resource: Resource, id: string, method: 'POST' | 'PUT'): Promise<WriteResult | undefined> {
    const stamped = stamp(resource, id, 1, this.clock().toISOString());
    const json = JSON.stringify(stamped);
    const index = this.rules.extract(stamped);
    await this.checkOwnWrite(stamped, index.reference, 'c');
    return this.session.transaction(async (tx) => {
      const rid = await insertResource(tx, {
        practiceId: this.context.practiceId,
        resourceType: stamped.resourceType,
        id,
        versionId: 1,
        lastUpdated: stamped.meta!.lastUpdated!,
        method,
        json,
        index,
      });
      if (rid === undefined) return undefined;
      await this.guard.audit({ action: 'C', subtype: 'create', entities: [`${stamped.resourceType}/${id}`], patientIds: patientsIn(json) }, tx);
      return { resource: stamped, json, versionId: 1, lastUpdated: stamped.meta!.lastUpdated!, created: true };
    });
  }

  private async writeVersion(rid: number, versionId: number, resource: Resource, method: 'PUT' | 'PATCH', revived: boolean): Promise<WriteResult> {
    const stamped = stamp(resource, resource.id!, versionId, this.clock().toISOString());
    const json = JSON.stringify(stamped);
    const index = this.rules.extract(stamped);
    await this.checkOwnWrite(stamped, index.reference, 'u');
    await updateResource(this.session, rid, {
      practiceId: this.context.practiceId,
      resourceType: stamped.resourceType,
      id: stamped.id!,
      versionId,
      lastUpdated: stamped.meta!.lastUpdated!,
      method,
      json,
      index,
    });
    const subtype = method === 'PATCH' ? 'patch' : 'update';
    await this.guard.audit({ action: 'U', subtype, entities: [`${stamped.resourceType}/${stamped.id}`], patientIds: patientsIn(json) }, this.session);
    return { resource: stamped, json, versionId, lastUpdated: stamped.meta!.lastUpdated!, created: revived };
  }

  /** A write by a caller limited to one patient must stay in that patient's record. */
  private async checkOwnWrite(resource: Resource, references: IndexRows['reference'], action: 'c' | 'u'): Promise<void> {
    if (this.guard.unrestricted) return;
    const d = decide(this.context, resource.resourceType, action);
    if (!d.allowed) return; // refused earlier, by require()
    if (d.grant.restricted.length > 0) {
      const reason = 'Query-restricted scopes permit reads and searches only';
      await this.guard.deny(reason, resource.resourceType);
      throw fail.forbidden(reason);
    }
    await this.guard.requireOwnWrite(resource, references, d.grant);
  }

  /** An existing resource the caller may not see is, to them, not there (404; the denial is audited). */
  private async requireVisible(type: string, id: string, rid: number, grant: Grant): Promise<void> {
    if (this.guard.unrestricted) return;
    const v = await selectCurrent(this.session, this.context.practiceId, type, id);
    if (v && !(await this.guard.visible(v, async () => rid, grant))) {
      await this.guard.deny('Withheld from this caller', `${type}/${id}`);
      throw fail.notFound(`${type}/${id} not found`);
    }
  }
}

/** Server-managed identity and meta (http.html#create: the server assigns id, versionId, lastUpdated). */
function stamp(resource: Resource, id: string, versionId: number, lastUpdated: string): Resource {
  const { resourceType, id: _ignored, meta, ...rest } = resource;
  return { resourceType, id, meta: { ...(meta ?? {}), versionId: String(versionId), lastUpdated }, ...rest };
}

function existing(v: StoredVersion): WriteResult {
  return { resource: JSON.parse(v.json!) as Resource, json: v.json!, versionId: v.versionId, lastUpdated: v.lastUpdated, created: false };
}

function checkId(id: string): void {
  if (!FHIR_ID.test(id)) throw fail.badRequest(`Invalid resource id "${id.slice(0, 70)}"`, ['id']);
}
