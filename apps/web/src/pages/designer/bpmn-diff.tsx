/**
 * Two versions of a process side by side (bpmn-js viewers), coloured by bpmn-js-differ:
 * green added (right), red removed (left), orange changed and blue moved (both), with the
 * changes listed below; clicking a row centres both diagrams on that element.
 */
import { Alert, Button, Empty, Spin, Table, Tag, Typography } from 'antd';
import { diff } from 'bpmn-js-differ';
import NavigatedViewer from 'camunda-bpmn-js/lib/camunda-cloud/NavigatedViewer';
import { useEffect, useRef, useState } from 'react';
import { CHANGE_LABELS, summarizeDiff, typeLabel, type ChangeKind, type DiffRow } from './diff-summary';

const MARKERS: Record<ChangeKind, string> = {
  added: 'rp-diff-added',
  removed: 'rp-diff-removed',
  changed: 'rp-diff-changed',
  layout: 'rp-diff-layout',
};
const TAG_COLORS: Record<ChangeKind, string> = { added: 'green', removed: 'red', changed: 'orange', layout: 'blue' };

interface Viewer {
  importXML(xml: string): Promise<unknown>;
  getDefinitions(): unknown;
  get(name: string): unknown;
  on(event: string, callback: () => void): void;
  destroy(): void;
}
interface Canvas {
  addMarker(element: unknown, marker: string): void;
  scrollToElement(element: unknown): void;
  zoom(level: string): void;
  viewbox(box?: object): { x: number; y: number; width: number; height: number; scale: number };
}
interface Registry {
  get(id: string): unknown;
}

export function BpmnDiff({
  oldXml,
  newXml,
  oldLabel,
  newLabel,
}: {
  readonly oldXml: string;
  readonly newXml: string;
  readonly oldLabel: string;
  readonly newLabel: string;
}) {
  const leftRef = useRef<HTMLDivElement>(null);
  const rightRef = useRef<HTMLDivElement>(null);
  const viewers = useRef<{ left: Viewer; right: Viewer } | undefined>(undefined);
  const [rows, setRows] = useState<DiffRow[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (!leftRef.current || !rightRef.current) return undefined;
    let live = true;
    const left = new NavigatedViewer({ container: leftRef.current }) as unknown as Viewer;
    const right = new NavigatedViewer({ container: rightRef.current }) as unknown as Viewer;
    viewers.current = { left, right };
    Promise.all([left.importXML(oldXml), right.importXML(newXml)]).then(
      () => {
        if (!live) return;
        const changes = diff(left.getDefinitions(), right.getDefinitions());
        const summary = summarizeDiff(changes);
        for (const change of summary) {
          const targets = change.change === 'added' ? [right] : change.change === 'removed' ? [left] : [left, right];
          for (const viewer of targets) {
            const element = (viewer.get('elementRegistry') as Registry).get(change.elementId);
            if (element) (viewer.get('canvas') as Canvas).addMarker(element, MARKERS[change.change]);
          }
        }
        for (const viewer of [left, right]) (viewer.get('canvas') as Canvas).zoom('fit-viewport');
        syncViewboxes(left, right);
        setRows(summary);
      },
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
      left.destroy();
      right.destroy();
    };
  }, [oldXml, newXml]);

  const focus = (elementId: string) => {
    for (const viewer of [viewers.current?.left, viewers.current?.right]) {
      const element = viewer && (viewer.get('elementRegistry') as Registry).get(elementId);
      if (viewer && element) (viewer.get('canvas') as Canvas).scrollToElement(element);
    }
  };

  return (
    <div className="rp-diff" data-testid="bpmn-diff">
      {error && <Alert type="error" showIcon message={`无法对比：${error}`} />}
      <div className="rp-diff-viewers">
        <figure className="rp-diff-viewer">
          <figcaption>{oldLabel}</figcaption>
          <div ref={leftRef} className="rp-diff-canvas" aria-label={`${oldLabel} 流程图`} role="img" />
        </figure>
        <figure className="rp-diff-viewer">
          <figcaption>{newLabel}</figcaption>
          <div ref={rightRef} className="rp-diff-canvas" aria-label={`${newLabel} 流程图`} role="img" />
        </figure>
      </div>
      <div className="rp-diff-legend" aria-hidden>
        {(Object.keys(CHANGE_LABELS) as ChangeKind[]).map((kind) => (
          <Tag key={kind} color={TAG_COLORS[kind]}>
            {CHANGE_LABELS[kind]}
          </Tag>
        ))}
      </div>
      {!rows && !error && <Spin tip="正在对比…" />}
      {rows && (
        <Table<DiffRow>
          data-testid="diff-table"
          size="small"
          rowKey={(row) => `${row.change}:${row.elementId}`}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: <Empty description="两个版本的流程图没有差别" /> }}
          columns={[
            {
              title: '变化',
              dataIndex: 'change',
              width: 90,
              render: (change: ChangeKind) => <Tag color={TAG_COLORS[change]}>{CHANGE_LABELS[change]}</Tag>,
            },
            {
              title: '元素',
              key: 'element',
              render: (_, row) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() => focus(row.elementId)}
                  aria-label={`在图中定位 ${row.name ?? row.elementId}`}
                >
                  {row.name ? `${row.name}（${row.elementId}）` : row.elementId}
                </Button>
              ),
            },
            { title: '类型', dataIndex: 'type', width: 120, render: (type: string) => typeLabel(type) },
            {
              title: '修改内容',
              key: 'attributes',
              render: (_, row) =>
                row.attributes.length === 0 ? (
                  <Typography.Text type="secondary">—</Typography.Text>
                ) : (
                  <ul className="rp-diff-attributes">
                    {row.attributes.map((a) => (
                      <li key={a.name}>
                        {a.name}：<del>{a.oldValue}</del> → <ins>{a.newValue}</ins>
                      </li>
                    ))}
                  </ul>
                ),
            },
          ]}
        />
      )}
    </div>
  );
}

/** Panning or zooming one diagram moves the other the same way, so the same place stays in view. */
function syncViewboxes(left: Viewer, right: Viewer): void {
  // diagram-js reports viewbox changes after a delay: equal boxes end the echo between the two.
  const follow = (from: Viewer, to: Viewer) => () => {
    const box = (from.get('canvas') as Canvas).viewbox();
    const other = (to.get('canvas') as Canvas).viewbox();
    const same = (['x', 'y', 'width', 'height'] as const).every((k) => Math.abs(box[k] - other[k]) < 0.5);
    if (!same) (to.get('canvas') as Canvas).viewbox({ x: box.x, y: box.y, width: box.width, height: box.height });
  };
  left.on('canvas.viewbox.changed', follow(left, right));
  right.on('canvas.viewbox.changed', follow(right, left));
}
