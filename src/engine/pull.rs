//! Pulling a shop: windows that overlap the last one, cut into pieces each made durable before
//! the next, merged order by order, and a check of known orders the site stopped listing.

use std::collections::BTreeSet;

use super::ingest::{merge, Outcome};
use super::rules::Work;
use super::ship_check::{held_for_conflict, pulled_conflict};
use super::{Engine, EngineError, Event, PullSummary};
use crate::domain::shop::ShopHealth;
use crate::domain::{Shop, ShopName, StatusKey};
use crate::market::{MarketError, SiteOrder, Window};
use crate::store::keys;

/// The statuses of orders open on our side: before shipping, and with `received` also those
/// whose shipment is on its way.
fn open_statuses(received: bool) -> Vec<StatusKey> {
    let mut v = vec![
        StatusKey::Collected,
        StatusKey::Confirmed,
        StatusKey::Instructed,
        StatusKey::Held,
    ];
    if received {
        v.push(StatusKey::Received);
    }
    v
}

fn cursor_key(shop: &ShopName) -> String {
    format!("cursor/{shop}")
}

/// The listing of the next piece, running on its own task; aborted when dropped unused (a pull
/// that ends early leaves no request behind).
struct Ahead(tokio::task::JoinHandle<Result<Vec<SiteOrder>, MarketError>>);

impl Ahead {
    fn list(adapter: std::sync::Arc<dyn crate::market::Marketplace>, piece: Window) -> Ahead {
        Ahead(tokio::spawn(async move { adapter.list_orders(piece).await }))
    }

