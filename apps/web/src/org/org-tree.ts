/** The flat unit list of `GET /api/org-units` as a tree (roots are units whose parent is not listed). */
import type { OrgUnit } from '../api/types';

export interface OrgTreeNode {
  readonly unit: OrgUnit;
  readonly children: OrgTreeNode[];
}

/** Siblings in pinyin order, as Chinese lists of places are usually read. */
const byName = new Intl.Collator('zh-CN');

export function buildOrgTree(units: readonly OrgUnit[]): OrgTreeNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as OrgTreeNode[] }]));
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: OrgTreeNode[]): void => {
    list.sort((a, b) => byName.compare(a.unit.name, b.unit.name));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
