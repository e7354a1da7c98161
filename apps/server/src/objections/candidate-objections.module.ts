/** 候选人公示期间的异议 (P1): POST/GET /api/candidate-objections and the `candidate-objection` message. */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { CandidateObjectionsController } from './candidate-objections.controller';
import { CandidateObjectionsService } from './candidate-objections.service';

@Module({
  imports: [OrgModule],
  controllers: [CandidateObjectionsController],
  providers: [CandidateObjectionsService],
})
export class CandidateObjectionsModule {}
