//! Marketplace adapters: one file per site holding only what differs, behind the `Marketplace`
//! trait, over one shared HTTP layer (timeouts, error classes, rate limits, safe retries).

pub mod clock;
pub mod crossmall;
pub mod esm;
pub mod grip;
pub mod http;
pub mod limiter;
pub mod lotteon;
pub mod qoo10;
pub mod screen;
pub mod types;
pub mod wire;

use std::sync::Arc;

pub use clock::{Clock, FixedClock, SystemClock};
pub use http::{Http, HttpOptions};
pub use types::*;

use crate::config::Config;
use crate::domain::{Shop, Site};

/// What every adapter can do. Methods a site lacks return [`MarketError::Unsupported`].
#[async_trait::async_trait]
pub trait Marketplace: Send + Sync {
    /// The site this adapter talks to.
    fn site(&self) -> Site;

    /// True when the site's order reads show the tracking number registered for an order
    /// ([`SiteOrder::tracking`]), so that a shipment made by someone else can be told from ours.
    fn reports_tracking(&self) -> bool {
        false
    }

    /// The rows left out of the last answers because they failed the identifier checks, each a
    /// malformed-answer error with the raw text (see [`screen::Screened`]); taking them empties
    /// the list. Adapters themselves keep none.
    fn take_rejected(&self) -> Vec<MarketError> {
        Vec::new()
    }

    /// Calls a cheap authenticated endpoint and reports the site's own answer.
    async fn test_connection(&self) -> Result<ConnectionReport, MarketError>;

    /// Lists the orders in the site's collectable statuses whose order time is in `window`
    /// (half-open: `from <= t < to`). Paging and splitting the window to the site's limits happen
    /// inside; every order appears once, whatever the pages did.
    async fn list_orders(&self, window: Window) -> Result<Vec<SiteOrder>, MarketError>;

    /// Reads one order as the site has it now, whatever its status (`None` when the site does not
    /// know it). `ordered_at`, when known, lets sites without an order lookup search a narrow
    /// window. Used before re-sending a push whose answer was lost.
    async fn get_order(
        &self,
        order_no: &str,
        ordered_at: Option<jiff::Timestamp>,
    ) -> Result<Option<SiteOrder>, MarketError>;

    /// Reads many orders at once where one listing can answer for many (the outbox's check of
    /// re-sends after a crash): the orders in `wanted` (number, order time) that the listing
    /// found, as the site has them now. An order left out is not known to be anywhere: the
    /// caller reads it alone with [`Marketplace::get_order`]. Sites without such a listing
    /// find nothing here.
    async fn find_orders(&self, wanted: &[(String, jiff::Timestamp)]) -> Result<Vec<SiteOrder>, MarketError> {
        let _ = wanted;
        Ok(Vec::new())
    }

    /// Confirms orders on the site, in batches where the site allows; one result per line.
    async fn confirm(&self, items: &[ConfirmItem]) -> Result<Vec<LineResult>, MarketError>;

    /// Registers shipments (carrier + tracking number), with each site's extra steps; one result per line.
    async fn ship(&self, shipments: &[Shipment]) -> Result<Vec<LineResult>, MarketError>;

    /// Sets the stock of products or options, identified by the seller's codes; one result each.
    async fn update_stock(&self, updates: &[StockUpdate]) -> Result<Vec<StockResult>, MarketError>;

    /// Lists the seller's products and options with the codes they map by.
    async fn list_products(&self) -> Result<Vec<ProductInfo>, MarketError>;

    /// Issues or renews the seller's credentials where the site has that (Qoo10).
    async fn renew_credentials(&self, login: Option<&SellerLogin>) -> Result<Renewal, MarketError>;
}

/// Everything an adapter is built from.
#[derive(Clone)]
pub struct AdapterContext {
    /// The shared HTTP layer (one per process; it holds the per-shop rate limiters).
    pub http: Http,
    /// The integrator-level keys.
    pub config: Arc<Config>,
    /// Where the time comes from (fixed in golden tests).
    pub clock: Arc<dyn Clock>,
}

/// Builds the adapter for a shop, behind the gate that checks and cleans everything it returns
/// ([`screen::Screened`]).
pub fn adapter_for(shop: &Shop, ctx: &AdapterContext) -> Result<Box<dyn Marketplace>, MarketError> {
    Ok(Box::new(screen::Screened::new(site_adapter(shop, ctx)?)))
}

/// The site's own adapter for a shop, unscreened.
fn site_adapter(shop: &Shop, ctx: &AdapterContext) -> Result<Box<dyn Marketplace>, MarketError> {
    Ok(match shop.site {
        Site::Qoo10 => Box::new(qoo10::Qoo10::new(shop, ctx)?),
        Site::Gmarket | Site::Auction => Box::new(esm::Esm::new(shop, ctx)?),
        Site::Lotteon => Box::new(lotteon::Lotteon::new(shop, ctx)?),
        Site::Crossmall => Box::new(crossmall::Crossmall::new(shop, ctx)?),
        Site::Grip => Box::new(grip::Grip::new(shop, ctx)?),
    })
}

/// The window a bulk read covers: every wanted order time, widened by `margin` on each side
/// (`None` when nothing is wanted).
pub fn span_of(wanted: &[(String, jiff::Timestamp)], margin: jiff::SignedDuration) -> Option<Window> {
    let from = wanted.iter().map(|(_, t)| *t).min()?;
    let to = wanted.iter().map(|(_, t)| *t).max()?;
    Some(Window::new(
        from.checked_sub(margin).unwrap_or(from),
        to.checked_add(margin).unwrap_or(to),
    ))
}

/// Keeps the site orders that were asked for, one per order number.
pub fn only_wanted(found: Vec<SiteOrder>, wanted: &[(String, jiff::Timestamp)]) -> Vec<SiteOrder> {
    let want: std::collections::BTreeSet<&str> = wanted.iter().map(|(n, _)| n.as_str()).collect();
    let mut seen = std::collections::BTreeSet::new();
    found
        .into_iter()
        .filter(|o| want.contains(o.order_no.as_str()) && seen.insert(o.order_no.clone()))
        .collect()
}

/// The real API host of each site (a shop's `api_base` replaces it).
pub fn default_base(site: Site) -> &'static str {
    site.api_base()
}

/// The base URL a shop's calls go to.
pub fn base_url(shop: &Shop) -> String {
    shop.api_base
        .clone()
        .unwrap_or_else(|| default_base(shop.site).to_string())
}
