/** bpmn-js-differ's result as rows an official can read: what was added, removed or changed, and how. */
import type { DiffResult } from 'bpmn-js-differ';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'layout';

export interface DiffRow {
  readonly elementId: string;
  readonly name: string | undefined;
  readonly type: string;
  readonly change: ChangeKind;
  /** For `changed`: each attribute with its old and new value as text. */
  readonly attributes: readonly { readonly name: string; readonly oldValue: string; readonly newValue: string }[];
}

export const CHANGE_LABELS: Record<ChangeKind, string> = { added: '新增', removed: '删除', changed: '修改', layout: '仅位置' };

const TYPE_LABELS: Record<string, string> = {
  'bpmn:Process': '流程',
  'bpmn:StartEvent': '开始事件',
  'bpmn:EndEvent': '结束事件',
  'bpmn:IntermediateCatchEvent': '中间捕获事件',
  'bpmn:IntermediateThrowEvent': '中间抛出事件',
  'bpmn:BoundaryEvent': '边界事件',
  'bpmn:UserTask': '用户任务',
  'bpmn:ServiceTask': '服务任务',
  'bpmn:BusinessRuleTask': '业务规则任务',
  'bpmn:ScriptTask': '脚本任务',
  'bpmn:SendTask': '发送任务',
  'bpmn:ReceiveTask': '接收任务',
  'bpmn:ManualTask': '手工任务',
  'bpmn:Task': '任务',
  'bpmn:CallActivity': '调用活动',
  'bpmn:SubProcess': '子流程',
  'bpmn:ExclusiveGateway': '排他网关',
  'bpmn:ParallelGateway': '并行网关',
  'bpmn:InclusiveGateway': '包容网关',
  'bpmn:EventBasedGateway': '事件网关',
  'bpmn:SequenceFlow': '顺序流',
  'bpmn:Participant': '参与者',
  'bpmn:Lane': '泳道',
  'bpmn:TextAnnotation': '文本注释',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type.replace(/^bpmn:/, '');
}

const ORDER: Record<ChangeKind, number> = { added: 0, removed: 1, changed: 2, layout: 3 };

export function summarizeDiff(result: DiffResult): DiffRow[] {
  const rows: DiffRow[] = [
    ...Object.entries(result._added).map(([id, e]) => row(id, e, 'added')),
    ...Object.entries(result._removed).map(([id, e]) => row(id, e, 'removed')),
    ...Object.entries(result._changed).map(([id, c]) => ({
      ...row(id, c.model, 'changed'),
      // bpmn-js-differ 3.2 passes jsondiffpatch's [old, new] to `changed(model, key, newValue, oldValue)`,
      // so its `oldValue` holds the new value and `newValue` the old one.
      attributes: Object.entries(c.attrs).map(([name, values]) => ({
        name,
        oldValue: valueText(values.newValue),
        newValue: valueText(values.oldValue),
      })),
    })),
    // An element both changed and moved is listed once, as changed.
    ...Object.entries(result._layoutChanged)
      .filter(([id]) => !(id in result._changed))
      .map(([id, e]) => row(id, e, 'layout')),
  ];
  return rows.sort((a, b) => ORDER[a.change] - ORDER[b.change] || a.elementId.localeCompare(b.elementId));
}

function row(elementId: string, element: { $type: string; name?: string }, change: ChangeKind): DiffRow {
  return { elementId, name: element.name, type: element.$type, change, attributes: [] };
}

function valueText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '（空）';
  if (typeof value === 'object') {
    const typed = value as { $type?: string; id?: string };
    return typed.id ?? typed.$type ?? JSON.stringify(value);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
