//! Any book.toml: a configuration, or errors positioned inside the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use praxis::config::{Config, Overrides};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    let root = std::path::Path::new("/fuzz-site");
    if let Err(errors) = Config::from_str(text, root, &Overrides::default()) {
        assert!(!errors.is_empty());
        for e in errors {
            if let Some(line) = e.line {
                assert!(line <= lines + 1, "{e:?} in {lines} lines");
            }
        }
    }
});
