import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 业主委员会定期报告台账 (committee_reports): reports and the monitor's missed-report findings. */
export class CommitteeReports1795877971101 implements MigrationInterface {
  name = 'CommitteeReports1795877971101';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "committee_reports" ("id" uuid NOT NULL, "committee_id" uuid NOT NULL, "compound_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "kind" character varying(16) NOT NULL, "reported_on" date NOT NULL, "summary" text NOT NULL, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_committee_reports_committee_kind_date" UNIQUE ("committee_id", "kind", "reported_on"), CONSTRAINT "PK_4954f3e65a9ca2b039c8298db9e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_committee_reports_org_path" ON "committee_reports" ("org_path", "reported_on") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_committee_reports_org_path"');
    await queryRunner.query('DROP TABLE "committee_reports"');
  }
}
