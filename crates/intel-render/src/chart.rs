//! Link-chart geometry, shared by the PDF and the HTML (SVG) renderers so both
//! show the same picture. Coordinates here are y-down inside a `width` by
//! `height` box; the PDF flips them.

use std::collections::HashMap;
use std::f32::consts::PI;

use crate::layout::truncate;
use crate::metrics::Font;
use crate::model::{ChartEdge, ChartNode};

pub const LABEL_SIZE: f32 = 8.0;
pub const KIND_SIZE: f32 = 6.5;
pub const EDGE_LABEL_SIZE: f32 = 7.0;
pub const LEGEND: &str = "Solid line: confirmed association \u{b7} Dashed line: unconfirmed association";
/// Gap between parallel edges joining the same two nodes.
const PARALLEL_GAP: f32 = 11.0;

/// The node kinds the analysts use. Anything else is drawn as `Other`, and
/// only these fixed names ever reach a CSS class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Person,
    Object,
    Location,
    Event,
    Organisation,
    Other,
}

impl NodeKind {
    pub fn parse(kind: &str) -> Self {
        match kind.trim().to_ascii_lowercase().as_str() {
            "person" => NodeKind::Person,
            "object" => NodeKind::Object,
            "location" => NodeKind::Location,
            "event" => NodeKind::Event,
            "organisation" | "organization" => NodeKind::Organisation,
            _ => NodeKind::Other,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            NodeKind::Person => "person",
            NodeKind::Object => "object",
            NodeKind::Location => "location",
            NodeKind::Event => "event",
            NodeKind::Organisation => "organisation",
            NodeKind::Other => "other",
        }
    }

