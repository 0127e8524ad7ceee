//! The files for crawlers and old links as theme templates: `sitemap.xml`, `atom.xml` (every
//! feed), `robots.txt` and `redirect.html` (every alias's page). The built-in theme has them
//! (their output is held by the snapshots in snapshots.rs); a theme of its own or the site's
//! `templates/` may replace each, and a mistake in one is reported at its line.

use crate::support::{TestSite, headlines};

/// The `snapshots` fixture, with a section feed and a feed per tag as well as the site's.
fn site() -> TestSite {
    let site = TestSite::fixture("snapshots");
    let book = site.read("book.toml");
    site.write("book.toml", format!("{book}feed = true\n"));
    let guides = site.read("content/guides/_index.md");
    site.write(
        "content/guides/_index.md",
        guides.replacen("---\n", "---\nfeed: true\n", 1),
    );
    site
}

/// `site()` using a theme of its own, `themes/own/`, whose page templates print `body` and
/// which has none of the files for crawlers and old links.
fn with_own_theme(body: &str) -> TestSite {
    let site = site();
    let book = site.read("book.toml");
    site.write("book.toml", format!("{book}\n[build]\ntheme = \"own\"\n"));
    for name in [
        "base.html",
        "index.html",
        "section.html",
        "page.html",
        "404.html",
        "taxonomy.html",
        "term.html",
    ] {
        site.write(&format!("themes/own/templates/{name}"), body);
    }
    site
}

#[test]
fn a_site_sitemap_template_replaces_the_built_in_one() {
    let site = site();
    site.write(
        "templates/sitemap.xml",
        "<urls>{% for e in sitemap.entries %}<u>{{ e.loc }}|{{ e.lastmod }}</u>{% endfor %}</urls>",
    );
    site.build_ok();
    let xml = site.output("sitemap.xml");
    assert!(
        xml.starts_with("<urls><u>https://snap.example.org/|2025-01-01</u>"),
        "{xml}"
    );
    assert!(
        xml.contains("<u>https://snap.example.org/tags/setup/|</u>"),
        "{xml}"
    );
}

#[test]
fn a_site_atom_template_replaces_every_feed() {
    let site = site();
    site.write(
        "templates/atom.xml",
        "<mine title=\"{{ feed.title }}\" self=\"{{ feed.permalink }}\">{% for e in feed.entries %}[{{ e.title }} {{ e.updated }}]{% endfor %}</mine>\n",
    );
    site.build_ok();
    let site_feed = site.output("atom.xml");
    assert_eq!(
        site_feed,
        "<mine title=\"Snapshot Guide\" self=\"https://snap.example.org/atom.xml\">\
         [Upgrade 2025-03-01T00:00:00+00:00][Configure 2025-02-01T00:00:00+00:00]\
         [Install 2025-01-10T00:00:00+00:00]</mine>\n"
    );
    assert!(
        site.output("guides/atom.xml")
            .starts_with("<mine title=\"Snapshot Guide — Guides\"")
    );
    assert!(
        site.output("tags/setup/atom.xml")
            .starts_with("<mine title=\"Snapshot Guide — Tags: ")
    );
}

#[test]
fn a_site_robots_template_replaces_the_built_in_one() {
    let site = site();
    site.write(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /drafts/\nSitemap: {{ robots.sitemap }}\n",
    );
    site.build_ok();
    assert_eq!(
        site.output("robots.txt"),
        "User-agent: *\nDisallow: /drafts/\nSitemap: https://snap.example.org/sitemap.xml\n"
    );
}

#[test]
fn a_site_redirect_template_replaces_every_alias_page() {
    let site = site();
    site.write(
        "templates/redirect.html",
        "<a href=\"{{ redirect.url }}\" lang=\"{{ redirect.language }}\">{{ redirect.title }}</a> {{ redirect.permalink }} {{ redirect.icon.href }}",
    );
    site.build_ok();
    assert_eq!(
        site.output("old-install/index.html"),
        "<a href=\"/guides/install/\" lang=\"en\">Install</a> https://snap.example.org/guides/install/ /favicon.svg"
    );
}

