//! File permissions of the database: the data is sensitive, so a new database
//! is readable by its owner only (or by its group, in a shared group directory),
//! whatever the umask. SQLite gives its `-wal` and `-shm` files the same mode.

use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// The set-group-ID bit of a directory: files created in it belong to its group.
const SETGID: u32 = 0o2000;

/// Creates an empty database file with a safe mode if there is none yet.
///
/// The mode is 0600, or 0660 when the directory is set-group-ID (deployment 2 of
/// `docs/deploy.md`: one group for the team).
pub fn create_private(path: &Path) -> io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    let shared_group = path
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|dir| fs::metadata(dir).ok())
        .is_some_and(|m| m.mode() & SETGID != 0);
    let mode = if shared_group { 0o660 } else { 0o600 };
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
    {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(()),
        Err(e) => return Err(e),
    }
    // The umask may have removed bits from `mode`; set exactly what is wanted.
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

/// Whether users other than the owner and group can read the file.
pub fn readable_by_others(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.mode() & 0o004 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_are_private_whatever_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plie.db");
        create_private(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        assert!(!readable_by_others(&path));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(readable_by_others(&path));
        // An existing file is left as it is.
        create_private(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o644);
    }

    #[test]
    fn group_directories_give_group_access() {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o2770)).unwrap();
        let path = dir.path().join("plie.db");
        create_private(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o660);
    }
}
