/** The audit log: who claimed, assigned, drafted, completed or started what, when and from where. */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

@Module({ imports: [OrgModule], controllers: [AuditController], providers: [AuditRepository, AuditService], exports: [AuditService] })
export class AuditModule {}
