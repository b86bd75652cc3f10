//! The mapping and SKU-file commands: setting one mapping, importing and exporting the SKU file,
//! and re-resolving the orders with open mismatches afterwards.

use super::api::{Actor, CommandResult};
use super::caller::{Caller, Role, READ_ONLY};
use super::rules::Work;
use super::{Engine, EngineError};
use crate::domain::{Mapping, OrderKey, OrderState};

impl Engine {
    pub(super) async fn set_mapping(
        &self,
        actor: &Caller,
        mapping: Mapping,
    ) -> Result<CommandResult, EngineError> {
        let detail = format!(
            "{} {} {} -> {}",
            mapping.site,
            mapping.shop.as_ref().map(|s| s.as_str()).unwrap_or("*"),
            mapping.code.display(),
            mapping.sku
        );
        // The mapping and its audit entry in one transaction.
        self.store.apply(&crate::store::Change {
            audit: vec![actor.entry(self.now(), "mappings.set", detail, "ok")],
            mappings: vec![mapping],
            ..Default::default()
        })?;
        self.store.flush()?;
        let (reresolved, released) = self.reresolve().await?;
        Ok(CommandResult::MappingSet { reresolved, released })
    }

    /// Validates a SKU file, applies it in one transaction unless it has errors or `dry_run`,
    /// then re-resolves the orders with open mismatches. The path is read by this process (a
    /// client over the link sends the bytes instead: [`Engine::import_skus_bytes`]).
    pub async fn import_skus(
        &self,
        actor: &Actor,
        path: std::path::PathBuf,
        encoding: Option<crate::catalogue::TextEncoding>,
        dry_run: bool,
    ) -> Result<crate::catalogue::ImportReport, EngineError> {
        self.import_skus_observed(&Caller::operator(actor), path, encoding, dry_run, &|_| {})
            .await
    }

    /// As [`Engine::import_skus`] for `caller`, telling `phase` each phase as it starts (reading
    /// and checking, writing, re-resolving held orders): the CLI's progress.
    pub async fn import_skus_observed(
        &self,
        caller: &Caller,
        path: std::path::PathBuf,
        encoding: Option<crate::catalogue::TextEncoding>,
        dry_run: bool,
        phase: &(dyn Fn(&str) + Send + Sync),
    ) -> Result<crate::catalogue::ImportReport, EngineError> {
        use crate::catalogue::import;
        phase(&format!("reading and checking {}", path.display()));
        let store = self.store.clone();
        let opts = import::ImportOptions { encoding };
        let plan = tokio::task::spawn_blocking(move || import::plan(&store, &path, &opts))
            .await
            .map_err(|e| EngineError::Invalid(format!("the import stopped: {e}")))??;
        self.apply_import(caller, plan, dry_run, phase).await
    }

    /// A SKU import from a file's bytes, sent by a client that read the file itself (`name` is
    /// the file's name as the client knows it; the engine reads no path of the client's).
    pub async fn import_skus_bytes(
        &self,
        caller: &Caller,
        name: String,
        bytes: Vec<u8>,
        encoding: Option<crate::catalogue::TextEncoding>,
        dry_run: bool,
    ) -> Result<crate::catalogue::ImportReport, EngineError> {
        use crate::catalogue::import;
        if !dry_run && caller.role != Role::Operator {
            self.audit(caller, "skus.import", name, &format!("refused: {READ_ONLY}"))?;
            return Err(EngineError::Forbidden(format!(
                "{READ_ONLY} ({} may not import SKUs; --dry-run only checks)",
                caller.actor.0
            )));
        }
        let store = self.store.clone();
        let opts = import::ImportOptions { encoding };
        let plan = tokio::task::spawn_blocking(move || import::plan_bytes(&store, &name, bytes, &opts))
            .await
            .map_err(|e| EngineError::Invalid(format!("the import stopped: {e}")))??;
        self.apply_import(caller, plan, dry_run, &|_| {}).await
    }

