//! Orders and their lines, keyed as each site keys them.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::lifecycle::{OrderState, Stage};
use super::marketplace::{Money, Site, SiteZone};
use super::shop::{ShopError, ShopName};
use super::sku::SkuCode;
use super::status::SiteStatus;
use super::tracking::Tracking;

/// The key that names an order everywhere: the shop's name in shipdeck and the site's order number
/// as the site shows it, written `SHOP/ORDER`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrderKey {
    /// The shop.
    pub shop: ShopName,
    /// The site's order number: Qoo10 `OrderNo`, ESM `OrderNo`, LotteON `odNo`, Grip `orderSeq`,
    /// Crossmall `order_number`.
    pub order_no: String,
}

impl OrderKey {
    /// Makes a key, refusing an empty order number.
    pub fn new(shop: ShopName, order_no: impl Into<String>) -> Result<Self, OrderKeyError> {
        let order_no = order_no.into();
        if order_no.trim().is_empty() || order_no.chars().any(char::is_control) {
            return Err(OrderKeyError(format!("{shop}/{order_no}")));
        }
        Ok(OrderKey { shop, order_no })
    }
}

/// Text that is not a `SHOP/ORDER` key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an order key of the form SHOP/ORDER")]
pub struct OrderKeyError(pub String);

impl std::str::FromStr for OrderKey {
    type Err = OrderKeyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (shop, order) = s.split_once('/').ok_or_else(|| OrderKeyError(s.to_string()))?;
        let shop = ShopName::new(shop).map_err(|_: ShopError| OrderKeyError(s.to_string()))?;
        OrderKey::new(shop, order).map_err(|_| OrderKeyError(s.to_string()))
    }
}

impl TryFrom<String> for OrderKey {
    type Error = OrderKeyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<OrderKey> for String {
    fn from(value: OrderKey) -> Self {
        value.to_string()
    }
}

impl fmt::Display for OrderKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.shop, self.order_no)
    }
}

/// What the site says a line is: the code fields that map it to a warehouse SKU.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProductRef {
    /// Code-mapped sites: the seller's product code and, for optioned products, the option code.
    Code {
        /// Qoo10 `SellerItemCode`, ESM `OutGoodsNo`, LotteON `epdNo`, Grip `yourProductId`.
        product_code: Option<String>,
        /// Qoo10 `OptionCode`, ESM `ItemOptionCode`, LotteON `eitmNo`, Grip `yourOptionId`.
        option_code: Option<String>,
    },
    /// Crossmall: product number, product name and option text `attr1,attr2`, matched exactly.
    Crossmall {
        /// `item_code`.
        item_code: String,
        /// `item_name`.
        item_name: String,
        /// `attribute1_name,attribute2_name` (empty parts dropped).
        option_text: String,
    },
}

impl ProductRef {
    /// Builds Crossmall's option text from its two attributes: `attr1,attr2`, empty parts dropped.
    pub fn crossmall_option_text(attr1: &str, attr2: &str) -> String {
        [attr1, attr2]
            .iter()
            .filter(|a| !a.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// A person on an order: the buyer (no address) or the receiver.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Party {
    /// Name.
    pub name: String,
    /// Phone (mobile first).
    #[serde(default)]
    pub phone: String,
    /// Postal code (receiver only).
    #[serde(default)]
    pub postal_code: String,
    /// Full address (receiver only).
    #[serde(default)]
    pub address: String,
}

/// Whether a line maps to a warehouse SKU.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LineSku {
    /// Not resolved yet.
    #[default]
    Unresolved,
    /// Maps to this SKU.
    Mapped {
        /// The warehouse SKU.
        sku: SkuCode,
    },
    /// Maps to nothing: a mismatch that blocks fulfillment.
    Unmapped,
}

/// One line of an order, keyed as the site keys lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// The site's line key: Qoo10 / ESM the `OrderNo` itself, LotteON `odSeq-procSeq`,
    /// Grip `orderProductSeq`, Crossmall `line_no`.
    pub line_key: String,
    /// The line's own status on the site.
    pub site_status: SiteStatus,
    /// The code fields that map the line.
    pub product: ProductRef,
    /// Product name as the site shows it.
    pub product_name: String,
    /// Option name as the site shows it (empty when none).
    #[serde(default)]
    pub option_name: String,
    /// Quantity ordered.
    pub quantity: u32,
    /// Price of one unit.
    pub unit_price: Money,
    /// What the line costs in all (after the site's discounts).
    pub amount: Money,
    /// The warehouse SKU the line maps to.
    #[serde(default)]
    pub sku: LineSku,
}

