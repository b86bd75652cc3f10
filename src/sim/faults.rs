//! Faults the simulator injects per site, by profile or set at run time.

use serde::{Deserialize, Serialize};

/// Fault rates (0..1) and switches for one site.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Answer "too many calls" (HTTP 429 with Retry-After; ESM: ResultCode 3000).
    pub rate_limit: f64,
    /// Answer HTTP 503.
    pub server_error: f64,
    /// Stall past the client's timeout before answering.
    pub stall: f64,
    /// Cut the answer's body in half (after the call took effect).
    pub truncated: f64,
    /// Replace the answer's body with junk (after the call took effect).
    pub malformed: f64,
    /// Repeat an order of the previous page at the top of the next one.
    pub duplicate_page: f64,
    /// Move an order on to its next status between two pages of one listing.
    pub status_flip: f64,
    /// Qoo10: every seller key answers "expired" (-90004).
    pub expired_key: bool,
    /// LotteON: answer 403, the caller's IP is not registered.
    pub ip_blocked: bool,
    /// Put escape sequences and control characters into the names and messages of answers
    /// (JSON and XML fields named like `*name*`, `*message*`, `*msg*`) and into other error bodies.
    pub control_text: f64,
    /// The share of orders (picked by a hash of the order number, so the same orders every time)
    /// whose order number is sent with a tab in it; see [`hostile_id`].
    pub bad_ids: f64,
    /// Follow an answer with an endless stream of spaces (a client must cut it at its cap).
    pub oversized: f64,
    /// Answer with a redirect to `/_sim/stolen` instead of doing the call.
    pub redirect: f64,
    /// Repeat the first row of a JSON list of orders at its end.
    pub duplicate_rows: f64,
    /// Listings never end: every page is full and the totals they announce are huge.
    pub endless_pages: bool,
}

/// True when the hostile profile sends `order_no` corrupted at `rate` (a stable pick: an FNV-1a
/// hash of the number, so a test knows which orders are bad).
pub fn hostile_id(order_no: &str, rate: f64) -> bool {
    if rate <= 0.0 {
        return false;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in order_no.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    ((h % 10_000) as f64) < rate * 10_000.0
}

/// An order number as the hostile profile sends it: a tab after the first character (inside, so
/// that trimming does not remove it).
pub fn corrupt_id(order_no: &str) -> String {
    let mut chars = order_no.chars();
    match chars.next() {
        Some(first) => format!("{first}\t{}", chars.as_str()),
        None => "\t".into(),
    }
}

/// The named fault profiles of `shipdeck sim --faults`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FaultProfile {
    /// No faults.
    None,
    /// Every transient fault at a modest rate.
    Flaky,
    /// Every fault, malformed answers included, at high rates.
    Hostile,
    /// A hostile site's content: escape sequences in names and error bodies, invalid order
    /// numbers, duplicate rows, now and then an oversized answer or a redirect.
    #[serde(rename = "hostile-content")]
    #[value(name = "hostile-content")]
    HostileContent,
}

impl FaultProfile {
    /// The fault rates of the profile.
    pub fn faults(self) -> Faults {
        match self {
            FaultProfile::None => Faults::default(),
            FaultProfile::Flaky => Faults {
                rate_limit: 0.05,
                server_error: 0.05,
                stall: 0.02,
                duplicate_page: 0.1,
                status_flip: 0.05,
                ..Faults::default()
            },
            FaultProfile::Hostile => Faults {
                rate_limit: 0.15,
                server_error: 0.15,
                stall: 0.05,
                truncated: 0.08,
                malformed: 0.08,
                duplicate_page: 0.3,
                status_flip: 0.15,
                ..Faults::default()
            },
            FaultProfile::HostileContent => Faults {
                control_text: 1.0,
                bad_ids: 0.2,
                oversized: 0.03,
                redirect: 0.03,
                duplicate_rows: 0.5,
                duplicate_page: 0.5,
                ..Faults::default()
            },
        }
    }
}

impl std::str::FromStr for FaultProfile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(FaultProfile::None),
            "flaky" => Ok(FaultProfile::Flaky),
            "hostile" => Ok(FaultProfile::Hostile),
            "hostile-content" => Ok(FaultProfile::HostileContent),
            other => Err(format!(
                "unknown fault profile `{other}` (none, flaky, hostile, hostile-content)"
            )),
        }
    }
}
