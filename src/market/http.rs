//! The HTTP layer every adapter shares: one reqwest client (rustls) with timeouts, the per-shop
//! rate limiters, the generic error classes, and retries with exponential backoff and full jitter
//! (honouring Retry-After) for calls that are safe to repeat. Writes are never retried here:
//! the outbox decides about them after checking the site's state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use rand::Rng;
use reqwest::header::HeaderMap;

use super::limiter::Limiter;
use super::types::MarketError;

/// Timeouts, retry and rate settings.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Whole-request timeout.
    pub timeout: Duration,
    /// Connect timeout.
    pub connect_timeout: Duration,
    /// Attempts for calls that are safe to repeat (1 = no retry).
    pub max_attempts: u32,
    /// First backoff step; doubled each attempt, full jitter.
    pub base_backoff: Duration,
    /// Cap of one backoff (and of an honoured Retry-After).
    pub max_backoff: Duration,
    /// Default spacing of one shop's calls.
    pub shop_interval: Duration,
    /// ESM's order-call quota: one call per this interval per seller (5 s on the real site).
    pub esm_order_interval: Duration,
    /// How long a 429 without Retry-After pauses the shop.
    pub default_pause: Duration,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_attempts: 4,
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            shop_interval: Duration::from_millis(100),
            esm_order_interval: Duration::from_secs(5),
            default_pause: Duration::from_secs(5),
        }
    }
}

impl HttpOptions {
    /// Settings for tests and the demo against the local simulator: short timeouts and waits.
    pub fn fast() -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_millis(1500),
            connect_timeout: Duration::from_millis(500),
            max_attempts: 6,
            base_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(200),
            shop_interval: Duration::ZERO,
            esm_order_interval: Duration::from_millis(50),
            default_pause: Duration::from_millis(50),
        }
    }
}

/// Whether a call may be sent again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// A read, or a write the site treats idempotently: retried here.
    Repeatable,
    /// A write: sent once; the caller decides.
    Once,
}

/// An answer with any status.
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    pub headers: HeaderMap,
    /// Body.
    pub body: Bytes,
}

impl Reply {
    /// The body as (lossy) text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Parses a JSON body, or says it is malformed keeping the raw body.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, MarketError> {
        serde_json::from_slice(&self.body)
            .map_err(|e| MarketError::malformed(format!("JSON does not parse: {e}"), &self.body))
    }

    /// The Retry-After header as a duration (seconds form; an HTTP date counts as unknown).
    pub fn retry_after(&self) -> Option<Duration> {
        self.headers
            .get(reqwest::header::RETRY_AFTER)?
            .to_str()
            .ok()?
            .trim()
            .parse::<u64>()
            .ok()
            .map(Duration::from_secs)
    }
}

/// Turns a reply into an error when it is one; adapters add their envelope rules on top.
pub type Classifier<'a> = &'a (dyn Fn(&Reply) -> Result<(), MarketError> + Send + Sync);

/// The generic status rules: 401/403 auth, 429 rate limited, 5xx transient, other 4xx permanent.
pub fn classify_status(reply: &Reply) -> Result<(), MarketError> {
    let excerpt = || {
        let t = reply.text();
        let t = t.trim();
        if t.is_empty() {
            format!("HTTP {}", reply.status)
        } else {
            format!(
                "HTTP {}: {}",
                reply.status,
                t.chars().take(300).collect::<String>()
            )
        }
    };
    match reply.status {
        200..=299 => Ok(()),
        401 | 403 => Err(MarketError::Auth { message: excerpt() }),
        429 => Err(MarketError::RateLimited {
            retry_after: reply.retry_after(),
            message: excerpt(),
        }),
        500..=599 => Err(MarketError::Transient { message: excerpt() }),
        _ => Err(MarketError::Permanent { message: excerpt() }),
    }
}

