//! The Orders pane's state: a status tab, the loaded window of rows (or a whole-tab search's
//! matches), the selection kept on a key, and the marks — one by one, or "all the tab and filter
//! match" held as a query with exceptions, so that marking all never needs the rows loaded.

use std::collections::BTreeMap;

use crate::domain::selection::{filter_text, sku_text, OrderSelection};
use crate::domain::{Order, OrderKey, StatusKey};
use crate::store::OrderSort;

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

/// The Orders pane: a status tab, the loaded window of rows, the selection kept on a key.
#[derive(Debug, Clone)]
pub struct OrdersView {
    /// The status tab shown.
    pub tab: StatusKey,
    /// Orders in the tab.
    pub total: u64,
    /// Position of `rows[0]` in the tab (newest first).
    pub win_start: u64,
    /// The loaded rows (the window; with a filter, every match in the tab up to `FILTER_CAP`).
    pub rows: Vec<OrderRow>,
    /// Indices into `rows` that pass the filter (filter active only).
    pub filtered: Vec<usize>,
    /// The filter text ("" = none).
    pub filter: String,
    /// Cursor and scroll, in list positions.
    pub sel: Sel,
    /// The selected order's key, kept across refreshes.
    pub selected_key: Option<OrderKey>,
    /// Orders marked one by one (any tab).
    pub marks: BTreeMap<OrderKey, Marked>,
    /// "Mark all": every order of a tab that a filter matches, minus exceptions — a query, so
    /// it holds however many orders the tab has, loaded or not.
    pub all: Option<OrderSelection>,
    /// How many orders `all` held when it was made (`None`: not known without a count).
    pub all_count: Option<u64>,
    /// Where a `v` range started.
    pub range_anchor: Option<usize>,
    /// True once a page arrived for the current tab/filter.
    pub loaded: bool,
    /// The sort (what the store's indexes serve: time, shop, site).
    pub sort: OrderSort,
    /// With a filter: the filter the loaded rows were searched for, and how.
    pub searched: Option<(String, Search)>,
}

impl Default for OrdersView {
    fn default() -> Self {
        OrdersView {
            tab: StatusKey::Collected,
            total: 0,
            win_start: 0,
            rows: Vec::new(),
            filtered: Vec::new(),
            filter: String::new(),
            sel: Sel::default(),
            selected_key: None,
            marks: BTreeMap::new(),
            all: None,
            all_count: None,
            range_anchor: None,
            loaded: false,
            sort: OrderSort::default(),
            searched: None,
        }
    }
}

impl OrdersView {
    /// True while a filter is in force.
    pub fn filtering(&self) -> bool {
        !self.filter.is_empty()
    }

    /// Positions in the list.
    pub fn len(&self) -> usize {
        if self.filtering() {
            self.filtered.len()
        } else {
            self.total as usize
        }
    }

    /// True when the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row at a list position, when loaded.
    pub fn row_at(&self, pos: usize) -> Option<&OrderRow> {
        if self.filtering() {
            self.filtered.get(pos).and_then(|i| self.rows.get(*i))
        } else {
            let i = (pos as u64).checked_sub(self.win_start)?;
            self.rows.get(i as usize)
        }
    }

    /// The position of a key in the list, when loaded.
    pub fn position_of(&self, key: &OrderKey) -> Option<usize> {
        if self.filtering() {
            self.filtered.iter().position(|i| &self.rows[*i].key == key)
        } else {
            self.rows
                .iter()
                .position(|r| &r.key == key)
                .map(|i| self.win_start as usize + i)
        }
    }

    /// Recomputes the filtered indices.
    pub fn refilter(&mut self) {
        self.filtered = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches(&r.hay, &self.filter))
            .map(|(i, _)| i)
            .collect();
    }

    /// True when the row is marked (one by one, or held by "mark all").
    pub fn is_marked(&self, r: &OrderRow) -> bool {
        self.marks.contains_key(&r.key)
            || self
                .all
                .as_ref()
                .is_some_and(|a| a.holds(&r.key, r.status_key, &r.hay))
    }

    /// True when anything is marked.
    pub fn any_marked(&self) -> bool {
        !self.marks.is_empty() || self.all.is_some()
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
        self.marks.clear();
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
                self.marks.remove(&key);
            }
            _ if want => {
                self.marks.insert(key, info);
            }
            _ => {
                self.marks.remove(&key);
            }
        }
    }

    /// "Mark all": every order of the tab that the filter matches, however many.
    pub fn mark_all(&mut self) {
        self.all_count = if !self.filtering() {
            Some(self.total)
        } else if self.searched.as_ref().is_some_and(|(_, s)| !s.capped) && self.search_covers() {
            Some(self.filtered.len() as u64)
        } else {
            None
        };
        self.all = Some(OrderSelection::new(self.tab, self.filter.clone()));
    }

    /// True when the view (tab and filter) hides a marked order.
    pub fn hides(&self, m: &Marked) -> bool {
        m.status != self.tab || !matches(&m.hay, &self.filter)
    }

    /// The list shown: tab, sort and filter.
    pub fn list(&self) -> OrdersList {
        OrdersList {
            status: self.tab,
            sort: self.sort,
            filter: self.filter.clone(),
        }
    }

    /// True when the loaded rows hold every match of the filter: searched for this filter, or for
    /// a part of it without reaching the cap (whatever matches more also matches the part).
    pub fn search_covers(&self) -> bool {
        match &self.searched {
            Some((f, s)) => *f == self.filter || (!s.capped && self.filter.contains(f.as_str())),
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
        let have_lo = self.win_start;
        let have_hi = self.win_start + self.rows.len() as u64;
        if !self.loaded || (hi > lo && (lo < have_lo || hi > have_hi)) {
            Some((lo.saturating_sub(page), page * 3))
        } else {
            None
        }
    }
}
