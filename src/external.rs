//! `praxis check --external`: fetches every external http(s) link of the site — each unique
//! URL once, several at a time, with a timeout — and reports the dead ones where they are
//! written. Good answers are remembered in a cache file, so CI re-runs only fetch what is new
//! or stale. `build` never fetches anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::diagnostics::{Code, Diagnostic, Location};

/// One external link, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSite {
    /// The URL as written.
    pub url: String,
    /// The file it is in.
    pub source: PathBuf,
    /// Where in the file.
    pub location: Location,
    /// The link's text.
    pub text: String,
}

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// Requests under way at once.
    pub concurrency: usize,
    /// Time allowed for one URL, redirects included.
    pub timeout: Duration,
    /// The cache file, if any.
    pub cache: Option<PathBuf>,
    /// How long a good answer stays good.
    pub max_age: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            concurrency: 8,
            timeout: Duration::from_secs(15),
            cache: None,
            max_age: Duration::from_secs(24 * 3600),
        }
    }
}

/// What fetching one URL found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It answered with this success status (after redirects).
    Alive(u16),
    /// It is gone: a 4xx answer or no such host.
    Dead(String),
    /// It could not be checked this time: a timeout, a 5xx or 429 answer.
    Unsure(String),
}

/// Checks every link and returns a diagnostic for each dead or uncheckable one, plus how many
/// URLs were fetched (the rest came from the cache).
pub fn check(sites: &[LinkSite], options: &Options) -> (Vec<Diagnostic>, usize) {
    let urls: BTreeSet<String> = sites.iter().map(|s| fetch_url(&s.url)).collect();
    let mut cache = options
        .cache
        .as_deref()
        .map(Cache::load)
        .unwrap_or_default();
    let now = jiff::Timestamp::now();
    let todo: Vec<&String> = urls
        .iter()
        .filter(|u| !cache.is_fresh(u, now, options.max_age))
        .collect();
    let outcomes = fetch_all(&todo, options);
    for (url, outcome) in &outcomes {
        if let Outcome::Alive(status) = outcome {
            cache.remember(url, *status, now);
        }
    }
    if let Some(path) = &options.cache {
        cache.save(path);
    }
    let mut out = Vec::new();
    for site in sites {
        let Some(outcome) = outcomes.get(&fetch_url(&site.url)) else {
            continue;
        };
        let text = if site.text.is_empty() {
            String::new()
        } else {
            format!(" “{}”", site.text)
        };
        let d = match outcome {
            Outcome::Alive(_) => continue,
            Outcome::Dead(why) => Diagnostic::error(
                Code::DeadLink,
                format!("dead external link{text} to `{}`: {why}", site.url),
            )
            .help("update or remove the link; the page it points to is gone"),
            Outcome::Unsure(why) => Diagnostic::warning(
                Code::UncheckedLink,
                format!(
                    "could not check external link{text} to `{}`: {why}",
                    site.url
                ),
            )
            .help("try again later; the server did not give a clear answer"),
        };
        out.push(d.at_location(&site.source, &site.location));
    }
    (out, todo.len())
}

/// The URL to fetch: without its `#fragment`, which servers never see.
fn fetch_url(url: &str) -> String {
    url.split('#').next().unwrap_or(url).to_string()
}

fn fetch_all(urls: &[&String], options: &Options) -> BTreeMap<String, Outcome> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent("praxis-link-check (+https://github.com/praxis)")
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(BTreeMap::new());
    let workers = options.concurrency.clamp(1, 64).min(urls.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let outcome = fetch(&agent, url);
                    results
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(url.to_string(), outcome);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|p| p.into_inner())
}

