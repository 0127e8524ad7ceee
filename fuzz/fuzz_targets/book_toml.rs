//! Any book.toml: a configuration, or errors positioned inside the file.
//! What must hold is in `checks.rs`.
#![no_main]

// Each target calls one of the checks.
#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::book_toml(data));
