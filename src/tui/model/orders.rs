//! The Orders pane's state: a status tab, the loaded window of rows (or a whole-tab search's
//! matches), the selection kept on a key, and the marks — one by one, or "all the tab and filter
//! match" held as a query with exceptions, so that marking all never needs the rows loaded.

use crate::domain::selection::{filter_text, sku_text, OrderSelection};
use crate::domain::{Order, OrderKey, StatusKey};
use crate::store::{OrderSort, OrderSortKey};
use crate::tui::table::columns::ORDERED;
use crate::tui::table::{ColumnSort, Table};

pub use crate::domain::selection::filter_matches as matches;

use super::{Sel, FILTER_CAP};
use crate::tui::msg::{OrdersList, Search};

/// One order as the table shows it; cells formatted once when the page arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    /// The order's key.
    pub key: OrderKey,
    /// Site slug.
    pub site: String,
    /// Order time in the site's zone, with the zone.
    pub time: String,
    /// Item count.
    pub items: u64,
    /// Status (with hold reason).
    pub status: String,
    /// SKU state: `ok`, `2 unmapped`, `…`.
    pub sku: String,
    /// The status tab it is in.
    pub status_key: StatusKey,
    /// The text the filter searches.
    pub hay: String,
}

impl OrderRow {
    /// Formats an order.
    pub fn from_order(o: &Order) -> OrderRow {
        OrderRow {
            key: o.key.clone(),
            site: o.site.slug().to_string(),
            time: o.ordered_at_display(),
            items: o.item_count(),
            status: state_text(&o.state),
            sku: sku_label(o),
            status_key: o.state.status_key(),
            hay: filter_text(o),
        }
    }
}

/// An order's state in the language in force: `collected`, `held (unmapped SKU) at confirmed`.
pub fn state_text(s: &crate::domain::lifecycle::OrderState) -> String {
    use crate::domain::lifecycle::OrderState;
    use crate::i18n::label;
    match s {
        OrderState::Held { reason, stage } => crate::tr!(
            "state-held",
            reason = label("hold", reason.label()),
            stage = label("status", OrderState::at(*stage).status_key().name())
        ),
        other => label("status", other.status_key().name()),
    }
}

/// An order's SKU state in the language in force: `ok`, `2 unmapped`, `pending`.
fn sku_label(o: &Order) -> String {
    let unmapped = o
        .lines
        .iter()
        .filter(|l| l.sku == crate::domain::LineSku::Unmapped)
        .count();
    match sku_text(o).as_str() {
        "ok" => crate::tr!("sku-ok"),
        "pending" => crate::tr!("sku-pending"),
        _ => crate::tr!("sku-unmapped", n = unmapped),
    }
}

/// A marked order, with what is needed to tell whether the view hides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Its status tab.
    pub status: StatusKey,
    /// Its filter text.
    pub hay: String,
}

/// The Orders pane: a status tab and its table — the loaded window of rows (or a whole-tab
/// search's matches), the selection kept on a key, the sort the store serves, the marks made one by
/// one — plus "mark all" held as a query. It reads as its table (`Deref`).
#[derive(Debug, Clone)]
pub struct OrdersView {
    /// The status tab shown.
    pub tab: StatusKey,
    /// Orders in the tab, as the last page or the status counts said.
    pub total: u64,
    /// The rows: a window of the tab at its position (newest first), or with a filter every
    /// match in the tab up to `FILTER_CAP`; marks one by one (any tab) with their status and text.
    pub table: Table<OrderRow>,
    /// "Mark all": every order of a tab that a filter matches, minus exceptions — a query, so
    /// it holds however many orders the tab has, loaded or not.
    pub all: Option<OrderSelection>,
    /// How many orders `all` held when it was made (`None`: not known without a count).
    pub all_count: Option<u64>,
    /// Where a `v` range started.
    pub range_anchor: Option<usize>,
    /// True once a page arrived for the current tab/filter.
    pub loaded: bool,
    /// With a filter: the filter the loaded rows were searched for, and how.
    pub searched: Option<(String, Search)>,
}

