/**
 * Moddle element tree → `CompiledProcess`es. Walks every executable process, compiles
 * each flow node and sequence flow, and reports to the sink every rule broken on the way
 * (the result is only used when the sink stays empty).
 */
import { compileCalledDecision, compileCalledElement, compileMultiInstance } from './activities';
import { compileMessageEvent, compileMessageRef, compileSignalEvent, compileTimer, type EventPlace } from './events';
import { checkExpr } from './expressions';
import { bool, child, children, extensions, idOf, str, type ModdleElement } from './moddle';
import type { ProblemSink } from './problems';
import { validateProcessGraph } from './bpmn-graph';
import {
  ELEMENT_TYPES,
  ENGINE_FEATURES,
  EVENT_DEFINITION_TRIGGERS,
  FEATURES,
  PASSIVE_FLOW_ELEMENTS,
  SUPPORTED_ZEEBE_EXTENSIONS,
  elementEnabled,
  eventLabel,
  featureEnabled,
  notSupported,
  triggerEnabled,
  xmlName,
  type ElementTypeSpec,
  type EngineFeature,
  type EventTrigger,
} from './supported';
import type { CompiledProcess, EventDefinition, FlowNode, SequenceFlow } from './types';
import { compileIoMapping, compileJobDefinition, compileScript, compileUserTask } from './zeebe-extensions';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the walk accumulates for one process; `scopeOf` also covers elements not compiled. */
export interface ProcessDraft {
  readonly processId: string;
  readonly elements: Record<string, Mutable<FlowNode>>;
  readonly flows: Record<string, SequenceFlow>;
  /** Flow node id → its flow scope id, for every flow node seen (supported or not). */
  readonly scopeOf: Map<string, string>;
  /** Flow id → its flow scope id. */
  readonly flowScopeOf: Map<string, string>;
  /** Gateway id → its `default` flow id as written (checked against the flows later). */
  readonly defaults: Map<string, string>;
  readonly errors: Readonly<Record<string, string>>;
  /** Ids of event sub-processes (`triggeredByEvent`), compiled or not. */
  readonly eventSubProcesses: Set<string>;
}

const ACTIVITY_KINDS: ReadonlySet<string> = new Set([
  'serviceTask',
  'sendTask',
  'businessRuleTask',
  'scriptTask',
  'userTask',
  'receiveTask',
  'manualTask',
  'task',
  'subProcess',
  'callActivity',
]);

export function isActivityType(type: string): boolean {
  const kind = ELEMENT_TYPES[type]?.kind;
  return kind !== undefined && ACTIVITY_KINDS.has(kind);
}

function triggerOf(sink: ProblemSink, id: string, el: ModdleElement): EventTrigger {
  const definitions = children(el, 'eventDefinitions');
  if (definitions.length === 0) return 'none';
  if (definitions.length > 1) return 'multiple';
  const [definition] = definitions as [ModdleElement];
  const trigger = EVENT_DEFINITION_TRIGGERS[definition.$type];
  if (trigger === undefined) sink.add(id, `Event definition '${definition.$type}' is not supported`);
  return trigger ?? 'multiple';
}

function errorEventDefinition(el: ModdleElement): ModdleElement | undefined {
  return children(el, 'eventDefinitions')[0];
}

class ProcessCompiler {
  readonly draft: ProcessDraft;

  constructor(
    private readonly sink: ProblemSink,
    processId: string,
    errors: Readonly<Record<string, string>>,
    private readonly features: ReadonlySet<EngineFeature>,
  ) {
    this.draft = {
      processId,
      elements: {},
      flows: {},
      scopeOf: new Map(),
      flowScopeOf: new Map(),
      defaults: new Map(),
      errors,
      eventSubProcesses: new Set(),
    };
  }

