/** Words and shapes of the 流程实例 pages: pure functions, no React. */
import type { DiagramMarker, DiagramOverlay } from '../../diagram/diagram-types';
import type { InstanceDetail, InstanceState, TaskState } from '../../api/types';

export const STATE_LABELS: Readonly<Record<InstanceState, { readonly label: string; readonly color: string }>> = {
  active: { label: '进行中', color: 'processing' },
  incident: { label: '有故障', color: 'error' },
  completed: { label: '已完成', color: 'success' },
  canceled: { label: '已取消', color: 'default' },
};

export const STATE_OPTIONS = (Object.keys(STATE_LABELS) as InstanceState[]).map((value) => ({ value, label: STATE_LABELS[value].label }));

export function isInstanceState(value: string | null): value is InstanceState {
  return value !== null && value in STATE_LABELS;
}

const ELEMENT_TYPES: Readonly<Record<string, string>> = {
  START_EVENT: '开始事件',
  END_EVENT: '结束事件',
  USER_TASK: '人工任务',
  SERVICE_TASK: '服务任务',
  SEND_TASK: '发送任务',
  RECEIVE_TASK: '接收任务',
  SCRIPT_TASK: '脚本任务',
  BUSINESS_RULE_TASK: '业务规则任务',
  MANUAL_TASK: '手工任务',
  TASK: '任务',
  EXCLUSIVE_GATEWAY: '排他网关',
  PARALLEL_GATEWAY: '并行网关',
  INCLUSIVE_GATEWAY: '包容网关',
  EVENT_BASED_GATEWAY: '事件网关',
  SUB_PROCESS: '子流程',
  EVENT_SUB_PROCESS: '事件子流程',
  CALL_ACTIVITY: '调用活动',
  MULTI_INSTANCE_BODY: '多实例',
  INTERMEDIATE_CATCH_EVENT: '中间捕获事件',
  INTERMEDIATE_THROW_EVENT: '中间抛出事件',
  BOUNDARY_EVENT: '边界事件',
};

export function elementTypeLabel(type: string): string {
  return ELEMENT_TYPES[type] ?? type;
}

const ERROR_TYPES: Readonly<Record<string, string>> = {
  JOB_NO_RETRIES: '作业重试次数用尽',
  EXTRACT_VALUE_ERROR: '表达式求值失败',
  CONDITION_ERROR: '没有可走的分支',
  IO_MAPPING_ERROR: '变量映射失败',
  CALLED_ELEMENT_ERROR: '被调用的流程有误',
  CALLED_DECISION_ERROR: '被调用的决策有误',
  DECISION_EVALUATION_ERROR: '决策求值失败',
  UNHANDLED_ERROR_EVENT: '错误事件无人捕获',
  MESSAGE_SIZE_EXCEEDED: '变量过大',
  FORM_NOT_FOUND: '表单不存在',
  RESOURCE_NOT_FOUND: '资源不存在',
  EXECUTION_LISTENER_NO_RETRIES: '执行监听器重试次数用尽',
  UNKNOWN: '未知故障',
};

export function errorTypeLabel(type: string): string {
  return ERROR_TYPES[type] ?? type;
}

export const ELEMENT_STATE_LABELS: Readonly<Record<string, string>> = { active: '进行中', completed: '已完成', terminated: '已终止' };

export const TASK_STATE_LABELS: Readonly<Record<TaskState, string>> = {
  open: '待办',
  completing: '提交中',
  completed: '已办结',
  canceled: '已取消',
};

/**
 * Variables the server refuses to set from here (apps/server/src/monitor/variable-rules.ts):
 * the unit variables decide who sees the instance, the starter variables who started it.
 */
const PROTECTED_VARIABLES: ReadonlySet<string> = new Set([
  'orgUnitId',
  'cityId',
  'districtId',
  'streetId',
  'communityId',
  'compoundId',
  'gridId',
  'startedBy',
  'startedByUsername',
]);

export function isEditableVariable(name: string): boolean {
  return !PROTECTED_VARIABLES.has(name);
}

/** A variable's value as one line: text as it is, everything else as JSON. */
export function formatVariable(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? 'null';
}

/** The text of the value editor, so that saving it unchanged keeps the value and its type. */
export function variableEditText(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

/** The value typed into the editor: JSON when it parses (数字、true、"文字"、对象), otherwise the text itself. */
export function parseVariableInput(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** Diagram markers of an instance: completed green, running blue, elements with an open incident red. */
export function instanceMarkers(detail: InstanceDetail): Record<string, DiagramMarker> {
  const markers: Record<string, DiagramMarker> = {};
  for (const id of detail.completedElementIds) markers[id] = 'completed';
  for (const id of detail.activeElementIds) markers[id] = 'active';
  for (const incident of detail.incidents) markers[incident.elementId] = 'incident';
  return markers;
}

/** A red badge with the count on every element with open incidents. */
export function incidentOverlays(detail: InstanceDetail): DiagramOverlay[] {
  const counts = new Map<string, number>();
  for (const incident of detail.incidents) counts.set(incident.elementId, (counts.get(incident.elementId) ?? 0) + 1);
  return [...counts].map(([elementId, count]) => ({
    elementId,
    text: `故障 ${count}`,
    tone: 'danger' as const,
    title: `该环节有 ${count} 个未解决的故障`,
  }));
}
