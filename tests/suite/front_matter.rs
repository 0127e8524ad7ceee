//! Front matter as it comes from the field: Hugo-style principle pages with nested maps and
//! block scalars, Windows line endings and a BOM, values YAML types unexpectedly.

use crate::support::TestSite;

#[test]
fn unknown_keys_reach_templates_with_their_shape_and_case() {
    let site = TestSite::fixture("front-matter");
    site.build_ok();
    let page = site.html("principles/steady-flow/index.html");
    assert_eq!(page.text("h1"), "Steady Flow");
    assert_eq!(
        page.text("#headline"),
        "Steady Flow: Small Batches, Fewer Surprises"
    );
    assert_eq!(page.text("#resource"), "q7Xk2LmPa0");
    assert_eq!(page.text("#priority"), "0.7");
    assert_eq!(page.text("#cards"), "0");
    assert_eq!(
        page.texts("#extra-keys li"),
        [
            "ClassificationType",
            "ResourceId",
            "abstract",
            "Instructions",
            "headline",
            "sitemap",
            "icon",
            "concepts"
        ]
    );
    assert_eq!(
        page.texts("#instructions li"),
        ["Limit work in progress", "Finish before starting"]
    );
    assert_eq!(page.texts("#instructions strong"), ["steady flow"]);
}

#[test]
fn known_keys_are_typed_and_taxonomies_read_their_configured_key() {
    let site = TestSite::fixture("front-matter");
    site.build_ok();
    let page = site.html("principles/steady-flow/index.html");
    assert_eq!(page.text("#date"), "2025-05-13T09:00:00");
    assert_eq!(page.text("#date-fmt"), "13 May 2025 09:00");
    assert_eq!(page.text("#weight"), "210");
    assert_eq!(page.texts("#tags li"), ["Small Batches", "Lead Time"]);
    assert_eq!(page.texts("#risk li"), ["Medium"]);
    // The aliases are typed too: each gets a redirect.
    assert!(site.has_output("principles/flow/index.html"));
    assert!(site.has_output("resources/q7Xk2LmPa0/index.html"));
}

#[test]
fn bom_crlf_leading_blank_lines_and_key_case_are_tolerated() {
    let site = TestSite::fixture("front-matter");
    site.build_ok();
    let page = site.html("principles/windows/index.html");
    assert_eq!(page.text("h1"), "Windows Authored");
    assert_eq!(page.text("#weight"), "3");
    assert_eq!(page.text("#date"), "2025-05-13T09:00:00+02:00");
    assert!(page.text("#content").contains("CRLF line endings."));
}

#[test]
fn scalars_of_another_type_are_coerced_where_harmless() {
    let site = TestSite::fixture("front-matter");
    site.build_ok();
    let page = site.html("principles/numbers/index.html");
    assert_eq!(page.text("h1"), "2019");
    assert_eq!(page.text("#id"), "42");
    assert_eq!(page.text("#weight"), "7");
    assert_eq!(page.texts("#tags li"), ["Single Tag"]);
}

#[test]
fn the_field_examples_build_without_complaint() {
    // Pages shaped like those exported from documentation sites: no front matter, chrome
    // leftovers, stray closing tags, absolute links to the old site.
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Field\"\n"),
        (
            "content/ops01-bp07.md",
            "[Docs](/index.html)[Framework](welcome.html)\n\n[Guidance](#implementation-guidance)\n\n\
             # OPS01-BP07 Plan for people\n\nLead paragraph.\n\n**Desired outcome:**\n\n* One.\n\n\
             **Level of risk exposed if this best practice is not established:** High\n\n\
             ## Implementation guidance\n\nDo it.\n\n## Resources\n\n**Related best practices:**\n\n\
             * [OPS11-BP03 Close the loop](https://docs.example.com/framework/ops_loop.html)\n\n\
             Did this page help you? - Yes\n\nThanks!</fancy-docs-view></fancy-app-layout>",
        ),
    ]);
    // The chrome's leftover link to the old site's `welcome.html` is worth a warning, not a
    // failed build: plain paths may belong to another application on the same host.
    let report = site.build_ok();
    assert_eq!(
        crate::support::headlines(&site, &report.warnings),
        [
            "content/ops01-bp07.md:1:20: warning: broken link “Framework” to `welcome.html`: no page or file at `welcome.html` in the content folder"
        ]
    );
    let page = site.html("ops01-bp07/index.html");
    assert_eq!(page.text("main h1"), "OPS01-BP07 Plan for people");
    assert_eq!(
        page.attrs(".prose h2", "id"),
        ["implementation-guidance", "resources"]
    );
}
