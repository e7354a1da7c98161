/**
 * Engine part 2's activity extensions → model parts: multi-instance loop characteristics,
 * call activities and business rule tasks calling a decision, validated as Zeebe's
 * `ZeebeLoopCharacteristicsValidator` and `ZeebeDesignTimeValidators` do.
 */
import { checkExpr, checkPath, requireAttribute } from './expressions';
import { bool, child, extensions, str, type ModdleElement } from './moddle';
import type { ProblemSink } from './problems';
import { notSupported } from './supported';
import type { Expr, FlowNode, MultiInstanceDefinition } from './types';

export function compileMultiInstance(sink: ProblemSink, id: string, loop: ModdleElement): MultiInstanceDefinition | undefined {
  const sequential = bool(loop, 'isSequential') === true;
  const characteristics = extensions(loop, 'zeebe:LoopCharacteristics');
  if (characteristics.length !== 1) {
    sink.add(id, "Must have exactly one 'zeebe:loopCharacteristics' extension element");
    return undefined;
  }
  const [zeebe] = characteristics as [ModdleElement];
  const rawInput = str(zeebe, 'inputCollection');
  let inputCollection: Expr | undefined;
  if (rawInput === undefined || rawInput.trim() === '') {
    sink.add(id, "Attribute 'inputCollection' must be present and not empty");
  } else {
    inputCollection = checkExpr(sink, id, rawInput, { mandatory: true, nonStatic: true });
  }
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v);
  const inputElement = nonEmpty(str(zeebe, 'inputElement'));
  const outputCollection = nonEmpty(str(zeebe, 'outputCollection'));
  const rawOutputElement = nonEmpty(str(zeebe, 'outputElement'));
  if (outputCollection !== undefined && rawOutputElement === undefined) {
    sink.add(id, "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set");
  } else if (rawOutputElement !== undefined && outputCollection === undefined) {
    sink.add(id, "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set");
  }
  if (inputElement !== undefined) checkPath(sink, id, inputElement);
  if (outputCollection !== undefined) checkPath(sink, id, outputCollection);
  const outputElement =
    rawOutputElement === undefined ? undefined : checkExpr(sink, id, rawOutputElement, { mandatory: true, nonStatic: true });
  const conditionElement = child(loop, 'completionCondition');
  const completionCondition =
    conditionElement === undefined ? undefined : checkExpr(sink, id, str(conditionElement, 'body'), { mandatory: true, nonStatic: true });
  if (inputCollection === undefined) return undefined;
  return {
    sequential,
    inputCollection,
    ...(inputElement !== undefined ? { inputElement } : {}),
    ...(outputCollection !== undefined ? { outputCollection } : {}),
    ...(outputElement !== undefined ? { outputElement } : {}),
    ...(completionCondition !== undefined ? { completionCondition } : {}),
  };
}

function checkBindingType(sink: ProblemSink, id: string, ext: ModdleElement): void {
  const bindingType = str(ext, 'bindingType');
  if (bindingType !== undefined && bindingType !== 'latest') sink.add(id, notSupported(`Binding type '${bindingType}'`));
}

export function compileCalledElement(sink: ProblemSink, id: string, el: ModdleElement): FlowNode['calledElement'] {
  const called = extensions(el, 'zeebe:CalledElement');
  if (called.length !== 1) {
    sink.add(id, "Must have exactly one 'zeebe:calledElement' extension element");
    return undefined;
  }
  const [ext] = called as [ModdleElement];
  checkBindingType(sink, id, ext);
  const rawProcessId = str(ext, 'processId');
  if (!requireAttribute(sink, id, 'processId', rawProcessId)) return undefined;
  const processId = checkExpr(sink, id, rawProcessId, { mandatory: true });
  if (processId === undefined) return undefined;
  return {
    processId,
    propagateAllChildVariables: bool(ext, 'propagateAllChildVariables') !== false,
    propagateAllParentVariables: bool(ext, 'propagateAllParentVariables') !== false,
  };
}

export function compileCalledDecision(sink: ProblemSink, id: string, ext: ModdleElement): FlowNode['calledDecision'] {
  checkBindingType(sink, id, ext);
  const rawDecisionId = str(ext, 'decisionId');
  const resultVariable = str(ext, 'resultVariable');
  const decisionOk = requireAttribute(sink, id, 'decisionId', rawDecisionId);
  const resultOk = requireAttribute(sink, id, 'resultVariable', resultVariable);
  const decisionId = decisionOk ? checkExpr(sink, id, rawDecisionId, { mandatory: true }) : undefined;
  if (decisionId === undefined || !resultOk) return undefined;
  return { decisionId, resultVariable };
}
