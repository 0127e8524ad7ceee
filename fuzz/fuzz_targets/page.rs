//! One markdown body rendered, with its links filled in as found, broken or external.
//! What must hold is in `checks.rs`.
#![no_main]

// Each target calls one of the checks.
#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::page(data));
