//! Arbitrary bytes as a bundle file: the reader must refuse or accept, never
//! panic, hang or allocate without bound.
#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = common::open(data);
});
