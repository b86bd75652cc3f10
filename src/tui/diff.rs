//! The cells that changed between two frames: ratatui's `Buffer::diff`, with the width of a
//! one-byte symbol known without a Unicode table look-up. ratatui measures every cell's symbol
//! three times per frame; on a 120×40 screen of ASCII that was ~0.1 ms of a ~0.4 ms frame.

use ratatui::buffer::{Buffer, Cell};

use crate::domain::text::is_printable_ascii;

/// Columns a cell's symbol takes: a printable ASCII byte one, anything else measured as ratatui
/// measures it (`i18n::width` is the same `unicode-width`).
fn width(cell: &Cell) -> usize {
    let s = cell.symbol();
    match s.as_bytes() {
        [b] if is_printable_ascii(*b) => 1,
        _ => crate::i18n::width(s),
    }
}

/// `a == b`, with one-byte symbols compared as bytes (the derived `==` calls `memcmp`).
fn same(a: &Cell, b: &Cell) -> bool {
    let (x, y) = (a.symbol().as_bytes(), b.symbol().as_bytes());
    let symbol = match (x, y) {
        ([x], [y]) => x == y,
        _ => x == y,
    };
    symbol
        && a.fg == b.fg
        && a.bg == b.bg
        && a.underline_color == b.underline_color
        && a.modifier == b.modifier
        && a.skip == b.skip
}

/// The updates that turn the screen showing `prev` into `next`, exactly as `Buffer::diff` gives
/// them: changed cells, cells uncovered by a wide character that changed, and never a cell that
/// is hidden behind a wide character or marked to be skipped. Both buffers have the same area.
pub fn changes<'a>(prev: &Buffer, next: &'a Buffer) -> Vec<(u16, u16, &'a Cell)> {
    let mut updates = Vec::new();
    let mut invalidated = 0usize;
    let mut to_skip = 0usize;
    for (i, (cur, old)) in next.content.iter().zip(prev.content.iter()).enumerate() {
        let same = same(cur, old);
        if !cur.skip && (!same || invalidated > 0) && to_skip == 0 {
            let (x, y) = next.pos_of(i);
            updates.push((x, y, cur));
        }
        let cw = width(cur);
        to_skip = cw.saturating_sub(1);
        let affected = if same { cw } else { cw.max(width(old)) };
        invalidated = affected.max(invalidated).saturating_sub(1);
    }
    updates
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    /// A cell's content: ASCII, a control character, wide (Hangul, CJK), an emoji, empty.
    fn symbol() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            " ", "a", "Z", "~", "\u{1b}", "\u{7f}", "한", "語", "é", "👍", "", "·",
        ])
    }

    fn buffer(w: u16, h: u16) -> impl Strategy<Value = Buffer> {
        let n = usize::from(w) * usize::from(h);
        prop::collection::vec((symbol(), any::<bool>(), 0u8..4), n).prop_map(move |cells| {
            let mut b = Buffer::empty(Rect::new(0, 0, w, h));
            for (c, (sym, skip, fg)) in b.content.iter_mut().zip(cells) {
                c.set_symbol(sym)
                    .set_style(Style::default().fg(Color::Indexed(fg)));
                c.skip = skip && fg == 0;
            }
            b
        })
    }

    proptest! {
        /// Ours and ratatui's agree on every pair of frames, wide characters and skips included.
        #[test]
        fn the_same_updates_as_ratatui(a in buffer(9, 3), b in buffer(9, 3)) {
            let ours: Vec<_> = changes(&a, &b).into_iter().map(|(x, y, c)| (x, y, c.clone())).collect();
            let theirs: Vec<_> = a.diff(&b).into_iter().map(|(x, y, c)| (x, y, c.clone())).collect();
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn an_unchanged_frame_gives_nothing_and_one_changed_cell_gives_it() {
        let a = Buffer::with_lines(["hello 한국", "world"]);
        assert!(changes(&a, &a.clone()).is_empty());
        let mut b = a.clone();
        b[(1, 1)].set_symbol("O");
        let got: Vec<_> = changes(&a, &b)
            .into_iter()
            .map(|(x, y, c)| (x, y, c.symbol().to_string()))
            .collect();
        assert_eq!(got, vec![(1, 1, "O".to_string())]);
    }
}
