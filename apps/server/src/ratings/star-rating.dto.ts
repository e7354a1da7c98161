import { ApiProperty } from '@nestjs/swagger';

export class StarRatingDto {
  @ApiProperty() id!: string;
  @ApiProperty() reviewYear!: number;
  @ApiProperty({ description: '示范项目所在单元（物业服务企业所在小区）' }) orgUnitId!: string;
  @ApiProperty() secretaryId!: string;
  @ApiProperty() secretaryName!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty() averageScore!: number;
  @ApiProperty({ enum: ['优秀', '良好', '一般', '较差'] }) rating!: string;
  @ApiProperty({ nullable: true, type: Number }) previousStars!: number | null;
  @ApiProperty({ minimum: 1, maximum: 5 }) stars!: number;
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() recordedAt!: string;
}
