/**
 * The designer's deployments (admins) and the form registry's versions (any signed-in
 * user: a form's layout reveals nobody's data, as a process diagram does not).
 */
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { notFound } from '../common/app-error';
import type { FormDefinitionEntity } from '../forms/form-definition.entity';
import { OrgScope } from '../org/org-scope';
import { DeploymentsService } from './deployments.service';
import { CreateDeploymentDto, DeploymentDto } from './dtos/deployment.dto';
import { FormDefinitionDetailDto, FormDefinitionDto, FormDefinitionsQuery, FormKeyParams } from './dtos/form-definition.dto';
import { FormDefinitionsRepository } from './form-definitions.repository';

@ApiTags('designer')
@ApiBearerAuth()
@Controller()
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentsService,
    private readonly forms: FormDefinitionsRepository,
  ) {}

  @Post('deployments')
  @ApiOperation({ summary: '部署 BPMN 流程、form-js 表单或 DMN 决策（管理员）；与启动时部署同一路径，记入流程与表单登记' })
  @ApiCreatedResponse({ type: DeploymentDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED：请求体有误，或引擎/表单校验拒绝；errors[] 逐条给出 resource、elementId（如有）与 reason',
  })
  @ApiForbiddenResponse({ description: '需要管理员权限' })
  deploy(@CurrentPrincipal() principal: Principal, @Body() body: CreateDeploymentDto): Promise<DeploymentDto> {
    OrgScope.of(principal).requireAdmin();
    return this.deployments.deploy(body.resources);
  }

  @Get('form-definitions')
  @ApiOperation({ summary: '已部署的表单（各版本，新版本在前）' })
  @ApiOkResponse({ type: [FormDefinitionDto] })
  async listForms(@Query() query: FormDefinitionsQuery): Promise<FormDefinitionDto[]> {
    return (await this.forms.list(query.formId)).map(toFormDto);
  }

  @Get('form-definitions/:formKey')
  @ApiOperation({ summary: '一个表单版本及其 form-js JSON' })
  @ApiOkResponse({ type: FormDefinitionDetailDto })
  @ApiNotFoundResponse({ description: '表单不存在' })
  async getForm(@Param() params: FormKeyParams): Promise<FormDefinitionDetailDto> {
    const row = await this.forms.byKey(params.formKey);
    if (!row) throw notFound('表单');
    return { ...toFormDto(row), schema: row.schema };
  }
}

function toFormDto(row: FormDefinitionEntity): FormDefinitionDto {
  return {
    formKey: row.formKey,
    formId: row.formId,
    version: row.version,
    resourceName: row.resourceName,
    deployedAt: row.deployedAt.toISOString(),
  };
}
