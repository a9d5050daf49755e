// The link chart's model and maths: which entities and associations are on
// the chart, where each node sits, and the pan/zoom transform. Pure and
// deterministic (no randomness, no DOM): the same views expanded in the same
// order always give the same picture. New nodes fan out beyond the node
// expanded, then a short force layout untangles the chart; nodes already
// placed move only a little, so the person does not lose their place.

import type { Association, Entity, EntityView } from "./ipc";

export interface ChartNode {
  id: number;
  label: string;
  kind: string;
  objectType: string | null;
  /** Distance in expansions from the entity the chart started at. */
  ring: number;
  x: number;
  y: number;
  /** Its own associations have been fetched and drawn. */
  expanded: boolean;
}

export interface ChartEdge {
  /** Association id. */
  id: number;
  from: number;
  to: number;
  kind: string;
  confirmed: boolean;
  supportingReference: string | null;
}

export interface Chart {
  root: number;
  nodes: ChartNode[];
  edges: ChartEdge[];
  /** Merged-away entity ids → the surviving node id. */
  aliases: Record<number, number>;
}

/** Distance between rings. */
export const RING = 150;
/** Closest two nodes' centres may be after placement. */
export const MIN_GAP = 96;
const RELAX_STEPS = 80;
const SETTLE_STEPS = 150;
/** How freely nodes already on the chart move when others are added (new ones move freely). */
export const SETTLED_MOBILITY = 0.2;

function nodeOf(e: Entity, ring: number, x: number, y: number): ChartNode {
  return { id: e.id, label: e.label, kind: e.kind, objectType: e.object_type, ring, x, y, expanded: false };
}

export function emptyChart(): Chart {
  return { root: 0, nodes: [], edges: [], aliases: {} };
}

/**
 * Maps each association's far end to a neighbour. The core lists neighbours
 * as the survivors of the far ends, in association order without repeats; a
 * far end that is itself a neighbour (or a known alias) maps directly, and
 * one that was merged away takes the next neighbour not yet seen.
 */
function farEnds(view: EntityView, aliases: Record<number, number>): Map<number, number> {
  const family = new Set([view.entity.id, ...view.merged.map((m) => m.id)]);
  const neighbourIds = new Set(view.neighbours.map((n) => n.id));
  const seen = new Set<number>();
  let next = 0;
  const out = new Map<number, number>();
  const advance = () => {
    while (next < view.neighbours.length && seen.has(view.neighbours[next].id)) next += 1;
  };
  for (const a of view.associations) {
    const far = family.has(a.from_entity) ? a.to_entity : a.from_entity;
    if (family.has(far)) continue;
    let target: number | undefined;
    if (neighbourIds.has(far)) target = far;
    else if (aliases[far] !== undefined && neighbourIds.has(aliases[far])) target = aliases[far];
    else {
      advance();
      target = view.neighbours[next]?.id;
    }
    if (target === undefined) continue;
    seen.add(target);
    out.set(a.id, target);
  }
  return out;
}

function edgesFrom(view: EntityView, aliases: Record<number, number>): ChartEdge[] {
  const far = farEnds(view, aliases);
  const family = new Set([view.entity.id, ...view.merged.map((m) => m.id)]);
  const out: ChartEdge[] = [];
  for (const a of view.associations as Association[]) {
    const other = far.get(a.id);
    if (other === undefined) continue;
    const fromIsMe = family.has(a.from_entity);
    out.push({
      id: a.id,
      from: fromIsMe ? view.entity.id : other,
      to: fromIsMe ? other : view.entity.id,
      kind: a.kind,
      confirmed: a.confirmed,
      supportingReference: a.supporting_reference,
    });
  }
  return out;
}

/** A chart of one entity and its direct neighbours. */
export function chartFromView(view: EntityView): Chart {
  const chart: Chart = { root: view.entity.id, nodes: [nodeOf(view.entity, 0, 0, 0)], edges: [], aliases: {} };
  chart.nodes[0].expanded = true;
  return mergeView(chart, view);
}

/**
 * Adds what `view` knows (its neighbours and associations) to the chart.
 * New nodes fan out beyond the expanded node, away from the centre; nodes
 * already on the chart stay where they are.
 */
