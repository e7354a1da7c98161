import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RecordCommitteeReportDto {
  @ApiPropertyOptional({ description: '报告日期（YYYY-MM-DD，默认今天；不得早于任期开始、不得晚于今天）', example: '2026-03-31' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  reportedOn?: string;

  @ApiProperty({ description: '报告内容摘要', example: '第一季度工作报告：维修资金使用、停车管理' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  summary!: string;
}

export class CommitteeReportDto {
  @ApiProperty() id!: string;
  @ApiProperty() committeeId!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty({
    enum: ['report', 'overdue'],
    description: 'report：业主委员会的定期报告；overdue：逾期未报告（已发出 committee-report-overdue）',
  })
  kind!: string;
  @ApiProperty({ description: '报告日期，或逾期未报告的应报日期' }) reportedOn!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() recordedAt!: string;
}

export class CommitteeReportsDto {
  @ApiProperty({ description: '下次应报日期（上次报告或任期开始后一个季度）' }) nextDueOn!: string;
  @ApiProperty({ description: '是否已逾期' }) overdue!: boolean;
  @ApiProperty({ type: [CommitteeReportDto], description: '报告及逾期记录，最近在前' }) items!: CommitteeReportDto[];
}

export class OverdueFindingDto {
  @ApiProperty() committeeId!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty({ description: '逾期未报告的应报日期' }) dueOn!: string;
}

export class OverdueCheckDto {
  @ApiProperty({ description: '检查日期（北京时间）' }) checkedOn!: string;
  @ApiProperty({ type: [OverdueFindingDto], description: '本次新发现并已发出 committee-report-overdue 消息的逾期' })
  published!: OverdueFindingDto[];
}
