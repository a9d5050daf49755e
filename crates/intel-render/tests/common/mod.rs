//! Shared test helpers: sample documents and the poppler-utils wrappers.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use intel_render::{Block, ChartEdge, ChartNode, Document};

pub const MARKING: &str = "OFFICIAL-SENSITIVE";

/// True when every tool runs. When one is missing the test should return
/// early, except under INTEL_REQUIRE_TOOLS=1 (CI), where that is a failure.
pub fn tools_available(tools: &[&str]) -> bool {
    for tool in tools {
        if Command::new(tool).arg("-v").output().is_err() {
            if std::env::var("INTEL_REQUIRE_TOOLS").as_deref() == Ok("1") {
                panic!("{tool} is required (INTEL_REQUIRE_TOOLS=1): apt-get install poppler-utils");
            }
            eprintln!("skipping: {tool} not installed (apt-get install poppler-utils)");
            return false;
        }
    }
    true
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("tool runs");
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("tool prints UTF-8")
}

/// The text of page `n` (1-based), as pdftotext reads it.
pub fn page_text(pdf: &Path, n: usize) -> String {
    let n = n.to_string();
    run(Command::new("pdftotext").args(["-enc", "UTF-8", "-f", &n, "-l", &n]).arg(pdf).arg("-"))
}

pub fn all_text(pdf: &Path) -> String {
    run(Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-"))
}

/// pdfinfo's "Key: value" lines.
pub fn info(pdf: &Path, key: &str) -> Option<String> {
    let out = run(Command::new("pdfinfo").arg(pdf));
    out.lines().find_map(|l| l.strip_prefix(&format!("{key}:")).map(|v| v.trim().to_string()))
}

pub fn page_count(pdf: &Path) -> usize {
    info(pdf, "Pages").expect("pdfinfo prints Pages").parse().expect("page count is a number")
}

/// Whitespace collapsed, so text wrapped across lines still matches.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().expect("temp file");
    std::fs::write(file.path(), bytes).expect("write pdf");
    file
}

pub fn base_document() -> Document {
    Document {
        marking: MARKING.into(),
        handling: vec![
            "Handling code C: may be shared within UK law enforcement only.".into(),
            "Do not action without contacting the originating unit; the source is vulnerable to identification.".into(),
        ],
        kind: "Tactical assessment".into(),
        title: "County lines supply into Northtown: Q1 picture".into(),
        reference: "TA-2026-0001".into(),
        unit: "North Intelligence Unit".into(),
        meta: vec![
            ("Author".into(), "DC A. Analyst (North Intelligence Unit)".into()),
            ("Reviewer".into(), "DS B. Reviewer".into()),
            ("Approver".into(), "DI C. Approver".into()),
            ("Requester".into(), "Supt D. Requester, Northtown Local Policing Area".into()),
            ("Deadline".into(), "2026-03-31".into()),
        ],
        dissemination: vec![
            "Northtown LPA tasking meeting".into(),
            "Force Intelligence Bureau".into(),
            "Regional Organised Crime Unit".into(),
        ],
        blocks: Vec::new(),
    }
}

pub fn chart_block() -> Block {
    let node = |id, label: &str, kind: &str| ChartNode { id, label: label.into(), kind: kind.into() };
    let edge = |from, to, label: &str, confirmed| ChartEdge { from, to, label: label.into(), confirmed };
    Block::LinkChart {
        caption: "Figure 1: Associations around the Northtown line".into(),
        nodes: vec![
            node(1, "John SMITH", "person"),
            node(2, "Jane DOE", "person"),
            node(3, "14 Mill Street, Northtown", "location"),
            node(4, "Silver Ford Focus AB12 CDE", "object"),
            node(5, "Eastside Crew", "organisation"),
            node(6, "Stabbing, 2 Feb 2026", "event"),
        ],
        edges: vec![
            edge(1, 2, "sibling", true),
            edge(1, 3, "resides at", true),
            edge(2, 4, "drives", false),
            edge(1, 5, "member of", false),
            edge(5, 6, "suspected in", false),
            edge(4, 3, "seen at", true),
        ],
    }
}

/// A realistic product for looking at: every block kind.
pub fn sample_document() -> Document {
    let mut doc = base_document();
    doc.blocks = vec![
        Block::Heading("1. Summary".into()),
        Block::Paragraph(
            "Reporting from three sources indicates that the \u{201c}Eastside\u{201d} line continues to supply crack cocaine and \
             heroin into Northtown, with a deal price of about \u{a3}10 per wrap. The line is run from outside the force area \
             and uses local young people as runners \u{2013} some as young as 14.\nA second line break here keeps its own line."
                .into(),
        ),
        Block::Note {
            label: "Handling code C".into(),
            text: "This paragraph draws on a single, untested source. Corroborate before any executive action is taken.".into(),
        },
        Block::Heading("2. Key judgements".into()),
        Block::Bullets(vec![
            "It is highly likely (80\u{2013}90%) that the line will keep operating through Q2.".into(),
            "It is likely that the runners are being exploited and are themselves at risk of harm; safeguarding referrals should be considered.".into(),
            "It is a realistic possibility that a rival group will try to take over the line.".into(),
        ]),
        Block::Table {
            caption: Some("Table 1: Intelligence reports used".into()),
            header: vec!["Ref".into(), "Date".into(), "Grading".into(), "Summary".into()],
            rows: vec![
                vec!["IR-0012".into(), "2026-01-04".into(), "B2".into(), "Runner seen at Mill Street collecting from the silver Focus.".into()],
                vec!["IR-0019".into(), "2026-01-22".into(), "C3".into(), "Deal line number changed; new handset believed in use by SMITH.".into()],
                vec!["IR-0031".into(), "2026-02-03".into(), "B1".into(), "Stabbing linked to dispute over debt owed to the line; victim refuses to engage.".into()],
            ],
        },
        chart_block(),
        Block::Heading("3. Recommendations".into()),
        Block::Paragraph("Task the neighbourhood team to gather further intelligence on Mill Street visitors and refer runners to the exploitation hub.".into()),
    ];
    doc
}

/// Many pages: 40 paragraphs with a canary, then a 60-row table.
pub fn long_document() -> Document {
    let mut doc = base_document();
    doc.title = "Long report for pagination".into();
    for i in 0..40 {
        doc.blocks.push(Block::Paragraph(format!(
            "Paragraph {i} opens here. The analyst notes that the subject travelled between addresses on several occasions, \
             and that associates were seen nearby; marker word{i}zeta closes it."
        )));
        if i == 17 {
            doc.blocks.push(Block::Paragraph("The canary phrase is purple elephants dancing at midnight.".into()));
        }
    }
    doc.blocks.push(Block::Table {
        caption: Some("Table 2: Sixty rows".into()),
        header: vec!["Subject ref".into(), "Association detail".into(), "Source grading".into()],
        rows: (0..60)
            .map(|i| {
                vec![format!("SUB-{i:03}"), format!("Seen with associate number {i} at the market on a weekday afternoon"), "B2".into()]
            })
            .collect(),
    });
    doc
}
