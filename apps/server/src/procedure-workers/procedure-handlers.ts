/**
 * The one list of procedure workers the server registers: one handler per service-task
 * type of processes/*.bpmn. `test/models/workers.spec.ts` reads this list; the type below
 * makes a task type of TASK_TYPES without a handler a compile error.
 */
import type { TaskType } from '@rp/domain';
import { ListBranchSecretariesHandler, UpdateStarRatingHandler } from './handlers/annual-review.handlers';
import {
  DeregisterCommitteeHandler,
  IssueRectificationNoticeHandler,
  NotifyPartiesHandler,
  RecordCreditHandler,
  TransferSealsHandler,
} from './handlers/committee-correction.handlers';
import {
  CheckElectionHandler,
  CheckSlateHandler,
  ListReviewDepartmentsHandler,
  RegisterCommitteeHandler,
} from './handlers/committee-vetting.handlers';
import { LoadOwnerRegisterHandler, PublishNoticeHandler } from './handlers/notices.handlers';
import {
  NotifyReporterHandler,
  RecordFollowUpHandler,
  RecordRatingHandler,
  RecordSupervisionHandler,
} from './handlers/resident-report.handlers';
import type { ProcedureHandlerClass } from './procedure-handler';

export const PROCEDURE_HANDLERS = {
  'rp.notify-reporter': NotifyReporterHandler,
  'rp.record-supervision': RecordSupervisionHandler,
  'rp.record-rating': RecordRatingHandler,
  'rp.record-follow-up': RecordFollowUpHandler,
  'rp.publish-notice': PublishNoticeHandler,
  'rp.load-owner-register': LoadOwnerRegisterHandler,
  'rp.check-slate': CheckSlateHandler,
  'rp.list-review-departments': ListReviewDepartmentsHandler,
  'rp.check-election': CheckElectionHandler,
  'rp.register-committee': RegisterCommitteeHandler,
  'rp.record-credit': RecordCreditHandler,
  'rp.notify-parties': NotifyPartiesHandler,
  'rp.issue-rectification-notice': IssueRectificationNoticeHandler,
  'rp.deregister-committee': DeregisterCommitteeHandler,
  'rp.transfer-seals': TransferSealsHandler,
  'rp.list-branch-secretaries': ListBranchSecretariesHandler,
  'rp.update-star-rating': UpdateStarRatingHandler,
} as const satisfies Readonly<Record<TaskType, ProcedureHandlerClass>>;

/** The task types the server works, as registered. */
export const REGISTERED_TASK_TYPES: readonly string[] = Object.keys(PROCEDURE_HANDLERS);