    /// Light fills that stay distinct in colour and readable in greyscale.
    pub fn fill(self) -> (f32, f32, f32) {
        match self {
            NodeKind::Person => (0.84, 0.90, 0.98),
            NodeKind::Object => (0.99, 0.93, 0.80),
            NodeKind::Location => (0.85, 0.95, 0.85),
            NodeKind::Event => (0.98, 0.86, 0.86),
            NodeKind::Organisation => (0.91, 0.87, 0.97),
            NodeKind::Other => (0.92, 0.92, 0.92),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode {
    pub id: u64,
    pub kind: NodeKind,
    /// Centre.
    pub x: f32,
    pub y: f32,
    pub label: String,
    /// The kind as written, cut to fit; empty when the node is too small.
    pub kind_label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdge {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
    pub confirmed: bool,
    pub label: String,
    /// Label position (centre of its baseline box) and width.
    pub label_x: f32,
    pub label_y: f32,
    pub label_width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartLayout {
    pub width: f32,
    pub height: f32,
    pub node_width: f32,
    pub node_height: f32,
    pub nodes: Vec<PlacedNode>,
    /// Edges whose ends are both known, distinct nodes; the rest appear only
    /// in the text table.
    pub edges: Vec<PlacedEdge>,
}

impl ChartLayout {
    /// Nodes on an ellipse filling the box (one node alone sits in the
    /// middle), in the order given, starting at the top.
    pub fn new(nodes: &[ChartNode], edges: &[ChartEdge], width: f32, height: f32) -> Self {
        let n = nodes.len();
        let rx0 = (width / 2.0 - 60.0).max(10.0);
        let ry0 = (height / 2.0 - 20.0).max(10.0);
        let perimeter = 2.0 * PI * ((rx0 * rx0 + ry0 * ry0) / 2.0).sqrt();
        let node_width = (perimeter / n.max(1) as f32 * 0.8).clamp(24.0, 112.0);
        let roomy = node_width >= 60.0;
        let node_height = if roomy { 30.0 } else { 18.0 };
        let rx = (width / 2.0 - node_width / 2.0 - 4.0).max(0.0);
        let ry = (height / 2.0 - node_height / 2.0 - 4.0).max(0.0);
        let start = if n == 2 { PI } else { -PI / 2.0 };
        let inner = node_width - 8.0;
        let placed: Vec<PlacedNode> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let (x, y) = if n == 1 {
                    (width / 2.0, height / 2.0)
                } else {
                    let a = start + 2.0 * PI * i as f32 / n as f32;
                    (width / 2.0 + rx * a.cos(), height / 2.0 + ry * a.sin())
                };
                let kind_label = if roomy { truncate(&node.kind, Font::Regular, KIND_SIZE, inner) } else { String::new() };
                PlacedNode {
                    id: node.id,
                    kind: NodeKind::parse(&node.kind),
                    x,
                    y,
                    label: truncate(&node.label, Font::Bold, LABEL_SIZE, inner),
                    kind_label,
                }
            })
            .collect();
        let edges = place_edges(&placed, edges);
        ChartLayout { width, height, node_width, node_height, nodes: placed, edges }
    }
}

type Point = (f32, f32);

fn place_edges(nodes: &[PlacedNode], edges: &[ChartEdge]) -> Vec<PlacedEdge> {
    // Edges attach to the first node with an id; a duplicated id still draws
    // its own box, just without edges.
    let mut at: HashMap<u64, Point> = HashMap::new();
    for node in nodes {
        at.entry(node.id).or_insert((node.x, node.y));
    }
    let drawable: Vec<(&ChartEdge, Point, Point)> =
        edges.iter().filter(|e| e.from != e.to).filter_map(|e| Some((e, *at.get(&e.from)?, *at.get(&e.to)?))).collect();
    let pair = |e: &ChartEdge| (e.from.min(e.to), e.from.max(e.to));
    let mut per_pair: HashMap<(u64, u64), usize> = HashMap::new();
    for (e, _, _) in &drawable {
        *per_pair.entry(pair(e)).or_insert(0) += 1;
    }
    let mut seen: HashMap<(u64, u64), usize> = HashMap::new();
    drawable
        .into_iter()
        .map(|(e, (x1, y1), (x2, y2))| {
            let key = pair(e);
            let count = per_pair.get(&key).copied().unwrap_or(1);
            let index = seen.entry(key).or_insert(0);
            let offset = (*index as f32 - (count as f32 - 1.0) / 2.0) * PARALLEL_GAP;
            *index += 1;
            // Offset perpendicular to the pair's canonical direction, so A->B
            // and B->A separate instead of cancelling out.
            let (cx1, cy1, cx2, cy2) = if e.from == key.0 { (x1, y1, x2, y2) } else { (x2, y2, x1, y1) };
            let (dx, dy) = (cx2 - cx1, cy2 - cy1);
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            let (ox, oy) = (-dy / len * offset, dx / len * offset);
            let max_label = (len * 0.7).clamp(30.0, 130.0);
            let label = truncate(&e.label, Font::Regular, EDGE_LABEL_SIZE, max_label);
            let label_width = crate::metrics::text_width(Font::Regular, EDGE_LABEL_SIZE, &label);
            PlacedEdge {
                x1: x1 + ox,
                y1: y1 + oy,
                x2: x2 + ox,
                y2: y2 + oy,
                confirmed: e.confirmed,
                label,
                label_x: (x1 + x2) / 2.0 + ox,
                label_y: (y1 + y2) / 2.0 + oy,
                label_width,
            }
        })
        .collect()
}

/// The chart as a text table, so every association is readable (and
/// searchable) even where the picture is crowded or cut.
pub fn association_table(nodes: &[ChartNode], edges: &[ChartEdge]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut names: HashMap<u64, &str> = HashMap::new();
    for node in nodes {
        names.entry(node.id).or_insert(&node.label);
    }
    let name = |id: u64| names.get(&id).map_or_else(|| format!("unknown node {id}"), |n| (*n).to_string());
    let header = ["From", "Association", "To", "Confirmed"].map(String::from).to_vec();
    let rows =
        edges.iter().map(|e| vec![name(e.from), e.label.clone(), name(e.to), if e.confirmed { "yes" } else { "no" }.to_string()]).collect();
    (header, rows)
}
