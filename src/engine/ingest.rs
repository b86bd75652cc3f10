//! Merging what a site says about an order into what shipdeck knows: new orders start at the
//! stage their site status implies, site status changes go through the state machine, and every
//! line is resolved to a SKU by exact match.

use serde::{Deserialize, Serialize};

use super::ship_check::pulled_conflict;
use crate::domain::mapping::{resolve, Catalogue};
use crate::domain::status::{classify, SiteStatusClass};
use crate::domain::{HoldReason, Order, OrderKey, OrderLine, OrderState, Shop, Stage, Transition};
use crate::market::SiteOrder;

/// What a merge did to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// First seen.
    New,
    /// Known, and something changed.
    Updated,
    /// The site cancelled it.
    Cancelled,
    /// Held because the site moved it past the start of shipping before shipdeck shipped it, or
    /// shows it shipped with someone else's tracking number while ours was on its way.
    Held,
    /// Nothing changed.
    Unchanged,
}

/// Resolves every line of an order against the catalogue.
pub fn resolve_lines(lines: &mut [OrderLine], shop: &Shop, cat: &impl Catalogue) {
    for line in lines {
        line.sku = resolve(cat, shop.site, &shop.name, &line.product);
    }
}

fn arrival_state(class: SiteStatusClass, cancelled: bool) -> OrderState {
    if cancelled || class == SiteStatusClass::Cancelled {
        return OrderState::Cancelled;
    }
    match class.arrival_stage() {
        Some(stage) => OrderState::at(stage),
        None if class.is_past_shipping_start() => OrderState::Held {
            reason: HoldReason::ShippingStartedOnSite,
            stage: Stage::Collected,
        },
        None => OrderState::at(Stage::Collected),
    }
}

/// The state after the site reports `class` for an order shipdeck has in `state`, and whether the
/// site's word changed it. Transitions the state machine refuses leave the state as it is.
pub fn follow_site(state: &OrderState, class: SiteStatusClass, cancelled: bool) -> (OrderState, Outcome) {
    let try_apply = |t: Transition, outcome: Outcome| match state.apply(&t) {
        Ok(next) if &next != state => (next, outcome),
        _ => (state.clone(), Outcome::Unchanged),
    };
    if cancelled || class == SiteStatusClass::Cancelled {
        return try_apply(Transition::Cancel, Outcome::Cancelled);
    }
    let stage = state.stage();
    match class {
        // Confirmed on the site (by someone else, or our confirmation whose answer was lost).
        SiteStatusClass::Preparing
            if matches!(
                state,
                OrderState::Active {
                    stage: Stage::Collected
                }
            ) =>
        {
            try_apply(Transition::Confirm, Outcome::Updated)
        }
        // Our confirmation was refused (e.g. "already confirmed") but the site shows the order
        // confirmed: the hold is moot.
        SiteStatusClass::Preparing
            if matches!(
                state,
                OrderState::Held {
                    reason: HoldReason::PushFailed,
                    stage: Stage::Collected
                }
            ) =>
        {
            match state
                .apply(&Transition::Release)
                .and_then(|s| s.apply(&Transition::Confirm))
            {
                Ok(next) => (next, Outcome::Updated),
                Err(_) => (state.clone(), Outcome::Unchanged),
            }
        }
        SiteStatusClass::Shipping | SiteStatusClass::Delivered | SiteStatusClass::Claim
            if stage.is_some_and(|s| s < Stage::Received) =>
        {
            match state {
                OrderState::Held {
                    reason: HoldReason::ShippingStartedOnSite,
                    ..
                } => (state.clone(), Outcome::Unchanged),
                _ => try_apply(Transition::Hold(HoldReason::ShippingStartedOnSite), Outcome::Held),
            }
        }
        SiteStatusClass::Delivered
            if matches!(
                state,
                OrderState::Active {
                    stage: Stage::Shipped
                }
            ) =>
        {
            try_apply(Transition::Deliver, Outcome::Updated)
        }
        _ => (state.clone(), Outcome::Unchanged),
    }
}

