//! Code blocks as readers see them: highlighted at build time with classes the theme
//! colours, numbered and marked lines in Zola's and Hugo's spellings, plain text for
//! languages nobody knows, warnings for options nobody knows, and colours that stay legible.

use crate::support::{TestSite, headlines};

fn site_with(body: &str) -> TestSite {
    TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Code\"\n"),
        ("content/note.md", body),
    ])
}

/// The inner HTML of the `<code>` of every block on a page.
fn blocks(site: &TestSite, rel: &str) -> Vec<String> {
    let page = site.html(rel);
    let selector = scraper::Selector::parse(".prose pre > code").unwrap();
    page.0
        .select(&selector)
        .map(|code| code.inner_html())
        .collect()
}

#[test]
fn every_required_language_and_alias_gets_real_tokens() {
    let site = TestSite::fixture("highlight");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let page = site.html("languages/index.html");
    // A token each language's grammar must recognise, by the class it is written with.
    let expected = [
        ("rust", "hl-kw", "fn"),
        ("rs", "hl-kw", "let"),
        ("python", "hl-kw", "def"),
        ("py", "hl-kw", "import"),
        ("javascript", "hl-kw", "const"),
        ("js", "hl-kw", "function"),
        ("typescript", "hl-kw", "interface"),
        ("ts", "hl-ty", "string"),
        ("go", "hl-kw", "func"),
        ("java", "hl-kw", "public"),
        ("yaml", "hl-tg", "name"),
        ("yml", "hl-st", "push"),
        ("toml", "hl-tg", "title"),
        ("json", "hl-st", "\"key\""),
        ("sh", "hl-kw", "then"),
        ("bash", "hl-kw", "export"),
        ("console", "hl-fn", "echo"),
        ("hcl", "hl-kw", "resource"),
        ("tf", "hl-kw", "variable"),
        ("terraform", "hl-kw", "output"),
        ("sql", "hl-kw", "SELECT"),
        ("dockerfile", "hl-kw", "FROM"),
        ("docker", "hl-kw", "FROM"),
        ("diff", "hl-in", "+new"),
        ("markdown", "hl-he", "# Title"),
        ("md", "hl-he", "## Section"),
    ];
    for (lang, class, token) in expected {
        let selector = format!("pre > code.language-{lang} span.{class}");
        let tokens = page.texts(&selector);
        assert!(
            tokens.iter().any(|t| t == token),
            "{lang}: no `{token}` in {class} spans: {tokens:?}"
        );
    }
    assert_eq!(
        page.count(".prose pre > code"),
        expected.len(),
        "one block per language"
    );
}

#[test]
fn unknown_and_unnamed_languages_are_plain_escaped_text() {
    let site = site_with(
        "---\ntitle: Note\n---\n```klingon\nqapla' <b>\n```\n\n```\nplain & simple\n```\n\n    indented\n\n\
         ```text\nfn not_rust() {}\n```\n",
    );
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(
        blocks(&site, "note/index.html"),
        [
            "qapla' &lt;b&gt;\n",
            "plain &amp; simple\n",
            "indented\n",
            "fn not_rust() {}\n"
        ]
    );
    let page = site.html("note/index.html");
    // The language stays on the element for client-side tools (mermaid and the like).
    assert_eq!(
        page.attrs("pre > code", "class"),
        ["language-klingon", "language-text"]
    );
}

#[test]
fn markup_inside_code_stays_text() {
    let site = site_with(
        "---\ntitle: Note\n---\n```html\n<script>alert(1)</script>\n```\n\n```js\nconst s = \"</code></pre><script>x</script>\";\n```\n",
    );
    site.build_ok();
    let page = site.html("note/index.html");
    assert_eq!(page.count(".prose script"), 0);
    assert_eq!(
        page.texts(".prose pre"),
        [
            "<script>alert(1)</script>",
            "const s = \"</code></pre><script>x</script>\";"
        ]
    );
}

#[test]
fn zola_and_hugo_options_number_and_mark_lines() {
    let code = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\n";
    let site = site_with(&format!(
        "---\ntitle: Note\n---\n```python,linenos,hl_lines=2 4-5\n{code}```\n\n\
         ```python {{linenos=true, hl_lines=[2,\"4-5\"], linenostart=98}}\n{code}```\n\n\
         ```python {{hl_lines=[6]}}\n{code}```\n"
    ));
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let page = site.html("note/index.html");
    let numbers = page.attrs("pre .line", "data-ln");
    assert_eq!(
        numbers,
        [
            "1", "2", "3", "4", "5", "6", " 98", " 99", "100", "101", "102", "103"
        ]
    );
    // Marked lines count from the block's first line, whatever number it starts at.
    let marked: Vec<_> = page.texts("pre .line.hl");
    assert_eq!(
        marked,
        [
            "b = 2", "d = 4", "e = 5", "b = 2", "d = 4", "e = 5", "f = 6"
        ]
    );
    // Marking alone writes lines but no numbers; the code's text is unchanged.
    assert_eq!(page.count("pre .line:not([data-ln])"), 6);
    for text in page.texts(".prose pre") {
        assert_eq!(text, code.split_whitespace().collect::<Vec<_>>().join(" "));
    }
}

