/**
 * The BPMN state machine for one process instance. It runs synchronously over the
 * instance document loaded (and locked) by a command, follows every automatic step until
 * each token waits on a job or ends, and collects the rows the command must commit.
 * It never touches the database itself.
 */
import type { CompiledProcess, Expr, FlowNode, MessageDefinition } from '../model/types';
import { evaluateTimer, nextCycleDueDate, nextDueDate, parseTimer, type ParsedTimer, type TimerKind } from '../timers';
import { elementType } from './element-types';
import {
  applyInputMappings,
  applyOutputMappings,
  describe,
  evaluateBoolean,
  evaluateDateTime,
  evaluateExpr,
  evaluateFeel,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
  type EvalResult,
  expressionFailure,
} from './expressions';
import type {
  DeployedProcess,
  ElementInsert,
  ElementInstanceState,
  ElementUpdate,
  IncidentPhase,
  InstanceChanges,
  InstanceRow,
  JobRow,
  JobUpdate,
  JsonObject,
  SignalSubscriptionRow,
  SubscriptionRow,
  TimerRow,
} from './types';
import { mergeVariables, setLocalVariables, visibleVariables } from './variables';

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
const HEADER_PREFIX = 'io.camunda.zeebe:';
const DEFAULT_RETRIES = 3;
/** Guards against processes that loop through automatic steps forever. */
const MAX_STEPS_PER_COMMAND = 100_000;

export interface MachineEnv {
  readonly now: number;
  nextKey(): string;
  /** Key of the latest deployed form with this id, for `zeebe:formDefinition formId`. */
  formKey(formId: string): string | undefined;
}

/** What callers must do after the command commits. */
export interface MachineEffects {
  readonly jobTypes: Set<string>;
  ended: 'COMPLETED' | 'TERMINATED' | undefined;
  /** Message subscriptions were opened: buffered messages may correlate now. */
  subscriptionsOpened: boolean;
}

type Work = { op: 'activate'; elementId: string; scope: string; result?: JsonObject; triggered?: boolean } | { op: 'scope'; key: string };

interface ErrorCatch {
  scope: ElementInstanceState;
  boundary: FlowNode;
}

const boundaryIndex = new WeakMap<CompiledProcess, Map<string, FlowNode[]>>();

function boundariesOf(model: CompiledProcess, attachedTo: string): FlowNode[] {
  let index = boundaryIndex.get(model);
  if (!index) {
    index = new Map();
    for (const node of Object.values(model.elements)) {
      if (node.kind === 'boundaryEvent' && node.attachedToRef) {
        const list = index.get(node.attachedToRef) ?? [];
        list.push(node);
        index.set(node.attachedToRef, list);
      }
    }
    boundaryIndex.set(model, index);
  }
  return index.get(attachedTo) ?? [];
}

export class InstanceMachine {
  private readonly queue: Work[] = [];
  private readonly model: CompiledProcess;
  private readonly newElements = new Map<string, ElementInsert>();
  private readonly elementUpdates = new Map<string, ElementUpdate>();
  private readonly jobUpdates = new Map<string, JobUpdate>();
  readonly changes: InstanceChanges = {
    elementInserts: [],
    elementUpdates: [],
    jobInserts: [],
    jobUpdates: [],
    incidentInserts: [],
    incidentResolves: [],
    timerInserts: [],
    timerDeletes: [],
    subscriptionInserts: [],
    subscriptionDeletes: [],
    correlationInserts: [],
    signalInserts: [],
    signalDeletes: [],
  };
  readonly effects: MachineEffects = { jobTypes: new Set(), ended: undefined, subscriptionsOpened: false };

  constructor(
    private readonly def: DeployedProcess,
    readonly row: InstanceRow,
    private readonly env: MachineEnv,
  ) {
    this.model = def.model;
  }

  private get doc() {
    return this.row.doc;
  }

  // ---------------------------------------------------------------- commands

  /** A job's state as changed by this machine so far (for several commands in one batch). */
  pendingJobState(jobKey: string): JobUpdate['state'] | undefined {
    return this.jobUpdates.get(jobKey)?.state;
  }

  start(variables: JsonObject, startElementIds?: readonly string[]): void {
    const rootKey = this.row.key;
    this.doc.elements[rootKey] = { key: rootKey, id: this.def.bpmnProcessId, state: 'ACTIVATED', vars: { ...variables } };
    this.recordActivated(rootKey, this.def.bpmnProcessId, 'PROCESS', null);
    const starts = startElementIds && startElementIds.length > 0 ? startElementIds : [this.model.noneStartEventId ?? ''];
    for (const id of starts) this.queue.push({ op: 'activate', elementId: id, scope: rootKey });
    this.run();
  }

  completeJob(job: JobRow, variables: JsonObject): void {
    this.updateJob({ key: job.key, state: 'COMPLETED', ended: this.env.now });
    const ei = this.doc.elements[job.elementInstanceKey];
    if (!ei) return;
    ei.job = undefined;
    ei.result = { ...(ei.result ?? {}), ...variables };
    this.complete(ei);
    this.run();
  }