  /** Compiles a process or sub-process body; returns its flow node ids in document order. */
  compileScope(container: ModdleElement, scopeId: string): string[] {
    const ids: string[] = [];
    for (const el of children(container, 'flowElements')) {
      const id = idOf(el);
      if (id === undefined) {
        this.sink.add(scopeId, `Element of type '${el.$type}' must have an id`);
        continue;
      }
      if (el.$type === 'bpmn:SequenceFlow') {
        this.compileFlow(el, id, scopeId);
      } else if (PASSIVE_FLOW_ELEMENTS.has(el.$type)) {
        continue;
      } else {
        this.draft.scopeOf.set(id, scopeId);
        ids.push(id);
        this.compileFlowNode(el, id, scopeId);
      }
    }
    return ids;
  }

  private compileFlow(el: ModdleElement, id: string, scopeId: string): void {
    this.draft.flowScopeOf.set(id, scopeId);
    const sourceRef = idOf(child(el, 'sourceRef'));
    const targetRef = idOf(child(el, 'targetRef'));
    if (sourceRef === undefined) this.sink.add(id, 'Must have a source flow node (sourceRef)');
    if (targetRef === undefined) this.sink.add(id, 'Must have a target flow node (targetRef)');
    const conditionElement = child(el, 'conditionExpression');
    let condition: string | undefined;
    if (conditionElement !== undefined) {
      const expr = checkExpr(this.sink, id, str(conditionElement, 'body'), { mandatory: true, nonStatic: true });
      if (expr?.feel === true) condition = expr.expression;
    }
    const name = str(el, 'name');
    this.draft.flows[id] = {
      id,
      sourceRef: sourceRef ?? '',
      targetRef: targetRef ?? '',
      ...(name !== undefined ? { name } : {}),
      ...(condition !== undefined ? { condition } : {}),
    };
  }

  checkExtensions(el: ModdleElement, id: string): void {
    for (const ext of extensions(el)) {
      if (ext.$type.startsWith('zeebe:') && !SUPPORTED_ZEEBE_EXTENSIONS.has(ext.$type)) {
        this.sink.add(id, notSupported(`'${xmlName(ext.$type)}'`));
      }
    }
  }

  private compileFlowNode(el: ModdleElement, id: string, scopeId: string): void {
    const spec: ElementTypeSpec | undefined = ELEMENT_TYPES[el.$type];
    if (spec === undefined) {
      this.sink.add(id, notSupported(`Element of type '${el.$type}'`));
      return;
    }
    if (spec.kind === undefined || (spec.supported === false && !elementEnabled(spec, this.features))) {
      this.sink.add(id, notSupported(spec.label));
      return;
    }
    this.checkExtensions(el, id);

    const name = str(el, 'name');
    const node: Mutable<FlowNode> = { id, kind: spec.kind, parentId: scopeId, incoming: [], outgoing: [] };
    this.checkActivityFeatures(el, id, node);
    if (name !== undefined) node.name = name;
    const io = compileIoMapping(this.sink, id, el);
    if (io !== undefined) node.io = io;

    if (spec.triggers !== undefined) {
      const trigger = triggerOf(this.sink, id, el);
      if (!triggerEnabled(spec, trigger, this.features)) {
        this.sink.add(id, notSupported(eventLabel(trigger, spec)));
      } else {
        this.compileEvent(el, id, node, trigger, scopeId);
      }
    }

    switch (spec.kind) {
      case 'serviceTask':
      case 'sendTask':
      case 'businessRuleTask':
        this.compileJobTask(el, id, node, spec.kind);
        break;
      case 'scriptTask':
        this.compileScriptTask(el, id, node);
        break;
      case 'userTask':
        node.userTask = compileUserTask(this.sink, id, el);
        break;
      case 'receiveTask': {
        const message = compileMessageRef(this.sink, id, child(el, 'messageRef'), 'receiveTask');
        if (message !== undefined) node.message = message;
        break;
      }
      case 'callActivity': {
        const calledElement = compileCalledElement(this.sink, id, el);
        if (calledElement !== undefined) node.calledElement = calledElement;
        break;
      }
      case 'exclusiveGateway':
      case 'inclusiveGateway': {
        const defaultFlow = idOf(child(el, 'default'));
        if (defaultFlow !== undefined) {
          this.draft.defaults.set(id, defaultFlow);
          node.defaultFlow = defaultFlow;
        }
        break;
      }
      case 'subProcess':
        this.compileSubProcess(el, id, node);
        break;
      // Events are compiled above from their trigger; the rest carry no extra data (or are
      // rejected through ELEMENT_TYPES until the runtime executes them).
      case 'process':
      case 'startEvent':
      case 'endEvent':
      case 'intermediateCatchEvent':
      case 'intermediateThrowEvent':
      case 'boundaryEvent':
      case 'manualTask':
      case 'task':
      case 'parallelGateway':
      case 'eventBasedGateway':
      case 'eventSubProcess':
        break;
    }
    this.draft.elements[id] = node;
  }

