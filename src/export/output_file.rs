//! Export files written without ever replacing one: every file of a batch
//! goes to a temporary file next to its target first; only when all are
//! complete are they linked into place (a hard link fails rather than
//! replace), and a failure removes what the batch placed. A target whose
//! name is taken is refused, or given the next free name (`name-2.ext`,
//! `name-3.ext`…), as the caller asks. Files are created readable by their
//! owner only (0600), like the database: a timesheet names participants'
//! file numbers and hours. A pure file-system helper: the caller words the errors.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How many names are tried (`name.ext`, `name-2.ext`…) before giving up.
const MAX_NAMES: u32 = 100;

/// What happens when a target's name is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// The batch is refused: nothing is written.
    Exact,
    /// The file takes the first free name among `name-2.ext`, `name-3.ext`…
    NextFree,
}

/// Why a batch was not written (and nothing of it remains).
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", path.display())]
pub struct WriteError {
    /// The target that failed.
    pub path: PathBuf,
    /// What the system said; [`io::ErrorKind::AlreadyExists`] when the name
    /// is taken (with [`Naming::NextFree`]: every name tried is).
    pub error: io::Error,
}

impl WriteError {
    fn new(path: &Path, error: io::Error) -> Self {
        Self {
            path: path.to_path_buf(),
            error,
        }
    }

    /// Whether the target's name was taken.
    pub fn exists(&self) -> bool {
        self.error.kind() == io::ErrorKind::AlreadyExists
    }
}

/// Writes every `(target, bytes)`, or none; returns where each file went,
/// in order.
pub fn write_batch(
    targets: &[(PathBuf, &[u8])],
    naming: Naming,
) -> Result<Vec<PathBuf>, WriteError> {
    if naming == Naming::Exact {
        for (path, _) in targets {
            refuse_existing(path)?;
        }
    }
    let mut staged: Vec<(PathBuf, &Path)> = Vec::new();
    for (path, bytes) in targets {
        match stage(path, bytes) {
            Ok(temp) => staged.push((temp, path)),
            Err(error) => {
                discard(staged.iter().map(|(temp, _)| temp.as_path()));
                return Err(error);
            }
        }
    }
    let mut placed: Vec<PathBuf> = Vec::new();
    let mut failure = None;
    for (temp, path) in &staged {
        if failure.is_none() {
            match place(temp, path, naming) {
                Ok(at) => placed.push(at),
                Err(error) => failure = Some(error),
            }
        }
        // The temporary name is only a staging step; it must not outlive the batch.
        let _ = fs::remove_file(temp);
    }
    match failure {
        Some(error) => {
            discard(placed.iter().map(PathBuf::as_path));
            Err(error)
        }
        None => Ok(placed),
    }
}

/// Whether `path` is taken (by a file, a directory, even a dangling link).
pub fn is_taken(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Fails when `path` is taken.
fn refuse_existing(path: &Path) -> Result<(), WriteError> {
    if is_taken(path) {
        return Err(WriteError::new(
            path,
            io::Error::from(io::ErrorKind::AlreadyExists),
        ));
    }
    Ok(())
}

/// Writes `bytes` to a new temporary file in the directory of `path`; returns its name.
fn stage(path: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temp).and_then(|mut out| {
        out.write_all(bytes)?;
        out.sync_all()
    });
    match written {
        Ok(()) => Ok(temp),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            // Somebody else's file under our temporary name: not ours to remove,
            // and not the target being taken.
            Err(WriteError::new(path, io::Error::other(error.to_string())))
        }
        Err(error) => {
            discard(std::iter::once(temp.as_path()));
            Err(WriteError::new(path, error))
        }
    }
}

/// Gives the staged file its final name (or, with [`Naming::NextFree`], the
/// first free one) without ever replacing an existing file; returns it.
fn place(temp: &Path, path: &Path, naming: Naming) -> Result<PathBuf, WriteError> {
    let tries = match naming {
        Naming::Exact => 1,
        Naming::NextFree => MAX_NAMES,
    };
    for n in 1..=tries {
        let at = candidate(path, n);
        match link(temp, &at) {
            Ok(()) => return Ok(at),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(WriteError::new(&at, error)),
        }
    }
    Err(WriteError::new(
        path,
        io::Error::from(io::ErrorKind::AlreadyExists),
    ))
}

