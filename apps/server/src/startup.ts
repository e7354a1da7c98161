/** What `npm start` does after the server is up: the demo seed and the banner. */
import type { AppConfig } from './config/app-config';
import type { RunningServer } from './server';

export interface DemoAccount {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly string[];
}

export function seedDemoIfWanted(_server: RunningServer, config: AppConfig): Promise<readonly DemoAccount[]> {
  if (!config.seedDemo) return Promise.resolve([]);
  return Promise.resolve([]);
}

export function printBanner(url: string, config: AppConfig, accounts: readonly DemoAccount[]): void {
  const lines = [
    '',
    `  红色物业 is running at ${url}`,
    `  API docs: ${url}/api/docs    health: ${url}/api/health`,
    `  Engine: ${config.engine === 'embedded' ? `embedded Zeebe gateway on 127.0.0.1:${config.engineGrpcPort}` : config.zeebeGrpcAddress}`,
  ];
  if (accounts.length > 0) {
    lines.push('', `  Demo accounts (password "${config.demoPassword}") — for trying it out only, never in production:`);
    for (const account of accounts) lines.push(`    ${account.username.padEnd(22)} ${account.displayName}  [${account.roles.join(', ')}]`);
  }
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}