export function mergeView(chart: Chart, view: EntityView): Chart {
  const aliases = { ...chart.aliases };
  for (const m of view.merged) aliases[m.id] = view.entity.id;
  const resolve = (id: number) => aliases[id] ?? id;
  let nodes = chart.nodes.filter((n) => !view.merged.some((m) => m.id === n.id));
  let centre = nodes.find((n) => n.id === view.entity.id);
  if (!centre) {
    // Expanding a node that turned out to be a merged duplicate: its survivor takes its place.
    const stale = chart.nodes.find((n) => view.merged.some((m) => m.id === n.id));
    centre = nodeOf(view.entity, stale?.ring ?? 0, stale?.x ?? 0, stale?.y ?? 0);
    nodes = [...nodes, centre];
  }
  nodes = nodes.map((n) => (n.id === view.entity.id ? { ...n, label: view.entity.label, expanded: true } : n));
  centre = nodes.find((n) => n.id === view.entity.id)!;

  const fresh = view.neighbours.filter((e) => !nodes.some((n) => n.id === e.id));
  const placed = placeAround(centre, fresh.length);
  const added = fresh.map((e, i) => nodeOf(e, centre!.ring + 1, placed[i].x, placed[i].y));

  const edges = new Map<number, ChartEdge>();
  for (const e of chart.edges) edges.set(e.id, { ...e, from: resolve(e.from), to: resolve(e.to) });
  for (const e of edgesFrom(view, aliases)) edges.set(e.id, e);
  const ids = new Set([...nodes, ...added].map((n) => n.id));
  const edgeList = [...edges.values()].filter((e) => e.from !== e.to && ids.has(e.from) && ids.has(e.to));
  edgeList.sort((a, b) => a.id - b.id);

  const root = resolve(chart.root || view.entity.id);
  const fresh_ = new Set(added.map((n) => n.id));
  const settled = settle([...nodes, ...relax(nodes, added)], edgeList, root, (id) => (fresh_.has(id) ? 1 : SETTLED_MOBILITY));
  const pinned = settled.filter((n) => n.id === root);
  const all = [...pinned, ...relax(pinned, settled.filter((n) => n.id !== root))];
  // Keep the order nodes were added in (stable keys and tab order).
  const order = new Map([...nodes, ...added].map((n, i) => [n.id, i]));
  all.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { root, nodes: all, edges: edgeList, aliases };
}

/**
 * Positions for `count` new nodes around `centre`: a full circle around the
 * starting entity, otherwise an arc facing away from the origin.
 */
export function placeAround(centre: { x: number; y: number; ring: number }, count: number): { x: number; y: number }[] {
  if (count === 0) return [];
  const out: { x: number; y: number }[] = [];
  if (centre.ring === 0 && centre.x === 0 && centre.y === 0) {
    // Enough radius that neighbours on the circle keep MIN_GAP apart.
    const r = Math.max(RING, (count * MIN_GAP) / (2 * Math.PI));
    // Offset by half a step so no link runs straight up or down through the
    // labels (which sit under the nodes): one neighbour goes to the right,
    // two sit left and right.
    const start = count === 1 ? 0 : -Math.PI / 2 + Math.PI / count;
    for (let i = 0; i < count; i++) {
      const a = start + (2 * Math.PI * i) / count;
      out.push({ x: round(centre.x + r * Math.cos(a)), y: round(centre.y + r * Math.sin(a)) });
    }
    return out;
  }
  const heading = centre.x === 0 && centre.y === 0 ? -Math.PI / 2 : Math.atan2(centre.y, centre.x);
  const r = RING;
  const span = Math.min(Math.PI * 1.2, count * (MIN_GAP / r));
  for (let i = 0; i < count; i++) {
    const a = count === 1 ? heading : heading - span / 2 + (span * i) / (count - 1);
    out.push({ x: round(centre.x + r * Math.cos(a)), y: round(centre.y + r * Math.sin(a)) });
  }
  return out;
}

/**
 * Pushes the new nodes apart from each other and from the fixed ones until
 * no two are closer than MIN_GAP (or a fixed number of steps has run).
 * Fixed nodes never move.
 */
