/** Deployed decision requirements graphs (DMN resources) and their decisions. */
import type { CompiledDecision } from '../dmn/types';
import type { Queryable } from './database';

export interface DecisionRequirementsRow {
  readonly key: string;
  readonly decisionRequirementsId: string;
  readonly name: string;
  readonly version: number;
  readonly resourceName: string;
  readonly checksum: string;
}

/** A deployed decision with the compiled decisions of its DRG (what evaluation needs). */
export interface DeployedDecision {
  readonly key: string;
  readonly decisionId: string;
  readonly name: string;
  readonly version: number;
  readonly decisionRequirementsKey: string;
  readonly decisionRequirementsId: string;
  readonly decisions: readonly CompiledDecision[];
}

interface DecisionDbRow {
  key: string;
  decision_id: string;
  name: string;
  version: number;
  drg_key: string;
  decision_requirements_id: string;
  decisions: CompiledDecision[];
}

const DECISION_SELECT = `SELECT d.key::text AS key, d.decision_id, d.name, d.version, d.decision_requirements_key::text AS drg_key,
  d.decision_requirements_id, r.decisions
  FROM engine.decision d JOIN engine.decision_requirements r ON r.key = d.decision_requirements_key`;

function toDecision(r: DecisionDbRow): DeployedDecision {
  return {
    key: r.key,
    decisionId: r.decision_id,
    name: r.name,
    version: r.version,
    decisionRequirementsKey: r.drg_key,
    decisionRequirementsId: r.decision_requirements_id,
    decisions: r.decisions,
  };
}

export class DecisionRepository {
  async latestRequirements(db: Queryable, decisionRequirementsId: string): Promise<DecisionRequirementsRow | undefined> {
    const r = await db.query<{ key: string; name: string; version: number; resource_name: string; checksum: string }>(
      `SELECT key::text AS key, name, version, resource_name, checksum FROM engine.decision_requirements
       WHERE decision_requirements_id = $1 ORDER BY version DESC LIMIT 1`,
      [decisionRequirementsId],
    );
    const x = r.rows[0];
    return x
      ? { key: x.key, decisionRequirementsId, name: x.name, version: x.version, resourceName: x.resource_name, checksum: x.checksum }
      : undefined;
  }

  async insertRequirements(
    db: Queryable,
    row: DecisionRequirementsRow & { deploymentKey: string; decisions: readonly CompiledDecision[]; xml: string; at: number },
  ): Promise<void> {
    await db.query(
      `INSERT INTO engine.decision_requirements (key, decision_requirements_id, name, version, resource_name, checksum, deployment_key, decisions, xml, deployed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10::float8 / 1000))`,
      [
        row.key,
        row.decisionRequirementsId,
        row.name,
        row.version,
        row.resourceName,
        row.checksum,
        row.deploymentKey,
        JSON.stringify(row.decisions),
        row.xml,
        row.at,
      ],
    );
  }

  async latestDecisionVersion(db: Queryable, decisionId: string): Promise<number> {
    const r = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM engine.decision WHERE decision_id = $1', [decisionId]);
    return r.rows[0]?.v ?? 0;
  }

  async insertDecision(
    db: Queryable,
    row: { key: string; decisionId: string; name: string; version: number; drgKey: string; drgId: string; at: number },
  ): Promise<void> {
    await db.query(
      `INSERT INTO engine.decision (key, decision_id, name, version, decision_requirements_key, decision_requirements_id, deployed_at)
       VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8 / 1000))`,
      [row.key, row.decisionId, row.name, row.version, row.drgKey, row.drgId, row.at],
    );
  }

  /** The decisions of one DRG version, in the DRG's order. */
  async decisionsOf(db: Queryable, drgKey: string): Promise<DeployedDecision[]> {
    const r = await db.query<DecisionDbRow>(`${DECISION_SELECT} WHERE d.decision_requirements_key = $1 ORDER BY d.key`, [drgKey]);
    return r.rows.map(toDecision);
  }

  /** The latest version of every decision id. */
  async latestDecisions(db: Queryable): Promise<DeployedDecision[]> {
    const r = await db.query<DecisionDbRow>(
      `${DECISION_SELECT} WHERE (d.decision_id, d.version) IN (SELECT decision_id, max(version) FROM engine.decision GROUP BY decision_id)`,
    );
    return r.rows.map(toDecision);
  }

  async decisionByKey(db: Queryable, key: string): Promise<DeployedDecision | undefined> {
    const r = await db.query<DecisionDbRow>(`${DECISION_SELECT} WHERE d.key = $1`, [key]);
    return r.rows[0] ? toDecision(r.rows[0]) : undefined;
  }
}
