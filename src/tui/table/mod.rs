//! One table type for every pane: the rows, the visible slice (filtered and sorted once, when the
//! rows, the filter or the sort change — never while drawing), the selection kept on a row's key,
//! and the marks. Each pane defines its columns once (`columns`): header, cell, sort key, width.
//! A table whose rows are a window of a longer list (Orders pages from the store) says where the
//! window starts and how long the list is; positions are then positions in the whole list.

use std::borrow::Cow;
use std::collections::BTreeMap;

use ratatui::layout::Constraint;
use ratatui::text::Span;

use super::model::Sel;
use super::theme::Theme;
use crate::domain::mapping::Suggestion;

pub mod columns;
#[cfg(test)]
mod tests;

/// A cell's value for sorting: numbers compare as numbers, text as text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortVal {
    /// A number (times as milliseconds, counts).
    Num(i64),
    /// Text.
    Text(String),
}

/// What a cell may read besides its row: the theme, the clock, and the pane's side data.
pub struct Ctx<'a> {
    /// Colours and modifiers.
    pub theme: &'a Theme,
    /// Now.
    pub now: jiff::Timestamp,
    /// How often shops are pulled (`None`: each shop's interval).
    pub pull_every: Option<std::time::Duration>,
    /// Suggestions by mismatch id.
    pub suggestions: &'a BTreeMap<String, Vec<Suggestion>>,
    /// True when the row being drawn is marked.
    pub marked: bool,
}

/// One column of a pane: defined once, read by the view (header, width, cell) and by the table
/// (sort key).
pub struct Column<R> {
    /// The header's message id (`col-…`, translated when drawn; "" for none).
    pub header: &'static str,
    /// Its width.
    pub width: Constraint,
    /// The cell of a row.
    pub cell: CellFn<R>,
    /// The sort key, when the column sorts.
    pub sort: Option<fn(&R) -> SortVal>,
    /// True when `s` sorts it largest / latest first.
    pub descending_first: bool,
    /// The widest its cells can be in the current language, for a fixed-width column whose
    /// cells are translated words (it is widened to fit them).
    pub fits: Option<fn() -> u16>,
}

/// A cell: the row's text (and style) in one column.
pub type CellFn<R> = for<'r> fn(&'r R, &Ctx<'_>) -> Span<'r>;

impl<R> Column<R> {
    /// A column that does not sort.
    pub const fn new(header: &'static str, width: Constraint, cell: CellFn<R>) -> Column<R> {
        Column {
            header,
            width,
            cell,
            sort: None,
            descending_first: false,
            fits: None,
        }
    }

    /// The column is at least as wide as `widest` says its cells are.
    pub const fn fits(mut self, widest: fn() -> u16) -> Column<R> {
        self.fits = Some(widest);
        self
    }

    /// The column sorts by `key`, smallest / A first.
    pub const fn asc(mut self, key: fn(&R) -> SortVal) -> Column<R> {
        self.sort = Some(key);
        self
    }

    /// The column sorts by `key`, largest / latest first.
    pub const fn desc(mut self, key: fn(&R) -> SortVal) -> Column<R> {
        self.sort = Some(key);
        self.descending_first = true;
        self
    }
}

/// A row of a table.
pub trait Row: Sized + PartialEq + 'static {
    /// A stable key: the selection and the marks hold it across reloads.
    type Key: Ord + Clone + std::fmt::Debug;
    /// What a mark keeps of its row (so it is known while the row is not loaded).
    type Mark: Clone + std::fmt::Debug;
    /// The row's key.
    fn key(&self) -> Self::Key;
    /// The text the filter searches.
    fn hay(&self) -> Cow<'_, str>;
    /// True when the row has this key (without making a key).
    fn has_key(&self, key: &Self::Key) -> bool {
        self.key() == *key
    }
    /// What a mark keeps.
    fn mark(&self) -> Self::Mark;
    /// The columns.
    fn columns() -> &'static [Column<Self>];
    /// The header positions `s` moves through, in order (default: every sortable column).
    fn sort_cycle() -> Vec<usize> {
        Self::columns()
            .iter()
            .enumerate()
            .filter(|(_, c)| c.sort.is_some())
            .map(|(i, _)| i)
            .collect()
    }
}

