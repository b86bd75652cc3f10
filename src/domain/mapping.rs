//! SKU mappings and the matching rules: exact matches only; near misses are suggested, never applied.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::marketplace::Site;
use super::order::{LineSku, ProductRef};
use super::shop::ShopName;
use super::sku::SkuCode;

/// The site code a mapping is keyed by, in the site's own code field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum SiteCode {
    /// The seller's product code (single products).
    Product {
        /// The code.
        code: String,
    },
    /// The seller's option code (products with options).
    Option {
        /// The code.
        code: String,
    },
    /// Crossmall's product number + product name + option text, matched exactly.
    Crossmall {
        /// `item_code`.
        item_code: String,
        /// `item_name`.
        item_name: String,
        /// `attr1,attr2`.
        option_text: String,
    },
}

impl SiteCode {
    /// The code a line is matched by: its option code when it has one, else its product code.
    pub fn for_line(product: &ProductRef) -> Option<SiteCode> {
        let present = |c: &Option<String>| c.as_ref().filter(|c| !c.is_empty()).cloned();
        match product {
            ProductRef::Code {
                product_code,
                option_code,
            } => present(option_code)
                .map(|code| SiteCode::Option { code })
                .or_else(|| present(product_code).map(|code| SiteCode::Product { code })),
            ProductRef::Crossmall {
                item_code,
                item_name,
                option_text,
            } => Some(SiteCode::Crossmall {
                item_code: item_code.clone(),
                item_name: item_name.clone(),
                option_text: option_text.clone(),
            }),
        }
    }

    /// The parts of the code, in order (one for code fields, three for Crossmall).
    pub fn parts(&self) -> Vec<&str> {
        match self {
            SiteCode::Product { code } | SiteCode::Option { code } => vec![code],
            SiteCode::Crossmall {
                item_code,
                item_name,
                option_text,
            } => vec![item_code, item_name, option_text],
        }
    }

    /// True when both codes are of the same field.
    pub fn same_field(&self, other: &SiteCode) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// The code as one line of text (Crossmall parts joined by ` | `).
    pub fn display(&self) -> String {
        self.parts().join(" | ")
    }
}

/// A mapping from a site code to a warehouse SKU, for one shop or for every shop of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The site.
    pub site: Site,
    /// The shop, or `None` for every shop on the site.
    pub shop: Option<ShopName>,
    /// The site code.
    pub code: SiteCode,
    /// The SKU it maps to.
    pub sku: SkuCode,
    /// For an option-code mapping, the product code the sheet gave beside it: kept, and a line
    /// whose product code differs is not matched by this mapping (an option code reused under
    /// another product stays a mismatch instead of shipping the wrong SKU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_code: Option<String>,
}

/// Where the mappings and SKUs are looked up (the store, or a map in tests).
pub trait Catalogue {
    /// The SKU mapped to this code for this shop (shop-specific mapping) or for the site (`shop` None).
    fn mapped(&self, site: Site, shop: Option<&ShopName>, code: &SiteCode) -> Option<SkuCode>;
    /// True when a SKU with exactly this code exists.
    fn sku_exists(&self, code: &str) -> bool;
    /// The product code kept beside this option-code mapping, if any.
    fn mapped_product_code(&self, _site: Site, _shop: Option<&ShopName>, _code: &SiteCode) -> Option<String> {
        None
    }
}

/// How a row of a SKU sheet maps an order line, for the import report.
pub fn match_rule(m: &Mapping) -> &'static str {
    match (&m.code, &m.product_code) {
        (SiteCode::Product { .. }, _) => "by product code",
        (SiteCode::Option { .. }, None) => "by option code",
        (SiteCode::Option { .. }, Some(_)) => {
            "by option code, where the line's product code is the one given"
        }
        (SiteCode::Crossmall { .. }, _) => "by Crossmall product number, name and option text",
    }
}

/// Resolves a line to a SKU by exact match only: the shop's own mapping, then the site-wide one,
/// then (for code fields) a SKU whose seller-defined code is exactly the site code, as the seeds
/// tell sellers to register them. Crossmall lines match only through mappings.
pub fn resolve(cat: &impl Catalogue, site: Site, shop: &ShopName, product: &ProductRef) -> LineSku {
    let Some(code) = SiteCode::for_line(product) else {
        return LineSku::Unmapped;
    };
    // A mapping that kept a product code beside its option code only fits a line with that
    // product code (or one that carries none).
    let line_product = match product {
        ProductRef::Code { product_code, .. } => product_code.as_deref().filter(|c| !c.is_empty()),
        ProductRef::Crossmall { .. } => None,
    };
    let fits = |shop: Option<&ShopName>| {
        let sku = cat.mapped(site, shop, &code)?;
        match (cat.mapped_product_code(site, shop, &code), line_product) {
            (Some(kept), Some(line)) if kept != line => None,
            _ => Some(sku),
        }
    };
    if let Some(sku) = fits(Some(shop)).or_else(|| fits(None)) {
        return LineSku::Mapped { sku };
    }
    match &code {
        SiteCode::Product { code } | SiteCode::Option { code } if cat.sku_exists(code) => {
            match SkuCode::new(code) {
                Ok(sku) => LineSku::Mapped { sku },
                Err(_) => LineSku::Unmapped,
            }
        }
        _ => LineSku::Unmapped,
    }
}

