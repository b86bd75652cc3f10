//! Messages into `update` and the effects it asks the runner to carry out.

use ratatui::crossterm::event::KeyEvent;

use crate::domain::mapping::Suggestion;
use crate::domain::shop::{ShopSpec, ShopView};
use crate::domain::{Push, StatusKey};
use crate::engine::{Command, CommandResult, EngineStatus, Event};
use crate::market::SellerLogin;
use crate::store::OrderSort;

use super::model::{MismatchItem, OrderRow};

/// Everything that can change the model.
#[derive(Debug)]
pub enum Msg {
    /// A key press (Release and Repeat are filtered out before).
    Key(KeyEvent),
    /// The terminal was resized to (width, height).
    Resize(u16, u16),
    /// The 1 Hz tick for relative times, with the time now.
    Tick(jiff::Timestamp),
    /// Something the engine told every client.
    Engine(Event),
    /// A query answered.
    Data(Data),
    /// A command finished.
    Done {
        /// What it was for.
        what: CommandKind,
        /// Its result or error text.
        result: Result<CommandResult, String>,
    },
    /// Engine events were dropped because the UI fell behind: everything is read again.
    Lagged,
}

/// A query's answer.
#[derive(Debug)]
pub enum Data {
    /// The engine at a glance.
    Status(EngineStatus),
    /// The shops.
    Shops(Vec<ShopView>),
    /// A page of orders of one list (tab, sort, filter).
    Orders {
        /// The list the page belongs to.
        list: OrdersList,
        /// The first row's position.
        offset: u64,
        /// Orders in the list in all.
        total: u64,
        /// The rows.
        rows: Vec<OrderRow>,
        /// For a filter: how the whole tab was searched.
        search: Option<Search>,
    },
    /// The open mismatch lines.
    Mismatches(Vec<MismatchItem>),
    /// How many orders a "mark all" holds, per site and shop.
    SelectionCounts(Vec<(crate::domain::Site, String, u64)>),
    /// Suggestions for one mismatch line (by its index key).
    Suggestions(String, Vec<Suggestion>),
    /// Pushes, newest first.
    Pushes(Vec<Push>),
    /// The audit trail's newest entries (the `:audit` view).
    Audit(Vec<crate::store::audit::AuditEntry>),
    /// A query failed.
    Failed(String),
    /// A refresh finished (the runner's bookkeeping; `update` ignores it).
    RefreshDone,
}

/// Which command a result belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    /// Bulk confirmation.
    Confirm,
    /// Push retry.
    Retry,
    /// A mapping.
    Mapping,
    /// A pull.
    Pull,
    /// The shop form saved a shop.
    AddShop,
    /// The shop form's connection test.
    TestShop,
    /// The shop form's "Get auth / Renew key".
    RenewKey,
    /// `:sku import` / `:sku export`.
    Sku,
    /// `:accept`: take the site's shipment of an order held for a tracking conflict.
    Accept,
    /// Cancelling a bulk confirmation.
    CancelBulk,
}

/// Which list of orders a page belongs to: the status tab, the sort and the filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdersList {
    /// The tab.
    pub status: StatusKey,
    /// The sort.
    pub sort: OrderSort,
    /// The filter ("" = none).
    pub filter: String,
}

/// How a filter searched a tab: every order of it (or until the cap of matches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Search {
    /// Orders looked at.
    pub scanned: u64,
    /// True when the search stopped at `FILTER_CAP` matches.
    pub capped: bool,
}

/// What `update` asks the runner to do (all I/O lives there).
#[derive(Debug)]
pub enum Effect {
    /// Reload the status bar, shops, mismatches, pushes and the visible orders.
    Refresh,
    /// Load a page of a list (with a filter: search the whole tab for the matches).
    LoadOrders {
        /// The list.
        list: OrdersList,
        /// The first row.
        offset: u64,
        /// Rows at most.
        limit: u64,
    },
    /// Load suggestions for a mismatch line.
    LoadSuggestions(MismatchItem),
    /// Count the orders of a "mark all" (and the ones marked one by one), per site and shop.
    CountSelection {
        /// The selection.
        selection: crate::domain::selection::OrderSelection,
        /// Orders marked one by one.
        keys: Vec<crate::domain::OrderKey>,
    },
    /// Run an engine command.
    Execute(CommandKind, Box<Command>),
    /// The shop form's work: add the shop (unless saved), renew its key with a login (if given),
    /// then test the connection; each step's result comes back as a `Done`.
    ShopSetup {
        /// The shop to add, or `None` when it is saved already.
        spec: Option<Box<ShopSpec>>,
        /// The shop's name.
        name: String,
        /// The seller's login for a key renewal.
        login: Option<SellerLogin>,
    },
    /// Put this text on the clipboard (OSC 52 to the terminal).
    Copy(String),
    /// Load the audit trail's newest entries (of one user).
    LoadAudit {
        /// Only this user's (name or uid).
        user: Option<String>,
    },
    /// Leave the dashboard.
    Quit,
}
