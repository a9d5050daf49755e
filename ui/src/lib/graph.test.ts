import { describe, expect, it } from "vitest";
import { chartFromView, clampZoom, edgeLanes, fit, linkPath, mergeView, MIN_GAP, pan, placeAround, relax, settle, toScreen, zoomAt } from "./graph";
import type { Entity, EntityView } from "./ipc";

const ent = (id: number, label: string, kind = "person", merged_into: number | null = null): Entity => ({
  id, kind, object_type: kind === "object" ? "vehicle" : null, label, details: "{}", ocgm_band: null, merged_into,
});
const assoc = (id: number, from: number, to: number, confirmed = true) => ({
  id, from_entity: from, to_entity: to, kind: "knows", confirmed, supporting_reference: confirmed ? "IR-1" : null,
});

function view(entity: Entity, neighbours: Entity[], associations: ReturnType<typeof assoc>[], merged: Entity[] = []): EntityView {
  return { entity, merged, reports: [], associations, neighbours };
}

function minDistance(nodes: { x: number; y: number }[]): number {
  let d = Infinity;
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) d = Math.min(d, Math.hypot(nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y));
  return d;
}

describe("chartFromView", () => {
  it("puts the entity in the centre and its neighbours on a ring", () => {
    const c = chartFromView(view(ent(1, "Kes"), [ent(2, "Car", "object"), ent(3, "Flat", "location")], [assoc(10, 1, 2), assoc(11, 3, 1, false)]));
    expect(c.root).toBe(1);
    expect(c.nodes.map((n) => [n.id, n.ring, n.expanded])).toEqual([[1, 0, true], [2, 1, false], [3, 1, false]]);
    expect(c.nodes[0]).toMatchObject({ x: 0, y: 0 });
    // Two neighbours sit either side of the centre (right and left), at about a ring's distance.
    expect(c.nodes[1].x).toBeGreaterThan(100);
    expect(c.nodes[2].x).toBeLessThan(-100);
    expect(Math.abs(c.nodes[1].y)).toBeLessThan(1);
    expect(c.edges).toEqual([
      { id: 10, from: 1, to: 2, kind: "knows", confirmed: true, supportingReference: "IR-1" },
      { id: 11, from: 3, to: 1, kind: "knows", confirmed: false, supportingReference: null },
    ]);
  });

  it("is deterministic and keeps nodes apart with many neighbours", () => {
    const ns = Array.from({ length: 30 }, (_, i) => ent(100 + i, `N${i}`));
    const v = view(ent(1, "Hub"), ns, ns.map((n, i) => assoc(i + 1, 1, n.id)));
    const a = chartFromView(v);
    expect(chartFromView(v)).toEqual(a);
    expect(minDistance(a.nodes)).toBeGreaterThanOrEqual(MIN_GAP - 1);
  });

  it("maps associations of merged duplicates to their survivor", () => {
    // 5 was merged into 1; 7 was merged into neighbour 3.
    const v = view(ent(1, "Kes"), [ent(3, "Flat", "location")], [assoc(20, 5, 7), assoc(21, 1, 3)], [ent(5, "Kes E.", "person", 1)]);
    const c = chartFromView(v);
    expect(c.edges.map((e) => [e.id, e.from, e.to])).toEqual([[20, 1, 3], [21, 1, 3]]);
    expect(c.aliases).toEqual({ 5: 1 });
  });
});

describe("mergeView (expanding a node)", () => {
  it("adds new neighbours beyond the expanded node and moves placed nodes only a little", () => {
    const c0 = chartFromView(view(ent(1, "Kes"), [ent(2, "Car", "object"), ent(3, "Flat", "location")], [assoc(10, 1, 2), assoc(11, 1, 3)]));
    const before = c0.nodes.map((n) => ({ ...n }));
    const c1 = mergeView(c0, view(ent(2, "Car", "object"), [ent(1, "Kes"), ent(4, "Garage", "location"), ent(5, "Lee")], [assoc(10, 1, 2), assoc(12, 2, 4), assoc(13, 5, 2, false)]));
    for (const b of before) {
      const now = c1.nodes.find((n) => n.id === b.id)!;
      expect(Math.hypot(now.x - b.x, now.y - b.y)).toBeLessThan(60);
    }
    expect(c1.nodes.find((n) => n.id === 1)).toMatchObject({ x: 0, y: 0 }); // the root never moves
    expect(c1.nodes.find((n) => n.id === 2)!.expanded).toBe(true);
    const added = c1.nodes.filter((n) => n.id === 4 || n.id === 5);
    expect(added.map((n) => n.ring)).toEqual([2, 2]);
    // Beyond the car (which is right of the centre): further right.
    const car = c1.nodes.find((n) => n.id === 2)!;
    for (const n of added) expect(n.x).toBeGreaterThan(car.x);
    expect(c1.edges.map((e) => e.id)).toEqual([10, 11, 12, 13]);
    expect(minDistance(c1.nodes)).toBeGreaterThanOrEqual(MIN_GAP - 1);
  });

  it("replaces a node that was merged away by its survivor", () => {
    const c0 = chartFromView(view(ent(1, "Kes"), [ent(2, "Kes dup")], [assoc(10, 1, 2)]));
    const c1 = mergeView(c0, view(ent(3, "Kes real"), [ent(1, "Kes")], [assoc(10, 1, 2)], [ent(2, "Kes dup", "person", 3)]));
    expect(c1.nodes.map((n) => n.id).sort()).toEqual([1, 3]);
    expect(c1.edges).toEqual([expect.objectContaining({ id: 10, from: 1, to: 3 })]);
  });
});

