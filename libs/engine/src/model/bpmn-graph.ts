/**
 * Rules over the process graph once every element and flow is known: flow endpoints and
 * scopes, incoming/outgoing lists, conditions only where Zeebe evaluates them, exclusive
 * gateways' default flows, boundary events and error catch ambiguity.
 */
import type { ProcessDraft } from './bpmn-transform';
import type { ProblemSink } from './problems';

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

    if (node.kind === 'exclusiveGateway') {
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