export function relax<T extends { id: number; x: number; y: number }>(fixed: readonly T[], moving: T[], steps = RELAX_STEPS): T[] {
  const pts = moving.map((n) => ({ ...n }));
  for (let s = 0; s < steps; s++) {
    let moved = false;
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i];
      const others: { x: number; y: number; fixed: boolean; id: number }[] = [
        ...fixed.map((f) => ({ x: f.x, y: f.y, fixed: true, id: f.id })),
        ...pts.filter((_, j) => j !== i).map((o) => ({ x: o.x, y: o.y, fixed: false, id: o.id })),
      ];
      for (const o of others) {
        let dx = p.x - o.x;
        let dy = p.y - o.y;
        let d = Math.hypot(dx, dy);
        if (d >= MIN_GAP) continue;
        if (d < 1e-6) {
          // Same spot: separate along a direction fixed by the ids.
          const a = ((p.id * 97 + o.id * 31) % 360) * (Math.PI / 180);
          dx = Math.cos(a);
          dy = Math.sin(a);
          d = 1;
        }
        const push = (MIN_GAP - d) / (o.fixed ? 1 : 2) + 0.5;
        p.x += (dx / d) * push;
        p.y += (dy / d) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return pts.map((p) => ({ ...p, x: round(p.x), y: round(p.y) }));
}

/**
 * A small force layout (Fruchterman–Reingold, fixed number of cooling
 * steps): linked nodes pull towards RING apart, all nodes push each other
 * away, the root stays at its place. `mobility` (0–1) scales how far each
 * node may move, so nodes already placed mostly stay where they were.
 */
export function settle<T extends { id: number; x: number; y: number }>(
  nodes: readonly T[],
  edges: readonly { from: number; to: number }[],
  root: number,
  mobility: (id: number) => number,
  steps = SETTLE_STEPS,
): T[] {
  const pts = nodes.map((n) => ({ ...n }));
  const index = new Map(pts.map((p, i) => [p.id, i]));
  const L = RING;
  for (let step = 0; step < steps; step++) {
    const temp = L * 0.15 * (1 - step / steps);
    const dx = new Array<number>(pts.length).fill(0);
    const dy = new Array<number>(pts.length).fill(0);
    for (let i = 0; i < pts.length; i++) {
      for (let j = i + 1; j < pts.length; j++) {
        let vx = pts[i].x - pts[j].x;
        let vy = pts[i].y - pts[j].y;
        let d = Math.hypot(vx, vy);
        if (d > 3 * L) continue;
        if (d < 1e-6) {
          const a = ((pts[i].id * 97 + pts[j].id * 31) % 360) * (Math.PI / 180);
          vx = Math.cos(a);
          vy = Math.sin(a);
          d = 1;
        }
        const f = (L * L) / d;
        dx[i] += (vx / d) * f;
        dy[i] += (vy / d) * f;
        dx[j] -= (vx / d) * f;
        dy[j] -= (vy / d) * f;
      }
    }
    for (const e of edges) {
      const i = index.get(e.from);
      const j = index.get(e.to);
      if (i === undefined || j === undefined) continue;
      const vx = pts[i].x - pts[j].x;
      const vy = pts[i].y - pts[j].y;
      const d = Math.hypot(vx, vy) || 1;
      const f = (d * d) / L;
      dx[i] -= (vx / d) * f;
      dy[i] -= (vy / d) * f;
      dx[j] += (vx / d) * f;
      dy[j] += (vy / d) * f;
    }
    for (let i = 0; i < pts.length; i++) {
      if (pts[i].id === root) continue;
      const m = Math.hypot(dx[i], dy[i]);
      if (m < 1e-9) continue;
      const move = Math.min(m, temp) * Math.max(0, Math.min(1, mobility(pts[i].id)));
      pts[i].x += (dx[i] / m) * move;
      pts[i].y += (dy[i] / m) * move;
    }
  }
  return pts.map((p) => ({ ...p, x: round(p.x), y: round(p.y) }));
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

// ---- view transform -----------------------------------------------------

export interface Transform {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.3;
export const MAX_ZOOM = 3;
export const FIT_MIN_ZOOM = 0.6;

export function clampZoom(k: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));
}

/** Zoom by `factor`, keeping the screen point (cx, cy) over the same chart point. */
export function zoomAt(t: Transform, factor: number, cx: number, cy: number): Transform {
  const k = clampZoom(t.k * factor);
  const f = k / t.k;
  return { k, x: cx - (cx - t.x) * f, y: cy - (cy - t.y) * f };
}

export function pan(t: Transform, dx: number, dy: number): Transform {
  return { ...t, x: t.x + dx, y: t.y + dy };
}

/** The transform that shows every node inside a width × height view with a margin. */
export function fit(nodes: readonly { x: number; y: number }[], width: number, height: number, margin = 70): Transform {
  if (nodes.length === 0) return { x: width / 2, y: height / 2, k: 1 };
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const w = Math.max(1, maxX - minX);
  const h = Math.max(1, maxY - minY);
  // Not below FIT_MIN_ZOOM: labels stay legible; a larger chart is panned.
  const k = clampZoom(Math.max(FIT_MIN_ZOOM, Math.min(1.4, (width - 2 * margin) / w, (height - 2 * margin) / h)));
  return { k, x: width / 2 - ((minX + maxX) / 2) * k, y: height / 2 - ((minY + maxY) / 2) * k };
}

/** Screen position of a chart point. */
export function toScreen(t: Transform, p: { x: number; y: number }): { x: number; y: number } {
  return { x: p.x * t.k + t.x, y: p.y * t.k + t.y };
}

/**
 * Links between the same two entities would be drawn on top of each other;
 * this gives each a lane: 0 for a single link, then ±1, ±2… so they can be
 * bowed apart. Lanes are signed relative to the pair's lower id, so a link
 * drawn in the other direction still bows to its own side.
 */
export function edgeLanes(edges: readonly { id: number; from: number; to: number }[]): Map<number, number> {
  const groups = new Map<string, { id: number; from: number; to: number }[]>();
  for (const e of edges) {
    const key = e.from < e.to ? `${e.from}-${e.to}` : `${e.to}-${e.from}`;
    const g = groups.get(key) ?? [];
    g.push(e);
    groups.set(key, g);
  }
  const out = new Map<number, number>();
  for (const g of groups.values()) {
    g.sort((a, b) => a.id - b.id);
    const n = g.length;
    g.forEach((e, i) => {
      // Centred lanes: 1 link → 0; 2 → -0.5, +0.5; 3 → -1, 0, +1 …
      const lane = i - (n - 1) / 2;
      out.set(e.id, e.from < e.to ? lane : -lane);
    });
  }
  return out;
}

/**
 * A link from a to b bowed sideways by `bow` pixels (0: straight), cut back
 * by `cut` at both ends so it stops at the shapes. Returns an SVG path and
 * the point on the curve where its label goes.
 */
export function linkPath(a: { x: number; y: number }, b: { x: number; y: number }, bow: number, cut: number): { d: string; lx: number; ly: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len;
  const ny = dx / len;
  // Quadratic curve whose midpoint is `bow` from the straight line: control point at twice that.
  const cx = (a.x + b.x) / 2 + nx * bow * 2;
  const cy = (a.y + b.y) / 2 + ny * bow * 2;
  const toward = (p: { x: number; y: number }, q: { x: number; y: number }) => {
    const ex = q.x - p.x;
    const ey = q.y - p.y;
    const l = Math.hypot(ex, ey) || 1;
    return { x: p.x + (ex / l) * cut, y: p.y + (ey / l) * cut };
  };
  const s = toward(a, { x: cx, y: cy });
  const e = toward(b, { x: cx, y: cy });
  const r = (v: number) => Math.round(v * 10) / 10;
  const lx = r(0.25 * a.x + 0.5 * cx + 0.25 * b.x);
  const ly = r(0.25 * a.y + 0.5 * cy + 0.25 * b.y);
  return { d: `M${r(s.x)},${r(s.y)} Q${r(cx)},${r(cy)} ${r(e.x)},${r(e.y)}`, lx, ly };
}