describe("settle", () => {
  it("pulls linked nodes together, pushes others apart, pins the root", () => {
    const nodes = [
      { id: 1, x: 0, y: 0 },
      { id: 2, x: 400, y: 0 },
      { id: 3, x: 10, y: 5 },
    ];
    const out = settle(nodes, [{ from: 1, to: 2 }], 1, () => 1);
    expect(out[0]).toMatchObject({ x: 0, y: 0 });
    expect(out[1].x).toBeLessThan(400); // pulled in by its link
    expect(Math.hypot(out[2].x, out[2].y)).toBeGreaterThan(50); // pushed away from the root
    expect(settle(nodes, [{ from: 1, to: 2 }], 1, () => 1)).toEqual(out); // deterministic
    expect(settle(nodes, [], 1, () => 0)).toEqual(nodes); // immobile nodes stay
  });
});

describe("placement helpers", () => {
  it("fans an arc away from the centre", () => {
    const pts = placeAround({ x: 150, y: 0, ring: 1 }, 3);
    expect(pts).toHaveLength(3);
    for (const p of pts) expect(p.x).toBeGreaterThan(150);
    expect(placeAround({ x: 0, y: 0, ring: 0 }, 0)).toEqual([]);
  });

  it("relax separates coincident nodes without moving fixed ones", () => {
    const fixed = [{ id: 1, x: 0, y: 0 }];
    const out = relax(fixed, [{ id: 2, x: 0, y: 0 }, { id: 3, x: 0, y: 0 }]);
    expect(fixed[0]).toEqual({ id: 1, x: 0, y: 0 });
    expect(minDistance([...fixed, ...out])).toBeGreaterThanOrEqual(MIN_GAP - 1);
  });
});

describe("transform", () => {
  it("zooms about a point and clamps", () => {
    const t = zoomAt({ x: 0, y: 0, k: 1 }, 2, 100, 50);
    expect(t).toEqual({ k: 2, x: -100, y: -50 });
    // The chart point under (100, 50) is still under it.
    expect(toScreen(t, { x: 100, y: 50 })).toEqual({ x: 100, y: 50 });
    expect(zoomAt({ x: 0, y: 0, k: 3 }, 2, 0, 0).k).toBe(3);
    expect(clampZoom(0.01)).toBe(0.3);
    expect(pan({ x: 1, y: 2, k: 1 }, 10, -5)).toEqual({ x: 11, y: -3, k: 1 });
  });

  it("fits all nodes in view", () => {
    const nodes = [{ x: -300, y: -100 }, { x: 300, y: 100 }];
    const t = fit(nodes, 800, 400);
    for (const n of nodes) {
      const s = toScreen(t, n);
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.x).toBeLessThanOrEqual(800);
      expect(s.y).toBeGreaterThanOrEqual(0);
      expect(s.y).toBeLessThanOrEqual(400);
    }
    expect(fit([], 800, 400)).toEqual({ x: 400, y: 200, k: 1 });
  });
});

describe("parallel links", () => {
  it("gives links between the same pair their own lanes", () => {
    const lanes = edgeLanes([
      { id: 1, from: 1, to: 2 },
      { id: 2, from: 2, to: 1 },
      { id: 3, from: 1, to: 3 },
    ]);
    expect(lanes.get(3)).toBe(0);
    // Opposite lanes in pair order; the reversed link's sign flips with its direction.
    expect(lanes.get(1)).toBe(-0.5);
    expect(lanes.get(2)).toBe(-0.5);
  });

  it("bows a link sideways and labels its middle", () => {
    const straight = linkPath({ x: 0, y: 0 }, { x: 100, y: 0 }, 0, 10);
    expect(straight.d).toBe("M10,0 Q50,0 90,0");
    expect([straight.lx, straight.ly]).toEqual([50, 0]);
    const bowed = linkPath({ x: 0, y: 0 }, { x: 100, y: 0 }, 20, 10);
    expect(bowed.ly).toBe(20);
    expect(bowed.lx).toBe(50);
  });
});
