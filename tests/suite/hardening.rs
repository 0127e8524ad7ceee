//! Bad input and hostile paths: whatever a command line names, a build never deletes or mixes
//! with a source folder, however the path reaches it.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use praxis::{BuildOptions, Error, NoProgress, Site};

use crate::support::{TestSite, copy_tree, list_files};

fn praxis() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("praxis"))
}

/// A copy of the `basic` fixture at `<tmp>/site`, with `site/templates`, `site/themes/house`
/// and `site/data` holding a file each, inside a folder for links beside it.
fn site_in_folder() -> (tempfile::TempDir, PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let site = outer.path().join("site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
        &site,
    );
    for (dir, file, text) in [
        ("templates", "page.html", "{{ page.title }}"),
        ("themes/house", "theme.toml", "name = \"house\"\n"),
        ("data", "owners.yaml", "ops: platform\n"),
    ] {
        std::fs::create_dir_all(site.join(dir)).unwrap();
        std::fs::write(site.join(dir).join(file), text).unwrap();
    }
    (outer, site)
}

/// `praxis build --root ROOT --output OUTPUT --force`: its exit code and standard error.
fn forced_build(root: &Path, output: &Path) -> (Option<i32>, String) {
    let out = praxis()
        .args(["build", "--force", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn force_never_deletes_content_reached_through_a_linked_root() {
    let (outer, site) = site_in_folder();
    let link = outer.path().join("site-link");
    symlink(&site, &link).unwrap();
    let before = list_files(&site);
    // The root named through the link, the output through the real path: one folder.
    let (code, stderr) = forced_build(&link, &site.join("content"));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("overlaps the content folder"), "{stderr}");
    assert_eq!(list_files(&site), before, "no source was touched");
}

#[test]
fn force_never_replaces_the_site_through_a_link_to_it() {
    let (outer, site) = site_in_folder();
    let link = outer.path().join("link-to-site");
    symlink(&site, &link).unwrap();
    let before = list_files(&site);
    let (code, stderr) = forced_build(&site, &link);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("is the site root or holds it"), "{stderr}");
    assert_eq!(list_files(&site), before);
}

#[test]
fn an_output_in_templates_static_themes_or_data_is_refused_even_with_force() {
    let (_outer, site) = site_in_folder();
    let before = list_files(&site);
    for (output, folder) in [
        ("templates", "templates folder"),
        ("static/sub", "static folder"),
        ("themes", "themes folder"),
        ("themes/house", "themes folder"),
        ("data", "data folder"),
        ("content/../content", "content folder"),
    ] {
        let (code, stderr) = forced_build(&site, &site.join(output));
        assert_eq!(code, Some(2), "{output}: {stderr}");
        assert!(
            stderr.contains(&format!("overlaps the {folder}")),
            "{output}: {stderr}"
        );
    }
    assert_eq!(
        list_files(&site),
        before,
        "no build nested in a source or replaced one"
    );
}

#[test]
fn an_output_dir_in_book_toml_that_names_a_source_is_an_error_at_its_line() {
    let site = TestSite::fixture("basic");
    let book = site.read("book.toml");
    site.write(
        "book.toml",
        format!("{book}\n[build]\noutput-dir = \"static\"\n"),
    );
    let Err(Error::Config(errors)) = site.load() else {
        panic!("an output-dir over static/ loads");
    };
    let shown = praxis::diagnostics::render_human(&errors, false);
    assert!(shown.contains("overlaps the static folder"), "{shown}");
    assert!(shown.contains("book.toml:"), "{shown}");
}

#[test]
fn the_library_refuses_to_build_into_a_source_too() {
    let site = TestSite::fixture("basic");
    let options = BuildOptions {
        force: true,
        ..BuildOptions::default()
    };
    let loaded = Site::load(site.root(), &options).unwrap();
    let before = list_files(site.root());
    let result = loaded.build_into(&site.path("content"), &NoProgress);
    assert!(matches!(result, Err(Error::Config(_))), "{result:?}");
    assert_eq!(list_files(site.root()), before);
}

#[test]
fn an_ordinary_output_beside_the_sources_still_builds() {
    let (_outer, site) = site_in_folder();
    std::fs::remove_dir_all(site.join("templates")).unwrap();
    std::fs::remove_dir_all(site.join("themes")).unwrap();
    for output in ["public", "out/deep/site", "contents"] {
        let (code, stderr) = forced_build(&site, &site.join(output));
        assert_eq!(code, Some(0), "{output}: {stderr}");
    }
}

/// A site whose one page has `keys` front-matter keys of the simple `key: value` shape.
fn page_with_keys(keys: usize) -> TestSite {
    let mut front = String::from("---\ntitle: Many keys\n");
    for i in 0..keys {
        front.push_str(&format!("key_{i}: value {i}\n"));
    }
    front.push_str("---\nBody.\n");
    TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Keys\"\n"),
        ("content/many.md", &front),
    ])
}

