//! The outbox worker: sends due pushes in batches per shop, checks the site's state before
//! re-sending (so a call that succeeded but whose answer was lost is not applied twice), retries
//! with exponential backoff and full jitter honouring Retry-After, and records every result.

use std::collections::BTreeMap;
use std::time::Duration;

use rand::Rng;

use super::rules::Work;
use super::ship_check::{bulk_views, held_for_conflict, judge, site_view, ShipCheck};
use super::{Engine, EngineError, Event};
use crate::domain::status::{classify, SiteStatusClass};
use crate::domain::{
    HoldReason, Order, OrderState, Push, PushAttempt, PushKind, PushState, Shop, ShopName, Stage, Transition,
};
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

    fn all_failed(
        &self,
        batch: &[(&Push, Order)],
        e: MarketError,
        verdicts: &mut Vec<(u64, Verdict)>,
        shop: &Shop,
    ) -> Result<(), EngineError> {
        if matches!(e, MarketError::Auth { .. } | MarketError::KeyExpired { .. }) {
            self.set_health(&shop.name, self.health_for(&e))?;
        }
        for (p, _) in batch {
            verdicts.push((p.id, self.verdict_for_error(p, e.clone())));
        }
        Ok(())
    }

    fn verdict_for_error(&self, _p: &Push, e: MarketError) -> Verdict {
        match e {
            MarketError::Auth { .. } | MarketError::KeyExpired { .. } => Verdict::Wait,
            MarketError::RateLimited { retry_after, message } => Verdict::Throttled(message, retry_after),
            e @ (MarketError::Transient { .. } | MarketError::Malformed { .. }) => {
                Verdict::Retry(e.to_string(), None)
            }
            MarketError::Permanent { message } => Verdict::Failed(message),
            other => Verdict::Failed(other.to_string()),
        }
    }

    fn backoff(&self, attempts: u32, retry_after: Option<Duration>) -> Duration {
        let cap = self.opts.push_backoff_max;
        let exp = self
            .opts
            .push_backoff_base
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(16))
            .min(cap);
        let jittered = Duration::from_millis(rand::rng().random_range(0..=exp.as_millis() as u64));
        match retry_after {
            Some(r) => r.min(cap).max(jittered),
            None => jittered,
        }
    }

    async fn apply_verdicts(
        &self,
        shop_name: &ShopName,
        verdicts: Vec<(u64, Verdict)>,
        sent: &Sent,
        round: &mut OutboxRound,
    ) -> Result<(), EngineError> {
        if verdicts.is_empty() {
            return Ok(());
        }
        let shop = self.store.get_shop(shop_name)?;
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, None);
        let now = work.now;
        let mut finished = Vec::new();
        for (id, verdict) in verdicts {
            let Some(mut p) = work.push(id)? else { continue };
            if !p.state.is_pending() {
                continue;
            }
            let counted = !matches!(
                verdict,
                Verdict::Wait | Verdict::Dropped(_) | Verdict::Throttled(..)
            );
            // Sent pushes were counted before the call; a verdict reached without a call (the
            // pre-check failed) counts here. A throttled call gives its attempt back (the call
            // still counts in `calls`: a re-send is checked against the site first).
            if counted && !sent.ids.contains(&id) {
                p.attempts += 1;
            }
            if matches!(verdict, Verdict::Throttled(..)) && sent.ids.contains(&id) {
                p.attempts = p.attempts.saturating_sub(1);
            }
            let order_key = p.order_no.as_ref().map(|no| crate::domain::OrderKey {
                shop: shop_name.clone(),
                order_no: no.clone(),
            });
            let mut order = match &order_key {
                Some(k) => work.order(k)?,
                None => None,
            };
            let before = order.as_ref().map(|o| o.state.clone());
            let outcome: Result<(), String> = match verdict {
                Verdict::Done(note) => {
                    p.state = PushState::Done { at: now };
                    p.last_error = None;
                    p.note = Some(note.clone());
                    round.done += 1;
                    if let Some(o) = order.as_mut() {
                        match &p.kind {
                            PushKind::Confirm { .. } => {
                                if let Ok(next) = o.state.apply(&Transition::Confirm) {
                                    o.state = next;
                                }
                            }
                            PushKind::Ship { .. } => {
                                // The site now shows our shipment: a conflict hold is moot.
                                if held_for_conflict(&o.state) {
                                    if let Ok(next) = o.state.apply(&Transition::Release) {
                                        o.state = next;
                                    }
                                }
                                work.shipped(o)?;
                            }
                            PushKind::Stock { .. } => {}
                        }
                    }
                    // Availability moved while the quantity was on its way: send it again.
                    if let (PushKind::Stock { sku, .. }, Some(q)) = (&p.kind, sent.stock.get(&p.id)) {
                        work.touch_if_changed(sku, *q)?;
                    }
                    tracing::info!(push = %p, %note, "push done");
                    Ok(())
                }
                Verdict::Failed(msg) => {
                    p.state = PushState::Failed { at: now };
                    p.last_error = Some(msg.clone());
                    round.failed += 1;
                    if let Some(o) = order.as_mut() {
                        if let Ok(next) = o.state.apply(&Transition::Hold(HoldReason::PushFailed)) {
                            o.state = next;
                        }
                    }
                    tracing::warn!(push = %p, error = %msg, "push failed");
                    Err(msg)
                }
                Verdict::Conflict(msg) => {
                    p.state = PushState::Failed { at: now };
                    p.last_error = Some(msg.clone());
                    p.note = Some(msg.clone());
                    round.failed += 1;
                    if let Some(o) = order.as_mut() {
                        if let Ok(next) = o.state.apply(&Transition::Hold(HoldReason::TrackingConflict)) {
                            o.state = next;
                        }
                    }
                    tracing::warn!(push = %p, note = %msg, "shipment not sent: the site shows another tracking number");
                    Err(msg)
                }
                Verdict::Retry(msg, retry_after) => {
                    p.last_error = Some(msg.clone());
                    if p.attempts >= self.opts.push_max_attempts {
                        p.state = PushState::Failed { at: now };
                        round.failed += 1;
                        if let Some(o) = order.as_mut() {
                            if let Ok(next) = o.state.apply(&Transition::Hold(HoldReason::PushFailed)) {
                                o.state = next;
                            }
                        }
                    } else {
                        let wait = self.backoff(p.attempts, retry_after);
                        p.state = PushState::Pending {
                            due_at: now + jiff::SignedDuration::try_from(wait).unwrap_or_default(),
                        };
                        round.retried += 1;
                    }
                    Err(msg)
                }
                Verdict::Dropped(msg) => {
                    p.state = PushState::Dropped { at: now };
                    p.note = Some(msg.clone());
                    round.dropped += 1;
                    Err(msg)
                }
                Verdict::Throttled(msg, retry_after) => {
                    p.last_error = Some(msg.clone());
                    let wait = self.backoff(p.attempts.max(1), retry_after);
                    p.state = PushState::Pending {
                        due_at: now + jiff::SignedDuration::try_from(wait).unwrap_or_default(),
                    };
                    round.retried += 1;
                    Err(msg)
                }
                Verdict::Wait => {
                    p.state = PushState::Pending {
                        due_at: now + jiff::SignedDuration::try_from(self.opts.auth_wait).unwrap_or_default(),
                    };
                    Err("waiting: the shop's credentials were refused".into())
                }
            };
            p.updated_at = now;
            if counted {
                work.log(PushAttempt {
                    push_id: p.id,
                    attempt: p.attempts,
                    at: now,
                    outcome,
                });
            }
            if let (Some(mut o), Some(shop)) = (order, shop.as_ref()) {
                if Some(&o.state) != before.as_ref() {
                    o.updated_at = now;
                    work.settle(shop, &mut o, before.as_ref())?;
                    work.put_order(o);
                }
            }
            finished.push(p.clone());
            work.put_push(p);
        }
        let keys = work.commit()?;
        self.bulk_finished(&finished);
        for p in finished {
            self.emit(Event::PushResult { push: Box::new(p) });
        }
        if !keys.is_empty() {
            self.emit(Event::OrdersChanged { keys });
        }
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
