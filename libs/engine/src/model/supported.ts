/**
 * What the embedded engine executes: the ONE place to extend when the runtime learns a
 * new element, event trigger or feature. Everything else is rejected at deployment with
 * "<element type> is not supported yet by the embedded engine".
 *
 * Engine part 2's elements (timers, messages, signals, event sub-processes,
 * multi-instance, call activities, inclusive and event-based gateways, decisions) compile
 * fully, but only when their feature is switched on: `ENGINE_FEATURES` below is THE switch
 * the runtime flips once it executes a feature; `compileResources(resources, { features })`
 * overrides it (tests compile with `ALL_FEATURES`).
 */
import type { ElementKind } from './types';

/** Engine part 2's features, each switched on as a whole once the runtime executes it. */
export const PART2_FEATURES = [
  /** Timer start, intermediate catch and boundary events, timer event sub-process starts. */
  'timer',
  /** Message start, intermediate catch and boundary events, receive tasks, message event sub-process starts. */
  'message',
  /** Signal start, intermediate catch and boundary events, signal event sub-process starts. */
  'signal',
  /** Event sub-processes (`triggeredByEvent`), incl. error start events; their trigger needs its own feature too. */
  'eventSubProcess',
  /** Multi-instance (parallel and sequential) activities. */
  'multiInstance',
  /** Call activities (`zeebe:calledElement`). */
  'callActivity',
  'inclusiveGateway',
  'eventBasedGateway',
  /** DMN resources and business rule tasks with `zeebe:calledDecision`. */
  'decision',
] as const;

export type EngineFeature = (typeof PART2_FEATURES)[number];

/**
 * THE switch: the part-2 features the runtime executes. Add a feature here when the runtime
 * learns it (see docs/engine-part2.md for what each one needs).
 */
export const ENGINE_FEATURES: ReadonlySet<EngineFeature> = new Set<EngineFeature>([
  'timer',
  'message',
  'signal',
  'eventBasedGateway',
  'decision',
  'multiInstance',
  'callActivity',
  'inclusiveGateway',
  'eventSubProcess',
]);

/** Every feature the compiler can compile; for tests and for the runtime's own tests. */
export const ALL_FEATURES: ReadonlySet<EngineFeature> = new Set<EngineFeature>(PART2_FEATURES);

export interface CompileOptions {
  /** Part-2 features to accept; defaults to `ENGINE_FEATURES`. */
  readonly features?: ReadonlySet<EngineFeature>;
}

/** Event triggers, named after their BPMN event definition. `none` means no definition. */
export type EventTrigger =
  | 'none'
  | 'error'
  | 'terminate'
  | 'timer'
  | 'message'
  | 'signal'
  | 'escalation'
  | 'compensation'
  | 'conditional'
  | 'link'
  | 'cancel'
  | 'multiple';

export const EVENT_DEFINITION_TRIGGERS: Readonly<Record<string, EventTrigger>> = {
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CancelEventDefinition': 'cancel',
};

export interface ElementTypeSpec {
  /** The engine's kind; absent for BPMN types the model has no kind for. */
  readonly kind?: ElementKind;
  /** Human name used in messages, e.g. "Service task". */
  readonly label: string;
  /** Non-event elements: whether the engine executes them. */
  readonly supported?: boolean;
  /** Events: the triggers the engine executes for this event type. */
  readonly triggers?: readonly EventTrigger[];
  /** Non-event elements executed once the feature is on. */
  readonly feature?: EngineFeature;
  /** Events: triggers executed once their feature is on. */
  readonly gatedTriggers?: Readonly<Partial<Record<EventTrigger, EngineFeature>>>;
}

/** BPMN flow node types by moddle `$type`. */
export const ELEMENT_TYPES: Readonly<Record<string, ElementTypeSpec>> = {
  'bpmn:StartEvent': {
    kind: 'startEvent',
    label: 'start event',
    triggers: ['none'],
    gatedTriggers: { timer: 'timer', message: 'message', signal: 'signal', error: 'eventSubProcess' },
  },
  'bpmn:EndEvent': { kind: 'endEvent', label: 'end event', triggers: ['none', 'terminate', 'error'] },
  'bpmn:BoundaryEvent': {
    kind: 'boundaryEvent',
    label: 'boundary event',
    triggers: ['error'],
    gatedTriggers: { timer: 'timer', message: 'message', signal: 'signal' },
  },
  'bpmn:IntermediateCatchEvent': {
    kind: 'intermediateCatchEvent',
    label: 'intermediate catch event',
    triggers: [],
    gatedTriggers: { timer: 'timer', message: 'message', signal: 'signal' },
  },
  'bpmn:IntermediateThrowEvent': { kind: 'intermediateThrowEvent', label: 'intermediate throw event', triggers: [] },
  'bpmn:ServiceTask': { kind: 'serviceTask', label: 'Service task', supported: true },
  'bpmn:SendTask': { kind: 'sendTask', label: 'Send task', supported: true },
  'bpmn:BusinessRuleTask': { kind: 'businessRuleTask', label: 'Business rule task', supported: true },
  'bpmn:ScriptTask': { kind: 'scriptTask', label: 'Script task', supported: true },
  'bpmn:UserTask': { kind: 'userTask', label: 'User task', supported: true },
  'bpmn:ManualTask': { kind: 'manualTask', label: 'Manual task', supported: true },
  'bpmn:Task': { kind: 'task', label: 'Task', supported: true },
  'bpmn:ReceiveTask': { kind: 'receiveTask', label: 'Receive task', supported: false, feature: 'message' },
  'bpmn:ExclusiveGateway': { kind: 'exclusiveGateway', label: 'Exclusive gateway', supported: true },
  'bpmn:ParallelGateway': { kind: 'parallelGateway', label: 'Parallel gateway', supported: true },
  'bpmn:InclusiveGateway': { kind: 'inclusiveGateway', label: 'Inclusive gateway', supported: false, feature: 'inclusiveGateway' },
  'bpmn:EventBasedGateway': { kind: 'eventBasedGateway', label: 'Event-based gateway', supported: false, feature: 'eventBasedGateway' },
  'bpmn:ComplexGateway': { label: 'Complex gateway', supported: false },
  'bpmn:SubProcess': { kind: 'subProcess', label: 'Sub-process', supported: true },
  'bpmn:AdHocSubProcess': { label: 'Ad-hoc sub-process', supported: false },
  'bpmn:Transaction': { label: 'Transaction', supported: false },
  'bpmn:CallActivity': { kind: 'callActivity', label: 'Call activity', supported: false, feature: 'callActivity' },
};

