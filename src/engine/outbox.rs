//! The outbox worker: sends due pushes in batches per shop, checks the site's state before
//! re-sending (so a call that succeeded but whose answer was lost is not applied twice), retries
//! with exponential backoff and full jitter honouring Retry-After, and records every result.

use std::collections::BTreeMap;
use std::time::Duration;

mod record;

use super::rules::Work;
use super::ship_check::{bulk_views, held_for_conflict, judge, site_view, ShipCheck};
use super::{Engine, EngineError};
use crate::domain::status::{classify, SiteStatusClass};
use crate::domain::{Order, OrderState, Push, PushKind, Shop, ShopName, Stage};
use crate::market::{ConfirmItem, LineResult, MarketError, Shipment, StockUpdate};

/// What one round of the outbox did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutboxRound {
    /// Pushes the site accepted (or had already applied).
    pub done: u64,
    /// Pushes given up on.
    pub failed: u64,
    /// Pushes rescheduled for another attempt.
    pub retried: u64,
    /// Pushes dropped (order cancelled, no longer needed).
    pub dropped: u64,
    /// Shops whose round failed as a whole (`SHOP: reason`); the other shops' pushes went on.
    #[serde(default)]
    pub errors: Vec<String>,
}

/// What went out in a round: the pushes sent, and the quantity each stock push carried.
#[derive(Debug, Default)]
struct Sent {
    ids: Vec<u64>,
    stock: BTreeMap<u64, i64>,
}

/// What became of one push in this round.
enum Verdict {
    Done(String),
    Failed(String),
    Retry(String, Option<Duration>),
    Dropped(String),
    /// Not sent: the site shows the order shipped with someone else's tracking number. The push
    /// fails with this note and the order is held for an operator.
    Conflict(String),
    /// Not sent: the shop's traffic is stopped; look again later without counting an attempt.
    Wait,
    /// The site refused the call for its rate (nothing was processed): try again after its
    /// Retry-After without spending an attempt, so a busy site cannot exhaust a push.
    Throttled(String, Option<Duration>),
}

impl Engine {
    /// Sends every push due now, once; returns what happened.
    pub async fn run_outbox_once(&self) -> Result<OutboxRound, EngineError> {
        let due = self.store.due_pushes(self.now(), 1000)?;
        let mut by_shop: BTreeMap<ShopName, Vec<Push>> = BTreeMap::new();
        for p in due {
            by_shop.entry(p.shop.clone()).or_default().push(p);
        }
        let mut round = OutboxRound::default();
        for (shop_name, pushes) in by_shop {
            // One shop's failure (its store records, its site) is its own: the others go on.
            if let Err(e) = self.outbox_shop(&shop_name, &pushes, &mut round).await {
                tracing::warn!(shop = %shop_name, error = %e, "push round failed");
                let reason = crate::domain::text::clean(&format!("pushes failed: {e}")).into_owned();
                let health = crate::domain::shop::ShopHealth::Error {
                    at: self.now(),
                    message: reason.clone(),
                };
                if let Err(h) = self.set_health(&shop_name, health) {
                    tracing::error!(shop = %shop_name, error = %h, "cannot record the shop's health");
                }
                round.errors.push(format!("{shop_name}: {reason}"));
            }
        }
        Ok(round)
    }

    async fn outbox_shop(
        &self,
        shop_name: &ShopName,
        pushes: &[Push],
        round: &mut OutboxRound,
    ) -> Result<(), EngineError> {
        let mut sent = Sent::default();
        let verdicts = match self.store.get_shop(shop_name)? {
            None => pushes
                .iter()
                .map(|p| (p.id, Verdict::Dropped(format!("shop `{shop_name}` was removed"))))
                .collect(),
            Some(shop) if Self::stopped(&shop) => pushes.iter().map(|p| (p.id, Verdict::Wait)).collect(),
            Some(shop) => {
                self.mark_sending(pushes, true);
                let v = self.send_shop(&shop, pushes, &mut sent).await;
                if v.is_err() {
                    self.mark_sending(pushes, false);
                }
                v?
            }
        };
        let applied = self.apply_verdicts(shop_name, verdicts, &sent, round).await;
        self.mark_sending(pushes, false);
        applied
    }

    /// Notes pushes as handed to a site call (or no longer), so a bulk cancel leaves them be.
    fn mark_sending(&self, pushes: &[Push], on: bool) {
        if let Ok(mut s) = self.sending.lock() {
            for p in pushes {
                if on {
                    s.insert(p.id);
                } else {
                    s.remove(&p.id);
                }
            }
        }
    }

