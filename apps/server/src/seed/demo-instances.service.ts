/**
 * Demo work for `npm start`: a few instances of each of the five procedures, started by the
 * demo user whose role starts them and taken to different steps through the inbox, so every
 * demo official finds something in 我的待办. Runs once per database, resumably: the plan is
 * written to `demo_instance_progress` before the first start and each instance's key and steps
 * as they happen, so a server killed mid-way continues on its next boot without starting any
 * demo twice. A database without a plan where instances were already started through the
 * server (the audit log has a `start`) is left alone. Also runs the committee-report check
 * once, so the demo committee's missed quarterly report starts P3 from `committee-report-overdue`.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Principal } from '../auth/principal';
import type { RequestMeta } from '../audit/request-meta';
import { AppError } from '../common/app-error';
import { CommitteeReportsService } from '../committee-reports/committee-reports.service';
import { InboxService } from '../inbox/inbox.service';
import { ProcessesService } from '../processes/processes.service';
import { UsersRepository } from '../users/users.repository';
import { DemoInstanceProgressEntity } from './demo-instance-progress.entity';

const JINXIU = 'wf-dongda-nanying-jinxiu';
const YUHUA = 'wf-dongda-nanying-yuhua';
const META: RequestMeta = { ip: null, userAgent: 'red-property demo seed' };
/** A projected task appears within milliseconds; the bound only keeps a broken engine from hanging the seed. */
const TASK_WAIT_MS = 60_000;
/** The variable marking a demo's instance, so an instance started just before a crash is found again rather than started twice. */
export const DEMO_MARKER_VARIABLE = 'demoInstanceId';

type Data = Record<string, unknown>;

/** One demo instance: who starts it with what, then which steps are completed, by whom. */
export interface DemoInstance {
  /** Stable key of its progress row (`demo_instance_progress.demo_id`). */
  readonly id: string;
  readonly process: string;
  readonly startedBy: string;
  readonly data: Data;
  readonly steps: readonly { readonly elementId: string; readonly by: string; readonly data: Data }[];
}

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const report = (location: string, description: string): Data => ({
  compoundId: JINXIU,
  category: 'repair',
  location,
  description,
  contactPhone: '13800000000',
});
const dispatch = { elementId: 'Task_report_dispatch', by: 'grid', data: { dispatchDecision: 'dispatch' } };
const accept = { elementId: 'Task_report_accept', by: 'property', data: { handlerName: '维修工 刘师傅' } };