/// A table's sort: a column (header position) and the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSort {
    /// The header position.
    pub col: usize,
    /// Largest / latest / Z first.
    pub descending: bool,
}

/// Rows, the visible slice, selection, sort, filter and marks of one pane.
#[derive(Debug, Clone)]
pub struct Table<R: Row> {
    rows: Vec<R>,
    visible: Vec<usize>,
    filter: String,
    sort: Option<ColumnSort>,
    /// False when the rows come sorted (by the store) and the sort only labels the header.
    sorts_rows: bool,
    /// Where the rows start in the whole list, and its length, when they are a window of it.
    window: Option<(u64, u64)>,
    /// Cursor and scroll, in list positions.
    pub sel: Sel,
    selected: Option<R::Key>,
    /// Marked rows by key, with what each mark keeps.
    pub marks: BTreeMap<R::Key, R::Mark>,
}

impl<R: Row> Default for Table<R> {
    fn default() -> Self {
        Table {
            rows: Vec::new(),
            visible: Vec::new(),
            filter: String::new(),
            sort: None,
            sorts_rows: true,
            window: None,
            sel: Sel::default(),
            selected: None,
            marks: BTreeMap::new(),
        }
    }
}

impl<R: Row> Table<R> {
    /// A table whose rows arrive sorted (by the store), shown with `sort` on its header.
    pub fn presorted(sort: ColumnSort) -> Self {
        Table {
            sort: Some(sort),
            sorts_rows: false,
            ..Table::default()
        }
    }

    /// Every row loaded, in load order.
    pub fn rows(&self) -> &[R] {
        &self.rows
    }

    /// The filter text ("" = none).
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// The sort shown on the header.
    pub fn sort(&self) -> Option<ColumnSort> {
        self.sort
    }

    /// The selected row's key, kept across reloads.
    pub fn selected_key(&self) -> Option<&R::Key> {
        self.selected.as_ref()
    }

    /// Positions in the list: the whole list's length for a window, else the visible rows.
    pub fn len(&self) -> usize {
        match self.window {
            Some((_, total)) => total as usize,
            None => self.visible.len(),
        }
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The loaded part of the list: its first position and how many rows.
    pub fn loaded_range(&self) -> (u64, u64) {
        let start = self.window.map_or(0, |(s, _)| s);
        (start, self.visible.len() as u64)
    }

    /// The row at a list position, when loaded.
    pub fn row_at(&self, pos: usize) -> Option<&R> {
        let i = (pos as u64).checked_sub(self.loaded_range().0)?;
        self.visible.get(i as usize).map(|i| &self.rows[*i])
    }

    /// The selected row, when loaded.
    pub fn selected(&self) -> Option<&R> {
        self.row_at(self.sel.cursor)
    }

    /// The position of a key in the list, when loaded.
    pub fn position_of(&self, key: &R::Key) -> Option<usize> {
        let start = self.loaded_range().0 as usize;
        self.visible
            .iter()
            .position(|i| self.rows[*i].has_key(key))
            .map(|p| start + p)
    }

    /// The rows on a `page`-row screen, from the scroll position: each with its list position,
    /// `None` where not loaded.
    pub fn on_screen(&self, page: usize) -> impl Iterator<Item = (usize, Option<&R>)> + '_ {
        let end = (self.sel.scroll + page).min(self.len());
        (self.sel.scroll.min(end)..end).map(|p| (p, self.row_at(p)))
    }

