//! Which symbolic links a build follows (`[build] follow-symlinks`). A link in `content/`,
//! `static/`, `data/` or a theme is read only when it leads inside the site (the default),
//! or never, or anywhere; a link into `/proc`, `/sys` or `/dev` is never read, whatever the
//! setting (`ln -s /proc/self/environ static/env.txt` would publish the build's secrets).
//!
//! Only entries that are links are resolved (one `realpath` each), so a site without links
//! pays nothing; files below a followed folder link are inside its target, and links among
//! them are checked as the walk meets them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic};

/// `[build] follow-symlinks`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FollowSymlinks {
    /// Links whose target is inside the site root (or the content folder) are followed.
    #[default]
    Inside,
    /// No link is followed.
    None,
    /// Every link is followed, except into `/proc`, `/sys` and `/dev`.
    All,
}

/// The folders no link is followed into: what they hold is not a file to publish.
const NEVER: [&str; 3] = ["/proc", "/sys", "/dev"];

/// Decides, for each entry of a walk, whether a link may be followed.
#[derive(Debug, Clone)]
pub(crate) struct Gate {
    policy: FollowSymlinks,
    /// The site root and the content folder, resolved.
    inside: Vec<PathBuf>,
}

impl Gate {
    /// The gate for this site's walks.
    pub(crate) fn new(config: &Config) -> Gate {
        let inside = [config.root.clone(), config.content_dir()]
            .iter()
            .filter_map(|dir| dir.canonicalize().ok())
            .collect();
        Gate {
            policy: config.build.follow_symlinks,
            inside,
        }
    }

    /// None when `entry` may be read: it is no link, or a link the policy follows.
    /// Otherwise the warning that says it was skipped (a folder's whole tree with it).
    pub(crate) fn refuse(&self, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
        if !entry.path_is_symlink() {
            return None;
        }
        let path = entry.path();
        let target = path.canonicalize().ok()?;
        let skipped = |why: String, help: &str| {
            Some(
                Diagnostic::warning(Code::Symlink, format!("skipped: {why}"))
                    .in_file(crate::config::shown_path(path))
                    .help(help.to_string()),
            )
        };
        if NEVER.iter().any(|dir| target.starts_with(dir)) {
            return skipped(
                format!("a link into {}, which is never read", target.display()),
                "remove the link; copy the file into the site if it is meant to be published",
            );
        }
        match self.policy {
            FollowSymlinks::All => None,
            FollowSymlinks::None => skipped(
                "a symbolic link, and `follow-symlinks` is \"none\"".into(),
                "replace the link with the file, or set `[build] follow-symlinks = \"inside\"`",
            ),
            FollowSymlinks::Inside if self.is_inside(&target) => None,
            FollowSymlinks::Inside => skipped(
                format!("a link to {}, outside the site", target.display()),
                "copy what it points at into the site, or set `[build] follow-symlinks = \"all\"` \
                 if every link in the site may be published",
            ),
        }
    }

    fn is_inside(&self, target: &Path) -> bool {
        self.inside.iter().any(|dir| target.starts_with(dir))
    }
}
