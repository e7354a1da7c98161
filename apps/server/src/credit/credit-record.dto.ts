import { ApiProperty } from '@nestjs/swagger';

export class CreditRecordDto {
  @ApiProperty() id!: string;
  @ApiProperty() orgUnitId!: string;
  @ApiProperty({ enum: ['committee', 'member'] }) target!: string;
  @ApiProperty({ nullable: true, type: String }) memberName!: string | null;
  @ApiProperty({ enum: ['complaint', 'missed-report', 'seal-misuse', 'supervision'] }) findingType!: string;
  @ApiProperty() findingDescription!: string;
  @ApiProperty() investigationFindings!: string;
  @ApiProperty({ nullable: true, type: String }) committeeId!: string | null;
  @ApiProperty() processInstanceKey!: string;
  @ApiProperty() recordedAt!: string;
}