  failJob(job: JobRow, retries: number, errorMessage: string, backOffMs: number, variables: JsonObject): void {
    const ei = this.doc.elements[job.elementInstanceKey];
    if (ei && Object.keys(variables).length > 0) setLocalVariables(this.doc, ei.key, variables);
    if (retries > 0) {
      this.updateJob({ key: job.key, state: 'ACTIVATABLE', retries, avail: this.env.now + Math.max(0, backOffMs), msg: errorMessage });
      if (backOffMs <= 0) this.effects.jobTypes.add(job.type);
      return;
    }
    this.updateJob({ key: job.key, state: 'FAILED', retries: 0, msg: errorMessage });
    if (ei) this.raiseIncident(ei, 'job', 'JOB_NO_RETRIES', errorMessage || 'No more retries left.', job.key);
  }

  throwErrorFromJob(job: JobRow, errorCode: string, errorMessage: string, variables: JsonObject): void {
    this.updateJob({ key: job.key, state: 'ERROR_THROWN', msg: errorMessage, ended: this.env.now });
    const ei = this.doc.elements[job.elementInstanceKey];
    if (!ei) return;
    ei.job = undefined;
    const caught = this.throwError(ei, errorCode, variables);
    if (!caught) {
      ei.job = job.key;
      this.updateJob({ key: job.key, state: 'ERROR_THROWN', msg: errorMessage, ended: null });
      this.raiseIncident(ei, 'job', 'UNHANDLED_ERROR_EVENT', this.unhandledErrorMessage(errorCode, errorMessage), job.key);
    }
    this.run();
  }

  /**
   * A due timer of this instance fires (the scheduler holds the instance lock and the timer
   * row). Catch event → completes; interrupting boundary → terminates the host and takes the
   * boundary's flows; non-interrupting → spawns the boundary path and, for cycles, schedules
   * the next firing while the host stays active.
   */
  fireTimer(timer: TimerRow): void {
    this.deleteTimer(timer.key);
    const owner = timer.elementInstanceKey ? this.doc.elements[timer.elementInstanceKey] : undefined;
    if (!owner) return;
    owner.timers = owner.timers?.filter((k) => k !== timer.key);
    if (owner.timers?.length === 0) owner.timers = undefined;
    const node = this.node(timer.elementId);
    if (!node) return;
    if (node.kind === 'intermediateCatchEvent') {
      if (owner.state !== 'ACTIVATED') return;
      if (owner.id === node.id) this.complete(owner);
      else if (this.node(owner.id)?.kind === 'eventBasedGateway') this.triggerEventGateway(owner, node.id, undefined);
    } else if (node.kind === 'boundaryEvent' && owner.parent !== undefined) {
      const scope = owner.parent;
      if (node.cancelActivity !== false) {
        this.terminate(owner);
      } else {
        const parsed = storedTimer(timer.timer);
        const next = parsed ? nextCycleDueDate(parsed, timer.due, this.env.now, timer.fired + 1) : undefined;
        if (parsed && next !== undefined) this.scheduleTimer(owner, node.id, parsed, next, timer.fired + 1);
      }
      this.queue.push({ op: 'activate', elementId: node.id, scope });
    }
    this.run();
  }

  /**
   * Correlates a message to an open subscription of this instance (the caller holds the
   * instance lock and checked that the message has not correlated to this instance yet).
   * Catch event / receive task → completes with the message variables as its output;
   * interrupting boundary → terminates the host; non-interrupting → spawns the boundary path
   * and keeps the subscription open. False when the subscription's element is gone.
   */
  correlateMessage(sub: SubscriptionRow, messageKey: string, variables: JsonObject): boolean {
    const owner = sub.elementInstanceKey ? this.doc.elements[sub.elementInstanceKey] : undefined;
    const node = this.node(sub.elementId);
    if (!owner || !node || !(owner.subs ?? []).includes(sub.key)) return false;
    if (node.kind === 'boundaryEvent' ? owner.parent === undefined : owner.state !== 'ACTIVATED') return false;
    if (node.kind !== 'boundaryEvent' && owner.id !== node.id && this.node(owner.id)?.kind !== 'eventBasedGateway') return false;
    this.changes.correlationInserts?.push({ mk: messageKey, target: this.row.key, sk: sub.key, pik: this.row.key, at: this.env.now });
    if (node.kind === 'boundaryEvent') {
      if (owner.parent === undefined) return false;
      const scope = owner.parent;
      if (node.cancelActivity !== false) this.terminate(owner);
      this.queue.push({ op: 'activate', elementId: node.id, scope, result: { ...variables } });
    } else if (owner.id !== node.id) {
      this.triggerEventGateway(owner, node.id, { ...variables });
    } else {
      this.closeSubscription(owner, sub.key);
      owner.result = { ...(owner.result ?? {}), ...variables };
      this.complete(owner);
    }
    this.run();
    return true;
  }

