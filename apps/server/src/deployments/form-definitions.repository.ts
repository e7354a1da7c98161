/** Reads the form registry's versions (the rows deploy-on-boot and the designer record). */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FormDefinitionEntity } from '../forms/form-definition.entity';

@Injectable()
export class FormDefinitionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every deployed version, newest first (of one form when `formId` is given). */
  list(formId?: string): Promise<FormDefinitionEntity[]> {
    const repo = this.dataSource.getRepository(FormDefinitionEntity);
    return formId !== undefined
      ? repo.find({ where: { formId }, order: { version: 'DESC' } })
      : repo.find({ order: { deployedAt: 'DESC', formId: 'ASC', version: 'DESC' } });
  }

  byKey(formKey: string): Promise<FormDefinitionEntity | null> {
    return this.dataSource.getRepository(FormDefinitionEntity).findOneBy({ formKey });
  }
}