impl Default for OrdersView {
    fn default() -> Self {
        OrdersView {
            tab: StatusKey::Collected,
            total: 0,
            table: Table::presorted(sort_column(OrderSort::default())),
            all: None,
            all_count: None,
            range_anchor: None,
            loaded: false,
            searched: None,
        }
    }
}

impl std::ops::Deref for OrdersView {
    type Target = Table<OrderRow>;
    fn deref(&self) -> &Table<OrderRow> {
        &self.table
    }
}

impl std::ops::DerefMut for OrdersView {
    fn deref_mut(&mut self) -> &mut Table<OrderRow> {
        &mut self.table
    }
}

/// The Orders sort as a header position and direction.
pub fn sort_column(s: OrderSort) -> ColumnSort {
    match s.by {
        OrderSortKey::Time => ColumnSort {
            col: ORDERED,
            descending: !s.reverse,
        },
        OrderSortKey::Shop => ColumnSort {
            col: 3,
            descending: s.reverse,
        },
        OrderSortKey::Site => ColumnSort {
            col: 2,
            descending: s.reverse,
        },
    }
}

/// The store's sort for a header position and direction.
fn order_sort(c: ColumnSort) -> OrderSort {
    match c.col {
        3 => OrderSort {
            by: OrderSortKey::Shop,
            reverse: c.descending,
        },
        2 => OrderSort {
            by: OrderSortKey::Site,
            reverse: c.descending,
        },
        _ => OrderSort {
            by: OrderSortKey::Time,
            reverse: !c.descending,
        },
    }
}

impl OrdersView {
    /// True while a filter is in force.
    pub fn filtering(&self) -> bool {
        !self.table.filter().is_empty()
    }

    /// The sort (what the store's indexes serve: time, shop, site).
    pub fn sort(&self) -> OrderSort {
        self.table.sort().map(order_sort).unwrap_or_default()
    }

    /// A new sort: the rows of the old one are dropped and the list loads again.
    pub fn set_sort(&mut self, sort: ColumnSort) {
        self.table.set_sort(sort, 1);
        self.reset(self.total);
    }

    /// Another tab: its rows load; until then `total` positions show as not loaded.
    pub fn set_tab(&mut self, tab: StatusKey, total: u64) {
        if self.tab != tab {
            self.tab = tab;
            self.reset(total);
            self.range_anchor = None;
        }
    }

    fn reset(&mut self, total: u64) {
        let filtering = self.filtering();
        self.total = total;
        self.table.clear();
        self.table.set_window((!filtering).then_some((0, total)));
        self.loaded = false;
        self.searched = None;
    }

    /// Sets the filter: the loaded rows are filtered at once while the whole tab is searched;
    /// back from a filter, the window of the tab loads again.
    pub fn set_filter(&mut self, text: String, page: usize) {
        let was = self.filtering();
        let now = !text.is_empty();
        if was && !now {
            self.table.clear();
            self.table.set_window(Some((0, self.total)));
            self.loaded = false;
        }
        if !was && now {
            self.searched = None;
            self.table.sel = Sel::default();
            self.table.set_window(None);
        }
        self.table.set_filter(text, page);
    }

    /// Takes a page of the unfiltered list at `offset` of `total`, or (`None`) a search's matches.
    pub fn take_rows(&mut self, rows: Vec<OrderRow>, window: Option<(u64, u64)>, page: usize) {
        self.loaded = true;
        if let Some((_, total)) = window {
            self.total = total;
        }
        self.table.set_rows(rows, window, page);
    }

    /// True when the row is marked (one by one, or held by "mark all").
    pub fn is_marked(&self, r: &OrderRow) -> bool {
        self.table.marks.contains_key(&r.key)
            || self
                .all
                .as_ref()
                .is_some_and(|a| a.holds(&r.key, r.status_key, &r.hay))
    }

