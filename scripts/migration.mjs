// `node scripts/migration.mjs generate <Name>`: writes a TypeORM migration holding what the
// entities need beyond the existing migrations, computed on a throwaway embedded PostgreSQL,
// and lists it in apps/server/src/database/migrations/index.ts.
// `node scripts/migration.mjs check`: fails when entities and migrations differ.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const [mode, name] = process.argv.slice(2);
if (!['generate', 'check'].includes(mode) || (mode === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? ''))) {
  console.error('usage: node scripts/migration.mjs generate <PascalCaseName> | check');
  process.exit(2);
}

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const { startEmbeddedPostgres, ensureDatabase } = require(join(root, 'dist/libs/postgres/src'));
const { buildDataSourceOptions } = require(join(root, 'dist/apps/server/src/database/data-source-options'));
const { DataSource } = require('typeorm');

const tmp = mkdtempSync(join(tmpdir(), 'rp-migration-'));
const pg = await startEmbeddedPostgres({ dataDir: join(tmp, 'pg'), port: 0 });
let exitCode = 0;
try {
  await ensureDatabase(pg.url(), 'migration');
  const dataSource = new DataSource(buildDataSourceOptions(pg.url('migration')));
  await dataSource.initialize();
  await dataSource.runMigrations();
  const { upQueries, downQueries } = await dataSource.driver.createSchemaBuilder().log();
  await dataSource.destroy();
  if (mode === 'check') {
    if (upQueries.length > 0) {
      console.error(
        `Entities and migrations differ; run npm run migration:generate -- <Name>:\n${upQueries.map((q) => `  ${q.query}`).join('\n')}`,
      );
      exitCode = 1;
    } else console.log('Entities and migrations agree.');
  } else if (upQueries.length === 0) {
    console.log('Nothing to generate: entities and migrations agree.');
  } else {
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const file = `${timestamp}-${name}`;
    const sql = (queries) =>
      queries
        .map(
          (q) =>
            `    await queryRunner.query(${JSON.stringify(q.query)}${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
        )
        .join('\n');
    writeFileSync(
      join(root, 'apps/server/src/database/migrations', `${file}.ts`),
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${sql(upQueries)}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${sql(downQueries.reverse())}\n  }\n}\n`,
    );
    const indexFile = join(root, 'apps/server/src/database/migrations/index.ts');
    let index = readFileSync(indexFile, 'utf8');
    // The new import goes after the last import (or the top comment), before the list.
    index = index.replace(/\n\nexport const MIGRATIONS/, `\nimport { ${className} } from './${file}';\n\nexport const MIGRATIONS`);
    index = index.replace(
      /\[([^\]]*)\];/,
      (_, list) =>
        `[${[
          ...list
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          className,
        ].join(', ')}];`,
    );
    writeFileSync(indexFile, index);
    console.log(`Wrote apps/server/src/database/migrations/${file}.ts (${upQueries.length} statements)`);
  }
} finally {
  await pg.stop();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
