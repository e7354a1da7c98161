/**
 * bpmn-js and the Zeebe properties panel in Chinese: bpmn-js-i18n-zh's translations as a
 * `translate` module, plus the few labels of this camunda-bpmn-js version it lacks.
 */
import bpmnJs from 'bpmn-js-i18n-zh/lib/bpmn-js';
import propertiesPanel from 'bpmn-js-i18n-zh/lib/properties-panel';
import zeebePanel from 'bpmn-js-i18n-zh/lib/zeebe-properties-panel';

const MISSING: Record<string, string> = {
  General: '常规',
  Documentation: '文档',
  'Element documentation': '元素文档',
  'Process documentation': '流程文档',
  'Version tag': '版本标签',
  Executable: '可执行',
  Assignment: '分配',
  'Candidate groups': '候选组',
  'Candidate users': '候选用户',
  Assignee: '处理人',
  Form: '表单',
  'Form ID': '表单 ID',
  'Task definition': '任务定义',
  'Job type': '任务类型',
  Retries: '重试次数',
  Inputs: '输入',
  Outputs: '输出',
  Headers: '头信息',
  'Extension properties': '扩展属性',
  'Execution listeners': '执行监听器',
  'Task listeners': '任务监听器',
  Condition: '条件',
  'Condition expression': '条件表达式',
  Timer: '定时器',
  Message: '消息',
  'Correlation key': '关联键',
  'Multi-instance': '多实例',
  'Input collection': '输入集合',
  'Input element': '输入元素',
  'Output collection': '输出集合',
  'Output element': '输出元素',
  'Called element': '被调用元素',
  'Process ID': '流程 ID',
  Priority: '优先级',
  'Due date': '到期时间',
  'Follow up date': '跟进时间',
  'Create new ...': '新建…',
  'Search in diagram': '在图中搜索',
  'Open minimap': '打开小地图',
  'Close minimap': '关闭小地图',
  'Input mapping': '输入映射',
  'Output mapping': '输出映射',
  'Example data': '示例数据',
};

const ZH_CN: Record<string, string> = { ...MISSING, ...bpmnJs, ...propertiesPanel, ...zeebePanel };

export function translateToChinese(template: string, replacements: Record<string, string> = {}): string {
  const text = ZH_CN[template] ?? template;
  return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
}

/** The didi module bpmn-js takes in `additionalModules`. */
export const chineseTranslateModule = { translate: ['value', translateToChinese] };
