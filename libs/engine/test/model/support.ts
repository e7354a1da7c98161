/** Builders for small Zeebe-dialect BPMN resources used by the model specs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileResources, DeploymentRejectedError } from '../../src/model/compile';
import type { CompiledProcess, DeploymentProblem, ResourceInput } from '../../src/model/types';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(path: string, name = path.split('/').pop() ?? path): ResourceInput {
  return { name, content: readFileSync(join(FIXTURES, path)) };
}

export function resource(name: string, text: string): ResourceInput {
  return { name, content: Buffer.from(text, 'utf8') };
}

/** A definitions document with one executable process `p` around `body`. */
export function processXml(body: string, definitionsExtra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://example.com/test">
  ${definitionsExtra}
  <bpmn:process id="p" isExecutable="true">
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}

/** start → `middle` (element with id `task`) → end, flows f1/f2. */
export function around(middle: string): string {
  return `<bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    ${middle}
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />`;
}

export function compileProcess(body: string, definitionsExtra = ''): CompiledProcess {
  const [compiled] = compileResources([resource('test.bpmn', processXml(body, definitionsExtra))]);
  if (compiled?.kind !== 'process' || compiled.processes[0] === undefined) throw new Error('expected a process resource');
  return compiled.processes[0];
}

/** Compiles and returns the rejection; fails when the deployment is accepted. */
export function rejection(resources: ResourceInput[], options?: Parameters<typeof compileResources>[1]): DeploymentRejectedError {
  try {
    compileResources(resources, options);
  } catch (error: unknown) {
    if (error instanceof DeploymentRejectedError) return error;
    throw error;
  }
  throw new Error('expected the deployment to be rejected');
}

export function problemsOf(body: string, definitionsExtra = ''): DeploymentProblem[] {
  return [...rejection([resource('test.bpmn', processXml(body, definitionsExtra))]).problems];
}