  private checkActivityFeatures(el: ModdleElement, id: string, node: Mutable<FlowNode>): void {
    const loop = child(el, 'loopCharacteristics');
    if (loop !== undefined) {
      const multi = loop.$type === 'bpmn:MultiInstanceLoopCharacteristics';
      if (multi && featureEnabled(FEATURES.multiInstance, this.features)) {
        const multiInstance = compileMultiInstance(this.sink, id, loop);
        if (multiInstance !== undefined) node.multiInstance = multiInstance;
      } else {
        this.sink.add(id, notSupported(multi ? FEATURES.multiInstance.label : FEATURES.standardLoop.label));
      }
    }
    if (bool(el, 'isForCompensation') === true) this.sink.add(id, notSupported(FEATURES.compensationHandler.label));
  }

  private compileJobTask(
    el: ModdleElement,
    id: string,
    node: Mutable<FlowNode>,
    kind: 'serviceTask' | 'sendTask' | 'businessRuleTask',
  ): void {
    const taskDefinitions = extensions(el, 'zeebe:TaskDefinition');
    const calledDecisions = extensions(el, 'zeebe:CalledDecision');
    if (kind === 'businessRuleTask' && calledDecisions.length > 0) {
      const [calledDecision] = calledDecisions as [ModdleElement];
      if (!featureEnabled(FEATURES.calledDecision, this.features)) {
        this.sink.add(id, notSupported(FEATURES.calledDecision.label));
      }
      if (taskDefinitions.length > 0 || calledDecisions.length > 1) {
        this.sink.add(id, "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element");
      } else if (featureEnabled(FEATURES.calledDecision, this.features)) {
        const compiled = compileCalledDecision(this.sink, id, calledDecision);
        if (compiled !== undefined) node.calledDecision = compiled;
      }
      return;
    }
    if (taskDefinitions.length !== 1) {
      this.sink.add(
        id,
        kind === 'businessRuleTask'
          ? "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element"
          : "Must have exactly one 'zeebe:taskDefinition' extension element",
      );
      return;
    }
    const job = compileJobDefinition(this.sink, id, el);
    if (job !== undefined) node.job = job;
  }

  private compileScriptTask(el: ModdleElement, id: string, node: Mutable<FlowNode>): void {
    const scripts = extensions(el, 'zeebe:Script');
    const taskDefinitions = extensions(el, 'zeebe:TaskDefinition');
    const [script] = scripts;
    if (script !== undefined && scripts.length === 1 && taskDefinitions.length === 0) {
      const compiled = compileScript(this.sink, id, script);
      if (compiled !== undefined) node.script = compiled;
    } else if (scripts.length === 0 && taskDefinitions.length === 1) {
      const job = compileJobDefinition(this.sink, id, el);
      if (job !== undefined) node.job = job;
    } else {
      this.sink.add(id, "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element");
    }
  }