/// How a near miss differs from the wanted code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NearMiss {
    /// Upper / lower case.
    Case,
    /// Whitespace around or inside.
    Whitespace,
    /// Full-width vs half-width forms (NFKC).
    Width,
}

/// A candidate offered for an unmapped code. It is only ever shown; applying it is the operator's act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The candidate code as it is written on the other side.
    pub code: SiteCode,
    /// The SKU the candidate leads to.
    pub sku: SkuCode,
    /// How it differs.
    pub differences: BTreeSet<NearMiss>,
}

/// A code the suggestion engine may propose: an existing mapping's code, or a SKU's own code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The code.
    pub code: SiteCode,
    /// Its SKU.
    pub sku: SkuCode,
}

fn width(s: &str) -> String {
    s.nfkc().collect()
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// The form texts are compared in for suggestions: NFKC, no whitespace, lower case.
pub fn normalize(s: &str) -> String {
    fold(&no_space(&width(s)))
}

/// How `a` and `b` differ when they are equal after normalization; `None` when they are not near.
pub fn near_miss(a: &str, b: &str) -> Option<BTreeSet<NearMiss>> {
    if a == b || normalize(a) != normalize(b) {
        return None;
    }
    let mut why = BTreeSet::new();
    if fold(&no_space(a)) != fold(&no_space(b)) {
        why.insert(NearMiss::Width);
    }
    if no_space(&width(a)) != no_space(&width(b)) {
        why.insert(NearMiss::Case);
    }
    if fold(&width(a)) != fold(&width(b)) {
        why.insert(NearMiss::Whitespace);
    }
    Some(why)
}

/// Proposes near-miss candidates for a code that matched nothing, closest first (fewest kinds of
/// difference), at most `limit`. Codes of another field are never proposed; exact equals are not
/// near misses (they would have matched).
pub fn suggest<'a>(
    wanted: &SiteCode,
    candidates: impl IntoIterator<Item = &'a Candidate>,
    limit: usize,
) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    for cand in candidates {
        let comparable = wanted.same_field(&cand.code)
            || matches!(
                (wanted, &cand.code),
                (
                    SiteCode::Product { .. } | SiteCode::Option { .. },
                    SiteCode::Product { .. } | SiteCode::Option { .. }
                )
            );
        if !comparable {
            continue;
        }
        let (w, c) = (wanted.parts(), cand.code.parts());
        if w.len() != c.len() || w == c {
            continue;
        }
        let mut differences = BTreeSet::new();
        let mut near = true;
        for (a, b) in w.iter().zip(&c) {
            if a == b {
                continue;
            }
            match near_miss(a, b) {
                Some(why) => differences.extend(why),
                None => {
                    near = false;
                    break;
                }
            }
        }
        if near && !out.iter().any(|s| s.code.parts() == c && s.sku == cand.sku) {
            out.push(Suggestion {
                code: cand.code.clone(),
                sku: cand.sku.clone(),
                differences,
            });
        }
    }
    out.sort_by(|a, b| {
        a.differences
            .len()
            .cmp(&b.differences.len())
            .then_with(|| a.sku.cmp(&b.sku))
    });
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Cat {
        maps: BTreeMap<(Site, Option<ShopName>, SiteCode), SkuCode>,
        skus: BTreeSet<String>,
    }

    impl Catalogue for Cat {
        fn mapped(&self, site: Site, shop: Option<&ShopName>, code: &SiteCode) -> Option<SkuCode> {
            self.maps.get(&(site, shop.cloned(), code.clone())).cloned()
        }
        fn sku_exists(&self, code: &str) -> bool {
            self.skus.contains(code)
        }
    }

    fn sku(s: &str) -> SkuCode {
        SkuCode::new(s).unwrap()
    }

    fn shop(s: &str) -> ShopName {
        ShopName::new(s).unwrap()
    }

    fn code_ref(product: Option<&str>, option: Option<&str>) -> ProductRef {
        ProductRef::Code {
            product_code: product.map(String::from),
            option_code: option.map(String::from),
        }
    }

    fn cm(item_code: &str, item_name: &str, option_text: &str) -> SiteCode {
        SiteCode::Crossmall {
            item_code: item_code.into(),
            item_name: item_name.into(),
            option_text: option_text.into(),
        }
    }

    #[test]
    fn exact_matches_by_mapping_then_sku_code() {
        let mut cat = Cat::default();
        cat.skus.insert("ABC-01".into());
        cat.maps.insert(
            (
                Site::Qoo10,
                None,
                SiteCode::Option {
                    code: "OPT-RED".into(),
                },
            ),
            sku("SKU-RED"),
        );
        cat.maps.insert(
            (
                Site::Qoo10,
                Some(shop("jp2")),
                SiteCode::Option {
                    code: "OPT-RED".into(),
                },
            ),
            sku("SKU-RED-JP2"),
        );
        let main = shop("jp1");
        assert_eq!(
            resolve(&cat, Site::Qoo10, &main, &code_ref(Some("ABC-01"), None)),
            LineSku::Mapped { sku: sku("ABC-01") }
        );
        assert_eq!(
            resolve(&cat, Site::Qoo10, &main, &code_ref(Some("P"), Some("OPT-RED"))),
            LineSku::Mapped { sku: sku("SKU-RED") }
        );
        assert_eq!(
            resolve(
                &cat,
                Site::Qoo10,
                &shop("jp2"),
                &code_ref(Some("P"), Some("OPT-RED"))
            ),
            LineSku::Mapped {
                sku: sku("SKU-RED-JP2")
            },
            "the shop's own mapping wins over the site-wide one"
        );
        // Another site's mapping does not apply.
        assert_eq!(
            resolve(&cat, Site::Grip, &main, &code_ref(Some("P"), Some("OPT-RED"))),
            LineSku::Unmapped
        );
        // Near misses never match.
        assert_eq!(
            resolve(&cat, Site::Qoo10, &main, &code_ref(Some("abc-01"), None)),
            LineSku::Unmapped
        );
        assert_eq!(
            resolve(&cat, Site::Qoo10, &main, &code_ref(Some("ABC-01 "), None)),
            LineSku::Unmapped
        );
        // No code at all.
        assert_eq!(
            resolve(&cat, Site::Qoo10, &main, &code_ref(None, Some(""))),
            LineSku::Unmapped
        );
    }

    #[test]
    fn crossmall_matches_the_exact_text_only() {
        let mut cat = Cat::default();
        cat.maps.insert(
            (
                Site::Crossmall,
                None,
                cm("1001", "Tシャツ 白", "ホワイト,Sサイズ"),
            ),
            sku("TS-W-S"),
        );
        // A SKU whose code equals the item code does not map a Crossmall line: the text rule rules.
        cat.skus.insert("1001".into());
        let s = shop("cm");
        let line = |code: &str, name: &str, opt: &str| ProductRef::Crossmall {
            item_code: code.into(),
            item_name: name.into(),
            option_text: opt.into(),
        };
        assert_eq!(
            resolve(
                &cat,
                Site::Crossmall,
                &s,
                &line("1001", "Tシャツ 白", "ホワイト,Sサイズ")
            ),
            LineSku::Mapped { sku: sku("TS-W-S") }
        );
        for (code, name, opt) in [
            ("1001", "Tシャツ  白", "ホワイト,Sサイズ"),
            ("1001", "tシャツ 白", "ホワイト,Sサイズ"),
            ("1001", "Tシャツ 白", "ﾎﾜｲﾄ,Sｻｲｽﾞ"),
            ("1001", "Tシャツ 白", "ホワイト, Sサイズ"),
            ("1002", "Tシャツ 白", "ホワイト,Sサイズ"),
        ] {
            assert_eq!(
                resolve(&cat, Site::Crossmall, &s, &line(code, name, opt)),
                LineSku::Unmapped,
                "{code} {name} {opt}"
            );
        }
    }

    #[test]
    fn suggests_half_width_kana_for_full_width() {
        let cands = vec![Candidate {
            code: cm("1001", "Tシャツ", "ホワイト,Sサイズ"),
            sku: sku("TS-W-S"),
        }];
        let got = suggest(&cm("1001", "Tシャツ", "ﾎﾜｲﾄ,Sｻｲｽﾞ"), &cands, 5);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].sku, sku("TS-W-S"));
        assert_eq!(got[0].differences, BTreeSet::from([NearMiss::Width]));
    }

    #[test]
    fn suggests_case_and_trailing_space() {
        let cands = vec![
            Candidate {
                code: SiteCode::Product {
                    code: "ABC-01 ".into(),
                },
                sku: sku("SKU-1"),
            },
            Candidate {
                code: SiteCode::Product {
                    code: "ABC-02".into(),
                },
                sku: sku("SKU-2"),
            },
        ];
        let got = suggest(
            &SiteCode::Product {
                code: "abc-01".into(),
            },
            &cands,
            5,
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].sku, sku("SKU-1"));
        assert_eq!(
            got[0].differences,
            BTreeSet::from([NearMiss::Case, NearMiss::Whitespace])
        );
    }

    #[test]
    fn near_miss_kinds() {
        assert_eq!(near_miss("ABC", "ABC"), None);
        assert_eq!(near_miss("ABC", "ABD"), None);
        assert_eq!(
            near_miss("ＡＢＣ", "ABC"),
            Some(BTreeSet::from([NearMiss::Width]))
        );
        assert_eq!(
            near_miss("AB C", "ABC"),
            Some(BTreeSet::from([NearMiss::Whitespace]))
        );
        assert_eq!(near_miss("abc", "ABC"), Some(BTreeSet::from([NearMiss::Case])));
        // A full-width space is both width and whitespace.
        assert!(near_miss("A\u{3000}B", "AB")
            .unwrap()
            .contains(&NearMiss::Whitespace));
    }

    #[test]
    fn a_suggestion_is_never_applied_by_itself() {
        let mut cat = Cat::default();
        cat.maps.insert(
            (
                Site::Grip,
                None,
                SiteCode::Product {
                    code: "ABC-01".into(),
                },
            ),
            sku("S1"),
        );
        let product = code_ref(Some("abc-01"), None);
        let wanted = SiteCode::for_line(&product).unwrap();
        let cands = vec![Candidate {
            code: SiteCode::Product {
                code: "ABC-01".into(),
            },
            sku: sku("S1"),
        }];
        assert_eq!(suggest(&wanted, &cands, 5).len(), 1);
        // Resolution after suggesting is unchanged.
        assert_eq!(resolve(&cat, Site::Grip, &shop("g"), &product), LineSku::Unmapped);
    }

    #[test]
    fn suggestions_are_ranked_and_limited() {
        let cands: Vec<Candidate> = ["abc01", "ＡＢＣ０１ ", "ABC01 ", "XYZ"]
            .iter()
            .enumerate()
            .map(|(i, c)| Candidate {
                code: SiteCode::Option { code: c.to_string() },
                sku: sku(&format!("S{i}")),
            })
            .collect();
        let got = suggest(&SiteCode::Product { code: "ABC01".into() }, &cands, 2);
        assert_eq!(got.len(), 2);
        assert!(got[0].differences.len() <= got[1].differences.len());
        assert!(got.iter().all(|s| s.sku.as_str() != "S3"));
    }

    /// A catalogue whose option-code mappings kept the product code beside them.
    struct Kept(Cat, BTreeMap<SiteCode, String>);

    impl Catalogue for Kept {
        fn mapped(&self, site: Site, shop: Option<&ShopName>, code: &SiteCode) -> Option<SkuCode> {
            self.0.mapped(site, shop, code)
        }
        fn sku_exists(&self, code: &str) -> bool {
            self.0.sku_exists(code)
        }
        fn mapped_product_code(&self, _: Site, _: Option<&ShopName>, code: &SiteCode) -> Option<String> {
            self.1.get(code).cloned()
        }
    }

    #[test]
    fn a_kept_product_code_must_agree_with_the_lines() {
        let opt = SiteCode::Option {
            code: "TS-100-RM".into(),
        };
        let mut cat = Cat::default();
        cat.maps.insert(
            (Site::Qoo10, None, opt.clone()),
            SkuCode::new("TS-RED-M").unwrap(),
        );
        let cat = Kept(cat, [(opt, "TS-100".to_string())].into_iter().collect());
        let shop = ShopName::new("q").unwrap();
        let line = |product: Option<&str>| ProductRef::Code {
            product_code: product.map(str::to_string),
            option_code: Some("TS-100-RM".into()),
        };
        let mapped = LineSku::Mapped {
            sku: SkuCode::new("TS-RED-M").unwrap(),
        };
        assert_eq!(resolve(&cat, Site::Qoo10, &shop, &line(Some("TS-100"))), mapped);
        // A line that carries no product code is matched by the option code alone.
        assert_eq!(resolve(&cat, Site::Qoo10, &shop, &line(None)), mapped);
        // The same option code under another product stays a mismatch.
        assert_eq!(
            resolve(&cat, Site::Qoo10, &shop, &line(Some("OTHER-9"))),
            LineSku::Unmapped
        );
    }
}
