/** Queries for deploy-on-boot's record of what it deployed; the rule is in boot-deployment-rule.ts. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ResourceKind } from '@rp/workflow';
import { BootDeploymentEntity } from './boot-deployment.entity';

@Injectable()
export class BootDeploymentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Checksum the boot last deployed, by resource (`processes/<name>`, `forms/<name>`). */
  async checksums(): Promise<Map<string, string>> {
    const rows = await this.dataSource.getRepository(BootDeploymentEntity).find();
    return new Map(rows.map((row) => [row.resource, row.checksum]));
  }

  async remember(resource: string, checksum: string): Promise<void> {
    await this.dataSource.getRepository(BootDeploymentEntity).upsert({ resource, checksum }, ['resource']);
  }

  /**
   * Whether the process or form registry holds a version with exactly this content under this
   * resource name; undefined for decisions, which have no registry.
   */
  async registryHolds(kind: ResourceKind, resourceName: string, content: string): Promise<boolean | undefined> {
    if (kind === 'process') {
      const rows: unknown[] = await this.dataSource.query(
        'SELECT 1 FROM process_definitions WHERE resource_name = $1 AND bpmn_xml = $2 LIMIT 1',
        [resourceName, content],
      );
      return rows.length > 0;
    }
    if (kind === 'form') {
      let schema: unknown;
      try {
        schema = JSON.parse(content);
      } catch {
        return false;
      }
      const rows: unknown[] = await this.dataSource.query(
        'SELECT 1 FROM form_definitions WHERE resource_name = $1 AND schema = $2::jsonb LIMIT 1',
        [resourceName, JSON.stringify(schema)],
      );
      return rows.length > 0;
    }
    return undefined;
  }
}
