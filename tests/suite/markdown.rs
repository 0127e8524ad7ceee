//! Markdown as readers see it: heading anchors, the table of contents, alerts, footnotes,
//! summaries and reading time, through the default theme.

use crate::support::TestSite;

fn site_with(body: &str) -> TestSite {
    TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Notes\"\n"),
        ("content/note.md", body),
    ])
}

#[test]
fn headings_have_unique_ids_self_links_and_a_nested_toc() {
    let site = site_with(
        "---\ntitle: Note\n---\n## Why\n\n### Context\n\n## Why\n\n## How {#the-how .wide}\n",
    );
    site.build_ok();
    let page = site.html("note/index.html");
    assert_eq!(
        page.attrs(".prose h2, .prose h3", "id"),
        ["why", "context", "why-1", "the-how"]
    );
    assert_eq!(
        page.attrs(".prose h2 a.anchor", "href"),
        ["#why", "#why-1", "#the-how"]
    );
    assert_eq!(page.attrs(".prose h2.wide", "id"), ["the-how"]);
    // The aside TOC nests h3 under its h2.
    assert_eq!(
        page.attrs("aside.toc > ol > li > a", "href"),
        ["#why", "#why-1", "#the-how"]
    );
    assert_eq!(
        page.attrs("aside.toc > ol > li > ol > li > a", "href"),
        ["#context"]
    );
}

#[test]
fn a_heading_linking_by_id_shows_the_target_title_in_the_toc() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Notes\"\n[links]\nbroken = \"warn\"\n",
        ),
        (
            "content/note.md",
            "---\ntitle: Note\n---\n## Builds on [[SEC02]]\n\n## Then [[SEC03|the audit]] and `code`\n\n\
             ## Unknown [[NOPE9]]\n",
        ),
        (
            "content/keys.md",
            "---\ntitle: Manage keys\nid: SEC02\n---\nText.\n",
        ),
        (
            "content/audit.md",
            "---\ntitle: Audit\nid: SEC03\n---\nText.\n",
        ),
    ]);
    // The broken link is a warning here, so the page is written and shows the id as written.
    let report = site.build_ok();
    assert!(
        report.warnings.iter().any(|w| w.message.contains("NOPE9")),
        "{:?}",
        report.warnings
    );
    let page = site.html("note/index.html");
    assert_eq!(
        page.texts("aside.toc > ol > li > a"),
        [
            "Builds on Manage keys",
            "Then the audit and code",
            "Unknown NOPE9"
        ]
    );
    // Anchors come from the text as written, so retitling the target keeps them.
    assert_eq!(
        page.attrs("aside.toc > ol > li > a", "href"),
        ["#builds-on", "#then-the-audit-and-code", "#unknown"]
    );
}

#[test]
fn tables_task_lists_strikethrough_alerts_and_footnotes_render() {
    let site = site_with(
        "# Note\n\n| Risk | Level |\n|---|---|\n| Drift | High |\n\n- [x] Done\n- [ ] Todo\n\n~~old~~\n\n\
         > [!CAUTION]\n> Read this first.\n\nA claim.[^src]\n\n[^src]: Where it comes from.\n",
    );
    site.build_ok();
    let page = site.html("note/index.html");
    assert_eq!(page.texts(".prose td"), ["Drift", "High"]);
    assert_eq!(page.count(".prose input[type=checkbox][checked]"), 1);
    assert_eq!(page.texts(".prose del"), ["old"]);
    assert_eq!(page.text(".prose .alert-caution .alert-title"), "Caution");
    assert_eq!(
        page.text(".prose .footnotes li p"),
        "Where it comes from. ↩"
    );
    assert_eq!(page.attrs(".prose sup.footnote-ref a", "href"), ["#fn-src"]);
    assert_eq!(page.count(".prose .table-wrap > table"), 1);
}

#[test]
fn summary_is_the_text_before_the_more_marker_or_the_description() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/a.md",
            "---\ntitle: A\n---\nShown in lists.\n\n<!-- more -->\n\nOnly on the page.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\ndescription: Described **here** & there.\n---\nBody.\n",
        ),
        (
            "templates/index.html",
            "{% for p in section.pages %}<div class=\"s\">{{ p.summary }}</div>{% endfor %}",
        ),
    ]);
    site.build_ok();
    let home = site.html("index.html");
    // A description is markdown too.
    assert_eq!(
        home.texts(".s"),
        ["Shown in lists.", "Described here & there."]
    );
    assert_eq!(
        home.inner_html(".s:nth-child(2)"),
        "<p>Described <strong>here</strong> &amp; there.</p>"
    );
}

