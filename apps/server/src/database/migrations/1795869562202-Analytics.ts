import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Analytics1795869562202 implements MigrationInterface {
  name = 'Analytics1795869562202';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "analytics_instances" ("process_instance_key" bigint NOT NULL, "bpmn_process_id" character varying(255) NOT NULL, "version" integer NOT NULL, "org_unit_id" character varying(64), "org_path" text COLLATE "C", "state" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "duration_ms" bigint, CONSTRAINT "PK_8c068857649d79cb2febe261551" PRIMARY KEY ("process_instance_key"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_instances_open" ON "analytics_instances" ("process_instance_key") WHERE state = \'ACTIVE\'',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_instances_process_path" ON "analytics_instances" ("bpmn_process_id", "org_path") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_instances_process_ended" ON "analytics_instances" ("bpmn_process_id", "ended_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_instances_process_started" ON "analytics_instances" ("bpmn_process_id", "started_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "analytics_element_instances" ("element_instance_key" bigint NOT NULL, "process_instance_key" bigint NOT NULL, "bpmn_process_id" character varying(255) NOT NULL, "version" integer NOT NULL, "element_id" character varying(255) NOT NULL, "element_type" character varying(64) NOT NULL, "org_path" text COLLATE "C", "state" character varying(16) NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "duration_ms" bigint, "due_at" TIMESTAMP WITH TIME ZONE, "claimed_at" TIMESTAMP WITH TIME ZONE, "waiting_ms" bigint, "working_ms" bigint, CONSTRAINT "PK_3a8ef3d734b4d10dcfe2a712707" PRIMARY KEY ("element_instance_key"))',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_elements_due" ON "analytics_element_instances" ("bpmn_process_id", "due_at") WHERE due_at IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_elements_open" ON "analytics_element_instances" ("element_instance_key") WHERE state = \'ACTIVATED\'',
    );
    await queryRunner.query('CREATE INDEX "idx_analytics_elements_instance" ON "analytics_element_instances" ("process_instance_key") ');
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_elements_process_path" ON "analytics_element_instances" ("bpmn_process_id", "org_path") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_elements_process_started" ON "analytics_element_instances" ("bpmn_process_id", "started_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_analytics_elements_process_element_started" ON "analytics_element_instances" ("bpmn_process_id", "element_id", "started_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "analytics_targets" ("bpmn_process_id" character varying(255) NOT NULL, "element_id" character varying(255) NOT NULL, "target_ms" bigint NOT NULL, "updated_by" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_01665b4894b8c8b62070deb8c38" PRIMARY KEY ("bpmn_process_id", "element_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "analytics_watermarks" ("source" character varying(64) NOT NULL, "value" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_decdb024bba3c1ac590a88fe739" PRIMARY KEY ("source"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "analytics_watermarks"');
    await queryRunner.query('DROP TABLE "analytics_targets"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_process_element_started"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_process_started"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_process_path"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_instance"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_open"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_elements_due"');
    await queryRunner.query('DROP TABLE "analytics_element_instances"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_instances_process_started"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_instances_process_ended"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_instances_process_path"');
    await queryRunner.query('DROP INDEX "public"."idx_analytics_instances_open"');
    await queryRunner.query('DROP TABLE "analytics_instances"');
  }
}
