/**
 * Small generated history for the analytics specs, written straight into the engine's
 * history tables (engine.process_instance, engine.element_instance) and the inbox's tables
 * (inbox_tasks, audit_log claims), plus a brute-force TypeScript model of every figure the
 * API answers, to compare against.
 */
import { Client } from 'pg';

export const PROCESS_ID = 'analytics-test';
export const PROCESS_NAME = '分析测试流程';
export const ELEMENTS = [
  { id: 'start', type: 'START_EVENT', name: '动议' },
  { id: 'accept', type: 'USER_TASK', name: '受理' },
  { id: 'review', type: 'USER_TASK', name: '审核' },
  { id: 'notify', type: 'SERVICE_TASK', name: '结果公开' },
  { id: 'end', type: 'END_EVENT', name: '结束' },
] as const;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** The acceptance deadline of the `accept` task: 24 hours after activation. */
export const ACCEPT_DUE_MS = DAY;

/** Units instances start in (leaves and inner units), plus unknown ones. */
const UNITS: readonly { readonly variables: Record<string, string> }[] = [
  { variables: { orgUnitId: 'wf-dongda-nanying-jinxiu', communityId: 'wf-dongda-nanying', streetId: 'wf-dongda', districtId: 'wf' } },
  { variables: { orgUnitId: 'wf-dongda-nanying', communityId: 'wf-dongda-nanying', streetId: 'wf-dongda', districtId: 'wf' } },
  { variables: { orgUnitId: 'wf-dongda-gulou-wenfeng', communityId: 'wf-dongda-gulou' } },
  { variables: { orgUnitId: 'wf-ziwei-guangming-lvdu' } },
  { variables: { orgUnitId: 'wf-ziwei' } },
  { variables: { orgUnitId: 'bg-hongqi-zhangbei-heping' } },
  { variables: { orgUnitId: 'bg-hongqi-zhangbei' } },
  { variables: { orgUnitId: 'yd-liyuan-tiexi' } },
  // No orgUnitId: the loader falls back to the deepest <level>Id.
  { variables: { communityId: 'la-wenming-huanghe', districtId: 'la' } },
  // A unit that does not exist: counted nowhere.
  { variables: { orgUnitId: 'nowhere' } },
];

export interface Claim {
  readonly at: number;
  readonly action: 'claim' | 'assign';
}

export interface ElementFact {
  readonly key: string;
  readonly elementId: string;
  readonly type: string;
  readonly state: 'ACTIVATED' | 'COMPLETED' | 'TERMINATED';
  readonly start: number;
  readonly end: number | null;
  /** User tasks with an inbox row. */
  readonly task?: {
    readonly jobKey: string;
    readonly assignee: string | null;
    readonly claims: readonly Claim[];
    readonly due: number | null;
  };
}

export interface InstanceFact {
  readonly key: string;
  readonly version: number;
  readonly variables: Record<string, string>;
  readonly state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  readonly start: number;
  readonly end: number | null;
  readonly elements: readonly ElementFact[];
}