/**
 * Features beyond the element type; each `false` is rejected with its label unless its
 * part-2 `feature` is switched on.
 */
export const FEATURES = {
  eventSubProcess: { supported: false, label: 'Event sub-process', feature: 'eventSubProcess' },
  multiInstance: { supported: false, label: 'Multi-instance activity', feature: 'multiInstance' },
  standardLoop: { supported: false, label: 'Loop activity (standardLoopCharacteristics)' },
  compensationHandler: { supported: false, label: 'Compensation activity (isForCompensation)' },
  calledDecision: { supported: false, label: "Business rule task with 'zeebe:calledDecision'", feature: 'decision' },
  zeebeUserTask: { supported: false, label: "Camunda user task ('zeebe:userTask'; model it as a job worker user task)" },
  formExternalReference: { supported: false, label: "Form with 'externalReference'" },
} as const satisfies Record<string, { supported: boolean; label: string; feature?: EngineFeature }>;

/** Whether a non-event element type is executed with these features. */
export function elementEnabled(spec: ElementTypeSpec, features: ReadonlySet<EngineFeature>): boolean {
  return spec.supported === true || (spec.feature !== undefined && features.has(spec.feature));
}

/** Whether an event type executes this trigger with these features. */
export function triggerEnabled(spec: ElementTypeSpec, trigger: EventTrigger, features: ReadonlySet<EngineFeature>): boolean {
  if (spec.triggers?.includes(trigger) === true) return true;
  const feature = spec.gatedTriggers?.[trigger];
  return feature !== undefined && features.has(feature);
}

/** Whether a `FEATURES` entry is executed with these features. */
export function featureEnabled(
  entry: { readonly supported: boolean; readonly feature?: EngineFeature },
  features: ReadonlySet<EngineFeature>,
): boolean {
  return entry.supported || (entry.feature !== undefined && features.has(entry.feature));
}

/**
 * Zeebe extension elements the engine understands. Others (execution/task listeners,
 * priorities, linked resources, …) change execution and are rejected.
 * `calledDecision` and `userTask` are reported through their features instead.
 */
export const SUPPORTED_ZEEBE_EXTENSIONS: ReadonlySet<string> = new Set([
  'zeebe:IoMapping',
  'zeebe:TaskDefinition',
  'zeebe:TaskHeaders',
  'zeebe:FormDefinition',
  'zeebe:AssignmentDefinition',
  'zeebe:TaskSchedule',
  'zeebe:Script',
  // Part 2: only reachable when the element's feature is on.
  'zeebe:CalledElement',
  // Metadata without effect on execution.
  'zeebe:Properties',
  'zeebe:VersionTag',
  'zeebe:UserTaskForm',
  // Reported as features.
  'zeebe:CalledDecision',
  'zeebe:UserTask',
]);

/** Flow elements that never take part in execution. */
export const PASSIVE_FLOW_ELEMENTS: ReadonlySet<string> = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

export function notSupported(label: string): string {
  return `${label} is not supported yet by the embedded engine`;
}

const TRIGGER_LABELS: Readonly<Record<EventTrigger, string>> = {
  none: 'None',
  error: 'Error',
  terminate: 'Terminate',
  timer: 'Timer',
  message: 'Message',
  signal: 'Signal',
  escalation: 'Escalation',
  compensation: 'Compensation',
  conditional: 'Conditional',
  link: 'Link',
  cancel: 'Cancel',
  multiple: 'Multiple',
};

export function eventLabel(trigger: EventTrigger, spec: ElementTypeSpec): string {
  return `${TRIGGER_LABELS[trigger]} ${spec.label}`;
}

/** `zeebe:ExecutionListeners` → `zeebe:executionListeners`, the name as written in XML. */
export function xmlName(type: string): string {
  const [prefix, local = ''] = type.split(':');
  return `${prefix}:${local.charAt(0).toLowerCase()}${local.slice(1)}`;
}
