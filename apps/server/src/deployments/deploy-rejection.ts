/**
 * Reads the engine's answer to a refused `DeployResource` into one problem per element.
 * Zeebe (and the embedded engine, which copies its wording) reports:
 *
 *   Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:
 *   'x.bpmn': - Element: Task_1
 *       - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element
 *   'y.bpmn': Failed to parse …
 */

export interface DeployProblem {
  readonly resource: string;
  /** The BPMN/DMN element the problem is about; absent for problems of the whole file. */
  readonly elementId?: string;
  readonly reason: string;
}

const PREFIX = /^Command '[A-Z_]+' rejected with code '[A-Z_]+': /;
const HEADER = 'Expected to deploy new resources, but encountered the following errors:';
const RESOURCE_LINE = /^'([^']+)': ?(.*)$/;
const ELEMENT_LINE = /^- Element: (.+)$/;
const PROBLEM_LINE = /^\s+- ERROR: (.+)$/;
const WARNING_LINE = /^\s+- WARNING: /;

/** The problems in `reason`; a reason in any other shape becomes one problem of `resource`. */
export function parseDeployRejection(resource: string, reason: string): DeployProblem[] {
  const text = reason.replace(PREFIX, '').replace(HEADER, '').trim();
  const problems: { resource: string; elementId?: string; reason: string }[] = [];
  let currentResource = resource;
  let currentElement: string | undefined;

  const readLine = (line: string): void => {
    const element = ELEMENT_LINE.exec(line);
    if (element?.[1]) {
      currentElement = element[1].trim();
      return;
    }
    const problem = PROBLEM_LINE.exec(line);
    if (problem?.[1]) {
      problems.push({ resource: currentResource, ...(currentElement ? { elementId: currentElement } : {}), reason: problem[1].trim() });
      return;
    }
    if (WARNING_LINE.test(line) || line.trim() === '') return;
    // A continuation of the previous reason (multi-line parser messages), or a general problem.
    const last = problems.at(-1);
    if (last && currentElement === last.elementId && /^\s/.test(line)) last.reason = `${last.reason} ${line.trim()}`;
    else {
      currentElement = undefined;
      problems.push({ resource: currentResource, reason: line.trim() });
    }
  };

  for (const line of text.split('\n')) {
    const resourceLine = RESOURCE_LINE.exec(line);
    if (resourceLine) {
      currentResource = resourceLine[1] ?? resource;
      currentElement = undefined;
      if (resourceLine[2]) readLine(resourceLine[2]);
      continue;
    }
    readLine(line);
  }
  return problems.length > 0 ? problems : [{ resource, reason: reason.trim() || '引擎拒绝了该资源' }];
}
