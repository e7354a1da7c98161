import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunningPostgres } from '../../libs/postgres/src/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __rpTestPostgres?: { postgres: RunningPostgres; dataDir: string } }).__rpTestPostgres;
  if (!state) return;
  await state.postgres.stop();
  rmSync(dirname(state.dataDir), { recursive: true, force: true });
}
