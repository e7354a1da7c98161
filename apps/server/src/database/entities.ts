import { OrgUnitEntity } from '../org/org-unit.entity';
import { MembershipEntity } from '../users/membership.entity';
import { UserEntity } from '../users/user.entity';

/** Every TypeORM entity of the server; a new entity is listed here and gets a migration. */
export const ENTITIES: readonly (new (...args: never[]) => object)[] = [OrgUnitEntity, UserEntity, MembershipEntity];
