//! Each site's own order statuses: which are collectable and what each means for the life cycle.

use serde::{Deserialize, Serialize};

use super::lifecycle::Stage;
use super::marketplace::Site;

/// A status as the site gives it: the raw code and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SiteStatus {
    /// The raw code (`2`, `11`, `発送待機`…).
    pub code: String,
    /// The site's name for it (`New Order`, `출고지시`…), or the code when unknown.
    pub name: String,
}

/// What a site status means, independent of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteStatusClass {
    /// Not paid yet (awaiting deposit or konbini payment).
    AwaitingPayment,
    /// Paid and new: the site expects the seller to confirm.
    New,
    /// Confirmed / preparing shipment.
    Preparing,
    /// Shipping has started (dispatched, in delivery).
    Shipping,
    /// Delivered or purchase decided.
    Delivered,
    /// Cancelled on the site.
    Cancelled,
    /// Return, exchange or pickup claim.
    Claim,
    /// A code this table does not know.
    Unknown,
}

impl SiteStatusClass {
    /// The stage an order newly collected in this site status starts at, when it may be collected.
    pub fn arrival_stage(self) -> Option<Stage> {
        match self {
            SiteStatusClass::New => Some(Stage::Collected),
            SiteStatusClass::Preparing => Some(Stage::Confirmed),
            _ => None,
        }
    }

    /// True when the site has moved past the start of shipping (or ended the order otherwise):
    /// an order shipdeck has not yet shipped then needs a manual shipping order.
    pub fn is_past_shipping_start(self) -> bool {
        matches!(
            self,
            SiteStatusClass::Shipping | SiteStatusClass::Delivered | SiteStatusClass::Claim
        )
    }
}

/// The Crossmall phase that collectable orders are in.
pub const CROSSMALL_AWAITING_PHASE: &str = "発送待機";
/// The Crossmall phase shipped orders are moved to; the seller must create it with exactly this name.
pub const CROSSMALL_SHIPPED_PHASE: &str = "QXPRESS発送済み";

/// (code, name, class) per site. Sources: the seeds and `marketplaces.md`.
fn table(site: Site) -> &'static [(&'static str, &'static str, SiteStatusClass)] {
    use SiteStatusClass::*;
    match site {
        Site::Qoo10 => &[
            ("1", "Awaiting shipping (awaiting payment)", AwaitingPayment),
            ("2", "New Order (On request)", New),
            ("3", "Order Confirmed (Seller confirm)", Preparing),
            ("4", "On delivery", Shipping),
            ("5", "Delivered", Delivered),
            ("cancel", "Cancelled (claim)", Cancelled),
        ],
        Site::Gmarket | Site::Auction => &[
            ("1", "New Order (결제완료)", New),
            ("2", "To ship (배송준비중)", Preparing),
            ("3", "In delivery (배송중)", Shipping),
            ("4", "Delivered (배송완료)", Delivered),
            ("5", "Purchase decided (구매결정)", Delivered),
            ("cancel", "Cancelled (취소)", Cancelled),
        ],
        Site::Lotteon => &[
            ("11", "New Order (출고지시)", New),
            ("12", "Product preparation (상품준비)", Preparing),
            ("13", "Dispatched (발송완료)", Shipping),
            ("14", "Delivered (배송완료)", Delivered),
            ("15", "Received (수취완료)", Delivered),
            ("23", "Pickup instructed (회수지시)", Claim),
            ("24", "Pickup in progress (회수진행)", Claim),
            ("25", "Picked up (회수완료)", Claim),
            ("26", "Pickup confirmed (회수확정)", Claim),
            ("cancel", "Cancelled (취소)", Cancelled),
        ],
        Site::Crossmall => &[
            (
                CROSSMALL_AWAITING_PHASE,
                "Awaiting shipment (発送待機)",
                Preparing,
            ),
            (
                CROSSMALL_SHIPPED_PHASE,
                "Shipped by Qxpress (QXPRESS発送済み)",
                Shipping,
            ),
            ("発送済み", "Shipped (発送済み)", Shipping),
            ("完了", "Completed (完了)", Delivered),
            ("cancel", "Cancelled (キャンセル)", Cancelled),
        ],
        Site::Grip => &[
            ("1", "Payment completed (결제완료)", New),
            ("2", "Awaiting deposit (입금대기)", AwaitingPayment),
            ("10", "Preparing for delivery (배송준비중)", Preparing),
            ("11", "Shipping (배송중)", Shipping),
            ("12", "Dispatch delayed (발송지연)", Preparing),
            ("13", "Delivered (배송완료)", Delivered),
            ("90", "Purchase confirmed (구매확정)", Delivered),
            ("91", "Purchase confirmed (구매확정)", Delivered),
        ],
    }
}