/** mulberry32: a small seeded generator, so every run sees the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEY_BASE = 8_000_000_000_000_000n;

export function generate(count: number, seed = 7): InstanceFact[] {
  const rnd = random(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const from = Date.UTC(2026, 0, 1);
  const span = Date.UTC(2026, 6, 1) - from;
  let next = KEY_BASE;
  const key = (): string => (next++).toString();
  const instances: InstanceFact[] = [];
  for (let i = 0; i < count; i += 1) {
    const instanceKey = key();
    const roll = rnd();
    const state: InstanceFact['state'] = roll < 0.75 ? 'COMPLETED' : roll < 0.88 ? 'ACTIVE' : 'TERMINATED';
    const start = from + Math.floor(rnd() * span);
    // Elements run one after another; an unfinished instance stops at a random element.
    const stopAt = state === 'COMPLETED' ? ELEMENTS.length : int(0, ELEMENTS.length - 2);
    const elements: ElementFact[] = [];
    let at = start;
    for (let e = 0; e <= Math.min(stopAt, ELEMENTS.length - 1); e += 1) {
      const element = ELEMENTS[e];
      const last = e === stopAt;
      const duration = element.type === 'USER_TASK' ? int(60_000, 3 * DAY) : element.type === 'SERVICE_TASK' ? int(10, 5_000) : int(0, 50);
      const elementState: ElementFact['state'] = !last ? 'COMPLETED' : state === 'ACTIVE' ? 'ACTIVATED' : 'TERMINATED';
      const end = elementState === 'ACTIVATED' ? null : elementState === 'TERMINATED' ? at + int(0, duration) : at + duration;
      let task: ElementFact['task'];
      if (element.type === 'USER_TASK' && rnd() < 0.9) {
        const mode = rnd();
        const claims: Claim[] = [];
        let assignee: string | null = null;
        const limit = end ?? at + duration;
        if (mode < 0.55) {
          claims.push({ at: int(at, limit), action: 'claim' });
          if (rnd() < 0.3) claims.push({ at: int(claims[0].at, limit), action: 'claim' });
          assignee = 'someone';
        } else if (mode < 0.7) {
          claims.push({ at: int(at, limit), action: 'assign' });
          assignee = 'someone';
        } else if (mode < 0.85) {
          assignee = 'preset';
        }
        task = { jobKey: key(), assignee, claims, due: element.id === 'accept' ? at + ACCEPT_DUE_MS : null };
      }
      elements.push({
        key: key(),
        elementId: element.id,
        type: element.type,
        state: elementState,
        start: at,
        end,
        ...(task ? { task } : {}),
      });
      if (end === null) break;
      at = end;
    }
    const end = state === 'ACTIVE' ? null : elements[elements.length - 1].end;
    instances.push({
      key: instanceKey,
      version: rnd() < 0.3 ? 1 : 2,
      variables: UNITS[int(0, UNITS.length - 1)].variables,
      state,
      start,
      end,
      elements,
    });
  }
  return instances;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Writes the facts into the engine's and the inbox's tables of the spec's database. */
