import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, MaxLength } from 'class-validator';

export class FormDefinitionsQuery {
  @ApiPropertyOptional({ example: 'report-start', description: '只列出该表单的各版本' })
  @IsOptional()
  @Matches(/^[A-Za-z_][\w.-]*$/)
  @MaxLength(255)
  formId?: string;
}

export class FormKeyParams {
  @ApiProperty({ example: '2251799813685251' })
  @Matches(/^\d{1,19}$/)
  formKey!: string;
}

export class FormDefinitionDto {
  @ApiProperty({ example: '2251799813685251' }) formKey!: string;
  @ApiProperty({ example: 'report-start' }) formId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ example: 'report-start.form' }) resourceName!: string;
  @ApiProperty({ format: 'date-time' }) deployedAt!: string;
}

export class FormDefinitionDetailDto extends FormDefinitionDto {
  @ApiProperty({ type: Object, description: 'form-js 表单 JSON（部署时的原样）' }) schema!: Record<string, unknown>;
}
