import { ApiProperty } from '@nestjs/swagger';

export class CommitteeDto {
  @ApiProperty() id!: string;
  @ApiProperty() compoundId!: string;
  @ApiProperty({ description: '委员名额' }) seats!: number;
  @ApiProperty({ description: '现任委员人数' }) servingMembers!: number;
  @ApiProperty() termStart!: string;
  @ApiProperty() termEnd!: string;
  @ApiProperty({ enum: ['active', 'dissolved', 'superseded'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) partyShareReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) processInstanceKey!: string | null;
  @ApiProperty() registeredAt!: string;
  @ApiProperty({ nullable: true, type: String }) endedAt!: string | null;
}

export class CommitteeMemberDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() roomNo!: string;
  @ApiProperty() votes!: number;
  @ApiProperty({ nullable: true, type: Boolean }) isPartyMember!: boolean | null;
  @ApiProperty({ enum: ['serving', 'removed', 'ended'] }) status!: string;
  @ApiProperty() joinedOn!: string;
  @ApiProperty({ nullable: true, type: String }) leftOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) leftReason!: string | null;
}

export class CommitteeEventDto {
  @ApiProperty({ enum: ['registered', 'by-elected', 'member-removed', 'dissolved', 'rectification-notice'] }) kind!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ nullable: true, type: String }) processInstanceKey!: string | null;
  @ApiProperty() occurredAt!: string;
}

export class CommitteeDetailDto extends CommitteeDto {
  @ApiProperty({ type: [CommitteeMemberDto], description: '全部委员（含已退出），按当选先后' }) members!: CommitteeMemberDto[];
  @ApiProperty({ type: [CommitteeEventDto], description: '名册变更历史' }) history!: CommitteeEventDto[];
}
