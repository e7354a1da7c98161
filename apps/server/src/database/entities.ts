import {
  AnalyticsElementInstanceEntity,
  AnalyticsInstanceEntity,
  AnalyticsRollupEntity,
  AnalyticsTargetEntity,
  AnalyticsWatermarkEntity,
} from '../analytics/analytics.entities';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { FormDefinitionEntity } from '../forms/form-definition.entity';
import { TaskDraftEntity } from '../inbox/task-draft.entity';
import { TaskEntity } from '../inbox/task.entity';
import { OrgUnitEntity } from '../org/org-unit.entity';
import { ProcessDefinitionEntity } from '../processes/process-definition.entity';
import { MembershipEntity } from '../users/membership.entity';
import { UserEntity } from '../users/user.entity';
import { CommitteeEventEntity } from '../committees/committee-event.entity';
import { CommitteeMemberEntity } from '../committees/committee-member.entity';
import { CommitteeEntity } from '../committees/committee.entity';
import { CommitteeReportEntity } from '../committee-reports/committee-report.entity';
import { RectificationNoticeEntity } from '../committees/rectification-notice.entity';
import { CreditRecordEntity } from '../credit/credit-record.entity';
import { CandidateObjectionEntity } from '../objections/candidate-objection.entity';
import { DemoInstanceProgressEntity } from '../seed/demo-instance-progress.entity';
import { BootDeploymentEntity } from '../processes/boot-deployment.entity';
import { NoticeEntity } from '../notices/notice.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { OwnerRegisterEntryEntity } from '../owners/owner-register-entry.entity';
import { StarRatingEntity } from '../ratings/star-rating.entity';
import { SealCustodyEntity } from '../seals/seal-custody.entity';
import { ServiceQualityRecordEntity } from '../service-quality/service-quality-record.entity';

/** Every TypeORM entity of the server; a new entity is listed here and gets a migration. */
export const ENTITIES: readonly (new (...args: never[]) => object)[] = [
  OrgUnitEntity,
  UserEntity,
  MembershipEntity,
  FormDefinitionEntity,
  ProcessDefinitionEntity,
  TaskEntity,
  TaskDraftEntity,
  AuditEntryEntity,
  AnalyticsInstanceEntity,
  AnalyticsElementInstanceEntity,
  AnalyticsTargetEntity,
  AnalyticsWatermarkEntity,
  AnalyticsRollupEntity,
  OwnerRegisterEntryEntity,
  NoticeEntity,
  NotificationEntity,
  CommitteeEntity,
  CommitteeMemberEntity,
  CommitteeEventEntity,
  RectificationNoticeEntity,
  CreditRecordEntity,
  SealCustodyEntity,
  StarRatingEntity,
  ServiceQualityRecordEntity,
  CommitteeReportEntity,
  CandidateObjectionEntity,
  DemoInstanceProgressEntity,
  BootDeploymentEntity,
];
