import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ORG_LEVELS, ORG_UNIT_ID_MAX_LENGTH, ORG_UNIT_ID_PATTERN, type OrgLevel } from '@rp/domain';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** An organisation unit as the API shows it. */
export class OrgUnitDto {
  @ApiProperty({ example: 'wf-dongda' }) id!: string;
  @ApiProperty({ example: '东大街街道' }) name!: string;
  @ApiProperty({ enum: ORG_LEVELS, example: 'street' }) level!: OrgLevel;
  @ApiProperty({ example: '街道' }) levelName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'wf' }) parentId!: string | null;
  @ApiProperty({ type: [String], description: '从根到本单元的 id', example: ['anyang', 'wf', 'wf-dongda'] }) path!: string[];
  @ApiProperty({ description: '当前用户能否管理此单元' }) manageable!: boolean;
}

export class OrgUnitDetailDto extends OrgUnitDto {
  @ApiProperty({ type: [OrgUnitDto], description: '上级单元（从根开始，仅可见的）' }) ancestors!: OrgUnitDto[];
  @ApiProperty({ type: [OrgUnitDto], description: '直属下级单元（仅可见的）' }) children!: OrgUnitDto[];
}

export class OrgUnitIdParams {
  @ApiProperty({ example: 'wf-dongda' })
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  id!: string;
}

export class ListOrgUnitsQuery {
  @ApiPropertyOptional({ description: '只列出此单元及其下级', example: 'wf' })
  @IsOptional()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  under?: string;

  @ApiPropertyOptional({ enum: ORG_LEVELS })
  @IsOptional()
  @IsIn(ORG_LEVELS)
  level?: OrgLevel;
}

export class CreateOrgUnitDto {
  @ApiProperty({ description: '可读 id：小写字母、数字，用连字符分隔', example: 'wf-dongda-nanying' })
  @IsString()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  id!: string;

  @ApiProperty({ example: '南营社区' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ORG_LEVELS, example: 'community' })
  @IsIn(ORG_LEVELS)
  level!: OrgLevel;

  @ApiProperty({ example: 'wf-dongda' })
  @IsString()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  parentId!: string;
}

export class UpdateOrgUnitDto {
  @ApiPropertyOptional({ example: '南营社区' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ description: '移到另一上级单元之下（整棵子树随之移动）', example: 'wf-ziwei' })
  @IsOptional()
  @IsString()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  parentId?: string;
}
