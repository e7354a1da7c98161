/**
 * Where the monitor reads instance data from. The embedded engine keeps its state and
 * history in PostgreSQL (schema `engine`), so the server reads it with SQL here. Zeebe's
 * gateway gRPC API has no queries; with ENGINE=zeebe a reader over Camunda 8.8's REST API
 * (`POST /v2/process-instances/search`, `/v2/incidents/search`, …) would implement the
 * same interface — until one exists the monitor answers 501 (see docs/monitor.md).
 */
import { AppError, ErrorCode } from '../common/app-error';
import type { InstanceState } from './dtos/process-instance.dto';

export const INSTANCE_READER = Symbol('INSTANCE_READER');

export interface InstanceFilter {
  /** Materialised paths: instances whose unit lies in one of these subtrees. */
  readonly scopePaths: readonly string[];
  /** Also instances without a known unit (for admins of a root unit). */
  readonly includeUnscoped: boolean;
  readonly bpmnProcessId?: string;
  readonly state?: InstanceState;
  readonly startedFrom?: Date;
  readonly startedTo?: Date;
  readonly q?: string;
  readonly limit: number;
  readonly offset: number;
}

export type EngineInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface InstanceRow {
  readonly key: string;
  readonly processDefinitionKey: string;
  readonly bpmnProcessId: string;
  readonly processName: string | null;
  readonly version: number;
  readonly engineState: EngineInstanceState;
  readonly incidentCount: number;
  readonly orgUnitId: string | null;
  readonly orgUnitName: string | null;
  /** Null when the instance names no unit the server knows. */
  readonly orgPath: string | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly starterId: string | null;
  readonly starterUsername: string | null;
  readonly starterName: string | null;
}

export interface InstanceWithVariables extends InstanceRow {
  readonly variables: Record<string, unknown>;
}

export interface ElementRow {
  readonly key: string;
  readonly elementId: string;
  readonly name: string | null;
  readonly type: string;
  readonly state: 'ACTIVATED' | 'COMPLETED' | 'TERMINATED';
  readonly activatedAt: Date;
  readonly endedAt: Date | null;
}

export interface IncidentRow {
  readonly key: string;
  readonly processInstanceKey: string;
  readonly elementId: string;
  readonly elementName: string | null;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly jobKey: string | null;
  readonly state: 'ACTIVE' | 'RESOLVED';
  readonly createdAt: Date;
}

export interface InstanceReader {
  /** False when the running engine offers nothing to read (ENGINE=zeebe): every read answers 501. */
  readonly available: boolean;
  search(filter: InstanceFilter): Promise<{ rows: InstanceRow[]; total: number }>;
  find(processInstanceKey: string): Promise<InstanceWithVariables | null>;
  elements(processInstanceKey: string): Promise<ElementRow[]>;
  /** Open incidents of an instance, oldest first. */
  openIncidents(processInstanceKey: string): Promise<IncidentRow[]>;
  incident(incidentKey: string): Promise<IncidentRow | null>;
}

/** The monitor's state of an instance: the engine's, with "running with an open incident" told apart. */
export function instanceState(engineState: EngineInstanceState, openIncidents: number): InstanceState {
  if (engineState === 'COMPLETED') return 'completed';
  if (engineState === 'TERMINATED') return 'canceled';
  return openIncidents > 0 ? 'incident' : 'active';
}

export function readerUnavailable(): AppError {
  return new AppError(
    ErrorCode.NotImplemented,
    '流程实例的浏览需要内嵌引擎（ENGINE=embedded）；使用 Zeebe 时请通过 Camunda 8.8 REST 接口 /v2/process-instances/search 查询',
  );
}

/** ENGINE=zeebe: nothing to read from until a Camunda REST reader is written. */
export class UnavailableInstanceReader implements InstanceReader {
  readonly available = false;
  search(): Promise<never> {
    return Promise.reject(readerUnavailable());
  }
  find(): Promise<never> {
    return Promise.reject(readerUnavailable());
  }
  elements(): Promise<never> {
    return Promise.reject(readerUnavailable());
  }
  openIncidents(): Promise<never> {
    return Promise.reject(readerUnavailable());
  }
  incident(): Promise<never> {
    return Promise.reject(readerUnavailable());
  }
}
