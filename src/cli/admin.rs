//! `init`, `user add|list|deactivate|activate|set-manager`, `backup` and `restore`: creating, staffing,
//! copying and restoring a database.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use color_eyre::Result;

use super::context::Context;
use super::output::{Column, Format, Listing, Reader, print_line};
use crate::domain::user::{Role, User, validate_login};
use crate::i18n::{t, tf, tn};

/// Options of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Login of the first coordinator (lower-case letters, digits, `.`, `-`, `_`).
    #[arg(long, value_name = "LOGIN")]
    pub coordinator: String,
    /// Full name of the first coordinator.
    #[arg(long, value_name = "NAME")]
    pub name: String,
}

/// Subcommands of `user`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a referent or a coordinator.
    Add(UserAddArgs),
    /// Deactivate a user: they can no longer use parcours, not even in a session already open.
    ///
    /// Their records are kept, and their participants stay theirs until reassigned.
    Deactivate(UserLoginArgs),
    /// Reactivate a deactivated user.
    Activate(UserLoginArgs),
    /// List every user: login, name, role, FTE, active (coordinators only).
    List(UserListArgs),
    /// Name the line manager who countersigns a user's timesheets (coordinators only;
    /// `--name ""` leaves the box to whoever validates the week).
    SetManager(SetManagerArgs),
}

/// Options of `user list`.
#[derive(Debug, Args)]
pub struct UserListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Options of `user set-manager`.
#[derive(Debug, Args)]
pub struct SetManagerArgs {
    /// The user whose timesheets the manager countersigns.
    pub login: String,
    /// The line manager's full name, as printed in the countersignature box.
    #[arg(long, value_name = "NAME")]
    pub name: String,
}

/// Options of `user deactivate` and `user activate`.
#[derive(Debug, Args)]
pub struct UserLoginArgs {
    /// Login of the user.
    #[arg(value_name = "LOGIN")]
    pub login: String,
}

/// Options of `user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Login of the new user (lower-case letters, digits, `.`, `-`, `_`).
    #[arg(value_name = "LOGIN")]
    pub login: String,
    /// Full name, printed on timesheets.
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// What the user may do.
    #[arg(long, default_value = "referent", value_parser = code_parser!(Role))]
    pub role: Role,
    /// Full-time equivalent, more than 0 and at most 1.
    #[arg(long, value_name = "F", default_value_t = 1.0)]
    pub fte: f64,
}

/// Options of `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new file to write; an existing file is never overwritten.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Options of `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to put in place of the database (made by `parcours backup`).
    #[arg(value_name = "BACKUP")]
    pub backup: PathBuf,
}

/// `init`: creates the database file if absent, with its first coordinator.
///
/// A database that already has users is refused; a file this call created is removed
/// again when anything fails.
pub fn init(ctx: &Context, args: &InitArgs) -> Result<()> {
    validate_login(&args.coordinator)?;
    let path = ctx.database_path();
    ctx.create_database(&path, |db| {
        db.init(&args.coordinator, &args.name)?;
        Ok(())
    })?;
    print_line(&tf(
        "cli.done.init",
        &[
            ("path", &path.display().to_string()),
            ("login", &args.coordinator),
        ],
    ))
}

/// `user …`: user management as the acting coordinator.
pub fn user(ctx: &Context, command: &UserCommand) -> Result<()> {
    match command {
        UserCommand::Add(args) => {
            let mut session = ctx.session()?;
            let user = session.add_user(&args.login, &args.name, args.role, args.fte)?;
            print_line(&tf(
                "cli.done.user_added",
                &[("login", &user.login), ("role", &user.role.label())],
            ))
        }
        UserCommand::List(args) => list_users(ctx, args),
        UserCommand::Deactivate(args) => {
            let user = ctx.session()?.set_user_active(&args.login, false)?;
            print_line(&tf("cli.done.user_deactivated", &[("login", &user.login)]))
        }
        UserCommand::Activate(args) => {
            let user = ctx.session()?.set_user_active(&args.login, true)?;
            print_line(&tf("cli.done.user_activated", &[("login", &user.login)]))
        }
        UserCommand::SetManager(args) => {
            ctx.session()?.set_manager(&args.login, &args.name)?;
            print_line(&tf(
                "cli.done.manager_set",
                &[("login", &args.login), ("name", args.name.trim())],
            ))
        }
    }
}

/// `backup FILE`: a checked, consistent copy of the database in a new file.
///
/// The store writes it under a temporary name, checks it, then links it under
/// `FILE`, which is never replaced; a failed or killed backup leaves no `FILE`.
pub fn backup(ctx: &Context, args: &BackupArgs) -> Result<()> {
    ctx.session()?.backup_to(&args.file)?;
    print_line(&tf(
        "cli.done.backup",
        &[
            ("from", &ctx.database_path().display().to_string()),
            ("path", &args.file.display().to_string()),
        ],
    ))
}

/// `restore BACKUP`: puts a checked backup in place of the database, keeping the
/// current file beside it; refused while anyone else has the database open.
pub fn restore(ctx: &Context, args: &RestoreArgs) -> Result<()> {
    let path = ctx.database_path();
    let kept = ctx.session()?.restore_from(&args.backup)?;
    print_line(&tf(
        "cli.done.restore",
        &[
            ("backup", &args.backup.display().to_string()),
            ("path", &path.display().to_string()),
            ("kept", &kept.display().to_string()),
        ],
    ))
}

const USER_COLUMNS: &[Column] = &[
    Column {
        name: "login",
        label_key: "cli.column.login",
    },
    Column {
        name: "name",
        label_key: "cli.column.name",
    },
    Column {
        name: "role",
        label_key: "cli.column.role",
    },
    Column {
        name: "fte",
        label_key: "cli.column.fte",
    },
    Column {
        name: "active",
        label_key: "cli.column.active",
    },
];

/// `user list`: every account, active or not, by login.
fn list_users(ctx: &Context, args: &UserListArgs) -> Result<()> {
    let users = ctx.session()?.user_accounts()?;
    let cells = |u: &User, reader: Reader| {
        let (role, active) = match reader {
            Reader::Person => (
                u.role.label(),
                t(if u.active { "form.yes" } else { "form.no" }),
            ),
            Reader::Program => (u.role.code().to_owned(), u.active.to_string()),
        };
        vec![
            u.login.clone(),
            u.name.clone(),
            role,
            format!("{}", u.fte),
            active,
        ]
    };
    Listing {
        columns: USER_COLUMNS,
        rows: &users,
        cells: &cells,
        footer: vec![tn("cli.footer.users", users.len(), &[])],
    }
    .print(args.format)
}
