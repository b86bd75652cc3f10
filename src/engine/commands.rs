//! Commands made by people (or scripts): each carries who made it, goes to the audit trail, and
//! returns a result per item.

use super::api::{Actor, CommandResult, ItemResult, TrackingRow};
use super::caller::{Caller, Role, READ_ONLY};
use super::rules::Work;
use super::{Command, Engine, EngineError};
use crate::domain::{OrderKey, OrderState, PushKind, PushState, Shop, Stage, Tracking, Transition};
use crate::market::Window;

fn item(item: impl ToString, outcome: Result<String, String>) -> ItemResult {
    ItemResult {
        item: item.to_string(),
        outcome,
    }
}

/// `ok: N of M done` (and the first failure) for the audit trail of a bulk command.
fn outcome_text(items: &[ItemResult]) -> String {
    let done = items.iter().filter(|i| i.outcome.is_ok()).count();
    let first_err = items
        .iter()
        .find_map(|i| i.outcome.as_ref().err().map(|e| format!("; {}: {e}", i.item)));
    format!(
        "ok: {done} of {} done{}",
        items.len(),
        first_err.unwrap_or_default()
    )
}

impl Engine {
    /// Appends an audit entry of `caller` by itself (changes that are not one store transaction).
    pub(super) fn audit(
        &self,
        caller: &Caller,
        action: &str,
        detail: String,
        result: &str,
    ) -> Result<(), EngineError> {
        self.store
            .audit(&caller.entry(self.now(), action, detail, result))?;
        Ok(())
    }

    /// Runs a command for `actor`, an operator in this process.
    pub async fn execute(&self, actor: &Actor, cmd: Command) -> Result<CommandResult, EngineError> {
        self.execute_as(&Caller::operator(actor), cmd).await
    }

    /// Runs a command for `caller`. A support user's change is refused here, by the engine, and
    /// the refusal is audited; a change that fails is audited with its error.
    pub async fn execute_as(&self, caller: &Caller, cmd: Command) -> Result<CommandResult, EngineError> {
        let (action, mutates) = (cmd.action(), cmd.mutates());
        if mutates && caller.role != Role::Operator {
            self.audit(caller, action, cmd.subject(), &format!("refused: {READ_ONLY}"))?;
            return Err(EngineError::Forbidden(format!(
                "{READ_ONLY} ({} may not run {action})",
                caller.actor.0
            )));
        }
        let subject = if mutates { Some(cmd.subject()) } else { None };
        let r = self.run_command(caller, cmd).await;
        if let (Err(e), Some(subject)) = (&r, subject) {
            if let Err(ae) = self.audit(caller, action, subject, &format!("failed: {e}")) {
                tracing::error!("cannot audit a failed {action}: {ae}");
            }
        }
        r
    }

