//! Imported frameworks (`[links] url-keys`): pages that name the address they had on an old
//! site keep their web of links — by that absolute address, with or without a fragment,
//! `http` or `https`, `/` or `index.html`, and relative to the linking page's own former
//! address — without editing a file. On the `imported-framework` fixture.

use crate::support::{TestSite, headlines};

fn prose_links(site: &TestSite, page: &str) -> Vec<(String, String)> {
    let html = site.html(page);
    html.attrs(".prose a:not(.anchor)", "href")
        .into_iter()
        .zip(html.texts(".prose a:not(.anchor)"))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(h, t)| (h.to_string(), t.to_string()))
        .collect()
}

#[test]
fn links_to_former_addresses_lead_to_the_pages_that_claim_them() {
    let site = TestSite::fixture("imported-framework");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(
        prose_links(&site, "pillar/ops01-bp01/index.html"),
        pairs(&[
            // `welcome.html`, next to the page's own former address.
            ("/pillar/welcome/", "Framework"),
            ("#guidance", "Guidance"),
            // `./ops_needs_internal.html#how-to`: relative, with a fragment that is checked.
            ("/pillar/ops01-bp02/#how-to", "the inside view"),
            // The absolute https address of a page that claims it over http.
            (
                "/pillar/ops01-bp02/",
                "OPS01-BP02 Weigh what inside customers need"
            ),
            // Claimed by no page: a link to another site, left as written.
            (
                "https://other.example.net/guide.html",
                "An outside reference"
            ),
        ])
    );
    // Scheme and host in capitals, with a fragment.
    assert_eq!(
        prose_links(&site, "pillar/ops01-bp02/index.html"),
        pairs(&[("/pillar/ops01-bp01/#guidance", "OPS01-BP01")])
    );
    // `…/index.html` finds the section that claims `…/`.
    assert_eq!(
        prose_links(&site, "index.html"),
        pairs(&[("/pillar/", "the pillar")])
    );
    // The backlinks know the links too.
    let bp02 = site.html("pillar/ops01-bp02/index.html");
    assert_eq!(
        bp02.texts(".link-group-in li"),
        ["OPS01-BP01 Weigh what outside customers need"]
    );
}

#[test]
fn a_former_address_with_a_missing_fragment_is_a_broken_anchor() {
    let site = TestSite::fixture("imported-framework");
    site.write(
        "content/pillar/ops01-bp03.md",
        "---\nsource_url: https://old.example.com/pillar/ops_limits.html\nweight: 3\n---\n\
         # OPS01-BP03 Know the limits\n\nSee [the steps](https://old.example.com/pillar/ops_needs_internal.html#steps).\n",
    );
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        [
            "content/pillar/ops01-bp03.md:7:5: error: broken link “the steps” to `https://old.example.com/pillar/ops_needs_internal.html#steps`: `OPS01-BP02 Weigh what inside customers need` has no heading or anchor `#steps`"
        ]
    );
}

#[test]
fn two_pages_claiming_one_former_address_warn_and_the_first_in_reading_order_keeps_it() {
    let site = TestSite::fixture("imported-framework");
    // `weight: 9` reads after OPS01-BP02 (weight 2), so OPS01-BP02 keeps the address.
    site.write(
        "content/pillar/copy.md",
        "---\ntitle: A copy\nweight: 9\nsource_url: https://old.example.com/pillar/ops_needs_internal.html\n---\nThe same page again.\n",
    );
    let report = site.build_ok();
    let root = format!("{}/", site.root().display());
    let lines: Vec<String> = headlines(&site, &report.warnings)
        .iter()
        .map(|l| l.replace(&root, ""))
        .collect();
    assert_eq!(
        lines,
        [
            "content/pillar/copy.md:4:13: warning: `https://old.example.com/pillar/ops_needs_internal.html` is also the former address of content/pillar/ops01-bp02.md, which keeps it"
        ]
    );
    let links = prose_links(&site, "pillar/ops01-bp01/index.html");
    assert_eq!(links[3].0, "/pillar/ops01-bp02/");
}

