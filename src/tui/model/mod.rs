//! The dashboard's state: pure data, no I/O. `update` changes it, `view` draws it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crate::domain::mapping::Suggestion;
use crate::domain::shop::ShopView;
use crate::domain::{OrderKey, Push, Site};
use crate::engine::{EngineStatus, ItemResult};
use crate::store::MismatchRow;
use crate::tui::table::columns::ShopRow;
use crate::tui::table::{PaneTable, Table};

use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::shop_form::ShopForm;

mod orders;

pub use orders::{matches, Marked, OrderRow, OrdersView};

/// The smallest terminal the layout works in.
pub const MIN_SIZE: (u16, u16) = (60, 15);
/// With a filter, the newest this many orders of the tab are searched.
pub const FILTER_CAP: u64 = 5_000;
/// How long a toast stays.
pub const TOAST_SECS: i64 = 8;

/// The four panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pane {
    /// Shops and their health.
    Shops,
    /// Orders by status.
    Orders,
    /// Unmapped order lines.
    Mismatches,
    /// Outbound calls.
    Pushes,
}

/// All panes in tab order.
pub const PANES: [Pane; 4] = [Pane::Shops, Pane::Orders, Pane::Mismatches, Pane::Pushes];

impl Pane {
    /// The pane's title.
    pub const fn title(self) -> &'static str {
        match self {
            Pane::Shops => "Shops",
            Pane::Orders => "Orders",
            Pane::Mismatches => "Mismatches",
            Pane::Pushes => "Pushes",
        }
    }

    /// The pane's title in the language in force.
    pub fn text(self) -> String {
        crate::i18n::label("pane", &self.title().to_ascii_lowercase())
    }

    /// Its index in `PANES`.
    pub fn index(self) -> usize {
        PANES.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// An open mismatch line with the site of its shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MismatchItem {
    /// The line.
    pub row: MismatchRow,
    /// The shop's site, when the shop is known.
    pub site: Option<Site>,
}

impl MismatchItem {
    /// A stable id: order key and line key.
    pub fn id(&self) -> String {
        format!("{}#{}", self.row.key, self.row.line_key)
    }

    /// The site's code or Crossmall text, as one line.
    pub fn code_text(&self) -> String {
        self.row
            .code
            .as_ref()
            .map(|c| c.display())
            .unwrap_or_else(|| crate::tr!("no-code-on-line"))
    }
}

/// Cursor and scroll of a simple list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sel {
    /// The selected position.
    pub cursor: usize,
    /// The first position on screen.
    pub scroll: usize,
}

impl Sel {
    /// Moves the cursor by `delta` within `len` rows and keeps it on a `page`-row screen.
    pub fn step(&mut self, delta: i64, len: usize, page: usize) {
        if len == 0 {
            *self = Sel::default();
            return;
        }
        let c = (self.cursor as i64 + delta).clamp(0, len as i64 - 1) as usize;
        self.cursor = c;
        self.follow(len, page);
    }

    /// Keeps the cursor on screen and inside the list.
    pub fn follow(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        if len == 0 {
            *self = Sel::default();
            return;
        }
        self.cursor = self.cursor.min(len - 1);
        if self.cursor < self.scroll {
            self.scroll = self.cursor;
        } else if self.cursor >= self.scroll + page {
            self.scroll = self.cursor + 1 - page;
        }
        self.scroll = self.scroll.min(len.saturating_sub(page));
    }
}

/// A small text input (filter, command bar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Filter or command.
    pub kind: InputKind,
    /// The text typed.
    pub text: String,
}

/// What an input is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// `/` filter of the current pane.
    Filter,
    /// `:` command bar.
    Command,
}

/// Which button of the confirm dialog has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    /// Cancel (the default).
    Cancel,
    /// Go ahead.
    Ok,
}

/// A modal layer above the panes.
#[derive(Debug)]
pub enum Dialog {
    /// Confirm the marked orders.
    Confirm {
        /// The orders marked one by one.
        keys: Vec<OrderKey>,
        /// "Mark all": the tab and filter, minus exceptions.
        selection: Option<crate::domain::selection::OrderSelection>,
        /// With a selection: how many orders per site and shop (`None` while counting).
        counts: Option<Vec<(Site, String, u64)>>,
        /// How many of them the view hides.
        hidden: usize,
        /// The focused button.
        focus: Button,
    },
    /// Lines of detail (per-item results, an import report), scrollable.
    Details {
        /// Title.
        title: String,
        /// Lines.
        lines: Vec<String>,
        /// The first line shown.
        scroll: usize,
    },
    /// Map a mismatch line to a suggested or typed SKU.
    Map {
        /// The line.
        item: MismatchItem,
        /// The selected suggestion.
        choice: usize,
        /// A SKU typed in (wins over the suggestion when not empty).
        typed: String,
    },
    /// The key help, scrolled to this line.
    Help {
        /// The first line shown.
        scroll: usize,
    },
    /// The shop form.
    ShopForm(Box<ShopForm>),
}

/// A short message at the bottom right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    /// The message.
    pub text: String,
    /// When it was shown.
    pub at: jiff::Timestamp,
    /// True for errors.
    pub error: bool,
    /// Enter opens these details.
    pub details: Vec<String>,
}

/// What the Shops pane knows about a shop's pulls (from engine events).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullInfo {
    /// When the last pull finished.
    pub last: Option<jiff::Timestamp>,
    /// Errors of the last pull.
    pub errors: usize,
    /// The first error's text.
    pub error_text: Option<String>,
}

