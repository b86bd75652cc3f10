//! The columns of a SKU file and the header names (English, Korean, Japanese) they are known by.
//! Headers are compared loosely: NFKC, lower case, without spaces, `_`, `-`, `.`, `(`, `)`.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// One column of the import / export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The seller-defined SKU code.
    SkuCode,
    /// The SKU (product) name.
    SkuName,
    /// The option name of an option SKU.
    OptionName,
    /// Units on hand.
    OnHand,
    /// The site of a mapping (slug or display name, any case).
    Site,
    /// The shop of a mapping (empty: every shop of the site).
    Shop,
    /// The site's product code.
    ProductCode,
    /// The site's option code.
    OptionCode,
    /// Crossmall product number (`item_code`).
    CrossmallItemCode,
    /// Crossmall product name (`item_name`).
    CrossmallItemName,
    /// Crossmall option text (`attr1,attr2`).
    CrossmallOptionText,
}

/// Every column, in the order the export writes them.
pub const ALL_COLUMNS: [Column; 11] = [
    Column::SkuCode,
    Column::SkuName,
    Column::OptionName,
    Column::OnHand,
    Column::Site,
    Column::Shop,
    Column::ProductCode,
    Column::OptionCode,
    Column::CrossmallItemCode,
    Column::CrossmallItemName,
    Column::CrossmallOptionText,
];

/// The SKU columns (the xlsx "SKUs" sheet).
pub const SKU_COLUMNS: [Column; 4] = [
    Column::SkuCode,
    Column::SkuName,
    Column::OptionName,
    Column::OnHand,
];

/// The mapping columns (the xlsx "Mappings" sheet, after the SKU code).
pub const MAPPING_COLUMNS: [Column; 7] = [
    Column::Site,
    Column::Shop,
    Column::ProductCode,
    Column::OptionCode,
    Column::CrossmallItemCode,
    Column::CrossmallItemName,
    Column::CrossmallOptionText,
];

impl Column {
    /// The header the export writes (also the first alias).
    pub const fn header(self) -> &'static str {
        self.aliases()[0]
    }

    /// Every header name this column is recognised by (compared after [`normalize_header`]).
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::SkuCode => &[
                "sku code",
                "sku",
                "seller defined code",
                "seller-defined code",
                "seller code",
                "판매자 정의 코드",
                "판매자코드",
                "sku코드",
                "販売者定義コード",
                "skuコード",
                "管理コード",
            ],
            Column::SkuName => &["sku name", "name", "상품명", "sku명", "商品名", "sku名"],
            Column::OptionName => &[
                "option name",
                "option",
                "옵션명",
                "옵션",
                "オプション名",
                "オプション",
            ],
            Column::OnHand => &[
                "on hand",
                "quantity on hand",
                "quantity",
                "qty",
                "stock",
                "재고",
                "재고수량",
                "수량",
                "在庫",
                "在庫数",
                "数量",
            ],
            Column::Site => &[
                "site",
                "marketplace",
                "사이트",
                "판매처",
                "마켓",
                "サイト",
                "モール",
            ],
            Column::Shop => &[
                "shop",
                "shop name",
                "account",
                "상점",
                "계정",
                "ショップ",
                "店舗",
                "アカウント",
            ],
            Column::ProductCode => &[
                "product code",
                "seller product code",
                "상품코드",
                "판매자상품코드",
                "商品コード",
                "商品管理コード",
            ],
            Column::OptionCode => &["option code", "옵션코드", "オプションコード"],
            Column::CrossmallItemCode => &[
                "crossmall item code",
                "crossmall product number",
                "item code",
                "商品番号",
                "크로스몰 상품번호",
            ],
            Column::CrossmallItemName => &[
                "crossmall item name",
                "crossmall product name",
                "item name",
                "crossmall商品名",
                "크로스몰 상품명",
            ],
            Column::CrossmallOptionText => &[
                "crossmall option text",
                "option text",
                "属性",
                "オプション文字列",
                "옵션텍스트",
                "크로스몰 옵션",
            ],
        }
    }

    /// The column's description in messages, e.g. `option name`.
    pub const fn label(self) -> &'static str {
        self.header()
    }

    /// True for the columns that carry a mapping.
    pub fn is_mapping(self) -> bool {
        MAPPING_COLUMNS.contains(&self)
    }
}

/// The loose form a header is compared in.
pub fn normalize_header(h: &str) -> String {
    h.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '(' | ')' | '*'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The column a header names, if any.
pub fn match_header(h: &str) -> Option<Column> {
    let wanted = normalize_header(h);
    if wanted.is_empty() {
        return None;
    }
    ALL_COLUMNS
        .into_iter()
        .find(|c| c.aliases().iter().any(|a| normalize_header(a) == wanted))
}

/// The spreadsheet letter of a 0-based column index (`0` → `A`, `27` → `AB`).
pub fn column_letter(mut idx: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (idx % 26) as u8);
        if idx < 26 {
            break;
        }
        idx = idx / 26 - 1;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_unambiguous() {
        let mut seen = std::collections::HashMap::new();
        for c in ALL_COLUMNS {
            for a in c.aliases() {
                if let Some(other) = seen.insert(normalize_header(a), c).filter(|o| *o != c) {
                    panic!("alias {a} of {c:?} also names {other:?}");
                }
            }
        }
    }

    #[test]
    fn headers_match_loosely() {
        assert_eq!(match_header(" SKU_Code "), Some(Column::SkuCode));
        assert_eq!(match_header("Option Name"), Some(Column::OptionName));
        assert_eq!(match_header("ｓｋｕ ｃｏｄｅ"), Some(Column::SkuCode));
        assert_eq!(match_header("재고 수량"), Some(Column::OnHand));
        assert_eq!(match_header("在庫数"), Some(Column::OnHand));
        assert_eq!(match_header("オプションコード"), Some(Column::OptionCode));
        assert_eq!(match_header("price"), None);
        assert_eq!(match_header(""), None);
    }

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
