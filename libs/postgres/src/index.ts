export { DEFAULT_EMBEDDED_PG_PORT, EmbeddedPostgresError, ensureDatabase, freePort, startEmbeddedPostgres } from './embedded-postgres';
export type { EmbeddedPostgresOptions, RunningPostgres } from './embedded-postgres';
