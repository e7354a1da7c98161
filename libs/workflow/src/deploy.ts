/**
 * Deploy-on-boot: every file of the given directories goes to the engine through
 * `DeployResource`, one resource per call, as one would deploy to Camunda 8 — so one bad
 * file is rejected with its reason and the rest still deploy. Forms go first.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { DeployedForm, DeployedProcess, DeployResourceRequest, WorkflowClient } from './client';

export type ResourceKind = 'process' | 'form' | 'decision';

const KINDS: Readonly<Record<string, ResourceKind>> = { '.bpmn': 'process', '.form': 'form', '.dmn': 'decision' };

export interface ResourceFile {
  /** Path relative to its directory, used as the resource name. */
  readonly name: string;
  readonly path: string;
  readonly kind: ResourceKind;
  readonly content: string;
}

export type DeployOutcome =
  | {
      readonly ok: true;
      readonly file: ResourceFile;
      readonly processes: readonly DeployedProcess[];
      readonly forms: readonly DeployedForm[];
    }
  | { readonly ok: false; readonly file: ResourceFile; readonly reason: string };

export interface DeployOptions {
  /** A check of our own before the engine sees the file (e.g. a strict form-js schema check); a string rejects it. */
  readonly check?: (file: ResourceFile) => string | undefined;
}

/** `.bpmn`, `.form` and `.dmn` files under the directories (recursively, skipping `_`- and `.`-prefixed entries), forms first. */
export function listResources(directories: readonly string[]): ResourceFile[] {
  const files: ResourceFile[] = [];
  const walk = (root: string, dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('_') || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        walk(root, path);
        continue;
      }
      const kind = KINDS[extname(entry).toLowerCase()];
      if (kind) files.push({ name: relative(root, path), path, kind, content: readFileSync(path, 'utf8') });
    }
  };
  for (const dir of new Set(directories)) walk(dir, dir);
  const order: Record<ResourceKind, number> = { form: 0, decision: 1, process: 2 };
  return files.sort((a, b) => order[a.kind] - order[b.kind]);
}

export async function deployResources(
  client: WorkflowClient,
  files: readonly ResourceFile[],
  options: DeployOptions = {},
): Promise<DeployOutcome[]> {
  const outcomes: DeployOutcome[] = [];
  for (const file of files) {
    const problem = options.check?.(file);
    if (problem !== undefined) {
      outcomes.push({ ok: false, file, reason: problem });
      continue;
    }
    try {
      const response = await client.deployResource(request(file));
      outcomes.push({
        ok: true,
        file,
        processes: response.deployments.flatMap((d) =>
          d.process ? [{ ...d.process, processDefinitionKey: String(d.process.processDefinitionKey) }] : [],
        ),
        forms: response.deployments.flatMap((d) => (d.form ? [{ ...d.form, formKey: String(d.form.formKey) }] : [])),
      });
    } catch (error) {
      outcomes.push({ ok: false, file, reason: reasonOf(error) });
    }
  }
  return outcomes;
}

function request(file: ResourceFile): DeployResourceRequest {
  const content = Buffer.from(file.content, 'utf8');
  switch (file.kind) {
    case 'process':
      return { name: file.name, process: content };
    case 'form':
      return { name: file.name, form: content };
    case 'decision':
      return { name: file.name, decision: content };
  }
}

/** gRPC errors carry `details` (the engine's reason); the message repeats it after the status code. */
function reasonOf(error: unknown): string {
  const details = (error as { details?: unknown } | undefined)?.details;
  if (typeof details === 'string' && details.trim() !== '') return details;
  return error instanceof Error ? error.message : String(error);
}