    /// The visible rows, in order.
    pub fn visible(&self) -> impl Iterator<Item = &R> + '_ {
        self.visible.iter().map(|i| &self.rows[*i])
    }

    /// Replaces the rows (all of them, or a window at `window = (start, total)`), keeping the
    /// selection on its key where the key is still there.
    pub fn set_rows(&mut self, rows: Vec<R>, window: Option<(u64, u64)>, page: usize) {
        if window == self.window && rows == self.rows {
            // A refresh that changed nothing: the slice stands.
            return;
        }
        self.rows = rows;
        self.window = window;
        self.recompute(page, true);
    }

    /// Sets where the rows start in the whole list and its length (`None`: the rows are all).
    pub fn set_window(&mut self, window: Option<(u64, u64)>) {
        self.window = window;
    }

    /// Changes rows in place (a pushed result, a shop's pull), then recomputes the slice.
    pub fn edit(&mut self, page: usize, f: impl FnOnce(&mut Vec<R>)) {
        f(&mut self.rows);
        self.recompute(page, true);
    }

    /// Drops the rows and the selection (a new list is coming).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.visible.clear();
        self.window = None;
        self.sel = Sel::default();
        self.selected = None;
    }

    /// Sets the filter and recomputes the slice.
    pub fn set_filter(&mut self, text: String, page: usize) {
        self.filter = text;
        self.recompute(page, false);
    }

    /// Sets the sort and recomputes the slice (the selection stays on its row).
    pub fn set_sort(&mut self, sort: ColumnSort, page: usize) {
        self.sort = Some(sort);
        self.recompute(page, false);
    }

    /// The sort `s` (next column) or `S` (reverse) moves to.
    pub fn next_sort(&self, reverse: bool) -> ColumnSort {
        let cols = R::sort_cycle();
        let first = cols.first().copied().unwrap_or(0);
        match (self.sort, reverse) {
            (Some(s), true) => ColumnSort {
                descending: !s.descending,
                ..s
            },
            (None, true) => ColumnSort {
                col: first,
                descending: true,
            },
            (cur, false) => {
                let i = cur
                    .and_then(|s| cols.iter().position(|c| *c == s.col))
                    .map_or(0, |i| (i + 1) % cols.len().max(1));
                let col = cols.get(i).copied().unwrap_or(first);
                ColumnSort {
                    col,
                    descending: R::columns().get(col).is_some_and(|c| c.descending_first),
                }
            }
        }
    }

    /// The headers, with ▲/▼ on the sorted column.
    pub fn headers(&self) -> Vec<String> {
        R::columns()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let header = if c.header.is_empty() {
                    String::new()
                } else {
                    crate::tr!(c.header)
                };
                match self.sort {
                    Some(s) if s.col == i => format!("{header} {}", if s.descending { "▼" } else { "▲" }),
                    _ => header,
                }
            })
            .collect()
    }

    /// Moves the cursor by `delta` on a `page`-row screen; the selection follows the row there.
    pub fn step(&mut self, delta: i64, page: usize) {
        let len = self.len();
        self.sel.step(delta, len, page);
        self.selected = self.selected().map(Row::key);
    }

    /// Keeps the cursor inside the list and on a `page`-row screen.
    pub fn follow(&mut self, page: usize) {
        let len = self.len();
        self.sel.follow(len, page);
    }

    /// True when the row is marked one by one.
    pub fn is_marked(&self, r: &R) -> bool {
        self.marks.contains_key(&r.key())
    }

    /// Marks a row with what its mark keeps (`Some`), or unmarks it (`None`).
    pub fn set_mark(&mut self, r_key: R::Key, mark: Option<R::Mark>) {
        match mark {
            Some(m) => {
                self.marks.insert(r_key, m);
            }
            None => {
                self.marks.remove(&r_key);
            }
        }
    }

    /// Toggles the selected row's mark.
    pub fn toggle_selected(&mut self) {
        if let Some((k, mk)) = self.selected().map(|r| (r.key(), r.mark())) {
            let on = !self.marks.contains_key(&k);
            self.set_mark(k, on.then_some(mk));
        }
    }

    /// Marks every visible row.
    pub fn mark_visible(&mut self) {
        for i in &self.visible {
            let r = &self.rows[*i];
            self.marks.insert(r.key(), r.mark());
        }
    }

    /// Filters and sorts once; then puts the cursor back on the selected key if it is loaded
    /// (with `keep_line`, on the screen line it was on).
    fn recompute(&mut self, page: usize, keep_line: bool) {
        let needle = crate::store::search::Needle::new(&self.filter);
        let mut buf = String::new();
        let all = self.filter.is_empty();
        let mut vis: Vec<usize> = (0..self.rows.len())
            .filter(|i| all || needle.is_in(&self.rows[*i].hay(), &mut buf))
            .collect();
        if let (true, Some(s)) = (self.sorts_rows, self.sort) {
            if let Some(key) = R::columns().get(s.col).and_then(|c| c.sort) {
                let mut keyed: Vec<(SortVal, usize)> =
                    vis.iter().map(|i| (key(&self.rows[*i]), *i)).collect();
                // Stable: ties keep their load order.
                keyed.sort_by(|a, b| {
                    let o = a.0.cmp(&b.0);
                    if s.descending {
                        o.reverse()
                    } else {
                        o
                    }
                });
                vis = keyed.into_iter().map(|(_, i)| i).collect();
            }
        }
        self.visible = vis;
        if let Some(pos) = self.selected.as_ref().and_then(|k| self.position_of(k)) {
            let delta = pos as i64 - self.sel.cursor as i64;
            self.sel.cursor = pos;
            if keep_line {
                self.sel.scroll = (self.sel.scroll as i64 + delta).max(0) as usize;
            }
        }
        self.follow(page);
        if let Some(k) = self.selected().map(Row::key) {
            self.selected = Some(k);
        }
    }
}