  /** A broadcast signal triggers an open signal subscription of this instance (like `correlateMessage`). */
  triggerSignal(sub: SignalSubscriptionRow, variables: JsonObject): boolean {
    const owner = sub.elementInstanceKey ? this.doc.elements[sub.elementInstanceKey] : undefined;
    const node = this.node(sub.elementId);
    if (!owner || !node || !(owner.sigs ?? []).includes(sub.key)) return false;
    if (node.kind === 'boundaryEvent') {
      if (owner.parent === undefined) return false;
      const scope = owner.parent;
      if (node.cancelActivity !== false) this.terminate(owner);
      this.queue.push({ op: 'activate', elementId: node.id, scope, result: { ...variables } });
    } else {
      if (owner.state !== 'ACTIVATED') return false;
      if (owner.id !== node.id) {
        if (this.node(owner.id)?.kind !== 'eventBasedGateway') return false;
        this.triggerEventGateway(owner, node.id, { ...variables });
      } else {
        this.closeSignal(owner, sub.key);
        owner.result = { ...(owner.result ?? {}), ...variables };
        this.complete(owner);
      }
    }
    this.run();
    return true;
  }

  cancel(): void {
    const root = this.doc.elements[this.row.key];
    if (root) this.terminate(root);
    this.finish('TERMINATED');
  }

  setVariables(scopeKey: string, variables: JsonObject, local: boolean): void {
    if (local) setLocalVariables(this.doc, scopeKey, variables);
    else mergeVariables(this.doc, scopeKey, variables);
  }

  /** Resolves the incident and retries the step that raised it. `job` is the incident's job, if any. */
  resolveIncident(incidentKey: string, job: JobRow | undefined): boolean {
    const ei = Object.values(this.doc.elements).find((e) => e.incident?.key === incidentKey);
    if (!ei || !ei.incident) return false;
    const phase = ei.incident.phase;
    ei.incident = undefined;
    this.changes.incidentResolves.push({ key: incidentKey, at: this.env.now });
    switch (phase) {
      case 'job':
        if (job && job.retries > 0) {
          this.updateJob({ key: job.key, state: 'ACTIVATABLE', avail: this.env.now, ended: null });
          this.effects.jobTypes.add(job.type);
        } else if (job) {
          this.raiseIncident(ei, 'job', 'JOB_NO_RETRIES', job.errorMessage || 'No more retries left.', job.key);
        }
        break;
      case 'activate':
        this.onActivate(ei);
        break;
      case 'complete':
        this.complete(ei);
        break;
    }
    this.run();
    return true;
  }

  /** Collects the command's rows; the instance row carries the new document. */
  collect(): InstanceChanges {
    const root = this.doc.elements[this.row.key];
    if (root) this.row.variables = root.vars ?? {};
    this.changes.instance = { ...this.row };
    this.changes.elementInserts = [...this.newElements.values()];
    this.changes.elementUpdates = [...this.elementUpdates.values()];
    this.changes.jobUpdates = [...this.jobUpdates.values()];
    return this.changes;
  }

  // ---------------------------------------------------------------- lifecycle

  private run(): void {
    let steps = 0;
    for (let work = this.queue.shift(); work; work = this.queue.shift()) {
      if (++steps > MAX_STEPS_PER_COMMAND)
        throw new Error(`process instance ${this.row.key} exceeded ${MAX_STEPS_PER_COMMAND} steps in one command`);
      if (work.op === 'activate') this.activate(work.elementId, work.scope, work.result, work.triggered);
      else this.checkScope(work.key);
    }
  }

  private node(id: string): FlowNode | undefined {
    return this.model.elements[id];
  }

  private activate(elementId: string, scopeKey: string, result?: JsonObject, triggered?: boolean): void {
    const scope = this.doc.elements[scopeKey];
    if (!scope) return;
    const node = this.node(elementId);
    const key = this.env.nextKey();
    const ei: ElementInstanceState = { key, id: elementId, parent: scopeKey, state: 'ACTIVATING' };
    if (result) ei.result = result;
    if (triggered) ei.triggered = true;
    this.doc.elements[key] = ei;
    this.recordActivated(key, elementId, node ? elementType(node.kind) : 'UNSPECIFIED', scopeKey);
    if (!node) {
      this.raiseIncident(
        ei,
        'activate',
        'UNKNOWN',
        `Expected to activate element '${elementId}', but it does not exist in process '${this.def.bpmnProcessId}'`,
      );
      return;
    }
    this.onActivate(ei);
  }

