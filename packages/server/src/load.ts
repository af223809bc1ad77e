/**
 * Loading resources with their own ids into a practice (demo seed, synthetic practices), through
 * the repository so they are validated and indexed exactly like API writes. Batched in
 * transactions; re-running a load updates rather than duplicates.
 */
import type { Resource } from '@openpractice/fhir';
import type { Database } from './db/database';
import type { Practice } from './practices';
import type { RecordRules } from './repo/context';
import { Repository } from './repo/repository';

export interface LoadProgress {
  loaded: number;
}

export async function loadResources(
  db: Database,
  practice: Practice,
  rules: RecordRules,
  resources: Iterable<Resource>,
  options: { batchSize?: number; onProgress?: (p: LoadProgress) => void } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let loaded = 0;
  let batch: Resource[] = [];
  const flush = async () => {
    const items = batch;
    batch = [];
    await db.withPractice(practice.id, (session) =>
      session.transaction(async () => {
        const repo = new Repository(session, { practiceId: practice.id, odsCode: practice.odsCode, subject: 'system:loader', role: 'system' }, rules);
        for (const r of items) await repo.update(r.resourceType, r.id!, r);
      }),
    );
    loaded += items.length;
    options.onProgress?.({ loaded });
  };
  for (const r of resources) {
    batch.push(r);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length) await flush();
  return loaded;
}
