import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/public.decorator';
import { WorkflowEngineService, type EngineStatus } from '../engine/workflow-engine.service';
import { DeploymentService, type DeploymentReport } from '../processes/deployment.service';

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly database: { readonly status: 'up' | 'down'; readonly detail?: string };
  readonly engine: EngineStatus;
  /** Deploy-on-boot of processes/ and forms/: what was deployed and what was rejected, with why (does not affect `status`). */
  readonly deployments?: DeploymentReport;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: WorkflowEngineService,
    private readonly modules: ModuleRef,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '服务健康状况：数据库与流程引擎' })
  @ApiOkResponse({ description: '数据库与引擎均可用' })
  @ApiServiceUnavailableResponse({ description: '数据库或引擎不可用' })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const [database, engine] = await Promise.all([this.database(), this.engine.status()]);
    const deployments = this.deployments();
    const report: HealthReport = {
      status: database.status === 'up' && engine.status === 'up' ? 'ok' : 'degraded',
      database,
      engine,
      ...(deployments ? { deployments } : {}),
    };
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  private deployments(): DeploymentReport | undefined {
    try {
      return this.modules.get(DeploymentService, { strict: false }).current;
    } catch {
      return undefined;
    }
  }

  private async database(): Promise<HealthReport['database']> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
  }
}
