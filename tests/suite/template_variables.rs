//! The handbook's reference of template variables (THEME02-BP01) against what templates
//! really receive. A site whose templates print the field names of every kind of value
//! (`src/render/variables.rs`) is built; each name must be documented in the handbook
//! section for that kind, and each field a reference table lists must exist. The same goes
//! for the values of the sitemap, feed, robots.txt and redirect templates.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::TestSite;

const BOOK: &str = r#"[book]
title = "Keys"
language = "en"
base-url = "https://keys.example.org/"
edit-url = "https://example.org/edit/{path}"
feedback-url = "https://example.org/feedback?page={url}"

[languages.es]
title = "Claves"

[[relations]]
name = "related"
title = "Related"
inverse = "Referenced by"

[[taxonomies]]
name = "tags"
title = "Tags"
paginate = 1
feed = true

[terms]
classification-key = "ClassificationType"

[[menus.main]]
name = "Guide"
url = "/guide/"

[[theme.badges]]
key = "risk_level"
label = "Risk"
"#;

/// Prints the names of the fields of a map value, one `prefix:name` line each. A value
/// written `list[0].rest` is printed only when `list` is not empty.
fn dump(prefix: &str, value: &str) -> String {
    let guard = value.split("[0]").next().unwrap_or(value);
    format!(
        "{{% if {guard} %}}{{% for k, v in {value} %}}{prefix}:{{{{ k }}}}\n{{% endfor %}}{{% endif %}}"
    )
}

fn page_template() -> String {
    [
        dump("page", "page"),
        dump("config", "config"),
        dump("config", "config.theme"),
        dump("card", "page.relations[0].items[0]"),
        dump("card", "page.backlinks[0].items[0]"),
        dump("card", "page.parent"),
        dump("relation", "page.relations[0]"),
        dump("backlink", "page.backlinks[0]"),
        dump("toc", "page.toc[0]"),
        dump("term_group", "page.term_groups[0]"),
        dump("term_card", "page.taxonomies.tags[0]"),
        dump("describes", "page.describes[0]"),
        dump("translation", "page.translations[0]"),
        dump("taxonomy", "taxonomies[0]"),
        dump("language", "config.languages[0]"),
        dump("menu", "menus.main[0]"),
        dump("badge", "page.badges[0]"),
    ]
    .concat()
}

fn site() -> TestSite {
    let page = page_template();
    let term = [
        dump("other", "page"),
        dump("term", "term"),
        dump("paginator", "paginator"),
        dump("page_number", "paginator.numbers[0]"),
    ]
    .concat();
    let sitemap = [
        dump("sitemap", "sitemap"),
        dump("sitemap_entry", "sitemap.entries[0]"),
        dump("sitemap_alternate", "sitemap.entries[0].alternates[0]"),
    ]
    .concat();
    let feed = [dump("feed", "feed"), dump("feed_entry", "feed.entries[0]")].concat();
    let redirect = [dump("redirect", "redirect"), dump("icon", "redirect.icon")].concat();
    TestSite::with_files(&[
        ("book.toml", BOOK),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/guide/_index.md", "---\ntitle: Guide\n---\n"),
        (
            "content/guide/a.md",
            "---\ntitle: A\nlinkTitle: The A\ndate: 2026-01-02\nupdated: 2026-01-03\nweight: 1\n\
             description: About A.\nid: G-A\nrelated: [G-B]\ntags: [one, B]\nrisk_level: High\n\
             aliases: [/old-a/]\nimage: https://example.org/a.png\nmenu: main\n---\n\n# Heading\n\nText linking [[G-B]].\n",
        ),
        (
            "content/guide/b.md",
            "---\ntitle: B\nid: G-B\nrelated: [G-A]\ntags: [one]\nClassificationType: tags\n---\n\nText.\n",
        ),
        (
            "content/guide/a.es.md",
            "---\ntitle: A en español\n---\n\nTexto.\n",
        ),
        ("content/_index.es.md", "---\ntitle: Inicio\n---\n"),
        ("templates/page.html", &page),
        ("templates/section.html", &page),
        ("templates/index.html", &page),
        ("templates/term.html", &term),
        ("templates/taxonomy.html", &dump("other", "page")),
        ("templates/404.html", &dump("other", "page")),
        ("templates/sitemap.xml", &sitemap),
        ("templates/atom.xml", &feed),
        ("templates/robots.txt", &dump("robots", "robots")),
        ("templates/redirect.html", &redirect),
    ])
}

/// `prefix` → the field names printed under it, over every output file of the site.
fn received(site: &TestSite) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in [
        "guide/a/index.html",
        "guide/b/index.html",
        "guide/index.html",
        "404.html",
        "tags/index.html",
    ]
    .into_iter()
    .chain(["tags/one/index.html", "tags/one/page/2/index.html"])
    .chain(["sitemap.xml", "atom.xml", "robots.txt", "old-a/index.html"])
    {
        for line in site.output(file).lines() {
            if let Some((prefix, name)) = line.trim().split_once(':') {
                out.entry(prefix.to_string())
                    .or_default()
                    .insert(name.to_string());
            }
        }
    }
    out
}

