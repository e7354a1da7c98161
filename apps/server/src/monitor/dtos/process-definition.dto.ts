/** Shapes of /api/process-definitions: the deployed process versions and their XML. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, MaxLength } from 'class-validator';

/** BPMN ids (NCName-like): letters, digits, `_`, `-`, `.`; not starting with a digit, `-` or `.`. */
const BPMN_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Engine keys are positive 64-bit integers, written in decimal. */
export const ENGINE_KEY_PATTERN = /^[1-9]\d{0,18}$/;

export class ProcessDefinitionsQuery {
  @ApiPropertyOptional({ description: '只列此流程的各版本', example: 'resident-report' })
  @IsOptional()
  @Matches(BPMN_ID_PATTERN)
  @MaxLength(255)
  bpmnProcessId?: string;
}

export class ProcessDefinitionKeyParams {
  @ApiProperty({ description: '流程定义 key（十进制整数）', example: '2251799813685249' })
  @Matches(ENGINE_KEY_PATTERN)
  processDefinitionKey!: string;
}

export class ProcessDefinitionDto {
  @ApiProperty({ example: '2251799813685249' }) processDefinitionKey!: string;
  @ApiProperty({ example: 'resident-report' }) bpmnProcessId!: string;
  @ApiProperty({ type: String, nullable: true, example: '三单一访（报事报修）' }) name!: string | null;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: 'resident-report.bpmn' }) resourceName!: string;
  @ApiProperty({ format: 'date-time' }) deployedAt!: string;
}

export class ProcessDefinitionDetailDto extends ProcessDefinitionDto {
  @ApiProperty({ description: '部署时的 BPMN XML' }) bpmnXml!: string;
}
