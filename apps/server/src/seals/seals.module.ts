/** 印章代管 (4.4.3.3): hand-overs `rp.transfer-seals` records and GET /api/seal-custody. */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { SealsController } from './seals.controller';
import { SealsService } from './seals.service';

@Module({ imports: [OrgModule], controllers: [SealsController], providers: [SealsService], exports: [SealsService] })
export class SealsModule {}
