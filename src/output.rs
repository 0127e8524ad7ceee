//! The only module that writes to disk. A build writes into a staging folder beside the
//! output folder and, when everything succeeded, swaps it in (atomically on Linux, with
//! `renameat2(RENAME_EXCHANGE)`). A failed or killed build leaves the previous output as it
//! was; leftovers of a killed build are removed by the next one.
//!
//! praxis marks folders it creates with a marker file and never replaces a non-empty folder
//! without that marker unless forced.
//!
//! Two builds of one output take turns: the first holds a lock file beside the output
//! (`.public.praxis-lock`) until its swap is done, and the second waits for it. A raised
//! [`Interrupt`] (the binary raises it on Ctrl-C and SIGTERM) makes every later write fail,
//! so the build stops and drops its staging folder instead of swapping it in.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};

/// What can go wrong while writing the output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// A file-system call failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done: "create", "write", "copy to", …
        action: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The output folder holds files praxis did not put there.
    #[error("refusing to replace {}: it holds files praxis did not create", .0.display())]
    Foreign(PathBuf),
    /// The output path is a file.
    #[error("output path {} exists and is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// A path that would leave the output folder.
    #[error("refusing to write `{0}`: it is not a plain path inside the output")]
    Escape(String),
    /// The output path has no usable name.
    #[error("cannot build into {}", .0.display())]
    BadName(PathBuf),
    /// The build was interrupted by this signal (its number) before the swap.
    #[error("interrupted by signal {0}")]
    Interrupted(i32),
}

/// A request to stop a build, shared with whoever raises it: a signal handler stores the
/// signal's number in [`Interrupt::flag`], a test or an embedding program calls
/// [`Interrupt::raise`]. Once raised, the staging folder refuses every write and commit.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<AtomicUsize>);

impl Interrupt {
    /// The cell a signal handler sets to the signal's number (0: not raised).
    pub fn flag(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.0)
    }

    /// Asks the build to stop, as `signal` would.
    pub fn raise(&self, signal: i32) {
        self.0.store(signal.max(1) as usize, Ordering::SeqCst);
    }

    /// The signal that asked the build to stop, if any did.
    pub fn raised(&self) -> Option<i32> {
        match self.0.load(Ordering::Relaxed) {
            0 => None,
            n => Some(i32::try_from(n).unwrap_or(i32::MAX)),
        }
    }

    fn check(&self) -> Result<(), OutputError> {
        self.raised()
            .map_or(Ok(()), |s| Err(OutputError::Interrupted(s)))
    }
}

impl OutputError {
    /// True when the user has to change how praxis is called (exit code 2), not the content.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            OutputError::Foreign(_) | OutputError::NotAFolder(_) | OutputError::BadName(_)
        )
    }

    /// The error as a diagnostic, with advice.
    pub fn to_diagnostic(&self) -> Diagnostic {
        if self.is_disk_full() {
            return Diagnostic::error(Code::DiskFull, self.to_string()).help(DISK_FULL_HELP);
        }
        let d = Diagnostic::error(Code::Output, self.to_string());
        match self {
            OutputError::Foreign(_) => d.help(
                "choose another output folder with `--output`, empty this one, or pass `--force` to replace it",
            ),
            OutputError::NotAFolder(_) => d.help("remove it or choose another output folder with `--output`"),
            OutputError::BadName(_) => d.help("choose an output folder with a plain name, e.g. `public`"),
            OutputError::Io { .. } | OutputError::Escape(_) | OutputError::Interrupted(_) => d,
        }
    }
}

const DISK_FULL_HELP: &str = "free some space on the disk that holds the output folder, or \
                              build elsewhere with `--output`; the previous output is as it was";

impl OutputError {
    /// Whether the disk (or the user's quota) had no room left.
    pub fn is_disk_full(&self) -> bool {
        use std::io::ErrorKind::{QuotaExceeded, StorageFull};
        matches!(self, OutputError::Io { source, .. } if matches!(source.kind(), StorageFull | QuotaExceeded))
    }
}

