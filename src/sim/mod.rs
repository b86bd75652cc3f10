//! The marketplace simulator: one axum server serving all five seller APIs on loopback under
//! per-site prefixes (`/qoo10`, `/esm`, `/lotteon`, `/crossmall`, `/grip`), checking auth as each
//! site does, moving statuses on confirm and ship, generating a seeded stream of orders, and
//! injecting faults. `/_sim/…` lets tests inspect the world and change it.

// Handlers answer refusals with a ready axum `Response` in `Err`: it is the site's own answer,
// built once and returned as is, so boxing it buys nothing.
#![allow(clippy::result_large_err)]

pub mod crossmall;
pub mod esm;
pub mod faults;
pub mod gate;
pub mod grip;
pub mod hostile;
pub mod inspect;
pub mod lotteon;
pub mod names;
pub mod qoo10;
pub mod world;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;

pub use faults::{FaultProfile, Faults};
pub use world::World;

use crate::domain::marketplace::ALL_SITES;
use crate::domain::Site;

/// How the simulator runs.
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// Seed of everything generated and every fault.
    pub seed: u64,
    /// Carts generated per shop at start, over the three days before now.
    pub orders: usize,
    /// The fault profile every site starts with.
    pub faults: FaultProfile,
    /// How long a stall fault holds the answer back.
    pub stall: Duration,
    /// ESM's order-call quota per seller (5 s on the real site).
    pub esm_order_interval: Duration,
    /// Add a new cart to a random shop this often (the demo's trickle).
    pub trickle: Option<Duration>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            seed: 1,
            orders: 20,
            faults: FaultProfile::None,
            stall: Duration::from_secs(35),
            esm_order_interval: Duration::from_secs(5),
            trickle: None,
        }
    }
}

/// The state every handler shares.
pub struct SimState {
    world: Mutex<World>,
    /// The options the simulator runs with.
    pub opts: SimOptions,
    /// Calls refused by injected faults, per site.
    fault_rejections: Mutex<BTreeMap<Site, u64>>,
    /// Calls that followed a hostile redirect to `/_sim/stolen`.
    stolen: std::sync::atomic::AtomicU64,
}

