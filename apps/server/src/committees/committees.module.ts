/** 业主委员会名册: committees, members, terms and history; rectification notices; GET /api/committees. */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { CommitteesController } from './committees.controller';
import { CommitteesService } from './committees.service';

@Module({ imports: [OrgModule], controllers: [CommitteesController], providers: [CommitteesService], exports: [CommitteesService] })
export class CommitteesModule {}
