/**
 * What the embedded engine executes: the ONE place to extend when the runtime learns a
 * new element, event trigger or feature. Everything else is rejected at deployment with
 * "<element type> is not supported yet by the embedded engine".
 */
import type { ElementKind } from './types';

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
}

/** BPMN flow node types by moddle `$type`. */
export const ELEMENT_TYPES: Readonly<Record<string, ElementTypeSpec>> = {
  'bpmn:StartEvent': { kind: 'startEvent', label: 'start event', triggers: ['none'] },
  'bpmn:EndEvent': { kind: 'endEvent', label: 'end event', triggers: ['none', 'terminate', 'error'] },
  'bpmn:BoundaryEvent': { kind: 'boundaryEvent', label: 'boundary event', triggers: ['error'] },
  'bpmn:IntermediateCatchEvent': { kind: 'intermediateCatchEvent', label: 'intermediate catch event', triggers: [] },
  'bpmn:IntermediateThrowEvent': { kind: 'intermediateThrowEvent', label: 'intermediate throw event', triggers: [] },
  'bpmn:ServiceTask': { kind: 'serviceTask', label: 'Service task', supported: true },
  'bpmn:SendTask': { kind: 'sendTask', label: 'Send task', supported: true },
  'bpmn:BusinessRuleTask': { kind: 'businessRuleTask', label: 'Business rule task', supported: true },
  'bpmn:ScriptTask': { kind: 'scriptTask', label: 'Script task', supported: true },
  'bpmn:UserTask': { kind: 'userTask', label: 'User task', supported: true },
  'bpmn:ManualTask': { kind: 'manualTask', label: 'Manual task', supported: true },
  'bpmn:Task': { kind: 'task', label: 'Task', supported: true },
  'bpmn:ReceiveTask': { kind: 'receiveTask', label: 'Receive task', supported: false },
  'bpmn:ExclusiveGateway': { kind: 'exclusiveGateway', label: 'Exclusive gateway', supported: true },
  'bpmn:ParallelGateway': { kind: 'parallelGateway', label: 'Parallel gateway', supported: true },
  'bpmn:InclusiveGateway': { kind: 'inclusiveGateway', label: 'Inclusive gateway', supported: false },
  'bpmn:EventBasedGateway': { kind: 'eventBasedGateway', label: 'Event-based gateway', supported: false },
  'bpmn:ComplexGateway': { label: 'Complex gateway', supported: false },
  'bpmn:SubProcess': { kind: 'subProcess', label: 'Sub-process', supported: true },
  'bpmn:AdHocSubProcess': { label: 'Ad-hoc sub-process', supported: false },
  'bpmn:Transaction': { label: 'Transaction', supported: false },
  'bpmn:CallActivity': { kind: 'callActivity', label: 'Call activity', supported: false },
};

/** Features beyond the element type; each `false` is rejected with its label. */
export const FEATURES = {
  eventSubProcess: { supported: false, label: 'Event sub-process' },
  multiInstance: { supported: false, label: 'Multi-instance activity' },
  standardLoop: { supported: false, label: 'Loop activity (standardLoopCharacteristics)' },
  compensationHandler: { supported: false, label: 'Compensation activity (isForCompensation)' },
  nonInterruptingBoundary: { supported: false, label: 'Non-interrupting boundary event' },
  calledDecision: { supported: false, label: "Business rule task with 'zeebe:calledDecision'" },
  zeebeUserTask: { supported: false, label: "Camunda user task ('zeebe:userTask'; model it as a job worker user task)" },
  formExternalReference: { supported: false, label: "Form with 'externalReference'" },
} as const satisfies Record<string, { supported: boolean; label: string }>;

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
