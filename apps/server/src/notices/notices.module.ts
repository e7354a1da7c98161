/** 公示/公开: the notices `rp.publish-notice` writes and GET /api/notices. */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { NoticesController } from './notices.controller';
import { NoticesRepository } from './notices.repository';
import { NoticesService } from './notices.service';

@Module({
  imports: [OrgModule],
  controllers: [NoticesController],
  providers: [NoticesRepository, NoticesService],
  exports: [NoticesService],
})
export class NoticesModule {}
