//! The notices the licences of the embedded syntax definitions ask for, kept in
//! `THIRD-PARTY-NOTICES.md` and packaged with the crate.

use std::fmt::Write as _;
use std::path::Path;

const FILE: &str = "THIRD-PARTY-NOTICES.md";

/// The file as the syntax set of this build of two-face asks for it.
fn expected() -> String {
    let mut md = String::from(
        "# Third-party notices\n\n\
         praxis is MIT OR Apache-2.0. Its binary embeds the syntax definitions that\n\
         [bat](https://github.com/sharkdp/bat) collects, as packaged by the\n\
         [two-face](https://codeberg.org/CosmicHarper/two-face) crate, to highlight code at\n\
         build time. The licences of those that ask to be acknowledged follow, each with the\n\
         file it comes from. Sites that praxis builds contain highlighted HTML, not these\n\
         definitions.\n\n\
         This file is checked against the embedded set by `tests/suite/notices.rs`; after\n\
         updating two-face, run `PRAXIS_BLESS=1 cargo test --test suite notices` to rewrite it.\n",
    );
    for license in two_face::acknowledgement::listing().for_syntaxes() {
        let text = license.text.trim_end();
        let path = license.rel_path.display();
        write!(md, "\n## {path}\n\n````text\n{text}\n````\n").expect("writing to a string");
    }
    md
}

#[test]
fn the_notices_file_lists_every_embedded_syntax_licence() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE);
    let expected = expected();
    if std::env::var_os("PRAXIS_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("notices written");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{FILE} is not what the embedded syntaxes ask for; rewrite it with \
         `PRAXIS_BLESS=1 cargo test --test suite notices`"
    );
    assert!(
        expected.matches("\n## ").count() > 5,
        "the listing has licences"
    );
}

#[test]
fn the_notices_file_is_packaged_with_the_crate() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("Cargo.toml");
    let include = manifest
        .lines()
        .find(|l| l.starts_with("include = "))
        .expect("Cargo.toml lists the files it packages");
    assert!(include.contains(&format!("\"{FILE}\"")), "{include}");
}