/// What every pane's table does, whatever its rows: so a key is handled once for all panes.
pub trait PaneTable {
    /// Moves the cursor by `delta` on a `page`-row screen.
    fn step(&mut self, delta: i64, page: usize);
    /// Keeps the cursor inside the list and on a `page`-row screen.
    fn follow(&mut self, page: usize);
    /// The filter text.
    fn filter(&self) -> &str;
    /// Sets the filter.
    fn set_filter(&mut self, text: String, page: usize);
    /// The sort `s` / `S` moves to.
    fn next_sort(&self, reverse: bool) -> ColumnSort;
    /// Sets the sort.
    fn set_sort(&mut self, sort: ColumnSort, page: usize);
    /// Positions in the list.
    fn len(&self) -> usize;
    /// True when the list is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Toggles the selected row's mark.
    fn toggle_selected(&mut self);
    /// Marks every visible row.
    fn mark_visible(&mut self);
    /// True when any row is marked.
    fn any_marked(&self) -> bool;
    /// Unmarks every row.
    fn clear_marks(&mut self);
}

impl<R: Row> PaneTable for Table<R> {
    fn step(&mut self, delta: i64, page: usize) {
        Table::step(self, delta, page)
    }
    fn follow(&mut self, page: usize) {
        Table::follow(self, page)
    }
    fn filter(&self) -> &str {
        Table::filter(self)
    }
    fn set_filter(&mut self, text: String, page: usize) {
        Table::set_filter(self, text, page)
    }
    fn next_sort(&self, reverse: bool) -> ColumnSort {
        Table::next_sort(self, reverse)
    }
    fn set_sort(&mut self, sort: ColumnSort, page: usize) {
        Table::set_sort(self, sort, page)
    }
    fn len(&self) -> usize {
        Table::len(self)
    }
    fn toggle_selected(&mut self) {
        Table::toggle_selected(self)
    }
    fn mark_visible(&mut self) {
        Table::mark_visible(self)
    }
    fn any_marked(&self) -> bool {
        !self.marks.is_empty()
    }
    fn clear_marks(&mut self) {
        self.marks.clear()
    }
}