export async function writeHistory(databaseUrl: string, instances: readonly InstanceFact[], userId: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO engine.deployment (key, deployed_at) VALUES ($1, now()) ON CONFLICT DO NOTHING`, [KEY_BASE.toString()]);
    const model = {
      bpmnProcessId: PROCESS_ID,
      name: PROCESS_NAME,
      elements: Object.fromEntries(ELEMENTS.map((e) => [e.id, { id: e.id, name: e.name }])),
    };
    for (const version of [1, 2]) {
      await client.query(
        `INSERT INTO engine.process_definition (key, bpmn_process_id, version, name, resource_name, checksum, deployment_key, model, xml, deployed_at)
         VALUES ($1, $2, $3, $4, 'analytics-test.bpmn', 'x', $5, $6, '<xml/>', now()) ON CONFLICT DO NOTHING`,
        [(KEY_BASE - BigInt(version)).toString(), PROCESS_ID, version, PROCESS_NAME, KEY_BASE.toString(), JSON.stringify(model)],
      );
    }
    const definitionKey = (version: number): string => (KEY_BASE - BigInt(version)).toString();
    // Rows gathered first, then one INSERT per table (jsonb_to_recordset): few round trips.
    const processRows: Record<string, unknown>[] = [];
    const elementRows: Record<string, unknown>[] = [];
    const taskRows: Record<string, unknown>[] = [];
    const auditRows: Record<string, unknown>[] = [];
    for (const instance of instances) {
      const common = { pik: instance.key, pdk: definitionKey(instance.version), v: instance.version };
      processRows.push({
        ...common,
        state: instance.state,
        started: iso(instance.start),
        ended: iso(instance.end),
        variables: instance.variables,
      });
      // The process's own element instance: analytics must leave it out of byElement.
      elementRows.push({
        ...common,
        key: instance.key,
        eid: PROCESS_ID,
        etype: 'PROCESS',
        fsk: null,
        state: instance.state === 'ACTIVE' ? 'ACTIVATED' : instance.state,
        at: iso(instance.start),
        cat: instance.state === 'COMPLETED' ? iso(instance.end) : null,
        tat: instance.state === 'TERMINATED' ? iso(instance.end) : null,
      });
      for (const e of instance.elements) {
        elementRows.push({
          ...common,
          key: e.key,
          eid: e.elementId,
          etype: e.type,
          fsk: instance.key,
          state: e.state,
          at: iso(e.start),
          cat: e.state === 'COMPLETED' ? iso(e.end) : null,
          tat: e.state === 'TERMINATED' ? iso(e.end) : null,
        });
        if (!e.task) continue;
        taskRows.push({
          ...common,
          job: e.task.jobKey,
          eid: e.elementId,
          eik: e.key,
          assignee: e.task.assignee,
          due: iso(e.task.due),
          unit: instance.variables['orgUnitId'] ?? null,
          state: e.state === 'ACTIVATED' ? 'open' : e.state === 'COMPLETED' ? 'completed' : 'canceled',
          created: iso(e.start + 1),
          completed: e.state === 'COMPLETED' ? iso(e.end) : null,
        });
        for (const claim of e.task.claims)
          auditRows.push({ at: iso(claim.at), action: claim.action, task: e.task.jobKey, pik: instance.key });
        // Noise the loader must ignore: a draft entry on the same task.
        auditRows.push({ at: iso(e.start), action: 'draft', task: e.task.jobKey, pik: instance.key });
      }
    }
    await client.query(
      `INSERT INTO engine.process_instance (key, process_definition_key, bpmn_process_id, version, state, started_at, ended_at, variables, doc)
       SELECT r.pik, r.pdk, $2, r.v, r.state, r.started, r.ended, r.variables, '{}'
       FROM jsonb_to_recordset($1) AS r(pik bigint, pdk bigint, v int, state text, started timestamptz, ended timestamptz, variables jsonb)`,
      [JSON.stringify(processRows), PROCESS_ID],
    );
    await client.query(
      `INSERT INTO engine.element_instance (key, process_instance_key, process_definition_key, bpmn_process_id, version, element_id, element_type,
         flow_scope_key, state, activated_at, completed_at, terminated_at)
       SELECT r.key, r.pik, r.pdk, $2, r.v, r.eid, r.etype, r.fsk, r.state, r.at, r.cat, r.tat
       FROM jsonb_to_recordset($1) AS r(key bigint, pik bigint, pdk bigint, v int, eid text, etype text, fsk bigint, state text,
         at timestamptz, cat timestamptz, tat timestamptz)`,
      [JSON.stringify(elementRows), PROCESS_ID],
    );
    await client.query(
      `INSERT INTO inbox_tasks (job_key, process_instance_key, process_definition_key, bpmn_process_id, process_version, element_id, element_instance_key,
         name, assignee, due_date, org_unit_id, variables, state, created_at, completed_at, updated_at)
       SELECT r.job, r.pik, r.pdk, $2, r.v, r.eid, r.eik, r.eid, r.assignee, r.due, r.unit, '{}', r.state, r.created, r.completed, now()
       FROM jsonb_to_recordset($1) AS r(job bigint, pik bigint, pdk bigint, v int, eid text, eik bigint, assignee text, due timestamptz, unit text,
         state text, created timestamptz, completed timestamptz)`,
      [JSON.stringify(taskRows), PROCESS_ID],
    );
    await client.query(
      `INSERT INTO audit_log (at, user_id, username, action, task_key, process_instance_key, bpmn_process_id)
       SELECT r.at, $2, 'analyst', r.action, r.task, r.pik, $3
       FROM jsonb_to_recordset($1) AS r(at timestamptz, action text, task bigint, pik bigint)`,
      [JSON.stringify(auditRows), userId, PROCESS_ID],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

// ---- The brute-force model -------------------------------------------------------------

/** PostgreSQL's percentile_cont: linear interpolation at rank p·(n−1) of the sorted values. */
export function percentileCont(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

export interface Scope {
  readonly paths: readonly string[];
  readonly from?: number;
  readonly to?: number;
  readonly version?: number;
}

export class Model {
  constructor(
    readonly instances: readonly InstanceFact[],
    /** Unit id → materialised path, from org_units. */
    readonly paths: ReadonlyMap<string, string>,
  ) {}

  pathOf(instance: InstanceFact): string | null {
    const v = instance.variables;
    const id = v['orgUnitId'] ?? v['compoundId'] ?? v['gridId'] ?? v['communityId'] ?? v['streetId'] ?? v['districtId'] ?? v['cityId'];
    return (id !== undefined && this.paths.get(id)) || null;
  }

  private inScope(instance: InstanceFact, scope: Scope): boolean {
    const path = this.pathOf(instance);
    return (
      path !== null && scope.paths.some((p) => path.startsWith(p)) && (scope.version === undefined || instance.version === scope.version)
    );
  }

  private inTime(ms: number | null, scope: Scope): boolean {
    return ms !== null && (scope.from === undefined || ms >= scope.from) && (scope.to === undefined || ms < scope.to);
  }

  instanceFigures(scope: Scope, extra: (i: InstanceFact) => boolean = () => true) {
    const rows = this.instances.filter((i) => this.inScope(i, scope) && this.inTime(i.start, scope) && extra(i));
    const done = rows.filter((i) => i.state === 'COMPLETED').map((i) => (i.end as number) - i.start);
    return {
      count: rows.length,
      running: rows.filter((i) => i.state === 'ACTIVE').length,
      completed: done.length,
      terminated: rows.filter((i) => i.state === 'TERMINATED').length,
      mean: mean(done),
      min: done.length ? Math.min(...done) : null,
      max: done.length ? Math.max(...done) : null,
      p50: percentileCont(done, 0.5),
      p90: percentileCont(done, 0.9),
      p99: percentileCont(done, 0.99),
    };
  }

  /** When the task was taken: first claim/assign, else activation if preset, else its end; clamped into its life. */
  static claimedAt(e: ElementFact): number | null {
    if (!e.task) return null;
    const first = e.task.claims.length ? Math.min(...e.task.claims.map((c) => c.at)) : null;
    const raw = first ?? (e.task.assignee !== null ? e.start : e.end);
    if (raw === null) return null;
    return Math.min(Math.max(raw, e.start), e.end ?? raw);
  }

  elementFigures(scope: Scope) {
    const byElement = new Map<string, ElementFact[]>();
    for (const instance of this.instances) {
      if (!this.inScope(instance, scope)) continue;
      for (const e of instance.elements) {
        if (!this.inTime(e.start, scope)) continue;
        byElement.set(e.elementId, [...(byElement.get(e.elementId) ?? []), e]);
      }
    }
    return [...byElement.entries()].map(([elementId, all]) => {
      const done = all.filter((e) => e.state === 'COMPLETED');
      const durations = done.map((e) => (e.end as number) - e.start);
      const split = done.filter((e) => e.task);
      const waiting = split.map((e) => (Model.claimedAt(e) as number) - e.start);
      const working = split.map((e) => (e.end as number) - (Model.claimedAt(e) as number));
      const stats = (values: number[]) => ({
        count: values.length,
        mean: mean(values),
        p50: percentileCont(values, 0.5),
        p90: percentileCont(values, 0.9),
        p99: percentileCont(values, 0.99),
      });
      return {
        elementId,
        count: done.length,
        active: all.filter((e) => e.state === 'ACTIVATED').length,
        mean: mean(durations),
        min: durations.length ? Math.min(...durations) : null,
        max: durations.length ? Math.max(...durations) : null,
        p50: percentileCont(durations, 0.5),
        p90: percentileCont(durations, 0.9),
        p99: percentileCont(durations, 0.99),
        waiting: split.length ? stats(waiting) : undefined,
        working: split.length ? stats(working) : undefined,
      };
    });
  }

  /** Completed instances (no element) or completed instances of one element, in scope: what histogram and slowest read. */
  completed(scope: Scope, elementId?: string) {
    const out: { processInstanceKey: string; path: string; start: number; durationMs: number }[] = [];
    for (const i of this.instances) {
      if (!this.inScope(i, scope)) continue;
      const path = this.pathOf(i) as string;
      if (elementId === undefined) {
        if (i.state === 'COMPLETED' && this.inTime(i.start, scope))
          out.push({ processInstanceKey: i.key, path, start: i.start, durationMs: (i.end as number) - i.start });
        continue;
      }
      for (const e of i.elements)
        if (e.elementId === elementId && e.state === 'COMPLETED' && this.inTime(e.start, scope))
          out.push({ processInstanceKey: i.key, path, start: e.start, durationMs: (e.end as number) - e.start });
    }
    return out;
  }

  /** Monthly or weekly (from Monday) buckets in Beijing time, gaps filled. */
  trend(scope: Scope, grain: 'month' | 'week' = 'month') {
    const month = (ms: number): string => {
      const local = new Date(ms + 8 * HOUR);
      if (grain === 'month') return local.toISOString().slice(0, 7) + '-01';
      return new Date(local.getTime() - ((local.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
    };
    const rows = this.instances.filter((i) => this.inScope(i, scope));
    const started = new Map<string, number>();
    for (const i of rows) if (this.inTime(i.start, scope)) started.set(month(i.start), (started.get(month(i.start)) ?? 0) + 1);
    const completed = new Map<string, number[]>();
    for (const i of rows) {
      if (i.state !== 'COMPLETED' || !this.inTime(i.end, scope)) continue;
      const b = month(i.end as number);
      completed.set(b, [...(completed.get(b) ?? []), (i.end as number) - i.start]);
    }
    const keys = [...new Set([...started.keys(), ...completed.keys()])].sort();
    if (keys.length === 0) return [];
    const out = [];
    for (let b = keys[0]; b <= keys[keys.length - 1];) {
      const done = completed.get(b) ?? [];
      out.push({
        bucket: b,
        started: started.get(b) ?? 0,
        completed: done.length,
        p50: percentileCont(done, 0.5),
        p90: percentileCont(done, 0.9),
      });
      const [y, m] = b.split('-').map(Number);
      b =
        grain === 'week'
          ? new Date(Date.parse(`${b}T00:00:00Z`) + 7 * DAY).toISOString().slice(0, 10)
          : `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`;
    }
    return out;
  }

  /** Position 3 = district, 4 = street, 5 = community in split_part(path, '/', n). */
  byUnit(scope: Scope, position: number) {
    const ids = new Set<string>();
    for (const i of this.instances) {
      const path = this.pathOf(i);
      const id = path?.split('/')[position - 1];
      if (id && this.inScope(i, scope) && this.inTime(i.start, scope)) ids.add(id);
    }
    return [...ids].map((id) => ({
      orgUnitId: id,
      ...this.instanceFigures(scope, (i) => this.pathOf(i)?.split('/')[position - 1] === id),
    }));
  }

  /** Breach counts per kind, reason and element, as the API's summary lists them (no order). */
  breachCounts(scope: Scope, targets: ReadonlyMap<string, number>, now: number): string[] {
    const counts = new Map<string, number>();
    for (const b of this.breaches(scope, targets, now)) {
      const key = `${b.kind}/${b.reason}/${b.elementId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([key, count]) => `${key}=${count}`).sort();
  }

  /** Breaches as the API defines them; `lateMs` of running items depends on `now`. */
  breaches(scope: Scope, targets: ReadonlyMap<string, number>, now: number) {
    const out: {
      kind: string;
      reason: string;
      processInstanceKey: string;
      elementInstanceKey: string | null;
      elementId: string;
      running: boolean;
      lateMs: number;
    }[] = [];
    const processTarget = targets.get(PROCESS_ID);
    for (const i of this.instances) {
      if (!this.inScope(i, scope)) continue;
      if (processTarget !== undefined && this.inTime(i.start, scope)) {
        const late = (i.end ?? now) - i.start - processTarget;
        if (late > 0)
          out.push({
            kind: 'instance',
            reason: 'target',
            processInstanceKey: i.key,
            elementInstanceKey: null,
            elementId: PROCESS_ID,
            running: i.end === null,
            lateMs: late,
          });
      }
      for (const e of i.elements) {
        if (!this.inTime(e.start, scope)) continue;
        const target = targets.get(e.elementId);
        if (target !== undefined) {
          const late = (e.end ?? now) - e.start - target;
          if (late > 0)
            out.push({
              kind: 'element',
              reason: 'target',
              processInstanceKey: i.key,
              elementInstanceKey: e.key,
              elementId: e.elementId,
              running: e.end === null,
              lateMs: late,
            });
        }
        const due = e.task?.due ?? null;
        if (due !== null && (e.end ?? now) > due) {
          out.push({
            kind: 'element',
            reason: 'dueDate',
            processInstanceKey: i.key,
            elementInstanceKey: e.key,
            elementId: e.elementId,
            running: e.end === null,
            lateMs: (e.end ?? now) - due,
          });
        }
      }
    }
    return out;
  }
}

export async function unitPaths(databaseUrl: string): Promise<Map<string, string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; path: string }>('SELECT id, path FROM org_units');
    return new Map(rows.map((r) => [r.id, r.path]));
  } finally {
    await client.end();
  }
}