/// A full disk fails every write after the first: the writes that failed for want of space
/// become one error that counts them and names the first (by path), instead of one a file.
pub fn one_disk_full(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let (full, mut diagnostics): (Vec<Diagnostic>, Vec<Diagnostic>) = diagnostics
        .into_iter()
        .partition(|d| d.code == Code::DiskFull);
    let Some(first) = full.iter().min_by(|a, b| a.message.cmp(&b.message)) else {
        return diagnostics;
    };
    let summary = match full.len() {
        1 => first.clone(),
        n => Diagnostic::error(
            Code::DiskFull,
            format!("the disk is full: {n} files were not written"),
        )
        .note(format!("the first of them: {}", first.message))
        .help(DISK_FULL_HELP),
    };
    diagnostics.push(summary);
    diagnostics
}

impl From<OutputError> for Diagnostic {
    fn from(err: OutputError) -> Diagnostic {
        err.to_diagnostic()
    }
}

fn io_error(path: &Path, action: &'static str, source: std::io::Error) -> OutputError {
    OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// The file that marks an output folder as praxis's own.
pub const MARKER: &str = ".praxis-output";

const STAGING_TAG: &str = ".praxis-staging-";

/// The lock file's name after the output's (`.public.praxis-lock`).
const LOCK_TAG: &str = ".praxis-lock";

/// Where rendered files go: a [`Staging`] folder for `build`, or [`Discard`] for `check`,
/// which runs the whole pipeline but writes nothing.
pub trait Sink: Sync {
    /// Creates folders (relative, `/`-separated) ahead of writing into them.
    fn create_dirs(&self, dirs: &mut dyn Iterator<Item = &str>) -> Result<(), OutputError>;
    /// Writes one file at `rel`.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_parts(rel, &[bytes])
    }
    /// Writes one file at `rel` from pieces, in order, without joining them in memory first.
    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<(), OutputError>;
    /// Writes one file at `rel` from pieces made while it is written, so that only the piece
    /// at hand is in memory. A sink that writes nothing need not ask for them.
    fn write_stream(
        &self,
        rel: &str,
        parts: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> Result<(), OutputError>;
    /// Copies a file from `source` to `rel`.
    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError>;
    /// Files written (or that would have been) so far.
    fn files_written(&self) -> usize;
    /// Whether the build was asked to stop ([`Interrupt`]): work whose output would be
    /// refused is not worth doing.
    fn stopped(&self) -> bool {
        false
    }
}

/// A sink that checks every path and source but writes nothing.
#[derive(Debug, Default)]
pub struct Discard {
    written: AtomicUsize,
}

impl Sink for Discard {
    fn create_dirs(&self, dirs: &mut dyn Iterator<Item = &str>) -> Result<(), OutputError> {
        for dir in dirs {
            checked_rel(dir)?;
        }
        Ok(())
    }

    fn write_parts(&self, rel: &str, _parts: &[&[u8]]) -> Result<(), OutputError> {
        checked_rel(rel)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn write_stream(
        &self,
        rel: &str,
        _parts: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> Result<(), OutputError> {
        self.write_parts(rel, &[])
    }

    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError> {
        checked_rel(rel)?;
        std::fs::File::open(source).map_err(|e| io_error(source, "read", e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn files_written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }
}

/// The files of a site held in memory, by output path (`ops/ops01/index.html`), each
/// [`pack`]ed: what `praxis serve` serves. Cheap to clone; a rebuild changes a copy and
/// swaps it in.
pub type Files =
    std::sync::Arc<std::collections::HashMap<std::sync::Arc<str>, std::sync::Arc<[u8]>>>;

/// The first byte of a packed file: what follows is the file as it is.
const RAW: u8 = 0;
/// The first byte of a packed file: what follows is LZ4-compressed, its size first.
const LZ4: u8 = 1;

/// A file as [`Memory`] holds it: text (HTML, CSS, scripts, XML…) LZ4-compressed, which
/// makes a served site about a third of its size; other files (images, fonts, already
/// compressed) as they are. Equal files pack to equal bytes.
pub fn pack(path: &str, bytes: &[u8]) -> std::sync::Arc<[u8]> {
    const TEXT: &[&str] = &[
        "html", "htm", "css", "js", "mjs", "json", "xml", "txt", "svg", "md", "map",
    ];
    let extension = Path::new(path).extension().and_then(|e| e.to_str());
    let text = extension.is_some_and(|e| TEXT.iter().any(|t| e.eq_ignore_ascii_case(t)));
    if !text {
        return [&[RAW], bytes].concat().into();
    }
    let mut packed = vec![LZ4];
    packed.extend(lz4_flex::block::compress_prepend_size(bytes));
    packed.into()
}

/// A packed file's bytes (see [`pack`]); `None` when they are not a packed file.
pub fn unpack(packed: &[u8]) -> Option<std::borrow::Cow<'_, [u8]>> {
    match packed.split_first()? {
        (&RAW, bytes) => Some(std::borrow::Cow::Borrowed(bytes)),
        (&LZ4, compressed) => lz4_flex::block::decompress_size_prepended(compressed)
            .ok()
            .map(std::borrow::Cow::Owned),
        _ => None,
    }
}

/// A sink that keeps every file in memory (`praxis serve` never writes the output folder).
#[derive(Debug, Default)]
pub struct Memory {
    files: std::sync::Mutex<std::collections::HashMap<std::sync::Arc<str>, std::sync::Arc<[u8]>>>,
}

impl Memory {
    /// The files written, by output path.
    pub fn into_files(
        self,
    ) -> std::collections::HashMap<std::sync::Arc<str>, std::sync::Arc<[u8]>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        checked_rel(rel)?;
        let packed = pack(rel, bytes);
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(rel.into(), packed);
        Ok(())
    }
}

impl Sink for Memory {
    fn create_dirs(&self, dirs: &mut dyn Iterator<Item = &str>) -> Result<(), OutputError> {
        for dir in dirs {
            checked_rel(dir)?;
        }
        Ok(())
    }

    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<(), OutputError> {
        match parts {
            [one] => self.put(rel, one),
            _ => self.put(rel, &parts.concat()),
        }
    }

    fn write_stream(
        &self,
        rel: &str,
        parts: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> Result<(), OutputError> {
        self.put(rel, &parts.flatten().collect::<Vec<u8>>())
    }

    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError> {
        let bytes = std::fs::read(source).map_err(|e| io_error(source, "read", e))?;
        self.put(rel, &bytes)
    }

    fn files_written(&self) -> usize {
        self.files.lock().map_or(0, |f| f.len())
    }
}

/// A relative output path, refused when it would leave the output folder.
fn checked_rel(rel: &str) -> Result<&Path, OutputError> {
    let p = Path::new(rel);
    if p.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(OutputError::Escape(rel.to_string()));
    }
    Ok(p)
}

/// A staging folder being filled; [`Staging::commit`] puts it in place of the output.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    written: AtomicUsize,
    interrupt: Interrupt,
    // Declared last: released after the folder is swapped in and the old one removed.
    _lock: OutputLock,
}

impl Staging {
    /// Prepares to build into `target`. Fails, before anything is written, when `target`
    /// exists and holds files praxis did not put there (unless `force`).
    pub fn begin(target: &Path, force: bool) -> Result<Staging, OutputError> {
        Staging::begin_with(target, force, &Interrupt::default(), &|_| {})
    }

    /// [`Staging::begin`], stopping when `interrupt` is raised. When another build holds
    /// the output's lock, `waiting` is called once with the lock file's path, and this one
    /// waits for it.
    pub fn begin_with(
        target: &Path,
        force: bool,
        interrupt: &Interrupt,
        waiting: &dyn Fn(&Path),
    ) -> Result<Staging, OutputError> {
        let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| OutputError::BadName(target.clone()))?
            .to_string();
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        interrupt.check()?;
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, "create", e))?;
        let lock = OutputLock::acquire(
            &parent.join(format!(".{name}{LOCK_TAG}")),
            interrupt,
            waiting,
        )?;
        if target.exists() {
            if !target.is_dir() {
                return Err(OutputError::NotAFolder(target));
            }
            let ours = target.join(MARKER).is_file();
            let empty = std::fs::read_dir(&target)
                .map(|mut entries| entries.next().is_none())
                .unwrap_or(false);
            if !ours && !empty && !force {
                return Err(OutputError::Foreign(target));
            }
        }
        remove_stale_staging(&parent, &name);
        let dir = parent.join(format!(".{name}{STAGING_TAG}{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, "remove", e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_error(&dir, "create", e))?;
        std::fs::write(
            dir.join(MARKER),
            "This folder was written by praxis; the next build replaces it.\n",
        )
        .map_err(|e| io_error(&dir, "write", e))?;
        Ok(Staging {
            dir,
            target,
            committed: false,
            written: AtomicUsize::new(0),
            interrupt: interrupt.clone(),
            _lock: lock,
        })
    }

    /// The folder being written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Puts the staging folder in place of the output folder, and removes the old output.
    /// When that removal fails, the new site is in place all the same: the warning says
    /// what was left (the next build's sweep takes it).
    pub fn commit(self) -> Result<Option<Diagnostic>, OutputError> {
        self.commit_inner()
    }
}

impl Sink for Staging {
    fn files_written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    fn stopped(&self) -> bool {
        self.interrupt.raised().is_some()
    }

    /// Creates the folders level by level, each level in parallel: a parent always exists
    /// before its children are made, and a large site's ten thousand `mkdir`s do not run
    /// one after another.
    fn create_dirs(&self, dirs: &mut dyn Iterator<Item = &str>) -> Result<(), OutputError> {
        let mut levels: Vec<BTreeSet<&str>> = Vec::new();
        for dir in dirs {
            // Every ancestor too, so that each level only needs plain `mkdir`.
            let mut end = dir.len();
            loop {
                let part = &dir[..end];
                let depth = part.matches('/').count();
                if levels.len() <= depth {
                    levels.resize_with(depth + 1, BTreeSet::new);
                }
                if !levels[depth].insert(part) {
                    break;
                }
                match part.rfind('/') {
                    Some(i) => end = i,
                    None => break,
                }
            }
        }
        self.interrupt.check()?;
        for level in levels {
            level.into_par_iter().try_for_each(|dir| {
                let path = self.path(dir)?;
                match std::fs::create_dir(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                        Err(io_error(&path, "create", e))
                    }
                    _ => Ok(()),
                }
            })?;
        }
        Ok(())
    }

    /// Writes one file at `rel` (a `/`-separated path inside the output), one write a part.
    fn write_parts(&self, rel: &str, parts: &[&[u8]]) -> Result<(), OutputError> {
        self.write_from(rel, parts.iter())
    }

    fn write_stream(
        &self,
        rel: &str,
        parts: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> Result<(), OutputError> {
        self.write_from(rel, parts)
    }

    /// Copies a file from `source` to `rel` inside the output.
    fn copy(&self, source: &Path, rel: &str) -> Result<(), OutputError> {
        self.interrupt.check()?;
        let path = self.path(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "create", e))?;
        }
        std::fs::copy(source, &path).map_err(|e| io_error(source, "copy", e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Staging {
    /// Creates the file at `rel` and writes `parts` into it, one write a part.
    fn write_from<P: AsRef<[u8]>>(
        &self,
        rel: &str,
        parts: impl Iterator<Item = P>,
    ) -> Result<(), OutputError> {
        self.interrupt.check()?;
        let path = self.path(rel)?;
        let result = std::fs::File::create(&path).or_else(|err| {
            if err.kind() == std::io::ErrorKind::NotFound {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::File::create(&path)
            } else {
                Err(err)
            }
        });
        let mut file = result.map_err(|e| io_error(&path, "create", e))?;
        for part in parts {
            file.write_all(part.as_ref())
                .map_err(|e| io_error(&path, "write", e))?;
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn commit_inner(mut self) -> Result<Option<Diagnostic>, OutputError> {
        self.interrupt.check()?;
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("praxis")
        ));
        if self.target.exists() {
            if exchange(&self.dir, &self.target).is_ok() {
                // The previous output now sits at the staging path.
                self.committed = true;
                return Ok(left_behind(&self.dir, remove_quietly(&self.dir)));
            }
            std::fs::rename(&self.target, &old).map_err(|e| io_error(&self.target, "move", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the old output back before failing.
            let _ = std::fs::rename(&old, &self.target);
            return Err(io_error(&self.target, "replace", e));
        }
        self.committed = true;
        Ok(left_behind(&old, remove_quietly(&old)))
    }

    /// Resolves a relative output path, refusing anything that would leave the output.
    fn path(&self, rel: &str) -> Result<PathBuf, OutputError> {
        if rel.is_empty() {
            return Ok(self.dir.clone());
        }
        Ok(self.dir.join(checked_rel(rel)?))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_quietly(&self.dir);
        }
    }
}

/// The lock two builds of one output take turns with: an exclusive lock on a file beside
/// the output, removed by its holder before it lets go.
#[derive(Debug)]
struct OutputLock {
    file: std::fs::File,
    path: PathBuf,
}

impl OutputLock {
    /// How often a waiting build looks again (and whether it was interrupted meanwhile).
    const POLL: Duration = Duration::from_millis(20);

    fn acquire(
        path: &Path,
        interrupt: &Interrupt,
        waiting: &dyn Fn(&Path),
    ) -> Result<OutputLock, OutputError> {
        let mut told = false;
        loop {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(path)
                .map_err(|e| io_error(path, "create", e))?;
            match file.try_lock() {
                // The holder removes the file before it unlocks: a lock taken on a file no
                // longer at `path` guards nothing, so open the new one.
                Ok(()) if same_file(&file, path) => {
                    return Ok(OutputLock {
                        file,
                        path: path.to_path_buf(),
                    });
                }
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    if !told {
                        waiting(path);
                        told = true;
                    }
                    interrupt.check()?;
                    std::thread::sleep(Self::POLL);
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_error(path, "lock", e)),
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Whether the open `file` is the one at `path` now (the same-file crate, which the content
/// walk already uses: device and inode on Unix, volume and index on Windows). The handle
/// is a duplicate, so dropping it keeps the lock.
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    let open = file.try_clone().and_then(same_file::Handle::from_file);
    match (open, same_file::Handle::from_path(path)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Removes staging folders left by killed builds of the same output, and previous outputs
/// whose removal was cut short (`….old`, or the previous output swapped to the staging path):
/// only ours, which carry the marker file — [`remove_quietly`] takes it last.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}{STAGING_TAG}");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        // A link by that name is someone's, never a build's: following it would empty the
        // folder it points at.
        if entry.file_type().is_ok_and(|t| t.is_symlink()) {
            continue;
        }
        // A previous output moved aside (`….old`) is garbage only once the output is back in
        // place; otherwise it may be the last copy of the site.
        let (pid, moved_aside) = match rest.strip_suffix(".old") {
            Some(pid) => (pid, true),
            None => (rest, false),
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if moved_aside && !parent.join(name).is_dir() {
            continue;
        }
        // Ours: it carries the marker, or it is still empty (killed right after creating it).
        let path = entry.path();
        let ours = path.join(MARKER).is_file()
            || std::fs::read_dir(&path).is_ok_and(|mut entries| entries.next().is_none());
        if ours && !process_alive(pid) {
            let _ = remove_quietly(&path);
        }
    }
}

/// Whether the build that owns a staging folder may still be running (Linux: its /proc entry).
fn process_alive(pid: u32) -> bool {
    pid == std::process::id()
        || (cfg!(target_os = "linux") && Path::new("/proc").join(pid.to_string()).exists())
}

/// The warning for a previous output that could not all be removed.
fn left_behind(path: &Path, removed: std::io::Result<()>) -> Option<Diagnostic> {
    let err = removed.err()?;
    Some(
        Diagnostic::warning(
            Code::Output,
            format!(
                "the new site is in place, but the previous one could not all be removed from {}: {err}",
                path.display()
            ),
        )
        .help("the next build removes what is left; or delete that folder yourself"),
    )
}

/// Removes a folder and everything in it: what cannot be removed in parallel is tried once
/// more with `remove_dir_all`, and what still resists stays behind (its error returned).
/// The marker file goes last, so that a removal cut short (the build killed, a file that
/// resists) leaves a folder the next build's stale-staging sweep recognises and takes.
fn remove_quietly(path: &Path) -> std::io::Result<()> {
    // A link is removed, never emptied.
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return std::fs::remove_file(path);
    }
    let removed = std::fs::read_dir(path).and_then(|entries| {
        let entries = entries.collect::<Result<Vec<_>, _>>()?;
        entries
            .par_iter()
            .filter(|entry| entry.file_name() != MARKER)
            .try_for_each(remove_entry)?;
        remove_tree(path)
    });
    match removed {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) => std::fs::remove_dir_all(path),
    }
}

/// `remove_dir_all`, with the folders of each level removed on all cores: the previous output
/// of a 10k-page site is 24,000 files in 14,000 folders, and removing it after a rebuild took
/// 0.44 s on one core. Symbolic links are removed, never followed.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    let entries = std::fs::read_dir(path)?.collect::<Result<Vec<_>, _>>()?;
    entries.par_iter().try_for_each(remove_entry)?;
    std::fs::remove_dir(path)
}

fn remove_entry(entry: &std::fs::DirEntry) -> std::io::Result<()> {
    if entry.file_type()?.is_dir() {
        remove_tree(&entry.path())
    } else {
        std::fs::remove_file(entry.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_files_unpack_to_their_bytes() {
        let page = "<p>words words words words</p>".repeat(50);
        let packed = pack("a/index.html", page.as_bytes());
        assert!(packed.len() < page.len() / 4, "text is compressed");
        assert_eq!(unpack(&packed).unwrap().as_ref(), page.as_bytes());
        let image = [0x89, b'P', b'N', b'G', 0, 1, 2, 3];
        let packed = pack("logo.PNG", &image);
        assert!(matches!(unpack(&packed), Some(std::borrow::Cow::Borrowed(b)) if b == image));
        assert!(unpack(&[7, 1, 2]).is_none() && unpack(&[]).is_none());
    }

    #[test]
    fn refuses_paths_outside_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&tmp.path().join("out"), false).unwrap();
        assert!(staging.write("../escape.html", b"x").is_err());
        assert!(staging.write("/abs.html", b"x").is_err());
        assert!(staging.write("ok/index.html", b"x").is_ok());
        assert!(!tmp.path().join("escape.html").exists());
    }

    #[test]
    fn commit_replaces_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = Staging::begin(&out, false).unwrap();
        first.write("a.html", b"one").unwrap();
        assert!(first.commit().unwrap().is_none(), "nothing was left behind");
        let second = Staging::begin(&out, false).unwrap();
        second.write("b.html", b"two").unwrap();
        second.commit().unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "only the output remains");
    }

    #[test]
    fn removing_a_tree_removes_nested_folders_and_does_not_follow_links() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        let tree = tmp.path().join("tree");
        for dir in ["a/b/c", "a/d", "e"] {
            std::fs::create_dir_all(tree.join(dir)).unwrap();
            std::fs::write(tree.join(dir).join("index.html"), dir).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, tree.join("a/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(
            std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn dropping_without_commit_leaves_the_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = Staging::begin(&out, false).unwrap();
        first.write("a.html", b"one").unwrap();
        first.commit().unwrap();
        let failed = Staging::begin(&out, false).unwrap();
        failed.write("b.html", b"two").unwrap();
        drop(failed);
        assert!(out.join("a.html").exists());
        assert!(!out.join("b.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn foreign_folders_are_not_replaced_without_force() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        let err = Staging::begin(&out, false).unwrap_err();
        assert!(matches!(err, OutputError::Foreign(_)));
        assert!(Staging::begin(&out, true).is_ok());
        assert!(
            out.join("precious.txt").exists(),
            "nothing is removed before commit"
        );
    }

    #[test]
    fn the_stale_staging_sweep_never_follows_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        // Someone's folder, marked as if praxis had written it, behind a staging-like name.
        let precious = tmp.path().join("precious");
        std::fs::create_dir(&precious).unwrap();
        std::fs::write(precious.join(MARKER), "").unwrap();
        std::fs::write(precious.join("thesis.tex"), "years of work").unwrap();
        let link = tmp.path().join(".out.praxis-staging-4294967");
        std::os::unix::fs::symlink(&precious, &link).unwrap();
        let staging = Staging::begin(&tmp.path().join("out"), false).unwrap();
        drop(staging);
        assert!(
            precious.join("thesis.tex").is_file(),
            "the linked folder was emptied"
        );
        assert!(
            link.symlink_metadata().is_ok(),
            "the link is left alone too"
        );
        remove_quietly(&link).unwrap();
        assert!(
            precious.join("thesis.tex").is_file(),
            "removing a link removes only it"
        );
        assert!(link.symlink_metadata().is_err());
    }

    #[test]
    fn stale_staging_folders_are_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let stale = tmp.path().join(".out.praxis-staging-4294967");
        std::fs::create_dir(&stale).unwrap();
        std::fs::write(stale.join(MARKER), "").unwrap();
        let killed_early = tmp.path().join(".out.praxis-staging-4294968");
        std::fs::create_dir(&killed_early).unwrap();
        let unmarked = tmp.path().join(".out.praxis-staging-4294969");
        std::fs::create_dir(&unmarked).unwrap();
        std::fs::write(unmarked.join("notes.txt"), "mine").unwrap();
        let unrelated = tmp.path().join(".out.praxis-staging-notours");
        std::fs::create_dir(&unrelated).unwrap();
        let staging = Staging::begin(&tmp.path().join("out"), false).unwrap();
        assert!(!stale.exists());
        assert!(
            !killed_early.exists(),
            "an empty staging folder is a killed build's"
        );
        assert!(
            unmarked.exists(),
            "folders with files but no marker are left alone"
        );
        assert!(unrelated.exists(), "names that are not ours are left alone");
        drop(staging);
    }

    /// What a removal cut short leaves behind — part of the files, and the marker, which goes
    /// last — is taken by the next build; a previous output moved aside only once the output
    /// is back in place.
    #[test]
    fn leftovers_of_an_interrupted_removal_are_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let marked = |path: &Path| {
            std::fs::create_dir_all(path.join("guide")).unwrap();
            std::fs::write(path.join("guide/index.html"), "<p>old</p>").unwrap();
            std::fs::write(path.join(MARKER), "").unwrap();
        };
        let swapped = tmp.path().join(".out.praxis-staging-4294970");
        marked(&swapped);
        let moved_aside = tmp.path().join(".out.praxis-staging-4294971.old");
        marked(&moved_aside);

        // No output in place: the moved-aside copy may be the only one, and stays.
        drop(Staging::begin(&tmp.path().join("out"), false).unwrap());
        assert!(!swapped.exists());
        assert!(moved_aside.join("guide/index.html").exists());

        let staging = Staging::begin(&tmp.path().join("out"), false).unwrap();
        staging.write("index.html", b"new").unwrap();
        staging.commit().unwrap();
        drop(Staging::begin(&tmp.path().join("out"), false).unwrap());
        assert!(!moved_aside.exists(), "taken once the output is in place");
        assert!(tmp.path().join("out/index.html").exists());
    }

    #[test]
    fn removing_quietly_takes_the_marker_too() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("old");
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        std::fs::write(dir.join("a/b/index.html"), "x").unwrap();
        std::fs::write(dir.join(MARKER), "").unwrap();
        remove_quietly(&dir).unwrap();
        assert!(!dir.exists());
    }

    #[test]
    fn a_second_staging_of_one_output_waits_until_the_first_is_swapped_in() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = Staging::begin(&out, false).unwrap();
        first.write("index.html", b"first").unwrap();
        let (told, heard) = std::sync::mpsc::channel();
        let second = std::thread::spawn({
            let out = out.clone();
            move || {
                let notify = |lock: &Path| told.send(lock.to_path_buf()).unwrap();
                let second = Staging::begin_with(&out, false, &Interrupt::default(), &notify);
                // By the time it has the lock, the first build's output is in place.
                let seen = std::fs::read(out.join("index.html")).unwrap();
                second.unwrap().commit().unwrap();
                seen
            }
        });
        let lock = heard.recv_timeout(Duration::from_secs(20)).unwrap();
        assert_eq!(lock, tmp.path().join(".out.praxis-lock"));
        std::thread::sleep(OutputLock::POLL * 3);
        assert!(
            !second.is_finished(),
            "the second waits while the first builds"
        );
        first.commit().unwrap();
        assert_eq!(second.join().unwrap(), b"first");
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "the lock file goes with its last holder");
    }

    #[test]
    fn an_interrupt_stops_a_waiting_build_and_every_later_write() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let interrupt = Interrupt::default();
        let first = Staging::begin_with(&out, false, &interrupt, &|_| {}).unwrap();
        first.write("a.html", b"a").unwrap();
        let waiting = Interrupt::default();
        let raise = || waiting.raise(15);
        let err = Staging::begin_with(&out, false, &waiting, &|_| raise()).unwrap_err();
        assert!(matches!(err, OutputError::Interrupted(15)), "{err}");

        interrupt.raise(2);
        assert!(matches!(
            first.write("b.html", b"b"),
            Err(OutputError::Interrupted(2))
        ));
        assert!(matches!(first.commit(), Err(OutputError::Interrupted(2))));
        assert!(!out.exists(), "nothing was swapped in");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }
}
