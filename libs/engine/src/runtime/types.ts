/**
 * Runtime state of one process instance, stored as `process_instance.doc` and rewritten
 * by every command on that instance (the instance row is the unit of locking).
 */
import type { CompiledProcess } from '../model/types';

export type JsonObject = Record<string, unknown>;

export interface DeployedProcess {
  readonly key: string;
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly model: CompiledProcess;
}

export type IncidentPhase = 'activate' | 'complete' | 'job';

export interface ElementInstanceState {
  key: string;
  /** BPMN element id; the process id for the root. */
  id: string;
  /** Flow scope element instance key; absent for the process instance itself. */
  parent?: string;
  state: 'ACTIVATING' | 'ACTIVATED' | 'COMPLETING';
  /** Local variables of this scope. */
  vars?: JsonObject;
  /** Variables waiting for output mapping / propagation (job completion, script result, error). */
  result?: JsonObject;
  /** Key of the job of a job-based task. */
  job?: string;
  /** The unresolved incident on this element and the step to retry when it is resolved. */
  incident?: { key: string; phase: IncidentPhase };
  /** Inclusive gateway (fork): the sequence flows chosen on activation. */
  chosenFlows?: string[];
  /** Exclusive gateway: the sequence flow chosen on activation. */
  chosenFlow?: string;
  /** Keys of the pending timers this element owns (its own timer catch event, or its timer boundary events). */
  timers?: string[];
  /** Keys of the open signal subscriptions this element owns. */
  sigs?: string[];
  /** A catch event activated by the event-based gateway that already caught its event. */
  triggered?: boolean;
  /** Keys of the open message subscriptions this element owns (its own, or its message boundary events'). */
  subs?: string[];
  /**
   * Flow scopes: which of the keys in `timers` / `subs` / `sigs` are triggers of the scope's
   * event sub-processes (an interrupting one closes them all, as Zeebe does).
   */
  espTriggers?: string[];
  /** Multi-instance body: the input collection's items and the inner instances' progress. */
  mi?: { items: unknown[]; created: number; completed: number; terminated: number };
  /** Inner instance of a multi-instance body: its 1-based `loopCounter`. */
  loop?: number;
  /** Flow scopes: taken sequence flows waiting at a parallel joining gateway, by gateway id then flow id. */
  joins?: Record<string, Record<string, number>>;
}

export interface InstanceDoc {
  elements: Record<string, ElementInstanceState>;
  /** A child instance of a call activity: the parent instance and the call activity's element instance. */
  parent?: { pik: string; eik: string };
}

export type InstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface InstanceRow {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  state: InstanceState;
  startedAt: number;
  endedAt: number | null;
  variables: JsonObject;
  doc: InstanceDoc;
}

export interface JobRow {
  key: string;
  type: string;
  state: JobState;
  retries: number;
  worker: string;
  deadline: number | null;
  availableAt: number;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: Record<string, string>;
  errorMessage: string;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'COMPLETED' | 'ERROR_THROWN' | 'CANCELED' | 'FAILED';

/** Row shapes sent to `engine.apply_changes` (short names keep the JSON small). */
export interface ElementInsert {
  key: string;
  pik: string;
  pdk: string;
  bpid: string;
  v: number;
  eid: string;
  etype: string;
  fsk: string | null;
  state: string;
  at: number;
  cat: number | null;
  tat: number | null;
}
export interface ElementUpdate {
  key: string;
  state: string;
  cat: number | null;
  tat: number | null;
}
export interface JobInsert {
  key: string;
  type: string;
  state: JobState;
  retries: number;
  avail: number;
  pik: string;
  pdk: string;
  bpid: string;
  v: number;
  eid: string;
  eik: string;
  headers: Record<string, string>;
  at: number;
}
export interface JobUpdate {
  key: string;
  state: JobState;
  retries?: number;
  deadline?: number | null;
  avail?: number;
  msg?: string;
  ended?: number | null;
}
export interface IncidentInsert {
  key: string;
  pik: string;
  pdk: string;
  bpid: string;
  v: number;
  eid: string;
  eik: string;
  jk: string | null;
  etype: string;
  msg: string;
  at: number;
}

/** A pending timer (`engine.timer`); `pik`/`eik` are null for timer start events. */
export interface TimerInsert {
  key: string;
  pik: string | null;
  eik: string | null;
  pdk: string;
  bpid: string;
  /** The timer event's element id. */
  eid: string;
  due: number;
  fired: number;
  timer: unknown;
  at: number;
}

export interface TimerRow {
  key: string;
  processInstanceKey: string | null;
  elementInstanceKey: string | null;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  due: number;
  fired: number;
  timer: unknown;
}

export interface SubscriptionInsert {
  key: string;
  pik: string | null;
  eik: string | null;
  pdk: string;
  bpid: string;
  eid: string;
  name: string;
  ckey: string;
  at: number;
}

export interface SubscriptionRow {
  key: string;
  processInstanceKey: string | null;
  elementInstanceKey: string | null;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  messageName: string;
  correlationKey: string;
}

export interface SignalInsert {
  key: string;
  pik: string | null;
  eik: string | null;
  pdk: string;
  bpid: string;
  eid: string;
  name: string;
  at: number;
}

export interface SignalSubscriptionRow {
  key: string;
  processInstanceKey: string | null;
  elementInstanceKey: string | null;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  signalName: string;
}

/**
 * What a message correlation is counted against. Zeebe correlates a message at most once per
 * process (BPMN process id, across versions), whether to a start event or to one of its
 * instances' subscriptions: with two instances waiting for the same name and key, one message
 * reaches only one of them.
 */
export function correlationTarget(bpmnProcessId: string): string {
  return `process:${bpmnProcessId}`;
}

export interface CorrelationInsert {
  mk: string;
  /** `correlationTarget(bpmnProcessId)`. */
  target: string;
  sk: string;
  pik: string | null;
  at: number;
}

export interface InstanceChanges {
  instance?: Omit<InstanceRow, 'startedAt' | 'endedAt'> & { startedAt: number; endedAt: number | null };
  elementInserts: ElementInsert[];
  elementUpdates: ElementUpdate[];
  jobInserts: JobInsert[];
  jobUpdates: JobUpdate[];
  incidentInserts: IncidentInsert[];
  incidentResolves: Array<{ key: string; at: number }>;
  timerInserts?: TimerInsert[];
  timerDeletes?: string[];
  subscriptionInserts?: SubscriptionInsert[];
  subscriptionDeletes?: string[];
  correlationInserts?: CorrelationInsert[];
  signalInserts?: SignalInsert[];
  signalDeletes?: string[];
  callRequests?: CallRequestInsert[];
}

/** Work between a parent instance and the child instances of its call activities. */
export interface CallRequestInsert {
  kind: 'START' | 'COMPLETE' | 'CANCEL';
  /** The parent instance and the call activity's element instance. */
  pik: string;
  eik: string;
  payload: { processId?: string; variables?: JsonObject };
  at: number;
}
