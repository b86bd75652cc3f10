//! Tracking: carriers with each site's carrier code, tracking numbers, and where they came from.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::marketplace::Site;

/// A parcel carrier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "carrier", rename_all = "snake_case")]
pub enum Carrier {
    /// CJ대한통운 (CJ Logistics).
    Cj,
    /// 롯데택배 (Lotte Global Logistics).
    Lotte,
    /// 한진택배 (Hanjin).
    Hanjin,
    /// 로젠택배 (Logen).
    Logen,
    /// 우체국택배 (Korea Post).
    KoreaPost,
    /// DHL.
    Dhl,
    /// "Other courier": used with shipdeck's own `QSP…` waybill numbers.
    OtherCourier,
    /// Any other carrier, by its name (Japanese carriers are free text on Qoo10 and Crossmall).
    Named {
        /// The name as written.
        name: String,
    },
}

/// How a site wants a carrier named on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum SiteCarrier {
    /// A numeric code (ESM `DeliveryCompanyCode`).
    Numeric(u32),
    /// A string code (LotteON `dvCoCd`).
    Code(String),
    /// Free text (Qoo10 `ShippingCorp`, Crossmall `delivery_name`).
    Name(String),
    /// Not in our table: the adapter looks the name up in the site's carrier list
    /// (ESM `delivery-company`, LotteON `DV_CO_CD`, Grip `delivery/company`).
    LookupByName(String),
}

impl Carrier {
    /// Parses a carrier as people write it in a tracking file: Korean or English names and
    /// common abbreviations map to the known carriers; anything else is kept as a name.
    pub fn parse(text: &str) -> Carrier {
        let t = text.trim();
        let key: String = t
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .collect::<String>()
            .to_lowercase();
        match key.as_str() {
            "cj" | "cj대한통운" | "대한통운" | "cjlogistics" | "cj대한통운택배" => Carrier::Cj,
            "lotte" | "롯데" | "롯데택배" | "lotteglobal" | "롯데글로벌로지스" => {
                Carrier::Lotte
            }
            "hanjin" | "한진" | "한진택배" => Carrier::Hanjin,
            "logen" | "로젠" | "로젠택배" => Carrier::Logen,
            "koreapost" | "epost" | "우체국" | "우체국택배" => Carrier::KoreaPost,
            "dhl" => Carrier::Dhl,
            "other" | "othercourier" | "기타" | "기타택배" | "その他" => Carrier::OtherCourier,
            _ => Carrier::Named { name: t.to_string() },
        }
    }

    /// The carrier's name in the language of the site's market.
    pub fn name_for(&self, site: Site) -> String {
        let korean = !matches!(site, Site::Qoo10 | Site::Crossmall);
        match self {
            Carrier::Cj => if korean { "CJ대한통운" } else { "CJ Logistics" }.to_string(),
            Carrier::Lotte => if korean { "롯데택배" } else { "Lotte" }.to_string(),
            Carrier::Hanjin => if korean { "한진택배" } else { "Hanjin" }.to_string(),
            Carrier::Logen => if korean { "로젠택배" } else { "Logen" }.to_string(),
            Carrier::KoreaPost => if korean { "우체국택배" } else { "Korea Post" }.to_string(),
            Carrier::Dhl => "DHL".to_string(),
            Carrier::OtherCourier => if korean { "기타택배" } else { "その他" }.to_string(),
            Carrier::Named { name } => name.clone(),
        }
    }

    /// The carrier as `site` takes it on the wire (codes from `marketplaces.md`).
    pub fn for_site(&self, site: Site) -> SiteCarrier {
        match site {
            Site::Gmarket | Site::Auction => match self {
                Carrier::Cj => SiteCarrier::Numeric(10013),
                Carrier::Lotte => SiteCarrier::Numeric(10008),
                Carrier::Hanjin => SiteCarrier::Numeric(10007),
                Carrier::Logen => SiteCarrier::Numeric(10003),
                Carrier::KoreaPost => SiteCarrier::Numeric(10005),
                Carrier::Dhl => SiteCarrier::Numeric(10022),
                other => SiteCarrier::LookupByName(other.name_for(site)),
            },
            Site::Lotteon => match self {
                Carrier::Lotte => SiteCarrier::Code("0001".into()),
                Carrier::Cj => SiteCarrier::Code("0002".into()),
                Carrier::Logen => SiteCarrier::Code("0005".into()),
                other => SiteCarrier::LookupByName(other.name_for(site)),
            },
            // Grip publishes no companySeq values: always looked up in its carrier list.
            Site::Grip => SiteCarrier::LookupByName(self.name_for(site)),
            Site::Qoo10 | Site::Crossmall => SiteCarrier::Name(self.name_for(site)),
        }
    }
}

impl fmt::Display for Carrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name_for(Site::Gmarket))
    }
}

/// A tracking (waybill / invoice) number: 1–50 ASCII letters, digits or `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingNumber(String);

/// Text that cannot be a tracking number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid tracking number `{number}`: {reason}")]
pub struct TrackingNumberError {
    /// The text given.
    pub number: String,
    /// What is wrong.
    pub reason: &'static str,
}

impl TrackingNumber {
    /// Validates a tracking number (surrounding whitespace is trimmed).
    pub fn new(number: &str) -> Result<Self, TrackingNumberError> {
        let n = number.trim();
        let bad = |reason| TrackingNumberError {
            number: number.to_string(),
            reason,
        };
        if n.is_empty() {
            return Err(bad("it is empty"));
        }
        if n.len() > 50 {
            return Err(bad("it is longer than 50 characters"));
        }
        if !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(bad("only letters, digits and `-` are allowed"));
        }
        Ok(TrackingNumber(n.to_string()))
    }

    /// shipdeck's own waybill number for a sequence number: `QSP` and 12 digits.
    pub fn qsp(seq: u64) -> TrackingNumber {
        TrackingNumber(format!("QSP{seq:012}"))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TrackingNumber {
    type Error = TrackingNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        TrackingNumber::new(&value)
    }
}

