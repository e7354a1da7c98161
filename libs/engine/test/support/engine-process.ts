/**
 * The engine as a child process (`libs/engine/src/cli.js` of a private build) for crash tests:
 * start it on a database, move its controllable clock over stdin, kill it with SIGKILL.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * A private build (same swc settings as scripts/build.mjs) so a concurrent `npm run build`
 * replacing dist/ cannot pull the engine's files from under a test. Returns its folder.
 */
export function buildPrivateCopy(name: string): string {
  const dir = join(ROOT, '.data', `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'libs', '-d', dir, '--copy-files', '--quiet'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  return dir;
}

export interface EngineProcess {
  readonly child: ChildProcess;
  /** Sends a clock command (`{ advance: ms }`, `{ set: epochMs }`) and resolves with the new engine time. */
  clock(command: { advance: number } | { set: number }): Promise<number>;
  /** SIGKILL, resolved once the process is gone. */
  kill9(): Promise<void>;
}

export function startEngineProcess(buildDir: string, databaseUrl: string, port: number, controllableClock = false): Promise<EngineProcess> {
  const child = spawn(process.execPath, [join(buildDir, 'libs/engine/src/cli.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ENGINE_GRPC_PORT: String(port),
      ENGINE_CONTROLLABLE_CLOCK: controllableClock ? 'true' : 'false',
    },
    stdio: [controllableClock ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiting: Array<(line: Record<string, unknown>) => void> = [];
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        let event: Record<string, unknown>;
        try {
          event = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (event.event === 'listening') resolve(handle);
        if (event.event === 'clock') waiting.shift()?.(event);
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`engine exited (${code ?? signal}) before listening: ${err}`)));
    const handle: EngineProcess = {
      child,
      clock(command) {
        return new Promise<number>((done, fail) => {
          waiting.push((event) => (typeof event.now === 'number' ? done(event.now) : fail(new Error(String(event.error)))));
          child.stdin?.write(`${JSON.stringify(command)}\n`);
        });
      },
      async kill9() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  });
}
