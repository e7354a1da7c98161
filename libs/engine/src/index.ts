/**
 * The embedded Zeebe-compatible engine: gRPC gateway (Zeebe's protocol) over a PostgreSQL
 * store (schema `engine`). `startEngine` migrates the schema, then serves on host:port.
 */
import * as grpc from '@grpc/grpc-js';
import { useFeelClock } from './feel';
import { createGatewayServer } from './gateway/grpc-gateway';
import { type Clock, ControllableClock, systemClock, type ClockControl } from './runtime/clock';
import { EngineService } from './runtime/engine-service';
import { JobDispatcher } from './runtime/job-dispatcher';
import { TimerScheduler } from './runtime/timer-scheduler';
import { createPool } from './store/database';
import { KeyAllocator } from './store/keys';
import { migrate } from './store/migrate';

export type { Clock, ClockControl } from './runtime/clock';

export interface EngineLogger {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

export interface EngineOptions {
  databaseUrl: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Engine time (default: the system clock). Timers, job deadlines and back-offs read it. */
  clock?: Clock;
  /**
   * Off by default. When true, engine time can be moved forward administratively through
   * `EmbeddedEngine.clock` (tests, demos), like Zeebe's `zeebe.clock.controlled`.
   */
  controllableClock?: boolean;
  logger?: EngineLogger;
}

export interface EmbeddedEngine {
  readonly port: number;
  readonly address: string;
  /** Only with `controllableClock: true`: move engine time (`advance(ms)`, `set(epochMs)`, `reset()`). */
  readonly clock?: ClockControl;
  health(): Promise<{ ok: boolean; detail?: string }>;
  stop(): Promise<void>;
}

const silentLogger: EngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export async function startEngine(options: EngineOptions): Promise<EmbeddedEngine> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const controllable = options.controllableClock ? new ControllableClock(options.clock ?? systemClock) : undefined;
  const clock = controllable ?? options.clock ?? systemClock;
  useFeelClock(() => clock.now());
  const pool = createPool(options.databaseUrl, 16);
  const activationPool = createPool(options.databaseUrl, 4);
  let timers: TimerScheduler | undefined;
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) logger.info({ migrations: applied }, 'engine: schema migrated');
    const engine = new EngineService(pool, new KeyAllocator(pool), clock, activationPool);
    await engine.init();
    const dispatcher = new JobDispatcher(engine, (err) => logger.error({ err }, 'engine: job dispatch failed'));
    timers = new TimerScheduler(engine, (err) => logger.error({ err }, 'engine: timer firing failed'));
    const scheduler = timers;
    const unsubscribeClock = controllable?.onChange(() => scheduler.kick());
    const kick = () => scheduler.kick();
    engine.events.on('correlate', kick);
    const unsubscribe = () => {
      unsubscribeClock?.();
      engine.events.off('correlate', kick);
    };
    let port = 0;
    const server = createGatewayServer({ engine, dispatcher, logger, host, advertisedPort: () => port });
    port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(`${host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (err, bound) =>
        err ? reject(err) : resolve(bound),
      );
    });
    logger.info({ host, port }, 'engine: gateway listening');
    let stopped = false;
    return {
      port,
      address: `${host}:${port}`,
      clock: controllable,
      async health() {
        try {
          await engine.health();
          return { ok: !stopped, detail: stopped ? 'stopped' : undefined };
        } catch (err) {
          return { ok: false, detail: err instanceof Error ? err.message : String(err) };
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        dispatcher.stop();
        unsubscribe();
        await scheduler.stop();
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            server.forceShutdown();
            resolve();
          }, 2000);
          server.tryShutdown(() => {
            clearTimeout(force);
            resolve();
          });
        });
        await Promise.all([pool.end(), activationPool.end()]);
      },
    };
  } catch (err) {
    await timers?.stop();
    await Promise.all([pool.end().catch(() => undefined), activationPool.end().catch(() => undefined)]);
    throw err;
  }
}
