/**
 * The demo organisation of 安阳市 and one account per role. Below district level the
 * names are invented but plausible. The demo community is 南营社区 (wf-dongda-nanying)
 * under 东大街街道 (wf-dongda), 文峰区; its people hold their roles at the unit where the
 * role naturally sits (the street's party working committee at the street, the property
 * company at the compound, …), all on the one chain 文峰区 → 东大街街道 → 南营社区 → 锦绣花园.
 */
import type { OrgLevel, RoleId } from '@rp/domain';

export interface DemoUnit {
  readonly id: string;
  readonly name: string;
  readonly level: OrgLevel;
  readonly parentId: string | null;
}

export interface DemoUser {
  readonly username: string;
  readonly displayName: string;
  readonly memberships: readonly { readonly role: RoleId; readonly orgUnitId: string }[];
}

/** Parents before children. */
export const DEMO_UNITS: readonly DemoUnit[] = [
  { id: 'anyang', name: '安阳市', level: 'city', parentId: null },

  { id: 'wf', name: '文峰区', level: 'district', parentId: 'anyang' },
  { id: 'wf-dongda', name: '东大街街道', level: 'street', parentId: 'wf' },
  { id: 'wf-dongda-nanying', name: '南营社区', level: 'community', parentId: 'wf-dongda' },
  { id: 'wf-dongda-nanying-jinxiu', name: '锦绣花园小区', level: 'compound', parentId: 'wf-dongda-nanying' },
  { id: 'wf-dongda-nanying-yuhua', name: '裕华苑小区', level: 'compound', parentId: 'wf-dongda-nanying' },
  { id: 'wf-dongda-nanying-g1', name: '南营社区第一网格', level: 'grid', parentId: 'wf-dongda-nanying' },
  { id: 'wf-dongda-gulou', name: '鼓楼社区', level: 'community', parentId: 'wf-dongda' },
  { id: 'wf-dongda-gulou-wenfeng', name: '文峰苑小区', level: 'compound', parentId: 'wf-dongda-gulou' },
  { id: 'wf-ziwei', name: '紫薇大道街道', level: 'street', parentId: 'wf' },
  { id: 'wf-ziwei-guangming', name: '光明社区', level: 'community', parentId: 'wf-ziwei' },
  { id: 'wf-ziwei-guangming-lvdu', name: '绿都家园小区', level: 'compound', parentId: 'wf-ziwei-guangming' },

  { id: 'bg', name: '北关区', level: 'district', parentId: 'anyang' },
  { id: 'bg-hongqi', name: '红旗路街道', level: 'street', parentId: 'bg' },
  { id: 'bg-hongqi-zhangbei', name: '彰北社区', level: 'community', parentId: 'bg-hongqi' },
  { id: 'bg-hongqi-zhangbei-heping', name: '和平里小区', level: 'compound', parentId: 'bg-hongqi-zhangbei' },

  { id: 'yd', name: '殷都区', level: 'district', parentId: 'anyang' },
  { id: 'yd-liyuan', name: '梨园街道', level: 'street', parentId: 'yd' },
  { id: 'yd-liyuan-tiexi', name: '铁西社区', level: 'community', parentId: 'yd-liyuan' },
  { id: 'yd-liyuan-tiexi-yinxu', name: '殷墟花园小区', level: 'compound', parentId: 'yd-liyuan-tiexi' },

  { id: 'la', name: '龙安区', level: 'district', parentId: 'anyang' },
  { id: 'la-wenming', name: '文明大道街道', level: 'street', parentId: 'la' },
  { id: 'la-wenming-huanghe', name: '黄河社区', level: 'community', parentId: 'la-wenming' },
  { id: 'la-wenming-huanghe-xincheng', name: '龙安新城小区', level: 'compound', parentId: 'la-wenming-huanghe' },
];

const COMMUNITY = 'wf-dongda-nanying';
const COMPOUND = 'wf-dongda-nanying-jinxiu';

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'street', displayName: '东大街街道党工委 王建国', memberships: [{ role: 'street-party', orgUnitId: 'wf-dongda' }] },
  { username: 'community', displayName: '南营社区党委 李秀兰', memberships: [{ role: 'community-party', orgUnitId: COMMUNITY }] },
  { username: 'branch', displayName: '锦绣花园党支部 张志强', memberships: [{ role: 'compound-branch', orgUnitId: COMPOUND }] },
  { username: 'committee', displayName: '锦绣花园业委会 刘芳', memberships: [{ role: 'owners-committee', orgUnitId: COMPOUND }] },
  { username: 'property', displayName: '安泰物业 陈经理', memberships: [{ role: 'property-company', orgUnitId: COMPOUND }] },
  { username: 'industry', displayName: '文峰区物业行业党委 赵明', memberships: [{ role: 'industry-party', orgUnitId: 'wf' }] },
  { username: 'department', displayName: '文峰区住建局 孙伟', memberships: [{ role: 'department', orgUnitId: 'wf' }] },
  // The grid worker answers for the community and, as 锦绣花园's 网格员, dispatches its reports (P5 派单).
  {
    username: 'grid',
    displayName: '南营社区网格员 周丽',
    memberships: [
      { role: 'grid-worker', orgUnitId: COMMUNITY },
      { role: 'grid-worker', orgUnitId: COMPOUND },
    ],
  },
  { username: 'resident', displayName: '锦绣花园业主 吴桂英', memberships: [{ role: 'resident', orgUnitId: COMPOUND }] },
  { username: 'admin', displayName: '南营社区管理员', memberships: [{ role: 'admin', orgUnitId: COMMUNITY }] },
  { username: 'analyst', displayName: '南营社区数据分析员', memberships: [{ role: 'analyst', orgUnitId: COMMUNITY }] },
  { username: 'city-admin', displayName: '安阳市系统管理员', memberships: [{ role: 'admin', orgUnitId: 'anyang' }] },
  { username: 'city-analyst', displayName: '安阳市数据分析员', memberships: [{ role: 'analyst', orgUnitId: 'anyang' }] },
];
