import { ApiProperty } from '@nestjs/swagger';

export class NoticeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'noticeStage: deliberation / rejected / assembly-failed / result / candidates / annual-ratings' })
  kind!: string;
  @ApiProperty({ example: '候选人公示' }) kindName!: string;
  @ApiProperty() orgUnitId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ description: '公示期开始' }) publicityStart!: string;
  @ApiProperty({ description: '公示期结束' }) publicityEnd!: string;
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() bpmnProcessId!: string;
  @ApiProperty() publishedAt!: string;
}
