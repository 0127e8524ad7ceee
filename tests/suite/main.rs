//! praxis's integration tests: one binary, one module per behaviour family. Each test copies
//! a fixture site from `tests/fixtures/<name>/` (or writes a small one) into a temporary
//! folder, builds it through the library or the CLI, and checks the output and diagnostics.

// The package's lints guard the library's API; the helpers here are `pub` only to be shared
// between the test modules of this one binary.
#![allow(unreachable_pub)]

mod support;

mod accessibility;
mod aliases;
mod browser;
mod build;
mod check;
mod cli;
mod default_site;
mod errors;
mod feeds;
mod front_matter;
mod fuzz_regressions;
mod hardening;
mod highlight;
mod hugo_build;
mod hugo_site;
mod i18n;
mod imported;
mod imported_pages;
mod incremental;
mod init;
mod interrupts;
mod languages;
mod links;
mod markdown;
mod meta;
mod navigation;
mod notices;
mod nu_checker;
mod output;
mod properties;
mod reader;
mod search;
mod search_browser;
mod serve;
mod serve_http;
mod serve_load;
mod shortcodes;
mod site_files;
mod snapshots;
mod taxonomies;
mod template_variables;
mod templates;
mod theme;
mod theme_audit;
mod unicode;
mod urls;
mod watch;
