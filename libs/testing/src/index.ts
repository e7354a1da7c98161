export { createTestDatabase, databaseUrl, testServerUrl, TEMPLATE_DATABASE } from './test-postgres';
export type { TestDatabase } from './test-postgres';