    async fn send_shop(
        &self,
        shop: &Shop,
        pushes: &[Push],
        sent_out: &mut Sent,
    ) -> Result<Vec<(u64, Verdict)>, EngineError> {
        let adapter = match self.adapter(shop) {
            Ok(a) => a,
            Err(e) => {
                return Ok(pushes
                    .iter()
                    .map(|p| (p.id, Verdict::Failed(e.to_string())))
                    .collect())
            }
        };
        let mut verdicts = Vec::new();
        let mut confirms: Vec<(&Push, Order)> = Vec::new();
        let mut ships: Vec<(&Push, Order)> = Vec::new();
        let mut stocks: Vec<&Push> = Vec::new();
        for p in pushes {
            let order = match &p.order_no {
                Some(no) => match self.store.get_order(&crate::domain::OrderKey {
                    shop: shop.name.clone(),
                    order_no: no.clone(),
                }) {
                    Ok(o) => o,
                    // The stored order cannot be read: this push cannot go, the others can.
                    Err(e @ crate::store::StoreError::Decode { .. }) => {
                        verdicts.push((
                            p.id,
                            Verdict::Failed(format!("the stored order is unreadable: {e}")),
                        ));
                        continue;
                    }
                    Err(e) => return Err(e.into()),
                },
                None => None,
            };
            match (&p.kind, order) {
                (PushKind::Stock { .. }, _) => stocks.push(p),
                (_, None) => verdicts.push((p.id, Verdict::Dropped("the order is no longer known".into()))),
                (PushKind::Confirm { .. }, Some(o)) => match &o.state {
                    OrderState::Active {
                        stage: Stage::Collected,
                    } => confirms.push((p, o)),
                    OrderState::Cancelled => {
                        verdicts.push((p.id, Verdict::Dropped("the order was cancelled".into())))
                    }
                    other => verdicts.push((
                        p.id,
                        Verdict::Done(format!("nothing to do: the order is {other}")),
                    )),
                },
                (PushKind::Ship { .. }, Some(o)) => match &o.state {
                    OrderState::Active {
                        stage: Stage::Received,
                    }
                    | OrderState::Held {
                        stage: Stage::Received,
                        ..
                    } => ships.push((p, o)),
                    OrderState::Cancelled => {
                        verdicts.push((p.id, Verdict::Dropped("the order was cancelled".into())))
                    }
                    other => verdicts.push((
                        p.id,
                        Verdict::Done(format!("nothing to do: the order is {other}")),
                    )),
                },
            }
        }
        // Re-sends: ask the site first, in one bulk read where a listing answers for many.
        let rechecks: Vec<(String, jiff::Timestamp)> = confirms
            .iter()
            .filter(|(p, _)| p.may_have_reached_the_site())
            .chain(
                ships
                    .iter()
                    .filter(|(p, o)| p.may_have_reached_the_site() || held_for_conflict(&o.state)),
            )
            .map(|(_, o)| (o.key.order_no.clone(), o.ordered_at))
            .collect();
        let found = bulk_views(adapter.as_ref(), &rechecks).await;
        let mut to_confirm = Vec::new();
        for (p, o) in confirms {
            if p.may_have_reached_the_site() {
                let class = site_view(adapter.as_ref(), &o, &found)
                    .await
                    .map(|so| so.map(|so| classify(o.site, &so.site_status.code)));
                match class {
                    // Only positive evidence counts: the site shows the order confirmed or further on.
                    Ok(Some(c))
                        if matches!(
                            c,
                            SiteStatusClass::Preparing
                                | SiteStatusClass::Shipping
                                | SiteStatusClass::Delivered
                        ) =>
                    {
                        verdicts.push((
                            p.id,
                            Verdict::Done(format!("already applied on the site ({c:?})")),
                        ));
                        continue;
                    }
                    Ok(Some(SiteStatusClass::Cancelled)) => {
                        verdicts.push((p.id, Verdict::Dropped("the site cancelled the order".into())));
                        continue;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        verdicts.push((p.id, self.verdict_for_error(p, e)));
                        continue;
                    }
                }
            }
            to_confirm.push((p, o));
        }
        let mut to_ship = Vec::new();
        for (p, o) in ships {
            // A re-send (the last answer may have been lost), or a push for an order held because
            // the site showed someone else's shipment: look at the site first, and never send
            // over a shipment that is not ours.
            if p.may_have_reached_the_site() || held_for_conflict(&o.state) {
                let PushKind::Ship { tracking, .. } = &p.kind else {
                    continue;
                };
                let site_order = match site_view(adapter.as_ref(), &o, &found).await {
                    Ok(so) => so,
                    Err(e) => {
                        verdicts.push((p.id, self.verdict_for_error(p, e)));
                        continue;
                    }
                };
                match judge(site_order.as_ref(), &o, tracking, adapter.reports_tracking()) {
                    ShipCheck::NotShipped => {}
                    ShipCheck::Ours(note) | ShipCheck::Unknown(note) => {
                        verdicts.push((p.id, Verdict::Done(note)));
                        continue;
                    }
                    ShipCheck::Theirs(note) => {
                        verdicts.push((p.id, Verdict::Conflict(note)));
                        continue;
                    }
                }
            }
            to_ship.push((p, o));
        }
        // Record the attempt durably before the call: after a crash, a push that may have reached
        // the site is checked against the site before it is sent again.
        let sending: Vec<u64> = to_confirm
            .iter()
            .map(|(p, _)| p.id)
            .chain(to_ship.iter().map(|(p, _)| p.id))
            .chain(stocks.iter().map(|p| p.id))
            .collect();
        self.mark_sent(&sending).await?;
        sent_out.ids.extend(&sending);
        if !to_confirm.is_empty() {
            let items: Vec<ConfirmItem> = to_confirm
                .iter()
                .map(|(p, o)| ConfirmItem {
                    order_no: o.key.order_no.clone(),
                    line_keys: match &p.kind {
                        PushKind::Confirm { line_keys } => line_keys.clone(),
                        _ => Vec::new(),
                    },
                })
                .collect();
            match adapter.confirm(&items).await {
                Ok(results) => {
                    for (p, o) in &to_confirm {
                        verdicts.push((p.id, line_verdict(&o.key.order_no, &results)));
                    }
                }
                Err(e) => self.all_failed(&to_confirm, e, &mut verdicts, shop)?,
            }
        }
        if !to_ship.is_empty() {
            let shipments: Vec<Shipment> = to_ship
                .iter()
                .filter_map(|(p, o)| match &p.kind {
                    PushKind::Ship { tracking, line_keys } => Some(Shipment {
                        order_no: o.key.order_no.clone(),
                        lines: o
                            .lines
                            .iter()
                            .filter(|l| line_keys.contains(&l.line_key))
                            .cloned()
                            .collect(),
                        carrier: tracking.carrier.clone(),
                        tracking: tracking.number.clone(),
                        shipped_at: self.now(),
                    }),
                    _ => None,
                })
                .collect();
            match adapter.ship(&shipments).await {
                Ok(results) => {
                    for (p, o) in &to_ship {
                        verdicts.push((p.id, line_verdict(&o.key.order_no, &results)));
                    }
                }
                Err(e) => self.all_failed(&to_ship, e, &mut verdicts, shop)?,
            }
        }
        if !stocks.is_empty() {
            let mut updates = Vec::new();
            for p in &stocks {
                if let PushKind::Stock { code, sku } = &p.kind {
                    let quantity = self.store.get_sku(sku)?.map(|s| s.available()).unwrap_or(0);
                    updates.push(StockUpdate {
                        code: code.clone(),
                        quantity,
                    });
                }
            }
            match adapter.update_stock(&updates).await {
                Ok(results) => {
                    for (p, u) in stocks.iter().zip(&updates) {
                        let v = match results.iter().find(|r| r.code == u.code).map(|r| &r.outcome) {
                            Some(Ok(())) => {
                                sent_out.stock.insert(p.id, u.quantity);
                                Verdict::Done(format!("stock set to {}", u.quantity))
                            }
                            Some(Err(m)) => Verdict::Failed(m.clone()),
                            None => Verdict::Failed("the site returned no result for this code".into()),
                        };
                        verdicts.push((p.id, v));
                    }
                }
                Err(e) => {
                    if matches!(e, MarketError::Auth { .. } | MarketError::KeyExpired { .. }) {
                        self.set_health(&shop.name, self.health_for(&e))?;
                    }
                    for p in &stocks {
                        verdicts.push((p.id, self.verdict_for_error(p, e.clone())));
                    }
                }
            }
        }
        Ok(verdicts)
    }

    /// Counts an attempt on each push and makes it durable, before the call goes out.
    async fn mark_sent(&self, ids: &[u64]) -> Result<(), EngineError> {
        if ids.is_empty() {
            return Ok(());
        }
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, None);
        for id in ids {
            if let Some(mut p) = work.push(*id)? {
                p.attempts += 1;
                p.calls += 1;
                work.put_push(p);
            }
        }
        work.commit()?;
        Ok(())
    }
}

/// A push succeeds when every line of its order that the site answered for succeeded.
fn line_verdict(order_no: &str, results: &[LineResult]) -> Verdict {
    let mine: Vec<&LineResult> = results.iter().filter(|r| r.order_no == order_no).collect();
    if mine.is_empty() {
        return Verdict::Failed("the site returned no result for this order".into());
    }
    let refusals: Vec<String> = mine
        .iter()
        .filter_map(|r| {
            r.outcome.as_ref().err().map(|m| match &r.line_key {
                Some(l) => format!("line {l}: {m}"),
                None => m.clone(),
            })
        })
        .collect();
    if refusals.is_empty() {
        Verdict::Done("accepted".into())
    } else {
        Verdict::Failed(refusals.join("; "))
    }
}