#[test]
fn a_former_address_that_is_not_an_absolute_url_is_a_warning() {
    let site = TestSite::fixture("imported-framework");
    site.write(
        "content/pillar/odd.md",
        "---\ntitle: Odd\nsource_url: pillar/odd.html\n---\nText.\n",
    );
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/pillar/odd.md:3:13: warning: `source_url` is not an absolute http(s) address: `pillar/odd.html`"
        ]
    );
}

#[test]
fn without_url_keys_former_addresses_are_links_to_another_site() {
    let site = TestSite::fixture("imported-framework");
    let config = site
        .read("book.toml")
        .replace("url-keys = [\"source_url\"]\n", "");
    site.write("book.toml", config);
    let report = site.build_ok();
    let links = prose_links(&site, "pillar/ops01-bp01/index.html");
    assert_eq!(
        links[3].0,
        "https://old.example.com/pillar/ops_needs_internal.html"
    );
    // The relative links to old file names now lead nowhere.
    let lines = headlines(&site, &report.warnings);
    assert_eq!(
        lines,
        [
            "content/pillar/ops01-bp01.md:5:1: warning: broken link “Framework” to `welcome.html`: no page or file at `pillar/welcome.html` in the content folder",
            "content/pillar/ops01-bp01.md:13:28: warning: broken link “the inside view” to `./ops_needs_internal.html#how-to`: no page or file at `pillar/ops_needs_internal.html` in the content folder",
        ]
    );
}

#[test]
fn an_unknown_links_key_suggests_url_keys() {
    let site = TestSite::fixture("imported-framework");
    let config = site.read("book.toml").replace("url-keys", "url-key");
    site.write("book.toml", config);
    let err = site.build_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.message, "invalid book.toml: unknown key `url-key`");
    assert_eq!(d.help.as_deref(), Some("did you mean `url-keys`?"));
    assert_eq!(d.line, Some(9));
}

#[test]
fn url_keys_may_not_name_keys_praxis_reads() {
    let site = TestSite::fixture("imported-framework");
    let config = site
        .read("book.toml")
        .replace("[\"source_url\"]", "[\"aliases\"]");
    site.write("book.toml", config);
    let err = site.build_err();
    assert_eq!(
        headlines(&site, err.diagnostics()),
        ["book.toml:9:1: error: `url-keys` names `aliases`, a key praxis already reads"]
    );
}

#[test]
fn praxis_serve_follows_a_former_address_that_moves_to_another_page() {
    use praxis::incremental::Live;
    use std::collections::BTreeSet;
    let site = TestSite::fixture("imported-framework");
    let (mut live, first) = Live::load(site.root(), &Default::default()).unwrap();
    first.unwrap();
    let page = |live: &Live| {
        let files = live.files();
        let packed = files
            .iter()
            .find(|(path, _)| &***path == "pillar/ops01-bp01/index.html")
            .map(|(_, packed)| packed.clone())
            .unwrap();
        String::from_utf8(praxis::output::unpack(&packed).unwrap().into_owned()).unwrap()
    };
    assert!(page(&live).contains("<a href=\"/pillar/ops01-bp02/\">OPS01-BP02"));
    // OPS01-BP02 gives up its former address, and the welcome page takes it: one edit in
    // each, and a third page's links change.
    let bp02 = site.read("content/pillar/ops01-bp02.md").replace(
        "http://old.example.com/pillar/ops_needs_internal.html",
        "https://old.example.com/pillar/ops_moved.html",
    );
    site.write("content/pillar/ops01-bp02.md", bp02);
    let welcome = site
        .read("content/pillar/welcome.md")
        .replace("welcome.html", "ops_needs_internal.html")
        + "\n## How to\n\nRead on.\n";
    site.write("content/pillar/welcome.md", welcome);
    let touched = BTreeSet::from([
        site.path("content/pillar/ops01-bp02.md"),
        site.path("content/pillar/welcome.md"),
    ]);
    if let Err(err) = live.update(&touched, false) {
        panic!(
            "{}",
            praxis::diagnostics::render_human(err.diagnostics(), false)
        );
    }
    live.settle();
    let served = page(&live);
    assert!(
        served.contains("<a href=\"/pillar/welcome/\">OPS01-BP02"),
        "{served}"
    );
    site.build_ok();
    assert_eq!(served, site.output("pillar/ops01-bp01/index.html"));
}
