//! `participant show FILE`: one participant's file as scripts and auditors read it —
//! where the pathway stands, its status history, every lifecycle event with its
//! corrections, the exit and its validation, the steps and the contacts.
//!
//! Everything shown is one [`ParticipantView`], built once from the store and printed
//! as JSON (`--format json`) or as labelled lines; another section of the file (the
//! ESF record's answers) becomes one more field of the view.

use chrono::NaiveDate;
use clap::Args;
use color_eyre::Result;
use serde::Serialize;

use super::context::Context;
use super::output::{Column, Format, Listing, Reader, print_json};
use super::participant::file_number;
use crate::domain::esf::EsfRecord;
use crate::domain::journal::ContactKind;
use crate::domain::lifecycle::{ExitCategory, ExitOutcome, Situation, Validation};
use crate::domain::participant::{CommissionDecision, Status};
use crate::domain::pathway::{StepKind, StepOutcome};
use crate::i18n::{t, tf};
use crate::store::{EventRecord, Session};

/// Options of `participant show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The participant's file number, P-YYYY-NNNN.
    pub file: String,
    /// Output format: labelled lines (`table`), the same as `field,value` rows (`csv`), or
    /// the whole file (`json`).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// A participant's file as `participant show` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantView {
    /// File number.
    pub file_number: String,
    /// Family name.
    pub last_name: String,
    /// Given name.
    pub first_name: String,
    /// The referent's login.
    pub referent: Option<String>,
    /// Where the pathway stands.
    pub status: Status,
    /// Each status the person has had, from the day it began.
    pub status_history: Vec<StatusSpan>,
    /// Orientation by the prescriber.
    pub oriented_on: Option<NaiveDate>,
    /// The entry file of the current cycle.
    pub entry_file_on: Option<NaiveDate>,
    /// The commission's last decision.
    pub commission: Option<CommissionView>,
    /// The entry into the pathway (first engagement contract, kept through re-entries).
    pub entered_on: Option<NaiveDate>,
    /// The exit in force.
    pub exit: Option<ExitView>,
    /// Every lifecycle event, set-aside ones included, in date order.
    pub events: Vec<EventRecord>,
    /// The ESF record: each stage's answers and whether it is complete.
    pub esf: EsfRecord,
    /// The pathway's steps.
    pub steps: Vec<StepView>,
    /// The journal's contacts, oldest first.
    pub contacts: Vec<ContactView>,
}

/// One status and the day it began.
#[derive(Debug, Clone, Serialize)]
pub struct StatusSpan {
    /// The status.
    pub status: Status,
    /// Its first day.
    pub from: NaiveDate,
}

/// The commission's decision.
#[derive(Debug, Clone, Serialize)]
pub struct CommissionView {
    /// Its day.
    pub on: NaiveDate,
    /// Its decision.
    pub decision: CommissionDecision,
}

/// The exit in force and where its validation stands.
#[derive(Debug, Clone, Serialize)]
pub struct ExitView {
    /// The exit date.
    pub on: NaiveDate,
    /// How the pathway ended.
    pub outcome: ExitOutcome,
    /// The outcome's AVE category.
    pub category: ExitCategory,
    /// `provisional` until the six-month check, then `validated` or `not_validated`;
    /// none for an exit that is not positive.
    pub validation: Option<Validation>,
    /// Whether it counts as a positive exit (positive and validated).
    pub positive: bool,
    /// When the six-month check is due.
    pub check_due: Option<NaiveDate>,
    /// When it was recorded.
    pub checked_on: Option<NaiveDate>,
    /// The situation it found.
    pub situation: Option<Situation>,
}

/// A step of the pathway.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// Its kind.
    pub kind: StepKind,
    /// Actual start, else planned.
    pub start: Option<NaiveDate>,
    /// Actual end, else planned.
    pub end: Option<NaiveDate>,
    /// How it ended or stands.
    pub outcome: Option<StepOutcome>,
}

/// A contact of the journal.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Its day.
    pub on: NaiveDate,
    /// How it took place.
    pub kind: ContactKind,
    /// Its length in minutes.
    pub minutes: u32,
}

