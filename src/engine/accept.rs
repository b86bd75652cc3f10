//! `AcceptSiteShipment`: an operator takes the shipment someone else made on the site (held as a
//! tracking conflict) as the order's shipment: the order takes the site's carrier and number and
//! is shipped; our ship push, never sent over theirs, is closed.

use super::api::CommandResult;
use super::rules::Work;
use super::ship_check::held_for_conflict;
use super::{Engine, EngineError};
use crate::domain::tracking::TrackingSource;
use crate::domain::{Carrier, OrderKey, Tracking, TrackingNumber, Transition};

impl Engine {
    /// Accepts the site's own shipment of an order held for a tracking conflict.
    pub(super) async fn accept_site_shipment(
        &self,
        actor: &super::caller::Caller,
        key: &OrderKey,
    ) -> Result<CommandResult, EngineError> {
        let Some(order) = self.store.get_order(key)? else {
            return Err(EngineError::Invalid(format!("{key}: no such order")));
        };
        if !held_for_conflict(&order.state) {
            return Err(EngineError::Invalid(format!(
                "{key} is {}; only an order held because the site shows another tracking number \
                 can take the site's shipment",
                order.state
            )));
        }
        let shop = self.shop(&key.shop)?;
        let market = |source| EngineError::Market {
            shop: key.shop.to_string(),
            source,
        };
        let adapter = self.adapter(&shop).map_err(market)?;
        let site = adapter
            .get_order(&key.order_no, Some(order.ordered_at))
            .await
            .map_err(market)?;
        let Some(theirs) = site.and_then(|s| s.tracking) else {
            return Err(EngineError::Invalid(format!(
                "{key}: the site no longer shows a shipment with a tracking number; nothing changed"
            )));
        };
        let number = TrackingNumber::new(&theirs.number).map_err(|e| {
            EngineError::Invalid(format!("{key}: the site's tracking number is not usable: {e}"))
        })?;
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, Some(actor.actor.0.clone()));
        let Some(mut o) = work.order(key)? else {
            return Err(EngineError::Invalid(format!("{key}: no such order")));
        };
        if !held_for_conflict(&o.state) {
            return Err(EngineError::Invalid(format!(
                "{key} changed meanwhile: it is {}",
                o.state
            )));
        }
        let ours = o
            .tracking
            .as_ref()
            .map(|t| t.number.to_string())
            .unwrap_or_default();
        o.state = o
            .state
            .apply(&Transition::Release)
            .map_err(|e| EngineError::Invalid(e.to_string()))?;
        o.tracking = Some(Tracking {
            carrier: Carrier::parse(&theirs.carrier),
            number: number.clone(),
            source: TrackingSource::SiteShipment,
        });
        work.shipped(&mut o)?;
        o.updated_at = work.now;
        let why = format!(
            "not sent: {} accepted the site's shipment ({} {}) in place of ours ({ours})",
            actor.actor.0, theirs.carrier, theirs.number
        );
        self.close_pending(&mut work, &o, "ship", &why)?;
        work.put_order(o);
        work.record(actor.entry(
            work.now,
            "orders.accept_site_shipment",
            format!("{key} {} (ours was {ours})", theirs.number),
            "ok",
        ));
        work.commit()?;
        Ok(CommandResult::Items {
            items: vec![crate::engine::ItemResult {
                item: key.to_string(),
                outcome: Ok(format!("shipped with the site's tracking {}", theirs.number)),
            }],
        })
    }
}
