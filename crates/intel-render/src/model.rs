//! The document model: plain data, so the core can build it from whatever it
//! holds and tests can build it by hand. Nothing here knows about pages.

use serde::{Deserialize, Serialize};

/// One intelligence product, ready to render.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Protective marking, e.g. "OFFICIAL-SENSITIVE"; printed at the top and
    /// bottom of every page.
    pub marking: String,
    /// Handling conditions, boxed on page 1 under the title (may be empty).
    pub handling: Vec<String>,
    /// Product kind, e.g. "Tactical assessment".
    pub kind: String,
    pub title: String,
    /// Product reference, e.g. "TA-2026-0001"; also printed in every footer.
    pub reference: String,
    pub unit: String,
    /// Label/value rows for page 1: author, reviewer, deadline and so on.
    pub meta: Vec<(String, String)>,
    /// Recipients, listed on page 1.
    pub dissemination: Vec<String>,
    pub blocks: Vec<Block>,
}

/// One piece of body content, laid out top to bottom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    Heading(String),
    /// A '\n' is a hard line break; long lines wrap.
    Paragraph(String),
    Bullets(Vec<String>),
    /// A boxed note that must stand out, e.g. a handling code and its conditions.
    Note {
        label: String,
        text: String,
    },
    /// Rows may be shorter or longer than the header; missing cells are blank.
    Table {
        caption: Option<String>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    LinkChart {
        caption: String,
        nodes: Vec<ChartNode>,
        edges: Vec<ChartEdge>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartNode {
    pub id: u64,
    pub label: String,
    /// person, object, location, event or organisation; anything else is drawn
    /// as a generic node.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartEdge {
    pub from: u64,
    pub to: u64,
    pub label: String,
    /// Analysts' convention: confirmed associations are solid lines,
    /// unconfirmed ones dashed.
    pub confirmed: bool,
}
