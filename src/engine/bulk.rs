//! Bulk confirmation by query: every order of a status tab that a filter matches (minus
//! exceptions), however many. The engine scans the store itself and queues one confirmation push
//! per order through the outbox in site-sized transactions, so the outbox sends them in batches at
//! each site's rate limit. Progress goes out as events; a cancel drops every push not yet handed
//! to a site, so each order ends either confirmed or untouched.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::api::{CommandResult, Event};
use super::caller::Caller;
use super::rules::Work;
use super::{Engine, EngineError};
use crate::domain::selection::OrderSelection;
use crate::domain::{OrderKey, OrderState, PushKind, PushState, Site, Stage};
use crate::store::{OrderQuery, OrderSort};

/// Orders queued per transaction (the largest confirm call of any site is smaller).
pub const BULK_CHUNK: usize = 500;

/// Where a bulk confirmation stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkProgress {
    /// The job.
    pub job: u64,
    /// Orders chosen (the selection plus the keys given one by one).
    pub total: u64,
    /// Confirmation pushes queued so far.
    pub queued: u64,
    /// Orders skipped: not new any more, or a confirmation already queued.
    pub skipped: u64,
    /// Pushes the site accepted.
    pub done: u64,
    /// Pushes given up on.
    pub failed: u64,
    /// Pushes dropped (cancelled before they were sent, or the order went away).
    pub dropped: u64,
    /// True once a cancel was asked for.
    pub cancelled: bool,
    /// True once every order is queued (or the job was cancelled).
    pub queuing_done: bool,
}

impl BulkProgress {
    /// True when nothing of the job is left to happen.
    pub fn finished(&self) -> bool {
        self.queuing_done && self.done + self.failed + self.dropped >= self.queued
    }
}

/// A running bulk job: its progress and the pushes it queued that are not finished yet.
#[derive(Debug, Default)]
pub(crate) struct BulkJob {
    progress: BulkProgress,
    open: BTreeSet<u64>,
}

/// Counts of a selection per site and shop (the confirm dialog's breakdown).
pub type SelectionCounts = Vec<(Site, String, u64)>;

impl Engine {
    /// Counts the orders a selection holds (plus `keys`), per site and shop.
    pub fn count_selection(
        &self,
        sel: &OrderSelection,
        keys: &[OrderKey],
    ) -> Result<SelectionCounts, EngineError> {
        let mut by: BTreeMap<(Site, String), u64> = BTreeMap::new();
        if sel.filter.is_empty() && sel.except.is_empty() {
            // The store keeps counts per shop and status: no scan needed.
            let sites: BTreeMap<String, Site> = self
                .store
                .list_shops()?
                .into_iter()
                .map(|s| (s.name.to_string(), s.site))
                .collect();
            for ((shop, status), n) in self.store.counts()? {
                if status == sel.status && n > 0 {
                    let site = match sites.get(shop.as_str()) {
                        Some(s) => *s,
                        None => self.site_of_shop_orders(&shop, sel)?,
                    };
                    *by.entry((site, shop.to_string())).or_default() += n;
                }
            }
        } else {
            self.scan_selection(sel, |o| {
                *by.entry((o.site, o.key.shop.to_string())).or_default() += 1;
            })?;
        }
        for k in keys {
            if let Some(o) = self.store.get_order(k)? {
                if !sel.matches(&o) {
                    *by.entry((o.site, o.key.shop.to_string())).or_default() += 1;
                }
            }
        }
        Ok(by.into_iter().map(|((site, shop), n)| (site, shop, n)).collect())
    }

    /// The site of a shop that is no longer registered, from one of its orders.
    fn site_of_shop_orders(
        &self,
        shop: &crate::domain::ShopName,
        sel: &OrderSelection,
    ) -> Result<Site, EngineError> {
        let page = self.store.page_orders(&OrderQuery {
            shop: Some(shop.clone()),
            status: Some(sel.status),
            offset: 0,
            limit: 1,
            sort: OrderSort::default(),
        })?;
        Ok(page.orders.first().map(|o| o.site).unwrap_or(Site::Qoo10))
    }