/// An order on a site: its lines, people, times, site status and life-cycle state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// `SHOP/ORDER`.
    pub key: OrderKey,
    /// The site.
    pub site: Site,
    /// The site's cart / shipment group (Qoo10 `packNo`, ESM `PayNo`), when it has one.
    #[serde(default)]
    pub cart_no: Option<String>,
    /// The order's status on the site (the least advanced line's).
    pub site_status: SiteStatus,
    /// Where shipdeck is with it.
    pub state: OrderState,
    /// When the buyer ordered, as a UTC instant.
    pub ordered_at: jiff::Timestamp,
    /// When the buyer paid, if the site says.
    #[serde(default)]
    pub paid_at: Option<jiff::Timestamp>,
    /// The zone the site's times are shown in.
    pub zone: SiteZone,
    /// The buyer.
    pub buyer: Party,
    /// The receiver.
    pub receiver: Party,
    /// The buyer's delivery message.
    #[serde(default)]
    pub delivery_message: String,
    /// The lines.
    pub lines: Vec<OrderLine>,
    /// The tracking number once known.
    #[serde(default)]
    pub tracking: Option<Tracking>,
    /// The ids of the pushes made for this order, oldest first.
    #[serde(default)]
    pub pushes: Vec<u64>,
    /// When shipdeck first saw it.
    pub collected_at: jiff::Timestamp,
    /// When shipdeck last changed it.
    pub updated_at: jiff::Timestamp,
}

impl Order {
    /// The lines that map to no SKU.
    pub fn unmapped_lines(&self) -> impl Iterator<Item = &OrderLine> {
        self.lines.iter().filter(|l| l.sku == LineSku::Unmapped)
    }

    /// True when every line maps to a SKU.
    pub fn fully_mapped(&self) -> bool {
        !self.lines.is_empty() && self.lines.iter().all(|l| matches!(l.sku, LineSku::Mapped { .. }))
    }

    /// The total quantity over all lines.
    pub fn item_count(&self) -> u64 {
        self.lines.iter().map(|l| u64::from(l.quantity)).sum()
    }

    /// The order time as shown: in the site's zone, with the zone named.
    pub fn ordered_at_display(&self) -> String {
        self.zone.format(self.ordered_at)
    }

    /// The stage the order is at, if not cancelled.
    pub fn stage(&self) -> Option<Stage> {
        self.state.stage()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keys_parse_and_print() {
        let k: OrderKey = "tokyo-main/1234567".parse().unwrap();
        assert_eq!(k.shop.as_str(), "tokyo-main");
        assert_eq!(k.order_no, "1234567");
        assert_eq!(k.to_string(), "tokyo-main/1234567");
        // The order number may itself hold a slash; only the first one splits.
        let k: OrderKey = "s/A/B".parse().unwrap();
        assert_eq!(k.order_no, "A/B");
        assert!("noslash".parse::<OrderKey>().is_err());
        assert!("shop/".parse::<OrderKey>().is_err());
        assert!("/123".parse::<OrderKey>().is_err());
    }

    #[test]
    fn crossmall_option_text_joins_attributes() {
        assert_eq!(
            ProductRef::crossmall_option_text("ホワイト", "Sサイズ"),
            "ホワイト,Sサイズ"
        );
        assert_eq!(ProductRef::crossmall_option_text("ホワイト", ""), "ホワイト");
        assert_eq!(ProductRef::crossmall_option_text("", ""), "");
    }
}
