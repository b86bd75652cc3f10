//! The panes' tables drawn straight into the frame: the same screen as ratatui's `Table` with a
//! block, a header, columns one apart and the selected row highlighted, but a cell of printable
//! ASCII is written a byte per cell. ratatui's table renders each cell as a `Text` of a `Line` of
//! a `Span` (grapheme segmentation, a width look-up and three style passes per character); that
//! was half of a frame. Any other text is still drawn by ratatui's `Span`, so wide characters,
//! combining marks and truncation are ratatui's own.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Widget};

use crate::domain::text::is_printable_ascii;

/// A table's frame: its block, header, column widths and the selected row's style.
pub struct Grid<'a> {
    /// The border and title around it.
    pub block: Block<'a>,
    /// The header cells and their style.
    pub header: (Vec<String>, Style),
    /// Column widths (as ratatui's `Table` lays them out: from the left, one column apart).
    pub widths: Vec<Constraint>,
    /// Patched over the selected row.
    pub highlight: Style,
}

/// One row: its style and its cells, left to right.
pub type GridRow<'r> = (Style, Vec<Span<'r>>);

impl Grid<'_> {
    /// Draws the grid in `area` with `rows` (those on screen, top first); the row at `selected`
    /// (an index into `rows`, the last row if past it) is highlighted and kept on screen.
    pub fn render(self, area: Rect, buf: &mut Buffer, rows: Vec<GridRow<'_>>, selected: Option<usize>) {
        let inner = self.block.inner(area);
        self.block.render(area, buf);
        let inner = inner.intersection(buf.area);
        if inner.is_empty() {
            return;
        }
        let cols = Layout::horizontal(self.widths)
            .flex(Flex::Start)
            .spacing(1)
            .split(Rect::new(0, 0, inner.width, 1));
        let (header, header_style) = self.header;
        let header_row = header.iter().map(|h| Span::raw(h.as_str()));
        draw_row(buf, Rect { height: 1, ..inner }, &cols, header_style, header_row);
        let height = usize::from(inner.height - 1);
        // As ratatui's table: a selection past the rows is the last row; one below the area
        // scrolls it to be the last row shown.
        let selected = selected.map(|s| s.min(rows.len().saturating_sub(1)));
        let skip = match selected {
            Some(s) if s >= height => s + 1 - height,
            _ => 0,
        };
        for (i, (style, cells)) in rows.into_iter().enumerate().skip(skip).take(height) {
            let y = inner.y + 1 + (i - skip) as u16;
            let line = Rect::new(inner.x, y, inner.width, 1);
            draw_row(buf, line, &cols, style, cells.into_iter());
            if selected == Some(i) {
                buf.set_style(line, self.highlight);
            }
        }
    }
}

/// One row: its style over the whole line, then each cell in its column.
fn draw_row<'s>(
    buf: &mut Buffer,
    line: Rect,
    cols: &[Rect],
    style: Style,
    cells: impl Iterator<Item = Span<'s>>,
) {
    if style != Style::default() {
        buf.set_style(line, style);
    }
    for (col, span) in cols.iter().zip(cells) {
        let area = Rect::new(line.x + col.x, line.y, col.width, 1).intersection(line);
        cell(buf, area, &span);
    }
}

