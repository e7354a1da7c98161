// P4 年度述职评议 — 物业行业党委每年组织1次物业服务企业党支部书记述职评议考核 (4.3.3; criteria 5.3.2; star rating 4.7.3.1).
import { dueIn } from './common.mjs';
import { decisionExt, formStartExt, serviceTaskExt, userTaskExt } from './bpmn-writer.mjs';

const local = (...names) => names.map((n) => [n, '=null']);

export default {
  id: 'annual-secretary-review',
  short: 'review',
  starterRoles: ['industry-party'],
  name: '物业服务企业党支部书记年度述职评议',
  clause: '红色物业建设规范 4.3.3（每年1次述职评议考核）、5.3.2（党建工作实、服务能力强、社会评价好）、4.7.3.1（星级管理）',
  doc:
    '每年1月（默认，可手动发起某一行业党委的评议）：列出各物业服务企业党支部书记和评议人，书记提交述职报告，评议人按“党建工作实、' +
    '服务能力强、社会评价好”评分，按平均分评定等次（≥90优秀、≥80良好、≥60一般、以下较差），公开评议结果并计入示范项目星级评定。',
  lanes: [
    { id: 'Lane_review_secretary', name: '物业服务企业党支部书记' },
    { id: 'Lane_review_industry', name: '物业行业党委' },
    { id: 'Lane_review_system', name: '系统（自动）' },
  ],
  nodes: [
    {
      id: 'StartEvent_review_yearly',
      kind: 'startEvent',
      name: '每年1月10日',
      lane: 'Lane_review_system',
      col: 0,
      doc: '默认每年1月10日09:00（北京时间，cron 按 UTC：0 0 1 10 1 *），评议上一年度。',
      event: { timer: { cycle: '0 0 1 10 1 *' } },
    },
    {
      id: 'StartEvent_review_manual',
      kind: 'startEvent',
      name: '手动发起评议',
      lane: 'Lane_review_industry',
      col: 0,
      ext: formStartExt({ form: 'review-start' }),
    },
    { id: 'Gateway_review_start_merge', kind: 'exclusiveGateway', name: '开始评议', label: 'below', lane: 'Lane_review_system', col: 0.8 },
    {
      id: 'Task_review_list',
      kind: 'serviceTask',
      name: '列出述职人和评议人',
      lane: 'Lane_review_system',
      col: 1.8,
      ext: serviceTaskExt({
        type: 'rp.list-branch-secretaries',
        inputs: [
          ['reviewYear', '=if reviewYear != null then reviewYear else today().year - 1'],
          ['industryPartyId', '=industryPartyId'],
        ],
        outputs: [
          ['reviewYear', '=reviewYear'],
          ['secretaries', '=secretaries'],
          ['reviewAssignments', '=reviewAssignments'],
        ],
      }),
    },
    {
      id: 'Task_review_report',
      kind: 'userTask',
      name: '提交述职报告',
      lane: 'Lane_review_secretary',
      col: 2.8,
      doc: '每位物业服务企业党支部书记一项任务。',
      mi: {
        inputCollection: '=secretaries',
        inputElement: 'secretary',
        outputCollection: 'reports',
        outputElement:
          '={secretaryId: secretary.secretaryId, name: secretary.name, companyName: secretary.companyName, summary: reportSummary, partyWork: partyWork, serviceWork: serviceWork, socialEvaluation: socialEvaluation}',
      },
      ext: userTaskExt({
        form: 'review-report',
        groups: '=["property-company:" + secretary.orgUnitId]',
        due: dueIn('P20D'),
        inputs: local('reportSummary', 'partyWork', 'serviceWork', 'socialEvaluation'),
      }),
    },
    {
      id: 'Task_review_score',
      kind: 'userTask',
      name: '评议打分',
      lane: 'Lane_review_industry',
      col: 3.8,
      doc: '每位评议人对每份述职报告一项任务，按 5.3.2 三项标准评分。',
      mi: {
        inputCollection: '=reviewAssignments',
        inputElement: 'assignment',
        outputCollection: 'reviews',
        outputElement:
          '={secretaryId: assignment.secretaryId, reviewerId: assignment.reviewerId, partyWork: scorePartyWork, service: scoreService, social: scoreSocial, total: totalScore, comment: reviewComment}',
      },
      ext: userTaskExt({
        form: 'review-score',
        groups: '=["industry-party:" + assignment.industryPartyId]',
        assignee: '=assignment.reviewerId',
        due: dueIn('P15D'),
        inputs: [
          ['report', '=reports[item.secretaryId = assignment.secretaryId][1]'],
          ...local('scorePartyWork', 'scoreService', 'scoreSocial', 'totalScore', 'reviewComment'),
        ],
      }),
    },
    {
      id: 'Task_review_rate',
      kind: 'businessRuleTask',
      name: '评定等次',
      lane: 'Lane_review_system',
      col: 4.8,
      doc: '按评议人总分的平均分（保留一位小数，四舍五入）查决策表 annual-rating。',
      mi: {
        inputCollection: '=secretaries',
        inputElement: 'secretary',
        outputCollection: 'ratings',
        outputElement:
          '={secretaryId: secretary.secretaryId, name: secretary.name, companyName: secretary.companyName, averageScore: averageScore, rating: rating}',
      },
      ext: decisionExt({
        decisionId: 'annual-rating',
        resultVariable: 'rating',
        inputs: [
          ['averageScore', '=round half up(mean(for r in reviews[item.secretaryId = secretary.secretaryId] return r.total), 1)'],
          ['rating', '=null'],
        ],
      }),
    },
    {
      id: 'Task_review_publish',
      kind: 'serviceTask',
      name: '公开评议结果',
      lane: 'Lane_review_system',
      col: 5.8,
      ext: serviceTaskExt({ type: 'rp.publish-notice', inputs: [['noticeStage', '="annual-ratings"']] }),
    },
    {
      id: 'Task_review_star_rating',
      kind: 'serviceTask',
      name: '计入示范项目星级评定',
      lane: 'Lane_review_system',
      col: 6.8,
      doc: '4.7.3.1：红色物业示范项目动态化星级管理。',
      ext: serviceTaskExt({ type: 'rp.update-star-rating' }),
    },
    { id: 'EndEvent_review_done', kind: 'endEvent', name: '年度评议完成', lane: 'Lane_review_system', col: 7.7 },
  ],
  flows: [
    { from: 'StartEvent_review_yearly', to: 'Gateway_review_start_merge' },
    { from: 'StartEvent_review_manual', to: 'Gateway_review_start_merge', enter: 'vertical' },
    { from: 'Gateway_review_start_merge', to: 'Task_review_list' },
    { from: 'Task_review_list', to: 'Task_review_report' },
    { from: 'Task_review_report', to: 'Task_review_score' },
    { from: 'Task_review_score', to: 'Task_review_rate' },
    { from: 'Task_review_rate', to: 'Task_review_publish' },
    { from: 'Task_review_publish', to: 'Task_review_star_rating' },
    { from: 'Task_review_star_rating', to: 'EndEvent_review_done' },
  ],
};
