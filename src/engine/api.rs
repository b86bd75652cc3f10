//! The engine's vocabulary: commands, their results, events and query answers. All plain serde
//! types, so that a socket link between a daemon and its clients carries them unchanged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ingest::Outcome;
use crate::domain::shop::{ShopHealth, ShopSpec, ShopView};
use crate::domain::{Carrier, Mapping, OrderKey, Push, ShopName, StatusKey, TrackingNumber};
use crate::market::{ConnectionReport, MarketError, SellerLogin};

/// Who asked: the operating-system user the engine saw (never what a client claims).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor(pub String);

impl Actor {
    /// The user running this process.
    pub fn local() -> Actor {
        Actor(crate::identity::current_actor())
    }
}

/// A tracking number received at the warehouse with a carrier label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingRow {
    /// The order.
    pub key: OrderKey,
    /// The carrier on the label.
    pub carrier: Carrier,
    /// The number on the label.
    pub number: TrackingNumber,
}

/// What an operator (or a script) asks the engine to do.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Register a shop.
    AddShop {
        /// The shop's fields.
        #[serde(skip)]
        spec: ShopSpec,
    },
    /// Change a shop's credentials, options, API base or pull interval.
    EditShop {
        /// The shop.
        shop: ShopName,
        /// The changes.
        #[serde(skip)]
        edit: crate::domain::shop::ShopEdit,
    },
    /// Remove a shop (its orders are kept).
    RemoveShop {
        /// The shop.
        shop: ShopName,
    },
    /// Run a shop's connection test.
    TestShop {
        /// The shop.
        shop: ShopName,
    },
    /// Have the site issue a new seller key (Qoo10: QSM login → certification key) and store it.
    /// The login's password is used for this one call and never stored.
    RenewShopKey {
        /// The shop.
        shop: ShopName,
        /// The seller's login on the site (Qoo10 needs it; `None` where the site renews alone).
        #[serde(skip)]
        login: Option<SellerLogin>,
    },
    /// Pull now (one shop or all), optionally a manual window by order time.
    PullNow {
        /// One shop, or all with order integration on.
        shop: Option<ShopName>,
        /// Manual window start.
        from: Option<jiff::Timestamp>,
        /// Manual window end.
        to: Option<jiff::Timestamp>,
    },
    /// Confirm these orders on their sites.
    ConfirmOrders {
        /// The orders.
        keys: Vec<OrderKey>,
    },
    /// Confirm every order a selection holds (a status tab and a filter, minus exceptions) plus
    /// `keys`, however many: queued through the outbox in site-sized transactions, with
    /// `Event::BulkProgress` as it goes; `CancelBulk` stops it.
    ConfirmSelection {
        /// The selection.
        selection: crate::domain::selection::OrderSelection,
        /// Orders marked one by one besides.
        keys: Vec<OrderKey>,
    },
    /// Stop a bulk confirmation: what is not yet sent is dropped, the orders stay new.
    CancelBulk {
        /// The job.
        job: u64,
    },
    /// Take the shipment someone else made on the site as the order's own (an order held
    /// because the site shows another tracking number); our ship push is closed unsent.
    AcceptSiteShipment {
        /// The order.
        key: OrderKey,
    },
    /// Send failed pushes again.
    RetryPushes {
        /// Push ids.
        ids: Vec<u64>,
    },
    /// Add or change a mapping; the orders it held are re-resolved at once.
    SetMapping {
        /// The mapping.
        mapping: Mapping,
    },
    /// Print shipdeck waybills (`QSP…`, courier "other courier") and queue the pushes.
    PrintWaybills {
        /// The orders.
        keys: Vec<OrderKey>,
    },
    /// Record carrier-labelled parcels received at the warehouse and queue the pushes.
    ImportTracking {
        /// The rows.
        rows: Vec<TrackingRow>,
    },
    /// Import SKUs and mappings from a .xlsx or .csv file: the whole file is validated first,
    /// then written in one transaction (unless `dry_run` or it has errors), then the orders
    /// with open mismatches are re-resolved.
    ImportSkus {
        /// The file.
        path: std::path::PathBuf,
        /// Force the CSV text encoding.
        encoding: Option<crate::catalogue::TextEncoding>,
        /// Validate and report only.
        dry_run: bool,
    },
    /// Export the catalogue, the mappings and the open mismatches to a .xlsx or .csv file.
    ExportSkus {
        /// The file.
        path: std::path::PathBuf,
    },
}

