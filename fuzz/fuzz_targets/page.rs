//! One page body through markdown, with its links filled in as found, broken or external:
//! no panic, and no link placeholder left in the HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use praxis::markdown::highlight::Highlighter;
use praxis::markdown::links::{Resolution, fill, fill_text};
use praxis::markdown::{Options, render};

fuzz_target!(|data: &[u8]| {
    let Some((&choice, body)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    let highlighter = Highlighter::default();
    let prefixes = ["https://docs.example.org/".to_string()];
    let options = Options {
        title_from_heading: choice & 1 != 0,
        title: (choice & 2 != 0).then_some("OPS01-BP02 Keep it simple"),
        id: (choice & 2 != 0).then_some("OPS01-BP02"),
        whole_summary: choice & 4 != 0,
        first_line: usize::from(choice >> 4),
        site_prefixes: &prefixes,
        base_path: "/",
        former_urls: choice & 8 != 0,
        // Highlighting only sometimes: loading the syntaxes is slow, the rest is not.
        highlighter: (choice == 0xff).then_some(&highlighter),
        html_as_text: choice & 0x40 != 0,
    };
    let rendered = render(body, &options);
    let resolutions: Vec<Resolution> = (0..rendered.links.len())
        .map(|i| match i % 3 {
            0 => Resolution::Found {
                href: "/a/b/".into(),
                title: Some("A <title> & more".into()),
            },
            1 => Resolution::Broken,
            _ => Resolution::External,
        })
        .collect();
    let html = fill(&rendered.html, &rendered.links, &resolutions);
    assert!(
        !html.contains('\u{1}'),
        "a placeholder was left in {html:?}"
    );
    for heading in &rendered.toc {
        let title = fill_text(&heading.title, &rendered.links, &resolutions);
        assert!(
            !title.contains('\u{1}'),
            "a placeholder was left in {title:?}"
        );
    }
});
