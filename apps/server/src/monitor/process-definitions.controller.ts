/**
 * The deployed process definitions, every version, and each one's BPMN XML — for the
 * diagrams of the monitor, the task page and the analytics pages. Any signed-in user may
 * read them: a diagram reveals the procedure, not anyone's data.
 */
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, ErrorCode, notFound } from '../common/app-error';
import type { ProcessDefinitionEntity } from '../processes/process-definition.entity';
import { ProcessesRepository } from '../processes/processes.repository';
import {
  ProcessDefinitionDetailDto,
  ProcessDefinitionDto,
  ProcessDefinitionKeyParams,
  ProcessDefinitionsQuery,
} from './dtos/process-definition.dto';

@ApiTags('monitor')
@ApiBearerAuth()
@Controller('process-definitions')
export class ProcessDefinitionsController {
  constructor(private readonly processes: ProcessesRepository) {}

  @Get()
  @ApiOperation({ summary: '已部署的流程定义（各版本，新版本在前）' })
  @ApiOkResponse({ type: [ProcessDefinitionDto] })
  async list(@Query() query: ProcessDefinitionsQuery): Promise<ProcessDefinitionDto[]> {
    const rows = await this.processes.listVersions(query.bpmnProcessId);
    return rows.map(toDefinitionDto);
  }

  @Get(':processDefinitionKey')
  @ApiOperation({ summary: '一个流程定义及其 BPMN XML' })
  @ApiOkResponse({ type: ProcessDefinitionDetailDto })
  @ApiNotFoundResponse({ description: '流程定义不存在' })
  async get(@Param() params: ProcessDefinitionKeyParams): Promise<ProcessDefinitionDetailDto> {
    const row = await this.processes.byKey(params.processDefinitionKey);
    // A row deployed before the XML column existed has none until the next boot redeploys it.
    if (!row) throw notFound('流程定义');
    if (row.bpmnXml === null) throw new AppError(ErrorCode.NotFound, '该流程定义部署时尚未保存 XML，重新部署后可查看');
    return { ...toDefinitionDto(row), bpmnXml: row.bpmnXml };
  }
}

function toDefinitionDto(row: ProcessDefinitionEntity): ProcessDefinitionDto {
  return {
    processDefinitionKey: row.processDefinitionKey,
    bpmnProcessId: row.bpmnProcessId,
    name: row.name,
    version: row.version,
    resourceName: row.resourceName,
    deployedAt: row.deployedAt.toISOString(),
  };
}