/// The result of one item of a bulk command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    /// The item (order key, push id…).
    pub item: String,
    /// `Ok` with a note, or why not.
    pub outcome: Result<String, String>,
}

/// What a pull did for one shop.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullSummary {
    /// Orders seen for the first time.
    pub new: u64,
    /// Known orders that changed.
    pub updated: u64,
    /// Orders the site cancelled.
    pub cancelled: u64,
    /// Orders held (site moved past shipping; unmapped lines at instruction).
    pub held: u64,
    /// Pushes queued (confirmations, stock).
    pub queued: u64,
    /// What went wrong.
    pub errors: Vec<String>,
}

impl PullSummary {
    /// Counts one merge outcome.
    pub fn count(&mut self, o: Outcome) {
        match o {
            Outcome::New => self.new += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Cancelled => self.cancelled += 1,
            Outcome::Held => self.held += 1,
            Outcome::Unchanged => {}
        }
    }

    /// Adds another summary into this one.
    pub fn add(&mut self, o: &PullSummary) {
        self.new += o.new;
        self.updated += o.updated;
        self.cancelled += o.cancelled;
        self.held += o.held;
        self.queued += o.queued;
        self.errors.extend(o.errors.iter().cloned());
    }
}

/// What a command returned.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum CommandResult {
    /// A shop was added.
    ShopAdded {
        /// It, as shown.
        shop: ShopView,
    },
    /// A shop was changed.
    ShopEdited {
        /// It, as shown.
        shop: ShopView,
    },
    /// A shop was removed.
    ShopRemoved {
        /// It, as it was.
        shop: ShopView,
        /// Its orders, kept in the store.
        orders_kept: u64,
    },
    /// A new seller key was issued and stored.
    KeyRenewed {
        /// The shop, as shown (the key masked).
        shop: ShopView,
    },
    /// A connection test ran.
    ShopTested {
        /// The site's answer, or the error.
        outcome: Result<ConnectionReport, MarketError>,
    },
    /// Pulls ran.
    Pulled {
        /// Per shop.
        shops: BTreeMap<String, PullSummary>,
    },
    /// One result per item of a bulk command.
    Items {
        /// The results.
        items: Vec<ItemResult>,
    },
    /// A bulk confirmation queued its orders (the outbox sends them; progress comes as events).
    BulkQueued {
        /// Where it stands.
        progress: super::bulk::BulkProgress,
    },
    /// A mapping was set.
    MappingSet {
        /// Orders re-resolved.
        reresolved: u64,
        /// Orders released from holds.
        released: u64,
    },
    /// A SKU file was validated (and applied unless it had errors or was a dry run).
    SkusImported {
        /// Counts, warnings, errors and what was applied.
        report: crate::catalogue::ImportReport,
    },
    /// The catalogue was exported.
    SkusExported {
        /// What was written.
        report: crate::catalogue::ExportReport,
    },
}

/// Something the engine tells every client.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// Orders were written.
    OrdersChanged {
        /// Their keys.
        keys: Vec<OrderKey>,
    },
    /// A push finished an attempt.
    PushResult {
        /// The push after the attempt.
        push: Box<Push>,
    },
    /// A shop's health changed.
    ShopHealth {
        /// The shop.
        shop: ShopName,
        /// Its health.
        health: ShopHealth,
    },
    /// A bulk confirmation moved on (queued, sent, cancelled).
    BulkProgress {
        /// Where it stands.
        progress: super::bulk::BulkProgress,
    },
    /// A pull finished.
    PullFinished {
        /// The shop.
        shop: ShopName,
        /// What it did.
        summary: PullSummary,
    },
    /// Events were missed (the client read too slowly): reload everything shown.
    Resync,
}

/// The engine at a glance (the dashboard's status bar).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EngineStatus {
    /// When the last pull of any shop finished.
    pub last_pull: Option<jiff::Timestamp>,
    /// Pushes waiting to be sent.
    pub pending_pushes: u64,
    /// Pushes given up on.
    pub failed_pushes: u64,
    /// Shops whose credentials were refused or that are in error.
    pub shops_in_error: u64,
    /// Open SKU mismatch lines.
    pub mismatches: u64,
    /// Orders per status over all shops.
    pub by_status: BTreeMap<StatusKey, u64>,
}
