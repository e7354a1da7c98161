import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ClientMeta, type RequestMeta } from '../audit/request-meta';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import {
  IncidentKeyParams,
  InstanceDetailDto,
  InstanceKeyParams,
  InstancePageDto,
  ListInstancesQuery,
  ResolveIncidentBody,
  SetVariablesBody,
} from './dtos/process-instance.dto';
import { MonitorService } from './monitor.service';

@ApiTags('monitor')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: '需要管理员角色' })
@ApiNotFoundResponse({ description: '不存在，或不在本人管理的组织范围内' })
@ApiResponse({ status: 501, description: 'ENGINE=zeebe：实例浏览需要内嵌引擎' })
@Controller()
export class MonitorController {
  constructor(private readonly monitor: MonitorService) {}

  @Get('process-instances')
  @ApiOperation({ summary: '本人管理范围内的流程实例（按发起时间倒序，分页）' })
  @ApiOkResponse({ type: InstancePageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListInstancesQuery): Promise<InstancePageDto> {
    return this.monitor.list(principal, query);
  }

  @Get('process-instances/:key')
  @ApiOperation({ summary: '一个流程实例：各环节、变量、未解决的故障与人工任务' })
  @ApiOkResponse({ type: InstanceDetailDto })
  get(@CurrentPrincipal() principal: Principal, @Param() params: InstanceKeyParams): Promise<InstanceDetailDto> {
    return this.monitor.get(principal, params.key);
  }

  @Post('process-instances/:key/cancel')
  @HttpCode(204)
  @ApiOperation({ summary: '取消流程实例（CancelProcessInstance）' })
  @ApiNoContentResponse({ description: '已取消' })
  @ApiConflictResponse({ description: '实例已结束' })
  cancel(@CurrentPrincipal() principal: Principal, @Param() params: InstanceKeyParams, @ClientMeta() meta: RequestMeta): Promise<void> {
    return this.monitor.cancel(principal, params.key, meta);
  }

  @Put('process-instances/:key/variables')
  @HttpCode(204)
  @ApiOperation({ summary: '设置流程变量（SetVariables，根作用域），用于排除故障的原因' })
  @ApiNoContentResponse({ description: '已设置' })
  @ApiBadRequestResponse({ description: '变量名不合法或是单位/发起人变量（errors[].field 为 variables.<名>）' })
  @ApiConflictResponse({ description: '实例已结束' })
  setVariables(
    @CurrentPrincipal() principal: Principal,
    @Param() params: InstanceKeyParams,
    @Body() body: SetVariablesBody,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.monitor.setVariables(principal, params.key, body.variables, meta);
  }

  @Post('incidents/:key/resolve')
  @HttpCode(204)
  @ApiOperation({ summary: '重试：解决故障（作业故障先用 UpdateJobRetries 设置重试次数，再 ResolveIncident）' })
  @ApiNoContentResponse({ description: '已提交；原因仍在时引擎会产生新的故障' })
  @ApiConflictResponse({ description: '故障已经解决' })
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param() params: IncidentKeyParams,
    @Body() body: ResolveIncidentBody,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.monitor.resolveIncident(principal, params.key, body.retries, meta);
  }
}
