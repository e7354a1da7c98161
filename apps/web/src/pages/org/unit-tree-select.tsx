/** Picks a unit the admin manages, from the organisation tree (others are shown but disabled). */
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { OrgUnit } from '../../api/types';
import { buildOrgTree, type OrgTreeNode } from '../../org/org-tree';

interface TreeSelectNode {
  readonly value: string;
  readonly title: string;
  readonly disabled: boolean;
  readonly children: TreeSelectNode[];
}

const toTreeSelect = (node: OrgTreeNode): TreeSelectNode => ({
  value: node.unit.id,
  title: `${node.unit.name}（${node.unit.levelName}）`,
  disabled: !node.unit.manageable,
  children: node.children.map(toTreeSelect),
});

export function UnitTreeSelect({
  units,
  value,
  onChange,
  id,
}: {
  readonly units: readonly OrgUnit[];
  readonly value?: string;
  readonly onChange?: (value: string) => void;
  readonly id?: string;
}) {
  const treeData = useMemo(() => buildOrgTree(units).map(toTreeSelect), [units]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      treeData={treeData}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      placeholder="选择组织单元"
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
    />
  );
}
