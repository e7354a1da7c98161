import { ApiProperty } from '@nestjs/swagger';

export class SealCustodyDto {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty({ description: '代管单位（社区党组织）' }) custodianUnitId!: string;
  @ApiProperty({ type: [String] }) seals!: string[];
  @ApiProperty() handoverDate!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String }) processInstanceKey!: string | null;
  @ApiProperty() recordedAt!: string;
}