/// The fastest of three loads of `site`.
fn load_time(site: &TestSite) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let started = std::time::Instant::now();
            site.load().expect("the page loads");
            started.elapsed()
        })
        .min()
        .expect("three loads")
}

#[test]
fn front_matter_with_many_keys_is_read_in_linear_time() {
    // Four times the keys: about four times the time when linear, sixteen when quadratic
    // (the duplicate check once compared every key with all before it: 18-24 s for 100,000).
    // A ratio of two loads in one run, not a time, so a slow machine does not fail it.
    let small = load_time(&page_with_keys(10_000));
    let large = load_time(&page_with_keys(40_000));
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    assert!(
        ratio < 9.0,
        "4x the keys took {ratio:.1}x the time ({small:?} → {large:?})"
    );
    let site = page_with_keys(40_000);
    let loaded = site.load().expect("loads");
    let page = loaded
        .graph
        .nodes()
        .iter()
        .find_map(|n| n.doc.as_ref())
        .expect("a page");
    assert_eq!(page.front.extra.len(), 40_000, "every key kept");
}

#[test]
fn links_that_run_script_or_open_local_files_are_warnings() {
    let page = "---\ntitle: Links\n---\n\
        [run](javascript:alert(1)) [old](VBScript:msgbox) [doc](data:text/html,hi)\n\n\
        ![dot](data:image/png;base64,iVBORw0KGgo=) [disk](file:///etc/passwd)\n\n\
        [mail](mailto:a@example.org) [web](https://example.org/)\n";
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Links\"\n"),
        ("content/p.md", page),
    ]);
    let loaded = site.load().expect("loads");
    let found: Vec<(String, String)> = loaded
        .warnings()
        .iter()
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        codes,
        [
            "unsafe-link",
            "unsafe-link",
            "unsafe-link",
            "local-file-link"
        ],
        "{found:#?}"
    );
    assert!(
        found[0]
            .1
            .contains("“run” to `javascript:alert(1)` runs a script"),
        "{found:#?}"
    );
    assert!(
        loaded.warnings().iter().all(|d| d.line.is_some()),
        "each at its line"
    );
    // check reports the same.
    let checked = loaded.check(&NoProgress);
    assert_eq!(
        checked
            .iter()
            .filter(|d| d.code.as_str().contains("link"))
            .count(),
        4
    );
}

#[test]
fn raw_html_in_a_description_is_shown_as_text() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Descriptions\"\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: \"Keep <script>alert(1)</script> out, *stress* kept\"\n---\nBody.\n",
        ),
    ]);
    site.build_ok();
    let home = site.output("index.html");
    assert!(!home.contains("<script>alert(1)"), "{home}");
    let lede = site.html("index.html").inner_html(".lede");
    assert!(
        lede.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{lede}"
    );
    assert!(
        lede.contains("<em>stress</em>"),
        "markdown still works: {lede}"
    );
}

#[test]
fn static_files_may_not_replace_pages_or_generated_data_but_may_replace_robots() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Static\"\n"),
        ("content/p.md", "---\ntitle: P\n---\nText.\n"),
        ("static/p/index.html", "stale copy"),
        ("static/graph.json", "{}"),
        ("static/search-index/index.json", "{}"),
        ("static/robots.txt", "User-agent: *\n"),
    ]);
    let Err(Error::Build(found)) = site.load() else {
        panic!("static files over generated ones load");
    };
    let shown = praxis::diagnostics::render_human(&found, false);
    assert!(
        shown.contains("content/p.md and the static file `p/index.html` would both write"),
        "{shown}"
    );
    for output in ["graph.json", "search-index/index.json"] {
        assert!(
            shown.contains(&format!(
                "static/{output}: error: the static file `{output}` would replace"
            )),
            "{shown}"
        );
    }
    assert!(
        found.iter().all(|d| !d.message.contains("`robots.txt`")),
        "robots.txt may be replaced: {shown}"
    );
    assert_eq!(found.iter().filter(|d| d.is_error()).count(), 3, "{shown}");
}