impl From<TrackingNumber> for String {
    fn from(value: TrackingNumber) -> Self {
        value.0
    }
}

impl fmt::Display for TrackingNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tracking number as compared across systems: surrounding whitespace trimmed, hyphens and
/// spaces (also full-width ones) dropped, ASCII letters upper-cased. Sites and people write the
/// same number as `4912-3456-7890`, `4912 3456 7890` or `491234567890`.
pub fn normalise_tracking_number(number: &str) -> String {
    number
        .trim()
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}')
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// True when two tracking numbers are the same number once normalised
/// (see [`normalise_tracking_number`]).
pub fn same_tracking_number(a: &str, b: &str) -> bool {
    normalise_tracking_number(a) == normalise_tracking_number(b)
}

/// Where a tracking number came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackingSource {
    /// The cargo was received at the warehouse with a carrier label.
    WarehouseLabel,
    /// shipdeck printed the waybill: its own `QSP…` number, courier "other courier".
    ShipdeckWaybill,
    /// Someone else shipped it on the site; an operator accepted that shipment.
    SiteShipment,
}

/// A carrier and tracking number for an order, and where they came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tracking {
    /// The carrier.
    pub carrier: Carrier,
    /// The number.
    pub number: TrackingNumber,
    /// Where it came from.
    pub source: TrackingSource,
}

impl Tracking {
    /// A carrier-labelled parcel received at the warehouse.
    pub fn from_label(carrier: Carrier, number: TrackingNumber) -> Tracking {
        Tracking {
            carrier,
            number,
            source: TrackingSource::WarehouseLabel,
        }
    }

    /// A waybill printed by shipdeck: courier "other courier" and the `QSP…` number.
    pub fn from_waybill(seq: u64) -> Tracking {
        Tracking {
            carrier: Carrier::OtherCourier,
            number: TrackingNumber::qsp(seq),
            source: TrackingSource::ShipdeckWaybill,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_carrier_codes_differ_per_site() {
        assert_eq!(Carrier::Cj.for_site(Site::Gmarket), SiteCarrier::Numeric(10013));
        assert_eq!(Carrier::Cj.for_site(Site::Auction), SiteCarrier::Numeric(10013));
        assert_eq!(
            Carrier::Cj.for_site(Site::Lotteon),
            SiteCarrier::Code("0002".into())
        );
        assert_eq!(
            Carrier::Lotte.for_site(Site::Lotteon),
            SiteCarrier::Code("0001".into())
        );
        assert_eq!(
            Carrier::Logen.for_site(Site::Gmarket),
            SiteCarrier::Numeric(10003)
        );
        assert_eq!(
            Carrier::Hanjin.for_site(Site::Lotteon),
            SiteCarrier::LookupByName("한진택배".into())
        );
        assert_eq!(
            Carrier::Cj.for_site(Site::Grip),
            SiteCarrier::LookupByName("CJ대한통운".into())
        );
    }

    #[test]
    fn japanese_carriers_are_free_text() {
        let yamato = Carrier::parse("ヤマト運輸");
        assert_eq!(
            yamato,
            Carrier::Named {
                name: "ヤマト運輸".into()
            }
        );
        assert_eq!(
            yamato.for_site(Site::Qoo10),
            SiteCarrier::Name("ヤマト運輸".into())
        );
        assert_eq!(
            Carrier::OtherCourier.for_site(Site::Crossmall),
            SiteCarrier::Name("その他".into())
        );
    }

    #[test]
    fn parse_knows_common_spellings() {
        assert_eq!(Carrier::parse("CJ대한통운"), Carrier::Cj);
        assert_eq!(Carrier::parse(" cj "), Carrier::Cj);
        assert_eq!(Carrier::parse("Korea Post"), Carrier::KoreaPost);
        assert_eq!(Carrier::parse("기타택배"), Carrier::OtherCourier);
    }

    #[test]
    fn waybills_get_qsp_numbers_and_other_courier() {
        let t = Tracking::from_waybill(42);
        assert_eq!(t.number.as_str(), "QSP000000000042");
        assert_eq!(t.carrier, Carrier::OtherCourier);
        assert_eq!(t.source, TrackingSource::ShipdeckWaybill);
    }

    #[test]
    fn tracking_numbers_compare_without_hyphens_spaces_or_case() {
        assert!(same_tracking_number("4912-3456-7890", " 491234567890 "));
        assert!(same_tracking_number("4912 3456 7890", "4912-3456-7890"));
        assert!(same_tracking_number("qsp000000000042", "QSP000000000042"));
        assert!(same_tracking_number("4912\u{FF0D}3456", "49123456"));
        assert!(!same_tracking_number("4912-3456-7890", "4912-3456-7891"));
        assert!(!same_tracking_number("", "1"));
        assert_eq!(normalise_tracking_number(" ab-12 c "), "AB12C");
    }

    #[test]
    fn tracking_numbers_are_checked() {
        assert_eq!(TrackingNumber::new(" 6543-2100 ").unwrap().as_str(), "6543-2100");
        assert!(TrackingNumber::new("").is_err());
        assert!(TrackingNumber::new("12 34").is_err());
        assert!(TrackingNumber::new(&"9".repeat(51)).is_err());
    }
}
