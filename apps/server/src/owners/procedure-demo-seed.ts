/**
 * Demo data of the procedure records, run by the demo seed: an owner register for every demo
 * compound (48 units each, areas in hundredths of m²), the seals of each compound in the
 * community party organisation's custody (4.4.3.3), and a registered committee for 锦绣花园.
 * Idempotent: existing rows (and an administrator's later edits) are left as they are.
 */
import { DataSource, type EntityManager } from 'typeorm';
import { stableHash, type OwnerRegisterEntry } from '@rp/domain';
import { DEMO_UNITS } from '../seed/demo-data';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = [
  '建华',
  '秀英',
  '志强',
  '桂兰',
  '海燕',
  '国庆',
  '丽娟',
  '振华',
  '淑珍',
  '明',
  '伟',
  '芳',
  '军',
  '静',
  '磊',
  '红梅',
  '建国',
  '玉兰',
  '立新',
  '春生',
];

/** The first rooms of 锦绣花园 belong to the demo accounts' people and the demo committee. */
const JINXIU = 'wf-dongda-nanying-jinxiu';
const JINXIU_OWNERS: readonly OwnerRegisterEntry[] = [
  { roomNo: '1-101', ownerName: '吴桂英', areaHundredths: 9_856 },
  { roomNo: '1-102', ownerName: '刘芳', areaHundredths: 11_230 },
  { roomNo: '1-201', ownerName: '张志强', areaHundredths: 9_856 },
  { roomNo: '1-202', ownerName: '李建华', areaHundredths: 11_230 },
  { roomNo: '1-301', ownerName: '王秀英', areaHundredths: 9_856 },
  { roomNo: '1-302', ownerName: '赵国庆', areaHundredths: 11_230 },
];
const JINXIU_COMMITTEE = [
  { roomNo: '1-102', name: '刘芳', votes: 31, isPartyMember: true },
  { roomNo: '1-202', name: '李建华', votes: 29, isPartyMember: true },
  { roomNo: '1-301', name: '王秀英', votes: 28, isPartyMember: true },
  { roomNo: '1-302', name: '赵国庆', votes: 26, isPartyMember: false },
  { roomNo: '1-201', name: '张志强', votes: 25, isPartyMember: true },
];

export function demoRegister(compoundId: string): OwnerRegisterEntry[] {
  const fixed = compoundId === JINXIU ? JINXIU_OWNERS : [];
  const rooms: OwnerRegisterEntry[] = [...fixed];
  for (let building = 1; building <= 4; building += 1)
    for (let floor = 1; floor <= 6; floor += 1)
      for (let door = 1; door <= 2; door += 1) {
        const roomNo = `${building}-${floor}0${door}`;
        if (fixed.some((f) => f.roomNo === roomNo)) continue;
        const h = stableHash(`${compoundId}/${roomNo}`);
        rooms.push({
          roomNo,
          ownerName: `${SURNAMES[h % SURNAMES.length] ?? '王'}${GIVEN[(h >>> 8) % GIVEN.length] ?? '明'}`,
          areaHundredths: 8_500 + ((h >>> 16) % 6_000),
        });
      }
  return rooms;
}

export class ProcedureDemoSeed {
  constructor(private readonly dataSource: DataSource) {}

  async seed(): Promise<void> {
    const compounds = DEMO_UNITS.filter((u) => u.level === 'compound');
    await this.dataSource.transaction(async (manager) => {
      for (const compound of compounds) {
        const path = await this.pathOf(manager, compound.id);
        if (!path || !compound.parentId) continue;
        for (const e of demoRegister(compound.id))
          await manager.query(
            `INSERT INTO owner_register (id, compound_id, room_no, owner_name, area_hundredths) VALUES (gen_random_uuid(), $1, $2, $3, $4) ON CONFLICT ON CONSTRAINT uq_owner_register_compound_room DO NOTHING`,
            [compound.id, e.roomNo, e.ownerName, e.areaHundredths],
          );
        await manager.query(
          `INSERT INTO seal_custody (id, job_key, compound_id, org_path, custodian_unit_id, seals, handover_date, note)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::jsonb, '2024-01-01', '演示数据：业主大会印章、业主委员会印章由社区党组织代管') ON CONFLICT (job_key) DO NOTHING`,
          [`seed:seals:${compound.id}`, compound.id, path, compound.parentId, JSON.stringify(['业主大会印章', '业主委员会印章'])],
        );
      }
      await this.seedCommittee(manager);
    });
  }

  private async seedCommittee(manager: EntityManager): Promise<void> {
    const path = await this.pathOf(manager, JINXIU);
    if (!path) return;
    const claimed: { id: string }[] = await manager.query(
      `INSERT INTO committee_events (id, job_key, compound_id, org_path, kind, summary, result) VALUES (gen_random_uuid(), $1, $2, $3, 'registered', '', '{}'::jsonb)
       ON CONFLICT (job_key) DO NOTHING RETURNING id`,
      [`seed:committee:${JINXIU}`, JINXIU, path],
    );
    const claim = claimed[0];
    if (!claim) return;
    const [committee] = await manager.query<{ id: string }[]>(
      `INSERT INTO committees (id, compound_id, org_path, seats, term_start, term_end, status) VALUES (gen_random_uuid(), $1, $2, 5, '2024-03-01', '2029-02-28', 'active') RETURNING id`,
      [JINXIU, path],
    );
    if (!committee) return;
    for (const m of JINXIU_COMMITTEE)
      await manager.query(
        `INSERT INTO committee_members (id, committee_id, name, room_no, votes, is_party_member, status, joined_on) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, 'serving', '2024-03-01')`,
        [committee.id, m.name, m.roomNo, m.votes, m.isPartyMember],
      );
    await manager.query(`UPDATE committee_events SET committee_id = $2, summary = $3, result = $4::jsonb WHERE id = $1`, [
      claim.id,
      committee.id,
      `业主委员会备案（演示数据）：委员5人（${JINXIU_COMMITTEE.map((m) => m.name).join('、')}），任期2024-03-01至2029-02-28`,
      JSON.stringify({ committeeId: committee.id }),
    ]);
  }

  private async pathOf(manager: EntityManager, id: string): Promise<string | undefined> {
    const rows: { path: string }[] = await manager.query('SELECT path FROM org_units WHERE id = $1', [id]);
    return rows[0]?.path;
  }
}
