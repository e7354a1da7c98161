/** What `npm start` does after the server is up: the demo seed, the banner and the demo instances. */
import type { AppConfig } from './config/app-config';
import { WorkflowEngineService } from './engine/workflow-engine.service';
import { DemoInstancesService } from './seed/demo-instances.service';
import { DemoSeedService, type DemoAccount } from './seed/demo-seed.service';
import type { RunningServer } from './server';

export type { DemoAccount } from './seed/demo-seed.service';

/** Seeds the demo organisation and accounts when SEED_DEMO is on (idempotent) and returns the accounts. */
export async function seedDemoIfWanted(server: RunningServer, config: AppConfig): Promise<readonly DemoAccount[]> {
  if (!config.seedDemo) return [];
  return server.app.get(DemoSeedService).seed(config.demoPassword);
}

/**
 * `npm start` only, after the banner: leaves demo work in the officials' inboxes (once per
 * database). Runs in the background so the server is ready at once; a failure is logged, never fatal.
 */
export function startDemoInstancesIfWanted(server: RunningServer, config: AppConfig, log: { error(obj: object, msg: string): void }): void {
  if (!config.seedDemo) return;
  void server.app
    .get(DemoInstancesService)
    .seed()
    .catch((error: unknown) => log.error({ err: error }, 'demo instances were not started'));
}

export function printBanner(server: RunningServer, config: AppConfig, accounts: readonly DemoAccount[]): void {
  const url = server.url;
  const gateway = server.app.get(WorkflowEngineService).gateway;
  const lines = [
    '',
    `  红色物业 is running at ${url}`,
    `  API docs: ${url}/api/docs    health: ${url}/api/health`,
    `  Engine: ${config.engine === 'embedded' ? `embedded, Zeebe gateway gRPC on ${gateway}` : `Zeebe at ${gateway}`}`,
  ];
  if (accounts.length > 0) {
    lines.push('', `  Demo accounts (password "${config.demoPassword}") — for trying it out only, never in production:`);
    for (const account of accounts) lines.push(`    ${account.username.padEnd(22)} ${account.displayName}  [${account.roles.join(', ')}]`);
  }
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}
