/**
 * The server's connection to its workflow engine. With ENGINE=embedded it first starts
 * libs/engine on 127.0.0.1:ENGINE_GRPC_PORT; either way it then talks to the engine only
 * through the Zeebe gateway gRPC protocol (@camunda8/sdk), so the same code runs against
 * a Zeebe cluster.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Camunda8 } from '@camunda8/sdk';
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import { startEngine, type EmbeddedEngine } from '@rp/engine';
import { AppError, ErrorCode } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DATABASE_URL } from '../database/database.tokens';

/** One change of the embedded engine's clock; exactly one of the three. */
export type EngineClockChange = { readonly advanceMs: number } | { readonly set: number } | { readonly reset: true };

export interface EngineStatus {
  readonly status: 'up' | 'down';
  readonly mode: AppConfig['engine'];
  readonly gateway: string;
  readonly detail?: string;
}

@Injectable()
export class WorkflowEngineService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(WorkflowEngineService.name);
  private embedded: EmbeddedEngine | undefined;
  private client: ZeebeGrpcClient | undefined;
  private gatewayAddress = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.engine === 'embedded') {
      this.embedded = await startEngine({
        databaseUrl: this.databaseUrl,
        port: this.config.engineGrpcPort,
        controllableClock: this.config.engineControllableClock,
        logger: {
          info: (o, msg) => this.logger.log({ ...o, msg }),
          warn: (o, msg) => this.logger.warn({ ...o, msg }),
          error: (o, msg) => this.logger.error({ ...o, msg }),
        },
      });
      this.gatewayAddress = `127.0.0.1:${this.embedded.port}`;
      this.logger.log({ msg: 'embedded engine started', gateway: this.gatewayAddress });
    } else {
      this.gatewayAddress = (this.config.zeebeGrpcAddress ?? '').replace(/^grpcs?:\/\//, '');
    }
  }

  /** host:port of the Zeebe gateway the server talks to. */
  get gateway(): string {
    return this.gatewayAddress;
  }

  /** The Zeebe gateway gRPC client; every engine call of the server goes through it. */
  grpc(): ZeebeGrpcClient {
    if (!this.client) {
      const address = this.config.engine === 'embedded' ? `grpc://${this.gatewayAddress}` : (this.config.zeebeGrpcAddress ?? '');
      this.client = new Camunda8({
        ZEEBE_GRPC_ADDRESS: address,
        // Embedded: plaintext on loopback. Zeebe: the OAuth variables come from the environment.
        ...(this.config.engine === 'embedded' ? { CAMUNDA_AUTH_STRATEGY: 'NONE' as const } : {}),
        // The SDK logs to the console on its own; the server's logs say what matters.
        zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'ERROR' },
      }).getZeebeGrpcApiClient();
    }
    return this.client;
  }

  /** Engine time: the controllable clock when there is one, else wall time (Zeebe's clock is the wall clock). Deadlines judged by the server read this. */
  now(): Date {
    return new Date(this.embedded?.clock?.now() ?? Date.now());
  }

  /** Engine time (epoch ms) when the clock is controllable; 409 otherwise. */
  clockNow(): number {
    return this.clockControl().now();
  }

  /** Moves, sets or resets engine time (ENGINE_CONTROLLABLE_CLOCK with ENGINE=embedded); returns the new time. */
  changeClock(change: EngineClockChange): number {
    const clock = this.clockControl();
    if ('advanceMs' in change) return clock.advance(change.advanceMs);
    if ('set' in change) return clock.set(change.set);
    return clock.reset();
  }

  private clockControl(): NonNullable<EmbeddedEngine['clock']> {
    if (this.config.engine !== 'embedded') throw new AppError(ErrorCode.Conflict, '使用外部 Zeebe 引擎时不能调整引擎时钟');
    const clock = this.embedded?.clock;
    if (!clock) throw new AppError(ErrorCode.Conflict, '引擎时钟不可调整（需设置 ENGINE_CONTROLLABLE_CLOCK=true）');
    return clock;
  }

  async status(): Promise<EngineStatus> {
    const base = { mode: this.config.engine, gateway: this.gatewayAddress };
    try {
      const topology = await withTimeout(this.grpc().topology(), 3000);
      return { ...base, status: 'up', detail: `${topology.brokers.length} broker(s), gateway ${topology.gatewayVersion}` };
    } catch (error) {
      return { ...base, status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    await this.embedded?.stop();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}
