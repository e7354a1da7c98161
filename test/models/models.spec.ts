/**
 * Static checks of the procedure models: processes/*.bpmn pass bpmnlint's Camunda 8.8 rules,
 * every form a diagram references exists and is form-js JSON, every task type is listed in
 * TASK_TYPES, gateways read only variables something writes, and every field an official
 * fills in is read by a later step.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import {
  CALLER_PROVIDED_VARIABLES,
  MESSAGE_PAYLOAD_VARIABLES,
  PROCESS_IDS,
  ROLE_IDS,
  SERVER_PROVIDED_VARIABLES,
  START_UNIT_VARIABLE,
  TASK_TYPES,
  isTaskType,
  type ProcessId,
} from '@rp/domain';

import {
  type El,
  type FormSchema,
  FORMS_DIR,
  PROCESSES_DIR,
  ROOT,
  allFields,
  arr,
  extension,
  extensions,
  feelParses,
  feelVariables,
  flowElements,
  formReads,
  formWrites,
  isExpression,
  listFiles,
  parseBpmn,
  parseDmn,
  readForms,
} from './model-files';

interface ProcessModel {
  readonly file: string;
  readonly definitions: El;
  readonly process: El;
  readonly elements: El[];
  readonly warnings: string[];
}

interface VariableUse {
  readonly writes: Map<string, string[]>;
  /** Read by an expression, a read-only form field or a decision: must be written. */
  readonly reads: Map<string, string[]>;
  /** Read by a worker (TASK_TYPES inputs; a shared task type may read optional ones). */
  readonly workerReads: Map<string, string[]>;
  readonly conditions: { readonly flow: string; readonly variables: string[] }[];
  readonly formIds: { readonly element: string; readonly formId: string }[];
}

const bpmnFiles = listFiles(PROCESSES_DIR, '.bpmn');
const dmnFiles = listFiles(PROCESSES_DIR, '.dmn');
const forms = readForms();
const models = new Map<string, ProcessModel>();
const decisionInputs = new Map<string, string[]>();

beforeAll(async () => {
  for (const file of bpmnFiles) {
    const { definitions, warnings } = await parseBpmn(join(PROCESSES_DIR, file));
    const process = arr(definitions['rootElements']).find((e) => e.$type === 'bpmn:Process');
    if (!process) throw new Error(`${file}: no process`);
    models.set(process.id as string, { file, definitions, process, elements: flowElements(process), warnings });
  }
  for (const file of dmnFiles) {
    const definitions = await parseDmn(join(PROCESSES_DIR, file));
    for (const decision of arr(definitions['drgElement']).filter((e) => e.$type === 'dmn:Decision')) {
      const table = decision['decisionLogic'] as El;
      const variables = arr(table['input']).flatMap((input) => {
        const text = (input['inputExpression'] as El | undefined)?.['text'];
        return typeof text === 'string' ? feelVariables(text) : [];
      });
      decisionInputs.set(decision.id as string, variables);
    }
  }
});

function add(map: Map<string, string[]>, name: string, by: string): void {
  map.set(name, [...(map.get(name) ?? []), by]);
}

