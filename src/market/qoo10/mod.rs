//! Qoo10 (QSM / QAPI) adapter, path style: `POST {base}/{Service.Method}` with the seller key in
//! `GiosisCertificationKey`, `QAPIVersion: 1.0`, and a form body carrying
//! `returnType=application/json`. Success needs HTTP 200 and `ResultCode` 0.
//!
//! Sources: the crawl of the official QSM API spec in the public repository
//! jjaejjaehub/passoffer, `docs/api/qoo10/**` ("QSM spec" below); the path-style call shape from
//! Qiita (Mikeinu) and a public client. Golden answers: `tests/fixtures/wire/qoo10/`.
//!
//! | endpoint | source | request fields | answer shape | how sure |
//! |---|---|---|---|---|
//! | `ShippingBasic.GetShippingInfo_v3` | QSM spec `orders/GetShippingInfo_v3.md` | `ShippingStatus` (2, 3), `SearchStartDate`/`SearchEndDate` `yyyyMMddHHmmss`, `SearchCondition` 1 = order date | `ResultObject[]` rows `OrderNo`, `PackNo`, `ShippingStatus`, `OrderDate`, … `DeliveryCompany`, `TrackingNo` (58 fields) | documented; no paging and no maximum range documented (we ask 7 days at a time: assumed) |
//! | `ShippingBasic.GetClaimInfo_V3` | QSM spec `orders/GetClaimInfo_V3.md` | `ClaimStat` (empty: all), `search_Sdate`/`search_Edate`, `search_condition` 1 = order date | `ResultObject[]` `orderNo`, `claimStatus` (1–3 cancel, 16 unpaid cancel), `requestDate`, … | documented (≤ 90 days, -10003) |
//! | `ShippingBasic.GetShippingAndClaimInfoByOrderNo_V2` | QSM spec `orders/GetShippingAndClaimInfoByOrderNo_V2.md` | `OrderNo` | `ResultObject[]` one lower-camel row, shipping and claim flattened (`shippingStatus`, `claimStatus`, …) | documented; an unknown order answering no row is assumed |
//! | `ShippingBasic.SetSellerCheckYNBulk` | QSM spec `orders/SetSellerCheckYNBulk.md` | `SendPlanDtInfoJson` = `[{OrderNo, EstShipDt yyyyMMdd, DelayType, DelayMemo}]` ≤ 500 | `ResultObject[{cont_no, result_cd, ResultCode, ResultMsg}]`; per line `result_cd` 0 | documented (-10016 EstShipDt null, -10018 not after today, -10012 already confirmed, -10013 not status 2, -10011 > 500) |
//! | `ShippingBasic.SetSendingInfoBulk` | QSM spec `orders/SetSendingInfoBulk.md` | `ShippingInfoJson` = `[{OrderNo, ShippingCorp, TrackingNo}]` ≤ 500 | `ResultObject[{contr_no, result_cd, transc_nm, ResultCode, ResultMsg}]` | documented |
//! | `ItemsLookup.GetAllGoodsInfo` | QSM spec `items/GetAllGoodsInfo.md` | `ItemStatus` S2, `Page` | `{TotalItems, TotalPages, PresentPage, Items[{ItemCode, SellerCode, ItemStatus}]}` | documented |
//! | `ItemsLookup.GetItemDetailInfo` | QSM spec `items/GetItemDetailInfo.md` | `ItemCode` | `ResultObject[]` every field a string: `ItemTitle`, `ItemPrice`, `ItemQty`, `ExpireDate` … | documented |
//! | `ItemsLookup.GetGoodsInventoryInfo` | QSM spec `items/GetGoodsInventoryInfo.md` | `ItemCode` | `ResultObject[{Name1..5, Value1..5, Price, Qty, ItemTypeCode}]` | documented |
//! | `ItemsOptions.UpdateInventoryQtyUnit` | QSM spec `items/UpdateInventoryQtyUnit.md` | `ItemCode`, `SellerCode`, `OptionName`/`OptionValue` (axes joined `\|\|*`), `OptionCode`, `Qty` | `{ResultCode, ResultMsg}` | documented |
//! | `ItemsOrder.SetGoodsPriceQty` | QSM spec `items/SetGoodsPriceQty.md` | `ItemCode`, `SellerCode`, `Price` (optional), `Qty`, `ExpireDate` yyyy-mm-dd (the listing's own: a null one resets it to +1 year) | `{ResultCode, ResultMsg}` | documented |
//! | `CertificationAPI.CreateCertificationKey` | QSM spec `auth/CreateCertificationKey.md` | `user_id`, `pwd` (the shop's own QSM login), integrator API key as `GiosisCertificationKey` | `ResultObject` = the key string | documented (crawl only); key lifetime ~1 year: seen in a vendor page |
//!
//! Error codes: -10000 check the key (Auth), -90004/-90005 key expired (KeyExpired), any other
//! non-zero `ResultCode` a refusal with the site's `ResultMsg` (documented in every page above).

