/**
 * The BPMN state machine for one process instance. It runs synchronously over the
 * instance document loaded (and locked) by a command, follows every automatic step until
 * each token waits on a job or ends, and collects the rows the command must commit.
 * It never touches the database itself.
 */
import type { CompiledProcess, Expr, FlowNode, MessageDefinition, MultiInstanceDefinition } from '../model/types';
import type { CompiledDecision } from '../dmn/types';
import { evaluateDecision } from '../dmn/evaluate';
import { selectInclusiveFlows } from '../feel/gateways';
import {
  completionConditionMet,
  initialOutputCollection,
  innerInstanceVariables,
  inputCollection,
  updateOutputCollection,
} from '../feel/multi-instance';
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
import {
  correlationTarget,
  type DeployedProcess,
  type ElementInsert,
  type ElementInstanceState,
  type ElementUpdate,
  type IncidentPhase,
  type InstanceChanges,
  type InstanceRow,
  type JobRow,
  type JobUpdate,
  type JsonObject,
  type SignalSubscriptionRow,
  type SubscriptionRow,
  type TimerRow,
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
  /** The latest deployed version of a decision, for business rule tasks with `zeebe:calledDecision`. */
  decision?(decisionId: string): { readonly decisionId: string; readonly decisions: readonly CompiledDecision[] } | undefined;
}

/** What callers must do after the command commits. */
export interface MachineEffects {
  readonly jobTypes: Set<string>;
  ended: 'COMPLETED' | 'TERMINATED' | undefined;
  /** Message subscriptions were opened: buffered messages may correlate now. */
  subscriptionsOpened: boolean;
  /** Call requests (child starts, completions, cancellations) were written. */
  callsRequested?: boolean;
}

type Work =
  | { op: 'activate'; elementId: string; scope: string; result?: JsonObject; triggered?: boolean; loop?: number }
  | { op: 'scope'; key: string }
  | { op: 'join'; scope: string; gateway: string };