function variableUse(model: ProcessModel): VariableUse {
  const writes = new Map<string, string[]>();
  const reads = new Map<string, string[]>();
  const workerReads = new Map<string, string[]>();
  const conditions: VariableUse['conditions'] = [];
  const formIds: VariableUse['formIds'] = [];
  const readFeel = (expr: unknown, by: string): void => {
    if (isExpression(expr)) for (const v of feelVariables(expr)) add(reads, v, by);
  };
  for (const v of SERVER_PROVIDED_VARIABLES[model.process.id as ProcessId] ?? []) add(writes, v, 'server');
  for (const v of CALLER_PROVIDED_VARIABLES[model.process.id as ProcessId] ?? []) add(writes, v, 'calling process');

  for (const el of model.elements) {
    const by = el.id as string;
    const form = extension(el, 'zeebe:FormDefinition');
    if (form && typeof form['formId'] === 'string') {
      formIds.push({ element: by, formId: form['formId'] });
      const schema = forms.get(form['formId'])?.schema;
      if (schema) {
        for (const v of formWrites(schema)) add(writes, v, `${by} (form)`);
        for (const v of formReads(schema)) add(reads, v, `${by} (form)`);
      }
    }
    for (const io of extensions(el, 'zeebe:IoMapping')) {
      for (const p of arr(io['inputParameters'])) {
        readFeel(p['source'], by);
        add(writes, p['target'] as string, `${by} (input mapping)`);
      }
      for (const p of arr(io['outputParameters'])) {
        // a call activity's outputs read the called process's variables (checked separately)
        if (el.$type !== 'bpmn:CallActivity') readFeel(p['source'], by);
        add(writes, p['target'] as string, `${by} (output mapping)`);
      }
    }
    const assignment = extension(el, 'zeebe:AssignmentDefinition');
    readFeel(assignment?.['candidateGroups'], by);
    readFeel(assignment?.['assignee'], by);
    const schedule = extension(el, 'zeebe:TaskSchedule');
    readFeel(schedule?.['dueDate'], by);
    readFeel(schedule?.['followUpDate'], by);
    const task = extension(el, 'zeebe:TaskDefinition');
    if (task && typeof task['type'] === 'string' && isTaskType(task['type'])) {
      const spec = TASK_TYPES[task['type']];
      for (const v of spec.inputs) add(workerReads, v, by);
      for (const v of spec.outputs) add(writes, v, `${by} (${task['type']})`);
    }
    const decision = extension(el, 'zeebe:CalledDecision');
    if (decision) {
      add(writes, decision['resultVariable'] as string, `${by} (decision)`);
      for (const v of decisionInputs.get(decision['decisionId'] as string) ?? []) add(reads, v, by);
    }
    const loop = extension(el['loopCharacteristics'] as El | undefined, 'zeebe:LoopCharacteristics');
    if (loop) {
      readFeel(loop['inputCollection'], by);
      readFeel(loop['outputElement'], by);
      if (loop['inputElement']) add(writes, loop['inputElement'] as string, `${by} (input element)`);
      if (loop['outputCollection']) add(writes, loop['outputCollection'] as string, `${by} (output collection)`);
    }
    for (const def of arr(el['eventDefinitions'])) {
      for (const prop of ['timeDuration', 'timeCycle', 'timeDate']) readFeel((def[prop] as El | undefined)?.['body'], by);
      const message = def['messageRef'] as El | undefined;
      if (message) {
        readFeel(extension(message, 'zeebe:Subscription')?.['correlationKey'], by);
        for (const v of MESSAGE_PAYLOAD_VARIABLES[message.name as string] ?? []) add(writes, v, `${by} (message)`);
      }
    }
    if (el.$type === 'bpmn:SequenceFlow') {
      const body = (el['conditionExpression'] as El | undefined)?.['body'];
      if (isExpression(body)) {
        const variables = feelVariables(body);
        conditions.push({ flow: by, variables });
        for (const v of variables) add(reads, v, by);
      }
    }
  }
  return { writes, reads, workerReads, conditions, formIds };
}

