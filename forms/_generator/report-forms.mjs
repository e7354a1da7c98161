// Forms of P5 三单一访 (resident-report).
import { checkbox, form, number, radio, ro, select, textarea, textfield } from './form-writer.mjs';

const CATEGORIES = [
  ['repair', '维修（水电、门窗、电梯等）'],
  ['environment', '环境卫生'],
  ['safety', '安全隐患'],
  ['complaint', '服务投诉'],
  ['other', '其他'],
];

const summary = [ro('category', '类别', 'select'), ro('location', '位置'), ro('description', '问题描述', 'textarea')];
// the read-only select needs its options to show the label
summary[0].values = CATEGORIES.map(([value, label]) => ({ value, label }));
const photos = { ...ro('photos', '照片', 'filepicker'), multiple: true };
const phone = ro('contactPhone', '联系电话');

export default [
  form('report-start', '报事报修', [
    textfield('compoundId', '所在小区（网格）', {
      required: true,
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      patternErrorMessage: '请选择或填写有效的小区（网格）编号',
      description: '默认为您登记的小区，一般无需修改。',
    }),
    select('category', '类别', CATEGORIES, { required: true }),
    textfield('location', '位置', { required: true, maxLength: 100, description: '如：3号楼2单元电梯' }),
    textarea('description', '问题描述', { required: true, maxLength: 1000 }),
    { type: 'filepicker', id: 'Field_photos', key: 'photos', label: '照片（可选）', multiple: true, accept: 'image/*' },
    textfield('contactPhone', '联系电话（可选）', {
      pattern: '^1[0-9]{10}$',
      patternErrorMessage: '请填写11位手机号码',
      description: '默认使用您账号的手机号。',
    }),
  ]),
  form('report-dispatch', '网格派单', [
    ...summary,
    photos,
    phone,
    radio(
      'dispatchDecision',
      '派单结果',
      [
        ['dispatch', '派给本小区物业服务企业'],
        ['close', '不属于物业事项，直接办结并告知居民'],
      ],
      { required: true, defaultValue: 'dispatch' },
    ),
    textarea('dispatchNote', '办结说明（将告知居民）', { required: true, hideIf: '=dispatchDecision = "dispatch"' }),
  ]),
  form('report-accept', '物业接单', [
    ...summary,
    photos,
    phone,
    textfield('handlerName', '处理人', { required: true, description: '默认24小时内接单，超时将由社区党组织督办。' }),
  ]),
  form('report-handle', '物业处置', [
    ...summary,
    ro('handlerName', '处理人'),
    textarea('handlingResult', '处理结果', { required: true, description: '默认自接单起72小时内办结。' }),
  ]),
  form('report-escalation', '社区党组织督办', [
    ...summary,
    ro('escalationReason', '督办原因'),
    textarea('supervisionNote', '督办情况', { required: true }),
  ]),
  form('report-rate', '群众评单', [
    ...summary,
    ro('handlingResult', '处理结果', 'textarea'),
    radio(
      'satisfaction',
      '您对处理结果满意吗？',
      [
        ['satisfied', '满意'],
        ['unsatisfied', '不满意'],
      ],
      { required: true, description: '7日内未评价视为满意。' },
    ),
    number('ratingScore', '评分（1–5分）', { required: true, min: 1, max: 5, defaultValue: 5 }),
    textarea('ratingComment', '意见（不满意时必填）', { required: true, hideIf: '=satisfaction != "unsatisfied"' }),
  ]),
  form('report-follow-up', '支部回访', [
    ...summary,
    ro('handlingResult', '处理结果', 'textarea'),
    ro('satisfaction', '居民评价'),
    ro('ratingScore', '评分', 'number'),
    ro('ratingComment', '居民意见', 'textarea'),
    textarea('followUpResult', '回访情况', { required: true }),
    checkbox('problemResolved', '问题已解决', { defaultValue: true }),
  ]),
];
