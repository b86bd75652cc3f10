//! SKUs and mappings in the store, and the catalogue lookups that resolve order lines.

use super::{decode_in, encode_value, keys::KeyBuf, Store, StoreError};
use crate::domain::mapping::{Candidate, Catalogue, SiteCode};
use crate::domain::{Mapping, ShopName, Site, Sku, SkuCode};

/// `mappings` key: site | shop ("" for site-wide) | field | code parts.
pub(crate) fn mapping_key(site: Site, shop: Option<&ShopName>, code: &SiteCode) -> Vec<u8> {
    let field = match code {
        SiteCode::Product { .. } => 1,
        SiteCode::Option { .. } => 2,
        SiteCode::Crossmall { .. } => 3,
    };
    let mut k = KeyBuf::new()
        .str(site.slug())
        .str(shop.map(ShopName::as_str).unwrap_or(""))
        .u8(field);
    for part in code.parts() {
        k = k.str(part);
    }
    k.finish()
}

impl Store {
    /// Adds or replaces a SKU.
    pub fn put_sku(&self, sku: &Sku) -> Result<(), StoreError> {
        self.skus
            .insert(sku.code.as_str().as_bytes(), encode_value(sku)?)?;
        Ok(())
    }

    /// One SKU by code.
    pub fn get_sku(&self, code: &SkuCode) -> Result<Option<Sku>, StoreError> {
        self.skus
            .get(code.as_str().as_bytes())?
            .map(|v| decode_in("skus", &v))
            .transpose()
    }

    /// All SKUs, by code.
    pub fn list_skus(&self) -> Result<Vec<Sku>, StoreError> {
        self.skus
            .iter()
            .values()
            .map(|v| decode_in("skus", &v?))
            .collect()
    }

    /// Adds or replaces a mapping.
    pub fn put_mapping(&self, m: &Mapping) -> Result<(), StoreError> {
        self.mappings
            .insert(mapping_key(m.site, m.shop.as_ref(), &m.code), encode_value(m)?)?;
        Ok(())
    }

    /// Removes a mapping; returns it if it existed.
    pub fn remove_mapping(
        &self,
        site: Site,
        shop: Option<&ShopName>,
        code: &SiteCode,
    ) -> Result<Option<Mapping>, StoreError> {
        self.mappings
            .remove(mapping_key(site, shop, code))?
            .map(|v| decode_in("mappings", &v))
            .transpose()
    }

    /// All mappings of one site (every shop), in key order.
    pub fn list_mappings(&self, site: Option<Site>) -> Result<Vec<Mapping>, StoreError> {
        let prefix = site
            .map(|s| KeyBuf::new().str(s.slug()).finish())
            .unwrap_or_default();
        self.mappings
            .scan_prefix(prefix)
            .values()
            .map(|v| decode_in("mappings", &v?))
            .collect()
    }

    /// What suggestions for `site` may propose: that site's mapping codes and every SKU's own code.
    pub fn candidates(&self, site: Site) -> Result<Vec<Candidate>, StoreError> {
        let mut out: Vec<Candidate> = self
            .list_mappings(Some(site))?
            .into_iter()
            .map(|m| Candidate {
                code: m.code,
                sku: m.sku,
            })
            .collect();
        if site != Site::Crossmall {
            for sku in self.list_skus()? {
                out.push(Candidate {
                    code: SiteCode::Product {
                        code: sku.code.as_str().to_string(),
                    },
                    sku: sku.code,
                });
            }
        }
        Ok(out)
    }
}

impl Catalogue for Store {
    fn mapped(&self, site: Site, shop: Option<&ShopName>, code: &SiteCode) -> Option<SkuCode> {
        let v = self.mappings.get(mapping_key(site, shop, code)).ok()??;
        decode_in::<Mapping>("mappings", &v).ok().map(|m| m.sku)
    }

    fn sku_exists(&self, code: &str) -> bool {
        self.skus.contains_key(code.as_bytes()).unwrap_or(false)
    }

    fn mapped_product_code(&self, site: Site, shop: Option<&ShopName>, code: &SiteCode) -> Option<String> {
        let v = self.mappings.get(mapping_key(site, shop, code)).ok()??;
        decode_in::<Mapping>("mappings", &v).ok()?.product_code
    }
}
