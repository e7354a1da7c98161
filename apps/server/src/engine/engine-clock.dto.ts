import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

/** Largest single step: 10 years. */
export const MAX_ADVANCE_MS = 10 * 366 * 24 * 3600 * 1000;

export class ChangeEngineClockDto {
  @ApiPropertyOptional({ description: '把引擎时间向前拨动的毫秒数', example: 25 * 3600 * 1000, minimum: 0, maximum: MAX_ADVANCE_MS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_ADVANCE_MS)
  advanceMs?: number;

  @ApiPropertyOptional({ description: '把引擎时间设为该时刻（ISO 8601，之后照常走）', example: '2026-12-01T08:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  set?: string;

  @ApiPropertyOptional({ description: '恢复为系统时间', enum: [true] })
  @IsOptional()
  @Equals(true)
  reset?: true;
}

export class EngineClockDto {
  @ApiProperty({ description: '当前引擎时间', example: '2026-12-01T08:00:00.000Z', format: 'date-time' }) now!: string;
}