impl SimState {
    /// A fresh state: the world generated from `opts`, every site with the options' faults.
    fn new(opts: SimOptions) -> SimState {
        let mut world = World::new(opts.seed, opts.orders, jiff::Timestamp::now());
        for site in ALL_SITES {
            world.faults.insert(site, opts.faults.faults());
        }
        SimState {
            world: Mutex::new(world),
            opts,
            fault_rejections: Mutex::new(BTreeMap::new()),
            stolen: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Locks the world (a poisoned lock is taken over: the world stays usable for inspection).
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn count_fault(&self, site: Site) {
        let mut m = self.fault_rejections.lock().unwrap_or_else(|p| p.into_inner());
        *m.entry(site).or_default() += 1;
    }

    /// How many calls followed a hostile redirect (each one would have carried a seller's key).
    pub fn stolen_calls(&self) -> u64 {
        self.stolen.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Calls refused by injected faults, per site.
    pub fn fault_rejections(&self) -> BTreeMap<Site, u64> {
        self.fault_rejections
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// A running simulator.
pub struct SimServer {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its state, for in-process inspection.
    pub state: Arc<SimState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl SimServer {
    /// The base URL a shop of `site` points its `api_base` at.
    pub fn base_url(&self, site: Site) -> String {
        format!("http://{}{}", self.addr, world::base_path(site))
    }

    /// The simulator's own root URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for SimServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the simulator on `listener`.
pub async fn start(listener: tokio::net::TcpListener, opts: SimOptions) -> std::io::Result<SimServer> {
    let addr = listener.local_addr()?;
    let state = Arc::new(SimState::new(opts));
    let app = router(state.clone());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let trickle_state = state.clone();
    let task = tokio::spawn(async move {
        let trickle = async {
            match trickle_state.opts.trickle {
                Some(every) => loop {
                    tokio::time::sleep(every).await;
                    let mut w = trickle_state.world();
                    let n = w.shops.len();
                    let i = rand::Rng::random_range(&mut w.rng, 0..n);
                    w.add_cart(i, jiff::Timestamp::now());
                },
                None => std::future::pending::<()>().await,
            }
        };
        let server = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = rx.await;
        });
        tokio::select! {
            r = server => if let Err(e) = r { tracing::error!("simulator stopped: {e}") },
            () = trickle => {}
        }
    });
    Ok(SimServer {
        addr,
        state,
        shutdown: Some(tx),
        task,
    })
}

/// The whole router: every site under its prefix, each behind the fault layer, and `/_sim`.
pub fn router(state: Arc<SimState>) -> Router {
    let site = |s: Site, r: Router<Arc<SimState>>| {
        let ctx = FaultCtx {
            state: state.clone(),
            site: s,
        };
        r.layer(middleware::from_fn_with_state(ctx.clone(), fault_layer))
            .layer(middleware::from_fn_with_state(ctx, hostile::hostile_layer))
    };
    Router::new()
        .nest(world::base_path(Site::Qoo10), site(Site::Qoo10, qoo10::routes()))
        .nest(
            world::base_path(Site::Gmarket),
            site(Site::Gmarket, esm::routes()),
        )
        .nest(
            world::base_path(Site::Lotteon),
            site(Site::Lotteon, lotteon::routes()),
        )
        .nest(
            world::base_path(Site::Crossmall),
            site(Site::Crossmall, crossmall::routes()),
        )
        .nest(world::base_path(Site::Grip), site(Site::Grip, grip::routes()))
        .route("/_sim/stolen", axum::routing::any(stolen))
        .nest("/_sim", inspect::routes())
        .layer(middleware::from_fn_with_state(state.clone(), date_layer))
        .with_state(state)
}

/// Where the hostile profile's redirects point: a call that arrives here was a redirect followed.
async fn stolen(State(st): State<Arc<SimState>>) -> StatusCode {
    st.stolen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    StatusCode::OK
}

/// Stamps every answer with the sites' own time in its `Date` header (RFC 9110 IMF-fixdate),
/// so a skewed clock (`World::clock_skew`) shows as it would from a real site.
async fn date_layer(State(state): State<Arc<SimState>>, req: Request, next: Next) -> Response {
    let now = state.world().now();
    let mut resp = next.run(req).await;
    let text = http_date(now);
    if let Ok(v) = axum::http::HeaderValue::from_str(&text) {
        resp.headers_mut().insert(axum::http::header::DATE, v);
    }
    resp
}

/// An instant as an HTTP date: `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(t: jiff::Timestamp) -> String {
    t.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

impl SimServer {
    /// Sets how far the simulated sites' clock is from this machine's.
    pub fn set_clock_skew(&self, skew: jiff::SignedDuration) {
        self.state.world().clock_skew = skew;
    }
}

#[derive(Clone)]
struct FaultCtx {
    state: Arc<SimState>,
    site: Site,
}

enum Before {
    RateLimit,
    ServerError,
    Stall,
    IpBlocked,
}

enum After {
    Truncate,
    Junk,
}

/// The site's own "too many calls" answer.
fn rate_limited(site: Site) -> Response {
    match site {
        // ESM answers 200 with ResultCode 3000.
        Site::Gmarket | Site::Auction => (
            StatusCode::OK,
            [("content-type", "application/json")],
            r#"{"ResultCode":3000,"Message":"호출 제한을 초과하였습니다. 잠시 후 다시 시도해주세요.","Data":null}"#,
        )
            .into_response(),
        _ => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "1"), ("content-type", "application/json")],
            r#"{"message":"Too Many Requests"}"#,
        )
            .into_response(),
    }
}

/// How a call is counted: the site's slug and its path, numeric segments (order numbers and the
/// like) shown as `{n}` so that calls of one kind add up.
fn request_name(site: Site, path: &str) -> String {
    let path: Vec<&str> = path
        .split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "{n}"
            } else {
                seg
            }
        })
        .collect();
    format!("{} {}", site.slug(), path.join("/"))
}

