/** The procedures the page offers (every deployed one, with its versions) and a version's diagram XML. */
import type { Endpoints } from '../../api/endpoints';
import type { ProcessDefinitionVersion } from '../../api/types';

export interface ProcessChoice {
  readonly bpmnProcessId: string;
  readonly name: string;
  /** Newest first. */
  readonly versions: readonly ProcessDefinitionVersion[];
}

/** Groups deployed versions by process, named by the newest version; sorted by name in pinyin order. */
export function groupProcessVersions(definitions: readonly ProcessDefinitionVersion[]): ProcessChoice[] {
  const byProcess = new Map<string, ProcessDefinitionVersion[]>();
  for (const definition of definitions) {
    const list = byProcess.get(definition.bpmnProcessId) ?? [];
    list.push(definition);
    byProcess.set(definition.bpmnProcessId, list);
  }
  const collator = new Intl.Collator('zh-CN');
  return [...byProcess.entries()]
    .map(([bpmnProcessId, versions]) => {
      const sorted = [...versions].sort((a, b) => b.version - a.version);
      return { bpmnProcessId, name: sorted[0]?.name ?? bpmnProcessId, versions: sorted };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
}

export async function loadProcessChoices(api: Endpoints, signal: AbortSignal): Promise<ProcessChoice[]> {
  return groupProcessVersions(await api.processDefinitions(undefined, signal));
}

export async function loadProcessXml(api: Endpoints, processDefinitionKey: string, signal: AbortSignal): Promise<string> {
  return (await api.processDefinition(processDefinitionKey, signal)).bpmnXml;
}
