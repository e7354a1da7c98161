import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProcedureRecords1795870860337 implements MigrationInterface {
  name = 'ProcedureRecords1795870860337';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "committee_events" ("id" uuid NOT NULL, "job_key" character varying(64) NOT NULL, "compound_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "committee_id" uuid, "kind" character varying(32) NOT NULL, "summary" text NOT NULL, "result" jsonb NOT NULL, "process_instance_key" bigint, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_672e502746d33e7b42118300e8d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_committee_events_job_key" ON "committee_events" ("job_key") ');
    await queryRunner.query('CREATE INDEX "idx_committee_events_compound" ON "committee_events" ("compound_id", "occurred_at") ');
    await queryRunner.query(
      'CREATE TABLE "committees" ("id" uuid NOT NULL, "compound_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "seats" smallint NOT NULL, "term_start" date NOT NULL, "term_end" date NOT NULL, "status" character varying(16) NOT NULL, "party_share_reason" text, "process_instance_key" bigint, "ended_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_69acdd168edf3e61a2a0b4ed13b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_committees_compound_status" ON "committees" ("compound_id", "status") ');
    await queryRunner.query('CREATE INDEX "idx_committees_org_path" ON "committees" ("org_path", "term_start") ');
    await queryRunner.query(
      'CREATE TABLE "committee_members" ("id" uuid NOT NULL, "committee_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "room_no" character varying(32) NOT NULL, "votes" integer NOT NULL, "is_party_member" boolean, "status" character varying(16) NOT NULL, "joined_on" date NOT NULL, "left_on" date, "left_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d674c70e45241dde1bd9d8fe21b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_committee_members_committee" ON "committee_members" ("committee_id", "status") ');
    await queryRunner.query(
      'CREATE TABLE "rectification_notices" ("id" uuid NOT NULL, "job_key" bigint NOT NULL, "compound_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "target" character varying(16) NOT NULL, "member_name" character varying(100), "requirements" text NOT NULL, "days" smallint NOT NULL, "deadline" character varying(32) NOT NULL, "process_instance_key" bigint NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f27b4fc8737b8039b96372ef196" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_rectification_notices_job_key" ON "rectification_notices" ("job_key") ');
    await queryRunner.query('CREATE INDEX "idx_rectification_notices_org_path" ON "rectification_notices" ("org_path", "issued_at") ');
    await queryRunner.query(
      'CREATE TABLE "credit_records" ("id" uuid NOT NULL, "job_key" bigint NOT NULL, "org_unit_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "target" character varying(16) NOT NULL, "member_name" character varying(100), "finding_type" character varying(32) NOT NULL, "finding_description" text NOT NULL, "investigation_findings" text NOT NULL, "committee_id" uuid, "process_instance_key" bigint NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_377014773d4429797ed836e6bbf" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_credit_records_job_key" ON "credit_records" ("job_key") ');
    await queryRunner.query('CREATE INDEX "idx_credit_records_org_path" ON "credit_records" ("org_path", "recorded_at") ');
    await queryRunner.query(
      'CREATE TABLE "notices" ("id" uuid NOT NULL, "job_key" bigint NOT NULL, "kind" character varying(32) NOT NULL, "org_unit_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "title" character varying(200) NOT NULL, "body" text NOT NULL, "publicity_start" TIMESTAMP WITH TIME ZONE NOT NULL, "publicity_end" TIMESTAMP WITH TIME ZONE NOT NULL, "process_instance_key" bigint NOT NULL, "bpmn_process_id" character varying(255) NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3eb18c29da25d6935fcbe584237" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_notices_job_key" ON "notices" ("job_key") ');
    await queryRunner.query('CREATE INDEX "idx_notices_org_path" ON "notices" ("org_path", "published_at") ');
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" uuid NOT NULL, "job_key" bigint NOT NULL, "recipient" character varying(160) NOT NULL, "kind" character varying(32) NOT NULL, "org_unit_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "title" character varying(200) NOT NULL, "body" text NOT NULL, "process_instance_key" bigint NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_notifications_job_recipient" UNIQUE ("job_key", "recipient"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_notifications_recipient" ON "notifications" ("recipient", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "owner_register" ("id" uuid NOT NULL, "compound_id" character varying(64) NOT NULL, "room_no" character varying(32) NOT NULL, "owner_name" character varying(100) NOT NULL, "area_hundredths" integer NOT NULL, CONSTRAINT "uq_owner_register_compound_room" UNIQUE ("compound_id", "room_no"), CONSTRAINT "PK_3e7b31148ddaca58c5cd8dd7352" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "star_ratings" ("id" uuid NOT NULL, "job_key" bigint NOT NULL, "review_year" integer NOT NULL, "org_unit_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "secretary_id" character varying(64) NOT NULL, "secretary_name" character varying(100) NOT NULL, "company_name" character varying(200) NOT NULL, "average_score" numeric(4,1) NOT NULL, "rating" character varying(8) NOT NULL, "previous_stars" smallint, "stars" smallint NOT NULL, "process_instance_key" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_star_ratings_job_secretary" UNIQUE ("job_key", "secretary_id"), CONSTRAINT "PK_68c09f761795d0820b39d68d37f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_star_ratings_org_path" ON "star_ratings" ("org_path", "review_year") ');
    await queryRunner.query(
      'CREATE TABLE "seal_custody" ("id" uuid NOT NULL, "job_key" character varying(64) NOT NULL, "compound_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "custodian_unit_id" character varying(64) NOT NULL, "seals" jsonb NOT NULL, "handover_date" date NOT NULL, "note" text, "process_instance_key" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2a641afae1ee54def6528081667" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_seal_custody_job_key" ON "seal_custody" ("job_key") ');
    await queryRunner.query('CREATE INDEX "idx_seal_custody_org_path" ON "seal_custody" ("org_path", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "service_quality_records" ("id" uuid NOT NULL, "job_key" bigint NOT NULL, "kind" character varying(16) NOT NULL, "org_unit_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "category" character varying(32), "satisfaction" character varying(16), "rating_score" smallint, "auto_rated" boolean, "follow_up_sampled" boolean, "problem_resolved" boolean, "notes" jsonb NOT NULL, "process_instance_key" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_697c876ef6ee36e11f26b70e5bd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_service_quality_job_key" ON "service_quality_records" ("job_key") ');
    await queryRunner.query('CREATE INDEX "idx_service_quality_org_path" ON "service_quality_records" ("org_path", "created_at") ');
    await queryRunner.query(
      'ALTER TABLE "committee_members" ADD CONSTRAINT "fk_committee_members_committee" FOREIGN KEY ("committee_id") REFERENCES "committees"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "committee_members" DROP CONSTRAINT "fk_committee_members_committee"');
    await queryRunner.query('DROP INDEX "public"."idx_service_quality_org_path"');
    await queryRunner.query('DROP INDEX "public"."uq_service_quality_job_key"');
    await queryRunner.query('DROP TABLE "service_quality_records"');
    await queryRunner.query('DROP INDEX "public"."idx_seal_custody_org_path"');
    await queryRunner.query('DROP INDEX "public"."uq_seal_custody_job_key"');
    await queryRunner.query('DROP TABLE "seal_custody"');
    await queryRunner.query('DROP INDEX "public"."idx_star_ratings_org_path"');
    await queryRunner.query('DROP TABLE "star_ratings"');
    await queryRunner.query('DROP TABLE "owner_register"');
    await queryRunner.query('DROP INDEX "public"."idx_notifications_recipient"');
    await queryRunner.query('DROP TABLE "notifications"');
    await queryRunner.query('DROP INDEX "public"."idx_notices_org_path"');
    await queryRunner.query('DROP INDEX "public"."uq_notices_job_key"');
    await queryRunner.query('DROP TABLE "notices"');
    await queryRunner.query('DROP INDEX "public"."idx_credit_records_org_path"');
    await queryRunner.query('DROP INDEX "public"."uq_credit_records_job_key"');
    await queryRunner.query('DROP TABLE "credit_records"');
    await queryRunner.query('DROP INDEX "public"."idx_rectification_notices_org_path"');
    await queryRunner.query('DROP INDEX "public"."uq_rectification_notices_job_key"');
    await queryRunner.query('DROP TABLE "rectification_notices"');
    await queryRunner.query('DROP INDEX "public"."idx_committee_members_committee"');
    await queryRunner.query('DROP TABLE "committee_members"');
    await queryRunner.query('DROP INDEX "public"."idx_committees_org_path"');
    await queryRunner.query('DROP INDEX "public"."idx_committees_compound_status"');
    await queryRunner.query('DROP TABLE "committees"');
    await queryRunner.query('DROP INDEX "public"."idx_committee_events_compound"');
    await queryRunner.query('DROP INDEX "public"."uq_committee_events_job_key"');
    await queryRunner.query('DROP TABLE "committee_events"');
  }
}
