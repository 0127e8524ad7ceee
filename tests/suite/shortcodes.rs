//! Shortcodes as Hugo and Zola sites write them: every form renders as its author meant,
//! praxis's built-ins work without a template, a site's template wins over a built-in,
//! unknown and broken calls are reported where they are written, and nothing inside code is
//! ever expanded.

use std::collections::BTreeSet;

use praxis::BuildOptions;
use praxis::incremental::Live;

use crate::support::{TestSite, headlines};

fn forms() -> (TestSite, praxis::BuildReport) {
    let site = TestSite::fixture("shortcodes");
    let report = site.build_ok();
    (site, report)
}

#[test]
fn an_unknown_shortcode_is_one_warning_where_it_is_written_and_shown_as_text() {
    let (site, report) = forms();
    assert_eq!(
        headlines(&site, &report.warnings),
        ["content/forms.md:28:1: warning: unknown shortcode `nosuch`: shown as text"]
    );
    let help = report.warnings[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("templates/shortcodes/nosuch.html"), "{help}");
    let page = site.html("forms/index.html");
    let prose = page.text(".prose");
    assert!(
        prose.contains("{{< nosuch a=\"1\" >}}[[TOML]] inside{{< /nosuch >}}"),
        "{prose}"
    );
}

#[test]
fn angle_inner_text_reaches_the_template_as_written_and_percent_inner_text_rendered() {
    let (site, _) = forms();
    let page = site.html("forms/index.html");
    assert_eq!(
        page.inner_html("aside.callout-raw"),
        "**as written** [[NOT-A-LINK]]"
    );
    assert_eq!(
        page.inner_html("aside.callout-md"),
        "<p><strong>rendered</strong></p>\n"
    );
}

#[test]
fn a_block_shortcode_is_not_wrapped_in_a_paragraph() {
    let (site, _) = forms();
    let page = site.html("forms/index.html");
    for block in ["aside", "div", "figure", "details", "blockquote"] {
        assert_eq!(page.count(&format!(".prose p > {block}")), 0, "{block}");
    }
    // Inline calls stay in their sentence.
    assert_eq!(page.count(".prose p > span.badge"), 1);
}

#[test]
fn escaped_calls_and_calls_in_code_are_shown_literally() {
    let (site, _) = forms();
    let page = site.html("forms/index.html");
    let prose = page.text(".prose");
    assert!(
        prose.contains("Escaped: {{< note >}} and {{% alert type=\"tip\" %}}."),
        "{prose}"
    );
    assert_eq!(page.text(".prose p > code"), "{{< note >}}");
    let toml = page.text(".prose pre > code.language-toml");
    assert!(toml.contains("x = \"{{< note >}}\""), "{toml}");
    let rust = page.text(".prose pre > code.language-rust");
    assert!(rust.contains("println!(\"{{< note >}}\");"), "{rust}");
}

#[test]
fn param_reads_the_page_then_the_site() {
    let (site, _) = forms();
    let page = site.html("forms/index.html");
    assert!(
        page.text(".prose")
            .contains("Written by Ada; questions to help@example.org."),
    );
}

#[test]
fn ref_and_relref_resolve_like_links() {
    let (site, _) = forms();
    let page = site.html("forms/index.html");
    let hrefs = page.attrs(".prose a", "href");
    let to_guide = hrefs.iter().filter(|h| h.contains("guide")).count();
    // `[[GUIDE-1]]` in the note, the markdown link, and the raw HTML one.
    assert_eq!(to_guide, 3, "{hrefs:?}");
    assert!(
        hrefs
            .iter()
            .all(|h| !h.contains("@ref") && !h.contains("{{"))
    );
}

