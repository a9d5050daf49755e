//! Data handed on to other tools: link charts as GraphML and i2 ANX. Like
//! every export, what leaves is only what the person may see, written whole
//! or not at all, and audited with the file's SHA-256.

pub mod charts;
pub mod lists;
pub mod stix;
