/**
 * Rules over the process graph once every element and flow is known: flow endpoints and
 * scopes, incoming/outgoing lists, conditions only where Zeebe evaluates them, exclusive
 * gateways' default flows, boundary events and error catch ambiguity.
 */
import type { ProcessDraft } from './bpmn-transform';
import { staticEventName } from './events';
import type { ProblemSink } from './problems';
import type { FlowNode } from './types';

export function validateProcessGraph(sink: ProblemSink, draft: ProcessDraft): void {
  const { elements, flows, scopeOf, flowScopeOf } = draft;
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();

  for (const flow of Object.values(flows)) {
    const flowScope = flowScopeOf.get(flow.id);
    for (const [end, ref] of [
      ['source', flow.sourceRef],
      ['target', flow.targetRef],
    ] as const) {
      if (ref === '') continue;
      const scope = scopeOf.get(ref);
      if (scope === undefined) {
        sink.add(flow.id, `The ${end} '${ref}' is not a flow node of the process`);
      } else if (scope !== flowScope) {
        sink.add(flow.id, `Must connect flow nodes of the same scope, but the ${end} '${ref}' is in '${scope}'`);
      }
    }
    outgoing.set(flow.sourceRef, [...(outgoing.get(flow.sourceRef) ?? []), flow.id]);
    incoming.set(flow.targetRef, [...(incoming.get(flow.targetRef) ?? []), flow.id]);
  }

  const conditionalSources = new Set(
    Object.values(flows)
      .filter((f) => f.condition !== undefined)
      .map((f) => f.sourceRef),
  );

  for (const node of Object.values(elements)) {
    node.incoming = incoming.get(node.id) ?? [];
    node.outgoing = outgoing.get(node.id) ?? [];

    if (conditionalSources.has(node.id) && node.kind !== 'exclusiveGateway' && node.kind !== 'inclusiveGateway') {
      sink.add(node.id, 'Conditional sequence flows are only supported at exclusive or inclusive gateway');
    }

    if (node.kind === 'eventSubProcess') {
      if (node.incoming.length > 0 || node.outgoing.length > 0) {
        sink.add(node.id, 'Event sub-processes must not have incoming or outgoing sequence flows');
      }
    } else if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') {
      // Zeebe's docs: with several outgoing flows, each has a condition or is the default flow.
      // (Zeebe validates it for exclusive gateways; the inclusive gateway's rule is documented.)
      const defaultFlow = draft.defaults.get(node.id);
      if (defaultFlow !== undefined && flows[defaultFlow]?.sourceRef !== node.id) {
        sink.add(node.id, 'Default flow must start at gateway');
      }
      if (node.outgoing.length > 1) {
        for (const flowId of node.outgoing) {
          if (flowId !== defaultFlow && flows[flowId]?.condition === undefined) {
            sink.add(flowId, 'Must have a condition or be default flow');
          }
        }
      }
    } else if (node.kind === 'boundaryEvent') {
      if (node.incoming.length > 0) sink.add(node.id, 'Cannot have incoming sequence flows');
      const host = node.attachedToRef;
      if (host !== undefined && scopeOf.has(host) && scopeOf.get(host) !== node.parentId) {
        sink.add(node.id, `Must be attached to an activity of the same scope, but '${host}' is in '${scopeOf.get(host) ?? ''}'`);
      }
    } else if (node.kind === 'startEvent' && node.incoming.length > 0) {
      sink.add(node.id, 'Start events must not have incoming sequence flows');
    } else if (node.kind === 'endEvent' && node.outgoing.length > 0) {
      sink.add(node.id, 'End events must not have outgoing sequence flows');
    }
  }

  validateErrorCatchEvents(sink, draft);
  validateEventBasedGateways(sink, draft, incoming);
  validateDuplicateNames(sink, draft);
}

/** Zeebe's `EventBasedGatewayValidator`. */
function validateEventBasedGateways(sink: ProblemSink, draft: ProcessDraft, incoming: ReadonlyMap<string, string[]>): void {
  for (const node of Object.values(draft.elements)) {
    if (node.kind !== 'eventBasedGateway') continue;
    if (node.outgoing.length < 2) sink.add(node.id, 'Event-based gateway must have at least 2 outgoing sequence flows.');
    const targets = node.outgoing.map((f) => draft.flows[f]?.targetRef ?? '').map((t) => draft.elements[t]);
    const valid = targets.every(
      (t) =>
        t !== undefined &&
        t.kind === 'intermediateCatchEvent' &&
        (t.event?.kind === 'timer' || t.event?.kind === 'message' || t.event?.kind === 'signal'),
    );
    // A target that did not compile has its own problem already; only report real misuse.
    const unknown = targets.some((t) => t === undefined);
    if (!valid && !unknown) {
      sink.add(
        node.id,
        'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events.',
      );
    }
    reportDuplicates(
      sink,
      node.id,
      targets.filter((t): t is FlowNode => t !== undefined),
    );
    const extraIncoming = targets.some(
      (t) => t !== undefined && (incoming.get(t.id) ?? []).some((f) => draft.flows[f]?.sourceRef !== node.id),
    );
    if (extraIncoming) {
      sink.add(
        node.id,
        'Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway.',
      );
    }
  }
}

