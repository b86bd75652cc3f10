//! The shop options as rules, applied to every order the engine writes: automatic confirmation,
//! automatic fulfillment instructions with stock reservation, holds for unmapped lines and their
//! release, stock-sync pushes; all gathered into one atomic store change.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Engine;
use crate::domain::mapping::SiteCode;
use crate::domain::{
    HoldReason, LineSku, Order, OrderState, Push, PushKind, PushState, Shop, ShopName, Sku, SkuCode, Stage,
    Transition,
};
use crate::store::{Change, StoreError};

/// A unit of work: the orders, pushes and SKUs one atomic change will write.
pub struct Work<'a> {
    engine: &'a Engine,
    /// When.
    pub now: jiff::Timestamp,
    /// Who asked (None: the engine by itself).
    pub actor: Option<String>,
    orders: Vec<Order>,
    /// Where each order of `orders` is (a pull writes thousands in one work).
    order_pos: HashMap<crate::domain::OrderKey, usize>,
    pushes: BTreeMap<u64, Push>,
    skus: BTreeMap<SkuCode, Sku>,
    attempts: Vec<crate::domain::PushAttempt>,
    shops: Option<Vec<Shop>>,
    pending_stock: Option<BTreeSet<(ShopName, SiteCode)>>,
    touched_skus: BTreeSet<SkuCode>,
    /// Pushes queued by this work.
    pub queued: u64,
    /// Orders held by this work.
    pub held: u64,
    audit: Vec<crate::store::audit::AuditEntry>,
}