mod marketplace;
mod requests;
pub mod wire;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Arc;

use self::wire::{
    parse_claims, parse_goods_page, parse_inventory, parse_item_detail, parse_orders, GoodsItem, ItemDetail,
    OptionRow,
};
use super::http::{Reply, Safety};
use super::limiter::Limiter;
use super::types::*;
use super::AdapterContext;
use crate::domain::mapping::SiteCode;
use crate::domain::status::{collectable_codes, is_collectable};
use crate::domain::{Credentials, Secret, Shop, Site};
pub use requests::*;

/// The longest span one `GetShippingInfo_v3` call covers.
// ASSUMPTION: Qoo10 documents no maximum search range (one client asks for 89 days); we query
// at most 7 days per call so that one answer (the API has no paging) stays small.
pub const MAX_WINDOW_HOURS: i64 = 7 * 24;
/// Most entries one bulk call (`SetSellerCheckYNBulk`, `SetSendingInfoBulk`) takes.
pub const BULK_MAX: usize = 500;
/// Time format of `SearchStartDate` / `SearchEndDate` (JST).
pub const SEARCH_TIME_FORMAT: &str = "%Y%m%d%H%M%S";
/// Most pages of `GetAllGoodsInfo` read (500 items each).
const MAX_GOODS_PAGES: u32 = 200;

/// Method paths.
pub mod method {
    /// Order listing.
    pub const SHIPPING_INFO: &str = "ShippingBasic.GetShippingInfo_v3";
    /// Bulk confirmation (status 2 → 3); per-item outcome in `result_cd`.
    pub const CONFIRM_BULK: &str = "ShippingBasic.SetSellerCheckYNBulk";
    /// Bulk shipment registration (→ 4).
    pub const SENDING_BULK: &str = "ShippingBasic.SetSendingInfoBulk";
    /// Claims (cancellations, returns, exchanges) by date.
    pub const CLAIMS: &str = "ShippingBasic.GetClaimInfo_V3";
    /// One order's shipping and claim state.
    pub const ORDER_LOOKUP: &str = "ShippingBasic.GetShippingAndClaimInfoByOrderNo_V2";
    /// Products.
    pub const ALL_GOODS: &str = "ItemsLookup.GetAllGoodsInfo";
    /// One product's details (title, price, stock, `ExpireDate`).
    pub const ITEM_DETAIL: &str = "ItemsLookup.GetItemDetailInfo";
    /// Option rows of a product.
    pub const GOODS_INVENTORY: &str = "ItemsLookup.GetGoodsInventoryInfo";
    /// Option stock.
    pub const OPTION_QTY: &str = "ItemsOptions.UpdateInventoryQtyUnit";
    /// Item price and stock (items without options).
    pub const ITEM_PRICE_QTY: &str = "ItemsOrder.SetGoodsPriceQty";
    /// Seller key issue.
    pub const CREATE_KEY: &str = "CertificationAPI.CreateCertificationKey";
}

