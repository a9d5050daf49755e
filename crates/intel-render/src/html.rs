//! One self-contained HTML5 page: inline CSS only, no script, no external
//! resource, and a CSP that forbids anything else. Every piece of document
//! text goes through [`escape`]; only fixed strings from this file reach
//! attributes such as class names.

use crate::chart::{association_table, LEGEND};
use crate::model::{Block, Document};
use crate::svg::chart_svg;

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:11pt/1.45 Helvetica,Arial,sans-serif;color:#111;background:#fff}
.marking{margin:0;padding:.35rem 1rem;font-weight:700;font-size:11pt;letter-spacing:.04em;text-align:center;background:#fff}
.marking-top{border-bottom:2px solid #111}
.marking-bottom{border-top:2px solid #111}
main{max-width:48rem;margin:0 auto;padding:1.5rem 1rem 2rem}
.kind{margin:0;font-size:10pt;font-weight:700;text-transform:uppercase;color:#595959}
h1{margin:.2rem 0 .3rem;font-size:20pt;line-height:1.2}
h2{margin:1.4rem 0 .4rem;font-size:13pt}
.reference{margin:0 0 1rem;font-weight:700}
.handling,.note{margin:1rem 0;padding:.6rem .9rem;border:1px solid;border-left-width:4px}
.handling{border-color:#b31f1f;background:#fdf5f5}
.note{border-color:#cc8c1a;background:#fff8e1}
.box-label{margin:0 0 .25rem;font-weight:700}
.handling ul{margin:0;padding-left:1.2rem}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1.2rem;margin:0 0 1rem}
dl.meta dt{font-weight:700;font-size:9.5pt;color:#595959}
dl.meta dd{margin:0}
.dissemination-label{margin:0;font-weight:700;font-size:9.5pt;color:#595959}
.dissemination{margin:.1rem 0 1rem;padding-left:1.2rem}
hr{border:0;border-top:1px solid #8c8c8c;margin:1rem 0 1.2rem}
p,li,td,th,dd,.box-text{white-space:pre-line;overflow-wrap:anywhere}
th,td{overflow-wrap:break-word}
table{width:100%;margin:.6rem 0 1rem;border-collapse:collapse;font-size:9.5pt}
caption{padding:0 0 .3rem;text-align:left;font-weight:700}
th,td{padding:3px 5px;border:1px solid #8c8c8c;text-align:left;vertical-align:top}
thead th{background:#e6e6e6}
figure.link-chart{margin:1.2rem 0 .4rem}
figure.link-chart figcaption{font-weight:700;margin:0 0 .3rem}
svg.chart{display:block;width:100%;height:auto;border:1px solid #ccc}
.legend{margin:.3rem 0 0;font-size:9pt;color:#595959}
.print-frame{width:100%;margin:0;border:0;border-collapse:collapse}
.print-frame>*>tr>td{padding:0;border:0;white-space:normal}
@media print{
@page{size:A4;margin:16mm 15mm}
body{font-size:10pt}
.marking{position:fixed;left:0;right:0;padding:0;border:0}
.marking-top{top:0}
.marking-bottom{bottom:0}
.print-frame>thead>tr>td,.print-frame>tfoot>tr>td{height:2.2rem}
main{max-width:none;padding:0}
thead{display:table-header-group}
tfoot{display:table-footer-group}
tr,figure,.note,.handling{break-inside:avoid}
h2{break-after:avoid}
}
"#;

/// Escapes the five characters that matter in HTML text and quoted
/// attributes. NUL, which the HTML parser would mangle anyway, becomes U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(doc: &Document) -> String {
    let marking = escape(doc.marking.trim());
    let mut h = String::with_capacity(8 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"));
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!("<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n", escape(&doc.title)));
    h.push_str(&format!("<header class=\"marking marking-top\">{marking}</header>\n"));
    // In print the banners are fixed to every page; the empty repeating
    // head and foot rows of this frame keep the text from running under them.
    h.push_str("<table class=\"print-frame\" role=\"presentation\"><thead><tr><td></td></tr></thead><tfoot><tr><td></td></tr></tfoot><tbody><tr><td>\n<main>\n");
    title_block(&mut h, doc);
    for block in &doc.blocks {
        block_html(&mut h, block);
    }
    h.push_str("</main>\n</td></tr></tbody></table>\n");
    h.push_str(&format!("<footer class=\"marking marking-bottom\">{marking}</footer>\n</body>\n</html>\n"));
    h
}

fn title_block(h: &mut String, doc: &Document) {
    if !doc.kind.trim().is_empty() {
        h.push_str(&format!("<p class=\"kind\">{}</p>\n", escape(&doc.kind)));
    }
    h.push_str(&format!("<h1>{}</h1>\n", escape(&doc.title)));
    let reference: Vec<String> = [&doc.reference, &doc.unit].into_iter().filter(|s| !s.trim().is_empty()).map(|s| escape(s)).collect();
    if !reference.is_empty() {
        h.push_str(&format!("<p class=\"reference\">{}</p>\n", reference.join(" \u{b7} ")));
    }
    if !doc.handling.is_empty() {
        h.push_str(
            "<section class=\"handling\" aria-label=\"Handling conditions\">\n<p class=\"box-label\">Handling conditions</p>\n<ul>\n",
        );
        for condition in &doc.handling {
            h.push_str(&format!("<li>{}</li>\n", escape(condition)));
        }
        h.push_str("</ul>\n</section>\n");
    }
    if !doc.meta.is_empty() {
        h.push_str("<dl class=\"meta\">\n");
        for (label, value) in &doc.meta {
            h.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(label), escape(value)));
        }
        h.push_str("</dl>\n");
    }
    if !doc.dissemination.is_empty() {
        h.push_str("<p class=\"dissemination-label\">Dissemination</p>\n<ul class=\"dissemination\">\n");
        for recipient in &doc.dissemination {
            h.push_str(&format!("<li>{}</li>\n", escape(recipient)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<hr>\n");
}

fn block_html(h: &mut String, block: &Block) {
    match block {
        Block::Heading(text) => h.push_str(&format!("<h2>{}</h2>\n", escape(text))),
        Block::Paragraph(text) => h.push_str(&format!("<p>{}</p>\n", escape(text))),
        Block::Bullets(items) => {
            h.push_str("<ul>\n");
            for item in items {
                h.push_str(&format!("<li>{}</li>\n", escape(item)));
            }
            h.push_str("</ul>\n");
        }
        Block::Note { label, text } => h.push_str(&format!(
            "<aside class=\"note\">\n<p class=\"box-label\">{}</p>\n<div class=\"box-text\">{}</div>\n</aside>\n",
            escape(label),
            escape(text)
        )),
        Block::Table { caption, header, rows } => table_html(h, caption.as_deref(), header, rows),
        Block::LinkChart { caption, nodes, edges } => {
            h.push_str(&format!("<figure class=\"link-chart\">\n<figcaption>{}</figcaption>\n", escape(caption)));
            h.push_str(&chart_svg(caption, nodes, edges));
            h.push_str(&format!("\n<p class=\"legend\">{}</p>\n</figure>\n", escape(LEGEND)));
            let (header, rows) = association_table(nodes, edges);
            if rows.is_empty() {
                h.push_str("<p class=\"legend\">No associations recorded.</p>\n");
            } else {
                table_html(h, Some("Associations in the chart"), &header, &rows);
            }
        }
    }
}

fn table_html(h: &mut String, caption: Option<&str>, header: &[String], rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).chain(std::iter::once(header.len())).max().unwrap_or(0);
    if columns == 0 {
        if let Some(caption) = caption.filter(|c| !c.is_empty()) {
            h.push_str(&format!("<p class=\"box-label\">{}</p>\n", escape(caption)));
        }
        return;
    }
    h.push_str("<table>\n");
    if let Some(caption) = caption.filter(|c| !c.is_empty()) {
        h.push_str(&format!("<caption>{}</caption>\n", escape(caption)));
    }
    if !header.is_empty() {
        h.push_str("<thead><tr>");
        for i in 0..columns {
            h.push_str(&format!("<th scope=\"col\">{}</th>", escape(header.get(i).map_or("", String::as_str))));
        }
        h.push_str("</tr></thead>\n");
    }
    h.push_str("<tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for i in 0..columns {
            h.push_str(&format!("<td>{}</td>", escape(row.get(i).map_or("", String::as_str))));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}
