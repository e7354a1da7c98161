/** 信用档案 (4.4.3.2): records `rp.record-credit` writes and GET /api/credit-records. */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { CreditController } from './credit.controller';
import { CreditService } from './credit.service';

@Module({ imports: [OrgModule], controllers: [CreditController], providers: [CreditService], exports: [CreditService] })
export class CreditModule {}