impl ParticipantView {
    /// The file `file` as `session` may read it; a coordinator's reading of a file
    /// outside their own caseload is logged, as when the interface opens it.
    pub fn read(session: &mut Session, file: &str) -> crate::store::Result<Self> {
        let p = session.open_participant(file)?;
        let lifecycle = session.lifecycle(&p.file_number)?;
        let mut contacts: Vec<ContactView> = session
            .contacts(&p.file_number)?
            .into_iter()
            .map(|c| ContactView {
                on: c.details.contact_on,
                kind: c.details.kind,
                minutes: c.details.minutes,
            })
            .collect();
        contacts.sort_by_key(|c| c.on);
        Ok(Self {
            status_history: lifecycle
                .timeline
                .iter()
                .map(|(status, from)| StatusSpan {
                    status: *status,
                    from: *from,
                })
                .collect(),
            commission: p
                .commission_on
                .zip(p.commission_decision)
                .map(|(on, decision)| CommissionView { on, decision }),
            exit: p.exit().map(|x| ExitView {
                on: x.on,
                outcome: x.outcome,
                category: x.outcome.category(),
                validation: x.validation,
                positive: x.is_positive(),
                check_due: x.check_due,
                checked_on: x.checked_on,
                situation: x.situation,
            }),
            events: session.lifecycle_events(&p.file_number)?,
            steps: session
                .steps(&p.file_number)?
                .into_iter()
                .map(|s| StepView {
                    kind: s.details.kind,
                    start: s.details.actual_start.or(s.details.planned_start),
                    end: s.details.actual_end.or(s.details.planned_end),
                    outcome: s.details.outcome,
                })
                .collect(),
            contacts,
            esf: session.esf_record(&p.file_number)?,
            file_number: p.file_number,
            last_name: p.details.last_name,
            first_name: p.details.first_name,
            referent: p.referent,
            status: p.status,
            oriented_on: p.details.oriented_on,
            entry_file_on: p.entry_file_on,
            entered_on: p.contract_on,
        })
    }

    /// The view as labelled lines: a label and its value, then one line per event.
    fn lines(&self, reader: Reader) -> Vec<Line> {
        let person = reader == Reader::Person;
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let word = |label: String, code: &str| if person { label } else { code.to_owned() };
        let mut lines = vec![
            Line::new("file_number", self.file_number.clone()),
            Line::new(
                "name",
                format!("{} {}", self.last_name.to_uppercase(), self.first_name),
            ),
            Line::new("referent", self.referent.clone().unwrap_or_default()),
            Line::new("status", word(self.status.label(), self.status.code())),
            Line::new("oriented_on", date(self.oriented_on)),
            Line::new("entry_file_on", date(self.entry_file_on)),
            Line::new(
                "commission",
                self.commission
                    .as_ref()
                    .map(|c| format!("{} {}", c.on, word(c.decision.label(), c.decision.code())))
                    .unwrap_or_default(),
            ),
            Line::new("entered_on", date(self.entered_on)),
        ];
        if let Some(x) = &self.exit {
            let validation = x
                .validation
                .map(|v| word(v.label(), v.code()))
                .unwrap_or_default();
            lines.push(Line::new(
                "exit",
                format!(
                    "{} {} ({}) {validation}",
                    x.on,
                    word(x.outcome.label(), x.outcome.code()),
                    word(x.category.label(), x.category.code()),
                )
                .trim_end()
                .to_owned(),
            ));
            lines.push(Line::new("check_due", date(x.check_due)));
            if let Some((on, s)) = x.checked_on.zip(x.situation) {
                let found = format!("{on} {}", word(s.label(), s.code()));
                lines.push(Line::new("checked", found));
            }
        }
        for r in &self.events {
            let e = &r.event;
            let value = match (e.decision, e.outcome, e.situation) {
                (Some(d), _, _) => word(d.label(), d.code()),
                (_, Some(o), _) => word(o.label(), o.code()),
                (_, _, Some(s)) => word(s.label(), s.code()),
                _ => String::new(),
            };
            let by = r
                .recorded_by
                .clone()
                .unwrap_or_else(|| t("lifecycle.migrated"));
            let what = format!("{} {value}", word(e.kind.label(), e.kind.code()));
            let mut text = format!("{} {} ({by})", e.on, what.trim_end());
            if let Some(v) = &r.voided {
                let who = v.by.clone().unwrap_or_else(|| t("lifecycle.migrated"));
                text.push_str(&format!(
                    " — {}",
                    tf("cli.show.voided", &[("by", &who), ("reason", &v.reason)])
                ));
            }
            lines.push(Line::new("event", text));
        }
        lines.push(Line::new("steps", self.steps.len().to_string()));
        lines.push(Line::new("contacts", self.contacts.len().to_string()));
        lines
    }
}

/// One labelled line of `participant show`.
#[derive(Debug, Serialize)]
struct Line {
    field: &'static str,
    value: String,
}

impl Line {
    fn new(field: &'static str, value: String) -> Self {
        Self { field, value }
    }
}

const COLUMNS: &[Column] = &[
    Column {
        name: "field",
        label_key: "cli.show.field",
    },
    Column {
        name: "value",
        label_key: "cli.show.value",
    },
];

/// Runs `participant show`.
pub fn show(ctx: &Context, args: &ShowArgs) -> Result<()> {
    let mut session = ctx.session()?;
    let view = ParticipantView::read(&mut session, &file_number(&args.file)?)?;
    if args.format == Format::Json {
        return print_json(&view);
    }
    let reader = if args.format == Format::Csv {
        Reader::Program
    } else {
        Reader::Person
    };
    let lines = view.lines(reader);
    let cells = |l: &Line, reader: Reader| {
        let field = if reader == Reader::Person {
            t(&format!("cli.show.line.{}", l.field))
        } else {
            l.field.to_owned()
        };
        vec![field, l.value.clone()]
    };
    Listing {
        columns: COLUMNS,
        rows: &lines,
        cells: &cells,
        footer: Vec::new(),
    }
    .print(args.format)
}
