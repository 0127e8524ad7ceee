//! Text in every script makes whole URL segments and heading ids: combining marks (a
//! virama, Thai vowel signs, Arabic harakat, Hebrew points) stay inside their word in page
//! slugs, taxonomy term slugs and heading ids, which follow GitHub's rule (and Hugo's).

use crate::support::{TestSite, headlines};

/// (script, text, slug, heading id). Heading ids are GitHub's: lowercase, letters, marks,
/// digits, `-` and `_` kept, each space a `-`, everything else (emoji included) dropped.
/// Slugs make every other run one `-`, and drop emoji with what they carry.
const SCRIPTS: &[(&str, &str, &str, &str)] = &[
    (
        "Latin",
        "Crème Brûlée à la française",
        "crème-brûlée-à-la-française",
        "crème-brûlée-à-la-française",
    ),
    ("Cyrillic", "Привет, мир!", "привет-мир", "привет-мир"),
    (
        "Greek",
        "Ελληνικά κείμενα",
        "ελληνικά-κείμενα",
        "ελληνικά-κείμενα",
    ),
    ("Devanagari", "संज्ञा परिभाषा", "संज्ञा-परिभाषा", "संज्ञा-परिभाषा"),
    ("Devanagari", "प्रौद्योगिकी", "प्रौद्योगिकी", "प्रौद्योगिकी"),
    (
        "Bengali",
        "বিজ্ঞান ও প্রযুক্তি",
        "বিজ্ঞান-ও-প্রযুক্তি",
        "বিজ্ঞান-ও-প্রযুক্তি",
    ),
    ("Tamil", "தமிழ் மொழி", "தமிழ்-மொழி", "தமிழ்-மொழி"),
    ("Thai", "สวัสดี ชาวโลก", "สวัสดี-ชาวโลก", "สวัสดี-ชาวโลก"),
    ("Arabic", "مَرْحَبًا بِالعَالَم", "مَرْحَبًا-بِالعَالَم", "مَرْحَبًا-بِالعَالَم"),
    ("Hebrew", "בְּרֵאשִׁ֖ית בָּרָ֣א", "בְּרֵאשִׁ֖ית-בָּרָ֣א", "בְּרֵאשִׁ֖ית-בָּרָ֣א"),
    (
        "CJK",
        "日本語の見出し 中文标题",
        "日本語の見出し-中文标题",
        "日本語の見出し-中文标题",
    ),
    ("Emoji", "🚀 Launch ✨ Day", "launch-day", "-launch--day"),
];

/// A site with one page per row: its file named with the text, tagged with it, and with
/// the text as a heading.
fn site() -> TestSite {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Scripts\"\n\n[[taxonomies]]\nname = \"tags\"\n",
        ),
        ("content/_index.md", "# Scripts\n"),
    ]);
    for (i, (_, text, _, _)) in SCRIPTS.iter().enumerate() {
        site.write(
            &format!("content/{text}.md"),
            format!("---\ntitle: Page {i}\ntags: [\"{text}\"]\n---\n## {text}\n\nWords.\n"),
        );
    }
    site
}

#[test]
fn every_script_keeps_its_marks_in_slugs_and_heading_ids() {
    use praxis::text::{heading_id, slugify, slugify_safe};
    let marks = |s: &str| -> String {
        s.chars()
            .filter(|c| {
                unicode_properties::UnicodeGeneralCategory::general_category_group(*c)
                    == unicode_properties::GeneralCategoryGroup::Mark
            })
            .collect()
    };
    for (script, text, slug, id) in SCRIPTS {
        assert_eq!(slugify(text), *slug, "{script} slug of {text}");
        assert_eq!(heading_id(text), *id, "{script} heading id of {text}");
        // Hugo's path rule (`slugify = "safe"`) keeps the same marks.
        assert_eq!(marks(&slugify_safe(text)), marks(slug), "{script}: {text}");
    }
}

#[test]
fn pages_terms_and_headings_in_every_script_keep_whole_words() {
    let site = site();
    let report = site.build_ok();
    assert_eq!(headlines(&site, &report.warnings), Vec::<String>::new());
    for (script, text, slug, id) in SCRIPTS {
        let page = format!("{slug}/index.html");
        assert!(site.has_output(&page), "{script}: no {page}");
        let html = site.html(&page);
        assert_eq!(
            html.attrs("h2", "id"),
            [id.to_string()],
            "{script}: heading id of {text}"
        );
        let term = format!("tags/{slug}/index.html");
        assert!(site.has_output(&term), "{script}: no {term}");
        assert_eq!(site.html(&term).text("h1"), *text, "{script}: term name");
    }
}

#[test]
fn a_link_to_a_heading_in_any_script_finds_its_anchor() {
    let site = site();
    let links: Vec<String> = SCRIPTS
        .iter()
        .map(|(_, text, _, id)| format!("- [{text}](<{text}.md#{id}>)"))
        .collect();
    site.write(
        "content/_index.md",
        format!("# Scripts\n\n{}\n", links.join("\n")),
    );
    let report = site.build_ok();
    assert_eq!(headlines(&site, &report.warnings), Vec::<String>::new());
}
