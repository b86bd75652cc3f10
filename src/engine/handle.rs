//! `EngineHandle`: the one interface of the dashboard and the CLI to the engine — commands with
//! results, a stream of events, and the paged queries of the store.

use std::sync::Arc;

use tokio::sync::broadcast;

use super::api::{Actor, Command, CommandResult, EngineStatus, Event};
use super::{Engine, EngineError};
use crate::domain::shop::ShopView;
use crate::domain::Push;
use crate::store::{MismatchRow, OrderPage, OrderQuery};

/// A cheap, cloneable handle on a running engine.
#[derive(Clone)]
pub struct EngineHandle {
    engine: Arc<Engine>,
}

impl EngineHandle {
    /// A handle on an engine in this process.
    pub fn local(engine: Arc<Engine>) -> EngineHandle {
        EngineHandle { engine }
    }

    /// The engine behind the handle (in-process only).
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Runs a command as `actor`.
    pub async fn execute(&self, actor: &Actor, cmd: Command) -> Result<CommandResult, EngineError> {
        self.engine.execute(actor, cmd).await
    }

    /// Validates a SKU file and, unless `dry_run` or it has errors, applies it in one
    /// transaction and re-resolves the held orders (the dashboard's `:sku import PATH`).
    pub async fn import_skus(
        &self,
        actor: &Actor,
        path: std::path::PathBuf,
        encoding: Option<crate::catalogue::TextEncoding>,
        dry_run: bool,
    ) -> Result<crate::catalogue::ImportReport, EngineError> {
        self.engine.import_skus(actor, path, encoding, dry_run).await
    }

    /// Exports the catalogue, mappings and open mismatches (the dashboard's `:sku export PATH`).
    pub async fn export_skus(
        &self,
        path: std::path::PathBuf,
    ) -> Result<crate::catalogue::ExportReport, EngineError> {
        self.engine.export_skus(path).await
    }

    /// Subscribes to the engine's events.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.engine.subscribe()
    }

    /// A page of orders.
    pub fn orders(&self, q: &OrderQuery) -> Result<OrderPage, EngineError> {
        Ok(self.engine.store.page_orders(q)?)
    }

    /// Calls `f` with every order of (shop?, status?) newest first until it returns `false`;
    /// returns how many were visited.
    pub fn scan_orders(
        &self,
        q: &OrderQuery,
        f: impl FnMut(crate::domain::Order) -> bool,
    ) -> Result<u64, EngineError> {
        Ok(self.engine.store.scan_orders(q, f)?)
    }

    /// Searches a status tab for a filter (substring, smart case), newest first, up to `q.cap`
    /// matches, through the store's search index. Answers `None` when `go_on` turns false (a
    /// newer search replaced this one).
    pub fn search_orders(
        &self,
        q: &crate::store::SearchQuery,
        go_on: &dyn Fn() -> bool,
    ) -> Result<Option<crate::store::SearchHits>, EngineError> {
        Ok(self.engine.store.search_orders(q, go_on)?)
    }

    /// How many orders a selection (plus `keys`) holds, per site and shop.
    pub fn count_selection(
        &self,
        sel: &crate::domain::selection::OrderSelection,
        keys: &[crate::domain::OrderKey],
    ) -> Result<super::bulk::SelectionCounts, EngineError> {
        self.engine.count_selection(sel, keys)
    }

    /// A page of open mismatch lines.
    pub fn mismatches(&self, offset: usize, limit: usize) -> Result<Vec<MismatchRow>, EngineError> {
        Ok(self.engine.store.mismatches(offset, limit)?)
    }

    /// Near-miss candidates for an open mismatch line (never applied by themselves).
    pub fn suggestions(
        &self,
        row: &MismatchRow,
        limit: usize,
    ) -> Result<Vec<crate::domain::mapping::Suggestion>, EngineError> {
        let Some(code) = &row.code else {
            return Ok(Vec::new());
        };
        let Some(shop) = self.engine.store.get_shop(&row.key.shop)? else {
            return Ok(Vec::new());
        };
        let cands = self.engine.store.candidates(shop.site)?;
        Ok(crate::domain::mapping::suggest(code, &cands, limit))
    }

    /// Pushes, newest first, optionally only failed / pending ones.
    pub fn pushes(&self, state: Option<&str>, offset: usize, limit: usize) -> Result<Vec<Push>, EngineError> {
        Ok(self
            .engine
            .store
            .list_pushes(|p| state.is_none_or(|s| p.state.label() == s), offset, limit)?)
    }

    /// The shops, as shown.
    pub fn shops(&self) -> Result<Vec<ShopView>, EngineError> {
        Ok(self.engine.store.list_shops()?.iter().map(|s| s.view()).collect())
    }

    /// The engine at a glance.
    pub fn status(&self) -> Result<EngineStatus, EngineError> {
        self.engine.status()
    }
}