export const DEMO_INSTANCES: readonly DemoInstance[] = [
  // P5 三单一访: waiting for 派单, 接单, 处置 and 评单.
  { id: 'p5-door', process: 'resident-report', startedBy: 'resident', data: report('2号楼1单元', '单元门禁无法刷卡'), steps: [] },
  { id: 'p5-light', process: 'resident-report', startedBy: 'resident', data: report('3号楼2单元', '楼道灯不亮'), steps: [dispatch] },
  {
    id: 'p5-manhole',
    process: 'resident-report',
    startedBy: 'resident',
    data: report('4号楼东侧', '雨水井盖松动'),
    steps: [dispatch, accept],
  },
  {
    id: 'p5-garage',
    process: 'resident-report',
    startedBy: 'resident',
    data: report('1号楼地下车库', '车库排风扇噪音大'),
    steps: [dispatch, accept, { elementId: 'Task_report_handle', by: 'property', data: { handlingResult: '已更换风扇轴承' } }],
  },
  // P2 三议一审两公开: a motion of the owners' committee waiting for 联议.
  {
    id: 'p2-elevator',
    process: 'major-matter-decision',
    startedBy: 'committee',
    data: {
      compoundId: JINXIU,
      proposerRole: 'owners-committee',
      title: '使用维修资金更换2号楼电梯',
      category: 'maintenance-fund',
      description: '2号楼电梯运行已满15年，多次困人，拟申请使用专项维修资金更换。',
      estimatedCost: 380000,
    },
    steps: [],
  },
  // P1 候选人推荐、提名、考察: 裕华苑 prepares its first committee election.
  {
    id: 'p1-yuhua',
    process: 'committee-candidate-vetting',
    startedBy: 'community',
    data: { compoundId: YUHUA, seats: 5, electionDate: inDays(60) },
    steps: [],
  },
  // P3 纠错和退出: an investigation, a rectification and an exit waiting for the street.
  {
    id: 'p3-parking',
    process: 'committee-correction-exit',
    startedBy: 'community',
    data: { compoundId: JINXIU, findingType: 'complaint', target: 'committee', findingDescription: '业主反映业委会未公开停车收益收支情况' },
    steps: [],
  },
  {
    id: 'p3-seal',
    process: 'committee-correction-exit',
    startedBy: 'community',
    data: { compoundId: JINXIU, findingType: 'seal-misuse', target: 'committee', findingDescription: '业委会印章使用未登记' },
    steps: [
      {
        elementId: 'Task_correction_investigate',
        by: 'community',
        data: {
          investigationFindings: '属实：2025年10月两次用印未登记',
          correctionDecision: 'correct',
          rectificationRequirements: '补登用印记录，建立用印审批登记制度',
          rectificationDays: 30,
        },
      },
    ],
  },
  {
    id: 'p3-member',
    process: 'committee-correction-exit',
    startedBy: 'community',
    data: {
      compoundId: JINXIU,
      findingType: 'supervision',
      target: 'member',
      memberName: '赵国庆',
      findingDescription: '委员赵国庆连续半年不参加业委会会议',
    },
    steps: [
      {
        elementId: 'Task_correction_investigate',
        by: 'community',
        data: { investigationFindings: '属实，本人表示无法继续履职', correctionDecision: 'exit' },
      },
    ],
  },
  // P4 年度述职评议: the secretary has reported, the industry party committee scores.
  {
    id: 'p4-review',
    process: 'annual-secretary-review',
    startedBy: 'industry',
    data: { reviewYear: new Date().getUTCFullYear() - 1, industryPartyId: 'wf' },
    steps: [
      {
        elementId: 'Task_review_report',
        by: 'property',
        data: {
          reportSummary: '全年党支部组织生活规范，物业服务满意度稳步提升',
          partyWork: '每月主题党日，党员亮身份、设党员先锋岗',
          serviceWork: '报事报修平均24小时内办结',
          socialEvaluation: '满意度测评92%',
        },
      },
    ],
  },
];