#[test]
fn built_in_alerts_notes_tabs_figures_and_details_render_without_a_template() {
    let (site, _) = forms();
    let page = site.html("forms/index.html");
    assert_eq!(page.text(".alert-note strong"), "note");
    assert_eq!(page.text(".alert-warning .alert-title"), "Mind the gap");
    assert_eq!(page.text(".alert-warning em"), "inside");
    assert_eq!(page.texts(".tabs .tab-label"), ["macOS", "Linux"]);
    assert_eq!(page.count(".tabs input[type=radio][checked]"), 1);
    let names: BTreeSet<String> = page
        .attrs(".tabs input[type=radio]", "name")
        .into_iter()
        .collect();
    assert_eq!(names.len(), 1, "one group: {names:?}");
    assert_eq!(page.text(".tab-panel strong"), "brew");
    assert_eq!(page.attrs("figure img", "src"), ["/img/flow.png"]);
    assert_eq!(page.attrs("figure img", "alt"), ["The flow"]);
    assert_eq!(page.text("figure figcaption em"), "build");
    assert_eq!(page.text("details > summary"), "More");
    assert!(page.text("details").contains("Hidden until opened."));
}

#[test]
fn zola_calls_render_with_the_sites_templates() {
    let (site, _) = forms();
    let page = site.html("forms/index.html");
    assert_eq!(page.text("span.badge"), "new (3)");
    assert_eq!(page.text("blockquote.quote cite"), "Grace");
    assert!(page.text("blockquote.quote").contains("Ship it."));
}

#[test]
fn nested_calls_know_their_parent_order_and_count() {
    let (site, _) = forms();
    let page = site.html("forms/index.html");
    let nth = page.attrs("span.nested", "data-nth");
    let ordinal = page.attrs("span.nested", "data-ordinal");
    let parent = page.attrs("span.nested", "data-parent");
    assert_eq!(nth, ["1", "2", "3"]);
    assert_eq!(parent, ["", "nested-1", "nested-1"]);
    assert_eq!(ordinal[1..], ["0", "1"]);
}

#[test]
fn included_markdown_html_and_code_render_in_place() {
    let (site, _) = forms();
    let page = site.html("guide/index.html");
    assert_eq!(page.texts(".toc a"), ["Install"]);
    assert_eq!(page.text(".banner"), "Included as HTML");
    assert!(
        page.text(".prose pre > code.language-toml")
            .contains("[[params]]")
    );
    assert!(!page.text(".prose").contains("not a page"));
}

#[test]
fn headings_inside_shortcodes_take_their_place_in_the_table_of_contents() {
    let (site, _) = forms();
    let page = site.html("contents/index.html");
    assert_eq!(
        page.texts(".toc a"),
        ["Before", "Inside the alert", "After"]
    );
}

fn site_with(body: &str, templates: &[(&str, &str)]) -> TestSite {
    let mut files = vec![
        ("book.toml", "[book]\ntitle = \"Calls\"\n"),
        ("content/page.md", body),
    ];
    files.extend_from_slice(templates);
    TestSite::with_files(&files)
}

#[test]
fn a_failing_template_names_the_call_and_the_templates_own_line() {
    let site = site_with(
        "---\ntitle: P\n---\nText.\n\nSee {{< broken >}} here.\n",
        &[(
            "templates/shortcodes/broken.html",
            "<b>\n{{ args.missing.deeper }}</b>\n",
        )],
    );
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("content/page.md:6:5: error: shortcode `broken` failed"),
        "{lines:?}"
    );
    let notes = &err.diagnostics()[0].notes;
    assert!(
        notes
            .iter()
            .any(|n| n.contains("templates/shortcodes/broken.html:2")),
        "{notes:?}"
    );
}

#[test]
fn malformed_calls_are_errors_at_their_position_and_the_previous_output_stays() {
    let site = site_with("---\ntitle: P\n---\nOne {{< note >}}x{{< /note >}}\n", &[]);
    site.build_ok();
    let before = site.read("public/page/index.html");
    site.write(
        "content/page.md",
        "---\ntitle: P\n---\nOne {{< note \n\nTwo {{< /tabs >}}\n",
    );
    let err = site.build_err();
    assert_eq!(site.read("public/page/index.html"), before);
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("content/page.md:4:5: error:"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("content/page.md:6:5: error:"),
        "{lines:?}"
    );
}

#[test]
fn include_never_reads_outside_the_site() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "SECRET").unwrap();
    let site = site_with(
        "---\ntitle: P\n---\n{{% include \"../../secret.md\" %}}\n\n{{% include \"linked.md\" %}}\n\n{{% include \"nowhere.md\" %}}\n",
        &[],
    );
    std::os::unix::fs::symlink(outside.path().join("secret.md"), site.path("linked.md")).unwrap();
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(
        lines,
        [
            "content/page.md:4:1: error: `include` cannot read `../../secret.md`: it is outside the site",
            "content/page.md:6:1: error: `include` cannot read `linked.md`: it is outside the site",
            "content/page.md:8:1: error: `include` found no file `nowhere.md`",
        ]
    );
}