impl<'a> Work<'a> {
    /// Starts a unit of work.
    pub fn new(engine: &'a Engine, actor: Option<String>) -> Work<'a> {
        Work {
            engine,
            now: engine.now(),
            actor,
            orders: Vec::new(),
            order_pos: HashMap::new(),
            pushes: BTreeMap::new(),
            skus: BTreeMap::new(),
            attempts: Vec::new(),
            shops: None,
            pending_stock: None,
            touched_skus: BTreeSet::new(),
            queued: 0,
            held: 0,
            audit: Vec::new(),
        }
    }

    /// A push as this work has it (changed here) or as stored.
    pub fn push(&self, id: u64) -> Result<Option<Push>, StoreError> {
        match self.pushes.get(&id) {
            Some(p) => Ok(Some(p.clone())),
            None => self.engine.store.get_push(id),
        }
    }

    /// Records a changed push.
    pub fn put_push(&mut self, push: Push) {
        self.pushes.insert(push.id, push);
    }

    /// Records a push-log line.
    pub fn log(&mut self, attempt: crate::domain::PushAttempt) {
        self.attempts.push(attempt);
    }

    /// Records a changed order (the latest version wins).
    pub fn put_order(&mut self, order: Order) {
        match self.order_pos.get(&order.key) {
            Some(&i) => self.orders[i] = order,
            None => {
                self.order_pos.insert(order.key.clone(), self.orders.len());
                self.orders.push(order);
            }
        }
    }

    /// The order as this work has it, or as stored.
    pub fn order(&self, key: &crate::domain::OrderKey) -> Result<Option<Order>, StoreError> {
        match self.order_pos.get(key) {
            Some(&i) => Ok(Some(self.orders[i].clone())),
            None => self.engine.store.get_order(key),
        }
    }

    /// A new pending push for an order (or a shop), due now.
    pub fn new_push(
        &mut self,
        shop: &ShopName,
        order_no: Option<&str>,
        kind: PushKind,
    ) -> Result<Push, StoreError> {
        let id = self.engine.store.next_id()?;
        let push = Push {
            id,
            shop: shop.clone(),
            order_no: order_no.map(String::from),
            kind,
            state: PushState::Pending { due_at: self.now },
            attempts: 0,
            calls: 0,
            last_error: None,
            note: None,
            actor: self.actor.clone(),
            created_at: self.now,
            updated_at: self.now,
        };
        self.pushes.insert(id, push.clone());
        self.queued += 1;
        Ok(push)
    }

    fn has_pending(&self, order: &Order, label: &str) -> Result<bool, StoreError> {
        for id in &order.pushes {
            if let Some(p) = self.push(*id)? {
                if p.state.is_pending() && p.kind.label() == label {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    fn sku_mut(&mut self, code: &SkuCode) -> Result<Option<&mut Sku>, StoreError> {
        if !self.skus.contains_key(code) {
            match self.engine.store.get_sku(code)? {
                Some(s) => {
                    self.skus.insert(code.clone(), s);
                }
                None => return Ok(None),
            }
        }
        Ok(self.skus.get_mut(code))
    }

    fn sku_exists(&mut self, code: &SkuCode) -> Result<bool, StoreError> {
        Ok(self.sku_mut(code)?.is_some())
    }

    /// Marks a SKU whose availability changed outside an order (a catalogue import): stock sync
    /// queues its pushes at commit, as for any other stock change.
    pub fn touch(&mut self, sku: &SkuCode) {
        self.touched_skus.insert(sku.clone());
    }

    /// Marks a SKU whose availability the sites may not have yet (a stock push sent a quantity
    /// that has changed since): stock sync queues it again at commit.
    pub fn touch_if_changed(&mut self, sku: &SkuCode, sent: i64) -> Result<(), StoreError> {
        let now = self.sku_mut(sku)?.map(|s| s.available());
        if now.is_some_and(|q| q != sent) {
            self.touched_skus.insert(sku.clone());
        }
        Ok(())
    }

    /// Adds `delta_reserved` and `delta_on_hand` to the SKU of every mapped line.
    fn move_stock(
        &mut self,
        order: &Order,
        delta_reserved: i64,
        delta_on_hand: i64,
    ) -> Result<(), StoreError> {
        for line in &order.lines {
            if let LineSku::Mapped { sku } = &line.sku {
                let q = i64::from(line.quantity);
                if let Some(s) = self.sku_mut(sku)? {
                    s.reserved = (s.reserved + delta_reserved * q).max(0);
                    s.on_hand += delta_on_hand * q;
                    self.touched_skus.insert(sku.clone());
                }
            }
        }
        Ok(())
    }

    /// True when every line maps to a SKU that exists.
    fn instructable(&mut self, order: &Order) -> Result<bool, StoreError> {
        if !order.fully_mapped() {
            return Ok(false);
        }
        for line in &order.lines {
            if let LineSku::Mapped { sku } = &line.sku {
                if !self.sku_exists(sku)? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Applies the shop's options to an order that just changed from `before`, until nothing more
    /// applies: release mapped holds, queue a confirmation, instruct fulfillment (reserving stock)
    /// or hold for unmapped lines; cancellations drop pending pushes and free reservations.
    pub fn settle(
        &mut self,
        shop: &Shop,
        order: &mut Order,
        before: Option<&OrderState>,
    ) -> Result<(), StoreError> {
        let was_reserved = before
            .and_then(OrderState::stage)
            .is_some_and(|s| (Stage::Instructed..Stage::Shipped).contains(&s));
        if order.state == OrderState::Cancelled && before.is_some_and(|b| *b != OrderState::Cancelled) {
            if was_reserved {
                self.move_stock(order, -1, 0)?;
            }
            for id in order.pushes.clone() {
                if let Some(mut p) = self.push(id)? {
                    if p.state.is_pending() {
                        p.state = PushState::Dropped { at: self.now };
                        p.note = Some("the order was cancelled".into());
                        p.updated_at = self.now;
                        self.put_push(p);
                    }
                }
            }
            return Ok(());
        }
        for _ in 0..4 {
            let state = order.state.clone();
            match &state {
                OrderState::Held {
                    reason: HoldReason::UnmappedSku,
                    ..
                } if self.instructable(order)? => {
                    order.state = state.apply(&Transition::Release).unwrap_or(state.clone());
                }
                OrderState::Active {
                    stage: Stage::Collected,
                } if shop.options.order_confirmation && !self.has_pending(order, "confirm")? => {
                    let kind = PushKind::Confirm {
                        line_keys: order.lines.iter().map(|l| l.line_key.clone()).collect(),
                    };
                    let push = self.new_push(&shop.name, Some(&order.key.order_no), kind)?;
                    order.pushes.push(push.id);
                }
                OrderState::Active {
                    stage: Stage::Confirmed,
                } if shop.options.fulfillment_instructions => {
                    if self.instructable(order)? {
                        self.instruct(order)?;
                    } else if let Ok(next) = state.apply(&Transition::Hold(HoldReason::UnmappedSku)) {
                        order.state = next;
                        self.held += 1;
                    }
                }
                _ => {}
            }
            if order.state == state {
                break;
            }
        }
        Ok(())
    }

    /// Creates the fulfillment order: Confirmed → Instructed, stock reserved.
    pub fn instruct(&mut self, order: &mut Order) -> Result<bool, StoreError> {
        match order.state.apply(&Transition::Instruct) {
            Ok(next) => {
                order.state = next;
                self.move_stock(order, 1, 0)?;
                Ok(true)
            }
            Err(_) => Ok(false),
        }
    }

    /// The parcel left: Received → Shipped; the goods leave the shelf and the reservation.
    pub fn shipped(&mut self, order: &mut Order) -> Result<bool, StoreError> {
        match order.state.apply(&Transition::Ship) {
            Ok(next) => {
                order.state = next;
                self.move_stock(order, -1, -1)?;
                Ok(true)
            }
            Err(_) => Ok(false),
        }
    }

    fn stock_pushes(&mut self) -> Result<(), StoreError> {
        if self.touched_skus.is_empty() {
            return Ok(());
        }
        if self.shops.is_none() {
            self.shops = Some(self.engine.store.list_shops()?);
        }
        let shops: Vec<Shop> = self
            .shops
            .iter()
            .flatten()
            .filter(|s| s.options.stock_sync)
            .cloned()
            .collect();
        if shops.is_empty() {
            return Ok(());
        }
        if self.pending_stock.is_none() {
            let mut set = BTreeSet::new();
            for p in self.engine.store.pending_pushes()? {
                // A push this work is closing (sent and answered) no longer covers new changes.
                if self
                    .pushes
                    .get(&p.id)
                    .is_some_and(|mine| !mine.state.is_pending())
                {
                    continue;
                }
                if let PushKind::Stock { code, .. } = &p.kind {
                    set.insert((p.shop.clone(), code.clone()));
                }
            }
            self.pending_stock = Some(set);
        }
        let touched: Vec<SkuCode> = self.touched_skus.iter().cloned().collect();
        for sku_code in touched {
            for shop in &shops {
                // Only the shop's own mappings say which of its products carries this SKU: one
                // push per mapping, with the shop's code. A shop that maps nothing to the SKU gets
                // no push (its products are not guessed from the SKU's own code).
                let codes: Vec<SiteCode> = self
                    .engine
                    .store
                    .list_mappings(Some(shop.site))?
                    .into_iter()
                    .filter(|m| m.sku == sku_code && m.shop.as_ref().is_none_or(|s| s == &shop.name))
                    .map(|m| m.code)
                    .collect();
                for code in codes {
                    let key = (shop.name.clone(), code.clone());
                    if self.pending_stock.as_ref().is_some_and(|s| s.contains(&key)) {
                        continue;
                    }
                    self.new_push(
                        &shop.name,
                        None,
                        PushKind::Stock {
                            code,
                            sku: sku_code.clone(),
                        },
                    )?;
                    if let Some(s) = self.pending_stock.as_mut() {
                        s.insert(key);
                    }
                }
            }
        }
        self.touched_skus.clear();
        Ok(())
    }

    /// Records an audit entry, written in this work's transaction.
    pub fn record(&mut self, entry: crate::store::audit::AuditEntry) {
        self.audit.push(entry);
    }

    /// Writes everything atomically and makes it durable; returns the keys of the orders written.
    pub fn commit(mut self) -> Result<Vec<crate::domain::OrderKey>, StoreError> {
        self.stock_pushes()?;
        let keys: Vec<_> = self.orders.iter().map(|o| o.key.clone()).collect();
        let change = Change {
            orders: self.orders,
            pushes: self.pushes.into_values().collect(),
            skus: self.skus.into_values().collect(),
            mappings: Vec::new(),
            attempts: self.attempts,
            audit: self.audit,
        };
        if change.is_empty() {
            return Ok(keys);
        }
        self.engine.store.apply(&change)?;
        self.engine.store.flush()?;
        Ok(keys)
    }
}
