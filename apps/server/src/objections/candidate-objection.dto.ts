import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const OBJECTION_TEXT_MAX_LENGTH = 2000;

export class LodgeObjectionDto {
  @ApiProperty({ description: '候选人公示（GET /api/notices 中 kind = candidates 的公告）的编号', format: 'uuid' })
  @IsUUID()
  noticeId!: string;

  @ApiPropertyOptional({ description: '所针对的候选人姓名（须在公示名单中）；对名单整体有异议时不填', example: '赵国庆' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  candidateName?: string;

  @ApiProperty({ description: '异议内容', example: '该候选人长期拖欠物业费，不宜担任业主委员会委员', maxLength: OBJECTION_TEXT_MAX_LENGTH })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(OBJECTION_TEXT_MAX_LENGTH)
  objectionText!: string;
}

export class CandidateObjectionDto {
  @ApiProperty() id!: string;
  @ApiProperty() noticeId!: string;
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty({ nullable: true, type: String }) candidateName!: string | null;
  @ApiProperty() objectionText!: string;
  @ApiProperty({ description: '异议人（提出异议的用户姓名）' }) objectorName!: string;
  @ApiProperty() lodgedAt!: string;
  @ApiProperty({ description: '所针对的公示期结束时间' }) publicityEnd!: string;
}