/// A site with links in content/ and static/: to a file and a folder outside it, to a file
/// inside it, and to /proc/self/environ. `follow` is written as `[build] follow-symlinks`.
fn site_with_links(follow: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let site = outer.path().join("site");
    let private = outer.path().join("private");
    std::fs::create_dir_all(&private).unwrap();
    std::fs::write(private.join("id_ed25519"), "SECRET KEY").unwrap();
    std::fs::write(
        private.join("notes.md"),
        "---\ntitle: Outside\n---\nSecret notes.\n",
    )
    .unwrap();
    let setting = follow.map_or(String::new(), |f| {
        format!("\n[build]\nfollow-symlinks = \"{f}\"\n")
    });
    let files = [
        ("book.toml", format!("[book]\ntitle = \"Links\"\n{setting}")),
        ("content/p.md", "---\ntitle: P\n---\nText.\n".to_string()),
        ("shared/logo.txt", "logo".to_string()),
    ];
    for (rel, text) in files {
        std::fs::create_dir_all(site.join(rel).parent().unwrap()).unwrap();
        std::fs::write(site.join(rel), text).unwrap();
    }
    std::fs::create_dir_all(site.join("static")).unwrap();
    symlink(private.join("notes.md"), site.join("content/outside.md")).unwrap();
    symlink(&private, site.join("static/keys")).unwrap();
    symlink("/proc/self/environ", site.join("static/env.txt")).unwrap();
    symlink(site.join("shared/logo.txt"), site.join("static/logo.txt")).unwrap();
    (outer, site)
}

/// Builds `site` into `<site>/public`: the warnings' messages, and the output's files.
fn build_links(site: &Path) -> (Vec<String>, Vec<String>) {
    let loaded = Site::load(site, &BuildOptions::default()).expect("loads");
    let warnings = loaded
        .warnings()
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    loaded.build(&NoProgress).expect("builds");
    (warnings, list_files(&site.join("public")))
}

#[test]
fn links_out_of_the_site_are_not_followed_by_default() {
    let (_outer, site) = site_with_links(None);
    let (warnings, files) = build_links(&site);
    assert!(
        files.contains(&"logo.txt".to_string()),
        "a link inside is followed: {files:?}"
    );
    for leaked in ["env.txt", "keys/id_ed25519", "outside/index.html"] {
        assert!(
            !files.contains(&leaked.to_string()),
            "{leaked} published: {files:?}"
        );
    }
    let skipped = |what: &str| {
        warnings
            .iter()
            .any(|w| w.starts_with("symlink: skipped") && w.contains(what))
    };
    assert!(skipped("/proc/self/") || skipped("/proc/"), "{warnings:#?}");
    assert!(skipped("outside the site"), "{warnings:#?}");
    assert_eq!(
        warnings.iter().filter(|w| w.starts_with("symlink")).count(),
        3,
        "{warnings:#?}"
    );
}

#[test]
fn follow_symlinks_all_reads_links_anywhere_but_proc() {
    let (_outer, site) = site_with_links(Some("all"));
    let (warnings, files) = build_links(&site);
    for followed in ["logo.txt", "keys/id_ed25519", "outside/index.html"] {
        assert!(
            files.contains(&followed.to_string()),
            "{followed}: {files:?}"
        );
    }
    assert!(!files.contains(&"env.txt".to_string()), "{files:?}");
    assert_eq!(
        warnings.iter().filter(|w| w.starts_with("symlink")).count(),
        1,
        "{warnings:#?}"
    );
}

#[test]
fn follow_symlinks_none_reads_no_link() {
    let (_outer, site) = site_with_links(Some("none"));
    let (warnings, files) = build_links(&site);
    assert!(!files.contains(&"logo.txt".to_string()), "{files:?}");
    assert_eq!(
        warnings.iter().filter(|w| w.starts_with("symlink")).count(),
        4,
        "{warnings:#?}"
    );
}

