/** @openpractice/server — the record server, for the CLI and tests. */
export { loadConfig, ConfigError, type Config } from './config';
export { startServer, type RunningApp } from './main';
export { buildApp, VERSION } from './http/app';
export { openDatabase, pgliteDir } from './db/open';
export { migrate, listMigrations, type MigrateOptions } from './db/migrate';
export type { Database, Session } from './db/database';
export { loadSigningKey, keyFile } from './auth/keys';
export { loadAuditKey } from './audit/chain';
export { AuditLog, type AuditTrail } from './audit/log';
export { verifyAudit, UnknownPracticeError, type AuditProblem, type AuditVerification, type ChainReport } from './audit/verify';
export { issueToken, verifyToken, ROLES, type Role } from './auth/tokens';
export { listPractices, ensurePractice, ODS_CODE, type Practice } from './practices';
export { readRunningServer } from './runtime';
export { listAlerts, type AlertView } from './security/alerts';
export { r4Rules } from './rules';
export { loadResources, DEFAULT_LOAD_BATCH, type LoadProgress, type LoadSummary, type LoadOptions } from './load';
export { BulkLoadError } from './repo/bulk-load';
export {
  collectPracticeStats,
  formatPracticeStats,
  prevalenceRows,
  PrevalenceTally,
  QOF_TARGETS,
  todayUtc,
  type PracticeStats,
  type PrevalenceRow,
} from './stats';
export { DEFAULT_PRACTICE, DEMO_PRACTICES, seedDemoIfEmpty } from './demo';
export { generatePractice } from './seed/index';
export { getResourceTypes } from '@openpractice/fhir';
