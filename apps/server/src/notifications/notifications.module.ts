/** 站内信 written by the `rp.notify-*` workers, for the web app to show. */
import { Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';

@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
