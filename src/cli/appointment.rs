//! `appointment add`: an appointment in the acting user's agenda, typed in local time.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use clap::{Args, Subcommand};
use color_eyre::Result;
use color_eyre::eyre::eyre;

use super::context::Context;
use super::output::print_line;
use super::participant::file_number;
use crate::domain::agenda::{AppointmentKind, NewAppointment};
use crate::domain::duration::check_minutes;
use crate::i18n::tf;

/// Subcommands of `appointment`.
#[derive(Debug, Subcommand)]
pub enum AppointmentCommand {
    /// Put an appointment in the acting user's agenda; prints its id.
    Add(AddArgs),
}

/// Options of `appointment add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Start, "YYYY-MM-DD HH:MM" in the configured time zone (a time skipped when the
    /// clocks go forward is refused; a repeated one means its first occurrence).
    #[arg(long, value_name = "YYYY-MM-DD HH:MM")]
    pub start: String,
    /// Length in minutes, 1 to 1440.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub minutes: i64,
    /// File number of the participant met (P-YYYY-NNNN), in the acting user's caseload.
    #[arg(long, value_name = "FILE")]
    pub participant: Option<String>,
    /// What it is for [default: individual with a participant, other without].
    #[arg(long, value_parser = code_parser!(AppointmentKind))]
    pub kind: Option<AppointmentKind>,
    /// Short title.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Where it takes place.
    #[arg(long, value_name = "L")]
    pub location: Option<String>,
}

/// Runs an `appointment` subcommand.
pub fn run(ctx: &Context, command: &AppointmentCommand) -> Result<()> {
    match command {
        AppointmentCommand::Add(args) => add(ctx, args),
    }
}

fn add(ctx: &Context, args: &AddArgs) -> Result<()> {
    let participant = args.participant.as_deref().map(file_number).transpose()?;
    let kind = args.kind.unwrap_or(if participant.is_some() {
        AppointmentKind::Individual
    } else {
        AppointmentKind::Other
    });
    let mut session = ctx.session()?;
    let new = NewAppointment {
        participant,
        kind,
        starts_at: local_to_utc(&args.start, session.tz())?,
        minutes: check_minutes(args.minutes)?,
        title: args.title.clone().unwrap_or_default(),
        location: args.location.clone().unwrap_or_default(),
    };
    let created = session.add_appointment(&new)?;
    print_line(&created.id.to_string())
}

/// The UTC instant of a local "YYYY-MM-DD HH:MM" in `tz`.
///
/// A local time that does not exist (skipped when the clocks go forward) is an error;
/// one that happens twice (when they go back) is taken at its first occurrence.
pub fn local_to_utc(text: &str, tz: Tz) -> Result<DateTime<Utc>> {
    let value = text.trim();
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M")
        .map_err(|_| eyre!(tf("cli.error.start", &[("value", value)])))?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(eyre!(tf(
            "cli.error.nonexistent_time",
            &[("value", value), ("tz", tz.name())]
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_become_utc() {
        let paris = chrono_tz::Europe::Paris;
        let utc = |s: &str| local_to_utc(s, paris).map(|t| t.to_rfc3339());
        assert_eq!(
            utc("2026-11-24 09:30").unwrap(),
            "2026-11-24T08:30:00+00:00"
        );
        assert_eq!(
            utc("2026-07-01 09:00").unwrap(),
            "2026-07-01T07:00:00+00:00"
        );
        // 25 October 2026: 02:30 happens twice in Paris; the first is still summer time.
        assert_eq!(
            utc("2026-10-25 02:30").unwrap(),
            "2026-10-25T00:30:00+00:00"
        );
        let martinique = local_to_utc("2026-11-24 09:30", chrono_tz::America::Martinique);
        assert_eq!(
            martinique.unwrap().to_rfc3339(),
            "2026-11-24T13:30:00+00:00"
        );
    }

    #[test]
    fn skipped_and_malformed_times_are_refused() {
        let paris = chrono_tz::Europe::Paris;
        let gap = local_to_utc("2026-03-29 02:30", paris)
            .unwrap_err()
            .to_string();
        assert!(
            gap.contains("2026-03-29 02:30") && gap.contains("Europe/Paris"),
            "{gap}"
        );
        for bad in [
            "2026-02-30 10:00",
            "2026-11-24",
            "2026-11-24 25:00",
            "tomorrow",
        ] {
            assert!(local_to_utc(bad, paris).is_err(), "{bad}");
        }
    }
}