#[test]
fn a_sites_template_replaces_a_built_in_of_the_same_name() {
    let site = site_with(
        "---\ntitle: P\n---\n{{< ref \"other.md\" >}} {{< note >}}x{{< /note >}}\n",
        &[
            (
                "templates/shortcodes/ref.html",
                "<i>ref to {{ positional[0] }}</i>",
            ),
            (
                "templates/shortcodes/note.html",
                "<u>{{ inner | safe }}</u>",
            ),
        ],
    );
    site.build_ok();
    let page = site.html("page/index.html");
    assert_eq!(page.text(".prose i"), "ref to other.md");
    // The site's own template gets the inner text as written: not rendered.
    assert_eq!(page.inner_html(".prose u"), "x");
}

#[test]
fn text_that_only_looks_like_a_zola_call_stays_text() {
    let site = site_with(
        "---\ntitle: P\n---\nWrite {{ page.title }} or {{ unknown(x=1) }} and {% if x %} in templates.\n",
        &[],
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let text = site.html("page/index.html").text(".prose");
    assert!(
        text.contains("Write {{ page.title }} or {{ unknown(x=1) }} and {% if x %} in templates."),
        "{text}"
    );
}

#[test]
fn serve_renders_a_page_again_when_its_shortcode_template_or_included_file_changes() {
    let site = TestSite::fixture("shortcodes");
    let (mut live, first) = Live::load(site.root(), &BuildOptions::default()).unwrap();
    first.unwrap();
    site.write(
        "templates/shortcodes/badge.html",
        "<span class=\"badge\">{{ args.label }}!</span>",
    );
    let touched = BTreeSet::from([site.path("templates/shortcodes/badge.html")]);
    live.update(&touched, false).unwrap();
    crate::incremental::assert_same_site(&mut live, site.root());
    site.write("snippets/setup.md", "## Set up anew\n");
    let touched = BTreeSet::from([site.path("snippets/setup.md")]);
    live.update(&touched, false).unwrap();
    // A full build reads the new text; the served site must be the same.
    crate::incremental::assert_same_site(&mut live, site.root());
    site.build_ok();
    assert!(site.read("public/guide/index.html").contains("Set up anew"));
}

#[test]
fn a_ref_path_is_read_from_the_pages_folder_then_from_the_content_folder() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Refs\"\n"),
        ("content/guide/setup.md", "---\ntitle: Setup\n---\nText.\n"),
        ("content/guide/local.md", "---\ntitle: Local\n---\nText.\n"),
        (
            "content/guide/two.md",
            "---\ntitle: Two\n---\n[a]({{< ref \"guide/setup.md\" >}}) [b]({{< ref \"local.md\" >}}) <a href=\"{{< relref \"guide/local.md\" >}}\">c</a> [d]({{< ref \"nope.md\" >}})\n",
        ),
    ]);
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 1, "{lines:?}");
    // The broken one is named as written, not as praxis rewrote it.
    assert!(
        lines[0].contains("nope.md") && !lines[0].contains("@ref"),
        "{lines:?}"
    );
}

#[test]
fn param_knows_the_keys_praxis_reads_and_escaped_calls_do_not_count_as_tabs() {
    let site = site_with(
        "---\ntitle: The page\ntags: [one, two]\n---\n{{< param \"title\" >}} / {{< param \"tags\" >}}\n\n{{< tabs >}}{{</* tab */>}}{{< tab \"A\" >}}a{{< /tab >}}{{< /tabs >}}\n",
        &[(
            "book.toml",
            "[book]\ntitle = \"Calls\"\n\n[[taxonomies]]\nname = \"tags\"\n",
        )],
    );
    site.build_ok();
    let page = site.html("page/index.html");
    assert!(
        page.text(".prose").contains("The page / one, two"),
        "{}",
        page.text(".prose")
    );
    assert_eq!(page.count(".tabs input[checked]"), 1);
}