/// One cell: printable ASCII a byte per cell (cut at the column's width), anything else by
/// ratatui's `Span` (which measures graphemes).
fn cell(buf: &mut Buffer, area: Rect, span: &Span<'_>) {
    let text = span.content.as_bytes();
    if text.iter().all(|b| is_printable_ascii(*b)) {
        for (i, b) in text.iter().take(usize::from(area.width)).enumerate() {
            buf[(area.x + i as u16, area.y)]
                .set_char(char::from(*b))
                .set_style(span.style);
        }
    } else if span.width() > 0 {
        Widget::render(span, area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::widgets::{Borders, Row, StatefulWidget, Table, TableState};

    /// Cell texts: ASCII (short and longer than a column), wide, combining, zero-width, control.
    fn text() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "",
            " ",
            "B000123",
            "a rather long cell text",
            "한국어 상품",
            "e\u{301}",
            "\u{200b}",
            "ab\u{1b}[31m",
            "…",
            "x",
        ])
    }

    fn style() -> impl Strategy<Value = Style> {
        prop::sample::select(vec![
            Style::default(),
            Style::default().fg(Color::Red),
            Style::default().add_modifier(Modifier::BOLD),
        ])
    }

    /// Draws with ratatui's `Table` and with the grid, on the same buffer size.
    fn both(
        rows: &[(Style, Vec<(&'static str, Style)>)],
        widths: &[Constraint],
        selected: Option<usize>,
        size: (u16, u16),
    ) -> (Buffer, Buffer) {
        let area = Rect::new(0, 0, size.0, size.1);
        let block = || Block::default().borders(Borders::ALL).title(" t ");
        let header = vec!["no".to_string(), "상태 ▲".to_string(), "site".to_string()];
        let hs = Style::default().add_modifier(Modifier::UNDERLINED);
        let hl = Style::default().add_modifier(Modifier::REVERSED);
        let mut theirs = Buffer::empty(area);
        let table = Table::new(
            rows.iter()
                .map(|(s, cells)| Row::new(cells.iter().map(|(t, st)| Span::styled(*t, *st))).style(*s)),
            widths.to_vec(),
        )
        .header(Row::new(header.clone()).style(hs))
        .block(block())
        .column_spacing(1)
        .row_highlight_style(hl);
        StatefulWidget::render(
            table,
            area,
            &mut theirs,
            &mut TableState::default().with_selected(selected),
        );
        let mut ours = Buffer::empty(area);
        let grid = Grid {
            block: block(),
            header: (header, hs),
            widths: widths.to_vec(),
            highlight: hl,
        };
        let spans = rows
            .iter()
            .map(|(s, cells)| (*s, cells.iter().map(|(t, st)| Span::styled(*t, *st)).collect()))
            .collect();
        grid.render(area, &mut ours, spans, selected);
        (ours, theirs)
    }

    proptest! {
        /// The grid draws exactly what ratatui's table draws: texts of every kind, cut at their
        /// column, row styles, the highlight, a selection below the area.
        #[test]
        fn the_same_screen_as_ratatuis_table(
            rows in prop::collection::vec(
                (style(), prop::collection::vec((text(), style()), 0..4)), 0..12),
            w in prop::collection::vec(0u16..12, 3),
            selected in prop::option::of(0usize..14),
            width in 4u16..40,
            height in 2u16..10,
        ) {
            let widths = [Constraint::Length(w[0]), Constraint::Min(w[1]), Constraint::Length(w[2])];
            let (ours, theirs) = both(&rows, &widths, selected, (width, height));
            prop_assert_eq!(ours, theirs);
        }
    }

    /// Found by the property above: a selection past the rows highlights the last row.
    #[test]
    fn a_selection_past_the_rows_highlights_the_last_one() {
        let rows = vec![
            (Style::default(), vec![]),
            (Style::default(), vec![("x", Style::default())]),
        ];
        let widths = [Constraint::Length(0); 3];
        let (ours, theirs) = both(&rows, &widths, Some(5), (6, 5));
        assert_eq!(ours, theirs);
        assert!(ours[(1, 3)].modifier.contains(Modifier::REVERSED));
        assert!(!ours[(1, 2)].modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn a_long_ascii_cell_is_cut_at_its_column() {
        let rows = vec![(Style::default(), vec![("B0123456789", Style::default())])];
        let widths = [
            Constraint::Length(4),
            Constraint::Length(3),
            Constraint::Length(3),
        ];
        let (ours, theirs) = both(&rows, &widths, Some(0), (20, 4));
        assert_eq!(ours, theirs);
        let line: String = (1..5).map(|x| ours[(x, 2)].symbol().to_string()).collect();
        assert_eq!(line, "B012");
        assert_eq!(ours[(5, 2)].symbol(), " ");
    }
}