/// `praxis check --format FORMAT` on `site`: its standard output and error together.
fn check_output(site: &TestSite, format: &str) -> String {
    let out = praxis()
        .args(["check", "--format", format, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn no_file_name_or_link_target_can_start_a_line_of_the_log() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Logs\"\n"),
        // A raw line break in a file name, and one decoded from a link target.
        (
            "content/evil\n::error file=x::name.md",
            "---\ntitle: Evil\n---\n[x](gone%0A::error%20file=y::target.md)\n",
        ),
    ]);
    let human = check_output(&site, "human");
    assert!(human.contains("evil\\u{a}::error"), "{human}");
    assert!(human.contains("\\u{a}::error file=y::target"), "{human}");
    assert!(!human.lines().any(|l| l.starts_with("::")), "{human}");
    let github = check_output(&site, "github");
    let commands: Vec<&str> = github.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 1, "one diagnostic, one command: {github}");
    assert!(!commands[0].contains('\u{1b}'), "{github}");
}

#[test]
fn escape_sequences_in_messages_are_shown_not_obeyed() {
    assert_eq!(
        praxis::diagnostics::printable("a\u{1b}[31mb", false),
        "a\\u{1b}[31mb"
    );
    assert_eq!(
        praxis::diagnostics::printable("rtl\u{202e}txt", false),
        "rtl\\u{202e}txt"
    );
    assert_eq!(praxis::diagnostics::printable("a\tb", true), "a\tb");
    assert_eq!(praxis::diagnostics::printable("a\tb", false), "a\\u{9}b");
}

#[test]
fn an_id_pattern_that_matches_the_empty_string_is_a_config_error() {
    for pattern in ["^([A-Z]*)", "(x)?", "a|"] {
        let site = TestSite::with_files(&[
            (
                "book.toml",
                &format!("[book]\ntitle = \"Ids\"\n\n[links]\nid-pattern = '{pattern}'\n"),
            ),
            ("content/p.md", "---\ntitle: P\n---\nText.\n"),
        ]);
        let Err(Error::Config(errors)) = site.load() else {
            panic!("{pattern} loads");
        };
        let shown = praxis::diagnostics::render_human(&errors, false);
        assert!(
            shown.contains("matches the empty string"),
            "{pattern}: {shown}"
        );
        assert!(shown.contains("book.toml:5:1"), "at its line: {shown}");
    }
}

#[test]
fn a_book_toml_that_is_a_fifo_or_a_folder_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("book.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("praxis"))
        .args(["check", "--root"])
        .arg(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("praxis waited on a FIFO book.toml");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("book.toml is not a regular file"),
        "{stderr}"
    );

    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("book.toml")).unwrap();
    let out = praxis()
        .args(["check", "--root"])
        .arg(folder.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn a_fifo_in_the_data_folder_is_skipped_not_waited_on() {
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Data\"\n"),
        ("content/p.md", "---\ntitle: P\n---\nText.\n"),
        ("data/real.yaml", "a: 1\n"),
    ]);
    let made = std::process::Command::new("mkfifo")
        .arg(site.path("data/pipe.yaml"))
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    let loaded = site.load().expect("loads without waiting on the FIFO");
    let skipped: Vec<String> = loaded
        .warnings()
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(skipped, ["skipped: not a regular file"], "{skipped:?}");
}

/// What `praxis check` and `praxis build` report on `site`, each rendered as a reader sees it.
fn check_and_build_reports(site: &TestSite) -> (String, String) {
    let render =
        |d: &[praxis::diagnostics::Diagnostic]| praxis::diagnostics::render_human(d, false);
    let checked = match site.load() {
        Ok(loaded) => render(&loaded.check(&NoProgress)),
        Err(err) => render(err.diagnostics()),
    };
    let built = match site.build() {
        Ok(report) => render(&report.warnings),
        Err(err) => render(err.diagnostics()),
    };
    (checked, built)
}

#[test]
fn check_and_build_report_the_same_on_every_fixture() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    let mut with_diagnostics = 0;
    for name in names {
        let site = TestSite::fixture(&name);
        let (checked, built) = check_and_build_reports(&site);
        assert_eq!(checked, built, "fixture {name}: check and build disagree");
        with_diagnostics += usize::from(!checked.is_empty());
    }
    assert!(with_diagnostics >= 3, "the fixtures exercise diagnostics");
}

