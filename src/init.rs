//! `praxis init`: writes a new site into a folder — a commented `book.toml` and a small
//! practice framework (a pillar with a principle, a question, two best practices) that uses
//! every feature on its first build. The files live under `src/init/` as real files and are
//! embedded here; this module only writes them, and never removes or empties anything.

use std::path::{Path, PathBuf};

/// The scaffold: each file's path in the new site, and its text.
const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("init/book.toml")),
    (".gitignore", include_str!("init/gitignore")),
    ("content/_index.md", include_str!("init/content/_index.md")),
    (
        "content/operations/_index.md",
        include_str!("init/content/operations/_index.md"),
    ),
    (
        "content/operations/docs-are-a-product.md",
        include_str!("init/content/operations/docs-are-a-product.md"),
    ),
    (
        "content/operations/ops01/_index.md",
        include_str!("init/content/operations/ops01/_index.md"),
    ),
    (
        "content/operations/ops01/ops01-bp01.md",
        include_str!("init/content/operations/ops01/ops01-bp01.md"),
    ),
    (
        "content/operations/ops01/ops01-bp02.md",
        include_str!("init/content/operations/ops01/ops01-bp02.md"),
    ),
];

/// What `init` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    /// The new site's folder, as given.
    pub root: PathBuf,
    /// The files written, relative to `root`, in the order written.
    pub files: Vec<PathBuf>,
}

/// Why `init` wrote nothing, or stopped part way.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder already holds files, and `force` was not given. Nothing was written.
    #[error(
        "{} is not empty; pass `--force` to write the new site into it anyway (files of the same name are replaced, others are left alone)",
        .0.display()
    )]
    NotEmpty(PathBuf),
    /// The path exists and is not a folder. Nothing was written.
    #[error("{} exists and is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// A file-system call failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done: "read", "create", "write".
        action: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
}

/// Writes a new site into `dir` (created if missing). Refuses a folder that holds anything
/// unless `force` (then it writes its files over, leaving other files alone).
pub fn scaffold(dir: &Path, force: bool) -> Result<Scaffold, InitError> {
    if !force && holds_anything(dir)? {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    if dir.exists() && !dir.is_dir() {
        return Err(InitError::NotAFolder(dir.to_path_buf()));
    }
    let mut files = Vec::with_capacity(FILES.len());
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error("create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| io_error("write", &path, e))?;
        files.push(PathBuf::from(rel));
    }
    Ok(Scaffold {
        root: dir.to_path_buf(),
        files,
    })
}

/// The two commands to run next, as shown after init: preview the site, then build it.
pub fn next_steps(dir: &Path) -> [String; 2] {
    let root = if dir.as_os_str().is_empty() || dir == Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", shell_word(&dir.display().to_string()))
    };
    [format!("praxis serve{root}"), format!("praxis build{root}")]
}

/// Whether `dir` exists and holds any entry at all (hidden ones included).
fn holds_anything(dir: &Path) -> Result<bool, InitError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(_) if dir.is_file() => Err(InitError::NotAFolder(dir.to_path_buf())),
        Err(e) => Err(io_error("read", dir, e)),
    }
}

fn io_error(action: &'static str, path: &Path, source: std::io::Error) -> InitError {
    InitError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// `text` as one word for a POSIX shell: unchanged when it is plain, else single-quoted.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_steps_name_the_folder_only_when_needed() {
        assert_eq!(next_steps(Path::new(".")), ["praxis serve", "praxis build"]);
        assert_eq!(
            next_steps(Path::new("docs/site")),
            [
                "praxis serve --root docs/site",
                "praxis build --root docs/site"
            ]
        );
        assert_eq!(
            next_steps(Path::new("my docs"))[0],
            "praxis serve --root 'my docs'"
        );
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }

    #[test]
    fn every_file_is_written_under_a_plain_relative_path() {
        for (rel, text) in FILES {
            let path = Path::new(rel);
            assert!(path.is_relative() && !rel.contains(".."), "{rel}");
            assert!(!text.trim().is_empty(), "{rel} is empty");
        }
    }
}
