import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsString, MaxLength, ValidateBy, ValidateNested } from 'class-validator';

/** One resource file as large as the request body may be (the body limit is 1 MB too). */
export const MAX_RESOURCE_CHARS = 1024 * 1024;

/** `报事流程.bpmn`, `review-form.form`: letters, digits, `_ . -` and spaces, ending in .bpmn, .form or .dmn; no folders. */
export const RESOURCE_NAME_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{N}_. -]{0,250}\.(bpmn|form|dmn)$/u;

/** Its own constraint name, so the validation pipe answers with this message rather than the generic 格式不正确. */
function IsResourceName(): PropertyDecorator {
  return ValidateBy({
    name: 'isResourceName',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && RESOURCE_NAME_PATTERN.test(value),
      defaultMessage: () => '文件名须以 .bpmn、.form 或 .dmn 结尾，不超过 255 个字符，只含文字、数字、空格和 _ . -（不能含目录）',
    },
  });
}

export class DeploymentResourceDto {
  @ApiProperty({ example: 'resident-report.bpmn', description: '文件名，扩展名 .bpmn、.form 或 .dmn 决定资源类型' })
  @IsString()
  @IsResourceName()
  name!: string;

  @ApiProperty({ description: 'BPMN/DMN 的 XML 或 form-js 的 JSON（UTF-8 文本，不超过 1 MB）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_RESOURCE_CHARS)
  content!: string;
}

export class CreateDeploymentDto {
  @ApiProperty({ type: [DeploymentResourceDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => DeploymentResourceDto)
  resources!: DeploymentResourceDto[];
}

export class DeployedDefinitionDto {
  @ApiProperty({ enum: ['process', 'form', 'decision'] }) kind!: 'process' | 'form' | 'decision';

  @ApiProperty({ example: 'resident-report', description: 'bpmnProcessId、formId 或 DMN 决策 id' }) id!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'processDefinitionKey、formKey 或 decisionKey' }) key!: string;
}

export class DeploymentDto {
  @ApiProperty({ type: [DeployedDefinitionDto] }) deployed!: DeployedDefinitionDto[];
}