    async fn answer(mut self) -> Result<Vec<SiteOrder>, MarketError> {
        match (&mut self.0).await {
            Ok(answer) => answer,
            Err(e) => Err(MarketError::Transient {
                message: format!("the listing of the next piece ended: {e}"),
            }),
        }
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Engine {
    /// The end of the last pulled window of a shop.
    pub fn cursor(&self, shop: &ShopName) -> Result<Option<jiff::Timestamp>, EngineError> {
        Ok(self
            .store
            .meta_get(&cursor_key(shop))?
            .and_then(|v| <[u8; 8]>::try_from(v.as_slice()).ok())
            .map(i64::from_be_bytes)
            .and_then(|us| jiff::Timestamp::from_microsecond(us).ok()))
    }

    fn set_cursor(&self, shop: &ShopName, at: jiff::Timestamp) -> Result<(), EngineError> {
        self.store
            .meta_put(&cursor_key(shop), &at.as_microsecond().to_be_bytes())?;
        Ok(())
    }

    /// Pulls one shop: the scheduled window (from the cursor less the overlap, to now), or a
    /// manual one. Each piece is ingested and flushed before the next; the cursor moves with them.
    /// Whatever fails inside (the site, the store) is this shop's failure: it is in the summary's
    /// errors and the shop's health, and never an error that would stop the pulls of other shops.
    /// Only an unknown shop is an error.
    pub async fn pull_shop(
        &self,
        name: &ShopName,
        manual: Option<Window>,
    ) -> Result<PullSummary, EngineError> {
        self.shop(name)?;
        match self.pull_shop_inner(name, manual).await {
            Ok(summary) => Ok(summary),
            Err(e) => {
                tracing::warn!(shop = %name, error = %e, "pull failed");
                let reason = crate::domain::text::clean(&format!("pull failed: {e}")).into_owned();
                if let Err(h) = self.set_health(
                    name,
                    ShopHealth::Error {
                        at: self.now(),
                        message: reason.clone(),
                    },
                ) {
                    tracing::error!(shop = %name, error = %h, "cannot record the shop's health");
                }
                let summary = PullSummary {
                    errors: vec![format!("{name}: {reason}")],
                    ..PullSummary::default()
                };
                self.emit(Event::PullFinished {
                    shop: name.clone(),
                    summary: summary.clone(),
                });
                Ok(summary)
            }
        }
    }

    async fn pull_shop_inner(
        &self,
        name: &ShopName,
        manual: Option<Window>,
    ) -> Result<PullSummary, EngineError> {
        let mut shop = self.shop(name)?;
        let mut summary = PullSummary::default();
        if Self::stopped(&shop) {
            summary
                .errors
                .push(format!("{name}: traffic stopped ({})", shop.health.label()));
            return Ok(summary);
        }
        let mut adapter = self.adapter(&shop).map_err(|source| EngineError::Market {
            shop: name.to_string(),
            source,
        })?;
        let now = self.now();
        let window = match manual {
            Some(w) => w,
            None => {
                let overlap = jiff::SignedDuration::from_mins(i64::from(shop.schedule.overlap_minutes));
                let from = match self.cursor(name)? {
                    Some(c) => c - overlap,
                    None => now - self.opts.first_lookback,
                };
                // Reach back to the oldest order still open on our side, so that a cancellation
                // or a shipment made on the site days after the order is seen (bounded).
                let sweep_floor = now - self.opts.open_sweep;
                let from = match self.oldest_open(name, adapter.reports_tracking())? {
                    Some(t) if t < from => t.max(sweep_floor).min(from),
                    _ => from,
                };
                Window::new(from, now)
            }
        };
        let mut cursor_blocked = false;
        let mut rejected: Vec<MarketError> = Vec::new();
        let pieces: Vec<Window> = window.split(self.opts.pull_piece);
        // The next piece is listed while this one is merged and stored (a read, safe to drop).
        let mut ahead: Option<Ahead> = None;
        for (i, &piece) in pieces.iter().enumerate() {
            let mut attempt = 0;
            let listed = loop {
                attempt += 1;
                let answer = match ahead.take() {
                    Some(a) if attempt == 1 => a.answer().await,
                    _ => adapter.list_orders(piece).await,
                };
                match answer {
                    Ok(orders) => break Ok(orders),
                    // An expired Qoo10 key: renew it (when allowed and configured) and list again.
                    Err(MarketError::KeyExpired { message }) if attempt == 1 => {
                        match self.renew_key(&shop).await? {
                            Some(renewed) => {
                                shop = renewed;
                                adapter = self.adapter(&shop).map_err(|source| EngineError::Market {
                                    shop: name.to_string(),
                                    source,
                                })?;
                            }
                            None => break Err(MarketError::KeyExpired { message }),
                        }
                    }
                    // Reads are safe to repeat: a passing fault (or a cut answer) is tried again.
                    Err(e)
                        if attempt < self.opts.piece_attempts
                            && (e.is_retryable() || matches!(e, MarketError::Malformed { .. })) =>
                    {
                        if let MarketError::Malformed { raw, message } = &e {
                            tracing::warn!(shop = %name, %message, raw = %raw, "malformed listing answer; listing again");
                        }
                        tokio::time::sleep(self.opts.http.base_backoff * attempt).await;
                    }
                    Err(e) => break Err(e),
                }
            };
            if let (Ok(_), Some(&next)) = (&listed, pieces.get(i + 1)) {
                ahead = Some(Ahead::list(adapter.clone(), next));
            }
            match listed {
                Ok(orders) => {
                    // Rows the gate refused (bad identifiers): reported with the shop, the rest
                    // of the page goes on.
                    rejected.extend(adapter.take_rejected());
                    let seen: BTreeSet<String> = orders.iter().map(|o| o.order_no.clone()).collect();
                    let s = self.ingest(&shop, &orders).await?;
                    summary.add(&s);
                    // Known open orders in this piece that the site no longer lists: ask the site.
                    let missing = self.unlisted(
                        &shop,
                        &piece,
                        &seen,
                        adapter.reports_tracking(),
                        &mut summary.errors,
                    )?;
                    for (order_no, at) in missing {
                        match adapter.get_order(&order_no, Some(at)).await {
                            Ok(Some(o)) => summary.add(&self.ingest(&shop, &[o]).await?),
                            Ok(None) => {}
                            Err(e) => summary.errors.push(format!("{name}/{order_no}: {e}")),
                        }
                    }
                    if manual.is_none() && !cursor_blocked {
                        self.set_cursor(name, piece.to)?;
                    }
                    self.store.flush()?;
                }
                Err(e) => {
                    summary.errors.push(format!("{name}: {e}"));
                    if matches!(e, MarketError::Auth { .. } | MarketError::KeyExpired { .. }) {
                        self.pull_failed(&shop, &e)?;
                        self.emit(Event::PullFinished {
                            shop: name.clone(),
                            summary: summary.clone(),
                        });
                        return Ok(summary);
                    }
                    // Go on with the later pieces, but the cursor stays before this one.
                    self.pull_failed(&shop, &e)?;
                    cursor_blocked = true;
                }
            }
        }
        let other_errors = !summary.errors.is_empty();
        for e in &rejected {
            summary.errors.push(format!("{name}: {e}"));
        }
        if let Some(first) = rejected.first().filter(|_| !other_errors) {
            // The site sends rows that cannot be stored: the shop is not healthy, though the
            // good rows were taken.
            self.set_health(
                name,
                ShopHealth::Error {
                    at: self.now(),
                    message: format!("{} order rows refused; first: {first}", rejected.len()),
                },
            )?;
        }
        if !summary.errors.is_empty() {
            self.emit(Event::PullFinished {
                shop: name.clone(),
                summary: summary.clone(),
            });
            return Ok(summary);
        }
        self.set_health(name, ShopHealth::Ok { at: self.now() })?;
        *self.last_pull.lock().unwrap_or_else(|p| p.into_inner()) = Some(self.now());
        self.emit(Event::PullFinished {
            shop: name.clone(),
            summary: summary.clone(),
        });
        Ok(summary)
    }

    fn pull_failed(&self, shop: &Shop, e: &MarketError) -> Result<(), EngineError> {
        tracing::warn!(shop = %shop.name, error = %e, "pull failed");
        if let MarketError::Malformed { raw, .. } = e {
            tracing::warn!(shop = %shop.name, raw = %raw, "malformed answer body");
        }
        self.set_health(&shop.name, self.health_for(e))
    }

    /// The order time of the oldest order of a shop still open before shipping on our side
    /// (with `received`, also orders whose shipment is on its way).
    fn oldest_open(&self, shop: &ShopName, received: bool) -> Result<Option<jiff::Timestamp>, EngineError> {
        let mut oldest: Option<jiff::Timestamp> = None;
        for status in open_statuses(received) {
            let prefix = keys::status_prefix(shop, status);
            if let Some(first) = self.store.oldest_in(&prefix)? {
                oldest = Some(oldest.map_or(first.at, |o| o.min(first.at)));
            }
        }
        Ok(oldest)
    }

    /// Open orders ordered within `w` that the listing missed: those not yet handed a tracking
    /// number and, with `received` (the site's order reads show tracking numbers), those whose
    /// shipment is on its way, so that a shipment someone else made with another number is seen.
    fn unlisted(
        &self,
        shop: &Shop,
        w: &Window,
        seen: &BTreeSet<String>,
        received: bool,
        errors: &mut Vec<String>,
    ) -> Result<Vec<(String, jiff::Timestamp)>, EngineError> {
        let mut out = Vec::new();
        for status in open_statuses(received) {
            let prefix = keys::status_prefix(&shop.name, status);
            let from = keys::status_index(&shop.name, status, w.from, "");
            for k in self.store.by_status_range(&prefix, &from, w.to)? {
                if seen.contains(&k.order_no) {
                    continue;
                }
                if status == StatusKey::Held {
                    // Held at Received (our shipment in flight) or already held for a manual
                    // shipping order: nothing a listing can add.
                    let key = crate::domain::OrderKey {
                        shop: shop.name.clone(),
                        order_no: k.order_no.clone(),
                    };
                    let stored = match self.store.get_order(&key) {
                        Ok(o) => o,
                        Err(e @ crate::store::StoreError::Decode { .. }) => {
                            errors.push(format!(
                                "{}/{}: the stored order is unreadable ({e}); skipped",
                                shop.name,
                                crate::domain::text::escape(&k.order_no)
                            ));
                            continue;
                        }
                        Err(e) => return Err(e.into()),
                    };
                    let skip = stored.is_none_or(|o| {
                        matches!(
                            o.state,
                            crate::domain::OrderState::Held {
                                reason: crate::domain::HoldReason::ShippingStartedOnSite,
                                ..
                            } | crate::domain::OrderState::Held {
                                stage: crate::domain::Stage::Received,
                                ..
                            }
                        )
                    });
                    if skip {
                        continue;
                    }
                }
                out.push((k.order_no, k.at));
            }
        }
        Ok(out)
    }

    /// Merges a batch of site orders into the store in one atomic change, applying the shop's options.
    pub async fn ingest(&self, shop: &Shop, orders: &[SiteOrder]) -> Result<PullSummary, EngineError> {
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, None);
        let mut summary = PullSummary::default();
        let now = work.now;
        for incoming in orders {
            let key = crate::domain::OrderKey {
                shop: shop.name.clone(),
                order_no: incoming.order_no.clone(),
            };
            let existing = match work.order(&key) {
                Ok(o) => o,
                // What is stored under this key cannot be read: leave it, report it, go on.
                Err(e @ crate::store::StoreError::Decode { .. }) => {
                    tracing::warn!(order = %key, error = %e, "stored order unreadable; not merged");
                    summary.errors.push(format!(
                        "{}/{}: the stored order is unreadable ({e}); the site's copy was not merged",
                        shop.name,
                        crate::domain::text::escape(&key.order_no)
                    ));
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let Some((mut order, outcome)) = merge(existing.as_ref(), incoming, shop, &self.store, now)
            else {
                continue;
            };
            let before = existing.as_ref().map(|o| o.state.clone());
            // Held because the site shows someone else's shipment: our ship push must not go out.
            if let Some(note) = existing
                .as_ref()
                .filter(|_| held_for_conflict(&order.state))
                .and_then(|old| pulled_conflict(old, incoming))
            {
                tracing::warn!(order = %order.key, %note, "the site shows another tracking number");
                self.fail_pending(&mut work, &order, "ship", &note)?;
            }
            // Confirmed on the site: a confirmation still queued for it has nothing left to do.
            if outcome != Outcome::New
                && before
                    .as_ref()
                    .is_some_and(|b| b.stage() == Some(crate::domain::Stage::Collected))
                && order.stage() == Some(crate::domain::Stage::Confirmed)
            {
                self.close_pending(&mut work, &order, "confirm", "confirmed on the site")?;
            }
            work.settle(shop, &mut order, before.as_ref())?;
            summary.count(outcome);
            work.put_order(order);
        }
        summary.queued = work.queued;
        summary.held += work.held;
        let keys = work.commit()?;
        if !keys.is_empty() {
            self.emit(Event::OrdersChanged { keys });
        }
        Ok(summary)
    }

    /// Marks an order's pending pushes of a kind failed without sending them, with `why` as both
    /// the error and the note (retryable by an operator like any failed push).
    fn fail_pending(
        &self,
        work: &mut Work<'_>,
        order: &crate::domain::Order,
        label: &str,
        why: &str,
    ) -> Result<(), EngineError> {
        let now = work.now;
        update_pushes(work, order, label, false, |p| {
            p.state = crate::domain::PushState::Failed { at: now };
            p.last_error = Some(why.to_string());
            p.note = Some(why.to_string());
        })
    }

    /// Marks an order's pending (or failed) pushes of a kind done without sending them: the site
    /// already shows what they asked for.
    pub(crate) fn close_pending(
        &self,
        work: &mut Work<'_>,
        order: &crate::domain::Order,
        label: &str,
        why: &str,
    ) -> Result<(), EngineError> {
        let now = work.now;
        update_pushes(work, order, label, true, |p| {
            p.state = crate::domain::PushState::Done { at: now };
            p.note = Some(why.to_string());
        })
    }
}

/// Applies `change` to an order's pushes of a kind that are pending (or failed too, with
/// `failed_too`), stamping them changed now.
fn update_pushes(
    work: &mut Work<'_>,
    order: &crate::domain::Order,
    label: &str,
    failed_too: bool,
    change: impl Fn(&mut crate::domain::Push),
) -> Result<(), EngineError> {
    for id in &order.pushes {
        if let Some(mut p) = work.push(*id)? {
            let failed = matches!(p.state, crate::domain::PushState::Failed { .. });
            if (p.state.is_pending() || (failed_too && failed)) && p.kind.label() == label {
                change(&mut p);
                p.updated_at = work.now;
                work.put_push(p);
            }
        }
    }
    Ok(())
}
