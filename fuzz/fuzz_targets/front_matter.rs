//! A whole page file cut into front matter and body, and its front matter typed: whatever
//! the bytes, either a value or positioned errors inside the file, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use praxis::config::{Config, Overrides};
use praxis::content::front_matter::{FrontMatter, split};

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let book = "[book]\ntitle = \"Fuzz\"\n\n[[relations]]\nname = \"related\"\n";
        Config::from_str(
            book,
            std::path::Path::new("/fuzz-site"),
            &Overrides::default(),
        )
        .expect("the fuzz site's book.toml is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    match split(text) {
        Ok(parts) => {
            assert!(parts.body_line >= 1);
            if let Some(front) = parts.front {
                if let Err(errors) = FrontMatter::from_text(&front, config()) {
                    assert!(!errors.is_empty());
                    for e in errors {
                        // Positions name a line of the file (or the line after its end).
                        assert!(e.location.line <= lines + 1, "{e:?} in {lines} lines");
                    }
                }
            }
        }
        Err(e) => assert!(e.location.line <= lines + 1, "{e:?} in {lines} lines"),
    }
});