#[test]
fn a_theme_of_its_own_may_replace_them_and_takes_the_built_in_ones_otherwise() {
    let built_in = site();
    built_in.build_ok();
    let themed = with_own_theme("{{ page.title }}");
    themed.write("themes/own/templates/robots.txt", "theme's robots\n");
    themed.build_ok();
    assert_eq!(themed.output("robots.txt"), "theme's robots\n");
    for file in [
        "sitemap.xml",
        "atom.xml",
        "guides/atom.xml",
        "tags/setup/atom.xml",
    ] {
        assert_eq!(themed.output(file), built_in.output(file), "{file}");
    }
    // The theme has no favicon.svg, so its redirects link no icon; the rest is the same.
    let redirect = built_in.output("old-install/index.html");
    let without_icon = redirect.replace(
        "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n",
        "",
    );
    assert_ne!(redirect, without_icon);
    assert_eq!(themed.output("old-install/index.html"), without_icon);
}

#[test]
fn a_site_template_overrides_the_theme_of_its_own() {
    let site = with_own_theme("x");
    site.write("themes/own/templates/robots.txt", "theme's\n");
    site.write("templates/robots.txt", "site's\n");
    site.build_ok();
    assert_eq!(site.output("robots.txt"), "site's\n");
}

/// Each template with a mistake on its second line, and the variable it is given.
const BROKEN: [(&str, &str); 4] = [
    ("sitemap.xml", "sitemap"),
    ("atom.xml", "feed"),
    ("robots.txt", "robots"),
    ("redirect.html", "redirect"),
];

#[test]
fn a_render_error_in_each_template_names_its_file_and_line() {
    for (name, variable) in BROKEN {
        let site = site();
        site.write(
            &format!("templates/{name}"),
            format!("first line\n{{{{ {variable}.missing.deeper }}}}\n"),
        );
        let err = site.build_err();
        let lines = headlines(&site, err.diagnostics());
        assert_eq!(
            lines.len(),
            1,
            "{name}, one report however many files: {lines:?}"
        );
        assert!(
            lines[0].starts_with(&format!("templates/{name}:2:")),
            "{name}: {lines:?}"
        );
        let d = &err.diagnostics()[0];
        assert_eq!(d.code, "template", "{name}");
        assert_eq!(
            d.source_line.as_deref(),
            Some(format!("{{{{ {variable}.missing.deeper }}}}").as_str()),
            "{name}"
        );
    }
}

#[test]
fn a_syntax_error_in_an_override_names_its_file_and_line() {
    for (name, _) in BROKEN {
        let site = site();
        site.write(&format!("templates/{name}"), "first line\n{% if %}\n");
        let err = site.build_err();
        let lines = headlines(&site, err.diagnostics());
        assert_eq!(lines.len(), 1, "{name}: {lines:?}");
        assert!(
            lines[0].starts_with(&format!("templates/{name}:2:"))
                && lines[0].contains("template syntax error"),
            "{name}: {lines:?}"
        );
    }
}

#[test]
fn a_broken_redirect_template_is_reported_once_with_a_count_of_redirects() {
    let site = site();
    site.write(
        "content/guides/configure.md",
        site.read("content/guides/configure.md").replacen(
            "---\n",
            "---\naliases: [/old-configure/, /older-configure/]\n",
            1,
        ),
    );
    site.write("templates/redirect.html", "{{ redirect.nope.deeper }}");
    let err = site.build_err();
    let diags = err.diagnostics();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]
            .notes
            .iter()
            .any(|n| n.contains("and 2 other pages")),
        "{:?}",
        diags[0].notes
    );
}

#[test]
fn redirects_escape_their_targets() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"x\"\n"),
        (
            "content/a.md",
            "---\ntitle: \"<T> & \\\"q\\\"\"\naliases: [/old/]\n---\n",
        ),
    ]);
    site.build_ok();
    let html = site.output("old/index.html");
    assert!(
        html.contains("<title>Moved: &lt;T&gt; &amp; &quot;q&quot;</title>"),
        "{html}"
    );
    assert!(html.contains("url=/a/\">"), "{html}");
}

#[test]
fn values_in_an_xml_override_are_escaped() {
    let site = site();
    site.write(
        "templates/atom.xml",
        "<t>{{ feed.title }}</t>{% for e in feed.entries %}<s>{{ e.summary }}</s>{% endfor %}",
    );
    let book = site.read("book.toml");
    site.write(
        "book.toml",
        book.replace("title = \"Snapshot Guide\"", "title = \"Q&A <guide>\""),
    );
    site.build_ok();
    let xml = site.output("atom.xml");
    assert!(xml.starts_with("<t>Q&amp;A &lt;guide&gt;</t>"), "{xml}");
    assert!(
        roxmltree::Document::parse(&format!("<r>{xml}</r>")).is_ok(),
        "{xml}"
    );
}
