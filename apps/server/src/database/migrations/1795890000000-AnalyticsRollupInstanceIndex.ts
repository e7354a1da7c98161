import type { MigrationInterface, QueryRunner } from 'typeorm';

/** by-org-unit reads one level's whole-instance rollup rows; the primary key interleaves them with every element's. */
export class AnalyticsRollupInstanceIndex1795890000000 implements MigrationInterface {
  name = 'AnalyticsRollupInstanceIndex1795890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_analytics_rollups_instances" ON "analytics_rollups" ("bpmn_process_id", "basis", "grain", "org_depth", "org_path", "period", "version") WHERE element_id = ''`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_analytics_rollups_instances"');
  }
}