/// A hard link from `temp` to `path`, failing if `path` exists; on a file
/// system without hard links, `path` is checked and `temp` renamed to it.
fn link(temp: &Path, path: &Path) -> io::Result<()> {
    match fs::hard_link(temp, path) {
        Err(error) if error.kind() != io::ErrorKind::AlreadyExists => {
            if is_taken(path) {
                return Err(io::Error::from(io::ErrorKind::AlreadyExists));
            }
            fs::rename(temp, path)
        }
        done => done,
    }
}

/// `name.ext` for the first try, then `name-2.ext`, `name-3.ext`…
fn candidate(path: &Path, n: u32) -> PathBuf {
    if n == 1 {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    match path.extension() {
        Some(ext) => path.with_file_name(format!("{stem}-{n}.{}", ext.to_string_lossy())),
        None => path.with_file_name(format!("{stem}-{n}")),
    }
}

/// Removes files made by this batch, ignoring the ones already gone.
fn discard<'a>(paths: impl Iterator<Item = &'a Path>) {
    for path in paths {
        // Best-effort clean-up after a failure that is already being reported.
        let _ = fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn files_are_written_whole_and_no_temporary_file_remains() {
        let dir = tempfile::tempdir().unwrap();
        let targets = [
            (dir.path().join("a.csv"), b"one".as_slice()),
            (dir.path().join("b.csv"), b"two".as_slice()),
        ];
        let written = write_batch(&targets, Naming::Exact).unwrap();
        assert_eq!(
            written,
            [dir.path().join("a.csv"), dir.path().join("b.csv")]
        );
        assert_eq!(fs::read(dir.path().join("a.csv")).unwrap(), b"one");
        assert_eq!(fs::read(dir.path().join("b.csv")).unwrap(), b"two");
        assert_eq!(leftovers(dir.path()), ["a.csv", "b.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.pdf");
        write_batch(&[(target.clone(), b"one".as_slice())], Naming::Exact).unwrap();
        let mode = fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn an_exact_target_taken_keeps_it_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.csv"), b"kept").unwrap();
        let targets = [
            (dir.path().join("a.csv"), b"one".as_slice()),
            (dir.path().join("b.csv"), b"two".as_slice()),
        ];
        let error = write_batch(&targets, Naming::Exact).unwrap_err();
        assert!(error.exists());
        assert_eq!(error.path, dir.path().join("b.csv"));
        assert_eq!(fs::read(dir.path().join("b.csv")).unwrap(), b"kept");
        assert_eq!(leftovers(dir.path()), ["b.csv"]);
    }

    #[test]
    fn a_taken_name_gives_the_next_free_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("timesheet-demo-2026-W48.csv");
        let first = write_batch(&[(target.clone(), b"one".as_slice())], Naming::NextFree).unwrap();
        let second = write_batch(&[(target.clone(), b"two".as_slice())], Naming::NextFree).unwrap();
        assert_eq!(first, std::slice::from_ref(&target));
        assert_eq!(second, [dir.path().join("timesheet-demo-2026-W48-2.csv")]);
        assert_eq!(fs::read(&target).unwrap(), b"one");
        assert_eq!(fs::read(&second[0]).unwrap(), b"two");
        assert_eq!(leftovers(dir.path()).len(), 2);
    }

    #[test]
    fn placing_never_replaces_a_file_that_appeared_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("late.csv");
        let temp = stage(&target, b"new").unwrap();
        fs::write(&target, b"someone else's").unwrap();
        assert!(place(&temp, &target, Naming::Exact).unwrap_err().exists());
        assert_eq!(fs::read(&target).unwrap(), b"someone else's");
    }

    #[test]
    fn a_failure_removes_what_the_batch_placed() {
        let dir = tempfile::tempdir().unwrap();
        let targets = [
            (dir.path().join("a.csv"), b"one".as_slice()),
            (dir.path().join("missing").join("b.csv"), b"two".as_slice()),
        ];
        let error = write_batch(&targets, Naming::NextFree).unwrap_err();
        assert!(!error.exists());
        assert_eq!(error.path, dir.path().join("missing").join("b.csv"));
        assert!(leftovers(dir.path()).is_empty());
    }
}