  private compileSubProcess(el: ModdleElement, id: string, node: Mutable<FlowNode>): void {
    if (bool(el, 'triggeredByEvent') === true) {
      node.kind = 'eventSubProcess';
      this.draft.eventSubProcesses.add(id);
      if (!featureEnabled(FEATURES.eventSubProcess, this.features)) {
        this.sink.add(id, notSupported(FEATURES.eventSubProcess.label));
        return;
      }
      this.compileEventSubProcess(el, id, node);
      return;
    }
    const starts = children(el, 'flowElements').filter((c) => c.$type === 'bpmn:StartEvent');
    if (starts.length !== 1) this.sink.add(id, 'Must have exactly one start event');
    if (starts.some((s) => children(s, 'eventDefinitions').length > 0)) {
      this.sink.add(id, 'Start events in subprocesses must be of type none');
    }
    node.children = this.compileScope(el, id);
  }

  /** Zeebe's `SubProcessValidator` for event sub-processes; flows in or out are checked with the graph. */
  private compileEventSubProcess(el: ModdleElement, id: string, node: Mutable<FlowNode>): void {
    const starts = children(el, 'flowElements').filter((c) => c.$type === 'bpmn:StartEvent');
    if (starts.length !== 1) this.sink.add(id, 'Must have exactly one start event');
    const [start] = starts;
    if (start !== undefined) {
      const definitions = children(start, 'eventDefinitions');
      const allowed = [
        'bpmn:MessageEventDefinition',
        'bpmn:TimerEventDefinition',
        'bpmn:ErrorEventDefinition',
        'bpmn:SignalEventDefinition',
      ];
      if (definitions.length === 0 || definitions.some((d) => !allowed.includes(d.$type))) {
        this.sink.add(id, 'Start events in event subprocesses must be one of: message, timer, error, signal');
      }
      const interrupting = bool(start, 'isInterrupting') !== false;
      node.interrupting = interrupting;
      if (!interrupting && definitions.some((d) => d.$type === 'bpmn:ErrorEventDefinition')) {
        this.sink.add(id, 'Non-Interrupting event of this type is not allowed');
      }
    }
    node.children = this.compileScope(el, id);
  }

  private compileEvent(el: ModdleElement, id: string, node: Mutable<FlowNode>, trigger: EventTrigger, scopeId: string): void {
    const inEventSubProcess = this.draft.eventSubProcesses.has(scopeId);
    const place: EventPlace =
      node.kind === 'boundaryEvent'
        ? 'boundary'
        : node.kind === 'startEvent'
          ? inEventSubProcess
            ? 'eventSubProcessStart'
            : 'processStart'
          : 'intermediateCatch';
    const interrupting =
      node.kind === 'boundaryEvent'
        ? bool(el, 'cancelActivity') !== false
        : node.kind === 'startEvent'
          ? bool(el, 'isInterrupting') !== false
          : true;
    if (node.kind === 'startEvent' && inEventSubProcess) node.interrupting = interrupting;
    let event: EventDefinition | undefined;
    switch (trigger) {
      case 'none':
        event = { kind: 'none' };
        break;
      case 'terminate':
        event = { kind: 'terminate' };
        break;
      case 'error':
        if (node.kind === 'startEvent' && !inEventSubProcess) {
          this.sink.add(id, 'Error start events are only allowed in event sub-processes');
        }
        event = this.compileErrorEvent(el, id, node.kind === 'boundaryEvent' || node.kind === 'startEvent');
        break;
      case 'timer':
        event = compileTimer(this.sink, id, el, place, interrupting);
        break;
      case 'message':
        event = compileMessageEvent(this.sink, id, el, place);
        break;
      case 'signal':
        event = compileSignalEvent(this.sink, id, el, place);
        break;
      case 'escalation':
      case 'compensation':
      case 'conditional':
      case 'link':
      case 'cancel':
      case 'multiple':
        break;
    }
    if (event !== undefined) node.event = event;
    if (node.kind === 'boundaryEvent') {
      const attachedTo = child(el, 'attachedToRef');
      const attachedToRef = idOf(attachedTo);
      if (attachedTo === undefined || attachedToRef === undefined || !isActivityType(attachedTo.$type)) {
        this.sink.add(id, 'Must be attached to an activity');
      }
      if (attachedToRef !== undefined) node.attachedToRef = attachedToRef;
      const cancelActivity = bool(el, 'cancelActivity') !== false;
      node.cancelActivity = cancelActivity;
      if (!cancelActivity && trigger === 'error') this.sink.add(id, 'Error boundary events must be interrupting');
    }
  }