    fn scan_selection(
        &self,
        sel: &OrderSelection,
        mut f: impl FnMut(&crate::domain::Order),
    ) -> Result<u64, EngineError> {
        let q = OrderQuery {
            shop: None,
            status: Some(sel.status),
            offset: 0,
            limit: 0,
            sort: OrderSort::default(),
        };
        Ok(self.store.scan_orders(&q, |o| {
            if sel.matches(&o) {
                f(&o);
            }
            true
        })?)
    }

    fn bulk_update(&self, job: u64, f: impl FnOnce(&mut BulkJob)) -> Option<BulkProgress> {
        let mut jobs = self.bulk.lock().ok()?;
        let j = jobs.get_mut(&job)?;
        f(j);
        let p = j.progress.clone();
        if p.finished() {
            jobs.remove(&job);
        }
        Some(p)
    }

    fn bulk_emit(&self, p: Option<BulkProgress>) {
        if let Some(progress) = p {
            self.emit(Event::BulkProgress { progress });
        }
    }

    /// Queues a confirmation for every order the selection holds, plus `keys`, in transactions of
    /// `BULK_CHUNK` orders; stops queuing when the job is cancelled.
    pub(super) async fn confirm_selection(
        &self,
        actor: &Caller,
        sel: &OrderSelection,
        keys: &[OrderKey],
    ) -> Result<CommandResult, EngineError> {
        let mut chosen: Vec<OrderKey> = Vec::new();
        self.scan_selection(sel, |o| chosen.push(o.key.clone()))?;
        let seen: BTreeSet<OrderKey> = chosen.iter().cloned().collect();
        chosen.extend(keys.iter().filter(|k| !seen.contains(*k)).cloned());
        drop(seen);
        let job = self.bulk_next.fetch_add(1, Ordering::Relaxed) + 1;
        if let Ok(mut jobs) = self.bulk.lock() {
            jobs.insert(
                job,
                BulkJob {
                    progress: BulkProgress {
                        job,
                        total: chosen.len() as u64,
                        ..BulkProgress::default()
                    },
                    open: BTreeSet::new(),
                },
            );
        }
        self.audit(
            actor,
            "orders.confirm_all",
            format!("job {job}"),
            &format!(
                "job {job}: {} orders of {} matching {:?} ({} excepted, {} one by one)",
                chosen.len(),
                sel.status.name(),
                sel.filter,
                sel.except.len(),
                keys.len()
            ),
        )?;
        self.bulk_emit(self.bulk_update(job, |_| {}));
        for chunk in chosen.chunks(BULK_CHUNK) {
            let cancelled = self
                .bulk
                .lock()
                .ok()
                .and_then(|j| j.get(&job).map(|j| j.progress.cancelled))
                .unwrap_or(true);
            if cancelled {
                break;
            }
            let (queued, skipped) = self.queue_confirms(actor, chunk).await?;
            let p = self.bulk_update(job, |j| {
                j.progress.queued += queued.len() as u64;
                j.progress.skipped += skipped;
                j.open.extend(queued.iter().copied());
            });
            self.bulk_emit(p);
            tokio::task::yield_now().await;
        }
        let p = self.bulk_update(job, |j| j.progress.queuing_done = true);
        let progress = p.clone().unwrap_or(BulkProgress {
            job,
            queuing_done: true,
            ..BulkProgress::default()
        });
        self.bulk_emit(p);
        Ok(CommandResult::BulkQueued { progress })
    }

