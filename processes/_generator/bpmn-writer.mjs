/**
 * A small writer for the procedure diagrams: each procedure is described once as lanes,
 * nodes on a (column, lane) grid and flows; this module turns that into Zeebe-dialect
 * BPMN 2.0 XML with complete DI (every shape bounded, every edge with waypoints).
 * The generated processes/*.bpmn files are the source of truth once written; an
 * administrator may keep editing them in Camunda Modeler.
 */

const TASK = { w: 100, h: 80 };
const EVENT = { w: 36, h: 36 };
const GATEWAY = { w: 50, h: 50 };

const POOL_X = 120;
const POOL_Y = 60;
const LANE_HEADER = 30;
const FIRST_COL = 260;
const COL_W = 150;

export function esc(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ---------------------------------------------------------------------------- extension helpers

function ioMapping(inputs = [], outputs = []) {
  if (inputs.length === 0 && outputs.length === 0) return '';
  const lines = [
    ...inputs.map(([target, source]) => `<zeebe:input source="${esc(source)}" target="${esc(target)}" />`),
    ...outputs.map(([target, source]) => `<zeebe:output source="${esc(source)}" target="${esc(target)}" />`),
  ];
  return `<zeebe:ioMapping>${lines.join('')}</zeebe:ioMapping>`;
}

/** A job-worker user task (no zeebe:userTask): form, candidate groups, optional due date, io mapping. */
export function userTaskExt({ form, groups, assignee, due, inputs, outputs }) {
  const assignment = [assignee ? `assignee="${esc(assignee)}"` : '', groups ? `candidateGroups="${esc(groups)}"` : '']
    .filter(Boolean)
    .join(' ');
  return [
    `<zeebe:formDefinition formId="${esc(form)}" />`,
    assignment ? `<zeebe:assignmentDefinition ${assignment} />` : '',
    due ? `<zeebe:taskSchedule dueDate="${esc(due)}" />` : '',
    ioMapping(inputs, outputs),
  ].join('');
}

export function serviceTaskExt({ type, retries = 3, inputs, outputs, headers }) {
  return [
    `<zeebe:taskDefinition type="${esc(type)}" retries="${retries}" />`,
    headers
      ? `<zeebe:taskHeaders>${Object.entries(headers)
          .map(([k, v]) => `<zeebe:header key="${esc(k)}" value="${esc(v)}" />`)
          .join('')}</zeebe:taskHeaders>`
      : '',
    ioMapping(inputs, outputs),
  ].join('');
}

export function decisionExt({ decisionId, resultVariable, inputs, outputs }) {
  return `<zeebe:calledDecision decisionId="${esc(decisionId)}" resultVariable="${esc(resultVariable)}" />` + ioMapping(inputs, outputs);
}

export function callExt({ processId, inputs, outputs }) {
  return `<zeebe:calledElement processId="${esc(processId)}" propagateAllChildVariables="false" />` + ioMapping(inputs, outputs);
}

export function formStartExt({ form, outputs }) {
  return `<zeebe:formDefinition formId="${esc(form)}" />` + ioMapping([], outputs);
}

export function ioExt({ inputs, outputs }) {
  return ioMapping(inputs, outputs);
}

// ---------------------------------------------------------------------------- layout

function sizeOf(kind) {
  if (/Event$/.test(kind)) return EVENT;
  if (/Gateway$/.test(kind)) return GATEWAY;
  return TASK;
}

function layout(def) {
  const laneHeight = def.laneHeight ?? 150;
  const lanes = [];
  let y = POOL_Y;
  for (const lane of def.lanes) {
    const h = lane.height ?? laneHeight;
    lanes.push({ ...lane, y, h });
    y += h;
  }
  const laneById = new Map(lanes.map((l) => [l.id, l]));
  const shapes = new Map();
  for (const node of def.nodes) {
    if (node.kind === 'boundaryEvent') continue;
    const lane = laneById.get(node.lane);
    if (!lane) throw new Error(`${def.id}: node ${node.id} has unknown lane ${node.lane}`);
    const size = sizeOf(node.kind);
    const cx = FIRST_COL + node.col * COL_W;
    const cy = lane.y + lane.h / 2 + (node.dy ?? 0);
    shapes.set(node.id, { node, cx, cy, x: cx - size.w / 2, y: cy - size.h / 2, w: size.w, h: size.h });
  }
  for (const node of def.nodes) {
    if (node.kind !== 'boundaryEvent') continue;
    const host = shapes.get(node.attachedTo);
    if (!host) throw new Error(`${def.id}: boundary ${node.id} attached to unknown ${node.attachedTo}`);
    const cx = host.x + (node.offset ?? 70);
    const cy = node.side === 'top' ? host.y : host.y + host.h;
    shapes.set(node.id, {
      node: { ...node, lane: host.node.lane },
      cx,
      cy,
      x: cx - EVENT.w / 2,
      y: cy - EVENT.h / 2,
      w: EVENT.w,
      h: EVENT.h,
    });
  }
  const maxRight = Math.max(...[...shapes.values()].map((s) => s.x + s.w));
  const poolW = maxRight + 90 - POOL_X;
  return { lanes, shapes, poolW, poolH: y - POOL_Y };
}

const r = (s) => [s.x + s.w, s.cy];
const l = (s) => [s.x, s.cy];
const t = (s) => [s.cx, s.y];
const b = (s) => [s.cx, s.y + s.h];

function waypoints(flow, a, z, def, lanes) {
  if (typeof flow.points === 'string') {
    const route = def.route?.[flow.points];
    if (!route) throw new Error(`${def.id}: unknown route ${flow.points}`);
    return route(a, z, (id) => lanes.find((l) => l.id === id));
  }
  if (flow.points) return flow.points;
  const isGw = (s) => /Gateway$/.test(s.node.kind);
  if (a.node.kind === 'boundaryEvent') {
    const start = a.node.side === 'top' ? t(a) : b(a);
    if (Math.abs(z.cx - a.cx) < 1) return [start, z.cy > a.cy ? t(z) : b(z)];
    return [start, [a.cx, z.cy], z.cx > a.cx ? l(z) : r(z)];
  }
  if (flow.back) {
    const above = flow.back === 'above';
    const y0 = flow.y ?? (above ? Math.min(a.y, z.y) - 30 : Math.max(a.y + a.h, z.y + z.h) + 30);
    const from = above ? t(a) : b(a);
    const to = above ? t(z) : b(z);
    return [from, [a.cx, y0], [z.cx, y0], to];
  }
  if (Math.abs(a.cy - z.cy) < 1) return [r(a), l(z)];
  if (flow.enter === 'vertical') {
    const to = z.cy < a.cy ? b(z) : t(z);
    return [r(a), [z.cx, a.cy], to];
  }
  if (isGw(a) || flow.exit === 'vertical') {
    const from = z.cy < a.cy ? t(a) : b(a);
    if (Math.abs(z.cx - a.cx) < 1) return [from, z.cy < a.cy ? b(z) : t(z)];
    return [from, [a.cx, z.cy], z.cx > a.cx ? l(z) : r(z)];
  }
  if (isGw(z) || flow.enter === 'vertical') {
    const to = z.cy < a.cy ? b(z) : t(z);
    return [r(a), [z.cx, a.cy], to];
  }
  const mx = flow.mx ?? z.x - 25;
  return [r(a), [mx, a.cy], [mx, z.cy], l(z)];
}

// ---------------------------------------------------------------------------- xml

function eventDefinition(node, defId) {
  const e = node.event;
  if (!e) return '';
  if (e.timer) {
    const [kind, value] = Object.entries(e.timer)[0];
    const tag = { duration: 'timeDuration', cycle: 'timeCycle', date: 'timeDate' }[kind];
    return `<bpmn:timerEventDefinition id="${defId}"><bpmn:${tag} xsi:type="bpmn:tFormalExpression">${esc(value)}</bpmn:${tag}></bpmn:timerEventDefinition>`;
  }
  if (e.message) return `<bpmn:messageEventDefinition id="${defId}" messageRef="${e.message}" />`;
  if (e.terminate) return `<bpmn:terminateEventDefinition id="${defId}" />`;
  throw new Error(`unknown event definition on ${node.id}`);
}

function multiInstance(node) {
  const mi = node.mi;
  if (!mi) return '';
  const attrs = [
    `inputCollection="${esc(mi.inputCollection)}"`,
    mi.inputElement ? `inputElement="${esc(mi.inputElement)}"` : '',
    mi.outputCollection ? `outputCollection="${esc(mi.outputCollection)}"` : '',
    mi.outputElement ? `outputElement="${esc(mi.outputElement)}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<bpmn:multiInstanceLoopCharacteristics${mi.sequential ? ' isSequential="true"' : ''}><bpmn:extensionElements><zeebe:loopCharacteristics ${attrs} /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>`;
}

function nodeXml(node, flows) {
  const incoming = flows.filter((f) => f.to === node.id).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`);
  const outgoing = flows.filter((f) => f.from === node.id).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`);
  const attrs = [`id="${node.id}"`, `name="${esc(node.name)}"`];
  if (node.kind === 'boundaryEvent') {
    attrs.push(`attachedToRef="${node.attachedTo}"`);
    if (node.interrupting === false) attrs.push('cancelActivity="false"');
  }
  if (node.default) attrs.push(`default="${node.default}"`);
  if (node.kind === 'startEvent' && node.interrupting === false) attrs.push('isInterrupting="false"');
  const body = [
    node.doc ? `<bpmn:documentation>${esc(node.doc)}</bpmn:documentation>` : '',
    node.ext ? `<bpmn:extensionElements>${node.ext}</bpmn:extensionElements>` : '',
    ...incoming,
    ...outgoing,
    multiInstance(node),
    eventDefinition(node, `${node.id}_def`),
  ].join('');
  return `<bpmn:${node.kind} ${attrs.join(' ')}>${body}</bpmn:${node.kind}>`;
}

function flowXml(flow) {
  const attrs = [`id="${flow.id}"`, flow.name ? `name="${esc(flow.name)}"` : '', `sourceRef="${flow.from}"`, `targetRef="${flow.to}"`]
    .filter(Boolean)
    .join(' ');
  if (!flow.cond) return `<bpmn:sequenceFlow ${attrs} />`;
  return `<bpmn:sequenceFlow ${attrs}><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(flow.cond)}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
}

function bounds({ x, y, w, h }) {
  return `<dc:Bounds x="${Math.round(x)}" y="${Math.round(y)}" width="${Math.round(w)}" height="${Math.round(h)}" />`;
}

function labelBounds(shape) {
  const kind = shape.node.kind;
  if (shape.node.label === 'above') return { x: shape.cx - 40, y: shape.y - 18, w: 80, h: 14 };
  if (shape.node.label === 'below') return { x: shape.cx - 40, y: shape.y + shape.h + 4, w: 80, h: 14 };
  if (/Gateway$/.test(kind)) return { x: shape.cx - 102, y: shape.y - 4, w: 84, h: 14 };
  if (kind === 'boundaryEvent') return { x: shape.cx + 14, y: shape.y + shape.h - 4, w: 90, h: 14 };
  return { x: shape.cx - 45, y: shape.y + shape.h + 5, w: 90, h: 14 };
}

/** Who may start the process through the server (`starterRoles`, read by the server's bpmn-facts); none = everyone. */
function starterRolesXml(roles) {
  if (!roles || roles.length === 0) return '';
  return `\n    <bpmn:extensionElements><zeebe:properties><zeebe:property name="starterRoles" value="${esc(roles.join(','))}" /></zeebe:properties></bpmn:extensionElements>`;
}

export function buildProcess(def) {
  const flows = def.flows.map((f, i) => ({ id: f.id ?? `Flow_${def.short}_${i + 1}`, ...f }));
  const ids = new Set();
  for (const n of def.nodes) {
    if (ids.has(n.id)) throw new Error(`${def.id}: duplicate id ${n.id}`);
    ids.add(n.id);
  }
  for (const f of flows) {
    if (!ids.has(f.from) || !ids.has(f.to)) throw new Error(`${def.id}: flow ${f.id} ${f.from}→${f.to} has an unknown end`);
  }
  const { lanes, shapes, poolW, poolH } = layout(def);
  const participantId = `Participant_${def.short}`;
  const collaborationId = `Collaboration_${def.short}`;

  const messages = (def.messages ?? [])
    .map(
      (m) =>
        `<bpmn:message id="${m.id}" name="${esc(m.name)}">${
          m.correlationKey
            ? `<bpmn:extensionElements><zeebe:subscription correlationKey="${esc(m.correlationKey)}" /></bpmn:extensionElements>`
            : ''
        }</bpmn:message>`,
    )
    .join('\n  ');

  const laneSet = `<bpmn:laneSet id="LaneSet_${def.short}">${lanes
    .map(
      (lane) =>
        `<bpmn:lane id="${lane.id}" name="${esc(lane.name)}">${def.nodes
          .filter((n) => shapes.get(n.id).node.lane === lane.id)
          .map((n) => `<bpmn:flowNodeRef>${n.id}</bpmn:flowNodeRef>`)
          .join('')}</bpmn:lane>`,
    )
    .join('')}</bpmn:laneSet>`;

  const diShapes = [
    `<bpmndi:BPMNShape id="${participantId}_di" bpmnElement="${participantId}" isHorizontal="true">${bounds({ x: POOL_X, y: POOL_Y, w: poolW, h: poolH })}</bpmndi:BPMNShape>`,
    ...lanes.map(
      (lane) =>
        `<bpmndi:BPMNShape id="${lane.id}_di" bpmnElement="${lane.id}" isHorizontal="true">${bounds({ x: POOL_X + LANE_HEADER, y: lane.y, w: poolW - LANE_HEADER, h: lane.h })}</bpmndi:BPMNShape>`,
    ),
    ...def.nodes.map((n) => {
      const s = shapes.get(n.id);
      const isMarkerVisible = /ExclusiveGateway$/.test(n.kind) ? ' isMarkerVisible="true"' : '';
      const label = /Event$|Gateway$/.test(n.kind) && n.name ? `<bpmndi:BPMNLabel>${bounds(labelBounds(s))}</bpmndi:BPMNLabel>` : '';
      return `<bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${isMarkerVisible}>${bounds(s)}${label}</bpmndi:BPMNShape>`;
    }),
  ];
  const diEdges = flows.map((f) => {
    const pts = waypoints(f, shapes.get(f.from), shapes.get(f.to), def, lanes);
    const wps = pts.map(([x, y]) => `<di:waypoint x="${Math.round(x)}" y="${Math.round(y)}" />`).join('');
    let label = '';
    if (f.name) {
      const [x1, y1] = pts[0];
      const [x2, y2] = pts[1];
      const horizontal = Math.abs(y1 - y2) < 1;
      const [sx, sy] = f.labelShift ?? [0, 0];
      const lx = (horizontal ? Math.min(x1, x2) + 6 : x1 + 5) + sx;
      const ly = (horizontal ? y1 - 18 : Math.min(y1, y2) + 6) + sy;
      label = `<bpmndi:BPMNLabel>${bounds({ x: lx, y: ly, w: Math.max(40, [...f.name].length * 13), h: 14 })}</bpmndi:BPMNLabel>`;
    }
    return `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${wps}${label}</bpmndi:BPMNEdge>`;
  });

  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by processes/_generator (node processes/_generator/build.mjs); ${esc(def.clause)} -->
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${def.short}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="red-property processes/_generator" exporterVersion="1.0.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:collaboration id="${collaborationId}">
    <bpmn:participant id="${participantId}" name="${esc(def.name)}" processRef="${def.id}" />
  </bpmn:collaboration>
  <bpmn:process id="${def.id}" name="${esc(def.name)}" isExecutable="true">
    <bpmn:documentation>${esc(def.doc)}</bpmn:documentation>${starterRolesXml(def.starterRoles)}
    ${laneSet}
    ${def.nodes.map((n) => nodeXml(n, flows)).join('\n    ')}
    ${flows.map(flowXml).join('\n    ')}
  </bpmn:process>
  ${messages}
  <bpmndi:BPMNDiagram id="Diagram_${def.short}">
    <bpmndi:BPMNPlane id="Plane_${def.short}" bpmnElement="${collaborationId}">
      ${diShapes.join('\n      ')}
      ${diEdges.join('\n      ')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
