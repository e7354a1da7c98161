import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AnalyticsRollups1795877775444 implements MigrationInterface {
  name = 'AnalyticsRollups1795877775444';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "analytics_rollups" ("bpmn_process_id" character varying(255) NOT NULL, "basis" character varying(8) NOT NULL, "grain" character varying(8) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "period" date NOT NULL, "version" integer NOT NULL, "element_id" character varying(255) NOT NULL, "org_depth" smallint NOT NULL, "started" integer NOT NULL, "open" integer NOT NULL, "terminated" integer NOT NULL, "completed" integer NOT NULL, "duration_sum" bigint NOT NULL, "duration_min" bigint, "duration_max" bigint, "duration_hist" jsonb NOT NULL, "split_count" integer NOT NULL, "waiting_sum" bigint NOT NULL, "waiting_hist" jsonb NOT NULL, "working_sum" bigint NOT NULL, "working_hist" jsonb NOT NULL, CONSTRAINT "PK_899dd6de1aaf2e701e88ad00486" PRIMARY KEY ("bpmn_process_id", "basis", "grain", "org_depth", "org_path", "element_id", "period", "version"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_instances_slowest" ON "analytics_instances" ("bpmn_process_id", "duration_ms") WHERE state = \'COMPLETED\'',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_elements_slowest" ON "analytics_element_instances" ("bpmn_process_id", "element_id", "duration_ms") WHERE state = \'COMPLETED\'',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_slowest"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_instances_slowest"');
    await queryRunner.query('DROP TABLE "analytics_rollups"');
  }
}
