import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { ClientMeta, type RequestMeta } from '../audit/request-meta';
import { ProcessDto, ProcessIdParams, StartedInstanceDto, StartInstanceDto } from './dtos/process.dto';
import { ProcessesService } from './processes.service';

@ApiTags('processes')
@ApiBearerAuth()
@Controller('processes')
export class ProcessesController {
  constructor(private readonly processes: ProcessesService) {}

  @Get()
  @ApiOperation({ summary: '本人可发起的流程（各取最新版本）及其开始表单' })
  @ApiOkResponse({ type: [ProcessDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<ProcessDto[]> {
    return this.processes.list(principal);
  }

  @Post(':bpmnProcessId/instances')
  @ApiOperation({ summary: '填写开始表单发起流程；服务器校验表单并加入发起人与各级单位变量' })
  @ApiCreatedResponse({ type: StartedInstanceDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED：逐字段说明（errors[].field 为表单字段路径，如 data 的 items[0].name）' })
  @ApiForbiddenResponse({ description: '没有发起该流程的角色，或单位不在本人成员单位之内' })
  @ApiNotFoundResponse({ description: '流程不存在' })
  @ApiConflictResponse({
    description:
      '同一单位同一时间只能进行一次的流程（业主委员会成员候选人推荐、提名、考察：每个小区一次）已有实例在进行；message 与 runningProcessInstanceKey 指明该实例',
  })
  start(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProcessIdParams,
    @Body() body: StartInstanceDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<StartedInstanceDto> {
    return this.processes.start(principal, params.bpmnProcessId, body, meta);
  }
}
