/**
 * The executable model: what deployment validation produces from a BPMN file and what
 * the runtime executes. Plain JSON-serialisable data, stored with the process definition
 * so a restart never re-parses XML.
 *
 * Expressions keep Zeebe's convention: an `Expr` is either a static value or a FEEL
 * expression (the source had a leading `=`, stripped here and `feel` set).
 */
import type { CompiledDecision } from '../dmn/types';

/** A value that is static or a FEEL expression evaluated at run time. */
export type Expr = { readonly feel: false; readonly value: string } | { readonly feel: true; readonly expression: string };

/** `zeebe:input` / `zeebe:output`: `source` is an expression (FEEL or static), `target` a variable path. */
export interface Mapping {
  readonly source: Expr;
  readonly target: string;
}

export interface IoMapping {
  readonly inputs: readonly Mapping[];
  readonly outputs: readonly Mapping[];
}

/** What a job-based task carries (`zeebe:taskDefinition`, `zeebe:taskHeaders`). */
export interface JobDefinition {
  readonly type: Expr;
  /** Always present: the compiler fills in Zeebe's default, static `3`, when the BPMN has none. */
  readonly retries: Expr;
  /** Static custom headers from `zeebe:taskHeaders`. */
  readonly headers: Readonly<Record<string, string>>;
}

/** User task extras; each becomes a custom header `io.camunda.zeebe:<name>` of the job. */
export interface UserTaskDefinition {
  /** `zeebe:formDefinition formId` → formKey resolved at deployment/activation; or a legacy `formKey`. */
  readonly formId?: string;
  readonly formKey?: string;
  readonly assignee?: Expr;
  /** FEEL (list or comma-separated string) or static comma-separated list. */
  readonly candidateGroups?: Expr;
  readonly candidateUsers?: Expr;
  readonly dueDate?: Expr;
  readonly followUpDate?: Expr;
}

/**
 * A timer as written: `kind` is the BPMN element (`timeDuration`, `timeDate`, `timeCycle`);
 * static values were checked at deployment. Evaluate with `evaluateTimer` (timers module),
 * which also reads a cycle that is not `R…` as a cron expression.
 */
export type TimerDefinition =
  | { readonly kind: 'duration'; readonly value: Expr }
  | { readonly kind: 'date'; readonly value: Expr }
  | { readonly kind: 'cycle'; readonly value: Expr };

/** A `bpmn:message` as referenced by an event or receive task (`zeebe:subscription` gives the key). */
export interface MessageDefinition {
  readonly name: Expr;
  /** Absent on message start events. */
  readonly correlationKey?: Expr;
}

export type EventDefinition =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly errorCode?: Expr }
  | { readonly kind: 'terminate' }
  | { readonly kind: 'timer'; readonly timer: TimerDefinition }
  | { readonly kind: 'message'; readonly message: MessageDefinition }
  | { readonly kind: 'signal'; readonly signalName: Expr };

/** `bpmn:multiInstanceLoopCharacteristics` + `zeebe:loopCharacteristics`. */
export interface MultiInstanceDefinition {
  readonly sequential: boolean;
  /** Always FEEL; must yield a list (`evaluateList`). */
  readonly inputCollection: Expr;
  readonly inputElement?: string;
  readonly outputCollection?: string;
  readonly outputElement?: Expr;
  readonly completionCondition?: Expr;
}

/** Element kinds the engine executes. Part 2 of the engine adds the commented kinds. */
export type ElementKind =
  | 'process'
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'serviceTask'
  | 'sendTask'
  | 'businessRuleTask'
  | 'scriptTask'
  | 'userTask'
  | 'receiveTask'
  | 'manualTask'
  | 'task'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'eventSubProcess'
  | 'callActivity';

export interface ElementBase {
  readonly id: string;
  readonly kind: ElementKind;
  readonly name?: string;
  /** Id of the enclosing flow scope (the process or a sub-process). */
  readonly parentId?: string;
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  readonly io?: IoMapping;
  readonly multiInstance?: MultiInstanceDefinition;
}

export interface FlowNode extends ElementBase {
  /** Job-based tasks (service, send, business rule without calledDecision, script with taskDefinition). */
  readonly job?: JobDefinition;
  /** User tasks: the job is `io.camunda.zeebe:userTask` with these headers. */
  readonly userTask?: UserTaskDefinition;
  /** Script task with `zeebe:script`. */
  readonly script?: { readonly expression: string; readonly resultVariable: string };
  /** Business rule task with `zeebe:calledDecision`. */
  readonly calledDecision?: { readonly decisionId: Expr; readonly resultVariable: string };
  /** Receive task: the message it waits for. */
  readonly message?: MessageDefinition;
  /** Call activity with `zeebe:calledElement` (both propagate flags default to true, as in Zeebe). */
  readonly calledElement?: {
    readonly processId: Expr;
    readonly propagateAllChildVariables: boolean;
    readonly propagateAllParentVariables: boolean;
  };
  /** Events: start, end, catch, throw, boundary. */
  readonly event?: EventDefinition;
  /** Boundary events only. */
  readonly attachedToRef?: string;
  readonly cancelActivity?: boolean;
  /**
   * Start events of event sub-processes: whether they interrupt the enclosing scope
   * (also set on the event sub-process node itself).
   */
  readonly interrupting?: boolean;
  /** Exclusive and inclusive gateways: the default flow id. */
  readonly defaultFlow?: string;
  /** Sub-processes and event sub-processes: their child elements' ids, in document order. */
  readonly children?: readonly string[];
}

export interface SequenceFlow {
  readonly id: string;
  readonly name?: string;
  readonly sourceRef: string;
  readonly targetRef: string;
  /** FEEL condition (without the leading `=`); absent means unconditional. */
  readonly condition?: string;
}

export interface CompiledProcess {
  readonly bpmnProcessId: string;
  readonly name?: string;
  /** Ids of the process's top-level none start event(s) usable by CreateProcessInstance. */
  readonly noneStartEventId?: string;
  readonly elements: Readonly<Record<string, FlowNode>>;
  readonly flows: Readonly<Record<string, SequenceFlow>>;
  /** Top-level element ids in document order. */
  readonly children: readonly string[];
  /** Error definitions: id → errorCode. */
  readonly errors: Readonly<Record<string, string>>;
}

export interface CompiledForm {
  readonly formId: string;
  /** The form-js schema as deployed. */
  readonly schema: unknown;
}

/** A resource as it arrives in DeployResource. */
export interface ResourceInput {
  readonly name: string;
  readonly content: Buffer;
}

export type CompiledResource =
  | {
      readonly kind: 'process';
      readonly resourceName: string;
      readonly checksum: string;
      readonly processes: readonly CompiledProcess[];
      readonly xml: string;
    }
  | { readonly kind: 'form'; readonly resourceName: string; readonly checksum: string; readonly form: CompiledForm; readonly json: string }
  | {
      readonly kind: 'decision';
      readonly resourceName: string;
      readonly checksum: string;
      readonly xml: string;
      /** The DRG: Zeebe's decision requirements id (the `definitions` id) and name. */
      readonly decisionRequirementsId: string;
      readonly decisionRequirementsName: string;
      readonly decisions: readonly CompiledDecision[];
    };

/** Why a deployment was refused: Zeebe answers INVALID_ARGUMENT with a message built from these. */
export interface DeploymentProblem {
  readonly resourceName: string;
  readonly elementId?: string;
  readonly reason: string;
}
