/** 业主名册: registered owners per compound with their area, read by the procedure workers. */
import { Module } from '@nestjs/common';
import { OwnersRepository } from './owners.repository';

@Module({ providers: [OwnersRepository], exports: [OwnersRepository] })
export class OwnersModule {}