    async fn run_command(&self, caller: &Caller, cmd: Command) -> Result<CommandResult, EngineError> {
        let actor = caller;
        match cmd {
            Command::AddShop { spec } => {
                let shop =
                    Shop::from_spec(&spec, self.now()).map_err(|e| EngineError::Invalid(e.to_string()))?;
                self.store.add_shop(&shop)?;
                self.audit(
                    actor,
                    "shops.add",
                    format!("{} ({} {})", shop.name, shop.site, shop.shop_id),
                    "ok",
                )?;
                Ok(CommandResult::ShopAdded { shop: shop.view() })
            }
            Command::EditShop { shop, edit } => {
                let _guard = self.write.lock().await;
                let current = self.shop(&shop)?;
                let next = current
                    .edit(&edit)
                    .map_err(|e| EngineError::Invalid(e.to_string()))?;
                self.store.put_shop(&next)?;
                self.store.flush()?;
                let mut changed: Vec<String> = edit.fields.keys().cloned().collect();
                changed.extend(
                    edit.options
                        .iter()
                        .map(|(k, v)| format!("{k}={}", if *v { "on" } else { "off" })),
                );
                if edit.api_base.is_some() {
                    changed.push("api_base".into());
                }
                if let Some(m) = edit.interval_minutes {
                    changed.push(format!("interval={m}m"));
                }
                // Field names only: the values may be secrets.
                self.audit(
                    actor,
                    "shops.edit",
                    format!("{shop}: {}", changed.join(", ")),
                    "ok",
                )?;
                Ok(CommandResult::ShopEdited { shop: next.view() })
            }
            Command::RemoveShop { shop } => {
                let _guard = self.write.lock().await;
                let Some(removed) = self.store.remove_shop(&shop)? else {
                    return Err(EngineError::Invalid(format!("no shop named `{shop}`")));
                };
                let orders_kept: u64 = self
                    .store
                    .counts()?
                    .iter()
                    .filter(|((s, _), _)| *s == shop)
                    .map(|(_, n)| n)
                    .sum();
                self.audit(
                    actor,
                    "shops.remove",
                    format!("{} ({} {})", removed.name, removed.site, removed.shop_id),
                    &format!("ok: {orders_kept} orders kept"),
                )?;
                Ok(CommandResult::ShopRemoved {
                    shop: removed.view(),
                    orders_kept,
                })
            }
            Command::TestShop { shop } => {
                let s = self.shop(&shop)?;
                let outcome = match self.adapter(&s) {
                    Ok(a) => a.test_connection().await,
                    Err(e) => Err(e),
                };
                let health = match &outcome {
                    Ok(_) => crate::domain::shop::ShopHealth::Ok { at: self.now() },
                    Err(e) => self.health_for(e),
                };
                self.set_health(&shop, health)?;
                self.store.flush()?;
                Ok(CommandResult::ShopTested { outcome })
            }
            Command::RenewShopKey { shop, login } => self.renew_shop_key(actor, &shop, login).await,
            Command::PullNow { shop, from, to } => {
                let names = match shop {
                    Some(s) => vec![self.shop(&s)?.name],
                    None => self
                        .store
                        .list_shops()?
                        .into_iter()
                        .filter(|s| s.options.order_integration)
                        .map(|s| s.name)
                        .collect(),
                };
                let manual = match (from, to) {
                    (Some(f), Some(t)) => Some(Window::new(f, t)),
                    (None, None) => None,
                    _ => {
                        return Err(EngineError::Invalid(
                            "a manual pull needs both --from and --to".into(),
                        ))
                    }
                };
                if manual.is_some() {
                    self.audit(
                        actor,
                        "pull.manual",
                        format!("{names:?} {from:?}..{to:?}"),
                        "started",
                    )?;
                }
                let mut shops = std::collections::BTreeMap::new();
                for n in names {
                    let s = self.pull_shop(&n, manual).await?;
                    shops.insert(n.to_string(), s);
                }
                Ok(CommandResult::Pulled { shops })
            }
            Command::ConfirmOrders { keys } => self.confirm_orders(actor, &keys).await,
            Command::ConfirmSelection { selection, keys } => {
                self.confirm_selection(actor, &selection, &keys).await
            }
            Command::CancelBulk { job } => self.cancel_bulk(actor, job).await,
            Command::RetryPushes { ids } => self.retry_pushes(actor, &ids).await,
            Command::AcceptSiteShipment { key } => self.accept_site_shipment(actor, &key).await,
            Command::SetMapping { mapping } => self.set_mapping(actor, mapping).await,
            Command::PrintWaybills { keys } => self.print_waybills(actor, &keys).await,
            Command::ImportTracking { rows } => self.import_tracking(actor, &rows).await,
            Command::ImportSkus {
                path,
                encoding,
                dry_run,
            } => {
                let report = self
                    .import_skus_observed(actor, path, encoding, dry_run, &|_| {})
                    .await?;
                Ok(CommandResult::SkusImported { report })
            }
            Command::ExportSkus { path } => {
                let report = self.export_skus(path).await?;
                Ok(CommandResult::SkusExported { report })
            }
        }
    }