/** `ModelUtil.verifyNoDuplicatedEventDefinition`: one static message/signal name per group of catch events. */
function reportDuplicates(sink: ProblemSink, ownerId: string, nodes: readonly FlowNode[]): void {
  const seen = new Set<string>();
  for (const node of nodes) {
    const named = staticEventName(node.event);
    if (named === undefined) continue;
    const key = `${named.kind}:${named.name}`;
    if (seen.has(key)) {
      sink.add(ownerId, `Multiple ${named.kind} event definitions with the same name '${named.name}' are not allowed.`);
    }
    seen.add(key);
  }
}

/**
 * Per activity (its boundary events), per scope (its event sub-processes' start events)
 * and per process (its message and signal start events); a receive task may not wait for
 * the message one of its boundary events catches.
 */
function validateDuplicateNames(sink: ProblemSink, draft: ProcessDraft): void {
  const nodes = Object.values(draft.elements);
  const boundaryOf = new Map<string, FlowNode[]>();
  const eventSubProcessStartsOf = new Map<string, FlowNode[]>();
  for (const node of nodes) {
    if (node.kind === 'boundaryEvent' && node.attachedToRef !== undefined) {
      boundaryOf.set(node.attachedToRef, [...(boundaryOf.get(node.attachedToRef) ?? []), node]);
    }
    if (node.kind === 'startEvent' && node.parentId !== undefined && draft.eventSubProcesses.has(node.parentId)) {
      const scope = draft.elements[node.parentId]?.parentId;
      if (scope !== undefined) eventSubProcessStartsOf.set(scope, [...(eventSubProcessStartsOf.get(scope) ?? []), node]);
    }
  }
  for (const [activity, events] of boundaryOf) {
    reportDuplicates(sink, activity, events);
    const task = draft.elements[activity];
    if (task?.kind === 'receiveTask' && task.message !== undefined && !task.message.name.feel) {
      const name = task.message.name.value;
      if (events.some((e) => e.event?.kind === 'message' && !e.event.message.name.feel && e.event.message.name.value === name)) {
        sink.add(activity, 'Cannot reference the same message name as a boundary event');
      }
    }
  }
  for (const [scope, starts] of eventSubProcessStartsOf) {
    reportDuplicates(sink, scope, starts);
    reportDuplicateErrorStarts(sink, scope, starts);
  }
  const processStarts = nodes.filter((n) => n.kind === 'startEvent' && n.parentId === draft.processId);
  reportDuplicates(sink, draft.processId, processStarts);
}

/** Zeebe refuses two error boundary events of one activity catching the same code (or both catching all). */
function validateErrorCatchEvents(sink: ProblemSink, draft: ProcessDraft): void {
  const seen = new Map<string, Set<string>>();
  for (const node of Object.values(draft.elements)) {
    if (node.kind !== 'boundaryEvent' || node.event?.kind !== 'error' || node.attachedToRef === undefined) continue;
    const code =
      node.event.errorCode === undefined ? '' : node.event.errorCode.feel ? node.event.errorCode.expression : node.event.errorCode.value;
    const codes = seen.get(node.attachedToRef) ?? new Set<string>();
    if (codes.has(code)) {
      sink.add(
        node.attachedToRef,
        code === ''
          ? 'Multiple error catch events without an error code are not supported on the same element.'
          : `Multiple error catch events with the same error code '${code}' are not supported on the same element.`,
      );
    }
    codes.add(code);
    seen.set(node.attachedToRef, codes);
  }
}

/** `ModelUtil.verifyNoDuplicatedErrorHandler` over a scope's error event sub-processes. */
function reportDuplicateErrorStarts(sink: ProblemSink, scopeId: string, starts: readonly FlowNode[]): void {
  const codes = new Set<string>();
  for (const start of starts) {
    if (start.event?.kind !== 'error') continue;
    const code =
      start.event.errorCode === undefined
        ? ''
        : start.event.errorCode.feel
          ? start.event.errorCode.expression
          : start.event.errorCode.value;
    if (codes.has(code)) {
      sink.add(
        scopeId,
        code === ''
          ? 'The same scope can not contain more than one error catch event without error code. An error catch event without error code catches all errors.'
          : `Multiple error catch events with the same error code '${code}' are not supported on the same scope.`,
      );
    }
    codes.add(code);
  }
}
