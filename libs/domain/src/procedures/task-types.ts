/**
 * Every service-task type the procedure diagrams (processes/*.bpmn) use, with the process
 * variables its worker reads and writes. The model spec checks that each diagram's task
 * type is listed here and that gateways read only variables something writes; a worker
 * test can check that each type has a worker.
 */

export interface TaskTypeSpec {
  /** One line: what the worker does. */
  readonly description: string;
  /** Process variables the worker reads. */
  readonly inputs: readonly string[];
  /** Process variables the worker writes when it completes the job. */
  readonly outputs: readonly string[];
}

export const TASK_TYPES = {
  // P5 三单一访 (resident-report)
  'rp.notify-reporter': {
    description: '告知报事居民办理结果（站内信/短信）',
    inputs: ['reporterId', 'compoundId', 'category', 'description', 'dispatchNote'],
    outputs: ['notifiedAt'],
  },
  'rp.record-supervision': {
    description: '把超时与督办情况记入物业服务企业月度质量考评台账（7.1.2）',
    inputs: ['compoundId', 'communityId', 'escalationReason', 'supervisionNote'],
    outputs: [],
  },
  'rp.record-rating': {
    description: '记录群众评单结果并对满意件按比例（默认10%）抽样回访',
    inputs: ['compoundId', 'category', 'satisfaction', 'ratingScore', 'ratingComment', 'autoRated'],
    outputs: ['followUpSampled'],
  },
  'rp.record-follow-up': {
    description: '把支部回访结果写入服务质量台账，供纠正预防措施使用（7.2.1）',
    inputs: ['compoundId', 'followUpResult', 'problemResolved'],
    outputs: [],
  },

  // P2 三议一审两公开 (major-matter-decision)
  'rp.publish-notice': {
    description: '公开事项进展（noticeStage：deliberation / rejected / assembly-failed / result / candidates / annual-ratings）',
    inputs: [
      'noticeStage',
      'compoundId',
      'title',
      'category',
      'description',
      'estimatedCost',
      'attachments',
      'deliberationOpinion',
      'meetingDate',
      'assemblyResult',
      'reviewOpinion',
      'implementationResult',
      'completedOn',
      'actualCost',
      'candidates',
      'objectionFinding',
      'reviewYear',
      'ratings',
    ],
    outputs: ['lastNoticeAt'],
  },
  'rp.load-owner-register': {
    description: '从业主名册读取小区专有部分总面积（m²）和业主总人数，供业主大会计票预填',
    inputs: ['compoundId'],
    outputs: ['totalArea', 'totalOwners'],
  },

  // P1 业主委员会成员候选人推荐、提名、考察 (committee-candidate-vetting)
  'rp.check-slate': {
    description: '核对业主名册、移出联审未通过者（departmentReviews），按 checkSlate 检查人选，返回是否符合及中文理由',
    inputs: ['compoundId', 'candidates', 'seats', 'partyShareTargetPercent', 'departmentReviews'],
    outputs: ['candidates', 'slateOk', 'slateReasons'],
  },
  'rp.list-review-departments': {
    description: '列出参与候选人资格联审的职能部门单位编号（公安、住建、民政、市场监管等）',
    inputs: ['districtId', 'streetId'],
    outputs: ['reviewDepartments'],
  },
  'rp.check-election': {
    description: '按 checkElectionResult 检查选举结果（当选3人以上单数、均为业主、任期≤5年、票数相符）',
    inputs: [
      'compoundId',
      'electionResults',
      'ballotsCast',
      'validBallots',
      'invalidBallots',
      'termStart',
      'termEnd',
      'seats',
      'byElection',
    ],
    outputs: ['electionOk', 'electionReasons'],
  },
  'rp.register-committee': {
    description: '在业主委员会名册中备案当选委员及任期，返回业主委员会编号',
    inputs: ['compoundId', 'communityId', 'electionResults', 'termStart', 'termEnd', 'seats', 'partyShareReason', 'byElection'],
    outputs: ['committeeId'],
  },

  // P3 业主委员会纠错和退出 (committee-correction-exit)
  'rp.record-credit': {
    description: '把严重不符合写入信用档案（4.4.3.2）',
    inputs: ['compoundId', 'findingType', 'findingDescription', 'investigationFindings', 'target', 'memberName'],
    outputs: ['creditRecordId'],
  },
  'rp.notify-parties': {
    description: '告知线索提出人和业主委员会处理结果（noticeStage：unfounded / vote-failed）',
    inputs: ['noticeStage', 'compoundId', 'findingType', 'findingDescription', 'investigationFindings', 'assemblyResult'],
    outputs: ['notifiedAt'],
  },
  'rp.issue-rectification-notice': {
    description: '生成整改通知书并计算整改截止时间（ISO 8601 带时区，默认30日）',
    inputs: ['compoundId', 'target', 'memberName', 'rectificationRequirements', 'rectificationDays'],
    outputs: ['rectificationNoticeId', 'rectificationDeadline'],
  },
  'rp.deregister-committee': {
    description: '在业主委员会名册中撤销退出的成员或解散委员会，返回空缺名额',
    inputs: ['compoundId', 'target', 'memberName', 'assemblyResult', 'meetingDate'],
    outputs: ['vacantSeats', 'committeeDissolved'],
  },
  'rp.transfer-seals': {
    description: '登记业主大会、业主委员会印章移交社区党组织代管（4.4.3.3）',
    inputs: ['compoundId', 'communityId', 'sealsReceived', 'sealList', 'handoverDate'],
    outputs: ['sealCustodyId'],
  },

  // P4 年度述职评议 (annual-secretary-review)
  'rp.list-branch-secretaries': {
    description:
      '列出行业党委（industryPartyId 为空时为全部）所辖物业服务企业党支部书记（secretaries）及评议分工（reviewAssignments：书记×评议人）',
    inputs: ['reviewYear', 'industryPartyId'],
    outputs: ['reviewYear', 'secretaries', 'reviewAssignments'],
  },
  'rp.update-star-rating': {
    description: '把年度评议等次计入红色物业示范项目星级评定（4.7.3.1）',
    inputs: ['reviewYear', 'ratings', 'secretaries'],
    outputs: [],
  },
} as const satisfies Readonly<Record<string, TaskTypeSpec>>;

export type TaskType = keyof typeof TASK_TYPES;

export function isTaskType(value: string): value is TaskType {
  return Object.prototype.hasOwnProperty.call(TASK_TYPES, value);
}
