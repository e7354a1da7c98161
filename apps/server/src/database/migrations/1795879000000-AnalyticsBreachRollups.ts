import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Breaches from the rollups (terminated durations' histogram, ended-late count), the indexes
 * that list the latest breaches first, and day rollups. The existing rollups lack the new
 * columns' contents, so the watermark that says "rollups built" is removed: the next load
 * rebuilds them from the facts (see AnalyticsLoader).
 */
export class AnalyticsBreachRollups1795879000000 implements MigrationInterface {
  name = 'AnalyticsBreachRollups1795879000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "analytics_rollups" ADD "terminated_hist" jsonb NOT NULL DEFAULT \'{}\'');
    await queryRunner.query('ALTER TABLE "analytics_rollups" ALTER COLUMN "terminated_hist" DROP DEFAULT');
    await queryRunner.query('ALTER TABLE "analytics_rollups" ADD "due_breached" integer NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE "analytics_rollups" ALTER COLUMN "due_breached" DROP DEFAULT');
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_instances_terminated" ON "analytics_instances" ("bpmn_process_id", "duration_ms") WHERE state = \'TERMINATED\'',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_elements_terminated" ON "analytics_element_instances" ("bpmn_process_id", "element_id", "duration_ms") WHERE state = \'TERMINATED\'',
    );
    // Written by hand (the entity marks it synchronize: false): TypeORM cannot declare expression indexes.
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_elements_due_late" ON "analytics_element_instances" ("bpmn_process_id", (ended_at - due_at)) WHERE due_at IS NOT NULL AND ended_at > due_at',
    );
    await queryRunner.query(`DELETE FROM "analytics_watermarks" WHERE source = 'analytics_rollups'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "analytics_watermarks" WHERE source = 'analytics_rollups'`);
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_due_late"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_terminated"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_instances_terminated"');
    await queryRunner.query('ALTER TABLE "analytics_rollups" DROP COLUMN "due_breached"');
    await queryRunner.query('ALTER TABLE "analytics_rollups" DROP COLUMN "terminated_hist"');
  }
}
