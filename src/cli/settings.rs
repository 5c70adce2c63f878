//! `parcours settings show|set|import`: the PLIE-wide settings kept in the
//! database (structure, ESF operation, time zone, weekly hours, activities).
//!
//! Any active user may read them; only a coordinator changes them, each change
//! audited. The acting user is checked before a settings file is even read, so
//! an unknown login learns nothing about the file system.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use color_eyre::Result;
use color_eyre::eyre::eyre;
use serde::Serialize;

use super::context::Context;
use super::output::{Column, Format, Listing, Reader, print_line};
use crate::domain::settings::{PlieSettings, SettingKey, SettingsFile};
use crate::domain::time::Activity;
use crate::i18n::tf;

/// The `settings` subcommands.
#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show the PLIE's settings and its activities (any active user).
    Show(ShowArgs),
    /// Change one setting (coordinators): structure.name, operation.code, operation.name,
    /// timezone (an IANA name such as Europe/Paris), weekly_hours (1 to 60), or the retention
    /// rule of participant files: retention.years (1 to 30, kept until 31 December of that
    /// year after the later of the exit and the last ESF payment), retention.reason, and
    /// retention.last_payment (the date of the last ESF payment to the operation; blank
    /// while unknown), or positive_exit_target (the share of positive exits aimed at, 0 to
    /// 100 %).
    Set(SetArgs),
    /// Apply a settings file (coordinators): any of `timezone`, `weekly_hours`,
    /// `positive_exit_target`, `[structure] name`, `[operation] code` and `name`,
    /// `[retention] years`, `reason` and
    /// `last_payment`, and `[[activities]]` (code,
    /// label_en, label_fr, esf), which replaces the whole list; codes are 2 to 8
    /// upper-case letters. All or nothing.
    Import(ImportArgs),
}

/// Options of `settings show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Options of `settings set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The setting: structure.name, operation.code, operation.name, timezone, weekly_hours,
    /// retention.years, retention.reason, retention.last_payment, positive_exit_target.
    pub key: String,
    /// Its new value.
    pub value: String,
}

/// Options of `settings import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The settings file (TOML).
    pub file: PathBuf,
}

/// Runs a `settings` subcommand.
pub fn run(ctx: &Context, command: &SettingsCommand) -> Result<()> {
    match command {
        SettingsCommand::Show(args) => show(ctx, args),
        SettingsCommand::Set(args) => set(ctx, args),
        SettingsCommand::Import(args) => import(ctx, args),
    }
}

/// One line of `settings show`: a setting, or an activity (`activity.CODE`).
#[derive(Debug, Serialize)]
struct SettingRow {
    key: String,
    value: String,
}

const COLUMNS: &[Column] = &[
    Column {
        name: "key",
        label_key: "settings.show_key",
    },
    Column {
        name: "value",
        label_key: "settings.show_value",
    },
];

fn rows(settings: &PlieSettings, activities: &[Activity]) -> Vec<SettingRow> {
    let mut rows: Vec<SettingRow> = SettingKey::ALL
        .into_iter()
        .map(|key| SettingRow {
            key: key.code().to_owned(),
            value: settings.get(key),
        })
        .collect();
    rows.extend(activities.iter().map(|a| SettingRow {
        key: format!("activity.{}", a.code),
        value: format!("{} | {} | kind={}", a.label_en, a.label_fr, a.kind),
    }));
    rows
}

fn show(ctx: &Context, args: &ShowArgs) -> Result<()> {
    let session = ctx.session()?;
    let settings = session.settings()?;
    let activities = session.activities()?;
    if args.format == Format::Json {
        #[derive(Serialize)]
        struct Everything<'a> {
            settings: &'a PlieSettings,
            activities: &'a [Activity],
        }
        let mut text = serde_json::to_string_pretty(&Everything {
            settings: &settings,
            activities: &activities,
        })?;
        text.push('\n');
        return super::output::print_text(&text);
    }
    let rows = rows(&settings, &activities);
    let cells = |r: &SettingRow, _: Reader| vec![r.key.clone(), r.value.clone()];
    Listing {
        columns: COLUMNS,
        rows: &rows,
        cells: &cells,
        footer: Vec::new(),
    }
    .print(args.format)
}

fn set(ctx: &Context, args: &SetArgs) -> Result<()> {
    let mut session = ctx.session()?;
    let key = SettingKey::parse(&args.key)?;
    let mut settings = session.settings()?;
    settings.set(key, &args.value)?;
    let saved = session.change_settings(&settings, None)?;
    print_line(&tf(
        "settings.updated",
        &[("key", key.code()), ("value", &saved.get(key))],
    ))
}

fn import(ctx: &Context, args: &ImportArgs) -> Result<()> {
    let mut session = ctx.session()?;
    let file = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|e| {
        eyre!(tf(
            "settings.error.file_read",
            &[("file", &file), ("detail", &e.to_string())]
        ))
    })?;
    let parsed: SettingsFile = toml::from_str(&text).map_err(|e| {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        let line = text[..offset.min(text.len())].matches('\n').count() + 1;
        let key = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.split('=').next())
            .unwrap_or("")
            .trim()
            .trim_matches(['[', ']'])
            .to_owned();
        eyre!(tf(
            "settings.error.file_invalid",
            &[
                ("file", &file),
                ("line", &line.to_string()),
                ("key", &key),
                ("detail", e.message().trim()),
            ]
        ))
    })?;
    let next = parsed.apply_to(&session.settings()?)?;
    session.change_settings(&next, parsed.activities.as_deref())?;
    print_line(&tf("settings.imported", &[("file", &file)]))
}