/// The handbook page's sections by anchor (`### Cards {#cards}` → `cards`).
fn handbook_sections() -> BTreeMap<String, String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/theming/theme02/theme02-bp01.md"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut sections = BTreeMap::new();
    for part in text.split("\n### ").skip(1) {
        let heading = part.lines().next().unwrap_or_default();
        if let Some(anchor) = heading.split("{#").nth(1) {
            sections.insert(anchor.trim_end_matches('}').to_string(), part.to_string());
        }
    }
    sections
}

/// Whether `text` documents field `name`: as `` `name` ``, `` `owner.name` ``,
/// `` `owner.name.field` `` or inside a `{a, name, b}` shape.
fn documents(text: &str, name: &str) -> bool {
    let written = [
        format!("`{name}`"),
        format!(".{name}`"),
        format!(".{name}."),
    ];
    if written.iter().any(|w| text.contains(w.as_str())) {
        return true;
    }
    text.split('{').skip(1).any(|shape| {
        let inner = shape.split('}').next().unwrap_or_default();
        inner.split(',').any(|word| word.trim() == name)
    })
}

/// Where each kind of value is documented: a prefix printed by the site, and the handbook
/// sections one of which must name each of its fields.
const PLACES: &[(&str, &[&str])] = &[
    ("page", &["cards", "page"]),
    ("card", &["cards"]),
    ("badge", &["cards"]),
    ("config", &["config"]),
    ("language", &["config"]),
    ("relation", &["relations"]),
    ("backlink", &["relations"]),
    ("toc", &["page"]),
    ("term_group", &["page"]),
    ("describes", &["page"]),
    ("translation", &["page"]),
    ("term_card", &["variables"]),
    ("taxonomy", &["variables"]),
    ("menu", &["menus"]),
    ("other", &["taxonomy-pages"]),
    ("term", &["taxonomy-pages"]),
    ("paginator", &["taxonomy-pages"]),
    ("page_number", &["taxonomy-pages"]),
    ("sitemap", &["site-files"]),
    ("sitemap_entry", &["site-files"]),
    ("sitemap_alternate", &["site-files"]),
    ("feed", &["site-files"]),
    ("feed_entry", &["site-files"]),
    ("robots", &["site-files"]),
    ("redirect", &["site-files"]),
    ("icon", &["site-files"]),
];

#[test]
fn the_handbook_documents_every_field_templates_receive() {
    let site = site();
    site.build_ok();
    let received = received(&site);
    let sections = handbook_sections();
    let mut missing = Vec::new();
    for (prefix, places) in PLACES {
        let names = received
            .get(*prefix)
            .unwrap_or_else(|| panic!("the site printed no `{prefix}` fields: {received:?}"));
        for name in names {
            let documented = places.iter().any(|place| {
                let text = sections
                    .get(*place)
                    .unwrap_or_else(|| panic!("no section #{place}"));
                documents(text, name)
            });
            if !documented {
                missing.push(format!("{prefix}.{name} (in #{})", places.join(" or #")));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fields templates receive that THEME02-BP01 does not document:\n{}",
        missing.join("\n")
    );
}

/// The field names in the first column of a section's reference table.
fn table_fields(section: &str) -> Vec<String> {
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .flat_map(|line| {
            let cell = line.split('|').nth(1).unwrap_or_default();
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(|name| name.rsplit('.').next().unwrap_or(name).to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_field_the_handbook_tables_list_exists() {
    let site = site();
    site.build_ok();
    let received = received(&site);
    let fields = |prefixes: &[&str]| -> BTreeSet<String> {
        prefixes
            .iter()
            .flat_map(|p| received.get(*p).cloned().unwrap_or_default())
            .collect()
    };
    let sections = handbook_sections();
    let tables: &[(&str, &[&str])] = &[
        ("cards", &["card"]),
        ("page", &["page"]),
        ("config", &["config"]),
        ("menus", &["menu"]),
        ("relations", &["relation", "backlink"]),
        ("taxonomy-pages", &["term", "paginator"]),
        (
            "site-files",
            &[
                "sitemap",
                "sitemap_entry",
                "sitemap_alternate",
                "feed",
                "feed_entry",
                "robots",
                "redirect",
                "icon",
            ],
        ),
    ];
    let mut unknown = Vec::new();
    for (section, prefixes) in tables {
        let have = fields(prefixes);
        for name in table_fields(&sections[*section]) {
            if !have.contains(&name) {
                unknown.push(format!("{name} (#{section})"));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "THEME02-BP01 lists fields no template receives:\n{}",
        unknown.join("\n")
    );
}