interface ErrorCatch {
  scope: ElementInstanceState;
  boundary: FlowNode;
  /** The boundary is the error start event of an event sub-process of `scope`. */
  eventSubProcess?: boolean;
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
    callRequests: [],
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
    const root = this.doc.elements[rootKey];
    if (root && !this.openEventSubProcesses(root, this.model.children)) {
      this.run();
      return;
    }
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
    owner.timers = withoutKey(owner.timers, timer.key);
    const node = this.node(timer.elementId);
    if (!node) return;
    if (node.kind === 'intermediateCatchEvent') {
      if (owner.state !== 'ACTIVATED') return;
      if (owner.id === node.id) this.complete(owner);
      else if (this.node(owner.id)?.kind === 'eventBasedGateway') this.triggerEventGateway(owner, node.id, undefined);
    } else if (node.kind === 'startEvent' && this.isEventSubProcessStart(node)) {
      owner.espTriggers = owner.espTriggers?.filter((k) => k !== timer.key);
      if (node.interrupting === false) {
        const parsed = storedTimer(timer.timer);
        const next = parsed ? nextCycleDueDate(parsed, timer.due, this.env.now, timer.fired + 1) : undefined;
        if (parsed && next !== undefined)
          (owner.espTriggers ??= []).push(this.scheduleTimer(owner, node.id, parsed, next, timer.fired + 1));
      }
      this.triggerEventSubProcess(owner, node, undefined);
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
   * instance lock and checked that the message has not correlated to this process yet).
   * Catch event / receive task → completes with the message variables as its output;
   * interrupting boundary → terminates the host; non-interrupting → spawns the boundary path
   * and keeps the subscription open. False when the subscription's element is gone.
   */
  correlateMessage(sub: SubscriptionRow, messageKey: string, variables: JsonObject): boolean {
    const owner = sub.elementInstanceKey ? this.doc.elements[sub.elementInstanceKey] : undefined;
    const node = this.node(sub.elementId);
    if (!owner || !node || !(owner.subs ?? []).includes(sub.key)) return false;
    if (node.kind === 'startEvent' && this.isEventSubProcessStart(node)) {
      if (owner.state !== 'ACTIVATED') return false;
      this.changes.correlationInserts?.push({
        mk: messageKey,
        target: correlationTarget(this.row.bpmnProcessId),
        sk: sub.key,
        pik: this.row.key,
        at: this.env.now,
      });
      if (node.interrupting !== false) this.closeSubscription(owner, sub.key);
      this.triggerEventSubProcess(owner, node, { ...variables });
      this.run();
      return true;
    }
    if (node.kind === 'boundaryEvent' ? owner.parent === undefined : owner.state !== 'ACTIVATED') return false;
    if (node.kind !== 'boundaryEvent' && owner.id !== node.id && this.node(owner.id)?.kind !== 'eventBasedGateway') return false;
    this.changes.correlationInserts?.push({
      mk: messageKey,
      target: correlationTarget(this.row.bpmnProcessId),
      sk: sub.key,
      pik: this.row.key,
      at: this.env.now,
    });
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
    if (node.kind === 'startEvent' && this.isEventSubProcessStart(node)) {
      if (owner.state !== 'ACTIVATED') return false;
      if (node.interrupting !== false) this.closeSignal(owner, sub.key);
      this.triggerEventSubProcess(owner, node, { ...variables });
      this.run();
      return true;
    }
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
      if (work.op === 'activate') this.activate(work.elementId, work.scope, work.result, work.triggered, work.loop);
      else if (work.op === 'join') this.checkInclusiveJoin(work.scope, work.gateway);
      else this.checkScope(work.key);
    }
  }

  private node(id: string): FlowNode | undefined {
    return this.model.elements[id];
  }

  private activate(elementId: string, scopeKey: string, result?: JsonObject, triggered?: boolean, loop?: number): void {
    const scope = this.doc.elements[scopeKey];
    if (!scope) return;
    const node = this.node(elementId);
    const key = this.env.nextKey();
    const ei: ElementInstanceState = { key, id: elementId, parent: scopeKey, state: 'ACTIVATING' };
    if (result) ei.result = result;
    if (triggered) ei.triggered = true;
    if (loop !== undefined) ei.loop = loop;
    this.doc.elements[key] = ei;
    const type = !node ? 'UNSPECIFIED' : node.multiInstance && loop === undefined ? 'MULTI_INSTANCE_BODY' : elementType(node.kind);
    this.recordActivated(key, elementId, type, scopeKey);
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
    if (node.multiInstance && ei.loop === undefined) {
      this.activateBody(ei, node, node.multiInstance);
      return;
    }
    const inner = node.multiInstance && ei.loop !== undefined ? this.innerLocals(ei, node.multiInstance) : undefined;
    if (inner) ei.vars = { ...inner };
    if (node.io && node.io.inputs.length > 0) {
      const r = applyInputMappings(node.io.inputs, { ...visibleVariables(this.doc, ei.parent ?? ei.key), ...(inner ?? {}) });
      if (!r.ok) {
        this.raiseIncident(ei, 'activate', 'IO_MAPPING_ERROR', this.mappingFailure(ei.id, r.reason));
        return;
      }
      ei.vars = { ...(inner ?? {}), ...r.variables };
    }
    // Boundary events of a multi-instance activity attach to its body, not to the inner instances.
    if (ei.timers === undefined && !inner && !this.openBoundaryTimers(ei, node)) return;
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
        if (node.calledDecision) this.evaluateCalledDecision(ei, node.calledDecision);
        else if (node.job) this.createJob(ei, node);
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
        if (!this.openEventSubProcesses(ei, node.children ?? [])) return;
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
      case 'callActivity':
        this.activateCallActivity(ei, node);
        return;
      case 'inclusiveGateway':
        this.chooseInclusiveFlows(ei, node);
        return;
      case 'eventSubProcess': {
        const variables = ei.result;
        ei.result = undefined;
        ei.state = 'ACTIVATED';
        const start = (node.children ?? []).find((id) => this.node(id)?.kind === 'startEvent');
        if (start) this.queue.push({ op: 'activate', elementId: start, scope: ei.key, result: variables, triggered: true });
        else this.queue.push({ op: 'scope', key: ei.key });
        return;
      }
      case 'process':
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
    if (ei.loop !== undefined && node?.multiInstance) {
      this.completeInner(ei, node, node.multiInstance);
      return;
    }
    if (ei.mi && node?.multiInstance) {
      // resolving a completion-condition incident on the body retries the check
      this.afterInner(ei, node.multiInstance);
      return;
    }
    if (!this.leaveElement(ei, node)) return;
    if (ei.parent === undefined) {
      this.finish('COMPLETED');
      return;
    }
    if (!node) return;
    const flows =
      node.kind === 'exclusiveGateway'
        ? ei.chosenFlow
          ? [ei.chosenFlow]
          : []
        : node.kind === 'inclusiveGateway'
          ? (ei.chosenFlows ?? [])
          : node.outgoing;
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
    if (target && target.kind === 'inclusiveGateway' && target.incoming.length > 1) {
      const scope = this.doc.elements[scopeKey];
      if (!scope) return;
      const taken = ((scope.joins ??= {})[target.id] ??= {});
      taken[flowId] = (taken[flowId] ?? 0) + 1;
      this.queue.push({ op: 'join', scope: scopeKey, gateway: target.id });
      return;
    }
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
    // a token that ended elsewhere may release a waiting inclusive join
    for (const id of Object.keys(scope.joins ?? {})) if (this.node(id)?.kind === 'inclusiveGateway') this.checkInclusiveJoin(scopeKey, id);
    if (scope.joins) return; // tokens wait at a joining gateway: the scope stays active, as in Zeebe
    for (const e of Object.values(this.doc.elements)) if (e.parent === scopeKey) return;
    for (const w of this.queue) if (w.op === 'activate' && w.scope === scopeKey) return;
    this.complete(scope);
  }

  private terminate(ei: ElementInstanceState): void {
    for (const child of this.children(ei.key)) this.terminate(child);
    const called = this.node(ei.id);
    if (ei.state !== 'ACTIVATING' && called?.kind === 'callActivity' && !(called.multiInstance && ei.loop === undefined)) {
      this.requestCall('CANCEL', ei.key, {});
    }
    if (ei.job) this.updateJob({ key: ei.job, state: 'CANCELED', ended: this.env.now });
    if (ei.incident) this.changes.incidentResolves.push({ key: ei.incident.key, at: this.env.now });
    this.cancelTimers(ei);
    delete this.doc.elements[ei.key];
    this.recordEnd(ei.key, 'TERMINATED');
  }

  private finish(state: 'COMPLETED' | 'TERMINATED'): void {
    const parent = this.doc.parent;
    if (state === 'COMPLETED' && parent) {
      this.changes.callRequests?.push({
        kind: 'COMPLETE',
        pik: parent.pik,
        eik: parent.eik,
        payload: { variables: this.doc.elements[this.row.key]?.vars ?? this.row.variables },
        at: this.env.now,
      });
      this.effects.callsRequested = true;
    }
    this.row.state = state;
    this.row.endedAt = this.env.now;
    this.effects.ended = state;
    this.queue.length = 0;
  }

  // ---------------------------------------------------------------- event sub-processes

  private isEventSubProcessStart(node: FlowNode): boolean {
    return node.parentId !== undefined && this.node(node.parentId)?.kind === 'eventSubProcess';
  }

  /** Start events of the event sub-processes directly inside `scope` (the process or a sub-process). */
  private eventSubProcessStartsOf(scope: ElementInstanceState): FlowNode[] {
    const node = this.node(scope.id);
    const childIds = scope.parent === undefined ? this.model.children : node?.kind === 'subProcess' ? (node.children ?? []) : [];
    return this.startsIn(childIds);
  }

  private startsIn(childIds: readonly string[]): FlowNode[] {
    const starts: FlowNode[] = [];
    for (const id of childIds) {
      const esp = this.node(id);
      if (esp?.kind !== 'eventSubProcess') continue;
      for (const c of esp.children ?? []) {
        const start = this.node(c);
        if (start?.kind === 'startEvent') starts.push(start);
      }
    }
    return starts;
  }

  /** Opens the timer, message and signal triggers of the scope's event sub-processes; false when an incident was raised. */
  private openEventSubProcesses(scope: ElementInstanceState, childIds: readonly string[]): boolean {
    for (const start of this.startsIn(childIds)) {
      const event = start.event;
      if (event?.kind === 'timer') {
        const parsed = this.evaluateTimerOf(scope, event.timer);
        if (!parsed) return false;
        const due = nextDueDate(parsed, this.env.now);
        if (due !== undefined) (scope.espTriggers ??= []).push(this.scheduleTimer(scope, start.id, parsed, due, 0));
      } else if (event?.kind === 'message') {
        const m = this.evaluateMessage(scope, event.message);
        if (!m) return false;
        (scope.espTriggers ??= []).push(this.insertSubscription(scope, start.id, m.name, m.correlationKey));
      } else if (event?.kind === 'signal') {
        const name = this.typed(scope, event.signalName, evaluateString);
        if (name === undefined) return false;
        (scope.espTriggers ??= []).push(this.insertSignal(scope, start.id, name));
      }
    }
    return true;
  }

  /** Runs an event sub-process of `scope`; interrupting → the scope's other children are terminated first. */
  private triggerEventSubProcess(scope: ElementInstanceState, start: FlowNode, variables: JsonObject | undefined): void {
    const espId = start.parentId;
    if (!espId) return;
    if (start.interrupting !== false) {
      this.closeEventSubProcessTriggers(scope);
      for (const child of this.children(scope.key)) this.terminate(child);
      scope.joins = undefined;
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const w = this.queue[i];
        if ((w.op === 'activate' || w.op === 'join') && w.scope === scope.key) this.queue.splice(i, 1);
      }
    }
    this.queue.push({ op: 'activate', elementId: espId, scope: scope.key, result: variables });
  }

  /**
   * An interrupting event sub-process closes the scope's other event sub-process triggers
   * (timers, message and signal subscriptions), as Zeebe does; its boundary events stay.
   */
  private closeEventSubProcessTriggers(scope: ElementInstanceState): void {
    for (const key of scope.espTriggers ?? []) {
      if (scope.timers?.includes(key)) {
        this.deleteTimer(key);
        scope.timers = withoutKey(scope.timers, key);
      }
      if (scope.subs?.includes(key)) this.closeSubscription(scope, key);
      if (scope.sigs?.includes(key)) this.closeSignal(scope, key);
    }
    scope.espTriggers = undefined;
  }

  // ---------------------------------------------------------------- call activities

  /** Evaluates the called process id and asks for the child instance (created after this command, see EngineService). */
  private activateCallActivity(ei: ElementInstanceState, node: FlowNode): void {
    const called = node.calledElement;
    if (!called) {
      this.raiseIncident(ei, 'activate', 'CALLED_ELEMENT_ERROR', `Call activity '${node.id}' has no called element`);
      return;
    }
    const processId = this.typed(ei, called.processId, evaluateString);
    if (processId === undefined) return;
    const variables = called.propagateAllParentVariables ? visibleVariables(this.doc, ei.key) : { ...(ei.vars ?? {}) };
    ei.state = 'ACTIVATED';
    this.requestCall('START', ei.key, { processId, variables });
  }

  private requestCall(kind: 'START' | 'CANCEL', eik: string, payload: { processId?: string; variables?: JsonObject }): void {
    this.changes.callRequests?.push({ kind, pik: this.row.key, eik, payload, at: this.env.now });
    this.effects.callsRequested = true;
  }

  /** The called process is not deployed: an incident on the call activity; resolving asks again. */
  calledElementMissing(elementInstanceKey: string, processId: string): void {
    const ei = this.doc.elements[elementInstanceKey];
    if (!ei || ei.state !== 'ACTIVATED' || ei.incident) return;
    ei.state = 'ACTIVATING';
    this.raiseIncident(
      ei,
      'activate',
      'CALLED_ELEMENT_ERROR',
      `Expected process with BPMN process id '${processId}' to be deployed, but not found.`,
    );
  }

  /** The child instance completed: its variables (all, or only through output mappings), then the call activity completes. */
  completeCallActivity(elementInstanceKey: string, variables: JsonObject): void {
    const ei = this.doc.elements[elementInstanceKey];
    const node = ei ? this.node(ei.id) : undefined;
    if (!ei || !node || ei.state !== 'ACTIVATED' || node.kind !== 'callActivity') return;
    const hasOutputs = (node.io?.outputs.length ?? 0) > 0;
    if (node.calledElement?.propagateAllChildVariables !== false || hasOutputs) ei.result = { ...variables };
    this.complete(ei);
    this.run();
  }

  // ---------------------------------------------------------------- multi-instance

  /** The multi-instance body: evaluates the input collection and starts the inner instances. */
  private activateBody(ei: ElementInstanceState, node: FlowNode, mi: MultiInstanceDefinition): void {
    if (ei.timers === undefined && !this.openBoundaryTimers(ei, node)) return;
    const items = inputCollection(mi, visibleVariables(this.doc, ei.parent ?? ei.key));
    if (!items.ok) {
      this.raiseIncident(ei, 'activate', 'EXTRACT_VALUE_ERROR', items.reason);
      return;
    }
    ei.state = 'ACTIVATED';
    ei.mi = { items: items.value, created: 0, completed: 0, terminated: 0 };
    if (mi.outputCollection !== undefined)
      ei.vars = { ...(ei.vars ?? {}), [mi.outputCollection]: initialOutputCollection(items.value.length) };
    if (items.value.length === 0) {
      this.completeBody(ei, mi);
      return;
    }
    const count = mi.sequential ? 1 : items.value.length;
    for (let i = 0; i < count; i++) this.startInner(ei);
  }

  private startInner(body: ElementInstanceState): void {
    if (!body.mi) return;
    body.mi.created += 1;
    this.queue.push({ op: 'activate', elementId: body.id, scope: body.key, loop: body.mi.created });
  }

  private innerLocals(ei: ElementInstanceState, mi: MultiInstanceDefinition): JsonObject {
    const body = ei.parent ? this.doc.elements[ei.parent] : undefined;
    const loop = ei.loop ?? 1;
    return innerInstanceVariables(mi, body?.mi?.items[loop - 1] ?? null, loop);
  }

  /** An inner instance completes: output element, propagation, then the body's bookkeeping. */
  private completeInner(ei: ElementInstanceState, node: FlowNode, mi: MultiInstanceDefinition): void {
    const body = ei.parent ? this.doc.elements[ei.parent] : undefined;
    let collection: unknown[] | undefined;
    if (body && mi.outputCollection !== undefined) {
      const current = body.vars?.[mi.outputCollection];
      const updated = updateOutputCollection(
        mi,
        Array.isArray(current) ? current : initialOutputCollection(body.mi?.items.length ?? 0),
        ei.loop ?? 1,
        { ...visibleVariables(this.doc, ei.key), ...(ei.result ?? {}) },
      );
      if (updated && !updated.ok) {
        this.raiseIncident(
          ei,
          'complete',
          'EXTRACT_VALUE_ERROR',
          expressionFailure(ei.id, describe(mi.outputElement ?? { feel: false, value: '' }), updated.reason),
        );
        return;
      }
      collection = updated?.value;
    }
    if (!this.leaveElement(ei, node)) return;
    if (!body || !body.mi) return;
    if (collection && mi.outputCollection !== undefined) (body.vars ??= {})[mi.outputCollection] = collection;
    body.mi.completed += 1;
    this.afterInner(body, mi);
  }

  /** After an inner completion: completion condition, next sequential instance, or the body completes. */
  private afterInner(body: ElementInstanceState, mi: MultiInstanceDefinition): void {
    if (!body.mi) return;
    const total = body.mi.items.length;
    const active = this.children(body.key).length + this.queue.filter((w) => w.op === 'activate' && w.scope === body.key).length;
    const met = completionConditionMet(mi, visibleVariables(this.doc, body.key), {
      numberOfInstances: body.mi.created,
      numberOfActiveInstances: active,
      numberOfCompletedInstances: body.mi.completed,
      numberOfTerminatedInstances: body.mi.terminated,
    });
    if (!met.ok) {
      this.raiseIncident(
        body,
        'complete',
        'EXTRACT_VALUE_ERROR',
        expressionFailure(body.id, describe(mi.completionCondition ?? { feel: false, value: '' }), met.reason),
      );
      return;
    }
    if (met.value) {
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const w = this.queue[i];
        if (w.op === 'activate' && w.scope === body.key) this.queue.splice(i, 1);
      }
      for (const child of this.children(body.key)) {
        this.terminate(child);
        body.mi.terminated += 1;
      }
      this.completeBody(body, mi);
      return;
    }
    if (mi.sequential && body.mi.created < total) {
      this.startInner(body);
      return;
    }
    if (active === 0) this.completeBody(body, mi);
  }

  /** The body completes: the output collection is propagated, then its outgoing flows are taken. */
  private completeBody(body: ElementInstanceState, mi: MultiInstanceDefinition): void {
    body.state = 'ACTIVATED';
    if (mi.outputCollection !== undefined) {
      body.result = { [mi.outputCollection]: body.vars?.[mi.outputCollection] ?? [] };
      if (body.vars) delete body.vars[mi.outputCollection];
    }
    body.mi = undefined;
    const node = this.node(body.id);
    if (!node) return;
    if (!this.leaveBody(body)) return;
    if (body.parent === undefined) return;
    if (node.outgoing.length === 0) {
      this.queue.push({ op: 'scope', key: body.parent });
      return;
    }
    for (const flowId of node.outgoing) this.takeFlow(flowId, body.parent);
  }

  /** Like `leaveElement` without output mappings (those belong to the inner instances). */
  private leaveBody(body: ElementInstanceState): boolean {
    body.state = 'COMPLETING';
    if (body.result && body.parent) mergeVariables(this.doc, body.parent, body.result);
    this.cancelTimers(body);
    delete this.doc.elements[body.key];
    this.recordEnd(body.key, 'COMPLETED');
    return true;
  }

  // ---------------------------------------------------------------- errors

  /** Throws a BPMN error from `from` (a task or a sub-process); true when a boundary event caught it. */
  private throwError(from: ElementInstanceState, code: string, variables: JsonObject): boolean {
    const found = this.findCatch(from, code);
    if (!found) return false;
    if (found.eventSubProcess) {
      this.triggerEventSubProcess(found.scope, found.boundary, { ...variables });
      return true;
    }
    const parent = found.scope.parent;
    this.terminate(found.scope);
    if (parent !== undefined) this.queue.push({ op: 'activate', elementId: found.boundary.id, scope: parent, result: { ...variables } });
    return true;
  }

  private findCatch(from: ElementInstanceState, code: string): ErrorCatch | undefined {
    for (let scope: ElementInstanceState | undefined = from; scope; scope = scope.parent ? this.doc.elements[scope.parent] : undefined) {
      let catchAll: FlowNode | undefined;
      if (scope.loop !== undefined) continue; // boundary events belong to the multi-instance body
      // error event sub-processes of the scope first, then the scope's boundary events
      for (const start of this.eventSubProcessStartsOf(scope)) {
        if (start.event?.kind !== 'error') continue;
        if (!start.event.errorCode) {
          catchAll ??= start;
          continue;
        }
        const r = evaluateExpr(start.event.errorCode, visibleVariables(this.doc, scope.key));
        if (r.ok && String(r.value) === code) return { scope, boundary: start, eventSubProcess: true };
      }
      if (catchAll) return { scope, boundary: catchAll, eventSubProcess: true };
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

  /** Business rule task with `zeebe:calledDecision`: evaluates the latest decision in this command. */
  private evaluateCalledDecision(ei: ElementInstanceState, called: { decisionId: Expr; resultVariable: string }): void {
    const decisionId = this.typed(ei, called.decisionId, evaluateString);
    if (decisionId === undefined) return;
    const decision = this.env.decision?.(decisionId);
    if (!decision) {
      this.raiseIncident(
        ei,
        'activate',
        'CALLED_DECISION_ERROR',
        `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`,
      );
      return;
    }
    const r = evaluateDecision(decision.decisions, decision.decisionId, visibleVariables(this.doc, ei.key));
    if (!r.ok) {
      this.raiseIncident(ei, 'activate', 'DECISION_EVALUATION_ERROR', r.failureMessage);
      return;
    }
    ei.state = 'ACTIVATED';
    ei.result = { ...(ei.result ?? {}), [called.resultVariable]: r.result };
    this.complete(ei);
  }

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

  /** Inclusive gateway fork: every flow whose condition holds, else the default flow, else an incident. */
  private chooseInclusiveFlows(ei: ElementInstanceState, node: FlowNode): void {
    const r = selectInclusiveFlows(node, this.model.flows, visibleVariables(this.doc, ei.key));
    if (!r.ok) {
      this.raiseIncident(ei, 'activate', 'CONDITION_ERROR', `${r.reason} (element '${node.id}')`);
      return;
    }
    ei.chosenFlows = r.value;
    ei.state = 'ACTIVATED';
    this.complete(ei);
  }

  /**
   * Inclusive gateway join: activates the gateway once (consuming every waiting token) when no
   * other token of the scope — an active element or a pending activation — can still reach it.
   */
  private checkInclusiveJoin(scopeKey: string, gatewayId: string): void {
    const scope = this.doc.elements[scopeKey];
    const taken = scope?.joins?.[gatewayId];
    if (!scope || !taken) return;
    for (const e of this.children(scopeKey)) if (this.canReach(e.id, gatewayId)) return;
    for (const w of this.queue) {
      if (w.op === 'activate' && w.scope === scopeKey && this.canReach(w.elementId, gatewayId)) return;
      if (w.op === 'join' && w.scope === scopeKey && w.gateway !== gatewayId && this.canReach(w.gateway, gatewayId)) return;
    }
    for (const [id, flows] of Object.entries(scope.joins ?? {})) {
      if (id !== gatewayId && Object.keys(flows).length > 0 && this.canReach(id, gatewayId)) return;
    }
    if (scope.joins) delete scope.joins[gatewayId];
    if (scope.joins && Object.keys(scope.joins).length === 0) scope.joins = undefined;
    this.queue.push({ op: 'activate', elementId: gatewayId, scope: scopeKey });
  }

  /** Whether a token at `fromId` can still reach `targetId` along sequence flows (boundary events included). */
  private canReach(fromId: string, targetId: string): boolean {
    const seen = new Set<string>();
    const stack = [fromId];
    while (stack.length > 0) {
      const id = stack.pop() ?? '';
      if (seen.has(id)) continue;
      seen.add(id);
      const node = this.node(id);
      if (!node) continue;
      const next = [...node.outgoing.map((f) => this.model.flows[f]?.targetRef ?? ''), ...boundariesOf(this.model, id).map((b) => b.id)];
      for (const n of next) {
        if (n === targetId) return true;
        stack.push(n);
      }
    }
    return false;
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

  /** The columns a new timer, message or signal subscription row shares: its key, instance, owner and element. */
  private ownedRow(owner: ElementInstanceState, elementId: string) {
    return {
      key: this.env.nextKey(),
      pik: this.row.key,
      eik: owner.key,
      pdk: this.def.key,
      bpid: this.def.bpmnProcessId,
      eid: elementId,
      at: this.env.now,
    };
  }

  private insertSubscription(owner: ElementInstanceState, elementId: string, name: string, correlationKey: string): string {
    const row = { ...this.ownedRow(owner, elementId), name, ckey: correlationKey };
    (owner.subs ??= []).push(row.key);
    this.changes.subscriptionInserts?.push(row);
    this.effects.subscriptionsOpened = true;
    return row.key;
  }

  private closeSubscription(owner: ElementInstanceState, key: string): void {
    owner.subs = withoutKey(owner.subs, key);
    removeRow(this.changes.subscriptionInserts, this.changes.subscriptionDeletes, key);
  }

  private evaluateTimerOf(ei: ElementInstanceState, definition: Parameters<typeof evaluateTimer>[0]): ParsedTimer | undefined {
    const r = evaluateTimer(definition, definition.value.feel ? visibleVariables(this.doc, ei.key) : {});
    if (!r.ok) {
      this.raiseIncident(ei, 'activate', 'EXTRACT_VALUE_ERROR', r.reason);
      return undefined;
    }
    return r.timer;
  }

  private scheduleTimer(owner: ElementInstanceState, elementId: string, timer: ParsedTimer, due: number, fired: number): string {
    const row = { ...this.ownedRow(owner, elementId), due, fired, timer: toStoredTimer(timer) };
    (owner.timers ??= []).push(row.key);
    this.changes.timerInserts?.push(row);
    return row.key;
  }

  private cancelTimers(ei: ElementInstanceState): void {
    for (const key of ei.timers ?? []) this.deleteTimer(key);
    ei.timers = undefined;
    for (const key of [...(ei.subs ?? [])]) this.closeSubscription(ei, key);
    for (const key of [...(ei.sigs ?? [])]) this.closeSignal(ei, key);
    ei.espTriggers = undefined;
  }

  private insertSignal(owner: ElementInstanceState, elementId: string, name: string): string {
    const row = { ...this.ownedRow(owner, elementId), name };
    (owner.sigs ??= []).push(row.key);
    this.changes.signalInserts?.push(row);
    return row.key;
  }

  private closeSignal(owner: ElementInstanceState, key: string): void {
    owner.sigs = withoutKey(owner.sigs, key);
    removeRow(this.changes.signalInserts, this.changes.signalDeletes, key);
  }

  private deleteTimer(key: string): void {
    removeRow(this.changes.timerInserts, this.changes.timerDeletes, key);
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

/** `keys` without `key`; undefined once empty, as the document keeps no empty key lists. */
function withoutKey(keys: string[] | undefined, key: string): string[] | undefined {
  const rest = keys?.filter((k) => k !== key);
  return rest && rest.length > 0 ? rest : undefined;
}

/** Removes a row: a row this command inserted is simply not inserted, any other is deleted. */
function removeRow(inserts: Array<{ key: string }> | undefined, deletes: string[] | undefined, key: string): void {
  const i = inserts ? inserts.findIndex((row) => row.key === key) : -1;
  if (inserts && i >= 0) inserts.splice(i, 1);
  else deletes?.push(key);
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
