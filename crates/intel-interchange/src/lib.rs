//! Data to and from the force's other systems.
//!
//! A standalone workstation cannot query OCGM, the PND or crime recording
//! live; it takes in their extracts and compares them with what the unit
//! holds. Comparison only works on normalised values: the same phone number
//! written three ways must be one number. This crate holds those rules and
//! the name matching, with no database, so the core, the CLI and the
//! benchmarks share them.

pub mod extract;
pub mod graph;
pub mod names;
pub mod normalise;
pub mod stix;
pub mod table;

pub use names::{name_key, name_similarity, PersonName};
pub use normalise::{date_of_birth, phone_e164, postcode, vehicle_registration, Normalised};
