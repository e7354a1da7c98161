/** Queries over the form registry; services decide, this only reads and writes rows. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { FormDefinitionEntity } from './form-definition.entity';

@Injectable()
export class FormsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo() {
    return this.dataSource.getRepository(FormDefinitionEntity);
  }

  async record(form: Pick<FormDefinitionEntity, 'formKey' | 'formId' | 'version' | 'resourceName' | 'schema'>): Promise<void> {
    await this.repo().upsert(form as QueryDeepPartialEntity<FormDefinitionEntity>, ['formKey']);
  }

  byKey(formKey: string): Promise<FormDefinitionEntity | null> {
    return this.repo().findOneBy({ formKey });
  }

  latest(formId: string): Promise<FormDefinitionEntity | null> {
    return this.repo().findOne({ where: { formId }, order: { version: 'DESC' } });
  }
}