  private onActivate(ei: ElementInstanceState): void {
    const node = this.node(ei.id);
    if (!node) return;
    if (node.io && node.io.inputs.length > 0) {
      const r = applyInputMappings(node.io.inputs, visibleVariables(this.doc, ei.parent ?? ei.key));
      if (!r.ok) {
        this.raiseIncident(ei, 'activate', 'IO_MAPPING_ERROR', this.mappingFailure(ei.id, r.reason));
        return;
      }
      ei.vars = { ...r.variables };
    }
    if (ei.timers === undefined && !this.openBoundaryTimers(ei, node)) return;
    switch (node.kind) {
      case 'startEvent':
      case 'intermediateThrowEvent':
      case 'task':
      case 'manualTask':
      case 'parallelGateway':
      case 'boundaryEvent':
        ei.state = 'ACTIVATED';
        this.complete(ei);
        return;
      case 'endEvent':
        this.activateEndEvent(ei, node);
        return;
      case 'serviceTask':
      case 'sendTask':
      case 'businessRuleTask':
        if (node.job) this.createJob(ei, node);
        else
          this.raiseIncident(
            ei,
            'activate',
            'UNKNOWN',
            `Element '${node.id}' of kind '${node.kind}' is not supported without a job definition`,
          );
        return;
      case 'scriptTask':
        if (node.script) this.runScript(ei, node, node.script);
        else if (node.job) this.createJob(ei, node);
        else this.raiseIncident(ei, 'activate', 'UNKNOWN', `Script task '${node.id}' has neither zeebe:script nor zeebe:taskDefinition`);
        return;
      case 'userTask':
        this.createJob(ei, node);
        return;
      case 'exclusiveGateway':
        this.chooseFlow(ei, node);
        return;
      case 'subProcess': {
        ei.state = 'ACTIVATED';
        const start = (node.children ?? []).find((id) => {
          const child = this.node(id);
          return child?.kind === 'startEvent' && (child.event === undefined || child.event.kind === 'none');
        });
        if (start) this.queue.push({ op: 'activate', elementId: start, scope: ei.key });
        else this.queue.push({ op: 'scope', key: ei.key });
        return;
      }
      case 'intermediateCatchEvent':
        if (ei.triggered) {
          // the event-based gateway before it already caught this event
          ei.triggered = undefined;
          ei.state = 'ACTIVATED';
          this.complete(ei);
          return;
        }
        if (node.event?.kind === 'timer') {
          const parsed = this.evaluateTimerOf(ei, node.event.timer);
          if (!parsed) return;
          const due = nextDueDate(parsed, this.env.now);
          if (due === undefined) {
            this.raiseIncident(ei, 'activate', 'EXTRACT_VALUE_ERROR', `Timer of element '${node.id}' never becomes due`);
            return;
          }
          ei.state = 'ACTIVATED';
          this.scheduleTimer(ei, node.id, parsed, due, 0);
          return;
        }
        if (node.event?.kind === 'message') {
          if (this.openSubscription(ei, ei, node.id, node.event.message)) ei.state = 'ACTIVATED';
          return;
        }
        if (node.event?.kind === 'signal') {
          const name = this.typed(ei, node.event.signalName, evaluateString);
          if (name === undefined) return;
          this.insertSignal(ei, node.id, name);
          ei.state = 'ACTIVATED';
          return;
        }
        this.raiseIncident(
          ei,
          'activate',
          'UNKNOWN',
          `Element '${node.id}' of kind '${node.kind}' is not supported by the embedded engine`,
        );
        return;
      case 'receiveTask':
        if (node.message) {
          if (this.openSubscription(ei, ei, node.id, node.message)) ei.state = 'ACTIVATED';
          return;
        }
        this.raiseIncident(ei, 'activate', 'UNKNOWN', `Receive task '${node.id}' has no message`);
        return;
      case 'eventBasedGateway':
        this.openEventGateway(ei, node);
        return;
      case 'process':
      case 'inclusiveGateway':
      case 'eventSubProcess':
      case 'callActivity':
        // Engine part 2; deployment rejects these kinds until then.
        this.raiseIncident(
          ei,
          'activate',
          'UNKNOWN',
          `Element '${node.id}' of kind '${node.kind}' is not supported by the embedded engine`,
        );
    }
  }