#[test]
fn word_count_and_reading_time_reach_templates() {
    let words = "word ".repeat(450);
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\n"),
        (
            "content/long.md",
            &format!("---\ntitle: Long\n---\n{words}\n\n```\nnot counted at all\n```\n"),
        ),
        (
            "templates/page.html",
            "<p id=\"w\">{{ page.word_count }}</p><p id=\"r\">{{ page.reading_time }}</p>",
        ),
    ]);
    site.build_ok();
    let page = site.html("long/index.html");
    assert_eq!(page.text("#w"), "450");
    assert_eq!(page.text("#r"), "3");
}

/// The HTML of a body using every markdown feature, reviewed as a snapshot.
#[test]
fn every_feature_renders_as_reviewed() {
    let body = "\
# OPS02-BP03 Keep runbooks current

Runbooks drift -- unless someone \"owns\" them.

<!-- more -->

## Desired outcome {#outcome .key}

- [x] Every alert links a runbook
- [ ] Runbooks are reviewed quarterly

| Risk | Level |
|:-----|------:|
| Drift | ~~Low~~ High |

> [!TIP]
> Review runbooks after each incident.[^review]

Term
: Its definition.

```sh
praxis build
```

<kbd>Ctrl</kbd> passes through.

[^review]: A short, blameless review.
";
    let out = praxis::markdown::render(
        body,
        &praxis::markdown::Options {
            title_from_heading: true,
            ..Default::default()
        },
    );
    assert_eq!(
        out.title.as_deref(),
        Some("OPS02-BP03 Keep runbooks current")
    );
    insta::assert_snapshot!(out.html);
}

/// Every alert kind GitHub and Obsidian write, with the titles and folds they allow.
const ALERTS: &str = "\
---
title: Alerts
---
> [!NOTE]
> GitHub's note, titled by its kind.

> [!TIP] Read this first
> A title of its own.

> [!important] Case does not matter
> Nor does it here.

> [!WARNING] Back up *before* you upgrade
> The title keeps its markup.

> [!CAUTION]
> Red for danger.

> [!info] Info

> [!summary] Abstract, written as summary

> [!success] Success

> [!question] Question

> [!failure] Failure

> [!danger] Danger

> [!bug] Bug

> [!example]- Folded example
> Hidden until opened.

> [!quote]+ Open quote
> Shown, and can be folded.

> [!unknown] Stays a quote
";

#[test]
fn alerts_of_every_kind_take_custom_titles_and_fold() {
    let site = site_with(ALERTS);
    site.build_ok();
    let page = site.html("note/index.html");
    assert_eq!(
        page.texts(".prose .alert-title"),
        [
            "Note",
            "Read this first",
            "Case does not matter",
            "Back up before you upgrade",
            "Caution",
            "Info",
            "Abstract, written as summary",
            "Success",
            "Question",
            "Failure",
            "Danger",
            "Bug",
            "Folded example",
            "Open quote",
        ]
    );
    assert_eq!(
        page.attrs("div.alert", "class"),
        [
            "alert alert-note",
            "alert alert-tip",
            "alert alert-important",
            "alert alert-warning",
            "alert alert-caution",
            "alert alert-info",
            "alert alert-abstract",
            "alert alert-success",
            "alert alert-question",
            "alert alert-failure",
            "alert alert-danger",
            "alert alert-bug",
        ]
    );
    // Shown alerts are notes to assistive technology, not quotations.
    assert_eq!(page.count("div.alert[role=note]"), 12);
    assert_eq!(page.count(".prose blockquote"), 1);
    assert_eq!(page.text(".prose blockquote"), "[!unknown] Stays a quote");
    // `-` folds closed, `+` open; the title is the summary.
    assert_eq!(page.count("details.alert-example:not([open])"), 1);
    assert_eq!(page.count("details.alert-quote[open]"), 1);
    assert_eq!(
        page.text("details.alert-example > summary.alert-title"),
        "Folded example"
    );
    assert_eq!(
        page.text("details.alert-example > p"),
        "Hidden until opened."
    );
    assert_eq!(page.count(".alert-warning .alert-title em"), 1);
}

#[test]
fn alerts_render_as_reviewed() {
    let out = praxis::markdown::render(
        "> [!TIP] Read this first\n> Then the rest.\n\n> [!note]- Details\n> - folded\n> - list\n",
        &Default::default(),
    );
    insta::assert_snapshot!(out.html);
}

#[test]
fn definition_lists_render_and_the_theme_styles_them() {
    let site = site_with(
        "---\ntitle: Terms\n---\nSection\n: A folder with an `_index.md`.\n\nBundle\n: A folder with an `index.md`.\n: Its other files are copied beside it.\n",
    );
    site.build_ok();
    let page = site.html("note/index.html");
    assert_eq!(page.texts(".prose dl > dt"), ["Section", "Bundle"]);
    assert_eq!(
        page.texts(".prose dl > dd"),
        [
            "A folder with an _index.md.",
            "A folder with an index.md.",
            "Its other files are copied beside it."
        ]
    );
    let css = site.output("praxis.css");
    for selector in [".prose dt {", ".prose dd {"] {
        assert!(css.contains(selector), "{selector}");
    }
}
