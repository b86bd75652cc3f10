//! Telling our shipment from someone else's: what the site shows of an order we are shipping,
//! judged against our own tracking number. Used by the outbox before a ship push is re-sent and
//! by the pull when an order whose shipment is on its way arrives shipped.

use std::collections::HashMap;

use crate::domain::status::classify;
use crate::domain::{Order, OrderState, Stage, Tracking};
use crate::market::{MarketError, Marketplace, SiteOrder, SiteTracking};

/// The site's view of the orders whose pushes are about to be re-sent, read in bulk where one
/// listing answers for many (`Marketplace::find_orders`): by order number, only those found. A
/// failed bulk read finds nothing; each order is then read alone, which reports its own error.
pub async fn bulk_views(
    adapter: &dyn Marketplace,
    wanted: &[(String, jiff::Timestamp)],
) -> HashMap<String, SiteOrder> {
    if wanted.len() < 2 {
        return HashMap::new();
    }
    match adapter.find_orders(wanted).await {
        Ok(found) => found.into_iter().map(|o| (o.order_no.clone(), o)).collect(),
        Err(e) => {
            tracing::warn!(site = %adapter.site(), error = %e, orders = wanted.len(), "bulk read of re-sends failed; reading each order");
            HashMap::new()
        }
    }
}

/// The site's view of one order now: from the bulk read when it found the order, else read
/// alone (`None` when the site does not know it).
pub async fn site_view(
    adapter: &dyn Marketplace,
    order: &Order,
    found: &HashMap<String, SiteOrder>,
) -> Result<Option<SiteOrder>, MarketError> {
    match found.get(&order.key.order_no) {
        Some(so) => Ok(Some(so.clone())),
        None => {
            adapter
                .get_order(&order.key.order_no, Some(order.ordered_at))
                .await
        }
    }
}

/// What the site's view of an order means for our shipment of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShipCheck {
    /// The site does not show the order shipped (or does not know it): our shipment is still
    /// to be sent.
    NotShipped,
    /// The site shows it shipped with our tracking number: ours reached the site.
    Ours(String),
    /// The site shows it shipped but cannot say by whom (its order reads carry no tracking
    /// number, or it shows none): taken as ours, as before tracking was compared.
    Unknown(String),
    /// The site shows it shipped with another tracking number: someone else shipped it.
    Theirs(String),
}

/// Judges the site's view of an order (`None`: the site does not know it) against our tracking.
/// `reports_tracking` is the adapter's [`crate::market::Marketplace::reports_tracking`].
pub fn judge(
    site_order: Option<&SiteOrder>,
    order: &Order,
    ours: &Tracking,
    reports_tracking: bool,
) -> ShipCheck {
    let Some(so) = site_order else {
        return ShipCheck::NotShipped;
    };
    let class = classify(order.site, &so.site_status.code);
    if !class.is_past_shipping_start() {
        return ShipCheck::NotShipped;
    }
    if !reports_tracking {
        return ShipCheck::Unknown(format!(
            "already applied on the site ({class:?}): it shows the order shipped but cannot say by \
             whom ({} order reads carry no tracking number)",
            order.site.display_name()
        ));
    }
    match &so.tracking {
        None => ShipCheck::Unknown(format!(
            "already applied on the site ({class:?}): it shows the order shipped with no tracking \
             number, so it cannot say by whom"
        )),
        Some(t) if t.is_number(ours.number.as_str()) => ShipCheck::Ours(format!(
            "already applied on the site ({class:?}): it shows our tracking number {}",
            t.number
        )),
        Some(t) => ShipCheck::Theirs(conflict_note(t, ours, order)),
    }
}

/// The note of a conflict: both numbers and both carriers, and what was done.
pub fn conflict_note(theirs: &SiteTracking, ours: &Tracking, order: &Order) -> String {
    let carrier = if theirs.carrier.is_empty() {
        "(none given)"
    } else {
        theirs.carrier.as_str()
    };
    format!(
        "the site shows shipped with tracking {} by carrier {carrier}; ours was {} ({}); not sent, \
         the order is held for an operator",
        theirs.number,
        ours.number,
        ours.carrier.name_for(order.site)
    )
}

/// True when an order is held because the site showed someone else's shipment.
pub fn held_for_conflict(state: &OrderState) -> bool {
    matches!(
        state,
        OrderState::Held {
            reason: crate::domain::HoldReason::TrackingConflict,
            ..
        }
    )
}