/// A site whose every kind of text holds control characters (C0, DEL, C1), written raw in
/// the files or as YAML and TOML escapes: in book.toml, titles, descriptions, tags, headings,
/// link texts, raw HTML and code.
pub fn control_character_site() -> TestSite {
    TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Bell\\u0007 site\"\ndescription = \"Known\\u0085 for \\u001b[1m noise\"\n\
             base-url = \"https://bell.example.org/\"\n\n[[taxonomies]]\nname = \"tags\"\nfeed = true\n",
        ),
        ("content/_index.md", "# Home\u{7}\n\nWelcome\u{1b}[0m.\n"),
        (
            "content/bell.md",
            "---\ntitle: \"Ring \\a the \\e[1m bell \\N & <co>\"\n\
             description: \"Null \\x01 here \\x7f and \\x9f there\"\ntags: [\"x\\a\"]\n\
             date: 2025-01-01\n---\n\
             Text with a bell\u{7} and a delete\u{7f} and NEL\u{85}.\n\n\
             ## A heading\u{1b}[31m red\n\n\
             See [the other\u{8} page](other.md) and <span title=\"raw\u{1}\">raw\u{2} HTML</span>.\n\n\
             ```text\n\u{1b}[32mgreen\u{1b}[0m terminal output\n```\n",
        ),
        (
            "content/other.md",
            "---\ntitle: Other\u{c}page\n---\nLinks back to [the bell\u{1}](bell.md).\n",
        ),
    ])
}

