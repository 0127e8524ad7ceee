//! A whole page file cut into front matter and body, and its front matter typed.
//! What must hold is in `checks.rs`.
#![no_main]

// Each target calls one of the checks.
#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::front_matter(data));
