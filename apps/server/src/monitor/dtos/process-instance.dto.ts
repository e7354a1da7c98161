/** Query, path and body shapes of /api/process-instances and /api/incidents (class-validator, Chinese messages via the global pipe). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { ORG_UNIT_ID_MAX_LENGTH, ORG_UNIT_ID_PATTERN } from '@rp/domain';
import { ENGINE_KEY_PATTERN } from './process-definition.dto';

const BPMN_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export const INSTANCE_STATES = ['active', 'incident', 'completed', 'canceled'] as const;
/** `active`: running without an open incident; `incident`: running with one; `canceled`: terminated. */
export type InstanceState = (typeof INSTANCE_STATES)[number];

export class ListInstancesQuery {
  @ApiPropertyOptional({ description: '流程 id', example: 'resident-report' })
  @IsOptional()
  @Matches(BPMN_ID_PATTERN)
  @MaxLength(255)
  bpmnProcessId?: string;

  @ApiPropertyOptional({
    enum: INSTANCE_STATES,
    description: 'active 进行中（无故障）、incident 有故障、completed 已完成、canceled 已取消',
  })
  @IsOptional()
  @IsIn(INSTANCE_STATES)
  state?: InstanceState;

  @ApiPropertyOptional({ description: '只列此单位及其下级的实例', example: 'wf-dongda-nanying' })
  @IsOptional()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  orgUnit?: string;

  @ApiPropertyOptional({ description: '发起时间不早于（ISO 8601；只写日期表示北京时间当天零点）', example: '2026-11-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedFrom?: string;

  @ApiPropertyOptional({ description: '发起时间早于（ISO 8601；只写日期表示含当天整天）', example: '2026-11-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedTo?: string;

  @ApiPropertyOptional({ description: '搜索：实例 key、流程名称、单位名称、发起人或变量中的文字', example: '楼道灯' })
  @IsOptional()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class InstanceKeyParams {
  @ApiProperty({ description: '流程实例 key（十进制整数）', example: '2251799813685251' })
  @Matches(ENGINE_KEY_PATTERN)
  key!: string;
}

export class IncidentKeyParams {
  @ApiProperty({ description: '故障 key（十进制整数）', example: '2251799813685260' })
  @Matches(ENGINE_KEY_PATTERN)
  key!: string;
}

export class ResolveIncidentBody {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 1, description: '作业故障：先把作业重试次数设为此值' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  retries?: number;
}

export class SetVariablesBody {
  @ApiProperty({ type: Object, description: '要设置的流程变量（根作用域），名 → 值', example: { budget: 800 } })
  @IsObject()
  variables!: Record<string, unknown>;
}

export class OrgUnitRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class StarterDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) username!: string | null;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
}

export class InstanceSummaryDto {
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() processDefinitionKey!: string;
  @ApiProperty() bpmnProcessId!: string;
  @ApiProperty({ type: String, nullable: true }) processName!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: INSTANCE_STATES }) state!: InstanceState;
  @ApiProperty({ type: OrgUnitRefDto, nullable: true }) orgUnit!: OrgUnitRefDto | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: StarterDto, nullable: true, description: '发起人（变量 startedBy）' }) startedBy!: StarterDto | null;
  @ApiProperty({ description: '未解决的故障数' }) incidentCount!: number;
}

export class InstancePageDto {
  @ApiProperty({ type: [InstanceSummaryDto] }) items!: InstanceSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ElementInstanceDto {
  @ApiProperty() elementInstanceKey!: string;
  @ApiProperty() elementId!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ example: 'USER_TASK' }) type!: string;
  @ApiProperty({ enum: ['active', 'completed', 'terminated'] }) state!: 'active' | 'completed' | 'terminated';
  @ApiProperty({ format: 'date-time' }) activatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
}

export class IncidentDto {
  @ApiProperty() key!: string;
  @ApiProperty() elementId!: string;
  @ApiProperty({ type: String, nullable: true }) elementName!: string | null;
  @ApiProperty({ example: 'EXTRACT_VALUE_ERROR' }) errorType!: string;
  @ApiProperty() errorMessage!: string;
  @ApiProperty({ type: String, nullable: true }) jobKey!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class InstanceTaskDto {
  @ApiProperty({ description: '任务 id（作业 key）' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() elementId!: string;
  @ApiProperty({ enum: ['open', 'completing', 'completed', 'canceled'] }) state!: string;
  @ApiProperty({ type: StarterDto, nullable: true, description: '办理人' }) assignee!: StarterDto | null;
  @ApiProperty({ type: [String] }) candidateGroups!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueDate!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: StarterDto, nullable: true }) completedBy!: StarterDto | null;
}

export class InstanceDetailDto extends InstanceSummaryDto {
  @ApiProperty({ type: [ElementInstanceDto], description: '每个环节实例' }) elements!: ElementInstanceDto[];
  @ApiProperty({ type: [String] }) activeElementIds!: string[];
  @ApiProperty({ type: [String] }) completedElementIds!: string[];
  @ApiProperty({ type: Object, description: '根作用域的流程变量' }) variables!: Record<string, unknown>;
  @ApiProperty({ type: [IncidentDto], description: '未解决的故障' }) incidents!: IncidentDto[];
  @ApiProperty({ type: [InstanceTaskDto], description: '待办中的人工任务' }) tasks!: InstanceTaskDto[];
}
