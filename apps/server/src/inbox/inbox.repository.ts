/**
 * Queries over inbox_tasks and task_drafts; the service decides, this runs SQL. Visibility is
 * one OR of index-backed conditions (assignee btree, candidate GIN arrays, org_path prefix on
 * the C-collated btree), so an official's inbox is a bitmap scan of their own rows.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TaskDraftEntity } from './task-draft.entity';
import { TaskEntity, type TaskEndReason } from './task.entity';
import type { Viewer } from './visibility';

export const TASK_FILTERS = ['all', 'mine', 'unassigned', 'candidate', 'dueSoon', 'overdue', 'completed'] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];
/** A task is due soon within this long of its due date (and overdue after it). */
export const DUE_SOON_MS = 24 * 60 * 60 * 1000;
export const TASK_SORTS = ['-createdAt', 'createdAt', 'dueDate', '-dueDate'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export interface TaskSearch {
  readonly filter: TaskFilter;
  readonly processId?: string;
  /** Materialised path of a unit: only tasks at or below it. */
  readonly underPath?: string;
  readonly dueBefore?: Date;
  readonly text?: string;
  /** The moment dueSoon and overdue are judged at. */
  readonly now: Date;
  /** Reads each row's engine end reason in the page's query (see JobStateProbe.endReasonSql). */
  readonly endReasonSql?: (jobKeyColumn: string) => string;
  readonly sort: TaskSort;
  readonly limit: number;
  readonly offset: number;
}

/** A task row as read for the API: with the names of its unit and people, joined in the same query. */
export type TaskRow = TaskEntity & {
  readonly orgUnitName: string | null;
  readonly assigneeName: string | null;
  readonly completedByName: string | null;
  /** Only from `list` with `endReasonSql`: why the job ended in the engine, null while it is active. */
  readonly engineEndReason?: TaskEndReason | null;
};

/** What the projection writes for one activated job. */
export type ProjectedTask = Omit<TaskEntity, 'state' | 'endReason' | 'completedAt' | 'completedBy' | 'createdAt' | 'updatedAt'>;

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const SELECT = `SELECT t.job_key AS "jobKey", t.process_instance_key AS "processInstanceKey", t.process_definition_key AS "processDefinitionKey",
  t.bpmn_process_id AS "bpmnProcessId", t.process_name AS "processName", t.process_version AS "processVersion", t.element_id AS "elementId",
  t.element_instance_key AS "elementInstanceKey", t.name, t.form_key AS "formKey", t.form_id AS "formId", t.assignee,
  t.candidate_groups AS "candidateGroups", t.candidate_users AS "candidateUsers", t.due_date AS "dueDate", t.follow_up_date AS "followUpDate",
  t.org_unit_id AS "orgUnitId", t.org_path AS "orgPath", t.state, t.end_reason AS "endReason", t.created_at AS "createdAt",
  t.job_deadline AS "jobDeadline", t.completed_at AS "completedAt", t.completed_by AS "completedBy", t.updated_at AS "updatedAt"`;

/** assignee and completed_by hold user ids (a username from a diagram stays as it is): cast only what is a UUID, so the join uses users' primary key. */
const userIdOf = (column: string): string =>
  `(CASE WHEN ${column} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN ${column}::uuid END)`;

/** Names for the API in the same round trip: the unit's, the holder's and the completer's. */
const NAMES = `ou.name AS "orgUnitName", ua.display_name AS "assigneeName", uc.display_name AS "completedByName"`;
const joinNames = (unit: string, assignee: string, completedBy: string): string => `LEFT JOIN org_units ou ON ou.id = ${unit}
  LEFT JOIN users ua ON ua.id = ${userIdOf(assignee)}
  LEFT JOIN users uc ON uc.id = ${userIdOf(completedBy)}`;
const JOIN_NAMES = joinNames('t.org_unit_id', 't.assignee', 't.completed_by');
/** The same over SELECT's aliased columns (a page's subquery). */
const JOIN_NAMES_ALIASED = joinNames('t."orgUnitId"', 't.assignee', 't."completedBy"');

const ORDER: Record<TaskSort, string> = {
  '-createdAt': 't.created_at DESC, t.job_key DESC',
  createdAt: 't.created_at ASC, t.job_key ASC',
  dueDate: 't.due_date ASC NULLS LAST, t.job_key ASC',
  '-dueDate': 't.due_date DESC NULLS LAST, t.job_key DESC',
};

/** The same orders over a page's selected (aliased) columns. */
const PAGE_ORDER: Record<TaskSort, string> = {
  '-createdAt': 't."createdAt" DESC, t."jobKey" DESC',
  createdAt: 't."createdAt" ASC, t."jobKey" ASC',
  dueDate: 't."dueDate" ASC NULLS LAST, t."jobKey" ASC',
  '-dueDate': 't."dueDate" DESC NULLS LAST, t."jobKey" DESC',
};

@Injectable()
export class InboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the task of a newly activated job, or — for a job activated again after its
   * timeout or a restart — refreshes only what the engine owns (variables, lock deadline),
   * keeping claims and state. Returns whether the row is new.
   */
  async upsert(task: ProjectedTask): Promise<boolean> {
    const rows: { inserted: boolean }[] = await this.dataSource.query(
      `INSERT INTO inbox_tasks (job_key, process_instance_key, process_definition_key, bpmn_process_id, process_name, process_version,
          element_id, element_instance_key, name, form_key, form_id, assignee, candidate_groups, candidate_users, due_date,
          follow_up_date, org_unit_id, org_path, variables, state, created_at, job_deadline, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,'open',now(),$20,now())
       ON CONFLICT (job_key) DO UPDATE SET
         variables = EXCLUDED.variables,
         job_deadline = EXCLUDED.job_deadline,
         -- A completion that never finished (the server died after marking it) is open again once the engine hands the job back.
         state = CASE WHEN inbox_tasks.state = 'completing' AND inbox_tasks.updated_at < now() - interval '1 minute' THEN 'open' ELSE inbox_tasks.state END,
         updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        task.jobKey,
        task.processInstanceKey,
        task.processDefinitionKey,
        task.bpmnProcessId,
        task.processName,
        task.processVersion,
        task.elementId,
        task.elementInstanceKey,
        task.name,
        task.formKey,
        task.formId,
        task.assignee,
        task.candidateGroups,
        task.candidateUsers,
        task.dueDate,
        task.followUpDate,
        task.orgUnitId,
        task.orgPath,
        JSON.stringify(task.variables),
        task.jobDeadline,
      ],
    );
    return rows[0]?.inserted === true;
  }

  async find(jobKey: string): Promise<TaskRow | null> {
    const rows: TaskRow[] = await this.dataSource.query(
      `${SELECT}, t.variables, ${NAMES} FROM inbox_tasks t ${JOIN_NAMES} WHERE t.job_key = $1`,
      [jobKey],
    );
    return rows[0] ?? null;
  }

  /**
   * One page. Visibility is a union of branches that each use one index (assignee btree,
   * candidate GIN arrays, org_path prefix range) and each keep only their own first
   * offset+limit rows in the requested order, so the page is exact without scanning every
   * visible task; a single OR over the branches makes the planner walk the created_at index
   * instead.
   */
  async list(viewer: Viewer, search: TaskSearch): Promise<TaskRow[]> {
    const params = new Params();
    const top = params.add(search.offset + search.limit);
    const state = search.filter === 'completed' ? `t.state = 'completed'` : `t.state = 'open'`;
    const extra = [...extraConditions(search, params), ...dueConditions(search.filter, search.now, params)];
    const branches = branchesFor(viewer, search.filter, params).map((condition) => {
      const where = [state, condition, ...(search.filter === 'unassigned' ? ['t.assignee IS NULL'] : []), ...extra];
      if (!condition.includes('candidate_')) {
        return `(SELECT t.job_key FROM inbox_tasks t WHERE ${where.join(' AND ')} ORDER BY ${ORDER[search.sort]} LIMIT ${top})`;
      }
      // GIN branches: PostgreSQL underestimates how rare a group is and would walk the
      // created_at index looking for the first matches; OFFSET 0 keeps it on the GIN index
      // (a bitmap of the group's few hundred rows, then a top-N sort).
      return `(SELECT t.job_key FROM (SELECT * FROM inbox_tasks t WHERE ${where.join(' AND ')} OFFSET 0) t ORDER BY ${ORDER[search.sort]} LIMIT ${top})`;
    });
    if (branches.length === 0) return [];
    // The names are joined to the page's rows only, after the limit.
    return this.dataSource.query(
      `SELECT t.*, ${NAMES}${search.endReasonSql ? `, ${search.endReasonSql('t."jobKey"')} AS "engineEndReason"` : ''} FROM (
         ${SELECT} FROM inbox_tasks t WHERE t.job_key IN (${branches.join(' UNION ')})
          ORDER BY ${ORDER[search.sort]} LIMIT ${params.add(search.limit)} OFFSET ${params.add(search.offset)}
       ) t ${JOIN_NAMES_ALIASED}
       ORDER BY ${PAGE_ORDER[search.sort]}`,
      params.values,
    );
  }

  /**
   * Counts per filter over the viewer's visible rows. No ORDER BY/LIMIT here, so one OR of
   * the branch conditions is a BitmapOr of their indexes and a single heap pass.
   */
  async counts(viewer: Viewer, search: Omit<TaskSearch, 'filter' | 'sort' | 'limit' | 'offset'>): Promise<Record<TaskFilter, number>> {
    const params = new Params();
    const me = params.add(viewer.userId);
    const candidate = candidateCondition(viewer, params);
    const extra = extraConditions(search, params);
    const dueSoon = dueConditions('dueSoon', search.now, params).join(' AND ');
    const overdue = dueConditions('overdue', search.now, params).join(' AND ');
    const visible = `(${[...branchesFor(viewer, 'all', params), `t.completed_by = ${me}`].join(' OR ')})`;
    const rows: Record<TaskFilter, string>[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE t.state = 'open') AS "all",
              count(*) FILTER (WHERE t.state = 'open' AND t.assignee = ${me}) AS mine,
              count(*) FILTER (WHERE t.state = 'open' AND t.assignee IS NULL) AS unassigned,
              count(*) FILTER (WHERE t.state = 'open' AND ${candidate}) AS candidate,
              count(*) FILTER (WHERE t.state = 'open' AND ${dueSoon}) AS "dueSoon",
              count(*) FILTER (WHERE t.state = 'open' AND ${overdue}) AS overdue,
              count(*) FILTER (WHERE t.state = 'completed') AS completed
         FROM inbox_tasks t WHERE ${[visible, ...extra].join(' AND ')}`,
      params.values,
    );
    const row = rows[0];
    return {
      all: Number(row?.all ?? 0),
      mine: Number(row?.mine ?? 0),
      unassigned: Number(row?.unassigned ?? 0),
      candidate: Number(row?.candidate ?? 0),
      dueSoon: Number(row?.dueSoon ?? 0),
      overdue: Number(row?.overdue ?? 0),
      completed: Number(row?.completed ?? 0),
    };
  }

  /** Sets the assignee when the task is open and held by `expected` (null: unassigned); false when it is not. */
  async setAssignee(jobKey: string, expected: { readonly holder: string | null } | 'any', assignee: string | null): Promise<boolean> {
    const holder = expected === 'any' ? undefined : expected.holder;
    const condition = expected === 'any' ? '' : holder === null ? 'AND assignee IS NULL' : 'AND assignee = $3';
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE inbox_tasks SET assignee = $2, updated_at = now() WHERE job_key = $1 AND state = 'open' ${condition}`,
      holder === undefined || holder === null ? [jobKey, assignee] : [jobKey, assignee, holder],
    );
    return result[1] === 1;
  }

  /**
   * Marks an open task `completing` for `userId`, atomically: of two simultaneous
   * completions exactly one gets true. The task must be unassigned or held by `userId`.
   */
  async beginCompletion(jobKey: string, userId: string): Promise<{ previousAssignee: string | null } | undefined> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ previous: string | null }[], number] = await this.dataSource.query(
      `UPDATE inbox_tasks t SET state = 'completing', assignee = $2, updated_at = now()
         FROM (SELECT job_key, assignee FROM inbox_tasks WHERE job_key = $1 FOR UPDATE) old
        WHERE t.job_key = old.job_key AND t.state = 'open' AND (t.assignee IS NULL OR t.assignee = $2)
        RETURNING old.assignee AS previous`,
      [jobKey, userId],
    );
    return rows.length === 1 ? { previousAssignee: rows[0].previous } : undefined;
  }

  async finishCompletion(jobKey: string, userId: string, variables: Record<string, unknown>): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE inbox_tasks SET state = 'completed', end_reason = 'completed', completed_at = now(), completed_by = $2, updated_at = now(),
                variables = variables || $3::jsonb
          WHERE job_key = $1`,
        [jobKey, userId, JSON.stringify(variables)],
      );
      await manager.query('DELETE FROM task_drafts WHERE job_key = $1', [jobKey]);
    });
  }

  async abortCompletion(jobKey: string, previousAssignee: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE inbox_tasks SET state = 'open', assignee = $2, updated_at = now() WHERE job_key = $1 AND state = 'completing'`,
      [jobKey, previousAssignee],
    );
  }

  /** Closes tasks whose jobs ended in the engine without being completed here. */
  async markEnded(ended: ReadonlyMap<string, TaskEndReason>): Promise<void> {
    for (const [jobKey, reason] of ended) {
      await this.dataSource.query(
        `UPDATE inbox_tasks SET state = $2, end_reason = $3, completed_at = COALESCE(completed_at, now()), updated_at = now()
          WHERE job_key = $1 AND state IN ('open', 'completing')`,
        [jobKey, reason === 'completed-elsewhere' ? 'completed' : 'canceled', reason],
      );
    }
  }

  /** Keys of open or completing tasks after `afterKey`, in key order, for the sweeper. */
  async openKeysAfter(afterKey: string, limit: number): Promise<string[]> {
    const rows: { key: string }[] = await this.dataSource.query(
      `SELECT job_key::text AS key FROM inbox_tasks WHERE job_key > $1 AND state IN ('open', 'completing') ORDER BY job_key LIMIT $2`,
      [afterKey, limit],
    );
    return rows.map((row) => row.key);
  }

  findDraft(jobKey: string, userId: string): Promise<TaskDraftEntity | null> {
    return this.dataSource.getRepository(TaskDraftEntity).findOneBy({ jobKey, userId });
  }

  async saveDraft(jobKey: string, userId: string, data: Record<string, unknown>): Promise<Date> {
    const rows: { updated_at: Date }[] = await this.dataSource.query(
      `INSERT INTO task_drafts (job_key, user_id, data, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (job_key, user_id) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at RETURNING updated_at`,
      [jobKey, userId, JSON.stringify(data)],
    );
    return rows[0].updated_at;
  }
}

function candidateCondition(viewer: Viewer, params: Params): string {
  return `(t.candidate_users @> ARRAY[${params.add(viewer.userId)}]::text[] OR t.candidate_groups && ${params.add(viewer.groups)}::text[])`;
}

/** The index-backed conditions whose union is what the filter shows. */
function branchesFor(viewer: Viewer, filter: TaskFilter, params: Params): string[] {
  const me = (): string => params.add(viewer.userId);
  const candidates = (): string[] => [
    `t.candidate_users @> ARRAY[${me()}]::text[]`,
    ...(viewer.groups.length > 0 ? [`t.candidate_groups && ${params.add(viewer.groups)}::text[]`] : []),
  ];
  const scope = (): string[] => viewer.scopePaths.map((path) => `t.org_path LIKE ${params.add(`${path}%`)}`);
  switch (filter) {
    case 'mine':
      return [`t.assignee = ${me()}`];
    case 'candidate':
      return candidates();
    case 'all':
    case 'unassigned':
    case 'dueSoon':
    case 'overdue':
      return [`t.assignee = ${me()}`, ...candidates(), ...scope()];
    case 'completed':
      return [`t.completed_by = ${me()}`, `t.assignee = ${me()}`, ...candidates(), ...scope()];
  }
}

/** dueSoon: due within DUE_SOON_MS from now and not yet overdue; overdue: due before now. */
function dueConditions(filter: TaskFilter, now: Date, params: Params): string[] {
  if (filter === 'overdue') return [`t.due_date < ${params.add(now)}`];
  if (filter === 'dueSoon')
    return [`t.due_date >= ${params.add(now)}`, `t.due_date <= ${params.add(new Date(now.getTime() + DUE_SOON_MS))}`];
  return [];
}

function extraConditions(
  search: Omit<TaskSearch, 'filter' | 'sort' | 'limit' | 'offset' | 'now' | 'endReasonSql'>,
  params: Params,
): string[] {
  const conditions: string[] = [];
  if (search.processId) conditions.push(`t.bpmn_process_id = ${params.add(search.processId)}`);
  if (search.underPath) conditions.push(`t.org_path LIKE ${params.add(`${search.underPath}%`)}`);
  if (search.dueBefore) conditions.push(`t.due_date < ${params.add(search.dueBefore)}`);
  if (search.text) {
    const pattern = params.add(`%${search.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(`(t.name ILIKE ${pattern} OR t.process_name ILIKE ${pattern})`);
  }
  return conditions;
}
