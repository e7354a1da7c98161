/**
 * Deployment problems and the rejection error, formatted like Zeebe's answer to an
 * invalid DeployResource so clients see the same text from either engine.
 */
import type { DeploymentProblem } from './types';

const PREFIX = "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': ";
const HEADER = 'Expected to deploy new resources, but encountered the following errors:';

/** Zeebe's `ValidationErrorFormatter`: `- Element: <id>` then one `    - ERROR: <reason>` per problem. */
function formatResource(resourceName: string, problems: readonly DeploymentProblem[]): string {
  const general = problems
    .filter((p) => p.elementId === undefined)
    .map((p) => (resourceName === '' ? p.reason : `'${resourceName}': ${p.reason}`));
  const byElement = new Map<string, string[]>();
  for (const p of problems) {
    if (p.elementId === undefined) continue;
    const reasons = byElement.get(p.elementId) ?? [];
    reasons.push(p.reason);
    byElement.set(p.elementId, reasons);
  }
  const lines = [...general];
  if (byElement.size > 0) {
    const body = [...byElement]
      .map(([id, reasons]) => [`- Element: ${id}`, ...reasons.map((r) => `    - ERROR: ${r}`)].join('\n'))
      .join('\n');
    lines.push(`'${resourceName}': ${body}`);
  }
  return lines.join('\n');
}

/** The rejection reason without the gateway's command prefix (what Zeebe stores as rejectionReason). */
export function formatRejectionReason(problems: readonly DeploymentProblem[]): string {
  const byResource = new Map<string, DeploymentProblem[]>();
  for (const p of problems) {
    const list = byResource.get(p.resourceName) ?? [];
    list.push(p);
    byResource.set(p.resourceName, list);
  }
  return [HEADER, ...[...byResource].map(([name, list]) => formatResource(name, list))].join('\n');
}

export class DeploymentRejectedError extends Error {
  readonly problems: readonly DeploymentProblem[];
  /** The rejection reason alone, for the gateway's INVALID_ARGUMENT status details. */
  readonly reason: string;

  constructor(problems: readonly DeploymentProblem[]) {
    const reason = formatRejectionReason(problems);
    super(PREFIX + reason);
    this.name = 'DeploymentRejectedError';
    this.problems = problems;
    this.reason = reason;
  }
}

/** Collects a resource's problems; every rule adds to it and compilation goes on. */
export class ProblemSink {
  readonly problems: DeploymentProblem[] = [];

  constructor(readonly resourceName: string) {}

  add(elementId: string | undefined, reason: string): void {
    if (this.problems.some((p) => p.elementId === elementId && p.reason === reason)) return;
    this.problems.push(
      elementId === undefined ? { resourceName: this.resourceName, reason } : { resourceName: this.resourceName, elementId, reason },
    );
  }

  get empty(): boolean {
    return this.problems.length === 0;
  }
}
