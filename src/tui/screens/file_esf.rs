//! The ESF section of the participant file: the three stages of the record (entry, on
//! leaving, six months after), each with its date, where it stands (complete, to fill in
//! by a date, late, not reached) and its answers; the unanswered items the stage asks in
//! the alert colour; the corrections of the validated entry under them. The selected stage
//! is the one `e` or Enter fills in.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::esf::{Answer, EsfItem, EsfRecord, EsfStage, StageState};
use crate::domain::participant::{EducationLevel, LabourStatus, Sex};
use crate::i18n::{t, tf, tn};
use crate::tui::app::App;
use crate::tui::file::FileView;
use crate::tui::show;
use crate::tui::theme::Theme;

/// One label / value pair of a stage's answers, with the value's style.
struct Pair {
    label: String,
    value: String,
    style: Style,
}

/// Draws the ESF record of the open file.
pub fn render(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let Some(record) = view.lists().esf.as_ref() else {
        return;
    };
    let theme = app.theme();
    let today = app.today();
    let blocks: Vec<(Line<'static>, Vec<Pair>, Vec<Pair>)> = EsfStage::ALL
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let heading = heading(*stage, record, view.selected() == i, today, theme);
            let (left, right) = columns(*stage, record, today, theme);
            (heading, left, right)
        })
        .collect();
    // One column boundary for the three stages: three spaces after the widest left pair
    // when both columns fit, else where the right column still fits (one space at least,
    // the left values cut if need be).
    let left_needed = 3 + blocks.iter().map(|b| pairs_width(&b.1)).max().unwrap_or(0) + 3;
    let right_needed = blocks.iter().map(|b| pairs_width(&b.2)).max().unwrap_or(0);
    let width = usize::from(area.width);
    let left_width = if left_needed + right_needed <= width {
        left_needed
    } else {
        width.saturating_sub(right_needed).max(width / 2)
    };
    let mut lines = Vec::new();
    for (heading, left, right) in blocks {
        lines.push(heading);
        lines.extend(two_columns(&left, &right, left_width, theme));
    }
    lines.push(Line::default());
    lines.push(corrections(record, theme));
    frame.render_widget(Paragraph::new(lines), area);
}

/// A stage's answers in two columns: for the entry, the file's own items and what is
/// computed from them on the left and the six answers a person may refuse on the right;
/// for the others, half and half.
fn columns(
    stage: EsfStage,
    record: &EsfRecord,
    today: chrono::NaiveDate,
    theme: &Theme,
) -> (Vec<Pair>, Vec<Pair>) {
    let reached = record.state(stage).opens_on.is_some_and(|d| d <= today);
    let pairs: Vec<(EsfItem, Pair)> = EsfItem::of(stage)
        .map(|item| (item, pair(item, record.value(item), record, reached, theme)))
        .collect();
    if stage != EsfStage::Entry {
        let mut left: Vec<Pair> = pairs.into_iter().map(|(_, p)| p).collect();
        let right = left.split_off(left.len().div_ceil(2));
        return (left, right);
    }
    let (refusable, own): (Vec<_>, Vec<_>) =
        pairs.into_iter().partition(|(item, _)| item.refusable());
    let mut left = vec![age(record, theme)];
    left.extend(own.into_iter().map(|(_, p)| p));
    left.push(Pair {
        label: t("esf.section.isced"),
        value: record
            .entry
            .isced
            .map_or_else(|| theme.none().to_owned(), str::to_owned),
        style: Style::new(),
    });
    left.push(french(record, theme));
    (left, refusable.into_iter().map(|(_, p)| p).collect())
}

/// A stage's line: its name (in the selection colour when selected), its date, and where
/// it stands.
fn heading(
    stage: EsfStage,
    record: &EsfRecord,
    selected: bool,
    today: chrono::NaiveDate,
    theme: &Theme,
) -> Line<'static> {
    let state = record.state(stage);
    let name_style = if selected {
        theme.selected()
    } else {
        theme.header()
    };
    let mut spans = vec![Span::raw(" "), Span::styled(stage.label(), name_style)];
    if let Some(day) = state.opens_on {
        spans.push(Span::styled(
            format!(" {}", show::date(day)),
            theme.header(),
        ));
    }
    let (text, style) = standing(stage, record, state, today, theme);
    spans.push(Span::styled(format!("{}{text}", theme.separator()), style));
    Line::from(spans)
}

/// Where a stage stands, in words and colour.
fn standing(
    stage: EsfStage,
    record: &EsfRecord,
    state: &StageState,
    today: chrono::NaiveDate,
    theme: &Theme,
) -> (String, Style) {
    let day = |d: Option<chrono::NaiveDate>| d.map(show::date).unwrap_or_default();
    match state.opens_on {
        None if stage == EsfStage::Entry => (t("esf.section.not_entered"), theme.muted()),
        None => (t("esf.section.no_exit"), theme.muted()),
        Some(opens) if opens > today => (
            tf("esf.section.opens", &[("date", &show::date(opens))]),
            theme.muted(),
        ),
        Some(_) if state.complete => match (&record.entry.validated, stage) {
            (Some(v), EsfStage::Entry) => (
                tf(
                    "esf.section.validated",
                    &[("date", &show::date(v.at.date_naive())), ("by", &v.by)],
                ),
                Style::new(),
            ),
            _ => (t("esf.section.complete"), Style::new()),
        },
        Some(_) if state.late => (
            tf("esf.section.late", &[("date", &day(state.due_on))]),
            theme.alert(),
        ),
        Some(_) => (
            tf("esf.section.due", &[("date", &day(state.due_on))]),
            theme.key(),
        ),
    }
}

