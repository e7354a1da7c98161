import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 候选人公示期间的异议 (candidate_objections): one per notice, published as the `candidate-objection` message. */
export class CandidateObjections1795878061271 implements MigrationInterface {
  name = 'CandidateObjections1795878061271';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "candidate_objections" ("id" uuid NOT NULL, "notice_id" uuid NOT NULL, "process_instance_key" bigint NOT NULL, "compound_id" character varying(64) NOT NULL, "org_path" text COLLATE "C" NOT NULL, "candidate_name" character varying(100), "objection_text" text NOT NULL, "objector_user_id" uuid NOT NULL, "objector_name" character varying(100) NOT NULL, "lodged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_000bbc202811c49d4664dfd676e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_candidate_objections_notice" ON "candidate_objections" ("notice_id") ');
    await queryRunner.query('CREATE INDEX "idx_candidate_objections_org_path" ON "candidate_objections" ("org_path", "lodged_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."idx_candidate_objections_org_path"');
    await queryRunner.query('DROP INDEX "public"."uq_candidate_objections_notice"');
    await queryRunner.query('DROP TABLE "candidate_objections"');
  }
}