    async fn renew_shop_key(
        &self,
        actor: &Caller,
        name: &crate::domain::ShopName,
        login: Option<crate::market::SellerLogin>,
    ) -> Result<CommandResult, EngineError> {
        let shop = self.shop(name)?;
        let adapter = self.adapter(&shop).map_err(|source| EngineError::Market {
            shop: name.to_string(),
            source,
        })?;
        // A login typed by the operator wins; else the shop's own stored QSM login.
        let login = login.or_else(|| super::renew::shop_login(&shop));
        let renewal = adapter
            .renew_credentials(login.as_ref())
            .await
            .map_err(|source| EngineError::Market {
                shop: name.to_string(),
                source,
            })?;
        // Re-read: the shop may have changed while the site answered.
        let mut shop = self.shop(name)?;
        match &mut shop.credentials {
            crate::domain::Credentials::Qoo10 {
                seller_key,
                key_expires,
                ..
            } => {
                *seller_key = renewal.seller_key;
                *key_expires = renewal.expires;
            }
            _ => {
                return Err(EngineError::Invalid(format!(
                    "{name}: only Qoo10 shops have a key that shipdeck renews"
                )))
            }
        }
        shop.health = crate::domain::shop::ShopHealth::Ok { at: self.now() };
        self.store.put_shop(&shop)?;
        self.store.flush()?;
        self.audit(actor, "shops.renew_key", name.to_string(), "ok")?;
        Ok(CommandResult::KeyRenewed { shop: shop.view() })
    }

