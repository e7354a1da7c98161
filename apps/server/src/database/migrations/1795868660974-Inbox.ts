import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Inbox1795868660974 implements MigrationInterface {
  name = 'Inbox1795868660974';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, "username" character varying(64) NOT NULL, "action" character varying(16) NOT NULL, "task_key" bigint, "process_instance_key" bigint, "bpmn_process_id" character varying(255), "org_unit_id" character varying(64), "org_path" text COLLATE "C", "ip" character varying(64), "user_agent" text, "details" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_audit_log_user" ON "audit_log" ("user_id", "at") ');
    await queryRunner.query('CREATE INDEX "idx_audit_log_org_path" ON "audit_log" ("org_path", "at") ');
    await queryRunner.query('CREATE INDEX "idx_audit_log_task" ON "audit_log" ("task_key", "at") ');
    await queryRunner.query(
      'CREATE TABLE "form_definitions" ("form_key" bigint NOT NULL, "form_id" character varying(255) NOT NULL, "version" integer NOT NULL, "resource_name" text NOT NULL, "schema" jsonb NOT NULL, "deployed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3645af93970f74a303276917d0b" PRIMARY KEY ("form_key"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_form_definitions_form_id_version" ON "form_definitions" ("form_id", "version") ');
    await queryRunner.query(
      'CREATE TABLE "task_drafts" ("job_key" bigint NOT NULL, "user_id" uuid NOT NULL, "data" jsonb NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5e188e28f4e11677bb80e98c9bd" PRIMARY KEY ("job_key", "user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "inbox_tasks" ("job_key" bigint NOT NULL, "process_instance_key" bigint NOT NULL, "process_definition_key" bigint, "bpmn_process_id" character varying(255) NOT NULL, "process_name" character varying(255), "process_version" integer NOT NULL, "element_id" character varying(255) NOT NULL, "element_instance_key" bigint NOT NULL, "name" character varying(255) NOT NULL, "form_key" character varying(255), "form_id" character varying(255), "assignee" character varying(64), "candidate_groups" text array NOT NULL DEFAULT \'{}\', "candidate_users" text array NOT NULL DEFAULT \'{}\', "due_date" TIMESTAMP WITH TIME ZONE, "follow_up_date" TIMESTAMP WITH TIME ZONE, "org_unit_id" character varying(64), "org_path" text COLLATE "C", "variables" jsonb NOT NULL, "state" character varying(16) NOT NULL, "end_reason" character varying(32), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "job_deadline" bigint, "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by" character varying(64), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b7afcd44bd079bbcf307653a3f7" PRIMARY KEY ("job_key"))',
    );
    await queryRunner.query('CREATE INDEX "idx_inbox_tasks_completed_by" ON "inbox_tasks" ("completed_by", "completed_at") ');
    await queryRunner.query('CREATE INDEX "idx_inbox_tasks_instance" ON "inbox_tasks" ("process_instance_key") ');
    await queryRunner.query('CREATE INDEX "idx_inbox_tasks_org_path" ON "inbox_tasks" ("org_path", "created_at") ');
    await queryRunner.query('CREATE INDEX "idx_inbox_tasks_state_created" ON "inbox_tasks" ("state", "created_at") ');
    await queryRunner.query('CREATE INDEX "idx_inbox_tasks_assignee" ON "inbox_tasks" ("assignee", "state", "created_at") ');
    // Written by hand (TaskEntity marks them synchronize: false): TypeORM cannot declare GIN indexes.
    // fastupdate off: inbox reads far outnumber task inserts, and a pending list makes every read scan it.
    await queryRunner.query(
      'CREATE INDEX "idx_inbox_tasks_candidate_groups" ON "inbox_tasks" USING gin ("candidate_groups") WITH (fastupdate = off)',
    );
    await queryRunner.query(
      'CREATE INDEX "idx_inbox_tasks_candidate_users" ON "inbox_tasks" USING gin ("candidate_users") WITH (fastupdate = off)',
    );
    // The sweeper walks open tasks in key order.
    await queryRunner.query(`CREATE INDEX "idx_inbox_tasks_open_keys" ON "inbox_tasks" ("job_key") WHERE state IN ('open', 'completing')`);
    await queryRunner.query(
      'CREATE TABLE "process_definitions" ("process_definition_key" bigint NOT NULL, "bpmn_process_id" character varying(255) NOT NULL, "version" integer NOT NULL, "name" character varying(255), "resource_name" text NOT NULL, "start_form_id" character varying(255), "starter_roles" text array NOT NULL DEFAULT \'{}\', "user_tasks" jsonb NOT NULL, "embedded_forms" jsonb NOT NULL, "deployed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b009e7f86b00254a274e02a7a95" PRIMARY KEY ("process_definition_key"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "uq_process_definitions_id_version" ON "process_definitions" ("bpmn_process_id", "version") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."uq_process_definitions_id_version"');
    await queryRunner.query('DROP TABLE "process_definitions"');
    await queryRunner.query('DROP INDEX "public"."idx_inbox_tasks_assignee"');
    await queryRunner.query('DROP INDEX "public"."idx_inbox_tasks_state_created"');
    await queryRunner.query('DROP INDEX "public"."idx_inbox_tasks_org_path"');
    await queryRunner.query('DROP INDEX "public"."idx_inbox_tasks_instance"');
    await queryRunner.query('DROP INDEX "public"."idx_inbox_tasks_completed_by"');
    await queryRunner.query('DROP INDEX "public"."idx_inbox_tasks_open_keys"');
    await queryRunner.query('DROP INDEX "public"."idx_inbox_tasks_candidate_users"');
    await queryRunner.query('DROP INDEX "public"."idx_inbox_tasks_candidate_groups"');
    await queryRunner.query('DROP TABLE "inbox_tasks"');
    await queryRunner.query('DROP TABLE "task_drafts"');
    await queryRunner.query('DROP INDEX "public"."uq_form_definitions_form_id_version"');
    await queryRunner.query('DROP TABLE "form_definitions"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_log_task"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_log_org_path"');
    await queryRunner.query('DROP INDEX "public"."idx_audit_log_user"');
    await queryRunner.query('DROP TABLE "audit_log"');
  }
}
