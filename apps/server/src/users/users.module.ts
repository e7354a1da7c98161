/** Users, their memberships (roles in organisation units) and password hashing; admin API. */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { PasswordHasher } from './password-hasher';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [OrgModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, PasswordHasher],
  exports: [UsersRepository, PasswordHasher],
})
export class UsersModule {}
