//! The only module that writes to the terminal: entering and leaving the
//! full-screen mode, drawing frames, and restoring the terminal whatever
//! happens (normal exit, error, panic, signal).
//!
//! A frame is collected in memory and reaches stdout in a single write,
//! wrapped in synchronized output (DEC mode 2026) so the terminal shows it
//! whole. A frame that panics half-way is never written. Bands of rows that
//! moved (a scrolled list) are shifted by the terminal ([`ScrollRegion`]),
//! not sent again; the scroll region it leaves set is reset on leaving.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Frame, Terminal};

use super::scroll_region::{RESET_MARGINS, ScrollRegion};

/// Room for a whole frame, so drawing it never waits on the terminal.
const FRAME_CAPACITY: usize = 64 * 1024;

/// Whether the terminal is in the full-screen mode and must be restored.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// The bytes of the frame being drawn. Flushing it does nothing: the frame
/// goes out whole at the end of [`Tui::draw`].
#[derive(Clone)]
struct FrameBuffer(Rc<RefCell<Vec<u8>>>);

impl Write for FrameBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The terminal in full-screen mode; dropping it restores the terminal.
pub struct Tui {
    terminal: Terminal<ScrollRegion<CrosstermBackend<FrameBuffer>>>,
    frame: FrameBuffer,
}

impl Tui {
    /// Switches the terminal to raw mode and the alternate screen, cursor hidden.
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let frame = FrameBuffer(Rc::new(RefCell::new(Vec::with_capacity(FRAME_CAPACITY))));
        let mut out = io::stdout();
        // The scroll region is whole on a fresh screen, but another program may have left it set.
        let entered = queue!(out, EnterAlternateScreen, cursor::Hide)
            .and_then(|()| out.write_all(RESET_MARGINS))
            .and_then(|()| out.flush())
            .and_then(|()| crossterm::terminal::size())
            .and_then(|(width, height)| {
                let backend = CrosstermBackend::new(frame.clone());
                Terminal::new(ScrollRegion::new(backend, Size::new(width, height)))
            });
        match entered {
            Ok(terminal) => Ok(Self { terminal, frame }),
            Err(e) => {
                // The error being reported matters more than a failure to restore.
                let _ = restore();
                Err(e)
            }
        }
    }

    /// The terminal's size in columns and rows.
    pub fn size(&self) -> io::Result<Size> {
        self.terminal.size()
    }

    /// Draws one frame in one write. With `clear` (after a resize) the whole
    /// screen is repainted; otherwise only the cells that changed are sent.
    pub fn draw(&mut self, clear: bool, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        self.frame.0.borrow_mut().clear();
        queue!(self.frame, BeginSynchronizedUpdate)?;
        if clear {
            // `resize` clears the screen and forgets the previous frame without
            // asking the terminal where its cursor is (`clear` would: a round trip).
            let size = self.terminal.size()?;
            self.terminal.resize(Rect::from((Position::ORIGIN, size)))?;
        }
        self.terminal.draw(render)?;
        queue!(self.frame, EndSynchronizedUpdate)?;
        let mut bytes = self.frame.0.borrow_mut();
        let mut out = io::stdout().lock();
        out.write_all(&bytes)?;
        out.flush()?;
        bytes.clear();
        Ok(())
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // Nothing more can be done about a terminal that cannot be restored while dropping.
        let _ = restore();
    }
}

/// Puts the terminal back as it was: normal screen, cursor shown, cooked
/// mode. Does nothing when it is not in full-screen mode, so every path out
/// (exit, error, panic, signal) may call it.
pub fn restore() -> io::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let raw = disable_raw_mode();
    let mut out = io::stdout();
    // The scroll region the frames left set would hold on the normal screen too.
    queue!(out, EndSynchronizedUpdate)?;
    out.write_all(RESET_MARGINS)?;
    execute!(out, LeaveAlternateScreen, cursor::Show)?;
    raw
}

/// Restores the terminal before the previous panic hook prints its report.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // The panic report below matters more than a failure to restore.
            let _ = restore();
            previous(info);
        }));
    });
}