    /// Queues a confirmation push for each order that is new and has none queued, in one
    /// transaction; returns the push ids queued and how many orders were skipped.
    async fn queue_confirms(
        &self,
        actor: &Caller,
        keys: &[OrderKey],
    ) -> Result<(Vec<u64>, u64), EngineError> {
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, Some(actor.actor.0.clone()));
        let mut queued = Vec::new();
        let mut skipped = 0;
        for key in keys {
            match self.queue_confirm(&mut work, key)? {
                Ok(id) => queued.push(id),
                Err(_) => skipped += 1,
            }
        }
        work.commit()?;
        Ok((queued, skipped))
    }

    /// Queues the confirmation of one order in `work`: the new push's id, or why not.
    pub(super) fn queue_confirm(
        &self,
        work: &mut Work<'_>,
        key: &OrderKey,
    ) -> Result<Result<u64, String>, EngineError> {
        let Some(mut order) = work.order(key)? else {
            return Ok(Err("no such order".into()));
        };
        if order.state != OrderState::at(Stage::Collected) {
            return Ok(Err(format!("cannot confirm: the order is {}", order.state)));
        }
        let pending = order
            .pushes
            .iter()
            .filter_map(|id| work.push(*id).ok().flatten())
            .any(|p| p.state.is_pending() && matches!(p.kind, PushKind::Confirm { .. }));
        if pending {
            return Ok(Err("a confirmation is already queued".into()));
        }
        let kind = PushKind::Confirm {
            line_keys: order.lines.iter().map(|l| l.line_key.clone()).collect(),
        };
        let push = work.new_push(&key.shop, Some(&key.order_no), kind)?;
        order.pushes.push(push.id);
        work.put_order(order);
        Ok(Ok(push.id))
    }

    /// Stops a bulk confirmation: no more orders are queued, and every push it queued that no
    /// site call holds is dropped (its order stays new, untouched).
    pub(super) async fn cancel_bulk(&self, actor: &Caller, job: u64) -> Result<CommandResult, EngineError> {
        let open: Vec<u64> = {
            let mut jobs = self
                .bulk
                .lock()
                .map_err(|_| EngineError::Invalid("the bulk jobs are unreadable".into()))?;
            let Some(j) = jobs.get_mut(&job) else {
                return Err(EngineError::Invalid(format!(
                    "no bulk confirmation {job} is running"
                )));
            };
            j.progress.cancelled = true;
            j.open.iter().copied().collect()
        };
        let _guard = self.write.lock().await;
        let in_flight = self.sending.lock().map(|s| s.clone()).unwrap_or_default();
        let mut work = Work::new(self, Some(actor.actor.0.clone()));
        let now = work.now;
        let mut dropped = Vec::new();
        for id in open {
            if in_flight.contains(&id) {
                continue;
            }
            let Some(mut p) = work.push(id)? else { continue };
            if !p.state.is_pending() {
                continue;
            }
            p.state = PushState::Dropped { at: now };
            p.note = Some(format!("cancelled by {}", actor.actor.0));
            p.updated_at = now;
            work.put_push(p);
            dropped.push(id);
        }
        work.commit()?;
        drop(_guard);
        self.audit(
            actor,
            "orders.confirm_all.cancel",
            format!("job {job}"),
            &format!(
                "job {job}: {} confirmations dropped before sending",
                dropped.len()
            ),
        )?;
        let n = dropped.len();
        let p = self.bulk_update(job, |j| {
            for id in &dropped {
                if j.open.remove(id) {
                    j.progress.dropped += 1;
                }
            }
        });
        self.bulk_emit(p);
        Ok(CommandResult::Items {
            items: vec![super::api::ItemResult {
                item: format!("bulk confirmation {job}"),
                outcome: Ok(format!("cancelled: {n} not yet sent were dropped")),
            }],
        })
    }

    /// The outbox finished these pushes: counts them in their bulk jobs and tells the clients.
    pub(crate) fn bulk_finished(&self, pushes: &[crate::domain::Push]) {
        let jobs: Vec<u64> = match self.bulk.lock() {
            Ok(j) if !j.is_empty() => j.keys().copied().collect(),
            _ => return,
        };
        for job in jobs {
            let mut changed = false;
            let p = self.bulk_update(job, |j| {
                for p in pushes {
                    if p.state.is_pending() || !j.open.remove(&p.id) {
                        continue;
                    }
                    changed = true;
                    match p.state {
                        PushState::Done { .. } => j.progress.done += 1,
                        PushState::Failed { .. } => j.progress.failed += 1,
                        _ => j.progress.dropped += 1,
                    }
                }
            });
            if changed {
                self.bulk_emit(p);
            }
        }
    }
}
