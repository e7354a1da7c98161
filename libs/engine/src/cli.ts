/**
 * The engine as its own process: `node dist/libs/engine/src/cli.js` with DATABASE_URL and
 * ENGINE_GRPC_PORT (default 26500), ENGINE_GRPC_HOST (default 127.0.0.1). Prints one JSON
 * line `{"event":"listening","port":…}` when ready; stops on SIGTERM/SIGINT.
 * ENGINE_CONTROLLABLE_CLOCK=true (tests, e.g. the crash tests) reads clock commands from
 * stdin, one JSON line each — `{"advance":ms}`, `{"set":epochMs}`, `{"reset":true}` — and
 * answers each with `{"event":"clock","now":…}` (or `{"event":"clock","error":…}`).
 */
import { createInterface } from 'node:readline';
import type { ClockControl } from './runtime/clock';
import { startEngine } from './index';

/** Applies one stdin clock command; the answer line tells the caller when engine time has moved. */
function clockCommand(clock: ClockControl, line: string): object {
  try {
    const cmd = JSON.parse(line) as { advance?: number; set?: number; reset?: boolean };
    if (typeof cmd.advance === 'number') return { event: 'clock', now: clock.advance(cmd.advance) };
    if (typeof cmd.set === 'number') return { event: 'clock', now: clock.set(cmd.set) };
    if (cmd.reset === true) return { event: 'clock', now: clock.reset() };
    return { event: 'clock', error: 'expected {"advance":ms}, {"set":epochMs} or {"reset":true}' };
  } catch (err) {
    return { event: 'clock', error: err instanceof Error ? err.message : String(err) };
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const port = Number(process.env.ENGINE_GRPC_PORT ?? '26500');
  const host = process.env.ENGINE_GRPC_HOST ?? '127.0.0.1';
  const log = (level: string) => (o: object, msg?: string) => process.stderr.write(`${JSON.stringify({ level, msg, ...o })}\n`);
  const controllableClock = process.env.ENGINE_CONTROLLABLE_CLOCK === 'true';
  const engine = await startEngine({
    databaseUrl,
    host,
    port,
    controllableClock,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
  });
  const clock = engine.clock;
  if (clock) {
    createInterface({ input: process.stdin }).on('line', (line) => {
      if (line.trim() !== '') process.stdout.write(`${JSON.stringify(clockCommand(clock, line))}\n`);
    });
  }
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: engine.port, address: engine.address })}\n`);
  const shutdown = () => {
    engine.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
