// Forms of P2 三议一审两公开 (major-matter-decision).
import { date, form, heading, number, radio, ro, select, textarea, textfield } from './form-writer.mjs';

export const MATTER_CATEGORIES = [
  ['maintenance-fund', '维修资金筹集和使用'],
  ['rebuild', '改建、重建建筑物及其附属设施'],
  ['common-parts', '改变共有部分用途或利用共有部分经营'],
  ['property-service', '选聘、解聘物业服务企业'],
  ['other', '其他事项'],
];
const PROPOSERS = [
  ['compound-branch', '小区（网格）党支部'],
  ['owners-committee', '业主委员会'],
  ['property-company', '物业服务企业'],
];
const withValues = (field, values) => ({ ...field, values: values.map(([value, label]) => ({ value, label })) });

const proposal = () => [
  withValues(ro('proposerRole', '动议方', 'select'), PROPOSERS),
  ro('title', '事项名称'),
  withValues(ro('category', '事项类别', 'select'), MATTER_CATEGORIES),
  ro('description', '事项说明', 'textarea'),
  { ...ro('estimatedCost', '预计费用（元）', 'number'), decimalDigits: 2 },
  { ...ro('attachments', '附件', 'filepicker'), multiple: true },
];

const AREA = { decimalDigits: 2, appearance: { suffixAdorner: 'm²' } };

export default [
  form('matter-start', '提出动议（三议一审两公开）', [
    textfield('compoundId', '小区', {
      required: true,
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      patternErrorMessage: '请选择有效的小区编号',
      description: '默认为您所在单位负责的小区。',
    }),
    radio('proposerRole', '动议方', PROPOSERS, { required: true }),
    textfield('title', '事项名称', { required: true, maxLength: 100 }),
    select('category', '事项类别', MATTER_CATEGORIES, {
      required: true,
      description: '维修资金、改建重建、共有部分用途或经营须经参与表决面积和人数四分之三以上同意，其他事项须过半数同意（民法典第278条）。',
    }),
    textarea('description', '事项说明', { required: true, maxLength: 2000 }),
    number('estimatedCost', '预计费用（元）', { min: 0, decimalDigits: 2, appearance: { suffixAdorner: '元' } }),
    { type: 'filepicker', id: 'Field_attachments', key: 'attachments', label: '附件（可选）', multiple: true },
  ]),
  form('matter-deliberation', '召集联议', [
    ...proposal(),
    radio(
      'deliberationOutcome',
      '联议结果',
      [
        ['proceed', '同意提交业主大会表决'],
        ['revise', '退回动议方修改'],
        ['reject', '不予通过（理由将向全体业主公开）'],
      ],
      { required: true },
    ),
    textarea('deliberationOpinion', '联议意见', { required: true }),
  ]),
  form('matter-revise', '修改动议', [
    ro('deliberationOpinion', '联议意见', 'textarea'),
    heading('请按联议意见修改后重新提交（已预填原内容）。'),
    textfield('title', '事项名称', { required: true, maxLength: 100 }),
    textarea('description', '事项说明', { required: true, maxLength: 2000 }),
    number('estimatedCost', '预计费用（元）', { min: 0, decimalDigits: 2, appearance: { suffixAdorner: '元' } }),
  ]),
  form('matter-assembly', '业主大会决议', [
    ...proposal(),
    { ...ro('totalArea', '专有部分总面积', 'number'), ...AREA },
    ro('totalOwners', '业主总人数', 'number'),
    date('meetingDate', '表决日期', { required: true }),
    number('participatingArea', '参与表决专有部分面积', { required: true, min: 0, max: '=totalArea', ...AREA }),
    number('participatingOwners', '参与表决业主人数', { required: true, min: 0, max: '=totalOwners' }),
    number('approvingArea', '同意的专有部分面积', { required: true, min: 0, max: '=participatingArea', ...AREA }),
    number('approvingOwners', '同意的业主人数', { required: true, min: 0, max: '=participatingOwners' }),
    {
      type: 'text',
      id: 'Field_shares',
      text: '="参与表决：面积占 " + string(decimal(participatingArea / totalArea * 100, 2)) + "%，人数占 " + string(decimal(participatingOwners / totalOwners * 100, 2)) + "%（均须≥66.67%）；同意：面积占参与的 " + string(decimal(approvingArea / participatingArea * 100, 2)) + "%，人数占参与的 " + string(decimal(approvingOwners / participatingOwners * 100, 2)) + "%"',
      conditional: {
        hide: '=participatingArea = null or participatingOwners = null or approvingArea = null or approvingOwners = null or participatingArea = 0 or participatingOwners = 0',
      },
    },
  ]),
  form('matter-review', '街道审核', [
    ...proposal(),
    ro('deliberationOpinion', '联议意见', 'textarea'),
    ro('meetingDate', '业主大会表决日期'),
    ro('assemblyResult.reason', '业主大会决议'),
    radio(
      'reviewDecision',
      '审核结果',
      [
        ['approve', '同意实施'],
        ['return', '退回社区党组织重新联议'],
      ],
      { required: true },
    ),
    textarea('reviewOpinion', '审核意见', { required: true }),
  ]),
  form('matter-implementation', '组织实施', [
    ...proposal(),
    ro('reviewOpinion', '街道审核意见', 'textarea'),
    textarea('implementationResult', '实施结果', { required: true, description: '将向全体业主公开。' }),
    date('completedOn', '完成日期', { required: true }),
    number('actualCost', '实际费用（元）', { min: 0, decimalDigits: 2, appearance: { suffixAdorner: '元' } }),
  ]),
];
