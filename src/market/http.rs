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
    /// The most bytes one answer's body may have; a longer answer is refused while it streams
    /// in (never read whole first).
    pub max_answer_bytes: usize,
    /// The most pages one listing may take (a site that always says "more" is stopped there).
    pub max_pages: u32,
}

/// The default cap of one answer's body: 16 MiB (the largest real listing page is far below).
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// The default cap of pages per listing: 1000 pages of 100 rows and more is no real seller's day.
pub const DEFAULT_MAX_PAGES: u32 = 1000;

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
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            max_pages: DEFAULT_MAX_PAGES,
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
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            max_pages: DEFAULT_MAX_PAGES,
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

/// The pages one listing may still fetch: a site that always answers "more pages" is stopped
/// at [`HttpOptions::max_pages`] with an error instead of being paged forever.
#[derive(Debug, Clone)]
pub struct PageBudget {
    what: String,
    used: u32,
    max: u32,
}

impl PageBudget {
    /// Takes one page from the budget: the page's number (from 1), or an error once the budget
    /// is spent.
    pub fn take(&mut self) -> Result<u32, MarketError> {
        if self.used >= self.max {
            return Err(MarketError::malformed(
                format!(
                    "{}: the site still announces more pages after {} pages; listing stopped",
                    self.what, self.max
                ),
                b"",
            ));
        }
        self.used += 1;
        Ok(self.used)
    }
}

/// Turns a reply into an error when it is one; adapters add their envelope rules on top.
pub type Classifier<'a> = &'a (dyn Fn(&Reply) -> Result<(), MarketError> + Send + Sync);

