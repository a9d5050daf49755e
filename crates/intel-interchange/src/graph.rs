//! Link charts for the tools analysts already use: GraphML (yEd, Gephi,
//! networkx) and i2 Analyst's Notebook's exchange format (ANX). The chart's
//! protective marking travels inside the file as well as in its name: as a
//! graph attribute in GraphML, and in the chart summary and on every item in
//! ANX.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::io;

#[derive(Debug, Clone, PartialEq)]
pub struct ChartEntity {
    /// Stable within the chart; written as `e<id>`.
    pub id: i64,
    pub label: String,
    /// POLE kind: person, object, location, event, organisation.
    pub kind: String,
    pub object_type: Option<String>,
    /// Other systems' references, as "PNC 01/123456X".
    pub references: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartLink {
    pub from: i64,
    pub to: i64,
    pub label: String,
    pub confirmed: bool,
    /// The report that supports the association, when there is one.
    pub supporting: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinkChart {
    pub title: String,
    pub marking: String,
    pub entities: Vec<ChartEntity>,
    pub links: Vec<ChartLink>,
}

/// XML 1.0 cannot carry most control characters even escaped; they are
/// dropped from text rather than making the file unreadable.
fn xml_safe(s: &str) -> String {
    s.chars().filter(|&c| matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')).collect()
}

fn writer() -> Writer<Vec<u8>> {
    Writer::new_with_indent(Vec::new(), b' ', 2)
}

fn finish(w: Writer<Vec<u8>>) -> String {
    let mut s = String::from_utf8(w.into_inner()).unwrap_or_default();
    s.push('\n');
    s
}

fn entity_type(e: &ChartEntity) -> &'static str {
    match (e.kind.as_str(), e.object_type.as_deref()) {
        ("person", _) => "Person",
        ("organisation", _) => "Organisation",
        ("location", _) => "Location",
        ("event", _) => "Event",
        (_, Some("vehicle")) => "Vehicle",
        (_, Some("phone")) => "Phone",
        (_, Some("email")) => "Email",
        (_, Some("weapon")) => "Weapon",
        _ => "Object",
    }
}

impl LinkChart {
    /// GraphML 1.0 with typed keys; links are directed as recorded.
    pub fn to_graphml(&self) -> io::Result<String> {
        let mut w = writer();
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("graphml")
            .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
            .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
            .with_attribute((
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ))
            .write_inner_content(|w| {
                let keys = [
                    ("marking", "graph", "marking", "string"),
                    ("title", "graph", "title", "string"),
                    ("label", "node", "label", "string"),
                    ("kind", "node", "kind", "string"),
                    ("object_type", "node", "object_type", "string"),
                    ("references", "node", "references", "string"),
                    ("association", "edge", "association", "string"),
                    ("confirmed", "edge", "confirmed", "boolean"),
                    ("supporting_report", "edge", "supporting_report", "string"),
                ];
                for (id, target, name, ty) in keys {
                    w.create_element("key")
                        .with_attribute(("id", id))
                        .with_attribute(("for", target))
                        .with_attribute(("attr.name", name))
                        .with_attribute(("attr.type", ty))
                        .write_empty()?;
                }
                w.create_element("graph").with_attribute(("id", "chart")).with_attribute(("edgedefault", "directed")).write_inner_content(
                    |w| {
                        data(w, "marking", &self.marking)?;
                        data(w, "title", &self.title)?;
                        for e in &self.entities {
                            let id = format!("e{}", e.id);
                            w.create_element("node").with_attribute(("id", id.as_str())).write_inner_content(|w| {
                                data(w, "label", &e.label)?;
                                data(w, "kind", &e.kind)?;
                                if let Some(t) = &e.object_type {
                                    data(w, "object_type", t)?;
                                }
                                if !e.references.is_empty() {
                                    data(w, "references", &e.references.join("; "))?;
                                }
                                Ok(())
                            })?;
                        }
                        for (i, l) in self.links.iter().enumerate() {
                            let (id, from, to) = (format!("l{i}"), format!("e{}", l.from), format!("e{}", l.to));
                            w.create_element("edge")
                                .with_attribute(("id", id.as_str()))
                                .with_attribute(("source", from.as_str()))
                                .with_attribute(("target", to.as_str()))
                                .write_inner_content(|w| {
                                    data(w, "association", &l.label)?;
                                    data(w, "confirmed", if l.confirmed { "true" } else { "false" })?;
                                    if let Some(r) = &l.supporting {
                                        data(w, "supporting_report", r)?;
                                    }
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    },
                )?;
                Ok(())
            })?;
        Ok(finish(w))
    }

    /// i2 Analyst's Notebook exchange (ANX XML): entity types by POLE kind,
    /// links drawn with the Confirmed (solid) or Unconfirmed (dashed)
    /// strength, and the marking as an attribute of every item and in the
    /// chart summary. Entities are laid out on a circle; the analyst
    /// arranges them in Analyst's Notebook.
    pub fn to_anx(&self) -> io::Result<String> {
        let mut w = writer();
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("Chart").with_attribute(("IdReferenceLinking", "false")).write_inner_content(|w| {
            w.create_element("StrengthCollection").write_inner_content(|w| {
                for (name, dots) in [("Confirmed", "DotStyleSolid"), ("Unconfirmed", "DotStyleDashed")] {
                    w.create_element("Strength").with_attribute(("Name", name)).with_attribute(("DotStyle", dots)).write_empty()?;
                }
                Ok(())
            })?;
            w.create_element("AttributeClassCollection").write_inner_content(|w| {
                for name in ["Marking", "Kind", "References", "Supporting report"] {
                    w.create_element("AttributeClass")
                        .with_attribute(("Name", name))
                        .with_attribute(("Type", "AttText"))
                        .with_attribute(("ShowValue", "true"))
                        .write_empty()?;
                }
                Ok(())
            })?;
            w.create_element("EntityTypeCollection").write_inner_content(|w| {
                let mut types: Vec<&str> = self.entities.iter().map(entity_type).collect();
                types.sort_unstable();
                types.dedup();
                for t in types {
                    w.create_element("EntityType").with_attribute(("Name", t)).with_attribute(("IconFile", t)).write_empty()?;
                }
                Ok(())
            })?;
            w.create_element("LinkTypeCollection").write_inner_content(|w| {
                w.create_element("LinkType").with_attribute(("Name", "Link")).with_attribute(("Colour", "0")).write_empty()?;
                Ok(())
            })?;
            w.create_element("ChartItemCollection").write_inner_content(|w| {
                let n = self.entities.len().max(1) as f64;
                for (i, e) in self.entities.iter().enumerate() {
                    let angle = std::f64::consts::TAU * i as f64 / n;
                    let (x, y) = ((400.0 + 300.0 * angle.cos()).round() as i64, (400.0 + 300.0 * angle.sin()).round() as i64);
                    let (id, label, xs, ys) = (format!("e{}", e.id), xml_safe(&e.label), x.to_string(), y.to_string());
                    w.create_element("ChartItem")
                        .with_attribute(("Label", label.as_str()))
                        .with_attribute(("DateSet", "false"))
                        .with_attribute(("XPosition", xs.as_str()))
                        .write_inner_content(|w| {
                            w.create_element("End").with_attribute(("Y", ys.as_str())).write_inner_content(|w| {
                                w.create_element("Entity")
                                    .with_attribute(("EntityId", id.as_str()))
                                    .with_attribute(("Identity", label.as_str()))
                                    .write_inner_content(|w| {
                                        w.create_element("Icon").write_inner_content(|w| {
                                            w.create_element("IconStyle").with_attribute(("Type", entity_type(e))).write_empty()?;
                                            Ok(())
                                        })?;
                                        Ok(())
                                    })?;
                                Ok(())
                            })?;
                            let mut attrs = vec![("Marking", self.marking.clone()), ("Kind", e.kind.clone())];
                            if !e.references.is_empty() {
                                attrs.push(("References", e.references.join("; ")));
                            }
                            attributes(w, &attrs)
                        })?;
                }
                for l in &self.links {
                    let (from, to, label) = (format!("e{}", l.from), format!("e{}", l.to), xml_safe(&l.label));
                    w.create_element("ChartItem")
                        .with_attribute(("Label", label.as_str()))
                        .with_attribute(("DateSet", "false"))
                        .write_inner_content(|w| {
                            w.create_element("Link")
                                .with_attribute(("End1Id", from.as_str()))
                                .with_attribute(("End2Id", to.as_str()))
                                .write_inner_content(|w| {
                                    w.create_element("LinkStyle")
                                        .with_attribute(("Type", "Link"))
                                        .with_attribute(("ArrowStyle", "ArrowOnHead"))
                                        .with_attribute(("Strength", if l.confirmed { "Confirmed" } else { "Unconfirmed" }))
                                        .write_empty()?;
                                    Ok(())
                                })?;
                            let mut attrs = vec![("Marking", self.marking.clone())];
                            if let Some(r) = &l.supporting {
                                attrs.push(("Supporting report", r.clone()));
                            }
                            attributes(w, &attrs)
                        })?;
                }
                Ok(())
            })?;
            w.create_element("Summary").write_inner_content(|w| {
                let title = xml_safe(&self.title);
                for (ty, value) in [("SummaryFieldTitle", title.as_str()), ("SummaryFieldSubject", self.marking.as_str())] {
                    w.create_element("Field").with_attribute(("Type", ty)).with_attribute(("Value", value)).write_empty()?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
        Ok(finish(w))
    }
}

fn data(w: &mut Writer<Vec<u8>>, key: &str, value: &str) -> io::Result<()> {
    let value = xml_safe(value);
    w.create_element("data").with_attribute(("key", key)).write_text_content(BytesText::new(&value))?;
    Ok(())
}

fn attributes(w: &mut Writer<Vec<u8>>, attrs: &[(&str, String)]) -> io::Result<()> {
    w.create_element("AttributeCollection").write_inner_content(|w| {
        for (class, value) in attrs {
            let value = xml_safe(value);
            w.create_element("Attribute")
                .with_attribute(("AttributeClass", *class))
                .with_attribute(("Value", value.as_str()))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn chart() -> LinkChart {
        LinkChart {
            title: "Harbour Street <group> & \"friends\"".into(),
            marking: "OFFICIAL-SENSITIVE".into(),
            entities: vec![
                ChartEntity {
                    id: 1,
                    label: "John SMITH".into(),
                    kind: "person".into(),
                    object_type: None,
                    references: vec!["PNC 01/123456X".into()],
                },
                ChartEntity {
                    id: 2,
                    label: "AB12 CDE\u{1}".into(),
                    kind: "object".into(),
                    object_type: Some("vehicle".into()),
                    references: vec![],
                },
            ],
            links: vec![ChartLink { from: 1, to: 2, label: "drives".into(), confirmed: false, supporting: Some("IR-2026-000001".into()) }],
        }
    }

    #[test]
    fn graphml_escapes_and_drops_what_xml_cannot_carry() {
        let g = chart().to_graphml().unwrap();
        assert!(
            g.contains("Harbour Street &lt;group&gt; &amp; &quot;friends&quot;")
                || g.contains("Harbour Street &lt;group&gt; &amp; \"friends\""),
            "{g}"
        );
        assert!(!g.contains('\u{1}'));
        assert!(g.contains(r#"<edge id="l0" source="e1" target="e2">"#), "{g}");
        assert!(g.contains(r#"<data key="marking">OFFICIAL-SENSITIVE</data>"#));
    }

    #[test]
    fn anx_links_name_their_ends_and_strength() {
        let a = chart().to_anx().unwrap();
        assert!(a.contains(r#"<Link End1Id="e1" End2Id="e2">"#), "{a}");
        assert!(a.contains(r#"Strength="Unconfirmed""#));
        assert!(a.contains(r#"<IconStyle Type="Vehicle"/>"#));
        assert_eq!(a.matches(r#"AttributeClass="Marking" Value="OFFICIAL-SENSITIVE""#).count(), 3, "every item carries the marking");
    }
}
