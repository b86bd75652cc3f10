//! The marketplaces shipdeck talks to, their slugs, time zones and credential fields.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A sales site. Gmarket and Auction are two sites reached through the one ESM Plus API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Site {
    /// Qoo10 Japan (QSM / QAPI).
    Qoo10,
    /// Gmarket, through ESM Plus (siteType 2).
    Gmarket,
    /// Auction, through ESM Plus (siteType 1).
    Auction,
    /// LotteON Open API.
    Lotteon,
    /// Crossmall web API (Japan).
    Crossmall,
    /// Grip seller API (Korean live commerce).
    Grip,
}

/// The time zone a site works in; both are UTC+9, but the label matters to the people reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SiteZone {
    /// Korea Standard Time, UTC+9.
    Kst,
    /// Japan Standard Time, UTC+9.
    Jst,
}

impl SiteZone {
    /// The IANA-independent fixed offset of the zone in seconds (neither zone has daylight saving).
    pub const fn offset_seconds(self) -> i32 {
        9 * 3600
    }

    /// The label shown beside times in this zone.
    pub const fn label(self) -> &'static str {
        match self {
            SiteZone::Kst => "KST",
            SiteZone::Jst => "JST",
        }
    }

    /// The zone's offset as a jiff time zone.
    pub fn tz(self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::fixed(jiff::tz::offset(9))
    }

    /// Formats an instant in this zone as `YYYY-MM-DD HH:MM KST`.
    pub fn format(self, ts: jiff::Timestamp) -> String {
        let zoned = ts.to_zoned(self.tz());
        format!("{} {}", zoned.strftime("%Y-%m-%d %H:%M"), self.label())
    }
}

/// All sites, in the order the dashboard lists them.
pub const ALL_SITES: [Site; 6] = [
    Site::Qoo10,
    Site::Gmarket,
    Site::Auction,
    Site::Lotteon,
    Site::Crossmall,
    Site::Grip,
];

/// One credential field a site asks the seller for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialField {
    /// The field's name on the command line (`--set NAME=VALUE`) and in the store.
    pub name: &'static str,
    /// What the seller knows it as.
    pub label: &'static str,
    /// Secret fields are masked everywhere but the store and the wire.
    pub secret: bool,
    /// Optional fields may be left out.
    pub required: bool,
}

const fn field(name: &'static str, label: &'static str, secret: bool, required: bool) -> CredentialField {
    CredentialField {
        name,
        label,
        secret,
        required,
    }
}

impl Site {
    /// The site's real API base URL (a shop's `api_base` replaces it).
    pub const fn api_base(self) -> &'static str {
        match self {
            Site::Qoo10 => "https://api.qoo10.jp/GMKT.INC.Front.QAPIService/ebayjapan.qapi",
            Site::Gmarket | Site::Auction => "https://sa2.esmplus.com",
            Site::Lotteon => "https://openapi.lotteon.com",
            Site::Crossmall => "https://crossmall.jp",
            Site::Grip => "https://seller.grip.show",
        }
    }

    /// The slug used on the command line and in files.
    pub const fn slug(self) -> &'static str {
        match self {
            Site::Qoo10 => "qoo10",
            Site::Gmarket => "gmarket",
            Site::Auction => "auction",
            Site::Lotteon => "lotteon",
            Site::Crossmall => "crossmall",
            Site::Grip => "grip",
        }
    }

    /// The site's name as people write it.
    pub const fn display_name(self) -> &'static str {
        match self {
            Site::Qoo10 => "Qoo10",
            Site::Gmarket => "Gmarket",
            Site::Auction => "Auction",
            Site::Lotteon => "LotteON",
            Site::Crossmall => "Crossmall",
            Site::Grip => "Grip",
        }
    }

    /// The zone the site is queried in and its times are shown in.
    pub const fn zone(self) -> SiteZone {
        match self {
            Site::Qoo10 | Site::Crossmall => SiteZone::Jst,
            Site::Gmarket | Site::Auction | Site::Lotteon | Site::Grip => SiteZone::Kst,
        }
    }

    /// True for the two sites reached through ESM Plus.
    pub const fn is_esm(self) -> bool {
        matches!(self, Site::Gmarket | Site::Auction)
    }

    /// The credential fields the seller gives for this site, beyond the shop id.
    pub const fn credential_fields(self) -> &'static [CredentialField] {
        const QOO10: &[CredentialField] = &[
            field("seller_key", "Seller certification key (issued)", true, true),
            field("key_expires", "Key expiry date (YYYY-MM-DD)", false, false),
            field("qsm_user_id", "QSM login id (to issue a new key)", false, false),
            field("qsm_password", "QSM password (to issue a new key)", true, false),
            field(
                "ship_days",
                "Business days to the estimated shipping date (default 1)",
                false,
                false,
            ),
        ];
        const ESM: &[CredentialField] = &[];
        const LOTTEON: &[CredentialField] = &[
            field("api_key", "API key", true, true),
            field("account_number", "Account number (trNo)", false, true),
        ];
        const CROSSMALL: &[CredentialField] = &[
            field("company_code", "Company code (会社コード)", false, true),
            field("api_key", "API key", true, true),
        ];
        const GRIP: &[CredentialField] = &[
            field("access_key", "Access key", false, true),
            field("secret_key", "Secret key", true, true),
        ];
        match self {
            Site::Qoo10 => QOO10,
            Site::Gmarket | Site::Auction => ESM,
            Site::Lotteon => LOTTEON,
            Site::Crossmall => CROSSMALL,
            Site::Grip => GRIP,
        }
    }

    /// The currency the site's prices are in.
    pub const fn currency(self) -> Currency {
        match self.zone() {
            SiteZone::Jst => Currency::Jpy,
            SiteZone::Kst => Currency::Krw,
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// A slug that names no site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown site `{0}` (expected one of: qoo10, gmarket, auction, lotteon, crossmall, grip)")]
pub struct UnknownSite(pub String);

impl FromStr for Site {
    type Err = UnknownSite;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        ALL_SITES
            .into_iter()
            .find(|site| site.slug() == wanted)
            .ok_or_else(|| UnknownSite(s.to_string()))
    }
}

/// The currencies the sites price in; both have no minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    /// Korean won.
    Krw,
    /// Japanese yen.
    Jpy,
}

/// An amount of money in whole units of its currency (KRW and JPY have no minor unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// Whole units.
    pub amount: i64,
    /// The currency.
    pub currency: Currency,
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.currency {
            Currency::Krw => write!(f, "₩{}", self.amount),
            Currency::Jpy => write!(f, "¥{}", self.amount),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for site in ALL_SITES {
            assert_eq!(site.slug().parse::<Site>(), Ok(site));
            assert_eq!(site.to_string(), site.slug());
        }
        assert_eq!("LotteON".parse::<Site>(), Ok(Site::Lotteon));
        assert!("amazon".parse::<Site>().is_err());
    }

    #[test]
    fn zones_and_formatting() {
        assert_eq!(Site::Qoo10.zone(), SiteZone::Jst);
        assert_eq!(Site::Grip.zone(), SiteZone::Kst);
        let ts: jiff::Timestamp = "2026-11-23T06:07:00Z".parse().unwrap();
        assert_eq!(SiteZone::Kst.format(ts), "2026-11-23 15:07 KST");
        assert_eq!(SiteZone::Jst.format(ts), "2026-11-23 15:07 JST");
    }

    #[test]
    fn esm_sites_need_no_seller_credentials() {
        assert!(Site::Gmarket.credential_fields().is_empty());
        assert!(Site::Grip.credential_fields().iter().any(|f| f.secret));
    }
}
