//! A rendered ratatui buffer as an SVG image (the README's screenshot): one background rectangle
//! per run of cells with the same background, one `<text>` per run with the same style, the
//! terminal's 16 colours as a dark palette.

use std::fmt::Write as _;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};

/// Width of a cell in pixels.
const CW: f32 = 8.4;
/// Height of a cell in pixels.
const CH: f32 = 18.0;
/// The terminal's default background and foreground.
const BG: &str = "#1d1f21";
const FG: &str = "#d8d8d8";

/// The colour of `c` as `#rrggbb`; `None` for the terminal's default.
fn hex(c: Color) -> Option<String> {
    let named = match c {
        Color::Reset => return None,
        Color::Black => "#1d1f21",
        Color::Red => "#cc6666",
        Color::Green => "#8fbf5f",
        Color::Yellow => "#e0b050",
        Color::Blue => "#6b95c8",
        Color::Magenta => "#b794d6",
        Color::Cyan => "#66c2c2",
        Color::Gray => "#c5c8c6",
        Color::DarkGray => "#7a7d7b",
        Color::LightRed => "#ff8080",
        Color::LightGreen => "#b5e890",
        Color::LightYellow => "#f0d070",
        Color::LightBlue => "#8fb8ea",
        Color::LightMagenta => "#d8b4f0",
        Color::LightCyan => "#90e0e0",
        Color::White => "#ffffff",
        Color::Rgb(r, g, b) => return Some(format!("#{r:02x}{g:02x}{b:02x}")),
        Color::Indexed(i) => return Some(indexed(i)),
    };
    Some(named.to_string())
}

/// The xterm 256-colour palette beyond the first 16 (which map to the named colours).
fn indexed(i: u8) -> String {
    const NAMED: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    match i {
        0..=15 => hex(NAMED[i as usize]).unwrap_or_else(|| FG.to_string()),
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            format!(
                "#{:02x}{:02x}{:02x}",
                level(n / 36),
                level((n / 6) % 6),
                level(n % 6)
            )
        }
        _ => {
            let v = 8 + (i - 232) * 10;
            format!("#{v:02x}{v:02x}{v:02x}")
        }
    }
}

/// A cell's drawn colours (reverse video swapped) and text attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Look {
    fg: String,
    bg: Option<String>,
    bold: bool,
    dim: bool,
    underline: bool,
}

fn look(cell: &Cell) -> Look {
    let m = cell.modifier;
    let (mut fg, mut bg) = (hex(cell.fg), hex(cell.bg));
    if m.contains(Modifier::REVERSED) {
        let f = fg.take().unwrap_or_else(|| FG.to_string());
        fg = Some(bg.take().unwrap_or_else(|| BG.to_string()));
        bg = Some(f);
    }
    Look {
        fg: fg.unwrap_or_else(|| FG.to_string()),
        bg,
        bold: m.contains(Modifier::BOLD),
        dim: m.contains(Modifier::DIM),
        underline: m.contains(Modifier::UNDERLINED),
    }
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// The buffer as an SVG document.
pub fn render(buf: &Buffer) -> String {
    let area = buf.area;
    let (w, h) = (area.width as f32 * CW, area.height as f32 * CH);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.1} {h:.1}" font-family="'DejaVu Sans Mono','Menlo','Consolas',monospace" font-size="14">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="{BG}"/>"#);
    for y in 0..area.height {
        let row: Vec<&Cell> = (0..area.width)
            .filter_map(|x| buf.cell((area.x + x, area.y + y)))
            .collect();
        backgrounds(&row, y, &mut out);
        texts(&row, y, &mut out);
    }
    out.push_str("</svg>\n");
    out
}

fn backgrounds(row: &[&Cell], y: u16, out: &mut String) {
    let mut x = 0;
    while x < row.len() {
        let bg = look(row[x]).bg;
        let start = x;
        while x < row.len() && look(row[x]).bg == bg {
            x += 1;
        }
        if let Some(bg) = bg {
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{CH:.1}" fill="{bg}"/>"#,
                start as f32 * CW,
                y as f32 * CH,
                (x - start) as f32 * CW
            );
        }
    }
}

fn texts(row: &[&Cell], y: u16, out: &mut String) {
    let baseline = y as f32 * CH + CH * 0.75;
    let mut x = 0;
    while x < row.len() {
        let style = look(row[x]);
        let start = x;
        let mut text = String::new();
        // A run ends at a change of style and after a wide character (the next run starts at
        // its exact column, whatever the font's width for it).
        while x < row.len() && look(row[x]) == style {
            let sym = row[x].symbol();
            text.push_str(sym);
            let width = ratatui::text::Span::raw(sym).width().max(1);
            x += width;
            if width > 1 {
                break;
            }
        }
        if text.trim().is_empty() {
            continue;
        }
        let mut attrs = format!(
            r#"x="{:.1}" y="{baseline:.1}" fill="{}""#,
            start as f32 * CW,
            style.fg
        );
        if style.bold {
            attrs.push_str(r#" font-weight="bold""#);
        }
        if style.dim {
            attrs.push_str(r#" opacity="0.6""#);
        }
        if style.underline {
            attrs.push_str(r#" text-decoration="underline""#);
        }
        let _ = write!(out, r#"<text {attrs} xml:space="preserve">"#);
        escape(&text, out);
        out.push_str("</text>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn text_colours_and_reverse_video_come_from_the_cells() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 2));
        buf.set_string(0, 0, "ok <a&b>", Style::new().fg(Color::Green));
        buf.set_string(
            0,
            1,
            "sel",
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        );
        let svg = render(&buf);
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(
            svg.contains(r##"fill="#8fbf5f" xml:space="preserve">ok &lt;a&amp;b&gt;</text>"##),
            "{svg}"
        );
        // Reverse video: the text takes the background colour on a foreground-coloured rectangle.
        assert!(
            svg.contains(&format!(r#"width="25.2" height="18.0" fill="{FG}""#)),
            "{svg}"
        );
        assert!(
            svg.contains(&format!(
                r#"fill="{BG}" font-weight="bold" xml:space="preserve">sel</text>"#
            )),
            "{svg}"
        );
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn wide_characters_keep_the_columns_after_them() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "注文ab", Style::new());
        let svg = render(&buf);
        // 注 at column 0, 文 at column 2, "ab" at column 4.
        assert!(svg.contains(r#"x="0.0" y="13.5" fill="#), "{svg}");
        assert!(svg.contains(r#"x="16.8" y="13.5""#), "{svg}");
        assert!(
            svg.contains(&format!(
                r#"x="{:.1}" y="13.5" fill="{FG}" xml:space="preserve">ab"#,
                4.0 * CW
            )),
            "{svg}"
        );
    }

    #[test]
    fn the_256_palette_maps_cube_and_greys() {
        assert_eq!(indexed(16), "#000000");
        assert_eq!(indexed(231), "#ffffff");
        assert_eq!(indexed(232), "#080808");
        assert_eq!(hex(Color::Rgb(1, 2, 255)).unwrap(), "#0102ff");
    }
}
