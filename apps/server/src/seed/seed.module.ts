/** The demo seed run by `npm start` (startup.ts) when SEED_DEMO is on: organisation, accounts and demo instances. */
import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { DemoInstancesService } from './demo-instances.service';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [UsersModule], providers: [DemoSeedService, DemoInstancesService], exports: [DemoSeedService, DemoInstancesService] })
export class SeedModule {}