@Injectable()
export class DemoInstancesService {
  private readonly logger = new Logger(DemoInstancesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly moduleRef: ModuleRef,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Sets up the demo instances this database has not finished (all of them on a fresh
   * database, none on one used without the demo); returns how many it finished in this run.
   */
  async seed(instances: readonly DemoInstance[] = DEMO_INSTANCES): Promise<number> {
    const plan = await this.plan(instances);
    const processes = this.moduleRef.get(ProcessesService, { strict: false });
    const inbox = this.moduleRef.get(InboxService, { strict: false });
    const principals = new Map<string, Principal>();
    const as = async (username: string): Promise<Principal> => {
      const known = principals.get(username);
      if (known) return known;
      const principal = await this.principalOf(username);
      principals.set(username, principal);
      return principal;
    };
    let count = 0;
    for (const demo of instances) {
      const progress = plan.get(demo.id);
      if (!progress || progress.completedAt) continue;
      // One demo that no longer fits its (edited) diagram or form must not keep the others out; it is tried again at the next boot.
      try {
        let key = progress.processInstanceKey ?? (await this.startedBeforeCrash(demo));
        if (key === null) {
          const instance = await processes.start(await as(demo.startedBy), demo.process, { data: demo.data }, META, {
            variables: { [DEMO_MARKER_VARIABLE]: demo.id },
          });
          key = instance.processInstanceKey;
        }
        await this.record(demo.id, { processInstanceKey: key });
        for (let index = progress.stepsDone; index < demo.steps.length; index += 1) {
          const step = demo.steps[index];
          if (!(await this.stepDone(key, demo, index))) {
            const jobKey = await this.openTask(key, step.elementId);
            await inbox.complete(await as(step.by), jobKey, step.data, META);
          }
          await this.record(demo.id, { stepsDone: index + 1 });
        }
        await this.record(demo.id, { completedAt: new Date() });
        count += 1;
      } catch (error) {
        this.logger.warn({
          msg: 'demo instance not set up',
          demo: demo.id,
          process: demo.process,
          err: error instanceof Error ? error.message : String(error),
          fields: error instanceof AppError ? error.details.errors : undefined,
        });
      }
    }
    if (plan.size === 0) return 0;
    // Also after a crash that came between the last demo and this check; a repeated check publishes nothing twice.
    const checked = await this.moduleRef.get(CommitteeReportsService, { strict: false }).checkOverdue();
    if (count > 0 || checked.published.length > 0)
      this.logger.log({ msg: 'demo instances started', instances: count, reportsOverdue: checked.published.length });
    return count;
  }

  /** The progress rows by demo id: written now on a fresh database, read back after a crash; empty when the database is not the demo's. */
  private async plan(instances: readonly DemoInstance[]): Promise<Map<string, DemoInstanceProgressEntity>> {
    const repo = this.dataSource.getRepository(DemoInstanceProgressEntity);
    let rows = await repo.find();
    if (rows.length === 0) {
      const started: unknown[] = await this.dataSource.query(`SELECT 1 FROM audit_log WHERE action = 'start' LIMIT 1`);
      if (started.length > 0) return new Map();
      await repo
        .createQueryBuilder()
        .insert()
        .values(instances.map((d) => ({ demoId: d.id })))
        .orIgnore()
        .execute();
      rows = await repo.find();
    }
    return new Map(rows.map((row) => [row.demoId, row]));
  }

  private async record(
    demoId: string,
    change: Partial<Pick<DemoInstanceProgressEntity, 'processInstanceKey' | 'stepsDone' | 'completedAt'>>,
  ) {
    await this.dataSource.getRepository(DemoInstanceProgressEntity).update({ demoId }, change);
  }

  /**
   * The instance of a demo started before a crash that came before its key was recorded. The
   * embedded engine's table answers; on Zeebe nothing can be searched, and that instant's
   * crash would start the demo again.
   */
  private async startedBeforeCrash(demo: DemoInstance): Promise<string | null> {
    if (this.config.engine !== 'embedded') return null;
    const rows: { key: string }[] = await this.dataSource.query(
      `SELECT key::text AS key FROM engine.process_instance WHERE bpmn_process_id = $1 AND variables->>'${DEMO_MARKER_VARIABLE}' = $2 ORDER BY key LIMIT 1`,
      [demo.process, demo.id],
    );
    return rows[0]?.key ?? null;
  }

  /** Whether step `index` was completed before a crash that came before it was recorded (its task is completed in the inbox). */
  private async stepDone(processInstanceKey: string, demo: DemoInstance, index: number): Promise<boolean> {
    const elementId = demo.steps[index].elementId;
    const needed = demo.steps.slice(0, index + 1).filter((s) => s.elementId === elementId).length;
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM inbox_tasks WHERE process_instance_key = $1 AND element_id = $2 AND state IN ('completing', 'completed')`,
      [processInstanceKey, elementId],
    );
    return (rows[0]?.n ?? 0) >= needed;
  }

  private async principalOf(username: string): Promise<Principal> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new Error(`demo user ${username} is missing; run the demo seed first`);
    const memberships = await this.users.membershipsOf([user.id]);
    return {
      userId: user.id,
      username: user.username,
      memberships: memberships.map(({ id, role, orgUnitId, orgUnitPath }) => ({ id, role, orgUnitId, orgUnitPath })),
    };
  }

  /** The job key of the instance's open task at the element, once the inbox has projected it. */
  private async openTask(processInstanceKey: string, elementId: string): Promise<string> {
    const deadline = Date.now() + TASK_WAIT_MS;
    for (;;) {
      const rows: { job_key: string }[] = await this.dataSource.query(
        `SELECT job_key::text AS job_key FROM inbox_tasks WHERE process_instance_key = $1 AND element_id = $2 AND state = 'open' LIMIT 1`,
        [processInstanceKey, elementId],
      );
      if (rows[0]) return rows[0].job_key;
      if (Date.now() > deadline) throw new Error(`demo seed: no open task ${elementId} of instance ${processInstanceKey}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
