import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialIdentity1795867613517 implements MigrationInterface {
  name = 'InitialIdentity1795867613517';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "org_units" ("id" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "level" character varying(16) NOT NULL, "parent_id" character varying(64), "path" text COLLATE "C" NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b4a19b7f3756560cd75643be5a7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_org_units_parent_id" ON "org_units" ("parent_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "idx_org_units_path" ON "org_units" ("path") ');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL, "username" character varying(64) NOT NULL, "display_name" character varying(100) NOT NULL, "password_hash" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "uq_users_username" ON "users" ("username") ');
    await queryRunner.query(
      'CREATE TABLE "memberships" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "org_unit_id" character varying(64) NOT NULL, "role" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_memberships_user_unit_role" UNIQUE ("user_id", "org_unit_id", "role"), CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "idx_memberships_org_unit_id" ON "memberships" ("org_unit_id") ');
    await queryRunner.query(
      'ALTER TABLE "org_units" ADD CONSTRAINT "fk_org_units_parent" FOREIGN KEY ("parent_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "memberships" ADD CONSTRAINT "fk_memberships_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "memberships" ADD CONSTRAINT "fk_memberships_org_unit" FOREIGN KEY ("org_unit_id") REFERENCES "org_units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "memberships" DROP CONSTRAINT "fk_memberships_org_unit"');
    await queryRunner.query('ALTER TABLE "memberships" DROP CONSTRAINT "fk_memberships_user"');
    await queryRunner.query('ALTER TABLE "org_units" DROP CONSTRAINT "fk_org_units_parent"');
    await queryRunner.query('DROP INDEX "public"."idx_memberships_org_unit_id"');
    await queryRunner.query('DROP TABLE "memberships"');
    await queryRunner.query('DROP INDEX "public"."uq_users_username"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP INDEX "public"."idx_org_units_path"');
    await queryRunner.query('DROP INDEX "public"."idx_org_units_parent_id"');
    await queryRunner.query('DROP TABLE "org_units"');
  }
}