describe('procedure models', () => {
  it('has one diagram per procedure, with the fixed process ids', () => {
    // given the diagrams in processes/
    // then every procedure of DOMAIN.md has one, named by its process id
    expect([...models.keys()].sort()).toEqual([...PROCESS_IDS].sort());
    for (const [id, model] of models) expect(model.file).toBe(`${id}.bpmn`);
  });

  it('parses every diagram without warnings and targets Camunda 8.8', () => {
    for (const model of models.values()) {
      expect({ file: model.file, warnings: model.warnings }).toEqual({ file: model.file, warnings: [] });
      const attrs = (model.definitions as unknown as { $attrs: Record<string, string> }).$attrs;
      expect(attrs['modeler:executionPlatform']).toBe('Camunda Cloud');
      expect(attrs['modeler:executionPlatformVersion']).toBe('8.8.0');
    }
  });

  it('passes bpmnlint with camunda-compat camunda-cloud-8-8 (only the job-worker user task advice remains)', () => {
    // given every diagram, linted in a Node process (the plugin loads ES modules)
    const output = execFileSync(process.execPath, [join(__dirname, 'lint-bpmn.mjs'), ...bpmnFiles.map((f) => join(PROCESSES_DIR, f))], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const results = JSON.parse(output) as Record<
      string,
      { parseWarnings: string[]; reports: { rule: string; category: string; id: string; message: string }[] }
    >;
    // then there are no errors; the only warning is the deliberate choice of job-worker user
    // tasks (no zeebe:userTask), which the inbox consumes as io.camunda.zeebe:userTask jobs
    for (const [file, result] of Object.entries(results)) {
      const unexpected = result.reports.filter((r) => r.rule !== 'camunda-compat/zeebe-user-task');
      expect({ file, unexpected }).toEqual({ file, unexpected: [] });
      expect(result.parseWarnings).toEqual([]);
    }
  });

  it('has complete diagram interchange: every lane, node and flow is drawn', () => {
    for (const model of models.values()) {
      const diagrams = arr(model.definitions['diagrams']);
      const drawn = new Map<string, El>();
      for (const d of diagrams) {
        for (const e of arr((d['plane'] as El)['planeElement'])) drawn.set((e['bpmnElement'] as El).id as string, e);
      }
      const lanes = arr(model.process['laneSets']).flatMap((s) => arr(s['lanes']));
      expect(lanes.length).toBeGreaterThan(0);
      for (const el of [...model.elements, ...lanes]) {
        const di = drawn.get(el.id as string);
        expect({ id: el.id, drawn: di !== undefined }).toEqual({ id: el.id, drawn: true });
        if (el.$type === 'bpmn:SequenceFlow') expect(arr(di?.['waypoint']).length).toBeGreaterThanOrEqual(2);
        else expect(di?.['bounds']).toBeDefined();
      }
    }
  });

  it('names every step, event and gateway in Chinese', () => {
    for (const model of models.values()) {
      for (const el of model.elements) {
        if (el.$type === 'bpmn:SequenceFlow') continue;
        expect({ id: el.id, name: el.name }).toEqual({ id: el.id, name: expect.stringMatching(/[\u4e00-\u9fff]/) });
      }
    }
  });

  it('uses job-worker user tasks offered to <role>:<unit> candidate groups', () => {
    for (const model of models.values()) {
      for (const el of model.elements.filter((e) => e.$type === 'bpmn:UserTask')) {
        expect(extension(el, 'zeebe:UserTask')).toBeUndefined();
        const assignment = extension(el, 'zeebe:AssignmentDefinition');
        const groups = assignment?.['candidateGroups'];
        expect({ id: el.id, assigned: groups !== undefined || assignment?.['assignee'] !== undefined }).toEqual({
          id: el.id,
          assigned: true,
        });
        if (typeof groups === 'string') {
          expect(groups).toMatch(/^=\[/); // Zeebe: a candidateGroups expression yields a list of strings
          for (const [, role] of groups.matchAll(/"([a-z-]+):"/g)) expect(ROLE_IDS).toContain(role);
        }
      }
    }
  });

  it('references only forms that exist, and each form is used', () => {
    const used = new Set<string>();
    for (const model of models.values()) {
      for (const { element, formId } of variableUse(model).formIds) {
        expect({ element, formId, exists: forms.has(formId) }).toEqual({ element, formId, exists: true });
        used.add(formId);
      }
    }
    expect([...forms.keys()].filter((id) => !used.has(id))).toEqual([]);
  });

  it('asks each start form for the organisation unit the server scopes the instance to', () => {
    for (const model of models.values()) {
      for (const el of model.elements.filter((e) => e.$type === 'bpmn:StartEvent')) {
        const formId = extension(el, 'zeebe:FormDefinition')?.['formId'];
        if (typeof formId !== 'string') continue;
        const keys = formWrites(forms.get(formId)?.schema as FormSchema);
        expect(keys).toContain(START_UNIT_VARIABLE[model.process.id as ProcessId]);
      }
    }
  });

  it('lists every service task type in TASK_TYPES, and every listed type is used', () => {
    const used = new Set<string>();
    for (const model of models.values()) {
      for (const el of model.elements.filter((e) => e.$type === 'bpmn:ServiceTask')) {
        const type = extension(el, 'zeebe:TaskDefinition')?.['type'];
        expect({ id: el.id, type }).toEqual({ id: el.id, type: expect.stringMatching(/^rp\.[a-z]+(-[a-z]+)+$/) });
        expect({ id: el.id, listed: isTaskType(type as string) }).toEqual({ id: el.id, listed: true });
        used.add(type as string);
      }
    }
    expect(Object.keys(TASK_TYPES).filter((t) => !used.has(t))).toEqual([]);
  });

  it('calls only decisions that exist in processes/*.dmn', () => {
    for (const model of models.values()) {
      for (const el of model.elements.filter((e) => e.$type === 'bpmn:BusinessRuleTask')) {
        const decision = extension(el, 'zeebe:CalledDecision');
        expect(decisionInputs.has(decision?.['decisionId'] as string)).toBe(true);
        expect(decision?.['resultVariable']).toMatch(/^[a-zA-Z]+$/);
      }
    }
  });

  it('has gateway conditions that read only variables something writes', () => {
    for (const model of models.values()) {
      const use = variableUse(model);
      for (const { flow, variables } of use.conditions) {
        const unwritten = variables.filter((v) => !use.writes.has(v));
        expect({ process: model.process.id, flow, unwritten }).toEqual({ process: model.process.id, flow, unwritten: [] });
      }
    }
  });

  it('reads in expressions and read-only form fields only variables something writes', () => {
    for (const model of models.values()) {
      const use = variableUse(model);
      const unwritten = [...use.reads.entries()].filter(([v]) => !use.writes.has(v)).map(([v, by]) => `${v} ← ${by.join(', ')}`);
      expect({ process: model.process.id, unwritten }).toEqual({ process: model.process.id, unwritten: [] });
    }
  });

  it('binds every field an official fills in to a variable a later step, gateway or worker reads', () => {
    for (const model of models.values()) {
      const use = variableUse(model);
      for (const { element, formId } of use.formIds) {
        const schema = forms.get(formId)?.schema as FormSchema;
        const unread = formWrites(schema).filter((key) => !use.reads.has(key) && !use.workerReads.has(key));
        expect({ element, formId, unread }).toEqual({ element, formId, unread: [] });
      }
    }
  });

  it('writes every FEEL expression of diagrams and forms without syntax errors', () => {
    const expressions: { where: string; feel: string }[] = [];
    const collect = (value: unknown, where: string): void => {
      if (isExpression(value)) expressions.push({ where, feel: value });
      else if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${where}[${i}]`));
      else if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) collect(v, `${where}.${k}`);
    };
    for (const model of models.values()) {
      for (const el of model.elements) {
        collect(el['extensionElements'], el.id as string);
        collect((el['loopCharacteristics'] as El | undefined)?.['extensionElements'], el.id as string);
        collect((el['conditionExpression'] as El | undefined)?.['body'], el.id as string);
        for (const def of arr(el['eventDefinitions']))
          for (const prop of ['timeDuration', 'timeCycle', 'timeDate']) collect((def[prop] as El | undefined)?.['body'], el.id as string);
      }
    }
    for (const { schema } of forms.values()) collect(schema.components, schema.id);
    expect(expressions.length).toBeGreaterThan(50);
    const broken = expressions.filter((e) => !feelParses(e.feel));
    expect(broken).toEqual([]);
  });

  it('calls only procedures that exist, and maps out only variables the called procedure writes', () => {
    for (const model of models.values()) {
      for (const el of model.elements.filter((e) => e.$type === 'bpmn:CallActivity')) {
        const processId = extension(el, 'zeebe:CalledElement')?.['processId'] as string;
        const child = models.get(processId);
        expect({ id: el.id, processId, exists: child !== undefined }).toEqual({ id: el.id, processId, exists: true });
        if (!child) continue;
        const childWrites = variableUse(child).writes;
        for (const io of extensions(el, 'zeebe:IoMapping')) {
          for (const p of arr(io['outputParameters'])) {
            const unwritten = feelVariables(p['source'] as string).filter((v) => !childWrites.has(v));
            expect({ id: el.id, unwritten }).toEqual({ id: el.id, unwritten: [] });
          }
        }
      }
    }
  });
});

/**
 * What officials type on each procedure's happy path: required fields with no default, not
 * hidden by a condition, not prefilled by an earlier step (form, worker, io mapping) or by the
 * server (the start form's unit, defaulted to the user's own) — list rows not included. Keeping these numbers small is a design goal; docs/procedures.md explains them.
 */
describe('typing on the happy path', () => {
  const HAPPY_PATHS: Readonly<Record<ProcessId, readonly (readonly [string, number])[]>> = {
    'resident-report': [
      ['StartEvent_report', 3],
      ['Task_report_dispatch', 0],
      ['Task_report_accept', 1],
      ['Task_report_handle', 1],
      ['Task_report_rate', 1],
    ],
    'major-matter-decision': [
      ['StartEvent_matter', 4],
      ['Task_matter_deliberation', 2],
      ['Task_matter_assembly', 5],
      ['Task_matter_review', 2],
      ['Task_matter_implement', 2],
    ],
    'committee-candidate-vetting': [
      ['StartEvent_vetting', 1],
      ['Task_vetting_structure', 0],
      ['Task_vetting_nominate', 0],
      ['Task_vetting_qualification', 0],
      ['Task_vetting_election', 2],
    ],
    'committee-correction-exit': [
      ['StartEvent_correction', 2],
      ['Task_correction_investigate', 2],
      ['Task_correction_rectify', 1],
      ['Task_correction_verify', 1],
    ],
    'annual-secretary-review': [
      ['Task_review_report', 4],
      ['Task_review_score', 3],
    ],
  };

  it.each(Object.entries(HAPPY_PATHS))('%s asks for the documented number of typed fields', (processId, steps) => {
    const model = models.get(processId);
    if (!model) throw new Error(`no model ${processId}`);
    const prefilled = new Set<string>([
      ...(SERVER_PROVIDED_VARIABLES[processId as ProcessId] ?? []),
      ...Object.values(TASK_TYPES).flatMap((t) => [...t.outputs]),
    ]);
    const typed: [string, number][] = [];
    for (const [elementId] of steps) {
      const el = model.elements.find((e) => e.id === elementId);
      const formId = extension(el, 'zeebe:FormDefinition')?.['formId'] as string;
      const schema = forms.get(formId)?.schema as FormSchema;
      // an input mapping prefills its target, unless it only declares a local (`=null`)
      for (const io of extensions(el, 'zeebe:IoMapping'))
        for (const p of arr(io['inputParameters'])) if (p['source'] !== '=null') prefilled.add(p['target'] as string);
      const fields = schema.components.filter(
        (c) =>
          c.key !== undefined &&
          c.readonly !== true &&
          c.type !== 'expression' &&
          c.validate?.['required'] === true &&
          (c as { defaultValue?: unknown }).defaultValue === undefined &&
          c.conditional === undefined &&
          !prefilled.has(c.key),
      );
      typed.push([elementId, fields.length]);
      for (const key of formWrites(schema)) prefilled.add(key);
    }
    expect(typed).toEqual(steps.map(([id, n]) => [id, n]));
  });
});

describe('forms', () => {
  it.each([...forms.values()].map((f) => [f.file, f.schema] as const))('%s is form-js JSON with a unique id', (file, schema) => {
    expect(file).toBe(`${schema.id}.form`);
    expect(schema.type).toBe('default');
    expect(schema.schemaVersion).toBeGreaterThanOrEqual(16);
    expect(Array.isArray(schema.components)).toBe(true);
    const fields = allFields(schema.components);
    const ids = fields.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = schema.components.map((f) => f.key ?? f.path).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of fields) {
      if (['text', 'separator', 'spacer', 'group'].includes(f.type)) continue;
      expect({ id: f.id, bound: Boolean(f.key ?? f.path) }).toEqual({ id: f.id, bound: true });
    }
    // Chinese labels
    expect(JSON.stringify(schema)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('lives in forms/', () => {
    expect(listFiles(FORMS_DIR, '.form').length).toBe(forms.size);
  });
});
