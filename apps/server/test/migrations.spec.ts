import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { buildDataSourceOptions } from '../src/database/data-source-options';

describe('database migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('leave nothing for the entities to change (entities and migrations agree)', async () => {
    const options = buildDataSourceOptions(database.url);
    expect(options.synchronize).toBe(false);
    const dataSource = new DataSource(options);
    await dataSource.initialize();
    try {
      const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
      expect(upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