#[test]
fn options_that_are_not_understood_warn_where_they_are_written() {
    let site = site_with(
        "---\ntitle: Note\n---\nText.\n\n```rust,linenos,hl_lines=x,colour=red\nfn a() {}\n```\n\n\
         > ```go {linenostart=two\n> func b() {}\n> ```\n\n```sh {hl_lines=[9]}\necho\n```\n",
    );
    let report = site.build_ok();
    assert_eq!(
        headlines(&site, &report.warnings),
        [
            "content/note.md:6:17: warning: `hl_lines`: `x` is not a line number or a range like `4-6`",
            "content/note.md:6:28: warning: unknown code block option `colour`",
            "content/note.md:10:9: warning: the options' `{` is never closed with `}`",
            "content/note.md:10:10: warning: `linenostart=two` is not a whole number",
            "content/note.md:14:8: warning: `hl_lines` marks line 9 of a block of 1 line",
        ]
    );
    assert!(
        report.warnings[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("hl_lines=2 4-6"))
    );
    // The blocks are still written, with what could be understood.
    let page = site.html("note/index.html");
    assert_eq!(page.attrs("pre .line", "data-ln"), ["1"]);
    assert_eq!(page.count("pre span.hl-kw"), 2);
}

#[test]
fn one_block_is_written_as_reviewed() {
    let site = site_with(
        "---\ntitle: Note\n---\n```rust,linenos,hl_lines=2\n// Greets.\nfn main() {\n    println!(\"hi <there>\");\n}\n```\n",
    );
    site.build_ok();
    let page = site.html("note/index.html");
    insta::assert_snapshot!(page.inner_html(".prose"));
}

#[test]
fn highlighting_can_be_turned_off() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Code\"\n[markdown]\nhighlight = false\n",
        ),
        (
            "content/note.md",
            "---\ntitle: Note\n---\n```rust,hl_lines=1\nfn main() {}\n```\n",
        ),
    ]);
    site.build_ok();
    assert_eq!(
        blocks(&site, "note/index.html"),
        ["<span class=\"line hl\">fn main() {}\n</span>"]
    );
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Code\"\n[markdown]\nhighlights = false\n",
        ),
        ("content/note.md", "Text.\n"),
    ]);
    let err = site.build_err();
    let found = headlines(&site, err.diagnostics());
    assert!(
        found[0].starts_with("book.toml:4:1: error: invalid book.toml: unknown key `highlights`"),
        "{found:?}"
    );
}

#[test]
fn code_keeps_its_place_among_other_markdown() {
    let site = site_with(
        "---\ntitle: Note\n---\n```sh\necho first words\n```\n\nThe opening words.\n\n\
         ## Setup\n\n> [!TIP]\n> ```yaml\n> key: value\n> ```\n\nText[^1].\n\n[^1]: See:\n\n    ```rust\n    fn note() {}\n    ```\n",
    );
    site.build_ok();
    let page = site.html("note/index.html");
    // The description is the prose, not the code; heading ids are unchanged.
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        ["The opening words."]
    );
    assert_eq!(page.attrs(".prose h2", "id"), ["setup"]);
    // Code inside an alert and inside a footnote is highlighted too.
    assert_eq!(page.texts(".alert pre span.hl-tg"), ["key"]);
    assert_eq!(page.texts(".footnotes pre span.hl-kw"), ["fn"]);
    // Every block is focusable, so a keyboard can scroll a long line.
    assert_eq!(page.attrs(".prose pre", "tabindex"), ["0", "0", "0"]);
    // The copy button's script ships with the theme and every page links it.
    assert_eq!(page.attrs("script[src$='code.js']", "defer"), [""]);
    assert!(site.output("code.js").contains("navigator.clipboard"));
}

/// WCAG's contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `--name: #rrggbb;` declarations of a stretch of CSS.
fn colours(css: &str) -> Vec<(&str, &str)> {
    css.lines()
        .filter_map(|line| {
            let (name, value) = line.trim().strip_prefix("--")?.split_once(':')?;
            let value = value.trim().strip_suffix(';')?;
            (value.starts_with('#') && value.len() == 7).then_some((name, value))
        })
        .collect()
}

