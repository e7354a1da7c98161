import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `npm start`'s demo seed records its progress (demo_instance_progress), so a crash mid-way resumes without duplicates. */
export class DemoInstanceProgress1795886835731 implements MigrationInterface {
  name = 'DemoInstanceProgress1795886835731';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "demo_instance_progress" ("demo_id" character varying(64) NOT NULL, "process_instance_key" bigint, "steps_done" integer NOT NULL DEFAULT \'0\', "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c64272a1a698242cfad468d47c2" PRIMARY KEY ("demo_id"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "demo_instance_progress"');
  }
}
