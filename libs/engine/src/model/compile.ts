/**
 * Deployment compiler: validates every resource of a deployment and compiles it into the
 * executable model. All problems across all resources are collected, then either every
 * resource compiles or the deployment is rejected as a whole (Zeebe deployments are atomic).
 * Nothing is stored here; the caller stores the result.
 */
import { createHash } from 'node:crypto';
import { transformDefinitions } from './bpmn-transform';
import { compileForm } from './form';
import { parseBpmnXml } from './moddle';
import { DeploymentRejectedError, ProblemSink } from './problems';
import type { CompiledProcess, CompiledResource, DeploymentProblem, ResourceInput } from './types';
import { checkResourceSize, checkXmlSafety, decodeUtf8 } from './xml-safety';

export { DeploymentRejectedError } from './problems';

type ResourceType = 'bpmn' | 'form' | 'dmn';

/** Like Zeebe, `.xml` is read as BPMN. */
function resourceType(name: string): ResourceType | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.bpmn') || lower.endsWith('.xml')) return 'bpmn';
  if (lower.endsWith('.form')) return 'form';
  if (lower.endsWith('.dmn')) return 'dmn';
  return undefined;
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function compileBpmn(sink: ProblemSink, resource: ResourceInput, checksum: string): CompiledResource | undefined {
  const xml = decodeUtf8(resource.content);
  const unsafe = checkXmlSafety(xml);
  if (unsafe !== undefined) {
    sink.add(undefined, unsafe);
    return undefined;
  }
  const parsed = parseBpmnXml(xml);
  // Content the parser could not read is an error: the model would silently lack it.
  for (const error of parsed.errors) sink.add(error.elementId, error.message);
  if (parsed.definitions === undefined || parsed.errors.length > 0) return undefined;
  const processes = transformDefinitions(sink, parsed.definitions);
  return { kind: 'process', resourceName: resource.name, checksum, processes, xml };
}

function compileOne(sink: ProblemSink, resource: ResourceInput): CompiledResource | undefined {
  const tooLarge = checkResourceSize(resource.content);
  if (tooLarge !== undefined) {
    sink.add(undefined, tooLarge);
    return undefined;
  }
  const checksum = sha256(resource.content);
  switch (resourceType(resource.name)) {
    case 'bpmn':
      return compileBpmn(sink, resource, checksum);
    case 'form': {
      const json = decodeUtf8(resource.content);
      const form = compileForm(sink, json);
      return form === undefined ? undefined : { kind: 'form', resourceName: resource.name, checksum, form, json };
    }
    case 'dmn':
      sink.add(undefined, 'DMN resources are not supported yet by the embedded engine');
      return undefined;
    case undefined:
      sink.add(
        undefined,
        "Expected a resource of type BPMN ('.bpmn', '.xml') or form ('.form'), but the resource name has none of these extensions",
      );
      return undefined;
  }
}

/** Zeebe: a process id (or form id) may appear only once per deployment. */
function duplicateIdProblems(compiled: readonly CompiledResource[]): DeploymentProblem[] {
  const problems: DeploymentProblem[] = [];
  const processOwners = new Map<string, string>();
  const formOwners = new Map<string, string>();
  for (const resource of compiled) {
    const ids: [string, Map<string, string>, string][] =
      resource.kind === 'process'
        ? resource.processes.map((p: CompiledProcess) => [p.bpmnProcessId, processOwners, 'process id'])
        : resource.kind === 'form'
          ? [[resource.form.formId, formOwners, 'form id']]
          : [];
    for (const [id, owners, label] of ids) {
      const first = owners.get(id);
      if (first === undefined) {
        owners.set(id, resource.resourceName);
      } else {
        problems.push({
          resourceName: resource.resourceName,
          reason: `Duplicated ${label} '${id}' in resources '${first}' and '${resource.resourceName}'`,
        });
      }
    }
  }
  return problems;
}

/**
 * Validates and compiles a deployment. Throws `DeploymentRejectedError` listing every
 * problem of every resource when anything is wrong.
 */
export function compileResources(resources: readonly ResourceInput[]): CompiledResource[] {
  const problems: DeploymentProblem[] = [];
  const compiled: CompiledResource[] = [];
  if (resources.length === 0) {
    throw new DeploymentRejectedError([{ resourceName: '', reason: 'Expected to deploy at least one resource, but none given' }]);
  }
  for (const resource of resources) {
    const sink = new ProblemSink(resource.name);
    let result: CompiledResource | undefined;
    try {
      result = compileOne(sink, resource);
    } catch (error: unknown) {
      // Like Zeebe: a resource that breaks the compiler is reported, not a crash of the deployment.
      sink.add(undefined, error instanceof Error ? error.message : String(error));
    }
    problems.push(...sink.problems);
    if (result !== undefined && sink.empty) compiled.push(result);
  }
  problems.push(...duplicateIdProblems(compiled));
  if (problems.length > 0) throw new DeploymentRejectedError(problems);
  return compiled;
}
