import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import {
  CreateUserDto,
  ListUsersQuery,
  MembershipIdParams,
  MembershipInput,
  UpdateUserDto,
  UserDto,
  UserIdParams,
  UserPageDto,
} from './dtos/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: '不是管理员，或目标可见但不在本人管理范围内' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: '列出在本人管理范围内有成员身份的用户（管理员）' })
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListUsersQuery): Promise<UserPageDto> {
    return this.users.list(principal, query);
  }

  @Post()
  @ApiOperation({ summary: '新建用户及其成员身份（一个事务；管理员）' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: '用户名已被使用，或成员身份重复' })
  @ApiNotFoundResponse({ description: '组织单元不存在或不可见' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(principal, body);
  }

  @Get(':id')
  @ApiOperation({ summary: '一个用户（管理员）' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: '不存在或不在管理范围内' })
  get(@CurrentPrincipal() principal: Principal, @Param() params: UserIdParams): Promise<UserDto> {
    return this.users.get(principal, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改姓名、重设密码、停用或启用（管理员）' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: '不存在或不在管理范围内' })
  update(@CurrentPrincipal() principal: Principal, @Param() params: UserIdParams, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.update(principal, params.id, body);
  }

  @Post(':id/memberships')
  @ApiOperation({ summary: '授予一个单元中的角色（管理员）' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: '已有这一成员身份' })
  addMembership(@CurrentPrincipal() principal: Principal, @Param() params: UserIdParams, @Body() body: MembershipInput): Promise<UserDto> {
    return this.users.addMembership(principal, params.id, body);
  }

  @Delete(':id/memberships/:membershipId')
  @ApiOperation({ summary: '撤销一个成员身份（管理员；最后一个不能撤销）' })
  @ApiOkResponse({ type: UserDto })
  @ApiConflictResponse({ description: '这是用户最后一个成员身份' })
  removeMembership(@CurrentPrincipal() principal: Principal, @Param() params: MembershipIdParams): Promise<UserDto> {
    return this.users.removeMembership(principal, params.id, params.membershipId);
  }
}