/// The generic status rules: 401/403 auth, 429 rate limited, 5xx transient, other 4xx permanent.
pub fn classify_status(reply: &Reply) -> Result<(), MarketError> {
    let excerpt = || {
        let t = reply.text();
        let t = crate::domain::text::clean(&t);
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
            // A redirect is never followed: it would carry the seller's key (custom headers
            // included) to wherever the answer points. It comes back as an error naming the target.
            .redirect(reqwest::redirect::Policy::none())
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

    /// A page budget for one listing (`what` names it in the error): call
    /// [`PageBudget::take`] before fetching each page.
    pub fn pages(&self, what: &str) -> PageBudget {
        PageBudget {
            what: what.to_string(),
            used: 0,
            max: self.opts.max_pages.max(1),
        }
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
                Ok(resp) => match read_capped(resp, self.opts.max_answer_bytes).await {
                    Ok(reply) => refuse_redirect(&reply).and_then(|()| classify(&reply).map(|()| reply)),
                    Err(e) => Err(e),
                },
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

/// Reads an answer's body chunk by chunk, refusing it as soon as it passes `cap` bytes (a
/// Content-Length above the cap is refused before any of the body is read).
async fn read_capped(mut resp: reqwest::Response, cap: usize) -> Result<Reply, MarketError> {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let too_large = |head: &[u8]| {
        MarketError::malformed(
            format!("answer larger than {cap} bytes (HTTP {status}); not read further"),
            head,
        )
    };
    if resp.content_length().is_some_and(|n| n > cap as u64) {
        return Err(too_large(b""));
    }
    let mut body = bytes::BytesMut::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                if body.len() + chunk.len() > cap {
                    return Err(too_large(&body));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(transport_error(&e)),
        }
    }
    Ok(Reply {
        status,
        headers,
        body: body.freeze(),
    })
}

/// A 3xx answer is an error naming where it points (scheme, host and path; a query is dropped,
/// it may carry a key). Redirects are never followed.
fn refuse_redirect(reply: &Reply) -> Result<(), MarketError> {
    if !(300..=399).contains(&reply.status) {
        return Ok(());
    }
    let target = reply
        .headers
        .get(reqwest::header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .map(|loc| match url::Url::parse(&loc) {
            Ok(u) => format!("{}{}", u.origin().ascii_serialization(), u.path()),
            Err(_) => loc.split(['?', '#']).next().unwrap_or_default().to_string(),
        })
        .map(|t| crate::domain::text::escape(&t))
        .unwrap_or_else(|| "nowhere (no Location header)".into());
    Err(MarketError::Permanent {
        message: format!(
            "HTTP {}: the site redirects to {target}; redirects are not followed (check the shop's api_base)",
            reply.status
        ),
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::response::IntoResponse;

    async fn serve(app: axum::Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    fn http(cap: usize) -> Http {
        Http::new(HttpOptions {
            max_attempts: 1,
            max_answer_bytes: cap,
            max_pages: 3,
            ..HttpOptions::fast()
        })
        .unwrap()
    }

    async fn get(h: &Http, url: &str) -> Result<Reply, MarketError> {
        let req = h
            .client()
            .get(url)
            .header("QAPIVersion", "1.0")
            .header("GiosisCertificationKey", "secret-key-0001")
            .build()
            .unwrap();
        h.send(&[], req, Safety::Repeatable, &classify_status).await
    }

    #[tokio::test]
    async fn an_endless_answer_is_cut_at_the_cap_while_it_streams() {
        // No Content-Length and no end: read whole, this would run into the timeout instead.
        let endless = || async {
            let chunks = futures::stream::repeat_with(|| {
                Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b' '; 64 * 1024]))
            });
            axum::body::Body::from_stream(chunks).into_response()
        };
        let declared = || async { "x".repeat(5000) };
        let small = || async { "{\"ok\":true}" };
        let base = serve(
            axum::Router::new()
                .route("/endless", axum::routing::get(endless))
                .route("/declared", axum::routing::get(declared))
                .route("/small", axum::routing::get(small)),
        )
        .await;
        let h = http(4096);
        for path in ["/endless", "/declared"] {
            let started = std::time::Instant::now();
            let err = get(&h, &format!("{base}{path}")).await.unwrap_err();
            match &err {
                MarketError::Malformed { message, .. } => {
                    assert!(message.contains("answer larger than 4096 bytes"), "{message}")
                }
                other => panic!("{path}: {other:?}"),
            }
            assert!(
                started.elapsed() < h.options().timeout,
                "{path} was not cut early"
            );
        }
        assert_eq!(
            get(&h, &format!("{base}/small")).await.unwrap().text(),
            "{\"ok\":true}"
        );
    }

    #[tokio::test]
    async fn a_redirect_is_an_error_naming_its_target_and_the_key_never_follows() {
        let hits = Arc::new(AtomicUsize::new(0));
        let seen = hits.clone();
        let evil = serve(axum::Router::new().fallback(move || {
            let seen = seen.clone();
            async move {
                seen.fetch_add(1, Ordering::SeqCst);
                "stolen"
            }
        }))
        .await;
        let target = format!("{evil}/collect?k=secret-key-0001");
        let site = serve(axum::Router::new().route(
            "/orders",
            axum::routing::get(move || {
                let target = target.clone();
                async move {
                    (
                        axum::http::StatusCode::TEMPORARY_REDIRECT,
                        [(axum::http::header::LOCATION, target)],
                    )
                }
            }),
        ))
        .await;
        let err = get(&http(1 << 20), &format!("{site}/orders")).await.unwrap_err();
        let MarketError::Permanent { message } = &err else {
            panic!("{err:?}")
        };
        assert!(
            message.contains(&format!("redirects to {evil}/collect")),
            "{message}"
        );
        assert!(!message.contains("secret-key"), "{message}");
        assert_eq!(hits.load(Ordering::SeqCst), 0, "the redirect was followed");
    }

    #[tokio::test]
    async fn escape_sequences_in_an_error_body_do_not_reach_the_message() {
        let base = serve(axum::Router::new().route(
            "/fail",
            axum::routing::get(|| async {
                (
                    axum::http::StatusCode::BAD_REQUEST,
                    "bad \u{1b}]0;pwned\u{7}request\u{1b}[2J",
                )
            }),
        ))
        .await;
        let err = get(&http(1 << 20), &format!("{base}/fail")).await.unwrap_err();
        let text = err.to_string();
        assert!(!text.chars().any(crate::domain::text::is_unsafe), "{text:?}");
        assert!(text.contains("bad ]0;pwnedrequest[2J"), "{text}");
    }

    #[test]
    fn a_page_budget_stops_a_listing_that_never_ends() {
        let h = http(1024);
        let mut pages = h.pages("order list");
        assert_eq!(
            (
                pages.take().unwrap(),
                pages.take().unwrap(),
                pages.take().unwrap()
            ),
            (1, 2, 3)
        );
        let err = pages.take().unwrap_err();
        assert!(err.to_string().contains("order list"), "{err}");
        assert!(err.to_string().contains("after 3 pages"), "{err}");
    }
}