async fn fault_layer(State(ctx): State<FaultCtx>, req: Request, next: Next) -> Response {
    let (before, after) = {
        let mut w = ctx.state.world();
        *w.requests
            .entry(request_name(ctx.site, req.uri().path()))
            .or_default() += 1;
        let f = w.faults.get(&ctx.site).copied().unwrap_or_default();
        let before = if ctx.site == Site::Lotteon && f.ip_blocked {
            Some(Before::IpBlocked)
        } else if w.roll(f.rate_limit) {
            Some(Before::RateLimit)
        } else if w.roll(f.server_error) {
            Some(Before::ServerError)
        } else if w.roll(f.stall) {
            Some(Before::Stall)
        } else {
            None
        };
        let after = if w.roll(f.truncated) {
            Some(After::Truncate)
        } else if w.roll(f.malformed) {
            Some(After::Junk)
        } else {
            None
        };
        (before, after)
    };
    match before {
        Some(Before::IpBlocked) => {
            ctx.state.count_fault(ctx.site);
            return (
                StatusCode::FORBIDDEN,
                [("content-type", "application/json")],
                r#"{"returnCode":"403","message":"등록되지 않은 IP에서 호출하였습니다."}"#,
            )
                .into_response();
        }
        Some(Before::RateLimit) => {
            ctx.state.count_fault(ctx.site);
            return rate_limited(ctx.site);
        }
        Some(Before::ServerError) => {
            ctx.state.count_fault(ctx.site);
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "<html><body>503 Service Unavailable</body></html>",
            )
                .into_response();
        }
        Some(Before::Stall) => {
            ctx.state.count_fault(ctx.site);
            tokio::time::sleep(ctx.state.opts.stall).await;
        }
        None => {}
    }
    let resp = next.run(req).await;
    let Some(after) = after else { return resp };
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 16 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "body too large").into_response();
    };
    let body = match after {
        After::Truncate => bytes.slice(..bytes.len() / 2),
        After::Junk => {
            bytes::Bytes::from_static(b"<html><head><title>502</title></head><body>upstream \x00\xff junk")
        }
    };
    let mut parts = parts;
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// The status an order moves to next on `site` (used by the status-flip fault and by tests).
pub fn next_status(site: Site, status: &str) -> Option<&'static str> {
    Some(match (site, status) {
        (Site::Qoo10, "2") => "3",
        (Site::Qoo10, "3") => "4",
        (Site::Gmarket | Site::Auction, "1") => "2",
        (Site::Gmarket | Site::Auction, "2") => "3",
        (Site::Lotteon, "11") => "12",
        (Site::Lotteon, "12") => "13",
        (Site::Grip, "1") => "10",
        (Site::Grip, "10") => "11",
        (Site::Crossmall, "発送待機") => "発送済み",
        _ => return None,
    })
}

/// Serves one page of a listing with the page faults applied: the last order of the previous
/// page may appear again at the top, and an order already served may move on to its next
/// status (so it can leave the listing and shift the later pages).
/// `matching` is every order number matching the query, in the site's order.
pub fn page_with_faults(
    w: &mut World,
    shop: usize,
    matching: &[String],
    offset: usize,
    len: usize,
) -> Vec<String> {
    page_generic(w, shop, matching, |s| s.as_str(), offset, len)
}

/// As [`page_with_faults`], for sites that list lines: `rows` are (order number, line key).
pub fn page_rows_with_faults(
    w: &mut World,
    shop: usize,
    rows: &[(String, String)],
    offset: usize,
    len: usize,
) -> Vec<(String, String)> {
    page_generic(w, shop, rows, |r| r.0.as_str(), offset, len)
}

fn page_generic<T: Clone>(
    w: &mut World,
    shop: usize,
    matching: &[T],
    order_of: impl Fn(&T) -> &str,
    offset: usize,
    len: usize,
) -> Vec<T> {
    let site = w.shops[shop].site;
    let f = w.faults.get(&site).copied().unwrap_or_default();
    let mut page: Vec<T> = matching.iter().skip(offset).take(len).cloned().collect();
    if f.endless_pages && !matching.is_empty() {
        // A listing that never ends: every page full, past the end too.
        while page.len() < len {
            page.push(matching[(offset + page.len()) % matching.len()].clone());
        }
    }
    if offset > 0 && offset <= matching.len() && w.roll(f.duplicate_page) {
        // The row before the page boundary is served again (as when rows shift between two
        // requests); nothing is dropped, so a page may hold one row more than asked.
        page.insert(0, matching[offset - 1].clone());
    }
    if !page.is_empty() && w.roll(f.status_flip) {
        let pick = rand::Rng::random_range(&mut w.rng, 0..page.len());
        let no = order_of(&page[pick]).to_string();
        if let Some(order) = w.shops[shop].orders.get_mut(&no) {
            for line in &mut order.lines {
                if let Some(next) = next_status(site, &line.status) {
                    line.status = next.to_string();
                }
            }
            if let Some(phase) = &order.phase {
                if let Some(next) = next_status(site, phase) {
                    order.phase = Some(next.to_string());
                }
            }
        }
    }
    page
}
