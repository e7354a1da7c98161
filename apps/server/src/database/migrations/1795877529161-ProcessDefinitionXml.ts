import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The deployed BPMN XML of each process definition; rows deployed before this get it at the next boot's redeploy. */
export class ProcessDefinitionXml1795877529161 implements MigrationInterface {
  name = 'ProcessDefinitionXml1795877529161';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "process_definitions" ADD "bpmn_xml" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "process_definitions" DROP COLUMN "bpmn_xml"');
  }
}
