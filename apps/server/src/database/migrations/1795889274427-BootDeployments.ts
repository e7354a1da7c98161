import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Deploy-on-boot records the checksum it deployed of each bundled file (boot_deployments), so unchanged files are not redeployed. */
export class BootDeployments1795889274427 implements MigrationInterface {
  name = 'BootDeployments1795889274427';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "boot_deployments" ("resource" character varying(512) NOT NULL, "checksum" character varying(64) NOT NULL, "deployed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_560d04eb219209a63391b772a97" PRIMARY KEY ("resource"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "boot_deployments"');
  }
}