    async fn apply_import(
        &self,
        actor: &Caller,
        plan: crate::catalogue::import::ImportPlan,
        dry_run: bool,
        phase: &(dyn Fn(&str) + Send + Sync),
    ) -> Result<crate::catalogue::ImportReport, EngineError> {
        use crate::catalogue::import;
        if dry_run || !plan.report.ok() {
            return Ok(plan.report);
        }
        phase(&format!(
            "writing {} rows ({} SKUs and {} mappings new or changed)",
            plan.report.rows,
            plan.report.skus_new + plan.report.skus_changed,
            plan.report.mappings_new + plan.report.mappings_changed
        ));
        let mut report = {
            // Reserved quantities are read and written under the engine's write lock.
            let _guard = self.write.lock().await;
            // SKUs whose quantity on hand the import changes (new SKUs with stock included):
            // their stock goes to the shops that map them, as for any other stock change.
            let mut moved = Vec::new();
            for sku in &plan.skus {
                let before = self.store.get_sku(&sku.code)?.map(|s| s.on_hand);
                if before != Some(sku.on_hand) && (before.is_some() || sku.on_hand != 0) {
                    moved.push(sku.code.clone());
                }
            }
            let report = import::apply(&self.store, plan)?;
            if report.applied && !moved.is_empty() {
                let mut work = Work::new(self, None);
                for code in &moved {
                    work.touch(code);
                }
                work.commit()?;
            }
            report
        };
        self.audit(
            actor,
            "skus.import",
            report.file.clone(),
            &format!(
                "ok: SKUs {} new, {} changed; mappings {} new, {} changed",
                report.skus_new, report.skus_changed, report.mappings_new, report.mappings_changed
            ),
        )?;
        phase("re-resolving held orders");
        let (reresolved, released) = self.reresolve().await?;
        report.reresolved = reresolved;
        report.released = released;
        Ok(report)
    }

    /// Exports the catalogue to a temporary file of the engine's own named like `name` (its
    /// extension picks the format) and returns the report and the files' bytes: the main file
    /// first, then the mismatches file of a CSV export. The client writes them where it wants.
    pub async fn export_skus_bytes(
        &self,
        name: &str,
    ) -> Result<(crate::catalogue::ExportReport, Vec<Vec<u8>>), EngineError> {
        let base = std::path::Path::new(name)
            .file_name()
            .map(std::path::PathBuf::from)
            .ok_or_else(|| EngineError::Invalid(format!("`{name}` is not a file name")))?;
        let dir = tempfile::Builder::new()
            .prefix("shipdeck-export-")
            .tempdir()
            .map_err(|e| EngineError::Invalid(format!("cannot make a temporary directory: {e}")))?;
        let path = dir.path().join(&base);
        let report = self.export_skus(path.clone()).await?;
        let mut files = vec![std::fs::read(&path)
            .map_err(|e| EngineError::Invalid(format!("cannot read the export back: {e}")))?];
        let sibling = path.with_extension("mismatches.csv");
        if report.mismatches_file.as_deref() == Some(&sibling.display().to_string()) {
            files.push(
                std::fs::read(&sibling)
                    .map_err(|e| EngineError::Invalid(format!("cannot read the export back: {e}")))?,
            );
        }
        Ok((report, files))
    }

    /// Writes the catalogue, the mappings and the open mismatches to a .xlsx or .csv file.
    pub async fn export_skus(
        &self,
        path: std::path::PathBuf,
    ) -> Result<crate::catalogue::ExportReport, EngineError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || crate::catalogue::export::export(&store, &path))
            .await
            .map_err(|e| EngineError::Invalid(format!("the export stopped: {e}")))?
            .map_err(|e| match e {
                crate::catalogue::export::ExportError::Store(s) => EngineError::Store(s),
                other => EngineError::Invalid(other.to_string()),
            })
    }

    /// Re-resolves every order with an open mismatch; released holds move on by the shop options.
    pub async fn reresolve(&self) -> Result<(u64, u64), EngineError> {
        let _guard = self.write.lock().await;
        let mut work = Work::new(self, None);
        let mut keys: Vec<OrderKey> = self
            .store
            .mismatches(0, usize::MAX)?
            .into_iter()
            .map(|m| m.key)
            .collect();
        keys.dedup();
        let (mut reresolved, mut released) = (0, 0);
        let mut shops = std::collections::BTreeMap::new();
        for key in keys {
            let Some(mut order) = work.order(&key)? else {
                continue;
            };
            let shop = match shops.get(&key.shop) {
                Some(s) => s,
                None => match self.store.get_shop(&key.shop)? {
                    Some(s) => shops.entry(key.shop.clone()).or_insert(s),
                    None => continue,
                },
            };
            let before = order.clone();
            super::ingest::resolve_lines(&mut order.lines, shop, &self.store);
            if order.lines == before.lines {
                continue;
            }
            reresolved += 1;
            work.settle(shop, &mut order, Some(&before.state))?;
            if matches!(before.state, OrderState::Held { .. })
                && !matches!(order.state, OrderState::Held { .. })
            {
                released += 1;
            }
            order.updated_at = work.now;
            work.put_order(order);
        }
        let keys = work.commit()?;
        if !keys.is_empty() {
            self.emit(super::Event::OrdersChanged { keys });
        }
        Ok((reresolved, released))
    }
}
