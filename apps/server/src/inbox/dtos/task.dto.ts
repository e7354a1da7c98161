import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ORG_UNIT_ID_MAX_LENGTH, ORG_UNIT_ID_PATTERN } from '@rp/domain';
import { FormDto } from '../../processes/dtos/process.dto';
import { AuditEntryDto, AuditUserDto } from '../../audit/dtos/audit.dto';
import { TASK_FILTERS, TASK_SORTS, type TaskFilter, type TaskSort } from '../inbox.repository';
import { TASK_STATES, type TaskEndReason, type TaskState } from '../task.entity';

export class TaskIdParams {
  @ApiProperty({ description: '任务 id（即用户任务作业的 key）', example: '2251799813685251' })
  @Matches(/^\d{1,19}$/)
  id!: string;
}

export class ListTasksQuery {
  @ApiPropertyOptional({
    enum: TASK_FILTERS,
    default: 'all',
    description:
      'all 全部待办；mine 我的；unassigned 未认领；candidate 我可认领；dueSoon 即将到期（24 小时内到期、尚未逾期）；overdue 已逾期；completed 已办',
  })
  @IsOptional()
  @IsIn(TASK_FILTERS)
  filter?: TaskFilter;

  @ApiPropertyOptional({ description: '流程 id（bpmnProcessId）', example: 'resident-report' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  processId?: string;

  @ApiPropertyOptional({ description: '只看此单元及其下级的任务', example: 'wf-dongda-nanying' })
  @IsOptional()
  @Matches(ORG_UNIT_ID_PATTERN)
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  orgUnit?: string;

  @ApiPropertyOptional({ format: 'date-time', description: '到期时间早于' })
  @IsOptional()
  @IsISO8601()
  dueBefore?: string;

  @ApiPropertyOptional({ description: '任务名或流程名中的文字' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: TASK_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort?: TaskSort;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class TaskUserDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true, example: '南营社区党委 李秀兰' }) displayName!: string | null;
}

export class TaskOrgUnitDto {
  @ApiProperty({ example: 'wf-dongda-nanying' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: '南营社区' }) name!: string | null;
}

export class TaskDto {
  @ApiProperty({ description: '任务 id（作业 key）' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() bpmnProcessId!: string;
  @ApiProperty({ type: String, nullable: true }) processName!: string | null;
  @ApiProperty() processVersion!: number;
  @ApiProperty() elementId!: string;
  @ApiProperty({ type: String, nullable: true }) formId!: string | null;
  @ApiProperty({ type: TaskUserDto, nullable: true, description: '办理人' }) assignee!: TaskUserDto | null;
  @ApiProperty({ type: [String], example: ['community-party:wf-dongda-nanying'] }) candidateGroups!: string[];
  @ApiProperty({ type: [String] }) candidateUsers!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueDate!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) followUpDate!: string | null;
  @ApiProperty({ type: TaskOrgUnitDto, nullable: true }) orgUnit!: TaskOrgUnitDto | null;
  @ApiProperty({ enum: TASK_STATES }) state!: TaskState;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'completed / completed-elsewhere / instance-canceled / element-terminated / error-thrown',
  })
  endReason!: TaskEndReason | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty({ type: TaskUserDto, nullable: true }) completedBy!: TaskUserDto | null;
  @ApiProperty({ description: '本人能否认领（待办、无人办理、本人是候选人或候选组成员）' }) canClaim!: boolean;
  @ApiProperty({ description: '本人能否退回认领（本人办理的，或本人是任务所在单位的管理员）' }) canUnclaim!: boolean;
}

export class TaskCountsDto {
  @ApiProperty() all!: number;
  @ApiProperty() mine!: number;
  @ApiProperty() unassigned!: number;
  @ApiProperty() candidate!: number;
  @ApiProperty({ description: '即将到期：24 小时内到期、尚未逾期的待办' }) dueSoon!: number;
  @ApiProperty({ description: '已逾期的待办' }) overdue!: number;
  @ApiProperty() completed!: number;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items!: TaskDto[];
  @ApiProperty({ type: TaskCountsDto, description: '各筛选的任务数（同样应用 processId/orgUnit/dueBefore/q）' }) counts!: TaskCountsDto;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class TaskDetailDto extends TaskDto {
  @ApiProperty({ type: FormDto, nullable: true }) form!: FormDto | null;
  @ApiProperty({ type: Object, description: '表单初始数据：流程变量，再叠加本人草稿' }) data!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '本人草稿保存时间' }) draftSavedAt!: string | null;
  @ApiProperty({ description: '本人能否办理（提交）' }) canComplete!: boolean;
}

export class TaskDataDto {
  @ApiProperty({ type: Object, description: '表单数据，键为表单字段的 key', example: { opinion: '同意' } })
  @IsObject()
  data!: Record<string, unknown>;
}

export class AssignTaskDto {
  @ApiProperty({ format: 'uuid', description: '新办理人；指派给他人需是任务所在单位的管理员' })
  @IsUUID()
  userId!: string;
}

export class DraftSavedDto {
  @ApiProperty({ format: 'date-time' }) savedAt!: string;
}

export class TaskHistoryUserDto extends AuditUserDto {
  @ApiProperty({ type: String, nullable: true, example: '南营社区党委 李秀兰' }) displayName!: string | null;
}

export class TaskHistoryEventDto extends OmitType(AuditEntryDto, ['user'] as const) {
  @ApiProperty({ type: TaskHistoryUserDto, description: '操作人，含姓名' }) user!: TaskHistoryUserDto;
  @ApiProperty({ type: TaskUserDto, nullable: true, description: '指派时的新办理人（其他操作为 null）' }) assignee!: TaskUserDto | null;
  @ApiProperty({ type: TaskUserDto, nullable: true, description: '指派或退回前的办理人（其他操作为 null）' })
  previousAssignee!: TaskUserDto | null;
}

export class TaskHistoryDto {
  @ApiProperty({ type: TaskDto }) task!: TaskDto;
  @ApiProperty({ type: [TaskHistoryEventDto], description: '认领、指派、草稿、办理记录，按时间先后' }) events!: TaskHistoryEventDto[];
}