/// The Qoo10 adapter for one shop.
pub struct Qoo10 {
    site: Site,
    shop_id: String,
    base: String,
    seller_key: std::sync::Mutex<Secret>,
    api_key: Option<Secret>,
    ship_days: u8,
    ctx: AdapterContext,
    limiter: Arc<Limiter>,
    catalogue: tokio::sync::Mutex<Option<Arc<Vec<CatalogueItem>>>>,
}

impl std::fmt::Debug for Qoo10 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Qoo10")
            .field("shop_id", &self.shop_id)
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// A product with its option rows, as `list_products` read it (cached for stock updates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueItem {
    /// The item's list entry.
    pub item: GoodsItem,
    /// Its option rows (empty for an item without options).
    pub options: Vec<OptionRow>,
}

impl Qoo10 {
    /// Builds the adapter for a shop (its seller key; the integrator API key is optional and only
    /// needed to issue keys).
    pub fn new(shop: &Shop, ctx: &AdapterContext) -> Result<Self, MarketError> {
        let Credentials::Qoo10 {
            seller_key,
            ship_days,
            ..
        } = &shop.credentials
        else {
            return Err(MarketError::Config {
                message: format!(
                    "shop {} is not a Qoo10 shop (its credentials are for another site)",
                    shop.name
                ),
            });
        };
        let limiter = ctx.http.limiter(
            &format!("qoo10:{}", shop.shop_id),
            ctx.http.options().shop_interval,
        );
        Ok(Qoo10 {
            site: Site::Qoo10,
            shop_id: shop.shop_id.clone(),
            base: super::base_url(shop),
            seller_key: std::sync::Mutex::new(seller_key.clone()),
            api_key: ctx.config.qoo10.as_ref().map(|q| q.api_key.clone()),
            ship_days: ship_days.unwrap_or(1),
            ctx: ctx.clone(),
            limiter,
            catalogue: tokio::sync::Mutex::new(None),
        })
    }

