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
            other => Err(format!("unknown fault profile `{other}` (none, flaky, hostile)")),
        }
    }
}
