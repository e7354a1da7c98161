import { Client } from 'pg';
import { createTestDatabase } from '../src';

describe('createTestDatabase', () => {
  it('gives each caller its own migrated database on the embedded server', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    try {
      expect(first.name).not.toBe(second.name);
      const client = new Client({ connectionString: first.url });
      await client.connect();
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      await client.end();
      expect(rows[0]?.db).toBe(first.name);
    } finally {
      await first.drop();
      await second.drop();
    }
  });
});
