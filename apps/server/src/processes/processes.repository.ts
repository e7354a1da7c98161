/** Queries over the process registry; services decide, this only reads and writes rows. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProcessDefinitionEntity } from './process-definition.entity';

@Injectable()
export class ProcessesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo() {
    return this.dataSource.getRepository(ProcessDefinitionEntity);
  }

  async record(row: Omit<ProcessDefinitionEntity, 'deployedAt'>): Promise<void> {
    await this.repo().upsert(row, ['processDefinitionKey']);
  }

  byKey(processDefinitionKey: string): Promise<ProcessDefinitionEntity | null> {
    return this.repo().findOneBy({ processDefinitionKey });
  }

  byVersion(bpmnProcessId: string, version: number): Promise<ProcessDefinitionEntity | null> {
    return this.repo().findOneBy({ bpmnProcessId, version });
  }

  latest(bpmnProcessId: string): Promise<ProcessDefinitionEntity | null> {
    return this.repo().findOne({ where: { bpmnProcessId }, order: { version: 'DESC' } });
  }

  /** Every deployed version, newest first (of one process when `bpmnProcessId` is given). */
  listVersions(bpmnProcessId?: string): Promise<ProcessDefinitionEntity[]> {
    if (bpmnProcessId !== undefined) return this.repo().find({ where: { bpmnProcessId }, order: { version: 'DESC' } });
    return this.repo().find({ order: { deployedAt: 'DESC', bpmnProcessId: 'ASC', version: 'DESC' } });
  }

  /** The latest version of every process. */
  allLatest(): Promise<ProcessDefinitionEntity[]> {
    return this.repo()
      .createQueryBuilder('p')
      .distinctOn(['p.bpmn_process_id'])
      .orderBy('p.bpmn_process_id')
      .addOrderBy('p.version', 'DESC')
      .getMany();
  }
}
