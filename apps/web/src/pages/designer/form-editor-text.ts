/** The form-js editor's English interface words in Chinese (it has no translation module). */

const TEXT: Record<string, string> = {
  Components: '组件',
  'Search components': '搜索组件',
  Input: '输入',
  Selection: '选择',
  Presentation: '展示',
  Containers: '容器',
  Action: '操作',
  'Text field': '单行文本',
  'Text area': '多行文本',
  Number: '数字',
  'Date time': '日期时间',
  'Expression field': '表达式字段',
  'File picker': '文件选择',
  Checkbox: '复选框',
  Checklist: '多选列表',
  'Checkbox group': '多选组',
  Expression: '表达式',
  'Radio group': '单选组',
  Select: '下拉选择',
  'Tag list': '标签列表',
  'Text view': '文本',
  'Image view': '图片',
  Table: '表格',
  'HTML view': 'HTML',
  'Document preview': '文档预览',
  Spacer: '间距',
  Separator: '分隔线',
  Group: '分组',
  'Dynamic list': '动态列表',
  iFrame: '内嵌页面',
  Button: '按钮',
  General: '常规',
  Field: '字段',
  'Field label': '字段标题',
  Label: '标题',
  Key: '键',
  'Default value': '默认值',
  Description: '说明',
  'Field description': '字段说明',
  Validation: '校验',
  Required: '必填',
  'Minimum length': '最短长度',
  'Maximum length': '最长长度',
  Minimum: '最小值',
  Maximum: '最大值',
  Pattern: '格式',
  Condition: '条件',
  Layout: '布局',
  Appearance: '外观',
  Options: '选项',
  'Static options': '固定选项',
  Value: '值',
  'Options source': '选项来源',
  'Custom properties': '自定义属性',
  Disabled: '禁用',
  'Read only': '只读',
  Text: '文本',
  Columns: '列宽',
  Auto: '自动',
  Serialization: '序列化',
  'Drag and drop components here to start designing.': '将组件拖到这里开始设计。',
  'Use the Components panel on the left to build your form.': '使用左侧的组件面板搭建表单。',
  'Build your form': '搭建表单',
  'Drag and drop components here to start designing': '将组件拖到这里开始设计',
};

/** Replaces known English text nodes under `root` (idempotent: translated text is not in the table). */
export function translateEditorText(root: HTMLElement): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // Labels of the form's own fields are the designer's words, not the editor's.
    if (node.parentElement?.closest('.fjs-form-field')) continue;
    const text = node.nodeValue?.trim();
    const chinese = text ? TEXT[text] : undefined;
    if (chinese && node.nodeValue !== chinese) node.nodeValue = chinese;
  }
  for (const input of root.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
    const chinese = TEXT[input.placeholder];
    if (chinese) input.placeholder = chinese;
  }
}
