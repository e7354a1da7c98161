import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ORG_UNIT_ID_MAX_LENGTH, ORG_UNIT_ID_PATTERN } from '@rp/domain';

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

export class SlateQueryDto {
  @ApiPropertyOptional({ description: '只看该组织单元（及其下级）的公示；缺省为本人所属的全部单元', example: 'wf-dongda-nanying-jinxiu' })
  @IsOptional()
  @IsString()
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  @Matches(ORG_UNIT_ID_PATTERN)
  orgUnit?: string;
}

export class PublicisedCandidateDto {
  @ApiProperty({ example: '刘芳' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: '1-102' }) roomNo!: string | null;
  @ApiProperty({ description: '公示的其他情况（如“中共党员”），无则为空串', example: '中共党员' }) note!: string;
}

export class CandidateSlateDto {
  @ApiProperty({ description: '候选人公示（公告）的编号，提出异议时作为 noticeId', format: 'uuid' }) noticeId!: string;
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty({ example: 'wf-dongda-nanying-jinxiu' }) compoundId!: string;
  @ApiProperty({ example: '锦绣花园小区' }) compoundName!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '公告全文' }) body!: string;
  @ApiProperty({ type: [PublicisedCandidateDto] }) candidates!: PublicisedCandidateDto[];
  @ApiProperty() publicityStart!: string;
  @ApiProperty({ description: '公示期结束（引擎时间）' }) publicityEnd!: string;
  @ApiProperty({ description: '已有人提出异议：公示中止，待社区党组织核查（不能再提出）' }) objectionLodged!: boolean;
}
