/**
 * The repository: the only way any surface reads or writes the record. It is bound to one caller
 * (AccessContext) and one database session, validates before storing, writes resource + history +
 * search index in one statement, and implements the version-aware and conditional semantics of
 * FHIR R4 http.html. Access rules and audit (issue 5) hook in here, never in routes.
 */
import { randomUUID } from 'node:crypto';
import { fail, FHIR_ID, isResourceType, type Resource } from '@openpractice/fhir';
import type { Session } from '../db/database';
import type { AccessContext, RecordRules } from './context';
import { selectHistory, type HistoryQuery, type HistoryVersion } from './history';
import { searchResources, type SearchOptions, type SearchResult } from './search';
import { selectEverything, type EverythingPage, type EverythingQuery } from './search/everything';
import { insertResource, lockCurrent, selectCurrent, selectVersion, updateResource, type StoredVersion } from './store-sql';

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

export class Repository {
  constructor(
    readonly session: Session,
    readonly context: AccessContext,
    private readonly rules: RecordRules,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Create with a server-assigned id (http.html#create); with `ifNoneExist`, conditional create.
   * `id` pre-assigns the id (transactions resolve urn:uuid references before they write).
   */
  async create(resource: Resource, options: { ifNoneExist?: string; id?: string } = {}): Promise<WriteResult> {
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
    this.rules.validate(resource);
    return this.session.transaction(async (tx) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const current = await lockCurrent(tx, this.context.practiceId, type, id);
        if (!current) {
          if (options.ifMatch !== undefined) throw fail.preconditionFailed(`${type}/${id} does not exist; If-Match cannot match`);
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
    return this.session.transaction(async (tx) => {
      const current = await lockCurrent(tx, this.context.practiceId, type, id);
      if (!current) throw fail.notFound(`${type}/${id} not found`);
      if (current.deleted) throw fail.gone(`${type}/${id} has been deleted`);
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
    return this.session.transaction(async (tx) => {
      const current = await lockCurrent(tx, this.context.practiceId, type, id);
      if (!current) throw fail.notFound(`${type}/${id} not found`);
      if (options.ifMatch !== undefined && options.ifMatch !== current.versionId) {
        throw fail.preconditionFailed(`${type}/${id} is at version ${current.versionId}, not ${options.ifMatch}`);
      }
      if (current.deleted) return 'already-deleted';
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

  /** Current version; 404 when it never existed here, 410 when deleted (http.html#read). */
  async read(type: string, id: string): Promise<StoredVersion> {
    this.checkType(type);
    if (!FHIR_ID.test(id)) throw fail.notFound(`${type}/${id} not found`);
    const v = await selectCurrent(this.session, this.context.practiceId, type, id);
    if (!v) throw fail.notFound(`${type}/${id} not found`);
    if (v.deleted) throw fail.gone(`${type}/${id} has been deleted`);
    return v;
  }

  /** A specific version (http.html#vread); 410 when that version is a deletion. */
  async vread(type: string, id: string, versionId: string): Promise<StoredVersion> {
    this.checkType(type);
    const vid = Number(versionId);
    if (!FHIR_ID.test(id) || !Number.isInteger(vid) || vid < 1) throw fail.notFound(`${type}/${id}/_history/${versionId} not found`);
    const v = await selectVersion(this.session, this.context.practiceId, type, id, vid);
    if (!v) throw fail.notFound(`${type}/${id}/_history/${versionId} not found`);
    if (v.deleted) throw fail.gone(`${type}/${id} version ${vid} is a deletion`);
    return v;
  }

  /** History at instance, type or system level (http.html#history). */
  async history(query: HistoryQuery): Promise<HistoryVersion[]> {
    if (query.resourceType) this.checkType(query.resourceType);
    return selectHistory(this.session, this.context.practiceId, query);
  }

  /** Search (search.html) within this practice. */
  async search(type: string, params: URLSearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    this.checkType(type);
    return searchResources(this.session, this.context.practiceId, [type], params, options);
  }

  /** Search across several types at once (`Patient/{id}/*`, search.html) within this practice. */
  async searchTypes(types: readonly string[], params: URLSearchParams, options: SearchOptions = {}): Promise<SearchResult> {
    for (const type of types) this.checkType(type);
    return searchResources(this.session, this.context.practiceId, types, params, options);
  }

  /** `Patient/$everything` (patient-operation-everything) within this practice, one page. */
  async everything(query: EverythingQuery): Promise<EverythingPage> {
    return selectEverything(this.session, this.context.practiceId, query);
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
    const rid = await insertResource(this.session, {
      practiceId: this.context.practiceId,
      resourceType: stamped.resourceType,
      id,
      versionId: 1,
      lastUpdated: stamped.meta!.lastUpdated!,
      method,
      json,
      index: this.rules.extract(stamped),
    });
    if (rid === undefined) return undefined;
    return { resource: stamped, json, versionId: 1, lastUpdated: stamped.meta!.lastUpdated!, created: true };
  }

  private async writeVersion(rid: number, versionId: number, resource: Resource, method: 'PUT' | 'PATCH', revived: boolean): Promise<WriteResult> {
    const stamped = stamp(resource, resource.id!, versionId, this.clock().toISOString());
    const json = JSON.stringify(stamped);
    await updateResource(this.session, rid, {
      practiceId: this.context.practiceId,
      resourceType: stamped.resourceType,
      id: stamped.id!,
      versionId,
      lastUpdated: stamped.meta!.lastUpdated!,
      method,
      json,
      index: this.rules.extract(stamped),
    });
    return { resource: stamped, json, versionId, lastUpdated: stamped.meta!.lastUpdated!, created: revived };
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