    /// True when anything is marked.
    pub fn any_marked(&self) -> bool {
        !self.table.marks.is_empty() || self.all.is_some()
    }

    /// How many orders are marked, when known: "mark all" counts what it held when made, less
    /// its exceptions, plus the orders marked one by one outside it.
    pub fn marked_count(&self) -> Option<u64> {
        let singles = self
            .marks
            .iter()
            .filter(|(k, mk)| !self.all.as_ref().is_some_and(|a| a.holds(k, mk.status, &mk.hay)))
            .count() as u64;
        match &self.all {
            None => Some(singles),
            Some(a) => self
                .all_count
                .map(|n| n.saturating_sub(a.except.len() as u64) + singles),
        }
    }

    /// Unmarks everything.
    pub fn clear_marks(&mut self) {
        self.table.marks.clear();
        self.all = None;
        self.all_count = None;
        self.range_anchor = None;
    }

    /// Marks (`Some(true)`), unmarks (`Some(false)`) or toggles (`None`) the row at a list
    /// position, when it is loaded. Under "mark all" a row it holds is unmarked by becoming an
    /// exception.
    pub fn mark_at(&mut self, pos: usize, on: Option<bool>) {
        let Some(r) = self.row_at(pos) else { return };
        let key = r.key.clone();
        let in_all = self
            .all
            .as_ref()
            .is_some_and(|a| a.status == r.status_key && matches(&r.hay, &a.filter));
        let info = Marked {
            status: r.status_key,
            hay: r.hay.clone(),
        };
        let want = on.unwrap_or(!self.is_marked(r));
        match (in_all, &mut self.all) {
            (true, Some(a)) => {
                if want {
                    a.except.remove(&key);
                } else {
                    a.except.insert(key.clone());
                }
                self.table.marks.remove(&key);
            }
            _ if want => {
                self.table.marks.insert(key, info);
            }
            _ => {
                self.table.marks.remove(&key);
            }
        }
    }

    /// "Mark all": every order of the tab that the filter matches, however many.
    pub fn mark_all(&mut self) {
        self.all_count = if !self.filtering() {
            Some(self.total)
        } else if self.searched.as_ref().is_some_and(|(_, s)| !s.capped) && self.search_covers() {
            Some(self.table.loaded_range().1)
        } else {
            None
        };
        self.all = Some(OrderSelection::new(self.tab, self.filter().to_string()));
    }

    /// True when the view (tab and filter) hides a marked order.
    pub fn hides(&self, m: &Marked) -> bool {
        m.status != self.tab || !matches(&m.hay, self.filter())
    }

    /// The list shown: tab, sort and filter.
    pub fn list(&self) -> OrdersList {
        OrdersList {
            status: self.tab,
            sort: self.sort(),
            filter: self.filter().to_string(),
        }
    }

    /// True when the loaded rows hold every match of the filter: searched for this filter, or for
    /// a part of it without reaching the cap (whatever matches more also matches the part).
    pub fn search_covers(&self) -> bool {
        match &self.searched {
            Some((f, s)) => f == self.filter() || (!s.capped && self.filter().contains(f.as_str())),
            None => false,
        }
    }

    /// The page the view needs loaded now, if the loaded rows do not cover it.
    pub fn wanted(&self, page: usize) -> Option<(u64, u64)> {
        let page = page.max(1) as u64;
        if self.filtering() {
            return (!self.search_covers()).then_some((0, FILTER_CAP));
        }
        let lo = self.sel.scroll as u64;
        let hi = (lo + page).min(self.total);
        let (have_lo, n) = self.loaded_range();
        let have_hi = have_lo + n;
        if !self.loaded || (hi > lo && (lo < have_lo || hi > have_hi)) {
            Some((lo.saturating_sub(page), page * 3))
        } else {
            None
        }
    }
}
