// P1 业主委员会成员候选人推荐、提名、考察 (4.2.3.3, 4.2.3.4).
import { dueIn, group } from './common.mjs';
import { formStartExt, serviceTaskExt, userTaskExt } from './bpmn-writer.mjs';

const COMMUNITY = group('community-party', 'communityId');
/** The attributes of a candidate the nomination form shows (FEEL context of `c`). */
const NOMINATION_ROW =
  '{name: c.name, roomNo: c.roomNo, isOwner: c.isOwner, isPartyMember: c.isPartyMember, isTwoCommitteeMember: c.isTwoCommitteeMember, ' +
  'isBranchMember: c.isBranchMember, isInServiceMember: c.isInServiceMember, isBuildingLeader: c.isBuildingLeader}';

export default {
  id: 'committee-candidate-vetting',
  short: 'vetting',
  name: '业主委员会成员候选人推荐、提名、考察',
  clause: '红色物业建设规范 4.2.3.3 a)–c)、4.2.3.4',
  // 筹备组 registered by the community party organisation (or the street above it); P3 starts by-elections as a call activity
  starterRoles: ['community-party', 'street-party'],
  doc:
    '筹备组登记后，社区党组织提出结构建议（3人以上单数、党员比例一般不低于60%、任期不超过5年）和人选建议，系统检查人选（均为业主、' +
    '人数不少于名额、党员比例达标），职能部门联审资格，候选人公示（默认7日，可被异议打断），业主大会选举，检查选举结果后备案。',
  lanes: [
    { id: 'Lane_vetting_community', name: '社区党组织', height: 190 },
    { id: 'Lane_vetting_department', name: '职能部门（联审）' },
    { id: 'Lane_vetting_system', name: '系统（自动）', height: 240 },
  ],
  messages: [{ id: 'Message_vetting_objection', name: 'candidate-objection', correlationKey: '=compoundId' }],
  nodes: [
    {
      id: 'StartEvent_vetting',
      kind: 'startEvent',
      name: '筹备组已登记',
      lane: 'Lane_vetting_community',
      col: 0,
      dy: -30,
      ext: formStartExt({ form: 'vetting-start' }),
    },
    {
      id: 'Task_vetting_structure',
      kind: 'userTask',
      name: '提出结构建议',
      lane: 'Lane_vetting_community',
      col: 1,
      dy: -30,
      doc: '4.2.3.3 a)：综合考虑党员比例、与小区党支部交叉任职比例、居住区域，向筹备组提出委员会结构建议。',
      ext: userTaskExt({ form: 'vetting-structure', groups: COMMUNITY, due: dueIn('P10D') }),
    },
    {
      id: 'Gateway_vetting_nomination_merge',
      kind: 'exclusiveGateway',
      name: '待提名',
      lane: 'Lane_vetting_community',
      col: 2,
      dy: -30,
    },
    {
      id: 'Task_vetting_nominate',
      kind: 'userTask',
      name: '提出人选建议',
      lane: 'Lane_vetting_community',
      col: 3,
      dy: -30,
      doc: '4.2.3.3 b)：把符合条件的社区“两委”成员、小区党支部成员、在职党员、党员楼栋长等作为建议人选。',
      ext: userTaskExt({
        form: 'vetting-candidates',
        groups: COMMUNITY,
        due: dueIn('P10D'),
        // Back from a check, the form lists the remaining candidates with only the attributes it
        // shows: a submitted list is merged onto the prefilled rows by position, so a hidden
        // `disqualified` would pass to whoever takes a removed candidate's row.
        inputs: [['candidates', `=if candidates = null then null else for c in candidates[disqualified != true] return ${NOMINATION_ROW}`]],
        outputs: [['candidates', '=candidates']],
      }),
    },
    {
      id: 'Task_vetting_check_slate',
      kind: 'serviceTask',
      name: '检查人选',
      lane: 'Lane_vetting_system',
      col: 4,
      dy: -60,
      doc: '均为本区域业主（核对业主名册）、人数不少于名额、党员比例不低于目标。',
      ext: serviceTaskExt({ type: 'rp.check-slate', inputs: [['departmentReviews', '=null']] }),
    },
    {
      id: 'Gateway_vetting_slate',
      kind: 'exclusiveGateway',
      name: '人选符合？',
      lane: 'Lane_vetting_system',
      col: 5,
      dy: -60,
      default: 'Flow_vetting_slate_fail',
    },
    {
      id: 'Task_vetting_list_departments',
      kind: 'serviceTask',
      name: '确定联审部门',
      lane: 'Lane_vetting_system',
      col: 6,
      dy: -60,
      ext: serviceTaskExt({ type: 'rp.list-review-departments' }),
    },
    {
      id: 'Task_vetting_qualification',
      kind: 'userTask',
      name: '资格审查（联审）',
      lane: 'Lane_vetting_department',
      col: 7,
      doc: '4.2.3.3 c)：每个职能部门一项任务，逐一给出候选人是否通过及理由。',
      mi: {
        inputCollection: '=reviewDepartments',
        inputElement: 'department',
        outputCollection: 'departmentReviews',
        outputElement: '={department: department, results: reviewResults}',
      },
      ext: userTaskExt({
        form: 'vetting-qualification',
        groups: '=["department:" + department]',
        due: dueIn('P10D'),
        inputs: [
          ['reviewResults', '=for c in candidates[disqualified != true] return {name: c.name, roomNo: c.roomNo, passed: true, reason: ""}'],
        ],
      }),
    },
    {
      id: 'Task_vetting_apply_review',
      kind: 'serviceTask',
      name: '汇总联审结果',
      lane: 'Lane_vetting_system',
      col: 8,
      dy: -60,
      doc: '移出未通过联审的候选人，并重新检查人选。',
      ext: serviceTaskExt({ type: 'rp.check-slate' }),
    },
    {
      id: 'Gateway_vetting_review',
      kind: 'exclusiveGateway',
      name: '仍符合？',
      lane: 'Lane_vetting_system',
      col: 9,
      dy: -60,
      default: 'Flow_vetting_review_fail',
    },
    {
      id: 'Task_vetting_publish',
      kind: 'serviceTask',
      name: '候选人公示',
      lane: 'Lane_vetting_system',
      col: 10,
      dy: -60,
      ext: serviceTaskExt({ type: 'rp.publish-notice', inputs: [['noticeStage', '="candidates"']] }),
    },
    { id: 'Gateway_vetting_publicity', kind: 'eventBasedGateway', name: '公示期间', lane: 'Lane_vetting_system', col: 11, dy: -60 },
    {
      id: 'Event_vetting_publicity_over',
      kind: 'intermediateCatchEvent',
      name: '公示期满（默认7日）',
      lane: 'Lane_vetting_system',
      col: 12,
      dy: -60,
      event: { timer: { duration: 'P7D' } },
    },
    {
      id: 'Event_vetting_objection',
      kind: 'intermediateCatchEvent',
      name: '收到异议',
      lane: 'Lane_vetting_system',
      col: 12,
      dy: 20,
      event: { message: 'Message_vetting_objection' },
    },
    {
      id: 'Task_vetting_objection',
      kind: 'userTask',
      name: '核查异议',
      lane: 'Lane_vetting_community',
      col: 13,
      dy: 45,
      doc: '社区党组织核查公示期间的异议：成立则重新提名，不成立则继续公示。',
      ext: userTaskExt({ form: 'vetting-objection', groups: COMMUNITY, due: dueIn('P5D') }),
    },
    {
      id: 'Gateway_vetting_objection',
      kind: 'exclusiveGateway',
      name: '异议成立？',
      lane: 'Lane_vetting_community',
      col: 14,
      dy: 45,
      default: 'Flow_vetting_objection_dismissed',
    },
    {
      id: 'Task_vetting_election',
      kind: 'userTask',
      name: '记录业主大会选举结果',
      lane: 'Lane_vetting_community',
      col: 15,
      dy: -30,
      doc: '4.2.3.4：业主大会会议选举产生，记录当选委员、票数和任期。',
      ext: userTaskExt({
        form: 'vetting-election',
        groups: COMMUNITY,
        inputs: [
          [
            'electionResults',
            '=if electionResults != null then electionResults else for c in candidates[disqualified != true] return {name: c.name, roomNo: c.roomNo, isOwner: c.isOwner, isPartyMember: c.isPartyMember, elected: false, votes: null}',
          ],
          ['termStart', '=if termStart != null then termStart else electionDate'],
        ],
        // with input mappings the form's answers land in the task's scope: map each one out
        outputs: ['electionResults', 'ballotsCast', 'validBallots', 'invalidBallots', 'termStart', 'termEnd'].map((v) => [v, `=${v}`]),
      }),
    },
    {
      id: 'Task_vetting_check_election',
      kind: 'serviceTask',
      name: '检查选举结果',
      lane: 'Lane_vetting_system',
      col: 16,
      dy: -60,
      doc: '当选3人以上单数、均为业主、任期不超过5年、票数相符。',
      ext: serviceTaskExt({ type: 'rp.check-election' }),
    },
    {
      id: 'Gateway_vetting_election',
      kind: 'exclusiveGateway',
      name: '结果有效？',
      lane: 'Lane_vetting_system',
      col: 17,
      dy: -60,
      default: 'Flow_vetting_election_fail',
    },
    {
      id: 'Task_vetting_register',
      kind: 'serviceTask',
      name: '业主委员会备案',
      lane: 'Lane_vetting_system',
      col: 18,
      dy: -60,
      ext: serviceTaskExt({ type: 'rp.register-committee' }),
    },
    { id: 'EndEvent_vetting_done', kind: 'endEvent', name: '业主委员会已备案', lane: 'Lane_vetting_system', col: 19, dy: -60 },
  ],
  flows: [
    { from: 'StartEvent_vetting', to: 'Task_vetting_structure' },
    { from: 'Task_vetting_structure', to: 'Gateway_vetting_nomination_merge' },
    { from: 'Gateway_vetting_nomination_merge', to: 'Task_vetting_nominate' },
    { from: 'Task_vetting_nominate', to: 'Task_vetting_check_slate' },
    { from: 'Task_vetting_check_slate', to: 'Gateway_vetting_slate' },
    {
      id: 'Flow_vetting_slate_ok',
      from: 'Gateway_vetting_slate',
      to: 'Task_vetting_list_departments',
      name: '符合',
      cond: '=slateOk = true',
    },
    {
      id: 'Flow_vetting_slate_fail',
      from: 'Gateway_vetting_slate',
      to: 'Gateway_vetting_nomination_merge',
      name: '不符合，重新提名',
      points: 'to-merge-low',
    },
    { from: 'Task_vetting_list_departments', to: 'Task_vetting_qualification', enter: 'vertical' },
    { from: 'Task_vetting_qualification', to: 'Task_vetting_apply_review' },
    { from: 'Task_vetting_apply_review', to: 'Gateway_vetting_review' },
    { id: 'Flow_vetting_review_ok', from: 'Gateway_vetting_review', to: 'Task_vetting_publish', name: '符合', cond: '=slateOk = true' },
    {
      id: 'Flow_vetting_review_fail',
      from: 'Gateway_vetting_review',
      to: 'Gateway_vetting_nomination_merge',
      name: '不符合，重新提名',
      points: 'to-merge-low',
    },
    { from: 'Task_vetting_publish', to: 'Gateway_vetting_publicity' },
    { from: 'Gateway_vetting_publicity', to: 'Event_vetting_publicity_over' },
    { from: 'Gateway_vetting_publicity', to: 'Event_vetting_objection' },
    { from: 'Event_vetting_publicity_over', to: 'Task_vetting_election', points: 'timer-to-election' },
    { from: 'Event_vetting_objection', to: 'Task_vetting_objection', enter: 'vertical' },
    { from: 'Task_vetting_objection', to: 'Gateway_vetting_objection' },
    {
      id: 'Flow_vetting_objection_upheld',
      from: 'Gateway_vetting_objection',
      to: 'Gateway_vetting_nomination_merge',
      name: '成立，重新提名',
      cond: '=objectionUpheld = true',
      points: 'upheld-to-merge',
    },
    {
      id: 'Flow_vetting_objection_dismissed',
      from: 'Gateway_vetting_objection',
      to: 'Task_vetting_publish',
      name: '不成立，重新公示',
      points: 'dismissed-to-publish',
    },
    { from: 'Task_vetting_election', to: 'Task_vetting_check_election' },
    { from: 'Task_vetting_check_election', to: 'Gateway_vetting_election' },
    {
      id: 'Flow_vetting_election_ok',
      from: 'Gateway_vetting_election',
      to: 'Task_vetting_register',
      name: '有效',
      cond: '=electionOk = true',
    },
    {
      id: 'Flow_vetting_election_fail',
      from: 'Gateway_vetting_election',
      to: 'Task_vetting_election',
      name: '无效，更正',
      points: 'election-retry',
    },
    { from: 'Task_vetting_register', to: 'EndEvent_vetting_done' },
  ],
  route: {
    // every "re-nominate" flow runs along the bottom of the system lane into the merge gateway
    'to-merge-low': (a, z, lane) => {
      const sys = lane('Lane_vetting_system');
      const y = sys.y + sys.h - 18;
      return [
        [a.cx, a.y + a.h],
        [a.cx, y],
        [z.cx, y],
        [z.cx, z.y + z.h],
      ];
    },
    'upheld-to-merge': (a, z, lane) => {
      const sys = lane('Lane_vetting_system');
      const y = sys.y + sys.h - 18;
      const x = a.x + a.w + 20;
      return [
        [a.x + a.w, a.cy],
        [x, a.cy],
        [x, y],
        [z.cx, y],
        [z.cx, z.y + z.h],
      ];
    },
    'dismissed-to-publish': (a, z, lane) => {
      const sys = lane('Lane_vetting_system');
      const y = sys.y + sys.h - 40;
      return [
        [a.cx, a.y + a.h],
        [a.cx, y],
        [z.cx, y],
        [z.cx, z.y + z.h],
      ];
    },
    'timer-to-election': (a, z) => [
      [a.cx, a.y],
      [a.cx, z.cy],
      [z.x, z.cy],
    ],
    'election-retry': (a, z, lane) => {
      const sys = lane('Lane_vetting_system');
      const y = sys.y + sys.h / 2 + 10;
      return [
        [a.cx, a.y + a.h],
        [a.cx, y],
        [z.cx + 30, y],
        [z.cx + 30, z.y + z.h],
      ];
    },
  },
};
