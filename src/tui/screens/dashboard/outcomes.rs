//! The dashboard's outcome line and the referents' rate column: the year's entries,
//! exits, positive exits among the settled ones against the PLIE's target, and the
//! provisional exits with their next six-month check.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::i18n::tf;
use crate::store::outcomes::{OutcomeLine, Outcomes};
use crate::tui::show;
use crate::tui::theme::Theme;

/// A rate in whole percent, or a dash when nothing is settled yet.
fn rate(line: &OutcomeLine) -> String {
    line.counts
        .positive_rate()
        .map_or_else(|| "—".to_owned(), |r| format!("{:.0} %", r))
}

/// How a rate reads against the target: under it stands out.
fn rate_style(line: &OutcomeLine, target: u32, theme: &Theme) -> Style {
    match line.counts.positive_rate() {
        Some(r) if r < f64::from(target) => theme.alert(),
        Some(_) => Style::new(),
        None => theme.muted(),
    }
}

/// The scope's outcomes of the year on one line, after `label`, `width` columns wide:
/// the provisional exits only when they fit whole.
pub fn line(label: Span<'static>, outcomes: &Outcomes, width: u16, theme: &Theme) -> Line<'static> {
    let total = &outcomes.total;
    let c = &total.counts;
    let mut spans = vec![
        label,
        Span::raw(tf(
            "dashboard.outcomes.counts",
            &[
                ("entries", &c.entries.to_string()),
                ("exits", &c.exits.to_string()),
                ("positive", &c.positive().to_string()),
                ("settled", &c.settled().to_string()),
            ],
        )),
        Span::styled(
            format!(" {}", rate(total)),
            rate_style(total, outcomes.target, theme),
        ),
        Span::raw(tf(
            "dashboard.outcomes.target",
            &[("target", &outcomes.target.to_string())],
        )),
    ];
    if c.provisional > 0 {
        let next = total.next_check.map(show::day_month).unwrap_or_default();
        let provisional = Span::styled(
            tf(
                "dashboard.outcomes.provisional",
                &[("n", &c.provisional.to_string()), ("next", &next)],
            ),
            if total.checks_due > 0 {
                theme.alert()
            } else {
                theme.muted()
            },
        );
        let used: usize = spans.iter().map(Span::width).sum();
        if used + provisional.width() <= usize::from(width) {
            spans.push(provisional);
        }
    }
    Line::from(spans)
}

/// A referent's positive-exit rate and its style, for the referents' table.
pub fn rate_cell(outcomes: Option<&Outcomes>, login: &str, theme: &Theme) -> (String, Style) {
    match outcomes.and_then(|o| Some((crate::tui::dashboard::outcomes::of(o, login)?, o.target))) {
        Some((line, target)) => (rate(line), rate_style(line, target, theme)),
        None => ("—".to_owned(), theme.muted()),
    }
}
