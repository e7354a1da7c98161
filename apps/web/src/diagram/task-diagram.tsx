/**
 * The diagram of a task's process version with the task's step marked as running — for
 * the task page. It fetches the version's XML only when rendered (the task page shows it
 * in a collapsed section), and bpmn-js only with the first diagram.
 */
import { Alert, Spin } from 'antd';
import { useMemo } from 'react';
import { useLoad } from '../api/use-load';
import { useAuth } from '../auth/auth-context';
import { ProcessDiagram } from './process-diagram';

export function TaskDiagram({
  bpmnProcessId,
  version,
  elementId,
  stepName,
}: {
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly elementId: string;
  readonly stepName: string;
}) {
  const { api } = useAuth();
  const definition = useLoad(
    async (signal) => {
      const versions = await api.processDefinitions(bpmnProcessId, signal);
      const match = versions.find((v) => v.version === version);
      return match ? api.processDefinition(match.processDefinitionKey, signal) : null;
    },
    [api, bpmnProcessId, version],
  );
  const markers = useMemo(() => ({ [elementId]: 'active' as const }), [elementId]);
  const overlays = useMemo(
    () => [{ elementId, text: '当前', tone: 'info' as const, title: `当前环节：${stepName}` }],
    [elementId, stepName],
  );

  if (definition.status === 'failed') return <Alert type="warning" showIcon title={`流程图无法加载：${definition.error.message}`} />;
  if (definition.status === 'loading' && !definition.data)
    return (
      <div className="rp-diagram-loading" role="status" style={{ position: 'static', height: 120 }}>
        <Spin />
        <span className="rp-loading-text">正在加载流程图…</span>
      </div>
    );
  if (!definition.data) return <Alert type="info" showIcon title="此流程版本的流程图不可用" />;
  return (
    <ProcessDiagram
      xml={definition.data.bpmnXml}
      markers={markers}
      overlays={overlays}
      height={320}
      label={`流程图，当前环节：${stepName}`}
    />
  );
}
