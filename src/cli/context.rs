//! What every subcommand needs resolved first: language, configuration (with
//! its `[keys]` checked), database file, acting identity and the clock.

use std::path::{Path, PathBuf};

use color_eyre::Result;
use color_eyre::eyre::eyre;

use super::GlobalArgs;
use crate::clock::Clock;
use crate::config::Config;
use crate::i18n::{self, Lang, tf};
use crate::store::{Database, Session};
use crate::tui::keymap::Keymap;

/// The resolved global options of one run.
#[derive(Debug)]
pub struct Context {
    /// The configuration in force.
    pub config: Config,
    /// The global options as given.
    pub global: GlobalArgs,
    /// The clock of this run (`PARCOURS_NOW` / `PARCOURS_TODAY` pin it).
    pub clock: Clock,
}

impl Context {
    /// Sets the language and loads the configuration.
    ///
    /// The language is `--lang`, else the configuration's, else the locale's; it is set
    /// before the configuration is read so that its errors are already translated.
    pub fn resolve(global: &GlobalArgs) -> Result<Self> {
        i18n::set_language(global.lang.unwrap_or_else(Lang::from_env));
        let config = Config::load(global.config.as_deref())?;
        if let (None, Some(lang)) = (global.lang, config.language) {
            i18n::set_language(lang);
        }
        // Every command checks `[keys]`, not only the interface: a bad entry is found
        // the first time the file is used, whatever runs.
        Keymap::from_config(&config)?;
        let clock = Clock::from_env()?;
        Ok(Self {
            config,
            global: global.clone(),
            clock,
        })
    }

    /// The database file: `--db`, else `$PARCOURS_DB`, else the configuration, else the default.
    pub fn database_path(&self) -> PathBuf {
        self.config.database_path(self.global.db.as_deref())
    }

    /// The acting login: `--as`, else `user` in the configuration, else `$USER`.
    pub fn login(&self) -> Result<String> {
        self.global
            .as_login
            .clone()
            .or_else(|| self.config.user.clone())
            .or_else(|| std::env::var("USER").ok())
            .filter(|login| !login.trim().is_empty())
            .ok_or_else(|| eyre!(i18n::t("cli.error.no_identity")))
    }

    /// Opens an existing database, writing nothing (see [`Database::open_existing`]).
    ///
    /// A missing file is an error rather than a new empty database: only `init` and
    /// `demo` create databases.
    pub fn open_existing(&self, path: &Path) -> Result<Database> {
        if !path.exists() {
            return Err(eyre!(tf(
                "cli.error.no_database",
                &[("path", &path.display().to_string())]
            )));
        }
        if crate::store::file_mode::readable_by_others(path) {
            super::warning::warn(tf(
                "cli.warn.readable_by_others",
                &[("path", &path.display().to_string())],
            ));
        }
        Ok(Database::open_existing(path)?.with_clock(self.clock))
    }

    /// A session on the configured database as the acting user, who must be active.
    pub fn session(&self) -> Result<Session> {
        self.session_as(&self.database_path(), &self.login()?)
    }

    /// A session on the database at `path` as `login`.
    pub fn session_as(&self, path: &Path, login: &str) -> Result<Session> {
        Ok(self.open_existing(path)?.session_at(login, self.clock)?)
    }

    /// Creates a database at `path` and fills it with `fill`; if anything fails, the
    /// files this call created are removed, so a failed attempt leaves nothing behind.
    pub fn create_database(
        &self,
        path: &Path,
        fill: impl FnOnce(&mut Database) -> Result<()>,
    ) -> Result<()> {
        let created = !path.exists();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                eyre!(tf(
                    "cli.error.create_dir",
                    &[
                        ("path", &dir.display().to_string()),
                        ("detail", &e.to_string())
                    ]
                ))
            })?;
        }
        let opened = Database::open(path).map(|db| db.with_clock(self.clock));
        let result = opened.map_err(Into::into).and_then(|mut db| fill(&mut db));
        if result.is_err() && created {
            remove_database_files(path);
        }
        result
    }
}

/// Removes a database file and its WAL companions, ignoring the ones that do not exist.
pub fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        // Best effort clean-up after a failure that is already being reported.
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}
