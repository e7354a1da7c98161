/** 站内信: messages the `rp.notify-*` workers leave for a person or a candidate group. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationEntity } from './notification.entity';

export interface Notify {
  readonly jobKey: string;
  /** `user:<id>` or `group:<role>:<unit>`; each gets one row per job. */
  readonly recipients: readonly string[];
  readonly kind: string;
  readonly orgUnit: { readonly id: string; readonly path: string };
  readonly title: string;
  readonly body: string;
  readonly processInstanceKey: string;
}

@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Writes each recipient's row once per job key; a retried job adds nothing. */
  async notify(n: Notify): Promise<void> {
    if (n.recipients.length === 0) return;
    await this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder()
      .insert()
      .values(
        [...new Set(n.recipients)].map((recipient) => ({
          id: randomUUID(),
          jobKey: n.jobKey,
          recipient,
          kind: n.kind,
          orgUnitId: n.orgUnit.id,
          orgPath: n.orgUnit.path,
          title: n.title.slice(0, 200),
          body: n.body,
          processInstanceKey: n.processInstanceKey,
          readAt: null,
        })),
      )
      .orIgnore()
      .execute();
  }

  forJob(jobKey: string): Promise<NotificationEntity[]> {
    return this.dataSource.getRepository(NotificationEntity).find({ where: { jobKey }, order: { recipient: 'ASC' } });
  }
}
