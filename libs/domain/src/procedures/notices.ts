/**
 * Public notices (公示/公开) the procedures publish to all owners: one per `noticeStage` of
 * `rp.publish-notice`. The text is composed here from the process variables, so the same
 * stage always reads the same way; the server only stores and shows it.
 */
import { MATTER_CATEGORY_NAMES, type MatterCategory } from './assembly-rules';

export const NOTICE_STAGES = ['deliberation', 'rejected', 'assembly-failed', 'result', 'candidates', 'annual-ratings'] as const;
export type NoticeStage = (typeof NOTICE_STAGES)[number];

export const NOTICE_STAGE_NAMES: Readonly<Record<NoticeStage, string>> = {
  deliberation: '过程公开',
  rejected: '不予通过公开',
  'assembly-failed': '表决结果公开',
  result: '结果公开',
  candidates: '候选人公示',
  'annual-ratings': '评议结果公开',
};

/** *default*: the publicity period of every notice, as the diagrams' P7D timers. */
export const DEFAULT_PUBLICITY_DAYS = 7;

export function isNoticeStage(value: unknown): value is NoticeStage {
  return typeof value === 'string' && (NOTICE_STAGES as readonly string[]).includes(value);
}

/** The variables a notice may draw on; each stage reads its own. */
export interface NoticeInput {
  readonly title?: string | null;
  readonly category?: string | null;
  readonly description?: string | null;
  readonly estimatedCost?: number | null;
  readonly deliberationOpinion?: string | null;
  readonly meetingDate?: string | null;
  readonly assemblyResult?: { readonly passed?: boolean | null; readonly reason?: string | null } | null;
  readonly reviewOpinion?: string | null;
  readonly implementationResult?: string | null;
  readonly completedOn?: string | null;
  readonly actualCost?: number | null;
  readonly candidates?:
    | readonly {
        readonly name: string;
        readonly roomNo?: string | null;
        readonly isPartyMember?: boolean | null;
        readonly disqualified?: boolean | null;
      }[]
    | null;
  readonly objectionFinding?: string | null;
  readonly reviewYear?: number | null;
  readonly ratings?:
    | readonly { readonly name: string; readonly companyName?: string | null; readonly averageScore: number; readonly rating: string }[]
    | null;
}

/** The names on a candidates notice's roster, as composeNotice writes them (“1. 刘芳（1-102），中共党员”). */
export function publicisedCandidateNames(body: string): string[] {
  return [...body.matchAll(/^\d+\. ([^（，\n]+)/gm)].map((m) => (m[1] ?? '').trim());
}

export interface ComposedNotice {
  readonly title: string;
  readonly body: string;
  readonly publicityDays: number;
}

const yuan = (amount: number | null | undefined): string | undefined => (typeof amount === 'number' ? `${amount.toFixed(2)}元` : undefined);
const categoryName = (category: string | null | undefined): string | undefined =>
  category ? (MATTER_CATEGORY_NAMES[category as MatterCategory] ?? category) : undefined;

function lines(...entries: readonly [string, string | null | undefined][]): string {
  return entries
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
    .map(([label, value]) => `${label}：${value.trim()}`)
    .join('\n');
}

/** Title and body of the notice for a stage; the caller has checked the stage's required inputs. */
export function composeNotice(stage: NoticeStage, v: NoticeInput): ComposedNotice {
  const matter = v.title?.trim() || '小区重大事项';
  switch (stage) {
    case 'deliberation':
      return {
        title: `【过程公开】${matter}`,
        body: lines(
          ['事项类别', categoryName(v.category)],
          ['事项说明', v.description],
          ['预计费用', yuan(v.estimatedCost)],
          ['联议意见', v.deliberationOpinion],
          ['说明', `公示期${DEFAULT_PUBLICITY_DAYS}日，期满后提交业主大会表决。`],
        ),
        publicityDays: DEFAULT_PUBLICITY_DAYS,
      };
    case 'rejected':
      return {
        title: `【不予通过】${matter}`,
        body: lines(['事项类别', categoryName(v.category)], ['事项说明', v.description], ['不予通过理由', v.deliberationOpinion]),
        publicityDays: DEFAULT_PUBLICITY_DAYS,
      };
    case 'assembly-failed':
      return {
        title: `【表决结果】${matter}未获业主大会通过`,
        body: lines(['会议日期', v.meetingDate], ['表决结果', v.assemblyResult?.reason ?? '未通过']),
        publicityDays: DEFAULT_PUBLICITY_DAYS,
      };
    case 'result':
      return {
        title: `【结果公开】${matter}`,
        body: lines(
          ['事项类别', categoryName(v.category)],
          ['业主大会表决', v.assemblyResult?.reason],
          ['街道审核意见', v.reviewOpinion],
          ['实施结果', v.implementationResult],
          ['完成日期', v.completedOn],
          ['实际费用', yuan(v.actualCost)],
        ),
        publicityDays: DEFAULT_PUBLICITY_DAYS,
      };
    case 'candidates': {
      const listed = (v.candidates ?? []).filter((c) => c.disqualified !== true);
      const roster = listed.map(
        (c, i) => `${i + 1}. ${c.name}${c.roomNo ? `（${c.roomNo}）` : ''}${c.isPartyMember === true ? '，中共党员' : ''}`,
      );
      return {
        title: '【候选人公示】业主委员会成员候选人名单',
        body: [
          `候选人共${listed.length}人：`,
          ...roster,
          ...(v.objectionFinding?.trim() ? [`异议核查结论：${v.objectionFinding.trim()}`] : []),
          `公示期${DEFAULT_PUBLICITY_DAYS}日。对候选人有异议的，请在公示期内向社区党组织提出。`,
        ].join('\n'),
        publicityDays: DEFAULT_PUBLICITY_DAYS,
      };
    }
    case 'annual-ratings': {
      const year = v.reviewYear ?? '';
      const rows = (v.ratings ?? []).map(
        (r, i) => `${i + 1}. ${r.companyName ? `${r.companyName} ` : ''}${r.name}：平均${r.averageScore}分，${r.rating}`,
      );
      return {
        title: `【评议结果】${year}年度物业服务企业党支部书记述职评议结果`,
        body: [`参加评议${rows.length}人：`, ...rows].join('\n'),
        publicityDays: DEFAULT_PUBLICITY_DAYS,
      };
    }
  }
}