#[test]
fn control_characters_never_reach_an_html_or_xml_output() {
    let site = control_character_site();
    site.build_ok();
    let out = site.path("public");
    let mut seen = 0;
    for file in list_files(&out) {
        if !(file.ends_with(".html") || file.ends_with(".xml")) {
            continue;
        }
        seen += 1;
        let text = site.output(&file);
        let found: Vec<String> = text
            .chars()
            .filter(|&c| praxis::text::is_forbidden_in_markup(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(found.is_empty(), "{file} holds {found:?}");
        if file.ends_with(".xml") {
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        }
    }
    assert!(seen >= 8, "only {seen} HTML and XML files");
    // The text around them is all there.
    let page = site.html("bell/index.html");
    assert_eq!(page.text("h1"), "Ring the [1m bell & <co>");
    assert!(page.text("main").contains("a bell and a delete and NEL."));
    assert!(page.text("pre").contains("[32mgreen[0m terminal output"));
    assert_eq!(site.html("other/index.html").text("h1"), "Otherpage");
}

#[test]
fn a_yaml_alias_bomb_is_reported_at_the_alias_that_explodes() {
    let mut front = String::from("---\ntitle: Laughs\nl0: &l0 [ha, ha, ha, ha, ha, ha, ha, ha]\n");
    for level in 1..9 {
        let items = vec![format!("*l{}", level - 1); 8].join(", ");
        front.push_str(&format!("l{level}: &l{level} [{items}]\n"));
    }
    front.push_str("---\nText.\n");
    let site = TestSite::with_files(&[
        ("book.toml", "[book]\ntitle = \"Bomb\"\n"),
        ("content/laughs.md", &front),
    ]);
    let err = site.build_err();
    let shown = praxis::diagnostics::render_human(err.diagnostics(), false);
    let root = format!("{}/", site.root().display());
    let first = shown.replace(&root, "");
    let first = first.lines().next().unwrap();
    // The last level's first alias: line 11, column 10 (`l8: &l8 [*l7, …`).
    assert!(
        first.starts_with("content/laughs.md:11:10: error: invalid YAML front matter: the alias `*l7` unrolls into"),
        "{shown}"
    );
    assert!(shown.contains("repetition limit"), "{shown}");
}

#[test]
fn a_bad_schema_pattern_is_reported_at_its_own_pattern_key() {
    let book = "[book]\ntitle = \"Schemas\"\n\n\
                [[schemas]]\nsections = \"ops/**\"\n[schemas.keys.risk]\npattern = \"^(High|Low$\"\n\n\
                [[schemas]]\nsections = [\"a/**\", \"b/[\"]\n\n\
                [[schemas]]\nsections = \"c/**\"\nid-pattern = \"^[A-Z\"\n[schemas.keys.owner]\ntype = \"string\"\n\
                [schemas.keys.team]\npattern = \"(\"\n";
    let site = TestSite::with_files(&[("book.toml", book), ("content/p.md", "# P\n")]);
    let err = site.build_err();
    let root = format!("{}/", site.root().display());
    let at: Vec<String> = err
        .diagnostics()
        .iter()
        .map(|d| {
            let path = d
                .path
                .as_ref()
                .unwrap()
                .display()
                .to_string()
                .replace(&root, "");
            format!(
                "{path}:{}:{} {}",
                d.line.unwrap(),
                d.column.unwrap(),
                &d.message[..30]
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            "book.toml:7:1 invalid schema: invalid patter",
            "book.toml:10:21 invalid schema: invalid sectio",
            "book.toml:14:1 invalid schema: invalid `id-pa",
        ],
        "{at:#?}"
    );
}

/// A tmpfs mounted for a test, unmounted (with any mount below `root`) when dropped.
struct Mounts {
    root: PathBuf,
}

impl Mounts {
    /// Mounts a tmpfs of `size` (`"256k"`) at `dir`. `None` when this machine does not let
    /// the tests mount (not root, or no CAP_SYS_ADMIN in a container): the test then says so
    /// and checks nothing.
    fn tmpfs(root: &Path, dir: &Path, size: &str, test: &str) -> Option<Mounts> {
        std::fs::create_dir_all(dir).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("note: {test} skipped: cannot mount a tmpfs here (it needs root)");
            return None;
        }
        Some(Mounts {
            root: root.to_path_buf(),
        })
    }
}

impl Drop for Mounts {
    fn drop(&mut self) {
        let table = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
        let root = self.root.to_string_lossy();
        let mut points: Vec<&str> = table
            .lines()
            .filter_map(|l| l.split(' ').nth(1))
            .filter(|p| p.starts_with(root.as_ref()))
            .collect();
        points.sort_by_key(|p| std::cmp::Reverse(p.len()));
        for point in points {
            let _ = std::process::Command::new("umount")
                .args(["-l", point])
                .status();
        }
    }
}

fn pages_site(pages: usize) -> TestSite {
    let site = TestSite::with_files(&[("book.toml", "[book]\ntitle = \"Full\"\n")]);
    for i in 0..pages {
        site.write(
            &format!("content/p{i:03}.md"),
            format!(
                "---\ntitle: Page {i}\n---\n{}\n",
                "Words to fill the disk. ".repeat(200)
            ),
        );
    }
    site
}

#[test]
fn a_full_disk_is_one_error_that_counts_the_files_not_written() {
    let disk = tempfile::tempdir().unwrap();
    let Some(_mounts) = Mounts::tmpfs(disk.path(), disk.path(), "400k", "disk full") else {
        return;
    };
    let output = disk.path().join("public");
    let small = pages_site(1);
    let options = |site: &TestSite| {
        Command::new(assert_cmd::cargo::cargo_bin!("praxis"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(&output)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    assert!(options(&small).status.success());
    let before = list_files(&output);

    let large = pages_site(300);
    let out = options(&large);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "one error, not one a file: {stderr}");
    assert!(
        errors[0].contains("error: the disk is full: ")
            && errors[0].ends_with(" files were not written"),
        "{stderr}"
    );
    assert!(
        stderr.contains("No space left on device"),
        "names the first: {stderr}"
    );
    assert!(
        stderr.contains("build elsewhere with `--output`"),
        "{stderr}"
    );
    // Nothing was lost, and the half-written staging folder is gone.
    assert_eq!(list_files(&output), before);
    let beside: Vec<_> = std::fs::read_dir(disk.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(beside, ["public"], "{beside:?}");
}

#[test]
fn an_old_output_that_cannot_be_removed_is_a_warning_after_the_swap() {
    let site = pages_site(3);
    site.build_ok();
    // A mount point inside the old output: removing the old site fails there (EBUSY), as
    // root would not be stopped by permissions.
    let stuck = site.path("public/stuck");
    let Some(mounts) = Mounts::tmpfs(site.root(), &stuck, "64k", "old output removal") else {
        return;
    };
    site.write(
        "content/p000.md",
        "---\ntitle: Page zero, again\n---\nNew.\n",
    );
    let report = site.build_ok();
    let warnings = crate::support::headlines(&site, &report.warnings);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(
            "warning: the new site is in place, but the previous one could not all be removed from "
        ) && warnings[0].contains(".public.praxis-staging-"),
        "{warnings:?}"
    );
    assert_eq!(site.html("p000/index.html").text("h1"), "Page zero, again");
    // Once the mount is gone, the next build takes what was left.
    drop(mounts);
    site.build_ok();
    let left: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn taxonomy_and_relation_name_errors_point_at_their_own_table() {
    let book = "[book]\ntitle = \"Names\"\n\n\
                [[relations]]\nname = \"related\"\n\n\
                [[relations]]\nname = \"tags\"\n\n\
                [[taxonomies]]\nname = \"tags\"\n\n\
                [[taxonomies]]\nname = \"Risk Level\"\n\n\
                [[taxonomies]]\nname = \"tags\"\n";
    let site = TestSite::with_files(&[("book.toml", book), ("content/p.md", "# P\n")]);
    let err = site.build_err();
    let mut at: Vec<String> = err
        .diagnostics()
        .iter()
        .map(|d| format!("{}:{} {}", d.line.unwrap(), d.column.unwrap(), d.message))
        .collect();
    at.sort();
    assert_eq!(
        at,
        [
            "14:1 taxonomy name `Risk Level` is not a valid URL segment",
            "17:1 taxonomy `tags` is declared twice",
            "8:1 relation `tags` uses a key praxis already reads",
        ],
        "{at:#?}"
    );
}

#[test]
fn a_list_item_is_found_as_a_whole_item_not_inside_the_key() {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Items\"\n\n[[relations]]\nname = \"related\"\n",
        ),
        (
            "content/p.md",
            "---\ntitle: P\nrelated: [e, x]\n---\nText.\n",
        ),
    ]);
    let err = site.build_err();
    let at: Vec<String> = err
        .diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{}", d.line.unwrap(), d.column.unwrap()))
        .collect();
    // `related: [e, x]`: `e` is at column 11, not at the `e` of `related` (column 2).
    assert_eq!(at, ["3:11", "3:14"], "{:#?}", err.diagnostics());
}

/// The positions of the error diagnostics of a site whose one page has this front matter.
fn item_error_positions(front: &str) -> Vec<String> {
    let site = TestSite::with_files(&[
        (
            "book.toml",
            "[book]\ntitle = \"Items\"\n\n[[relations]]\nname = \"related\"\n",
        ),
        (
            "content/p.md",
            &format!("---\ntitle: P\n{front}---\nText.\n"),
        ),
    ]);
    let err = site.build_err();
    err.diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}:{}", d.line.unwrap(), d.column.unwrap()))
        .collect()
}

#[test]
fn a_list_item_inside_an_earlier_quoted_item_points_at_its_own_place() {
    // `x` is also inside the first item, "a x": its error points at the second item.
    let at = item_error_positions("related: [\"a x\", x]\n");
    assert_eq!(at, ["3:12", "3:18"]);
}

#[test]
fn a_repeated_list_item_points_at_each_place_it_is_written() {
    let at = item_error_positions("related: [x, x]\n");
    assert_eq!(at, ["3:11", "3:14"]);
}

#[test]
fn a_list_item_named_in_a_comment_on_the_key_line_points_at_the_item() {
    let at = item_error_positions("related: # see x\n  - x\n");
    assert_eq!(at, ["4:5"]);
}

#[test]
fn praxis_serve_reports_the_links_it_skips_as_build_does() {
    let (_outer, site) = site_with_links(None);
    let (built, _) = build_links(&site);
    let (live, first) =
        praxis::incremental::Live::load(&site, &BuildOptions::default()).expect("loads");
    first.expect("the first build succeeds");
    let mut served: Vec<String> = live
        .warnings()
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    let mut built = built;
    served.sort();
    built.sort();
    assert_eq!(served, built);
    assert!(
        served.iter().any(|w| w.starts_with("symlink")),
        "{served:#?}"
    );
}
