/**
 * Zeebe extension elements → model parts: io mappings, job definitions, user task
 * definitions and scripts, each validated as Zeebe does at deployment.
 */
import { isIsoDateTime, parseCsvList } from '../feel/evaluate';
import { checkExpr, checkPath, requireAttribute } from './expressions';
import { children, extensions, str, type ModdleElement } from './moddle';
import type { ProblemSink } from './problems';
import { FEATURES, notSupported } from './supported';
import type { Expr, IoMapping, JobDefinition, Mapping, UserTaskDefinition } from './types';

const CSV_LIST = { test: (v: string) => parseCsvList(v) !== undefined, description: "be a list of comma-separated values, e.g. 'a,b,c'" };
const DATE_TIME = { test: isIsoDateTime, description: "be a valid DateTime String, e.g. '2023-03-02T15:35+02:00'" };

export function compileIoMapping(sink: ProblemSink, elementId: string, el: ModdleElement): IoMapping | undefined {
  const ioMappings = extensions(el, 'zeebe:IoMapping');
  if (ioMappings.length === 0) return undefined;
  if (ioMappings.length > 1) sink.add(elementId, "Must have at most one 'zeebe:ioMapping' extension element");
  const inputs: Mapping[] = [];
  const outputs: Mapping[] = [];
  for (const io of ioMappings) {
    for (const input of children(io, 'inputParameters')) {
      const source = checkExpr(sink, elementId, str(input, 'source'), { mandatory: true });
      const target = str(input, 'target');
      if (checkPath(sink, elementId, target) && source !== undefined) inputs.push({ source, target: target as string });
    }
    for (const output of children(io, 'outputParameters')) {
      const source = checkExpr(sink, elementId, str(output, 'source'), { mandatory: true, nonStatic: true });
      const target = str(output, 'target');
      if (checkPath(sink, elementId, target) && source !== undefined) outputs.push({ source, target: target as string });
    }
  }
  return { inputs, outputs };
}

function compileHeaders(el: ModdleElement, sink: ProblemSink, elementId: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const taskHeaders of extensions(el, 'zeebe:TaskHeaders')) {
    for (const header of children(taskHeaders, 'values')) {
      const key = str(header, 'key');
      if (requireAttribute(sink, elementId, 'key', key)) headers[key] = str(header, 'value') ?? '';
    }
  }
  return headers;
}

/** `zeebe:taskDefinition` (+ `zeebe:taskHeaders`); the caller has checked there is exactly one. */
export function compileJobDefinition(sink: ProblemSink, elementId: string, el: ModdleElement): JobDefinition | undefined {
  const [definition] = extensions(el, 'zeebe:TaskDefinition');
  if (definition === undefined) return undefined;
  const rawType = str(definition, 'type');
  const typeOk = requireAttribute(sink, elementId, 'type', rawType);
  const type = typeOk ? checkExpr(sink, elementId, rawType, { mandatory: true }) : undefined;
  const retries = checkExpr(sink, elementId, str(definition, 'retries') ?? '3', {
    mandatory: true,
    ifStatic: { test: (v) => /^\d+$/.test(v.trim()), description: 'be a valid Number' },
  });
  const headers = compileHeaders(el, sink, elementId);
  return type === undefined || retries === undefined ? undefined : { type, retries, headers };
}

export function compileUserTask(sink: ProblemSink, elementId: string, el: ModdleElement): UserTaskDefinition {
  if (extensions(el, 'zeebe:UserTask').length > 0) sink.add(elementId, notSupported(FEATURES.zeebeUserTask.label));
  const result: { -readonly [K in keyof UserTaskDefinition]: UserTaskDefinition[K] } = {};

  const forms = extensions(el, 'zeebe:FormDefinition');
  if (forms.length > 1) sink.add(elementId, "Must have at most one 'zeebe:formDefinition' extension element");
  const [form] = forms;
  if (form !== undefined) {
    const formId = str(form, 'formId');
    const formKey = str(form, 'formKey');
    const externalReference = str(form, 'externalReference');
    const present = [formId, formKey, externalReference].filter((v) => v !== undefined && v.trim() !== '');
    if (present.length !== 1) {
      sink.add(elementId, "Exactly one of the attributes 'formId, formKey, externalReference' must be present and not blank");
    } else if (externalReference !== undefined && externalReference.trim() !== '') {
      sink.add(elementId, notSupported(FEATURES.formExternalReference.label));
    }
    const bindingType = str(form, 'bindingType');
    if (bindingType !== undefined && bindingType !== 'latest') {
      sink.add(elementId, notSupported(`Form binding type '${bindingType}'`));
    }
    if (formId !== undefined && formId.trim() !== '') {
      if (formId.startsWith('=')) sink.add(elementId, `Expected static value for 'formId', but found expression '${formId}'.`);
      result.formId = formId;
    }
    if (formKey !== undefined && formKey.trim() !== '') result.formKey = formKey;
  }

  const [assignment] = extensions(el, 'zeebe:AssignmentDefinition');
  if (assignment !== undefined) {
    const assignee = checkExpr(sink, elementId, str(assignment, 'assignee'));
    const candidateGroups = checkExpr(sink, elementId, str(assignment, 'candidateGroups'), { ifStatic: CSV_LIST });
    const candidateUsers = checkExpr(sink, elementId, str(assignment, 'candidateUsers'), { ifStatic: CSV_LIST });
    if (assignee !== undefined) result.assignee = assignee;
    if (candidateGroups !== undefined) result.candidateGroups = candidateGroups;
    if (candidateUsers !== undefined) result.candidateUsers = candidateUsers;
  }

  const [schedule] = extensions(el, 'zeebe:TaskSchedule');
  if (schedule !== undefined) {
    const dueDate = checkExpr(sink, elementId, str(schedule, 'dueDate'), { ifStatic: DATE_TIME });
    const followUpDate = checkExpr(sink, elementId, str(schedule, 'followUpDate'), { ifStatic: DATE_TIME });
    if (dueDate !== undefined) result.dueDate = dueDate;
    if (followUpDate !== undefined) result.followUpDate = followUpDate;
  }
  return result;
}

/** `zeebe:script`: a FEEL expression whose result is stored in `resultVariable`. */
export function compileScript(
  sink: ProblemSink,
  elementId: string,
  script: ModdleElement,
): { readonly expression: string; readonly resultVariable: string } | undefined {
  const rawExpression = str(script, 'expression');
  const resultVariable = str(script, 'resultVariable');
  const expressionOk = requireAttribute(sink, elementId, 'expression', rawExpression);
  const resultOk = requireAttribute(sink, elementId, 'resultVariable', resultVariable);
  const expression: Expr | undefined = expressionOk
    ? checkExpr(sink, elementId, rawExpression, { mandatory: true, nonStatic: true })
    : undefined;
  if (!resultOk || expression === undefined || !expression.feel) return undefined;
  return { expression: expression.expression, resultVariable };
}
