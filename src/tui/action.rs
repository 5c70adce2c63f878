//! What the user can ask for: the commands a key can be bound to, and the
//! other inputs the application state reacts to.

use crate::code_enum;

code_enum!(
    /// A command that the keymap binds to keys; its code is the name used in
    /// the `[keys]` table of the configuration, its label the help text.
    Action, "action", {
        Caseload => "caseload",
        Agenda => "agenda",
        Time => "time",
        Dashboard => "dashboard",
        Audit => "audit",
        Import => "import",
        Indicators => "indicators",
        Help => "help",
        Palette => "palette",
        Filter => "filter",
        FocusNext => "focus_next",
        FocusPrevious => "focus_previous",
        Up => "up",
        Down => "down",
        PageUp => "page_up",
        PageDown => "page_down",
        First => "first",
        Last => "last",
        Open => "open",
        Delete => "delete",
        Save => "save",
        MarkDone => "mark_done",
        MarkNoShow => "mark_no_show",
        NextReferent => "next_referent",
        Left => "left",
        Right => "right",
        PreviousWeek => "previous_week",
        NextWeek => "next_week",
        ThisWeek => "this_week",
        New => "new",
        Edit => "edit",
        Clear => "clear",
        CopyWeek => "copy_week",
        FromAgenda => "from_agenda",
        SubmitWeek => "submit_week",
        ValidateWeek => "validate_week",
        Export => "export",
        Sort => "sort",
        StatusFilter => "status_filter",
        Back => "back",
        Quit => "quit",
    }
);

/// Everything [`App::update`](super::App::update) reacts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A bound command.
    Action(Action),
    /// A character typed into the focused text line.
    Type(char),
    /// Backspace in the focused text line.
    Erase,
    /// Enter in the focused text line: keep its text and return to the list.
    Accept,
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
}
