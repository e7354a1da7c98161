// Forms of P4 年度述职评议 (annual-secretary-review).
import { expression, form, heading, number, ro, textarea, textfield } from './form-writer.mjs';

export default [
  form('review-start', '发起年度述职评议', [
    number('reviewYear', '评议年度', { required: true, min: 2000, max: 2100, description: '一般为上一年度。' }),
    textfield('industryPartyId', '物业行业党委（单位编号）', {
      required: true,
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      patternErrorMessage: '请选择有效的单位编号',
      description: '默认为您所在的行业党委。',
    }),
  ]),
  form('review-report', '提交年度述职报告', [
    ro('reviewYear', '评议年度', 'number'),
    ro('secretary.name', '述职人'),
    ro('secretary.companyName', '物业服务企业'),
    textarea('reportSummary', '述职概要', { required: true, maxLength: 3000 }),
    textarea('partyWork', '党建工作（党建工作实）', { required: true }),
    textarea('serviceWork', '服务工作（服务能力强）', { required: true }),
    textarea('socialEvaluation', '群众评价与满意度（社会评价好）', { required: true }),
  ]),
  form('review-score', '述职评议打分', [
    ro('reviewYear', '评议年度', 'number'),
    ro('report.name', '述职人'),
    ro('report.companyName', '物业服务企业'),
    ro('report.summary', '述职概要', 'textarea'),
    ro('report.partyWork', '党建工作', 'textarea'),
    ro('report.serviceWork', '服务工作', 'textarea'),
    ro('report.socialEvaluation', '群众评价', 'textarea'),
    heading('按“党建工作实、服务能力强、社会评价好”评分（5.3.2），满分100分。'),
    number('scorePartyWork', '党建工作实（0–40分）', { required: true, min: 0, max: 40 }),
    number('scoreService', '服务能力强（0–30分）', { required: true, min: 0, max: 30 }),
    number('scoreSocial', '社会评价好（0–30分）', { required: true, min: 0, max: 30 }),
    expression(
      'totalScore',
      '=if scorePartyWork = null or scoreService = null or scoreSocial = null then null else scorePartyWork + scoreService + scoreSocial',
    ),
    { type: 'text', id: 'Field_total', text: '="合计：" + string(totalScore) + " 分"', conditional: { hide: '=totalScore = null' } },
    textarea('reviewComment', '评议意见（可选）'),
  ]),
];
