/** Query, path and body shapes of /api/analytics, validated with class-validator (Chinese messages via the global pipe). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { ORG_UNIT_ID_MAX_LENGTH, ORG_UNIT_ID_PATTERN } from '@rp/domain';

/** BPMN ids (NCName-like): letters, digits, `_`, `-`, `.`; not starting with a digit, `-` or `.`. */
export const BPMN_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof FORMATS)[number];
export const BUCKETS = ['week', 'month'] as const;
export type TrendBucket = (typeof BUCKETS)[number];
export const LEVELS = ['district', 'street', 'community'] as const;
/** Longest target accepted: ten years. */
export const MAX_TARGET_MS = 10 * 366 * 24 * 3600 * 1000;

export class ProcessParams {
  @ApiProperty({ description: '流程 id（bpmnProcessId）', example: 'resident-report' })
  @Matches(BPMN_ID_PATTERN)
  @MaxLength(255)
  bpmnProcessId!: string;
}

export class TargetParams extends ProcessParams {
  @ApiProperty({ description: '环节 id（BPMN 元素 id）；等于流程 id 时表示整个流程', example: 'accept' })
  @Matches(BPMN_ID_PATTERN)
  @MaxLength(255)
  elementId!: string;
}

export class AnalyticsQuery {
  @ApiPropertyOptional({ format: 'date-time', description: '开始时间（含），按实例或环节的开始时间筛选' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: '结束时间（不含）' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: '只统计此单元及其下级', example: 'wf-dongda-nanying' })
  @IsOptional()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  orgUnit?: string;

  @ApiPropertyOptional({ description: '流程版本（正整数）', example: '2' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,8}$/)
  version?: string;

  @ApiPropertyOptional({ enum: FORMATS, description: 'csv：导出 CSV（UTF-8 带 BOM）；也可用 Accept: text/csv' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: ExportFormat;
}

export class TrendQuery extends AnalyticsQuery {
  @ApiPropertyOptional({ enum: BUCKETS, default: 'month', description: '按周（周一起）或按月，北京时间' })
  @IsOptional()
  @IsIn(BUCKETS)
  bucket?: TrendBucket;
}

export class ByOrgUnitQuery extends AnalyticsQuery {
  @ApiPropertyOptional({ enum: LEVELS, default: 'district', description: '按区、街道或社区汇总' })
  @IsOptional()
  @IsIn(LEVELS)
  level?: (typeof LEVELS)[number];
}

export class BreachesQuery extends AnalyticsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: '最多列出的超时条目（按超时长短排序）；汇总总是全量' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class HistogramQuery extends AnalyticsQuery {
  @ApiPropertyOptional({ description: '环节 id；不填表示整个流程实例', example: 'accept' })
  @IsOptional()
  @Matches(BPMN_ID_PATTERN)
  @MaxLength(255)
  elementId?: string;
}

export class SlowestQuery extends HistogramQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 10, description: '最多列出的条数（耗时最长的在前）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class SetTargetBody {
  @ApiProperty({ description: '目标时长（毫秒）', example: 86400000, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_MS)
  targetMs!: number;
}