    async fn confirm_orders(&self, actor: &Caller, keys: &[OrderKey]) -> Result<CommandResult, EngineError> {
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, Some(actor.actor.0.clone()));
        let mut items = Vec::new();
        for key in keys {
            let outcome = self
                .queue_confirm(&mut work, key)?
                .map(|id| format!("confirmation queued (push #{id})"));
            let outcome = match outcome {
                Err(e) if e == "a confirmation is already queued" => Ok(e),
                other => other,
            };
            items.push(item(key, outcome));
        }
        let done: Vec<String> = items
            .iter()
            .filter(|i| i.outcome.is_ok())
            .map(|i| i.item.clone())
            .collect();
        if !done.is_empty() {
            work.record(actor.entry(work.now, "orders.confirm", done.join(" "), &outcome_text(&items)));
        }
        work.commit()?;
        drop(_guard);
        Ok(CommandResult::Items { items })
    }

    async fn retry_pushes(&self, actor: &Caller, ids: &[u64]) -> Result<CommandResult, EngineError> {
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, Some(actor.actor.0.clone()));
        let now = work.now;
        let mut items = Vec::new();
        for id in ids {
            let Some(mut p) = work.push(*id)? else {
                items.push(item(format!("#{id}"), Err("no such push".into())));
                continue;
            };
            if !matches!(p.state, PushState::Failed { .. }) {
                items.push(item(
                    format!("#{id}"),
                    Err(format!(
                        "only failed pushes are retried; this one is {}",
                        p.state.label()
                    )),
                ));
                continue;
            }
            p.state = PushState::Pending { due_at: now };
            p.attempts = 0;
            p.actor = Some(actor.actor.0.clone());
            p.updated_at = now;
            if let Some(no) = &p.order_no {
                let key = OrderKey {
                    shop: p.shop.clone(),
                    order_no: no.clone(),
                };
                if let Some(mut o) = work.order(&key)? {
                    if let OrderState::Held {
                        reason: crate::domain::HoldReason::PushFailed,
                        ..
                    } = o.state
                    {
                        if let Ok(next) = o.state.apply(&Transition::Release) {
                            o.state = next;
                            o.updated_at = now;
                            work.put_order(o);
                        }
                    }
                }
            }
            work.put_push(p);
            items.push(item(format!("#{id}"), Ok("queued again".into())));
        }
        let done: Vec<String> = items
            .iter()
            .filter(|i| i.outcome.is_ok())
            .map(|i| i.item.clone())
            .collect();
        if !done.is_empty() {
            work.record(actor.entry(work.now, "pushes.retry", done.join(" "), &outcome_text(&items)));
        }
        work.commit()?;
        drop(_guard);
        Ok(CommandResult::Items { items })
    }
    /// Brings an order to Received with a tracking number, instructing it first when it is only
    /// confirmed and every line maps; queues the push.
    fn receive(
        &self,
        work: &mut Work<'_>,
        key: &OrderKey,
        tracking: Tracking,
    ) -> Result<Result<String, String>, EngineError> {
        let Some(mut order) = work.order(key)? else {
            return Ok(Err("no such order".into()));
        };
        let before = order.state.clone();
        if order.state == OrderState::at(Stage::Confirmed) {
            if !order.fully_mapped() {
                return Ok(Err("the order has unmapped lines; map them first".into()));
            }
            work.instruct(&mut order)?;
        }
        let next = match order.state.apply(&Transition::Receive) {
            Ok(n) => n,
            Err(_) => {
                return Ok(Err(format!(
                    "cannot take a tracking number: the order is {before}"
                )))
            }
        };
        order.state = next;
        order.tracking = Some(tracking.clone());
        let kind = PushKind::Ship {
            line_keys: order.lines.iter().map(|l| l.line_key.clone()).collect(),
            tracking: tracking.clone(),
        };
        let push = work.new_push(&key.shop, Some(&key.order_no), kind)?;
        order.pushes.push(push.id);
        order.updated_at = work.now;
        work.put_order(order);
        Ok(Ok(format!(
            "{} {} queued (push #{})",
            tracking.carrier, tracking.number, push.id
        )))
    }

    async fn print_waybills(&self, actor: &Caller, keys: &[OrderKey]) -> Result<CommandResult, EngineError> {
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, Some(actor.actor.0.clone()));
        let mut items = Vec::new();
        for key in keys {
            let seq = self.store.next_id()?;
            let outcome = self.receive(&mut work, key, Tracking::from_waybill(seq))?;
            items.push(item(key, outcome));
        }
        let done: Vec<String> = items
            .iter()
            .filter_map(|i| i.outcome.as_ref().ok().map(|o| format!("{} {o}", i.item)))
            .collect();
        if !done.is_empty() {
            work.record(actor.entry(work.now, "waybills.print", done.join("; "), &outcome_text(&items)));
        }
        work.commit()?;
        drop(_guard);
        Ok(CommandResult::Items { items })
    }

    async fn import_tracking(
        &self,
        actor: &Caller,
        rows: &[TrackingRow],
    ) -> Result<CommandResult, EngineError> {
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, Some(actor.actor.0.clone()));
        let mut items = Vec::new();
        let mut refused = Vec::new();
        for row in rows {
            let t = Tracking::from_label(row.carrier.clone(), row.number.clone());
            let outcome = self.receive(&mut work, &row.key, t)?;
            if let Err(why) = &outcome {
                refused.push(format!("{}: {why}", row.key));
            }
            items.push(item(&row.key, outcome));
        }
        let keys: Vec<OrderKey> = rows.iter().map(|r| r.key.clone()).collect();
        // All or nothing, like a SKU import: one row that cannot be taken and none is recorded
        // (the work is dropped unwritten; the refusal is audited on its own).
        if !refused.is_empty() {
            drop(work);
            drop(_guard);
            self.audit(
                actor,
                "tracking.import",
                super::caller::keys_text(&keys),
                &format!(
                    "refused: {} of {} rows cannot be taken",
                    refused.len(),
                    rows.len()
                ),
            )?;
            return Err(EngineError::Invalid(format!(
                "nothing was recorded: {} of {} tracking rows cannot be taken:\n  {}",
                refused.len(),
                rows.len(),
                refused.join("\n  ")
            )));
        }
        work.record(actor.entry(
            work.now,
            "tracking.import",
            super::caller::keys_text(&keys),
            &outcome_text(&items),
        ));
        work.commit()?;
        drop(_guard);
        Ok(CommandResult::Items { items })
    }
}