  private compileErrorEvent(el: ModdleElement, id: string, catching: boolean): EventDefinition {
    const definition = errorEventDefinition(el);
    const error = definition === undefined ? undefined : child(definition, 'errorRef');
    if (error === undefined) {
      // A catching error event without errorRef catches every error.
      if (!catching) this.sink.add(id, 'Must reference an error');
      return { kind: 'error' };
    }
    const errorCode = str(error, 'errorCode');
    if (errorCode === undefined || errorCode === '') {
      this.sink.add(id, 'ErrorCode must be present and not empty');
      return { kind: 'error' };
    }
    if (catching) {
      if (errorCode.trimStart().startsWith('=')) {
        this.sink.add(id, `The errorCode of the error catch event is not allowed to be an expression: '${errorCode}'`);
      }
      return { kind: 'error', errorCode: { feel: false, value: errorCode } };
    }
    const expr = checkExpr(this.sink, id, errorCode, { mandatory: true });
    return expr === undefined ? { kind: 'error' } : { kind: 'error', errorCode: expr };
  }
}

function errorCodes(definitions: ModdleElement): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const root of children(definitions, 'rootElements')) {
    const id = idOf(root);
    const code = str(root, 'errorCode');
    if (root.$type === 'bpmn:Error' && id !== undefined && code !== undefined) errors[id] = code;
  }
  return errors;
}

function compileProcess(
  sink: ProblemSink,
  process: ModdleElement,
  processId: string,
  errors: Record<string, string>,
  features: ReadonlySet<EngineFeature>,
): CompiledProcess {
  const compiler = new ProcessCompiler(sink, processId, errors, features);
  compiler.checkExtensions(process, processId);
  const topLevel = compiler.compileScope(process, processId);
  const starts = children(process, 'flowElements').filter((c) => c.$type === 'bpmn:StartEvent');
  const noneStarts = starts.filter((s) => children(s, 'eventDefinitions').length === 0);
  if (starts.length === 0) sink.add(processId, 'Must have at least one start event');
  if (noneStarts.length > 1) sink.add(processId, 'Multiple none start events are not allowed');

  validateProcessGraph(sink, compiler.draft);

  const { elements, flows, errors: errorMap } = compiler.draft;
  const name = str(process, 'name');
  const noneStartEventId = idOf(noneStarts[0]);
  return {
    bpmnProcessId: processId,
    ...(name !== undefined ? { name } : {}),
    ...(noneStartEventId !== undefined ? { noneStartEventId } : {}),
    elements,
    flows,
    children: topLevel,
    errors: errorMap,
  };
}

/** Compiles every executable process of a `bpmn:Definitions` (participants' processes included). */
export function transformDefinitions(
  sink: ProblemSink,
  definitions: ModdleElement,
  features: ReadonlySet<EngineFeature> = ENGINE_FEATURES,
): CompiledProcess[] {
  const processes = children(definitions, 'rootElements').filter((r) => r.$type === 'bpmn:Process');
  const executable = processes.filter((p) => bool(p, 'isExecutable') === true);
  if (executable.length === 0) {
    sink.add(idOf(definitions) ?? 'definitions', 'Must contain at least one executable process');
    return [];
  }
  const errors = errorCodes(definitions);
  const compiled: CompiledProcess[] = [];
  for (const process of executable) {
    const processId = idOf(process);
    if (processId === undefined || processId === '') {
      sink.add(undefined, 'An executable process must have an id');
      continue;
    }
    compiled.push(compileProcess(sink, process, processId, errors, features));
  }
  return compiled;
}
