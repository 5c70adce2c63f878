//! The one list cursor: a selected line and the scroll that keeps it in view,
//! with the arithmetic every list shares (clamping, paging, first and last).

use crate::tui::action::Action;

/// A selection in a list of `len` lines shown `height` at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    selected: usize,
    offset: usize,
}

impl Cursor {
    /// The selected line's index.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// How many lines are scrolled out above.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Back to the first line, unscrolled.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Selects line `index` (clamped to the list) and scrolls it into view.
    /// Returns whether the selection or the scroll changed.
    pub fn select(&mut self, index: usize, len: usize, height: usize) -> bool {
        let before = *self;
        self.selected = index.min(len.saturating_sub(1));
        self.scroll(len, height);
        before != *self
    }

    /// Moves the selection by `delta` lines (clamped); whether anything changed.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) -> bool {
        self.select(self.selected.saturating_add_signed(delta), len, height)
    }

    /// Applies a movement (`Up`, `Down`, `PageUp`, `PageDown`, `First`, `Last`, a
    /// page being `page` lines); `None` for any other action.
    pub fn navigate(
        &mut self,
        action: Action,
        len: usize,
        height: usize,
        page: usize,
    ) -> Option<bool> {
        let page = isize::try_from(page).unwrap_or(isize::MAX);
        Some(match action {
            Action::Up => self.move_by(-1, len, height),
            Action::Down => self.move_by(1, len, height),
            Action::PageUp => self.move_by(-page, len, height),
            Action::PageDown => self.move_by(page, len, height),
            Action::First => self.select(0, len, height),
            Action::Last => self.select(usize::MAX, len, height),
            _ => return None,
        })
    }

    /// Adjusts the scroll so the selection is visible, and no blank space is
    /// scrolled in below the last line.
    pub fn scroll(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_clamped_and_the_selection_stays_in_view() {
        let mut c = Cursor::default();
        assert!(!c.move_by(-1, 30, 10), "already on the first line");
        assert!(c.move_by(12, 30, 10));
        assert_eq!((c.selected(), c.offset()), (12, 3));
        assert_eq!(c.navigate(Action::Last, 30, 10, 10), Some(true));
        assert_eq!((c.selected(), c.offset()), (29, 20));
        assert_eq!(c.navigate(Action::PageUp, 30, 10, 10), Some(true));
        assert_eq!((c.selected(), c.offset()), (19, 19));
        assert_eq!(c.navigate(Action::First, 30, 10, 10), Some(true));
        assert_eq!((c.selected(), c.offset()), (0, 0));
        assert_eq!(c.navigate(Action::Open, 30, 10, 10), None);
        assert!(!c.select(5, 0, 10), "an empty list keeps line 0");
    }

    #[test]
    fn a_shorter_list_pulls_the_scroll_back() {
        let mut c = Cursor::default();
        c.select(25, 30, 10);
        c.scroll(12, 10);
        assert_eq!(c.offset(), 2);
    }
}
