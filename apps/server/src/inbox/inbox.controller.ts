import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ClientMeta, type RequestMeta } from '../audit/request-meta';
import {
  AssignTaskDto,
  DraftSavedDto,
  ListTasksQuery,
  TaskDataDto,
  TaskDetailDto,
  TaskDto,
  TaskHistoryDto,
  TaskIdParams,
  TaskPageDto,
} from './dtos/task.dto';
import { InboxService } from './inbox.service';

@ApiTags('tasks')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: '任务不存在或本人无权查看（不透露是否存在）' })
@Controller('tasks')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: '待办列表：本人可见的任务（办理人、候选人、候选组成员；管理员与分析员看本单位及下级），附各筛选的数量' })
  @ApiOkResponse({ type: TaskPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListTasksQuery): Promise<TaskPageDto> {
    return this.inbox.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '一个任务：表单与预填数据（流程变量，再叠加本人草稿）' })
  @ApiOkResponse({ type: TaskDetailDto })
  get(@CurrentPrincipal() principal: Principal, @Param() params: TaskIdParams): Promise<TaskDetailDto> {
    return this.inbox.get(principal, params.id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: '认领任务（须是候选人或候选组成员）' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: '已由他人认领（message 与 holder 指明是谁）或任务已结束' })
  @ApiForbiddenResponse({ description: '不是候选人' })
  claim(@CurrentPrincipal() principal: Principal, @Param() params: TaskIdParams, @ClientMeta() meta: RequestMeta): Promise<TaskDto> {
    return this.inbox.claim(principal, params.id, meta);
  }

  @Post(':id/unclaim')
  @HttpCode(200)
  @ApiOperation({ summary: '退回认领（本人认领的，或单位管理员退回他人的）' })
  @ApiOkResponse({ type: TaskDto })
  @ApiConflictResponse({ description: '由他人认领且本人不是单位管理员，或任务已结束' })
  unclaim(@CurrentPrincipal() principal: Principal, @Param() params: TaskIdParams, @ClientMeta() meta: RequestMeta): Promise<TaskDto> {
    return this.inbox.unclaim(principal, params.id, meta);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: '指派办理人（指派给他人需任务所在单位的管理员角色）' })
  @ApiOkResponse({ type: TaskDto })
  @ApiForbiddenResponse({ description: '不是任务所在单位的管理员' })
  @ApiConflictResponse({ description: '任务已结束' })
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param() params: TaskIdParams,
    @Body() body: AssignTaskDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TaskDto> {
    return this.inbox.assign(principal, params.id, body.userId, meta);
  }

  @Put(':id/draft')
  @ApiOperation({ summary: '保存本人的表单草稿（再次打开任务时叠加在流程变量之上）' })
  @ApiOkResponse({ type: DraftSavedDto })
  @ApiPayloadTooLargeResponse({ description: '超过 1 MB' })
  saveDraft(
    @CurrentPrincipal() principal: Principal,
    @Param() params: TaskIdParams,
    @Body() body: TaskDataDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DraftSavedDto> {
    return this.inbox.saveDraft(principal, params.id, body.data, meta);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: '提交表单、办结任务：按表单校验后完成作业（CompleteJob）' })
  @ApiOkResponse({ type: TaskDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED：errors 每项对应一个字段路径（如 members[1].name），中文说明' })
  @ApiConflictResponse({ description: '由他人办理（指明是谁）、正在办理或已办结' })
  @ApiForbiddenResponse({ description: '不是候选人' })
  @ApiPayloadTooLargeResponse({ description: '超过 1 MB' })
  complete(
    @CurrentPrincipal() principal: Principal,
    @Param() params: TaskIdParams,
    @Body() body: TaskDataDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TaskDto> {
    return this.inbox.complete(principal, params.id, body.data, meta);
  }

  @Get(':id/history')
  @ApiOperation({ summary: '任务的经办记录：谁在何时从何处认领、指派、保存草稿、办理' })
  @ApiOkResponse({ type: TaskHistoryDto })
  history(@CurrentPrincipal() principal: Principal, @Param() params: TaskIdParams): Promise<TaskHistoryDto> {
    return this.inbox.history(principal, params.id);
  }
}
