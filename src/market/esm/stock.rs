//! The ESM goods catalogue and stock writes' helpers: the product cache, the goods search with
//! each goods' recommended options, and the item-API write with its refusal read.

use super::{is_refusal, message_of, wire, Esm};
use crate::domain::mapping::SiteCode;
use crate::domain::Site;
use crate::market::http::Safety;
use crate::market::types::*;

/// Goods asked for per `goods/search` page.
const GOODS_PAGE: u32 = 100;

impl Esm {
    /// The product cache, loaded on first use.
    pub(super) async fn product_cache(&self) -> Result<Vec<ProductInfo>, MarketError> {
        let mut cache = self.products.lock().await;
        if let Some(p) = cache.as_ref() {
            return Ok(p.clone());
        }
        let list = self.fetch_products().await?;
        *cache = Some(list.clone());
        Ok(list)
    }

    pub(super) async fn fetch_products(&self) -> Result<Vec<ProductInfo>, MarketError> {
        let mut out = Vec::new();
        let mut page_index = 1u32;
        let mut seen = 0u64;
        let mut pages = self.ctx.http.pages("ESM goods list");
        loop {
            pages.take()?;
            let query = wire::GoodsQuery {
                managed_code: Vec::new(),
                page_index,
                page_size: GOODS_PAGE,
            };
            let req = wire::goods_search(self.client(), &self.base, &self.signer, self.now(), &query)?;
            let reply = self.send(req, Safety::Repeatable, false).await?;
            let page = wire::parse_goods(&reply.body)?;
            let n = page.goods.len() as u64;
            seen += n;
            for g in &page.goods {
                // The search lists goods, not options: each goods' options come from its
                // recommended-options.
                let (_, options) = self.options_of(&g.goods_no).await?;
                out.extend(goods_rows(self.site, g, &options));
            }
            if n == 0 || seen >= page.total_count {
                return Ok(out);
            }
            page_index += 1;
        }
    }

    /// `GET recommended-options` of one goods: the whole body and its options for this site.
    pub(super) async fn options_of(
        &self,
        goods_no: &str,
    ) -> Result<(serde_json::Value, Vec<wire::OptionDetail>), MarketError> {
        let req =
            wire::recommended_options_get(self.client(), &self.base, &self.signer, self.now(), goods_no)?;
        let reply = self.send(req, Safety::Repeatable, false).await?;
        wire::parse_recommended_options(&reply.body, self.site)
    }

    /// Sends an item-API write and reads its answer: `Ok(Err(words))` when the site refuses.
    pub(super) async fn item_write(
        &self,
        req: reqwest::Request,
        what: &str,
    ) -> Result<Result<(), String>, MarketError> {
        match self.send(req, Safety::Once, false).await {
            Ok(reply) => match wire::item_body(what, &reply.body) {
                Ok(_) => Ok(Ok(())),
                Err(e) if is_refusal(&e) => Ok(Err(message_of(&e))),
                Err(e) => Err(e),
            },
            Err(e) if is_refusal(&e) => Ok(Err(message_of(&e))),
            Err(e) => Err(e),
        }
    }
}

/// The product / option rows of one goods: one row for a single goods, one per option otherwise.
pub(super) fn goods_rows(site: Site, g: &wire::Goods, options: &[wire::OptionDetail]) -> Vec<ProductInfo> {
    if options.is_empty() {
        return vec![ProductInfo {
            product_id: g.goods_no.clone(),
            option_id: None,
            code: SiteCode::Product {
                code: g.managed_code.clone(),
            },
            name: g.name(),
            option_name: None,
            stock: wire::site_qty(&g.stock, site),
        }];
    }
    options
        .iter()
        .map(|o| ProductInfo {
            product_id: g.goods_no.clone(),
            option_id: Some(o.option_no.clone()),
            code: SiteCode::Option {
                code: o.manage_code.clone(),
            },
            name: g.name(),
            option_name: Some(o.text.clone()),
            stock: o.qty,
        })
        .collect()
}

pub(super) fn describe_code(code: &SiteCode) -> String {
    match code {
        SiteCode::Product { code } => format!("product code `{code}`"),
        SiteCode::Option { code } => format!("option code `{code}`"),
        other => format!("{other:?}"),
    }
}