/// The conflict a pulled site order shows for an order whose shipment is on its way (stage
/// Received with our tracking, not already held for a conflict): the site shows it shipped with
/// another number. Orders without a shipment of ours (shipped elsewhere before we had a tracking
/// number) are not conflicts: the pull takes them as before.
pub fn pulled_conflict(order: &Order, incoming: &SiteOrder) -> Option<String> {
    if order.stage() != Some(Stage::Received) || held_for_conflict(&order.state) {
        return None;
    }
    let ours = order.tracking.as_ref()?;
    let class = classify(order.site, &incoming.site_status.code);
    if incoming.cancelled || !class.is_past_shipping_start() {
        return None;
    }
    let theirs = incoming.tracking.as_ref()?;
    (!theirs.is_number(ours.number.as_str())).then(|| conflict_note(theirs, ours, order))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::marketplace::SiteZone;
    use crate::domain::status::site_status;
    use crate::domain::{Carrier, OrderKey, Party, ShopName, Site, TrackingNumber};

    fn order(site: Site, state: OrderState) -> Order {
        let at = jiff::Timestamp::UNIX_EPOCH;
        Order {
            key: OrderKey::new(ShopName::new("s").unwrap(), "1").unwrap(),
            site,
            cart_no: None,
            site_status: site_status(site, "3"),
            state,
            ordered_at: at,
            paid_at: None,
            zone: SiteZone::Jst,
            buyer: Party::default(),
            receiver: Party::default(),
            delivery_message: String::new(),
            lines: Vec::new(),
            tracking: Some(ours()),
            pushes: Vec::new(),
            collected_at: at,
            updated_at: at,
        }
    }

    fn ours() -> Tracking {
        Tracking::from_label(
            Carrier::Named {
                name: "ヤマト運輸".into(),
            },
            TrackingNumber::new("4912-3456-7890").unwrap(),
        )
    }

    fn site_order(site: Site, status: &str, tracking: Option<(&str, &str)>) -> SiteOrder {
        SiteOrder {
            order_no: "1".into(),
            cart_no: None,
            site_status: site_status(site, status),
            ordered_at: jiff::Timestamp::UNIX_EPOCH,
            paid_at: None,
            buyer: Party::default(),
            receiver: Party::default(),
            delivery_message: String::new(),
            lines: Vec::new(),
            cancelled: false,
            tracking: tracking.and_then(|(c, n)| SiteTracking::from_fields(c, n)),
        }
    }

    #[test]
    fn the_site_view_is_judged_against_our_number() {
        let o = order(Site::Qoo10, OrderState::at(Stage::Received));
        let t = ours();
        assert_eq!(judge(None, &o, &t, true), ShipCheck::NotShipped);
        let confirmed = site_order(Site::Qoo10, "3", None);
        assert_eq!(judge(Some(&confirmed), &o, &t, true), ShipCheck::NotShipped);
        // Same number written differently: ours.
        let same = site_order(Site::Qoo10, "4", Some(("ヤマト運輸", "491234567890")));
        assert!(matches!(judge(Some(&same), &o, &t, true), ShipCheck::Ours(_)));
        // Another number: theirs, both numbers and their carrier in the note.
        let other = site_order(Site::Qoo10, "4", Some(("佐川急便", "5555-0000")));
        let ShipCheck::Theirs(note) = judge(Some(&other), &o, &t, true) else {
            panic!()
        };
        assert!(
            note.contains("5555-0000") && note.contains("佐川急便") && note.contains("4912-3456-7890"),
            "{note}"
        );
        // A site that cannot tell, or shows no number: taken as applied, and the note says so.
        let ShipCheck::Unknown(note) = judge(Some(&other), &o, &t, false) else {
            panic!()
        };
        assert!(note.contains("cannot say by whom"), "{note}");
        let bare = site_order(Site::Qoo10, "4", None);
        assert!(matches!(judge(Some(&bare), &o, &t, true), ShipCheck::Unknown(_)));
    }

    #[test]
    fn a_pull_sees_a_conflict_only_for_our_shipment_in_flight() {
        let other = site_order(Site::Qoo10, "4", Some(("佐川急便", "5555-0000")));
        let same = site_order(Site::Qoo10, "4", Some(("ヤマト運輸", "4912 3456 7890")));
        let received = order(Site::Qoo10, OrderState::at(Stage::Received));
        assert!(pulled_conflict(&received, &other).is_some());
        assert_eq!(pulled_conflict(&received, &same), None);
        assert_eq!(
            pulled_conflict(&received, &site_order(Site::Qoo10, "3", None)),
            None
        );
        // No tracking of ours (shipped elsewhere before we had one): not a conflict.
        let mut instructed = order(Site::Qoo10, OrderState::at(Stage::Instructed));
        instructed.tracking = None;
        assert_eq!(pulled_conflict(&instructed, &other), None);
        // Held once, not again.
        let held = order(
            Site::Qoo10,
            OrderState::Held {
                reason: crate::domain::HoldReason::TrackingConflict,
                stage: Stage::Received,
            },
        );
        assert_eq!(pulled_conflict(&held, &other), None);
        // Held for a failed push at Received: still our shipment, still a conflict.
        let failed = order(
            Site::Qoo10,
            OrderState::Held {
                reason: crate::domain::HoldReason::PushFailed,
                stage: Stage::Received,
            },
        );
        assert!(pulled_conflict(&failed, &other).is_some());
    }
}
