// Forms of P1 业主委员会成员候选人推荐、提名、考察 (committee-candidate-vetting).
import { checkbox, date, expression, form, heading, list, number, ro, textarea, textfield } from './form-writer.mjs';

const ODD = { pattern: '^[0-9]*[13579]$', patternErrorMessage: '须为单数（4.2.3.4：3人以上单数）' };

const structure = () => [
  ro('seats', '委员名额', 'number'),
  ro('termYears', '任期（年）', 'number'),
  ro('partyShareTargetPercent', '党员比例目标（%）', 'number'),
  {
    ...ro('partyShareReason', '党员比例低于60%的理由', 'textarea'),
    conditional: { hide: '=partyShareReason = null or partyShareReason = ""' },
  },
  ro('crossAppointmentTargetPercent', '与小区党支部交叉任职比例目标（%）', 'number'),
  ro('residentialSpread', '居住区域分布建议', 'textarea'),
];

const candidateFields = (readonly) => [
  textfield('name', '姓名', { required: true, readonly }),
  textfield('roomNo', '房号', { required: true, readonly, description: '用于核对业主名册' }),
  checkbox('isOwner', '本小区业主', { defaultValue: true, readonly }),
  checkbox('isPartyMember', '党员', { readonly }),
  checkbox('isTwoCommitteeMember', '社区“两委”成员', { readonly }),
  checkbox('isBranchMember', '小区党支部成员', { readonly }),
  checkbox('isInServiceMember', '在职党员', { readonly }),
  checkbox('isBuildingLeader', '党员楼栋长', { readonly }),
];

export default [
  form('vetting-start', '登记业主委员会选举筹备组', [
    textfield('compoundId', '小区', {
      required: true,
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      patternErrorMessage: '请选择有效的小区编号',
    }),
    number('seats', '拟设委员名额', { required: true, min: 3, ...ODD, defaultValue: 5 }),
    date('electionDate', '拟定业主大会选举日期', { required: true }),
  ]),
  form('vetting-structure', '提出业主委员会结构建议', [
    ro('compoundId', '小区'),
    ro('electionDate', '拟定选举日期'),
    number('seats', '委员名额', {
      required: true,
      min: '=if byElection = true then 1 else 3',
      max: 99,
      ...ODD,
      description: '3人以上单数（4.2.3.4）；补选时为空缺名额。',
    }),
    number('termYears', '任期（年）', { required: true, min: 1, max: 5, defaultValue: 5, description: '每届任期不超过5年（4.2.3.4）' }),
    number('partyShareTargetPercent', '党员比例目标（%）', {
      required: true,
      min: '=if partyShareReason != null and partyShareReason != "" then 0 else 60',
      max: 100,
      defaultValue: 60,
      description: '一般不低于60%（4.2.3.3 a）；低于60%须填写理由。',
    }),
    textarea('partyShareReason', '党员比例低于60%的理由', {
      required: true,
      hideIf: '=partyShareTargetPercent = null or partyShareTargetPercent >= 60',
    }),
    number('crossAppointmentTargetPercent', '与小区党支部成员交叉任职比例目标（%）', { min: 0, max: 100 }),
    textarea('residentialSpread', '居住区域分布建议（可选）'),
  ]),
  form('vetting-candidates', '提出人选建议', [
    ...structure(),
    {
      type: 'text',
      id: 'Field_slate_reasons',
      text: '="**上次检查未通过：**" + string join(slateReasons, "；")',
      conditional: { hide: '=slateReasons = null or count(slateReasons) = 0' },
    },
    { ...ro('objectionFinding', '公示异议核查结论', 'textarea'), conditional: { hide: '=objectionFinding = null' } },
    heading('优先推荐符合条件的社区“两委”成员、小区党支部成员、在职党员、党员楼栋长（4.2.3.3 b）。候选人须为本小区业主，人数不少于名额。'),
    list('candidates', '候选人', candidateFields(false), { defaultRepetitions: 5 }),
    {
      type: 'text',
      id: 'Field_candidate_count',
      text: '="候选人 " + string(count(candidates)) + " 人（名额 " + string(seats) + " 人），其中党员 " + string(count(candidates[isPartyMember = true])) + " 人，占 " + string(decimal(count(candidates[isPartyMember = true]) / count(candidates) * 100, 1)) + "%（目标 " + string(partyShareTargetPercent) + "%）"',
      conditional: { hide: '=candidates = null or count(candidates) = 0' },
    },
  ]),
  form('vetting-qualification', '候选人资格审查（联审）', [
    ro('department', '审查部门'),
    heading('请逐一审查候选人；不通过的取消勾选并填写理由（4.2.3.3 c）。'),
    list(
      'reviewResults',
      '审查结果',
      [
        textfield('name', '姓名', { readonly: true }),
        textfield('roomNo', '房号', { readonly: true }),
        checkbox('passed', '通过'),
        textfield('reason', '不通过理由'),
      ],
      { allowAddRemove: false, defaultRepetitions: 0 },
    ),
  ]),
  form('vetting-objection', '核查公示异议', [
    ro('objectorName', '异议人'),
    { ...ro('candidateName', '所针对的候选人'), conditional: { hide: '=candidateName = null or candidateName = ""' } },
    ro('objectionText', '异议内容', 'textarea'),
    list('candidates', '公示的候选人', candidateFields(true), { allowAddRemove: false, defaultRepetitions: 0, readonly: true }),
    checkbox('objectionUpheld', '异议成立（将退回重新提名）'),
    textarea('objectionFinding', '核查结论', { required: true, description: '将随公示一并公开。' }),
  ]),
  form('vetting-election', '记录业主大会选举结果', [
    ro('seats', '委员名额', 'number'),
    ro('termYears', '任期（年）', 'number'),
    {
      type: 'text',
      id: 'Field_election_reasons',
      text: '="**选举结果检查未通过：**" + string join(electionReasons, "；")',
      conditional: { hide: '=electionReasons = null or count(electionReasons) = 0' },
    },
    number('ballotsCast', '收回选票数', { required: true, min: 0 }),
    number('validBallots', '有效票数', { required: true, min: 0, max: '=ballotsCast' }),
    expression('invalidBallots', '=if ballotsCast = null or validBallots = null then null else ballotsCast - validBallots'),
    list(
      'electionResults',
      '候选人得票（勾选当选者）',
      [
        textfield('name', '姓名', { readonly: true }),
        textfield('roomNo', '房号', { readonly: true }),
        number('votes', '得票数', { required: true, min: 0 }),
        checkbox('elected', '当选'),
      ],
      { allowAddRemove: false, defaultRepetitions: 0 },
    ),
    date('termStart', '任期开始日期', { required: true }),
    expression(
      'termEnd',
      '=if termStart = null or termYears = null then null else string(date(termStart) + duration("P" + string(termYears) + "Y"))',
    ),
    {
      type: 'text',
      id: 'Field_term_end',
      text: '="任期至 " + termEnd + "（不超过5年）；无效票 " + string(invalidBallots) + " 张。当选人数须为3人以上单数。"',
      conditional: { hide: '=termEnd = null or invalidBallots = null' },
    },
  ]),
];
