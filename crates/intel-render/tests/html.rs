//! The HTML rendering: self-contained, escaped, marked.

mod common;

use common::*;
use intel_render::{render_html, Block, ChartEdge, ChartNode};

#[test]
fn text_is_escaped_and_no_script_survives() {
    let mut doc = sample_document();
    doc.title = "<script>alert(1)</script>".into();
    doc.marking = "OFFICIAL \"SENSITIVE\" & <b>".into();
    doc.blocks.push(Block::Paragraph("<img src=x onerror=alert(2)> 'quoted' & done".into()));
    doc.blocks.push(Block::Table {
        caption: Some("<i>cap</i>".into()),
        header: vec!["<th>".into()],
        rows: vec![vec!["</td><script>".into()]],
    });
    let html = render_html(&doc);
    assert!(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    assert!(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(!html.to_ascii_lowercase().contains("<script"), "a script element got through");
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt; &#39;quoted&#39; &amp; done"));
    assert!(html.contains("OFFICIAL &quot;SENSITIVE&quot; &amp; &lt;b&gt;"));
}

#[test]
fn marking_banners_top_and_bottom_repeat_in_print() {
    let html = render_html(&sample_document());
    assert!(html.contains(&format!("<header class=\"marking marking-top\">{MARKING}</header>")));
    assert!(html.contains(&format!("<footer class=\"marking marking-bottom\">{MARKING}</footer>")));
    let top = html.find("marking-top\">").unwrap_or(usize::MAX);
    let main = html.find("<main>").unwrap_or(0);
    let bottom = html.rfind("marking-bottom\">").unwrap_or(0);
    assert!(top < main && main < bottom, "banners must surround the content");
    let print = &html[html.find("@media print").expect("print styles")..];
    assert!(print.contains(".marking{position:fixed"));
}

#[test]
fn page_is_self_contained_under_a_strict_csp() {
    let html = render_html(&sample_document());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html
        .contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"#));
    for forbidden in ["<script", "<link", "src=", "href=", "url(", "@import", "http:", "https:"] {
        assert!(!html.contains(forbidden), "found {forbidden:?}");
    }
    assert_eq!(html.matches("<style>").count(), 1);
}

#[test]
fn title_block_and_blocks_are_present() {
    let html = render_html(&sample_document());
    for expected in [
        "<p class=\"kind\">Tactical assessment</p>",
        "TA-2026-0001 \u{b7} North Intelligence Unit",
        "Handling conditions",
        "<dt>Reviewer</dt><dd>DS B. Reviewer</dd>",
        "<li>Force Intelligence Bureau</li>",
        "<h2>2. Key judgements</h2>",
        "<caption>Table 1: Intelligence reports used</caption>",
        "<th scope=\"col\">Grading</th>",
        "<td>IR-0019</td>",
        "<aside class=\"note\">",
        "\u{a3}10 per wrap",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
}

fn lines_of(html: &str) -> Vec<&str> {
    html.split("<line ").skip(1).map(|rest| &rest[..rest.find("/>").unwrap_or(rest.len())]).collect()
}

#[test]
fn svg_chart_draws_unconfirmed_dashed_and_confirmed_solid() {
    let mut doc = base_document();
    let node = |id, label: &str| ChartNode { id, label: label.into(), kind: "person".into() };
    doc.blocks = vec![Block::LinkChart {
        caption: "Two associations".into(),
        nodes: vec![node(1, "Alpha"), node(2, "Bravo"), node(3, "Charlie")],
        edges: vec![
            ChartEdge { from: 1, to: 2, label: "knows".into(), confirmed: true },
            ChartEdge { from: 2, to: 3, label: "maybe knows".into(), confirmed: false },
        ],
    }];
    let html = render_html(&doc);
    assert_eq!(html.matches("<svg").count(), 1);
    let lines = lines_of(&html);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let confirmed = lines.iter().find(|l| l.contains("edge confirmed")).expect("confirmed edge");
    let unconfirmed = lines.iter().find(|l| l.contains("edge unconfirmed")).expect("unconfirmed edge");
    assert!(!confirmed.contains("stroke-dasharray"), "confirmed must be solid: {confirmed}");
    assert!(unconfirmed.contains("stroke-dasharray=\"4 3\""), "unconfirmed must be dashed: {unconfirmed}");
    assert!(html.contains("Solid line: confirmed association \u{b7} Dashed line: unconfirmed association"));
    // The same associations as a text table.
    assert!(html.contains("<td>Alpha</td><td>knows</td><td>Bravo</td><td>yes</td>"));
    assert!(html.contains("<td>Bravo</td><td>maybe knows</td><td>Charlie</td><td>no</td>"));
    assert!(html.contains("<g class=\"node person\"><title>Alpha</title>"));
}

#[test]
fn odd_node_kinds_never_reach_a_class_attribute() {
    let mut doc = base_document();
    doc.blocks = vec![Block::LinkChart {
        caption: "x".into(),
        nodes: vec![ChartNode { id: 1, label: "n".into(), kind: "\" onmouseover=\"x".into() }],
        edges: vec![ChartEdge { from: 1, to: 9, label: "to nowhere".into(), confirmed: false }],
    }];
    let html = render_html(&doc);
    assert!(html.contains("<g class=\"node other\">"));
    assert!(!html.contains("onmouseover=\""));
    // An edge to an unknown node is not drawn but is still listed.
    assert!(lines_of(&html).is_empty());
    assert!(html.contains("<td>unknown node 9</td>"));
}