    fn key(&self) -> Secret {
        self.seller_key.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn client(&self) -> &reqwest::Client {
        self.ctx.http.client()
    }

    async fn send(&self, req: reqwest::Request, safety: Safety) -> Result<Reply, MarketError> {
        self.ctx.http.send(&[&self.limiter], req, safety, &classify).await
    }

    /// Every row of one status in one window piece.
    async fn shipping_rows(&self, status: &str, piece: &Window) -> Result<Vec<SiteOrder>, MarketError> {
        let req = shipping_info_request(self.client(), &self.base, self.key().expose(), status, piece)?;
        let reply = self.send(req, Safety::Repeatable).await?;
        parse_orders(&reply.body)
    }

    /// The order numbers with a cancellation claim among orders placed in `piece`.
    async fn cancelled_in(&self, piece: &Window) -> Result<std::collections::BTreeSet<String>, MarketError> {
        let req = claims_request(self.client(), &self.base, self.key().expose(), piece)?;
        let reply = self.send(req, Safety::Repeatable).await?;
        Ok(parse_claims(&reply.body)?
            .into_iter()
            .filter(|c| c.is_cancel())
            .map(|c| c.order_no)
            .collect())
    }

    /// One pass over the window: statuses 2 then 3 per piece (an order moving 2 → 3 between the
    /// two calls shows up in the second), applied to `found` in order: a collectable row in the
    /// window is (re)inserted with what it says now, any other row of that order removes it.
    /// Then the piece's claims: a listed order with a cancellation claim is marked cancelled (so
    /// it is never shipped, even while the listing still shows it).
    /// Returns whether anything looked inconsistent (a row in another status than asked, an
    /// order listed twice in one piece).
    async fn list_pass(
        &self,
        window: &Window,
        found: &mut BTreeMap<String, SiteOrder>,
    ) -> Result<bool, MarketError> {
        let mut odd = false;
        let max = jiff::SignedDuration::from_hours(MAX_WINDOW_HOURS);
        for piece in window.split(max) {
            let mut seen_in_piece = std::collections::BTreeSet::new();
            for status in collectable_codes(self.site) {
                for order in self.shipping_rows(status, &piece).await? {
                    if order.site_status.code != *status || !seen_in_piece.insert(order.order_no.clone()) {
                        odd = true;
                    }
                    if is_collectable(self.site, &order.site_status.code) && window.contains(order.ordered_at)
                    {
                        found.insert(order.order_no.clone(), order);
                    } else {
                        found.remove(&order.order_no);
                    }
                }
            }
            for no in self.cancelled_in(&piece).await? {
                if let Some(o) = found.get_mut(&no) {
                    o.cancelled = true;
                }
            }
        }
        Ok(odd)
    }

    /// Reads the whole catalogue (on-sale items and their option rows).
    async fn read_catalogue(&self) -> Result<Vec<CatalogueItem>, MarketError> {
        // ASSUMPTION: stock is kept for on-sale items (ItemStatus S2) only; items suspended or
        // awaiting approval are not offered for mapping.
        let mut items = Vec::new();
        let mut page = 1;
        loop {
            let req = goods_request(self.client(), &self.base, self.key().expose(), "S2", page)?;
            let reply = self.send(req, Safety::Repeatable).await?;
            let got = parse_goods_page(&reply.body)?;
            let last = got.items.is_empty() || got.present_page.max(page) >= got.total_pages;
            items.extend(got.items);
            if last || page >= MAX_GOODS_PAGES {
                break;
            }
            page += 1;
        }
        let mut out = Vec::with_capacity(items.len());
        for mut item in items {
            // GetAllGoodsInfo lists ItemCode, SellerCode and ItemStatus only: the title and the
            // stock of an item without options come from its details.
            let detail = self.item_detail(&item.item_code).await?;
            if item.title.is_empty() {
                item.title = detail.title.clone();
            }
            item.price = item.price.or(detail.price);
            item.qty = item.qty.or(detail.qty);
            let req = inventory_request(self.client(), &self.base, self.key().expose(), &item.item_code)?;
            let reply = self.send(req, Safety::Repeatable).await?;
            let options = parse_inventory(&reply.body)?;
            out.push(CatalogueItem { item, options });
        }
        Ok(out)
    }

    /// `GetItemDetailInfo` of one item.
    async fn item_detail(&self, item_code: &str) -> Result<ItemDetail, MarketError> {
        let req = item_detail_request(self.client(), &self.base, self.key().expose(), item_code)?;
        let reply = self.send(req, Safety::Repeatable).await?;
        parse_item_detail(&reply.body)
    }

    async fn catalogue(&self, refresh: bool) -> Result<Arc<Vec<CatalogueItem>>, MarketError> {
        let mut cache = self.catalogue.lock().await;
        if let (false, Some(c)) = (refresh, cache.as_ref()) {
            return Ok(c.clone());
        }
        let fresh = Arc::new(self.read_catalogue().await?);
        *cache = Some(fresh.clone());
        Ok(fresh)
    }
}

/// What a stock code resolves to.
enum Target<'a> {
    Option(&'a GoodsItem, &'a OptionRow),
    Item(&'a GoodsItem),
    Refused(String),
    Unknown,
}

fn resolve<'a>(catalogue: &'a [CatalogueItem], code: &SiteCode) -> Target<'a> {
    match code {
        SiteCode::Option { code } => catalogue
            .iter()
            .find_map(|c| {
                c.options
                    .iter()
                    .find(|o| o.code == *code)
                    .map(|o| Target::Option(&c.item, o))
            })
            .unwrap_or(Target::Unknown),
        SiteCode::Product { code } => match catalogue.iter().find(|c| c.item.seller_code == *code) {
            Some(c) if c.options.is_empty() => Target::Item(&c.item),
            Some(_) => Target::Refused(format!(
                "Qoo10 item with seller code {code} has options: its stock is set per option code"
            )),
            None => Target::Unknown,
        },
        SiteCode::Crossmall { .. } => {
            Target::Refused("a Crossmall code cannot name a Qoo10 item".to_string())
        }
    }
}

fn option_label(o: &OptionRow) -> String {
    o.names
        .iter()
        .zip(o.values.iter())
        .map(|(n, v)| format!("{n}:{v}"))
        .collect::<Vec<_>>()
        .join(" / ")
}
