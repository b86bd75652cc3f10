//! Gmarket / Auction (ESM Plus) adapter (not yet implemented: every call answers Unsupported).

use super::types::*;
use super::{AdapterContext, Marketplace};
use crate::domain::{Shop, Site};

/// The Gmarket / Auction (ESM Plus) adapter.
pub struct Esm {
    site: Site,
}

impl Esm {
    /// Builds the adapter for a shop.
    pub fn new(shop: &Shop, _ctx: &AdapterContext) -> Result<Self, MarketError> {
        Ok(Esm { site: shop.site })
    }
}

#[async_trait::async_trait]
impl Marketplace for Esm {
    fn site(&self) -> Site {
        self.site
    }
    async fn test_connection(&self) -> Result<ConnectionReport, MarketError> {
        Err(MarketError::unsupported(self.site, "test the connection yet"))
    }
    async fn list_orders(&self, _window: Window) -> Result<Vec<SiteOrder>, MarketError> {
        Err(MarketError::unsupported(self.site, "list orders yet"))
    }
    async fn get_order(
        &self,
        _order_no: &str,
        _ordered_at: Option<jiff::Timestamp>,
    ) -> Result<Option<SiteOrder>, MarketError> {
        Err(MarketError::unsupported(self.site, "read an order yet"))
    }
    async fn confirm(&self, _items: &[ConfirmItem]) -> Result<Vec<LineResult>, MarketError> {
        Err(MarketError::unsupported(self.site, "confirm orders yet"))
    }
    async fn ship(&self, _shipments: &[Shipment]) -> Result<Vec<LineResult>, MarketError> {
        Err(MarketError::unsupported(self.site, "register shipments yet"))
    }
    async fn update_stock(&self, _updates: &[StockUpdate]) -> Result<Vec<StockResult>, MarketError> {
        Err(MarketError::unsupported(self.site, "update stock yet"))
    }
    async fn list_products(&self) -> Result<Vec<ProductInfo>, MarketError> {
        Err(MarketError::unsupported(self.site, "list products yet"))
    }
    async fn renew_credentials(&self, _login: Option<&SellerLogin>) -> Result<Renewal, MarketError> {
        Err(MarketError::unsupported(self.site, "renew credentials"))
    }
}
