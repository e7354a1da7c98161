/** The organisation tree 市 → 区 → 街道 → 社区 → 小区/网格: entity, queries, admin API. */
import { Module } from '@nestjs/common';
import { OrgController } from './org.controller';
import { OrgService } from './org.service';
import { OrgUnitsRepository } from './org-units.repository';

@Module({
  controllers: [OrgController],
  providers: [OrgUnitsRepository, OrgService],
  exports: [OrgUnitsRepository, OrgService],
})
export class OrgModule {}