/// The whole dashboard state.
#[derive(Debug)]
pub struct Model {
    /// The focused pane.
    pub pane: Pane,
    /// The key bindings.
    pub keymap: Keymap,
    /// Colours and modifiers.
    pub theme: Theme,
    /// Terminal size (width, height).
    pub size: (u16, u16),
    /// Now (moved by ticks; fixed in tests).
    pub now: jiff::Timestamp,
    /// How often shops are pulled (for "next pull"); `None`: each shop's interval.
    pub pull_every: Option<Duration>,
    /// The engine at a glance.
    pub status: Option<EngineStatus>,
    /// Set while the store is still opening (what is being opened), so the first frame comes at once.
    pub opening: Option<String>,
    /// The role the engine gave this dashboard (support: changes are left out of footer and help).
    pub role: crate::engine::Role,
    /// Who the engine took this dashboard for, when attached over the socket.
    pub attached_as: Option<String>,
    /// Shops, with their pulls.
    pub shops: Table<ShopRow>,
    /// Pulls per shop name.
    pub pulls: BTreeMap<String, PullInfo>,
    /// The Orders pane.
    pub orders: OrdersView,
    /// Open mismatch lines.
    pub mismatches: Table<MismatchItem>,
    /// Suggestions by mismatch id.
    pub suggestions: BTreeMap<String, Vec<Suggestion>>,
    /// Suggestions asked for and not answered yet (by mismatch id).
    pub suggesting: BTreeSet<String>,
    /// The running (or last) bulk confirmation.
    pub bulk: Option<crate::engine::bulk::BulkProgress>,
    /// Pushes, newest first (as loaded); marks are push ids.
    pub pushes: Table<Push>,
    /// The open input, if any.
    pub input: Option<Input>,
    /// The open dialog, if any.
    pub dialog: Option<Dialog>,
    /// Toasts, newest last.
    pub toasts: Vec<Toast>,
    /// Set when the user asked to leave.
    pub quit: bool,
}

impl Model {
    /// A fresh model.
    pub fn new(keymap: Keymap, theme: Theme, size: (u16, u16), now: jiff::Timestamp) -> Model {
        Model {
            pane: Pane::Orders,
            keymap,
            theme,
            size,
            now,
            pull_every: None,
            status: None,
            opening: None,
            role: crate::engine::Role::Operator,
            attached_as: None,
            shops: Table::default(),
            pulls: BTreeMap::new(),
            orders: OrdersView::default(),
            mismatches: Table::default(),
            suggestions: BTreeMap::new(),
            suggesting: BTreeSet::new(),
            bulk: None,
            pushes: Table::default(),
            input: None,
            dialog: None,
            toasts: Vec::new(),
            quit: false,
        }
    }

    /// Rows of the focused pane's table that fit on screen.
    pub fn page(&self) -> usize {
        // title, status bar, footer, table borders and header; Orders adds its tab line.
        let chrome = if self.pane == Pane::Orders { 7 } else { 6 };
        (self.size.1 as usize).saturating_sub(chrome).max(1)
    }

    /// True when the terminal is too small for the layout.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }

    /// The focused pane's table.
    pub fn table(&self) -> &dyn PaneTable {
        match self.pane {
            Pane::Shops => &self.shops,
            Pane::Orders => &self.orders.table,
            Pane::Mismatches => &self.mismatches,
            Pane::Pushes => &self.pushes,
        }
    }

    /// The focused pane's table, to change.
    pub fn table_mut(&mut self) -> &mut dyn PaneTable {
        match self.pane {
            Pane::Shops => &mut self.shops,
            Pane::Orders => &mut self.orders.table,
            Pane::Mismatches => &mut self.mismatches,
            Pane::Pushes => &mut self.pushes,
        }
    }

    /// The focused pane's filter text.
    pub fn filter(&self) -> &str {
        self.table().filter()
    }

    /// The selected mismatch, if any.
    pub fn selected_mismatch(&self) -> Option<&MismatchItem> {
        self.mismatches.selected()
    }

    /// Takes the shops as loaded, each with what its pulls reported.
    pub fn set_shops(&mut self, shops: Vec<ShopView>) {
        let rows = shops
            .into_iter()
            .map(|view| ShopRow {
                pull: self.pulls.get(&view.name).cloned().unwrap_or_default(),
                view,
            })
            .collect();
        let page = self.page();
        self.shops.set_rows(rows, None, page);
    }

    /// Adds a toast.
    pub fn toast(&mut self, text: impl Into<String>, error: bool, details: Vec<String>) {
        self.toasts.push(Toast {
            text: text.into(),
            at: self.now,
            error,
            details,
        });
        if self.toasts.len() > 3 {
            self.toasts.remove(0);
        }
    }

    /// Formats per-item results as detail lines.
    pub fn item_lines(items: &[ItemResult]) -> Vec<String> {
        items
            .iter()
            .map(|i| match &i.outcome {
                Ok(note) => format!(
                    "{}  {}  {note}",
                    crate::i18n::pad_right(&crate::tr!("item-ok"), 4),
                    i.item
                ),
                Err(e) => format!(
                    "{}  {}  {e}",
                    crate::i18n::pad_right(&crate::tr!("item-fail"), 4),
                    i.item
                ),
            })
            .collect()
    }
}