#[test]
fn token_colours_meet_wcag_aa_on_every_code_background_in_both_schemes() {
    let css = include_str!("../../themes/default/static/praxis.css");
    let start = css.find("code highlighting (begin)").unwrap();
    let end = css.find("code highlighting (end)").unwrap();
    let block = &css[start..end];
    let dark_at = block.find("prefers-color-scheme: dark").unwrap();
    let theme_dark_at = css.find("prefers-color-scheme: dark").unwrap();
    fn code_bg(part: &str) -> &str {
        colours(part)
            .into_iter()
            .find(|(name, _)| *name == "bg-code")
            .unwrap()
            .1
    }
    let schemes = [
        ("light", code_bg(&css[..theme_dark_at]), &block[..dark_at]),
        ("dark", code_bg(&css[theme_dark_at..]), &block[dark_at..]),
    ];
    for (scheme, bg, part) in schemes {
        let colours = colours(part);
        let mut backgrounds = vec![bg];
        backgrounds.extend(
            colours
                .iter()
                .filter(|(name, _)| name.ends_with("-bg"))
                .map(|(_, value)| *value),
        );
        let tokens: Vec<_> = colours
            .iter()
            .filter(|(name, _)| !name.ends_with("-bg") && !name.ends_with("-edge"))
            .collect();
        assert!(tokens.len() >= 15, "{scheme}: {tokens:?}");
        for (name, colour) in tokens {
            for background in &backgrounds {
                let ratio = contrast(colour, background);
                assert!(
                    ratio >= 4.5,
                    "{scheme}: --{name} {colour} on {background} is {ratio:.2}:1"
                );
            }
        }
    }
}

#[test]
fn in_a_browser_code_scrolls_takes_focus_and_copies_without_line_numbers() {
    use crate::support::serve::Serve;
    use crate::support::webdriver::Browser;
    let long = format!("let line = \"{}\";", "long ".repeat(60));
    let site = site_with(&format!(
        "---\ntitle: Note\n---\nText.\n\n```rust,linenos,hl_lines=2\nfn main() {{\n    {long}\n}}\n```\n\n\
         ```yaml\nkey: value # note\n```\n"
    ));
    let serve = Serve::start(&site);
    let Some(browser) = Browser::start(
        "highlight::in_a_browser_code_scrolls_takes_focus_and_copies_without_line_numbers",
    ) else {
        return;
    };
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("highlight");
    std::fs::create_dir_all(&shots).unwrap();
    let mut keyword_colours = Vec::new();
    for scheme in ["light", "dark"] {
        let feature =
            serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]});
        browser.cdp("Emulation.setEmulatedMedia", feature);
        browser.goto(&serve.url("/note/"));
        let state = browser.eval(
            "const pre = document.querySelector('.prose pre');
             return {
               buttons: document.querySelectorAll('.code-block > button.copy-code').length,
               scrolls: pre.scrollWidth > pre.clientWidth,
               focusable: pre.tabIndex === 0,
               keyword: getComputedStyle(document.querySelector('.hl-kw')).color,
               background: getComputedStyle(pre).backgroundColor,
             };",
        );
        assert_eq!(state["buttons"], 2, "{state}");
        assert_eq!(
            state["scrolls"], true,
            "a long line scrolls inside its block"
        );
        assert_eq!(state["focusable"], true);
        keyword_colours.push((state["keyword"].clone(), state["background"].clone()));
        browser.save_screenshot(&shots.join(format!("code-{scheme}.png")));
    }
    assert_ne!(
        keyword_colours[0], keyword_colours[1],
        "the dark scheme has colours of its own"
    );
    // The button copies the code as written, line numbers left out, and says so politely.
    let copied = browser.wait_until(
        "the copy button copying",
        std::time::Duration::from_secs(10),
        "if (!window.copied) {
           window.copied = [];
           navigator.clipboard.writeText = (text) => { window.copied.push(text); return Promise.resolve(); };
           document.querySelector('.copy-code').click();
         }
         const status = document.querySelector('.copy-status[role=status]');
         return window.copied.length && status.textContent === 'Copied'
           && document.querySelector('.copy-code').textContent === 'Copied' && window.copied;",
    );
    assert_eq!(copied[0], format!("fn main() {{\n    {long}\n}}"));
    // The browser's own request for `/favicon.ico`, which the fixture has none of, is no
    // error of the page's.
    let mut errors = browser.console_errors();
    errors.retain(|e| !e.contains("/favicon.ico "));
    assert!(errors.is_empty(), "{errors:?}");
}