/// Merges a site order into the known one (or makes a new one). Returns `None` when nothing
/// changed, so a re-pull writes nothing.
pub fn merge(
    existing: Option<&Order>,
    incoming: &SiteOrder,
    shop: &Shop,
    cat: &impl Catalogue,
    now: jiff::Timestamp,
) -> Option<(Order, Outcome)> {
    let class = classify(shop.site, &incoming.site_status.code);
    let mut lines = incoming.lines.clone();
    resolve_lines(&mut lines, shop, cat);
    let Some(old) = existing else {
        let key = OrderKey {
            shop: shop.name.clone(),
            order_no: incoming.order_no.clone(),
        };
        return Some((
            Order {
                key,
                site: shop.site,
                cart_no: incoming.cart_no.clone(),
                site_status: incoming.site_status.clone(),
                state: arrival_state(class, incoming.cancelled),
                ordered_at: incoming.ordered_at,
                paid_at: incoming.paid_at,
                zone: shop.site.zone(),
                buyer: incoming.buyer.clone(),
                receiver: incoming.receiver.clone(),
                delivery_message: incoming.delivery_message.clone(),
                lines,
                tracking: None,
                pushes: Vec::new(),
                collected_at: now,
                updated_at: now,
            },
            Outcome::New,
        ));
    };
    let mut next = old.clone();
    // Lines the site listed replace ours; lines it did not list (e.g. in another status) stay.
    for line in lines {
        match next.lines.iter_mut().find(|l| l.line_key == line.line_key) {
            Some(l) => *l = line,
            None => next.lines.push(line),
        }
    }
    next.site_status = incoming.site_status.clone();
    next.cart_no = incoming.cart_no.clone().or(next.cart_no);
    next.paid_at = incoming.paid_at.or(next.paid_at);
    next.buyer = incoming.buyer.clone();
    next.receiver = incoming.receiver.clone();
    next.delivery_message = incoming.delivery_message.clone();
    // Our shipment is on its way and the site shows the order shipped with another number:
    // someone else shipped it; hold it for an operator instead of taking it.
    let conflict = pulled_conflict(old, incoming).and_then(|_| {
        old.state
            .apply(&Transition::Hold(HoldReason::TrackingConflict))
            .ok()
    });
    let (state, mut outcome) = match conflict {
        Some(held) => (held, Outcome::Held),
        None => follow_site(&old.state, class, incoming.cancelled),
    };
    next.state = state;
    if next == *old {
        return None;
    }
    if outcome == Outcome::Unchanged {
        outcome = Outcome::Updated;
    }
    next.updated_at = now;
    Some((next, outcome))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_status_changes_follow_the_state_machine() {
        use SiteStatusClass::*;
        let collected = OrderState::at(Stage::Collected);
        assert_eq!(
            follow_site(&collected, Preparing, false).0,
            OrderState::at(Stage::Confirmed)
        );
        assert_eq!(
            follow_site(&collected, New, false),
            (collected.clone(), Outcome::Unchanged)
        );
        assert_eq!(follow_site(&collected, Cancelled, false).0, OrderState::Cancelled);
        assert_eq!(follow_site(&collected, New, true).0, OrderState::Cancelled);
        // Shipping started on the site before shipdeck shipped: held for a manual shipping order.
        let (held, outcome) = follow_site(&OrderState::at(Stage::Instructed), Shipping, false);
        assert_eq!(outcome, Outcome::Held);
        assert_eq!(
            held,
            OrderState::Held {
                reason: HoldReason::ShippingStartedOnSite,
                stage: Stage::Instructed
            }
        );
        // A refused confirmation for an order the site shows confirmed is released.
        let refused = OrderState::Held {
            reason: HoldReason::PushFailed,
            stage: Stage::Collected,
        };
        assert_eq!(
            follow_site(&refused, Preparing, false).0,
            OrderState::at(Stage::Confirmed)
        );
        // Held once, not again.
        assert_eq!(follow_site(&held, Shipping, false).1, Outcome::Unchanged);
        // Our own shipment in flight (Received): the outbox decides, not the pull.
        let received = OrderState::at(Stage::Received);
        assert_eq!(follow_site(&received, Shipping, false).1, Outcome::Unchanged);
        // A shipped order cannot be cancelled by a late pull.
        let shipped = OrderState::at(Stage::Shipped);
        assert_eq!(follow_site(&shipped, Cancelled, false).1, Outcome::Unchanged);
        assert_eq!(
            follow_site(&shipped, Delivered, false).0,
            OrderState::at(Stage::Delivered)
        );
    }
}