/// Grip's numeric ranges for claims and cancellations.
fn grip_range(code: &str) -> Option<SiteStatusClass> {
    let n: u32 = code.parse().ok()?;
    match n {
        40..=55 => Some(SiteStatusClass::Claim),
        60..=64 | 80..=84 => Some(SiteStatusClass::Cancelled),
        _ => None,
    }
}

/// Classifies a site's raw status code.
pub fn classify(site: Site, code: &str) -> SiteStatusClass {
    let code = code.trim();
    if let Some((_, _, class)) = table(site).iter().find(|(c, _, _)| *c == code) {
        return *class;
    }
    if site == Site::Grip {
        if let Some(class) = grip_range(code) {
            return class;
        }
    }
    SiteStatusClass::Unknown
}

/// True when orders in this site status are pulled (the seeds' "collectable statuses").
pub fn is_collectable(site: Site, code: &str) -> bool {
    collectable_codes(site).contains(&code.trim())
}

/// The codes each site's orders are pulled in.
pub const fn collectable_codes(site: Site) -> &'static [&'static str] {
    match site {
        Site::Qoo10 => &["2", "3"],
        Site::Gmarket | Site::Auction => &["1", "2"],
        Site::Lotteon => &["11", "12"],
        Site::Crossmall => &[CROSSMALL_AWAITING_PHASE],
        Site::Grip => &["1", "10"],
    }
}

/// A site status with its name filled in from the table (the code itself when unknown).
pub fn site_status(site: Site, code: &str) -> SiteStatus {
    let code = code.trim();
    let name = table(site)
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, n, _)| (*n).to_string())
        .or_else(|| {
            grip_range(code)
                .filter(|_| site == Site::Grip)
                .map(|class| match class {
                    SiteStatusClass::Claim => format!("Return/exchange ({code})"),
                    _ => format!("Cancelled ({code})"),
                })
        })
        .unwrap_or_else(|| code.to_string());
    SiteStatus {
        code: code.to_string(),
        name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::marketplace::ALL_SITES;

    #[test]
    fn collectable_statuses_follow_the_seeds() {
        assert!(is_collectable(Site::Qoo10, "2") && is_collectable(Site::Qoo10, "3"));
        assert!(!is_collectable(Site::Qoo10, "4"));
        assert!(is_collectable(Site::Gmarket, "1") && is_collectable(Site::Auction, "2"));
        assert!(is_collectable(Site::Lotteon, "11") && is_collectable(Site::Lotteon, "12"));
        assert!(!is_collectable(Site::Lotteon, "13"));
        assert!(is_collectable(Site::Crossmall, "発送待機"));
        assert!(!is_collectable(Site::Crossmall, "発送待ち"));
        assert!(is_collectable(Site::Grip, "1") && is_collectable(Site::Grip, "10"));
        assert!(!is_collectable(Site::Grip, "12"));
    }

    #[test]
    fn every_collectable_status_has_an_arrival_stage() {
        for site in ALL_SITES {
            for code in collectable_codes(site) {
                assert!(classify(site, code).arrival_stage().is_some(), "{site} {code}");
            }
        }
    }

    #[test]
    fn classification_maps_onto_the_life_cycle() {
        assert_eq!(classify(Site::Qoo10, "2").arrival_stage(), Some(Stage::Collected));
        assert_eq!(classify(Site::Qoo10, "3").arrival_stage(), Some(Stage::Confirmed));
        assert!(classify(Site::Lotteon, "13").is_past_shipping_start());
        assert!(classify(Site::Crossmall, CROSSMALL_SHIPPED_PHASE).is_past_shipping_start());
        assert_eq!(classify(Site::Grip, "62"), SiteStatusClass::Cancelled);
        assert_eq!(classify(Site::Grip, "45"), SiteStatusClass::Claim);
        assert_eq!(classify(Site::Grip, "999"), SiteStatusClass::Unknown);
        assert!(!SiteStatusClass::Unknown.is_past_shipping_start());
    }

    #[test]
    fn names_are_filled_in() {
        assert_eq!(site_status(Site::Lotteon, "11").name, "New Order (출고지시)");
        assert_eq!(site_status(Site::Grip, "82").name, "Cancelled (82)");
        assert_eq!(site_status(Site::Qoo10, "77").name, "77");
    }
}
