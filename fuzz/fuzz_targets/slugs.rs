//! Slugs, heading ids and the natural order of any text.
//! What must hold is in `checks.rs`.
#![no_main]

// Each target calls one of the checks.
#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::slugs(data));
