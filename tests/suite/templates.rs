//! Templates: the theme's, overridden file by file by the site's; errors name the template
//! file and line.

use crate::support::{TestSite, headlines};

#[test]
fn a_site_template_overrides_the_theme_file_by_file() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"mine\">{{ section.title }}: {{ section.pages | length }} pages</p>{% endblock content %}",
    );
    site.build_ok();
    let ops01 = site.html("ops/ops01/index.html");
    assert_eq!(
        ops01.text("#mine"),
        "OPS 1. How do you plan your work?: 3 pages"
    );
    // base.html still comes from the theme; pages still use the theme's page.html.
    assert_eq!(ops01.count(".sidebar"), 1);
    assert_eq!(site.html("about/index.html").count("#mine"), 0);
}

#[test]
fn front_matter_can_choose_a_template() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/landing.html",
        "<h1 id=\"landing\">{{ page.title }}</h1>{{ page.content }}",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\ntemplate: landing.html\n---\nHello <b>world</b>.\n",
    );
    site.build_ok();
    let about = site.html("about/index.html");
    assert_eq!(about.text("#landing"), "About");
    assert_eq!(about.texts("b"), ["world"]);
}

#[test]
fn values_are_escaped_and_markdown_html_is_not() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"A <b>bold</b> title\"\n"),
        (
            "content/x.md",
            "---\ntitle: \"<script>alert(1)</script>\"\n---\nSome <em>raw</em> html.\n",
        ),
    ]);
    site.build_ok();
    let html = site.output("x/index.html");
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("Some <em>raw</em> html."));
}

#[test]
fn syntax_errors_in_several_templates_are_all_reported_with_file_and_line() {
    let site = TestSite::fixture("basic");
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n");
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
    );
    let err = site.build_err();
    let lines = headlines(&site, err.diagnostics());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("templates/page.html:4:1: error: template syntax error"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("templates/section.html:2:"),
        "{lines:?}"
    );
}

#[test]
fn rendering_errors_name_the_template_line_and_the_pages() {
    let site = TestSite::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.extra.missing.deeper }}</p>\n{% endblock content %}\n",
    );
    let err = site.build_err();
    let diags = err.diagnostics();
    assert_eq!(diags.len(), 1, "one mistake, reported once: {diags:?}");
    let lines = headlines(&site, diags);
    assert!(lines[0].starts_with("templates/page.html:3:"), "{lines:?}");
    assert_eq!(
        diags[0].source_line.as_deref(),
        Some("<p>{{ page.extra.missing.deeper }}</p>")
    );
    assert!(
        diags[0].notes[0].contains("and 7 other pages"),
        "{:?}",
        diags[0].notes
    );
}

#[test]
fn a_theme_without_a_required_template_is_reported() {
    let site = TestSite::fixture("basic");
    site.write(
        "themes/bare/templates/base.html",
        "{% block content %}{% endblock content %}",
    );
    site.write(
        "book.toml",
        "[book]\ntitle = \"x\"\n[build]\ntheme = \"bare\"\n",
    );
    let err = site.build_err();
    assert_eq!(
        err.diagnostics()[0].message,
        "the theme lacks index.html, section.html, page.html, 404.html"
    );
}

#[test]
fn an_unknown_theme_is_a_config_error() {
    let site = TestSite::fixture("basic");
    site.write(
        "book.toml",
        "[book]\ntitle = \"x\"\n[build]\ntheme = \"nope\"\n",
    );
    let err = site.build_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.diagnostics()[0]
            .message
            .starts_with("theme `nope` not found")
    );
}

#[test]
fn an_unknown_filter_is_blamed_on_its_own_template_and_line() {
    // Regression: it was reported against the first template of the theme (404.html).
    let site = TestSite::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<pre>{{ page.taxonomies | json_encode }}</pre>\n{% endblock content %}\n",
    );
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        ["templates/page.html:3:27: error: template error: Unknown filter `json_encode`"]
    );
    assert_eq!(
        err.diagnostics()[0].source_line.as_deref(),
        Some("<pre>{{ page.taxonomies | json_encode }}</pre>")
    );
}

#[test]
fn one_failing_line_is_reported_once_even_when_pages_fail_differently() {
    // Tera's message lists the fields each page has, so messages differ page by page.
    let site = TestSite::fixture("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.extra.review.owner }}{% endblock content %}\n",
    );
    site.write(
        "content/about.md",
        "---\ntitle: About\nreview: {when: 2025}\n---\n",
    );
    let err = site.build_err();
    assert_eq!(err.diagnostics().len(), 1, "{:?}", err.diagnostics());
}

#[test]
fn cards_carry_twelve_fields_and_the_full_page_the_rest() {
    // Cards stay at twelve fields: Tera compares names along a map of up to twelve entries
    // and hashes them for a larger one, and cards are read thousands of times a build.
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Cards\"\n"),
        ("content/guide/_index.md", "---\ntitle: Guide\n---\n"),
        (
            "content/guide/quiet.md",
            "---\ntitle: Quiet\nhidden: true\n---\nNot listed.\n",
        ),
        (
            "templates/page.html",
            "<p id=\"card\">{% for key, value in page.parent %}{{ key }} {% endfor %}</p>\
             <p id=\"hidden\">{{ page.hidden }}</p>",
        ),
    ]);
    site.build_ok();
    let quiet = site.html("guide/quiet/index.html");
    assert_eq!(
        quiet.text("#card").split_whitespace().collect::<Vec<_>>(),
        [
            "kind",
            "title",
            "id",
            "title_has_id",
            "url",
            "description_html",
            "summary",
            "date",
            "reading_time",
            "draft",
            "has_children",
            "section_title",
        ]
    );
    assert_eq!(quiet.text("#hidden"), "true");
}
