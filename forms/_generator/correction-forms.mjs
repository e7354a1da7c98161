// Forms of P3 业主委员会纠错和退出 (committee-correction-exit).
import { checkbox, date, form, number, radio, ro, select, textarea, textfield } from './form-writer.mjs';

const FINDING_TYPES = [
  ['complaint', '业主投诉'],
  ['missed-report', '未按期向社区党组织报告'],
  ['seal-misuse', '印章使用违规'],
  ['supervision', '监督检查发现'],
];
const TARGETS = [
  ['committee', '业主委员会'],
  ['member', '业主委员会成员'],
];
const DECISIONS = [
  ['unfounded', '不成立（结案并告知）'],
  ['correct', '纠错（下达整改通知）'],
  ['exit', '退出（报街道党工委审批）'],
];
const withValues = (field, values) => ({ ...field, values: values.map(([value, label]) => ({ value, label })) });

const finding = () => [
  withValues(ro('findingType', '线索类型', 'select'), FINDING_TYPES),
  withValues(ro('target', '对象', 'radio'), TARGETS),
  { ...ro('memberName', '成员姓名'), conditional: { hide: '=target != "member"' } },
  ro('findingDescription', '问题描述', 'textarea'),
  { ...ro('evidence', '证据材料', 'filepicker'), multiple: true },
];
const investigation = () => [
  ro('investigationFindings', '调查结论', 'textarea'),
  withValues(ro('correctionDecision', '处理决定', 'radio'), DECISIONS),
];
const AREA = { decimalDigits: 2, appearance: { suffixAdorner: 'm²' } };

export default [
  form('correction-start', '业主委员会问题线索登记', [
    textfield('compoundId', '小区', { required: true, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', patternErrorMessage: '请选择有效的小区编号' }),
    select('findingType', '线索类型', FINDING_TYPES, { required: true }),
    radio('target', '对象', TARGETS, { required: true, defaultValue: 'committee' }),
    textfield('memberName', '成员姓名', { required: true, hideIf: '=target != "member"' }),
    textarea('findingDescription', '问题描述', { required: true }),
    { type: 'filepicker', id: 'Field_evidence', key: 'evidence', label: '证据材料（可选）', multiple: true },
  ]),
  form('correction-investigate', '调查处理', [
    ...finding(),
    // Back from 审批退出 (不批准): the street's opinion is what the new investigation answers.
    { ...ro('exitOpinion', '街道党工委审批意见（不批准退出）', 'textarea'), conditional: { hide: '=exitOpinion = null' } },
    textarea('investigationFindings', '调查结论', { required: true }),
    radio('correctionDecision', '处理决定', DECISIONS, { required: true }),
    checkbox('seriousNonCompliance', '属严重不符合，记入信用档案（4.4.3.2）'),
    textarea('rectificationRequirements', '整改要求', { required: true, hideIf: '=correctionDecision != "correct"' }),
    number('rectificationDays', '整改期限（日）', {
      required: true,
      min: 1,
      max: 90,
      defaultValue: 30,
      hideIf: '=correctionDecision != "correct"',
      description: '默认30日，逾期未整改转入退出程序。',
    }),
  ]),
  form('correction-rectify', '提交整改情况', [
    ...finding(),
    ro('rectificationRequirements', '整改要求', 'textarea'),
    ro('rectificationDeadline', '整改截止时间'),
    { ...ro('verificationOpinion', '社区党组织核实意见', 'textarea'), conditional: { hide: '=verificationOpinion = null' } },
    textarea('rectificationReport', '整改情况', { required: true }),
    { type: 'filepicker', id: 'Field_rectificationEvidence', key: 'rectificationEvidence', label: '整改材料（可选）', multiple: true },
  ]),
  form('correction-verify', '核实整改', [
    ...finding(),
    ro('rectificationRequirements', '整改要求', 'textarea'),
    ro('rectificationReport', '整改情况', 'textarea'),
    { ...ro('rectificationEvidence', '整改材料', 'filepicker'), multiple: true },
    checkbox('rectificationAccepted', '整改到位'),
    textarea('verificationOpinion', '核实意见', { required: true }),
  ]),
  form('correction-exit-approve', '审批退出', [
    ...finding(),
    ...investigation(),
    // On the overdue path (整改逾期) the street sees what was required and by when.
    { ...ro('rectificationRequirements', '整改要求（如有）', 'textarea'), conditional: { hide: '=rectificationRequirements = null' } },
    { ...ro('rectificationDeadline', '整改截止时间（如有）'), conditional: { hide: '=rectificationDeadline = null' } },
    { ...ro('rectificationReport', '整改情况（如有）', 'textarea'), conditional: { hide: '=rectificationReport = null' } },
    radio(
      'exitDecision',
      '审批结果',
      [
        ['approve', '批准退出，提请业主大会表决'],
        ['reject', '不批准，退回社区党组织重新调查处理'],
      ],
      { required: true },
    ),
    textarea('exitOpinion', '审批意见', { required: true }),
  ]),
  form('correction-exit-vote', '记录业主大会表决（退出）', [
    ...finding(),
    ro('exitOpinion', '街道党工委审批意见', 'textarea'),
    { ...ro('totalArea', '专有部分总面积', 'number'), ...AREA },
    ro('totalOwners', '业主总人数', 'number'),
    date('meetingDate', '表决日期', { required: true }),
    number('participatingArea', '参与表决专有部分面积', { required: true, min: 0, max: '=totalArea', ...AREA }),
    number('participatingOwners', '参与表决业主人数', { required: true, min: 0, max: '=totalOwners' }),
    number('approvingArea', '同意的专有部分面积', { required: true, min: 0, max: '=participatingArea', ...AREA }),
    number('approvingOwners', '同意的业主人数', { required: true, min: 0, max: '=participatingOwners' }),
  ]),
  form('correction-seals', '接收印章代管', [
    withValues(ro('target', '对象', 'radio'), TARGETS),
    { ...ro('memberName', '成员姓名'), conditional: { hide: '=target != "member"' } },
    ro('assemblyResult.reason', '业主大会表决结果'),
    checkbox('sealsReceived', '已接收印章，由社区党组织代管（4.4.3.3）', { required: true }),
    textarea('sealList', '印章清单', { required: true, defaultValue: '业主大会印章、业主委员会印章' }),
    date('handoverDate', '移交日期', { required: true }),
  ]),
];
