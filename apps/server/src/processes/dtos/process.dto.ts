import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, Matches, MaxLength } from 'class-validator';
import { ORG_UNIT_ID_MAX_LENGTH, ORG_UNIT_ID_PATTERN } from '@rp/domain';

export class FormDto {
  @ApiProperty({ example: 'report-start' }) formId!: string;
  @ApiProperty({ type: Number, nullable: true, description: '表单版本（内嵌表单为 null）' }) version!: number | null;
  @ApiProperty({ type: String, nullable: true }) formKey!: string | null;
  @ApiProperty({ type: Object, description: 'form-js 表单 JSON' }) schema!: Record<string, unknown>;
}

export class ProcessDto {
  @ApiProperty({ example: 'resident-report' }) bpmnProcessId!: string;
  @ApiProperty({ type: String, nullable: true, example: '三单一访（报事报修）' }) name!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() processDefinitionKey!: string;
  @ApiProperty({ type: [String], description: '可发起的角色（空：任何有单位的用户）' }) starterRoles!: string[];
  @ApiProperty({ type: FormDto, nullable: true, description: '开始表单' }) startForm!: FormDto | null;
}

export class ProcessIdParams {
  @ApiProperty({ example: 'resident-report' })
  @Matches(/^[A-Za-z_][\w.-]{0,254}$/)
  bpmnProcessId!: string;
}

export class StartInstanceDto {
  @ApiProperty({ type: Object, description: '开始表单的数据（按表单校验）', example: { category: 'repair', description: '楼道灯不亮' } })
  @IsObject()
  data!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: '发起单位；缺省时取表单中最深的 compoundId/gridId/communityId/streetId/districtId，再缺省取本人唯一的成员单位',
    example: 'wf-dongda-nanying-jinxiu',
  })
  @IsOptional()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  orgUnitId?: string;
}

export class StartedInstanceDto {
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() bpmnProcessId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() processDefinitionKey!: string;
  @ApiProperty({ type: Object, description: '流程实例的初始变量（含服务器添加的 startedBy、orgUnitId 及各级单位 id）' }) variables!: Record<
    string,
    unknown
  >;
}
