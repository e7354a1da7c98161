import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ORG_LEVELS, ORG_UNIT_ID_MAX_LENGTH, ORG_UNIT_ID_PATTERN, ROLE_IDS, type OrgLevel, type RoleId } from '@rp/domain';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Usernames: lowercase letters, digits and `.`, `_`, `-`, 3–64 characters, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

export class MembershipOrgUnitDto {
  @ApiProperty({ example: 'wf-dongda-nanying' }) id!: string;
  @ApiProperty({ example: '南营社区' }) name!: string;
  @ApiProperty({ enum: ORG_LEVELS }) level!: OrgLevel;
  @ApiProperty({ example: '社区' }) levelName!: string;
  @ApiProperty({ type: [String], example: ['anyang', 'wf', 'wf-dongda', 'wf-dongda-nanying'] }) path!: string[];
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ROLE_IDS, example: 'community-party' }) role!: RoleId;
  @ApiProperty({ example: '社区党组织' }) roleName!: string;
  @ApiProperty({ example: 'community-party:wf-dongda-nanying' }) candidateGroup!: string;
  @ApiProperty({ type: MembershipOrgUnitDto }) orgUnit!: MembershipOrgUnitDto;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'nanying.shequ' }) username!: string;
  @ApiProperty({ example: '南营社区党委 李书记' }) displayName!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: [MembershipDto], description: '在当前管理员可见范围内的成员身份' }) memberships!: MembershipDto[];
  @ApiProperty({ description: '当前管理员能否修改此用户（其所有成员身份都在管理范围内）' }) manageable!: boolean;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty() total!: number;
}

export class MembershipInput {
  @ApiProperty({ example: 'wf-dongda-nanying' })
  @IsString()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  orgUnitId!: string;

  @ApiProperty({ enum: ROLE_IDS, example: 'resident' })
  @IsIn(ROLE_IDS)
  role!: RoleId;
}

export class CreateUserDto {
  @ApiProperty({ example: 'zhang.san', description: '小写字母、数字及 . _ -，3–64 个字符' })
  @IsString()
  @Matches(USERNAME_PATTERN)
  username!: string;

  @ApiProperty({ example: '张三' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({ type: [MembershipInput], description: '至少一个；都须在本人管理范围内' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MembershipInput)
  memberships!: MembershipInput[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: '张三' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: '重设密码' })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ description: 'false 停用：不能再登录，已签发的令牌立即失效' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UserIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class MembershipIdParams extends UserIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  membershipId!: string;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ description: '只列出在此单元或其下级有成员身份的用户', example: 'wf-dongda-nanying' })
  @IsOptional()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  orgUnitId?: string;

  @ApiPropertyOptional({ enum: ROLE_IDS })
  @IsOptional()
  @IsIn(ROLE_IDS)
  role?: RoleId;

  @ApiPropertyOptional({ description: '用户名或姓名中的文字' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