/// The shared client and limiters. Cheap to clone.
#[derive(Clone)]
pub struct Http {
    client: reqwest::Client,
    opts: Arc<HttpOptions>,
    limiters: Arc<Mutex<HashMap<String, Arc<Limiter>>>>,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

impl Http {
    /// Builds the client.
    pub fn new(opts: HttpOptions) -> Result<Http, MarketError> {
        let client = reqwest::Client::builder()
            .timeout(opts.timeout)
            .connect_timeout(opts.connect_timeout)
            .user_agent(concat!("shipdeck/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| MarketError::Config {
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Http {
            client,
            opts: Arc::new(opts),
            limiters: Arc::new(Mutex::new(HashMap::new())),
        })
    }

    /// The reqwest client, for building requests.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// The settings.
    pub fn options(&self) -> &HttpOptions {
        &self.opts
    }

    /// The limiter named `key` (one per shop, or per quota), made on first use.
    pub fn limiter(&self, key: &str, min_interval: Duration) -> Arc<Limiter> {
        let mut map = self.limiters.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(key.to_string())
            .or_insert_with(|| Arc::new(Limiter::new(min_interval)))
            .clone()
    }

    /// Sends a request through the limiters, classifies the reply, and retries repeatable calls
    /// on rate limits and transient failures.
    pub async fn send(
        &self,
        limiters: &[&Limiter],
        req: reqwest::Request,
        safety: Safety,
        classify: Classifier<'_>,
    ) -> Result<Reply, MarketError> {
        let attempts = match safety {
            Safety::Repeatable => self.opts.max_attempts.max(1),
            Safety::Once => 1,
        };
        let what = format!("{} {}", req.method(), req.url().path());
        let mut attempt = 0;
        loop {
            attempt += 1;
            for l in limiters {
                l.acquire().await;
            }
            let this = req.try_clone().ok_or_else(|| MarketError::Config {
                message: "request body cannot be repeated".into(),
            })?;
            let result = match self.client.execute(this).await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let headers = resp.headers().clone();
                    match resp.bytes().await {
                        Ok(body) => {
                            let reply = Reply {
                                status,
                                headers,
                                body,
                            };
                            classify(&reply).map(|()| reply)
                        }
                        Err(e) => Err(transport_error(&e)),
                    }
                }
                Err(e) => Err(transport_error(&e)),
            };
            match result {
                Ok(reply) => return Ok(reply),
                Err(err) => {
                    if let MarketError::RateLimited { retry_after, .. } = &err {
                        let pause = retry_after
                            .unwrap_or(self.opts.default_pause)
                            .min(self.opts.max_backoff.max(self.opts.default_pause));
                        for l in limiters {
                            l.pause_for(pause);
                        }
                    }
                    if let MarketError::Malformed { raw, message } = &err {
                        tracing::warn!(call = %what, %message, raw = %raw, "malformed answer");
                    } else {
                        tracing::debug!(call = %what, attempt, error = %err, "call failed");
                    }
                    if !err.is_retryable() || attempt >= attempts {
                        return Err(err);
                    }
                    tokio::time::sleep(self.backoff(attempt, &err)).await;
                }
            }
        }
    }

    /// Full jitter: a random wait in [0, min(cap, base·2^(n-1))], or the Retry-After asked for.
    fn backoff(&self, attempt: u32, err: &MarketError) -> Duration {
        if let MarketError::RateLimited {
            retry_after: Some(d), ..
        } = err
        {
            return (*d).min(self.opts.max_backoff);
        }
        let exp = self
            .opts
            .base_backoff
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.opts.max_backoff);
        let ms = exp.as_millis() as u64;
        Duration::from_millis(rand::rng().random_range(0..=ms))
    }
}

fn transport_error(e: &reqwest::Error) -> MarketError {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "broken answer body"
    } else {
        "request failed"
    };
    // reqwest's Display includes the URL; strip the query (it may carry a signature or key).
    let url = e
        .url()
        .map(|u| format!("{}{}", u.origin().ascii_serialization(), u.path()))
        .unwrap_or_default();
    MarketError::Transient {
        message: format!("{kind}: {url}"),
    }
}