/// HEAD first; servers that refuse HEAD get a GET.
fn fetch(agent: &ureq::Agent, url: &str) -> Outcome {
    let head = agent.head(url).call();
    let answer = match head {
        Ok(response) if matches!(response.status().as_u16(), 400 | 403 | 405 | 501) => {
            agent.get(url).call()
        }
        other => other,
    };
    match answer {
        Ok(response) => classify_status(
            response.status().as_u16(),
            response.status().canonical_reason(),
        ),
        Err(ureq::Error::Timeout(_)) => Outcome::Unsure("timed out".into()),
        Err(ureq::Error::HostNotFound) => Outcome::Dead("no such host".into()),
        Err(ureq::Error::Io(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            Outcome::Dead("connection refused".into())
        }
        Err(e) => Outcome::Unsure(e.to_string()),
    }
}

fn classify_status(status: u16, reason: Option<&str>) -> Outcome {
    let text = match reason {
        Some(r) => format!("{status} {r}"),
        None => status.to_string(),
    };
    match status {
        200..=399 => Outcome::Alive(status),
        429 | 500..=599 => Outcome::Unsure(text),
        _ => Outcome::Dead(text),
    }
}

/// Remembered good answers: URL → (status, when).
#[derive(Debug, Default)]
struct Cache {
    entries: BTreeMap<String, (u16, jiff::Timestamp)>,
}

impl Cache {
    fn load(path: &Path) -> Cache {
        let Ok(text) = std::fs::read_to_string(path) else {
            return Cache::default();
        };
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&text) else {
            return Cache::default();
        };
        let entries = map
            .into_iter()
            .filter_map(|(url, v)| {
                let status = u16::try_from(v.get("status")?.as_u64()?).ok()?;
                let checked = v.get("checked")?.as_str()?.parse().ok()?;
                Some((url, (status, checked)))
            })
            .collect();
        Cache { entries }
    }

    fn is_fresh(&self, url: &str, now: jiff::Timestamp, max_age: Duration) -> bool {
        self.entries
            .get(url)
            .is_some_and(|(_, checked)| now.duration_since(*checked).unsigned_abs().le(&max_age))
    }

    fn remember(&mut self, url: &str, status: u16, now: jiff::Timestamp) {
        self.entries.insert(url.to_string(), (status, now));
    }

    /// Writes the cache; a cache that cannot be written only costs time next run.
    fn save(&self, path: &Path) {
        let map: serde_json::Map<String, serde_json::Value> = self
            .entries
            .iter()
            .map(|(url, (status, checked))| {
                (
                    url.clone(),
                    serde_json::json!({"status": status, "checked": checked.to_string()}),
                )
            })
            .collect();
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let text =
            serde_json::to_string_pretty(&serde_json::Value::Object(map)).unwrap_or_default();
        let tmp = path.with_extension("json.tmp");
        if std::fs::write(&tmp, text).is_ok() {
            let _ = std::fs::rename(&tmp, path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_classified() {
        assert_eq!(classify_status(200, Some("OK")), Outcome::Alive(200));
        assert_eq!(
            classify_status(404, Some("Not Found")),
            Outcome::Dead("404 Not Found".into())
        );
        assert_eq!(classify_status(410, None), Outcome::Dead("410".into()));
        assert!(matches!(classify_status(503, None), Outcome::Unsure(_)));
        assert!(matches!(classify_status(429, None), Outcome::Unsure(_)));
    }

    #[test]
    fn fragments_are_not_fetched() {
        assert_eq!(fetch_url("https://x.org/a#b"), "https://x.org/a");
    }

    #[test]
    fn the_cache_keeps_fresh_good_answers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/links.json");
        let now = jiff::Timestamp::now();
        let mut cache = Cache::default();
        cache.remember("https://a.org/", 200, now);
        cache.save(&path);
        let loaded = Cache::load(&path);
        assert!(loaded.is_fresh("https://a.org/", now, Duration::from_secs(60)));
        assert!(!loaded.is_fresh("https://b.org/", now, Duration::from_secs(60)));
        let later = now + jiff::SignedDuration::from_secs(120);
        assert!(!loaded.is_fresh("https://a.org/", later, Duration::from_secs(60)));
    }
}