/// An item's label and its answer in words: a missing answer the stage asks is in the
/// alert colour once the stage is reached, one it does not ask reads "not asked".
fn pair(
    item: EsfItem,
    value: Option<String>,
    record: &EsfRecord,
    reached: bool,
    theme: &Theme,
) -> Pair {
    let asked = item.asked(record.entry.answers.labour_status);
    let (value, style) = match value {
        Some(code) => (value_label(item, &code), Style::new()),
        None if !asked => (t("esf.section.not_asked"), theme.muted()),
        None if reached => (theme.none().to_owned(), theme.alert()),
        None => (theme.none().to_owned(), theme.muted()),
    };
    Pair {
        label: item.label(),
        value,
        style,
    }
}

/// An answer's code in words.
fn value_label(item: EsfItem, code: &str) -> String {
    let label = match item {
        EsfItem::Sex => Sex::from_code(code).map(Sex::label),
        EsfItem::LabourStatus => LabourStatus::from_code(code).map(LabourStatus::label),
        EsfItem::Education => EducationLevel::from_code(code).map(EducationLevel::label),
        // Stored as `YYYY-MM-DD`; shown as the person reads dates.
        EsfItem::UnemployedSince => chrono::NaiveDate::parse_from_str(code, "%Y-%m-%d")
            .ok()
            .map(crate::tui::show::date),
        _ => Answer::from_code(code).map(Answer::label),
    };
    label.unwrap_or_else(|| code.to_owned())
}

/// The age at entry, computed from the birth date.
fn age(record: &EsfRecord, theme: &Theme) -> Pair {
    Pair {
        label: t("esf.section.age"),
        value: record.entry.age.map_or_else(
            || theme.none().to_owned(),
            |n| tn("esf.section.years", n as usize, &[]),
        ),
        style: Style::new(),
    }
}

/// The French items the file's criteria give (RSA, ASS, AAH, RQTH, QPV, single parent).
fn french(record: &EsfRecord, theme: &Theme) -> Pair {
    let f = &record.entry.french;
    let names: Vec<String> = [
        (f.rsa, "esf.french.rsa"),
        (f.ass, "esf.french.ass"),
        (f.aah, "esf.french.aah"),
        (f.rqth, "esf.french.rqth"),
        (f.qpv, "esf.french.qpv"),
        (f.single_parent, "esf.french.single_parent"),
    ]
    .iter()
    .filter(|(set, _)| *set)
    .map(|(_, key)| t(key))
    .collect();
    Pair {
        label: t("esf.section.french"),
        value: if names.is_empty() {
            theme.none().to_owned()
        } else {
            names.join(", ")
        },
        style: Style::new(),
    }
}

/// The columns `pairs` take: their widest label, two spaces, their widest value.
fn pairs_width(pairs: &[Pair]) -> usize {
    let widest = |f: fn(&Pair) -> &str| {
        pairs
            .iter()
            .map(|p| Span::raw(f(p)).width())
            .max()
            .unwrap_or(0)
    };
    widest(|p| &p.label) + 2 + widest(|p| &p.value)
}

/// Two columns of label / value pairs, each column's values aligned after its widest
/// label, the right one starting at `left_width` (a left value too long for its room is
/// cut with an ellipsis rather than push the right column).
fn two_columns(
    left: &[Pair],
    right: &[Pair],
    left_width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let width_of = |text: &str| Span::raw(text).width();
    let widest = |pairs: &[Pair]| pairs.iter().map(|p| width_of(&p.label)).max().unwrap_or(0);
    let (left_label, right_label) = (widest(left), widest(right));
    (0..left.len().max(right.len()))
        .map(|row| {
            let mut spans = Vec::new();
            let mut used = 0;
            if let Some(p) = left.get(row) {
                let label = format!("   {:<left_label$}  ", p.label);
                let room = left_width.saturating_sub(width_of(&label) + 1);
                let value = cut(&p.value, room);
                used = width_of(&label) + width_of(&value);
                spans.push(Span::styled(label, theme.muted()));
                spans.push(Span::styled(value, p.style));
            }
            if let Some(p) = right.get(row) {
                spans.push(Span::raw(
                    " ".repeat(left_width.saturating_sub(used).max(1)),
                ));
                spans.push(Span::styled(
                    format!("{:<right_label$}  ", p.label),
                    theme.muted(),
                ));
                spans.push(Span::styled(p.value.clone(), p.style));
            }
            Line::from(spans)
        })
        .collect()
}

/// `text` cut to `room` columns, an ellipsis ending what was cut.
fn cut(text: &str, room: usize) -> String {
    if Span::raw(text).width() <= room {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if Span::raw(format!("{out}{c}…")).width() > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The corrections of the validated entry: how many, and the last one.
fn corrections(record: &EsfRecord, theme: &Theme) -> Line<'static> {
    let Some(last) = record.corrections.last() else {
        return Line::from(format!(" {}", t("esf.section.no_corrections"))).style(theme.muted());
    };
    let shown = |code: &Option<String>| {
        code.as_deref()
            .map_or_else(|| theme.none().to_owned(), |c| value_label(last.item, c))
    };
    let arrow = if theme.ascii { "->" } else { "→" };
    let text = tn(
        "esf.section.corrections",
        record.corrections.len(),
        &[
            ("date", &show::date(last.at.date_naive())),
            ("by", &last.by),
            ("item", &last.item.label()),
            (
                "change",
                &format!("{} {arrow} {}", shown(&last.before), shown(&last.after)),
            ),
        ],
    );
    Line::from(format!(" {text}")).style(theme.muted())
}
