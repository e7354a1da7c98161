/**
 * Flow selection at an inclusive gateway (fork), as Zeebe does: every outgoing flow whose
 * condition is true (an unconditioned flow counts as true, the default flow is never
 * evaluated); none → the default flow; none and no default → an incident.
 */
import type { FlowNode, SequenceFlow } from '../model/types';
import { evaluateBoolean, type EvalResult, type Variables } from './evaluate';

export function selectInclusiveFlows(
  gateway: FlowNode,
  flows: Readonly<Record<string, SequenceFlow>>,
  variables: Variables,
): EvalResult<string[]> {
  const taken: string[] = [];
  for (const flowId of gateway.outgoing) {
    if (flowId === gateway.defaultFlow) continue;
    const condition = flows[flowId]?.condition;
    if (condition === undefined) {
      taken.push(flowId);
      continue;
    }
    const result = evaluateBoolean({ feel: true, expression: condition }, variables);
    if (!result.ok) return result;
    if (result.value) taken.push(flowId);
  }
  if (taken.length > 0) return { ok: true, value: taken };
  if (gateway.defaultFlow !== undefined) return { ok: true, value: [gateway.defaultFlow] };
  return { ok: false, reason: 'Expected at least one condition to evaluate to true, or to have a default flow' };
}
