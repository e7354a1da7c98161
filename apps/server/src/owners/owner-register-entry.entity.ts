import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** 业主名册: one row per 专有部分 of a compound, its registered owner and area (hundredths of m²). */
@Entity({ name: 'owner_register' })
@Unique('uq_owner_register_compound_room', ['compoundId', 'roomNo'])
export class OwnerRegisterEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'compound_id', type: 'varchar', length: 64 })
  compoundId!: string;

  @Column({ name: 'room_no', type: 'varchar', length: 32 })
  roomNo!: string;

  @Column({ name: 'owner_name', type: 'varchar', length: 100 })
  ownerName!: string;

  /** 专有部分面积 in hundredths of m² (exact sums with BigInt). */
  @Column({ name: 'area_hundredths', type: 'integer' })
  areaHundredths!: number;
}