  private activateEndEvent(ei: ElementInstanceState, node: FlowNode): void {
    const event = node.event ?? { kind: 'none' as const };
    if (event.kind === 'error') {
      const code = event.errorCode ? this.typed(ei, event.errorCode, evaluateString) : '';
      if (code === undefined) return;
      ei.state = 'ACTIVATED';
      const scope = ei.parent ? this.doc.elements[ei.parent] : undefined;
      if (!scope || !this.throwError(scope, code, {})) {
        ei.state = 'ACTIVATING';
        this.raiseIncident(ei, 'activate', 'UNHANDLED_ERROR_EVENT', this.unhandledErrorMessage(code, ''));
      }
      return;
    }
    if (event.kind === 'terminate') {
      ei.state = 'ACTIVATED';
      if (!this.leaveElement(ei, node)) return;
      const scope = ei.parent ? this.doc.elements[ei.parent] : undefined;
      if (!scope) return;
      for (const child of this.children(scope.key)) this.terminate(child);
      scope.joins = undefined;
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const w = this.queue[i];
        if (w.op === 'activate' && w.scope === scope.key) this.queue.splice(i, 1);
      }
      this.complete(scope);
      return;
    }
    ei.state = 'ACTIVATED';
    this.complete(ei);
  }

  /** Output mappings / propagation, then the element leaves the instance. False on incident. */
  private leaveElement(ei: ElementInstanceState, node: FlowNode | undefined): boolean {
    ei.state = 'COMPLETING';
    const target = ei.parent;
    if (node?.io && node.io.outputs.length > 0) {
      const context = { ...visibleVariables(this.doc, ei.key), ...(ei.result ?? {}) };
      const r = applyOutputMappings(node.io.outputs, context);
      if (!r.ok) {
        this.raiseIncident(ei, 'complete', 'IO_MAPPING_ERROR', this.mappingFailure(ei.id, r.reason));
        ei.state = 'ACTIVATED';
        return false;
      }
      if (target) mergeVariables(this.doc, target, r.variables);
    } else if (ei.result && target) {
      mergeVariables(this.doc, target, ei.result);
    } else if (ei.result && !target) {
      Object.assign((ei.vars ??= {}), ei.result);
    }
    if (!target) this.row.variables = ei.vars ?? {};
    this.cancelTimers(ei);
    delete this.doc.elements[ei.key];
    this.recordEnd(ei.key, 'COMPLETED');
    return true;
  }

  private complete(ei: ElementInstanceState): void {
    const node = this.node(ei.id);
    if (!this.leaveElement(ei, node)) return;
    if (ei.parent === undefined) {
      this.finish('COMPLETED');
      return;
    }
    if (!node) return;
    const flows = node.kind === 'exclusiveGateway' ? (ei.chosenFlow ? [ei.chosenFlow] : []) : node.outgoing;
    if (flows.length === 0) {
      this.queue.push({ op: 'scope', key: ei.parent });
      return;
    }
    for (const flowId of flows) this.takeFlow(flowId, ei.parent);
  }

  private takeFlow(flowId: string, scopeKey: string): void {
    const flow = this.model.flows[flowId];
    if (!flow) return;
    const target = this.node(flow.targetRef);
    if (target && target.kind === 'parallelGateway' && target.incoming.length > 1) {
      const scope = this.doc.elements[scopeKey];
      if (!scope) return;
      const joins = (scope.joins ??= {});
      const taken = (joins[target.id] ??= {});
      taken[flowId] = (taken[flowId] ?? 0) + 1;
      if (target.incoming.every((f) => (taken[f] ?? 0) > 0)) {
        for (const f of target.incoming) {
          taken[f] -= 1;
          if (taken[f] === 0) delete taken[f];
        }
        if (Object.keys(taken).length === 0) delete joins[target.id];
        if (Object.keys(joins).length === 0) scope.joins = undefined;
        this.queue.push({ op: 'activate', elementId: target.id, scope: scopeKey });
      }
      return;
    }
    this.queue.push({ op: 'activate', elementId: flow.targetRef, scope: scopeKey });
  }

  private children(scopeKey: string): ElementInstanceState[] {
    return Object.values(this.doc.elements).filter((e) => e.parent === scopeKey);
  }

  private checkScope(scopeKey: string): void {
    const scope = this.doc.elements[scopeKey];
    if (!scope || scope.state !== 'ACTIVATED') return;
    if (scope.joins) return; // tokens wait at a joining gateway: the scope stays active, as in Zeebe
    for (const e of Object.values(this.doc.elements)) if (e.parent === scopeKey) return;
    for (const w of this.queue) if (w.op === 'activate' && w.scope === scopeKey) return;
    this.complete(scope);
  }

  private terminate(ei: ElementInstanceState): void {
    for (const child of this.children(ei.key)) this.terminate(child);
    if (ei.job) this.updateJob({ key: ei.job, state: 'CANCELED', ended: this.env.now });
    if (ei.incident) this.changes.incidentResolves.push({ key: ei.incident.key, at: this.env.now });
    this.cancelTimers(ei);
    delete this.doc.elements[ei.key];
    this.recordEnd(ei.key, 'TERMINATED');
  }

  private finish(state: 'COMPLETED' | 'TERMINATED'): void {
    this.row.state = state;
    this.row.endedAt = this.env.now;
    this.effects.ended = state;
    this.queue.length = 0;
  }

  // ---------------------------------------------------------------- errors

  /** Throws a BPMN error from `from` (a task or a sub-process); true when a boundary event caught it. */
  private throwError(from: ElementInstanceState, code: string, variables: JsonObject): boolean {
    const found = this.findCatch(from, code);
    if (!found) return false;
    const parent = found.scope.parent;
    this.terminate(found.scope);
    if (parent !== undefined) this.queue.push({ op: 'activate', elementId: found.boundary.id, scope: parent, result: { ...variables } });
    return true;
  }

  private findCatch(from: ElementInstanceState, code: string): ErrorCatch | undefined {
    for (let scope: ElementInstanceState | undefined = from; scope; scope = scope.parent ? this.doc.elements[scope.parent] : undefined) {
      let catchAll: FlowNode | undefined;
      for (const b of boundariesOf(this.model, scope.id)) {
        if (b.event?.kind !== 'error') continue;
        if (!b.event.errorCode) {
          catchAll ??= b;
          continue;
        }
        const r = evaluateExpr(b.event.errorCode, visibleVariables(this.doc, scope.key));
        if (r.ok && String(r.value) === code) return { scope, boundary: b };
      }
      if (catchAll) return { scope, boundary: catchAll };
    }
    return undefined;
  }

  private unhandledErrorMessage(code: string, message: string): string {
    return `Expected to throw an error event with the code '${code}' with message '${message}', but it was not caught. No error events are available in the scope.`;
  }

  // ---------------------------------------------------------------- tasks

  private runScript(ei: ElementInstanceState, node: FlowNode, script: { expression: string; resultVariable: string }): void {
    const r = evaluateFeel(script.expression, visibleVariables(this.doc, ei.key));
    if (!r.ok) {
      this.raiseIncident(ei, 'activate', 'EXTRACT_VALUE_ERROR', expressionFailure(node.id, script.expression, r.reason));
      return;
    }
    ei.state = 'ACTIVATED';
    ei.result = { ...(ei.result ?? {}), [script.resultVariable]: r.value };
    this.complete(ei);
  }

  private chooseFlow(ei: ElementInstanceState, node: FlowNode): void {
    const context = visibleVariables(this.doc, ei.key);
    let chosen: string | undefined;
    for (const flowId of node.outgoing) {
      if (flowId === node.defaultFlow) continue;
      const flow = this.model.flows[flowId];
      if (!flow) continue;
      if (flow.condition === undefined) {
        chosen = flowId;
        break;
      }
      const r = evaluateBoolean({ feel: true, expression: flow.condition }, context);
      if (!r.ok) {
        this.raiseIncident(ei, 'activate', 'EXTRACT_VALUE_ERROR', expressionFailure(node.id, flow.condition, r.reason));
        return;
      }
      if (r.value) {
        chosen = flowId;
        break;
      }
    }
    chosen ??= node.defaultFlow;
    if (!chosen) {
      this.raiseIncident(
        ei,
        'activate',
        'CONDITION_ERROR',
        `Expected at least one condition to evaluate to true, or to have a default flow (element '${node.id}')`,
      );
      return;
    }
    ei.chosenFlow = chosen;
    ei.state = 'ACTIVATED';
    this.complete(ei);
  }

  private createJob(ei: ElementInstanceState, node: FlowNode): void {
    const headers: Record<string, string> = { ...(node.job?.headers ?? {}) };
    let type: string;
    let retries = DEFAULT_RETRIES;
    if (node.kind === 'userTask') {
      type = USER_TASK_JOB_TYPE;
      if (!this.userTaskHeaders(ei, node, headers)) return;
    } else if (node.job) {
      const t = this.typed(ei, node.job.type, evaluateString);
      if (t === undefined) return;
      type = t;
    } else {
      return;
    }
    if (node.job) {
      const r = this.typed(ei, node.job.retries, evaluateNumber);
      if (r === undefined) return;
      retries = Math.trunc(r);
    }
    const key = this.env.nextKey();
    ei.job = key;
    ei.state = 'ACTIVATED';
    this.changes.jobInserts.push({
      key,
      type,
      state: 'ACTIVATABLE',
      retries,
      avail: this.env.now,
      pik: this.row.key,
      pdk: this.def.key,
      bpid: this.def.bpmnProcessId,
      v: this.def.version,
      eid: node.id,
      eik: ei.key,
      headers,
      at: this.env.now,
    });
    this.effects.jobTypes.add(type);
  }

  private userTaskHeaders(ei: ElementInstanceState, node: FlowNode, headers: Record<string, string>): boolean {
    const ut = node.userTask ?? {};
    if (ut.formId) {
      const formKey = this.env.formKey(ut.formId);
      if (formKey === undefined) {
        this.raiseIncident(
          ei,
          'activate',
          'FORM_NOT_FOUND',
          `Expected to find a form with id '${ut.formId}', but no form with this id is found, at least a form with this id should be available.`,
        );
        return false;
      }
      headers[`${HEADER_PREFIX}formKey`] = formKey;
    } else if (ut.formKey) {
      headers[`${HEADER_PREFIX}formKey`] = ut.formKey;
    }
    if (ut.assignee) {
      const v = this.typed(ei, ut.assignee, evaluateString);
      if (v === undefined) return false;
      if (v !== '') headers[`${HEADER_PREFIX}assignee`] = v;
    }
    for (const name of ['candidateGroups', 'candidateUsers'] as const) {
      const expr = ut[name];
      if (!expr) continue;
      const v = this.typed(ei, expr, evaluateStringList);
      if (v === undefined) return false;
      headers[`${HEADER_PREFIX}${name}`] = JSON.stringify(v);
    }
    for (const name of ['dueDate', 'followUpDate'] as const) {
      const expr = ut[name];
      if (!expr) continue;
      const v = this.typed(ei, expr, evaluateDateTime);
      if (v === undefined) return false;
      headers[`${HEADER_PREFIX}${name}`] = v;
    }
    return true;
  }

  // ---------------------------------------------------------------- timers

  /** Schedules the timer boundary events attached to `ei`'s element; false when an incident was raised. */
  private openBoundaryTimers(ei: ElementInstanceState, node: FlowNode): boolean {
    const events = boundariesOf(this.model, node.id).filter(
      (b) => b.event?.kind === 'timer' || b.event?.kind === 'message' || b.event?.kind === 'signal',
    );
    if (events.length === 0) return true;
    const planned: Array<{ id: string; timer: ParsedTimer; due: number }> = [];
    const subscriptions: Array<{ id: string; name: string; correlationKey: string }> = [];
    const signals: Array<{ id: string; name: string }> = [];
    for (const b of events) {
      if (b.event?.kind === 'timer') {
        const parsed = this.evaluateTimerOf(ei, b.event.timer);
        if (!parsed) return false;
        const due = nextDueDate(parsed, this.env.now);
        if (due !== undefined) planned.push({ id: b.id, timer: parsed, due });
      } else if (b.event?.kind === 'message') {
        const m = this.evaluateMessage(ei, b.event.message);
        if (!m) return false;
        subscriptions.push({ id: b.id, ...m });
      } else if (b.event?.kind === 'signal') {
        const name = this.typed(ei, b.event.signalName, evaluateString);
        if (name === undefined) return false;
        signals.push({ id: b.id, name });
      }
    }
    ei.timers = [];
    for (const p of planned) this.scheduleTimer(ei, p.id, p.timer, p.due, 0);
    for (const m of subscriptions) this.insertSubscription(ei, m.id, m.name, m.correlationKey);
    for (const g of signals) this.insertSignal(ei, g.id, g.name);
    return true;
  }

  // ---------------------------------------------------------------- event-based gateway

  /** Opens the timers and message subscriptions of every target catch event at once, owned by the gateway. */
  private openEventGateway(ei: ElementInstanceState, node: FlowNode): void {
    ei.timers = [];
    for (const flowId of node.outgoing) {
      const target = this.node(this.model.flows[flowId]?.targetRef ?? '');
      if (!target || target.kind !== 'intermediateCatchEvent') continue;
      if (target.event?.kind === 'timer') {
        const parsed = this.evaluateTimerOf(ei, target.event.timer);
        const due = parsed ? nextDueDate(parsed, this.env.now) : undefined;
        if (!parsed) {
          this.cancelTimers(ei);
          return;
        }
        if (due !== undefined) this.scheduleTimer(ei, target.id, parsed, due, 0);
      } else if (target.event?.kind === 'message') {
        const m = this.evaluateMessage(ei, target.event.message);
        if (!m) {
          this.cancelTimers(ei);
          return;
        }
        this.insertSubscription(ei, target.id, m.name, m.correlationKey);
      } else if (target.event?.kind === 'signal') {
        const name = this.typed(ei, target.event.signalName, evaluateString);
        if (name === undefined) {
          this.cancelTimers(ei);
          return;
        }
        this.insertSignal(ei, target.id, name);
      }
    }
    ei.state = 'ACTIVATED';
  }

  /** The first event wins: the gateway completes (closing the others) and that catch event completes. */
  private triggerEventGateway(gateway: ElementInstanceState, eventId: string, variables: JsonObject | undefined): void {
    const scope = gateway.parent;
    if (scope === undefined) return;
    this.cancelTimers(gateway);
    if (!this.leaveElement(gateway, this.node(gateway.id))) return;
    this.queue.push({ op: 'activate', elementId: eventId, scope, result: variables, triggered: true });
  }

  // ---------------------------------------------------------------- messages

  /** Evaluates name and correlation key (Zeebe: a string or a number); raises an incident on failure. */
  private evaluateMessage(ei: ElementInstanceState, message: MessageDefinition): { name: string; correlationKey: string } | undefined {
    const name = this.typed(ei, message.name, evaluateString);
    if (name === undefined) return undefined;
    let correlationKey = '';
    if (message.correlationKey) {
      const expr = message.correlationKey;
      const r = evaluateExpr(expr, expr.feel ? visibleVariables(this.doc, ei.key) : {});
      const value = r.ok ? r.value : undefined;
      if (typeof value === 'string') correlationKey = value;
      else if (typeof value === 'number' && Number.isFinite(value)) correlationKey = String(value);
      else {
        const shown = describe(expr);
        const reason = r.ok
          ? `Failed to extract the correlation key for '${shown}': The value must be either a string or a number, but was '${value === null || value === undefined ? 'NULL' : Array.isArray(value) ? 'ARRAY' : typeof value === 'boolean' ? 'BOOLEAN' : 'OBJECT'}'.`
          : `Failed to extract the correlation key for '${shown}': ${r.reason}`;
        this.raiseIncident(ei, 'activate', 'EXTRACT_VALUE_ERROR', reason);
        return undefined;
      }
    }
    return { name, correlationKey };
  }

  /** Opens the subscription of a catch event / receive task on `owner`; false when an incident was raised. */
  private openSubscription(ei: ElementInstanceState, owner: ElementInstanceState, elementId: string, message: MessageDefinition): boolean {
    const m = this.evaluateMessage(ei, message);
    if (!m) return false;
    this.insertSubscription(owner, elementId, m.name, m.correlationKey);
    return true;
  }

  private insertSubscription(owner: ElementInstanceState, elementId: string, name: string, correlationKey: string): void {
    const key = this.env.nextKey();
    (owner.subs ??= []).push(key);
    this.changes.subscriptionInserts?.push({
      key,
      pik: this.row.key,
      eik: owner.key,
      pdk: this.def.key,
      bpid: this.def.bpmnProcessId,
      eid: elementId,
      name,
      ckey: correlationKey,
      at: this.env.now,
    });
    this.effects.subscriptionsOpened = true;
  }

  private closeSubscription(owner: ElementInstanceState, key: string): void {
    owner.subs = owner.subs?.filter((k) => k !== key);
    if (owner.subs?.length === 0) owner.subs = undefined;
    const inserts = this.changes.subscriptionInserts ?? [];
    const i = inserts.findIndex((t) => t.key === key);
    if (i >= 0) inserts.splice(i, 1);
    else this.changes.subscriptionDeletes?.push(key);
  }

  private evaluateTimerOf(ei: ElementInstanceState, definition: Parameters<typeof evaluateTimer>[0]): ParsedTimer | undefined {
    const r = evaluateTimer(definition, definition.value.feel ? visibleVariables(this.doc, ei.key) : {});
    if (!r.ok) {
      this.raiseIncident(ei, 'activate', 'EXTRACT_VALUE_ERROR', r.reason);
      return undefined;
    }
    return r.timer;
  }

  private scheduleTimer(owner: ElementInstanceState, elementId: string, timer: ParsedTimer, due: number, fired: number): void {
    const key = this.env.nextKey();
    (owner.timers ??= []).push(key);
    this.changes.timerInserts?.push({
      key,
      pik: this.row.key,
      eik: owner.key,
      pdk: this.def.key,
      bpid: this.def.bpmnProcessId,
      eid: elementId,
      due,
      fired,
      timer: toStoredTimer(timer),
      at: this.env.now,
    });
  }

  private cancelTimers(ei: ElementInstanceState): void {
    for (const key of ei.timers ?? []) this.deleteTimer(key);
    ei.timers = undefined;
    for (const key of [...(ei.subs ?? [])]) this.closeSubscription(ei, key);
    for (const key of [...(ei.sigs ?? [])]) this.closeSignal(ei, key);
  }

  private insertSignal(owner: ElementInstanceState, elementId: string, name: string): void {
    const key = this.env.nextKey();
    (owner.sigs ??= []).push(key);
    this.changes.signalInserts?.push({
      key,
      pik: this.row.key,
      eik: owner.key,
      pdk: this.def.key,
      bpid: this.def.bpmnProcessId,
      eid: elementId,
      name,
      at: this.env.now,
    });
  }

  private closeSignal(owner: ElementInstanceState, key: string): void {
    owner.sigs = owner.sigs?.filter((k) => k !== key);
    if (owner.sigs?.length === 0) owner.sigs = undefined;
    const inserts = this.changes.signalInserts ?? [];
    const i = inserts.findIndex((t) => t.key === key);
    if (i >= 0) inserts.splice(i, 1);
    else this.changes.signalDeletes?.push(key);
  }

  private deleteTimer(key: string): void {
    const inserts = this.changes.timerInserts ?? [];
    const i = inserts.findIndex((t) => t.key === key);
    if (i >= 0) inserts.splice(i, 1);
    else this.changes.timerDeletes?.push(key);
  }

  // ---------------------------------------------------------------- expressions

  /** Evaluates with a typed helper; on failure raises an incident on activation and returns undefined. */
  private typed<T>(ei: ElementInstanceState, expr: Expr, fn: (e: Expr, ctx: JsonObject) => EvalResult<T>): T | undefined {
    const r = fn(expr, expr.feel ? visibleVariables(this.doc, ei.key) : {});
    if (!r.ok) {
      this.raiseIncident(ei, 'activate', 'EXTRACT_VALUE_ERROR', expressionFailure(ei.id, describe(expr), r.reason));
      return undefined;
    }
    return r.value;
  }

  private mappingFailure(elementId: string, reason: string): string {
    return `${reason} (element '${elementId}')`;
  }

  // ---------------------------------------------------------------- records

  private raiseIncident(ei: ElementInstanceState, phase: IncidentPhase, errorType: string, message: string, jobKey?: string): void {
    const key = this.env.nextKey();
    ei.incident = { key, phase };
    this.changes.incidentInserts.push({
      key,
      pik: this.row.key,
      pdk: this.def.key,
      bpid: this.def.bpmnProcessId,
      v: this.def.version,
      eid: ei.id,
      eik: ei.key,
      jk: jobKey ?? null,
      etype: errorType,
      msg: message,
      at: this.env.now,
    });
  }

  private updateJob(update: JobUpdate): void {
    const previous = this.jobUpdates.get(update.key);
    this.jobUpdates.set(update.key, previous ? { ...previous, ...update } : update);
  }

  private recordActivated(key: string, elementId: string, type: string, scopeKey: string | null): void {
    this.newElements.set(key, {
      key,
      pik: this.row.key,
      pdk: this.def.key,
      bpid: this.def.bpmnProcessId,
      v: this.def.version,
      eid: elementId,
      etype: type,
      fsk: scopeKey,
      state: 'ACTIVATED',
      at: this.env.now,
      cat: null,
      tat: null,
    });
  }

  private recordEnd(key: string, state: 'COMPLETED' | 'TERMINATED'): void {
    const cat = state === 'COMPLETED' ? this.env.now : null;
    const tat = state === 'TERMINATED' ? this.env.now : null;
    const inserted = this.newElements.get(key);
    if (inserted) {
      inserted.state = state;
      inserted.cat = cat;
      inserted.tat = tat;
    } else {
      this.elementUpdates.set(key, { key, state, cat, tat });
    }
  }
}

/** Parsed timers hold sets (cron), so a timer row stores what to re-parse: the kind and source text. */
export interface StoredTimer {
  kind: TimerKind;
  source: string;
}

export function toStoredTimer(timer: ParsedTimer): StoredTimer {
  return { kind: timer.kind === 'cron' ? 'cycle' : timer.kind, source: timer.source };
}

export function storedTimer(value: unknown): ParsedTimer | undefined {
  const v = value as Partial<StoredTimer> | null;
  if (!v || typeof v.kind !== 'string' || typeof v.source !== 'string') return undefined;
  const r = parseTimer(v.kind, v.source);
  return r.ok ? r.timer : undefined;
}
