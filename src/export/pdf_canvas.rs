//! Drawing on a PDF page with the embedded DejaVu Sans: text that fits, aligned numbers, boxes.
//!
//! Coordinates are PDF points from the page's top-left corner, y downwards; a text's `y` is
//! its baseline.

use crate::domain::text::printable;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

use super::ExportError;

/// The embedded regular face (Bitstream Vera licence, see `assets/fonts/LICENSE-DejaVu.txt`).
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// The embedded bold face.
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// A colour of the sheet: red, green, blue.
pub(crate) type Colour = (u8, u8, u8);

/// Black text and lines.
pub(crate) const BLACK: Colour = (0, 0, 0);
/// Secondary text.
pub(crate) const GREY: Colour = (89, 89, 89);
/// The draft mark.
pub(crate) const RED: Colour = (192, 0, 0);
/// Header backgrounds.
pub(crate) const BLUE_TINT: Colour = (221, 235, 247);
/// Days outside the sheet's period.
pub(crate) const GREY_TINT: Colour = (217, 217, 217);

/// Which face to draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

/// A face both for drawing (krilla) and for measuring (ttf-parser).
struct Face {
    font: Font,
    metrics: ttf_parser::Face<'static>,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Result<Self, ExportError> {
        let broken = || ExportError::write("PDF", "the embedded font cannot be read");
        Ok(Self {
            font: Font::new(bytes.into(), 0).ok_or_else(broken)?,
            metrics: ttf_parser::Face::parse(bytes, 0).map_err(|_| broken())?,
        })
    }

    /// Width of `text` at `size` points, from the glyphs' advances.
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                self.metrics
                    .glyph_index(c)
                    .and_then(|g| self.metrics.glyph_hor_advance(g))
                    .map_or(0, u32::from)
            })
            .sum();
        units as f32 * size / f32::from(self.metrics.units_per_em())
    }
}

/// The two faces of a document.
pub(crate) struct Fonts {
    regular: Face,
    bold: Face,
}

impl Fonts {
    /// Loads the embedded faces.
    pub(crate) fn load() -> Result<Self, ExportError> {
        Ok(Self {
            regular: Face::load(REGULAR)?,
            bold: Face::load(BOLD)?,
        })
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Width of `text` in points.
    pub(crate) fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        self.face(weight).width(text, size)
    }

    /// `text` broken into lines no wider than `room` points: at spaces, inside a word only
    /// when the word alone is wider, and at every line break of the text. Nothing is cut.
    pub(crate) fn wrap(&self, text: &str, room: f32, size: f32, weight: Weight) -> Vec<String> {
        let fits = |line: &str| self.width(line, size, weight) <= room;
        let mut lines = Vec::new();
        // Split at line breaks first: `printable` would show them as visible stand-ins.
        for paragraph in text.split('\n') {
            let paragraph = printable(paragraph);
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if fits(&candidate) {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the room (a long code or address) is split.
                for c in word.chars() {
                    line.push(c);
                    if !fits(&line) && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// How a piece of text is placed relative to its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Starts at `x`.
    Left,
    /// Centred on `x`.
    Centre,
    /// Ends at `x`.
    Right,
}

/// A text style: size, weight, colour.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    /// Size in points.
    pub size: f32,
    /// Face.
    pub weight: Weight,
    /// Colour.
    pub colour: Colour,
}

impl Style {
    /// Regular black text of `size` points.
    pub(crate) fn regular(size: f32) -> Self {
        Self {
            size,
            weight: Weight::Regular,
            colour: BLACK,
        }
    }

    /// Bold black text of `size` points.
    pub(crate) fn bold(size: f32) -> Self {
        Self {
            size,
            weight: Weight::Bold,
            colour: BLACK,
        }
    }

    /// The same style in another colour.
    pub(crate) fn in_colour(self, colour: Colour) -> Self {
        Self { colour, ..self }
    }
}

/// A page being drawn.
pub(crate) struct Canvas<'s, 'p> {
    surface: &'s mut Surface<'p>,
    /// The document's faces.
    pub fonts: &'s Fonts,
}

fn rgb((r, g, b): Colour) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

fn fill(colour: Colour, opacity: f32) -> Fill {
    Fill {
        paint: rgb(colour).into(),
        opacity: NormalizedF32::new(opacity).unwrap_or(NormalizedF32::ONE),
        ..Fill::default()
    }
}

impl<'s, 'p> Canvas<'s, 'p> {
    /// A canvas over a page's surface.
    pub(crate) fn new(surface: &'s mut Surface<'p>, fonts: &'s Fonts) -> Self {
        Self { surface, fonts }
    }

    /// Draws `text` with its baseline at `y`, aligned on `x`; control characters
    /// (stored text may hold some) are drawn as their visible stand-ins.
    pub(crate) fn text(&mut self, x: f32, y: f32, text: &str, style: Style, align: Align) {
        if text.is_empty() {
            return;
        }
        let text = &*printable(text);
        let width = self.fonts.width(text, style.size, style.weight);
        let left = match align {
            Align::Left => x,
            Align::Centre => x - width / 2.0,
            Align::Right => x - width,
        };
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill(style.colour, 1.0)));
        self.surface.draw_text(
            Point::from_xy(left, y),
            self.fonts.face(style.weight).font.clone(),
            style.size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// A rectangle, filled and/or outlined.
    pub(crate) fn rect(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        background: Option<Colour>,
        border: Option<(Colour, f32)>,
    ) {
        let Some(rect) = Rect::from_xywh(x, y, w, h) else {
            return;
        };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        let Some(path) = builder.finish() else {
            return;
        };
        self.surface.set_fill(background.map(|c| fill(c, 1.0)));
        self.surface
            .set_stroke(border.map(|(colour, width)| Stroke {
                paint: rgb(colour).into(),
                width,
                ..Stroke::default()
            }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }

    /// A large, pale text across the page, turned by `degrees` around its centre.
    pub(crate) fn watermark(&mut self, centre: (f32, f32), degrees: f32, text: &str, style: Style) {
        let width = self.fonts.width(text, style.size, style.weight);
        self.surface
            .push_transform(&Transform::from_rotate_at(degrees, centre.0, centre.1));
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill(style.colour, 0.15)));
        self.surface.draw_text(
            Point::from_xy(centre.0 - width / 2.0, centre.1 + style.size * 0.35),
            self.fonts.face(style.weight).font.clone(),
            style.size,
            text,
            false,
            TextDirection::Auto,
        );
        self.surface.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_wraps_text() {
        let fonts = Fonts::load().unwrap();
        let narrow = fonts.width("ii", 10.0, Weight::Regular);
        let wide = fonts.width("MM", 10.0, Weight::Regular);
        assert!(narrow > 0.0 && wide > narrow);
        assert!(fonts.width("Zoé", 10.0, Weight::Bold) > fonts.width("Zoé", 10.0, Weight::Regular));
        assert_eq!(fonts.wrap("short", 100.0, 10.0, Weight::Regular), ["short"]);
        let text = "a rather long activity label with an extraordinarilylongwordthatdoesnotfit";
        let lines = fonts.wrap(text, 60.0, 10.0, Weight::Regular);
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(fonts.width(line, 10.0, Weight::Regular) <= 60.0, "{line}");
        }
        let joined = lines.join(" ").replace(' ', "");
        assert_eq!(joined, text.replace(' ', ""), "nothing is lost");
        assert_eq!(
            fonts.wrap("one\ntwo", 100.0, 10.0, Weight::Regular),
            ["one", "two"]
        );
    }
}
