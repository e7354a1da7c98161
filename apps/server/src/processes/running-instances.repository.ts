/**
 * Running instances of a procedure for one unit. On the embedded engine they are read from
 * its tables (schema `engine`): instances the server started and those a call activity
 * started (P3's by-election) alike. Zeebe's gateway cannot search instances, so with
 * ENGINE=zeebe the candidates are the instances the server has seen for the unit — its start
 * in the audit log, its tasks in the inbox — each asked whether it still runs.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type QueryRunner } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WorkflowEngineService } from '../engine/workflow-engine.service';
import type { RunningInstance } from './one-running-per-unit';

const GRPC_NOT_FOUND = 5;

@Injectable()
export class RunningInstancesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly engine: WorkflowEngineService,
  ) {}

  /** Active instances of `bpmnProcessId` whose root variable `variable` is `value`, oldest first. */
  running(bpmnProcessId: string, variable: string, value: string): Promise<RunningInstance[]> {
    return this.config.engine === 'embedded'
      ? this.fromEngineTables(bpmnProcessId, variable, value)
      : this.fromServerRecords(bpmnProcessId, variable, value);
  }

  private async fromEngineTables(bpmnProcessId: string, variable: string, value: string): Promise<RunningInstance[]> {
    const rows: { key: string; started_at: Date }[] = await this.dataSource.query(
      `SELECT key::text AS key, started_at FROM engine.process_instance
        WHERE bpmn_process_id = $1 AND state = 'ACTIVE' AND variables->>$2 = $3
        ORDER BY started_at LIMIT 10`,
      [bpmnProcessId, variable, value],
    );
    return rows.map((row) => ({ processInstanceKey: row.key, startedAt: new Date(row.started_at) }));
  }

  /**
   * ENGINE=zeebe: the instances the server started for the unit (audit log: the start entry
   * records the rule's variable) or projected a task of (inbox, when the task carried the
   * variable), newest first, each asked whether it still runs. An instance
   * the server never saw (a call activity's, before its first task) is not found.
   */
  private async fromServerRecords(bpmnProcessId: string, variable: string, value: string): Promise<RunningInstance[]> {
    const rows: { key: string; seen_at: Date }[] = await this.dataSource.query(
      `SELECT key, min(seen_at) AS seen_at FROM (
         SELECT process_instance_key::text AS key, at AS seen_at FROM audit_log
          WHERE action = 'start' AND bpmn_process_id = $1 AND (details->>$2 = $3 OR org_unit_id = $3)
            AND process_instance_key IS NOT NULL
         UNION ALL
         SELECT process_instance_key::text, created_at FROM inbox_tasks
          WHERE bpmn_process_id = $1 AND variables->>$2 = $3
       ) seen
       GROUP BY key ORDER BY min(seen_at) DESC LIMIT 20`,
      [bpmnProcessId, variable, value],
    );
    const running: RunningInstance[] = [];
    for (const row of rows) {
      if (await this.stillRuns(row.key)) running.push({ processInstanceKey: row.key, startedAt: new Date(row.seen_at) });
    }
    return running.reverse();
  }

  /** The gateway has no read API: SetVariables with nothing to set answers NOT_FOUND once the instance has ended. */
  private async stillRuns(processInstanceKey: string): Promise<boolean> {
    try {
      await this.engine.grpc().setVariables({ elementInstanceKey: processInstanceKey, variables: {}, local: false });
      return true;
    } catch (error) {
      if ((error as { code?: unknown } | undefined)?.code === GRPC_NOT_FOUND) return false;
      throw error;
    }
  }

  /**
   * Runs `work` holding a PostgreSQL advisory lock named by `name`, so two requests for the
   * same unit check and start one after the other (across server processes too).
   */
  async exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
      }
    } finally {
      await runner.release();
    }
  }
}
