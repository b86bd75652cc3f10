//! Recording what became of each push in an outbox round: the verdict of an error, the backoff
//! before a retry (full jitter, Retry-After honoured), and the store changes and events of a
//! round's verdicts.

use std::time::Duration;

use rand::Rng;

use super::{OutboxRound, Sent, Verdict};
use crate::domain::{HoldReason, Order, Push, PushAttempt, PushKind, PushState, Shop, ShopName, Transition};
use crate::engine::rules::Work;
use crate::engine::ship_check::held_for_conflict;
use crate::engine::{Engine, EngineError, Event};
use crate::market::MarketError;

impl Engine {
    pub(super) fn all_failed(
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

    pub(super) fn verdict_for_error(&self, _p: &Push, e: MarketError) -> Verdict {
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

    pub(super) fn backoff(&self, attempts: u32, retry_after: Option<Duration>) -> Duration {
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

    pub(super) async fn apply_verdicts(
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
