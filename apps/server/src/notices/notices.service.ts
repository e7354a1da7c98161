/** 公示/公开: publishing a procedure's notice once per job, and listing what a caller may read. */
import { Injectable } from '@nestjs/common';
import { composeNotice, NOTICE_STAGE_NAMES, type NoticeInput, type NoticeStage } from '@rp/domain';
import type { Principal } from '../auth/principal';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { recordFilterFor } from '../unit-records/unit-records';
import type { NoticeDto } from './notice.dto';
import type { NoticeEntity } from './notice.entity';
import { NoticesRepository } from './notices.repository';

const DAY_MS = 24 * 3600 * 1000;
export const NOTICE_LIST_LIMIT = 200;

export interface PublishNotice {
  readonly jobKey: string;
  readonly stage: NoticeStage;
  readonly orgUnit: { readonly id: string; readonly path: string };
  readonly input: NoticeInput;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly now: Date;
}

@Injectable()
export class NoticesService {
  constructor(
    private readonly notices: NoticesRepository,
    private readonly units: OrgUnitsRepository,
  ) {}

  async publish(p: PublishNotice): Promise<NoticeEntity> {
    const composed = composeNotice(p.stage, p.input);
    return this.notices.insertOnce({
      jobKey: p.jobKey,
      kind: p.stage,
      orgUnitId: p.orgUnit.id,
      orgPath: p.orgUnit.path,
      title: composed.title.slice(0, 200),
      body: composed.body,
      publicityStart: p.now,
      publicityEnd: new Date(p.now.getTime() + composed.publicityDays * DAY_MS),
      processInstanceKey: p.processInstanceKey,
      bpmnProcessId: p.bpmnProcessId,
    });
  }

  async list(principal: Principal, orgUnitId: string): Promise<NoticeDto[]> {
    const filter = await recordFilterFor(principal, orgUnitId, this.units);
    return (await this.notices.list(filter, NOTICE_LIST_LIMIT)).map(toNoticeDto);
  }
}

export function toNoticeDto(n: NoticeEntity): NoticeDto {
  return {
    id: n.id,
    kind: n.kind,
    kindName: NOTICE_STAGE_NAMES[n.kind as NoticeStage] ?? n.kind,
    orgUnitId: n.orgUnitId,
    title: n.title,
    body: n.body,
    publicityStart: n.publicityStart.toISOString(),
    publicityEnd: n.publicityEnd.toISOString(),
    processInstanceKey: n.processInstanceKey,
    bpmnProcessId: n.bpmnProcessId,
    publishedAt: n.publishedAt.toISOString(),
  };
}
