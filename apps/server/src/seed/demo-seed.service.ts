/**
 * Seeds the demo organisation and accounts. Idempotent: existing units, users and
 * memberships are left exactly as they are (an admin's later edits survive restarts);
 * only what is missing is inserted, all in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { candidateGroup } from '@rp/domain';
import { ProcedureDemoSeed } from '../owners/procedure-demo-seed';
import { PasswordHasher } from '../users/password-hasher';
import { DEMO_UNITS, DEMO_USERS } from './demo-data';

export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  /** The account's candidate groups, `<role>:<orgUnitId>`. */
  readonly roles: readonly string[];
}

@Injectable()
export class DemoSeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
  ) {}

  async seed(password: string): Promise<DemoAccount[]> {
    const rows = await this.dataSource.query<{ username: string }[]>('SELECT username FROM users WHERE username = ANY($1)', [
      DEMO_USERS.map((u) => u.username),
    ]);
    const existing = new Set(rows.map((row) => row.username));
    // Hash outside the transaction: argon2 is deliberately slow.
    const hashes = new Map<string, string>();
    for (const user of DEMO_USERS) if (!existing.has(user.username)) hashes.set(user.username, await this.passwords.hash(password));

    await this.dataSource.transaction(async (manager) => {
      for (const unit of DEMO_UNITS) {
        await manager.query(
          `INSERT INTO org_units (id, name, level, parent_id, path)
           SELECT $1::varchar, $2::varchar, $3::varchar, $4::varchar,
                  COALESCE((SELECT path FROM org_units WHERE id = $4::varchar), '/') || $1::varchar || '/'
           ON CONFLICT (id) DO NOTHING`,
          [unit.id, unit.name, unit.level, unit.parentId],
        );
      }
      for (const user of DEMO_USERS) {
        const hash = hashes.get(user.username);
        if (hash === undefined) continue;
        const id = randomUUID();
        const inserted: unknown[] = await manager.query(
          `INSERT INTO users (id, username, display_name, password_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (username) DO NOTHING RETURNING id`,
          [id, user.username, user.displayName, hash],
        );
        if (inserted.length === 0) continue; // created concurrently by another process
        for (const membership of user.memberships) {
          await manager.query(
            `INSERT INTO memberships (id, user_id, org_unit_id, role) SELECT $1::uuid, $2::uuid, $3::varchar, $4::varchar WHERE EXISTS (SELECT 1 FROM org_units WHERE id = $3::varchar)
             ON CONFLICT ON CONSTRAINT uq_memberships_user_unit_role DO NOTHING`,
            [randomUUID(), id, membership.orgUnitId, membership.role],
          );
        }
      }
    });

    await new ProcedureDemoSeed(this.dataSource).seed();
    return DEMO_USERS.map((user) => ({
      username: user.username,
      displayName: user.displayName,
      roles: user.memberships.map((m) => candidateGroup(m.role, m.orgUnitId)),
    }));
  }
}
