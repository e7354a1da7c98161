/**
 * Deployment compiler: validates every resource of a deployment and compiles it into the
 * executable model. All problems across all resources are collected, then either every
 * resource compiles or the deployment is rejected as a whole (Zeebe deployments are atomic).
 * Nothing is stored here; the caller stores the result.
 */
import { createHash } from 'node:crypto';
import { compileDmnInto } from '../dmn/compile';
import { transformDefinitions } from './bpmn-transform';
import { compileForm } from './form';
import { parseBpmnXml } from './moddle';
import { DeploymentRejectedError, ProblemSink } from './problems';
import { ENGINE_FEATURES, type CompileOptions, type EngineFeature } from './supported';
import type { CompiledResource, DeploymentProblem, ResourceInput } from './types';
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

function compileBpmn(
  sink: ProblemSink,
  resource: ResourceInput,
  checksum: string,
  features: ReadonlySet<EngineFeature>,
): CompiledResource | undefined {
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
  const processes = transformDefinitions(sink, parsed.definitions, features);
  return { kind: 'process', resourceName: resource.name, checksum, processes, xml };
}

function compileDecisions(sink: ProblemSink, resource: ResourceInput, checksum: string): CompiledResource | undefined {
  const xml = decodeUtf8(resource.content);
  const decisions = compileDmnInto(sink, xml);
  const [first] = decisions;
  if (!sink.empty || first === undefined) return undefined;
  return {
    kind: 'decision',
    resourceName: resource.name,
    checksum,
    xml,
    decisionRequirementsId: first.decisionRequirementsId,
    decisionRequirementsName: first.decisionRequirementsName,
    decisions,
  };
}

function compileOne(sink: ProblemSink, resource: ResourceInput, features: ReadonlySet<EngineFeature>): CompiledResource | undefined {
  const tooLarge = checkResourceSize(resource.content);
  if (tooLarge !== undefined) {
    sink.add(undefined, tooLarge);
    return undefined;
  }
  const checksum = sha256(resource.content);
  switch (resourceType(resource.name)) {
    case 'bpmn':
      return compileBpmn(sink, resource, checksum, features);
    case 'form': {
      const json = decodeUtf8(resource.content);
      const form = compileForm(sink, json);
      return form === undefined ? undefined : { kind: 'form', resourceName: resource.name, checksum, form, json };
    }
    case 'dmn':
      if (features.has('decision')) return compileDecisions(sink, resource, checksum);
      sink.add(undefined, 'DMN resources are not supported yet by the embedded engine');
      return undefined;
    case undefined:
      sink.add(
        undefined,
        features.has('decision')
          ? "Expected a resource of type BPMN ('.bpmn', '.xml'), DMN ('.dmn') or form ('.form'), but the resource name has none of these extensions"
          : "Expected a resource of type BPMN ('.bpmn', '.xml') or form ('.form'), but the resource name has none of these extensions",
      );
      return undefined;
  }
}

/** Zeebe: a process id, form id, decision id or DRG id may appear only once per deployment. */
function duplicateIdProblems(compiled: readonly CompiledResource[]): DeploymentProblem[] {
  const problems: DeploymentProblem[] = [];
  const owners = new Map<string, Map<string, string>>();
  const claim = (resource: CompiledResource, label: string, id: string, message: (first: string) => string): void => {
    const byId = owners.get(label) ?? new Map<string, string>();
    owners.set(label, byId);
    const first = byId.get(id);
    if (first === undefined) byId.set(id, resource.resourceName);
    else problems.push({ resourceName: resource.resourceName, reason: message(first) });
  };
  for (const resource of compiled) {
    switch (resource.kind) {
      case 'process':
        for (const p of resource.processes) {
          claim(
            resource,
            'process',
            p.bpmnProcessId,
            (first) => `Duplicated process id '${p.bpmnProcessId}' in resources '${first}' and '${resource.resourceName}'`,
          );
        }
        break;
      case 'form':
        claim(
          resource,
          'form',
          resource.form.formId,
          (first) => `Duplicated form id '${resource.form.formId}' in resources '${first}' and '${resource.resourceName}'`,
        );
        break;
      case 'decision':
        claim(
          resource,
          'drg',
          resource.decisionRequirementsId,
          (first) =>
            `Expected the decision requirements ids to be unique within a deployment but found a duplicated id '${resource.decisionRequirementsId}' in the resources '${first}' and '${resource.resourceName}'.`,
        );
        for (const d of resource.decisions) {
          claim(
            resource,
            'decision',
            d.decisionId,
            (first) =>
              `Expected the decision ids to be unique within a deployment but found a duplicated id '${d.decisionId}' in the resources '${first}' and '${resource.resourceName}'.`,
          );
        }
        break;
    }
  }
  return problems;
}

/**
 * Validates and compiles a deployment. Throws `DeploymentRejectedError` listing every
 * problem of every resource when anything is wrong. `options.features` selects the
 * engine-part-2 features to accept (default `ENGINE_FEATURES`, what the runtime executes).
 */
export function compileResources(resources: readonly ResourceInput[], options: CompileOptions = {}): CompiledResource[] {
  const features = options.features ?? ENGINE_FEATURES;
  const problems: DeploymentProblem[] = [];
  const compiled: CompiledResource[] = [];
  if (resources.length === 0) {
    throw new DeploymentRejectedError([{ resourceName: '', reason: 'Expected to deploy at least one resource, but none given' }]);
  }
  for (const resource of resources) {
    const sink = new ProblemSink(resource.name);
    let result: CompiledResource | undefined;
    try {
      result = compileOne(sink, resource, features);
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
