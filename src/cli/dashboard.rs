//! `shipdeck` (the dashboard on the configured data dir) and `shipdeck demo` (simulator + temporary
//! database + demo shops and SKUs + the dashboard).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;

use super::engine_rt::{engine_error, runtime};
use super::{CliError, Context};
use crate::config::{Config, EsmConfig, GripConfig, Qoo10Config};
use crate::domain::mapping::SiteCode;
use crate::domain::shop::ShopSpec;
use crate::domain::{Mapping, ProductRef, Secret, Shop, Site, Sku, SkuCode};
use crate::engine::{supervisor, Engine, EngineHandle, EngineOptions};
use crate::market::SystemClock;
use crate::sim::{self, SimOptions};
use crate::store::Store;
use crate::tui::{self, RunOptions};

/// `shipdeck demo …`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Seed of the simulated world.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Instead of opening the dashboard: run the demo once (a pull, the pushes it queues) and
    /// write the Orders pane as an SVG image to FILE (the README's assets/screenshot.svg).
    #[arg(long, value_name = "FILE")]
    pub screenshot: Option<PathBuf>,
}

/// Where `keymap.toml` is looked for: the XDG config dir, then beside the config file.
pub fn keymap_paths(ctx: &Context) -> Vec<PathBuf> {
    let mut v = Vec::new();
    if let Some(d) = directories::ProjectDirs::from("", "", "shipdeck") {
        v.push(d.config_dir().join("keymap.toml"));
    }
    if let Some(parent) = ctx.paths.config_file.parent() {
        let p = parent.join("keymap.toml");
        if !v.contains(&p) {
            v.push(p);
        }
    }
    v
}

/// An engine being opened, and then its supervisor and socket server.
type Started = Arc<Mutex<Option<(Arc<Engine>, Vec<tokio::task::JoinHandle<()>>)>>>;

/// Where an engine run by the dashboard serves its socket, so that others can attach.
pub struct Serving {
    /// The socket.
    pub path: PathBuf,
    /// `[engine] socket_group`.
    pub group: Option<String>,
    /// Who may attach.
    pub opts: crate::link::server::ServeOptions,
}

/// Runs the dashboard until the user quits. The first frame is drawn at once; `open` (which opens
/// the store, slow for a large one) runs on a blocking thread meanwhile, then the engine's loops
/// start beside the dashboard.
async fn dashboard<F>(open: F, opts: RunOptions, serving: Option<Serving>) -> Result<(), CliError>
where
    F: FnOnce() -> Result<Arc<Engine>, CliError> + Send + 'static,
{
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    // Set once the socket is ours (bound): only then is it removed at the end.
    let socket_file: Arc<Mutex<Option<PathBuf>>> = Arc::new(Mutex::new(None));
    let bound = socket_file.clone();
    let started: Started = Arc::new(Mutex::new(None));
    let open_error: Arc<Mutex<Option<CliError>>> = Arc::new(Mutex::new(None));
    let (slot, err_slot) = (started.clone(), open_error.clone());
    let opening = async move {
        let opened = tokio::task::spawn_blocking(open)
            .await
            .map_err(|e| CliError::Failed(format!("opening the engine failed: {e}")))
            .and_then(|r| r);
        match opened {
            Ok(engine) => {
                let mut tasks = vec![tokio::spawn(supervisor::run(
                    engine.clone(),
                    stopped(stop_rx.clone()),
                ))];
                // Serve the socket too, so that a second user (support over SSH) can attach.
                if let Some(s) = serving {
                    match crate::link::socket::bind(&s.path, s.group.as_deref()).await {
                        Ok(listener) => {
                            tracing::info!(socket = %s.path.display(), "the dashboard's engine serves the socket");
                            if let Ok(mut b) = bound.lock() {
                                *b = Some(s.path.clone());
                            }
                            tasks.push(tokio::spawn(crate::link::serve(
                                engine.clone(),
                                listener,
                                s.opts,
                                stopped(stop_rx.clone()),
                            )));
                        }
                        Err(e) => tracing::warn!("cannot serve the engine's socket: {e}"),
                    }
                }
                let handle = EngineHandle::local(engine.clone());
                if let Ok(mut s) = slot.lock() {
                    *s = Some((engine, tasks));
                }
                Ok(handle)
            }
            Err(e) => {
                let text = e.to_string();
                if let Ok(mut s) = err_slot.lock() {
                    *s = Some(e);
                }
                Err(text)
            }
        }
    };
    let result = tui::run(opening, opts).await;
    let _ = stop_tx.send(true);
    let running = started.lock().ok().and_then(|mut s| s.take());
    if let Some((engine, tasks)) = running {
        let _ = tokio::time::timeout(Duration::from_secs(3), futures::future::join_all(tasks)).await;
        let _ = engine.store().flush();
        if let Some(p) = socket_file.lock().ok().and_then(|mut s| s.take()) {
            let _ = std::fs::remove_file(p);
        }
    }
    if let Some(e) = open_error.lock().ok().and_then(|mut s| s.take()) {
        return Err(e);
    }
    result.map_err(|e| CliError::Failed(format!("dashboard: {e}")))
}

/// `shipdeck` with no command: the dashboard, or the summary when stdout is not a terminal.
pub fn run(ctx: &Context) -> Result<(), CliError> {
    if !std::io::stdout().is_terminal() {
        return super::summary::run(ctx);
    }
    let rt = runtime()?;
    let path = super::engine_rt::socket_path(ctx);
    if let Some(client) = super::engine_rt::attach(ctx, &rt)? {
        let opts = RunOptions {
            keymap_paths: keymap_paths(ctx),
            pull_every: None,
            opening_label: format!("attaching to the engine at {}", path.display()),
            warnings: ctx.warnings.clone(),
        };
        return rt
            .block_on(tui::run(async { Ok(EngineHandle::remote(client)) }, opts))
            .map_err(|e| CliError::Failed(format!("dashboard: {e}")));
    }
    let data_dir = ctx.paths.data_dir.clone();
    let config = ctx.config.clone();
    rt.block_on(dashboard(
        move || super::engine_rt::open_engine(&data_dir, config),
        RunOptions {
            keymap_paths: keymap_paths(ctx),
            pull_every: None,
            opening_label: format!("opening the store at {}", ctx.paths.data_dir.display()),
            warnings: ctx.warnings.clone(),
        },
        Some(Serving {
            path,
            group: ctx.config.engine.socket_group.clone(),
            opts: super::serve::serve_options(ctx),
        }),
    ))
}

/// `shipdeck demo`.
pub fn demo(ctx: &Context, args: DemoArgs) -> Result<(), CliError> {
    if let Some(out) = &args.screenshot {
        return super::screenshot::run(args.seed, out);
    }
    if !std::io::stdout().is_terminal() {
        return Err(CliError::BadInput("`shipdeck demo` needs a terminal".into()));
    }
    let rt = runtime()?;
    let tmp = tempfile::Builder::new()
        .prefix("shipdeck-demo-")
        .tempdir()
        .map_err(|e| CliError::Failed(format!("cannot create a temporary data dir: {e}")))?;
    let result = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| CliError::Failed(format!("cannot listen on 127.0.0.1: {e}")))?;
        let server = sim::start(
            listener,
            SimOptions {
                seed: args.seed,
                orders: 6,
                esm_order_interval: Duration::from_millis(50),
                trickle: Some(Duration::from_millis(2500)),
                ..SimOptions::default()
            },
        )
        .await
        .map_err(|e| CliError::Failed(format!("cannot start the simulator: {e}")))?;
        tracing::info!(addr = %server.addr, "demo simulator listening");
        let (store, config) = demo_store(&server, tmp.path())?;
        let pull_every = Duration::from_secs(3);
        let engine = Engine::new(
            store,
            config,
            Arc::new(SystemClock),
            EngineOptions {
                pull_every: Some(pull_every),
                ..EngineOptions::fast()
            },
        )
        .map_err(engine_error)?;
        let engine = Arc::new(engine);
        let r = dashboard(
            move || Ok(engine),
            RunOptions {
                keymap_paths: keymap_paths(ctx),
                pull_every: Some(pull_every),
                opening_label: "starting the demo".into(),
                warnings: ctx.warnings.clone(),
            },
            None,
        )
        .await;
        server.stop().await;
        r
    });
    drop(tmp);
    result
}

fn failed(what: &str) -> impl Fn(crate::store::StoreError) -> CliError + '_ {
    move |e| CliError::Failed(format!("demo: cannot {what}: {e}"))
}

/// The full-width form of an ASCII code (`A1` → `Ａ１`).
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

/// Opens the demo store: one shop per simulated site, a SKU catalogue with a few codes missing
/// and a few near misses (case, trailing space, full width), and the integrator config.
pub fn demo_store(server: &sim::SimServer, dir: &std::path::Path) -> Result<(Store, Config), CliError> {
    let store = Store::open(dir).map_err(failed("open the demo database"))?;
    let w = server.state.world();
    let i = &w.integrator;
    let config = Config {
        esm: Some(EsmConfig {
            master_id: i.esm_master_id.clone(),
            secret_key: Secret::new(i.esm_secret_key.clone()),
        }),
        grip: Some(GripConfig {
            service_id: i.grip_service_id.clone(),
        }),
        qoo10: Some(Qoo10Config {
            api_key: Secret::new(i.qoo10_api_key.clone()),
            renew_user_id: None,
            renew_password: None,
        }),
        ..Config::default()
    };
    let now = jiff::Timestamp::now();
    let mut n = 0usize;
    for s in &w.shops {
        // Automatic confirmation on some shops, off on others (so bulk confirmation has work).
        let auto_confirm = matches!(s.site, Site::Qoo10 | Site::Lotteon);
        let spec = ShopSpec {
            name: format!("{}-demo", s.site.slug()),
            site: s.site.slug().into(),
            shop_id: s.shop_id.clone(),
            api_base: Some(server.base_url(s.site)),
            fields: s.credentials.clone(),
            options: [
                ("order_integration".to_string(), true),
                ("order_confirmation".to_string(), auto_confirm),
            ]
            .into_iter()
            .collect(),
        };
        let shop = Shop::from_spec(&spec, now).map_err(|e| CliError::Failed(format!("demo shop: {e}")))?;
        store.add_shop(&shop).map_err(failed("add a demo shop"))?;
        for p in &s.products {
            let codes: Vec<(String, Option<String>, String)> = if p.options.is_empty() {
                vec![(p.product_code.clone(), None, String::new())]
            } else {
                p.options
                    .iter()
                    .map(|o| {
                        (
                            o.option_code.clone(),
                            Some(format!("{} {}", o.attr1, o.attr2)),
                            ProductRef::crossmall_option_text(&o.attr1, &o.attr2),
                        )
                    })
                    .collect()
            };
            for (code, option_name, option_text) in codes {
                n += 1;
                if n % 9 == 0 {
                    continue; // deliberately missing
                }
                let registered = match n % 13 {
                    3 => code.to_lowercase(),
                    6 => format!("{code} "),
                    9 => full_width(&code),
                    _ => code.clone(),
                };
                let sku_code = if s.site == Site::Crossmall {
                    format!("CM-{}-{n}", p.product_id)
                } else {
                    registered.clone()
                };
                let Ok(sku) = SkuCode::new(&sku_code) else {
                    continue;
                };
                store
                    .put_sku(&Sku {
                        code: sku.clone(),
                        name: p.name.clone(),
                        option_name: option_name.clone(),
                        on_hand: 100,
                        reserved: 0,
                    })
                    .map_err(failed("add a demo SKU"))?;
                if s.site == Site::Crossmall {
                    let text = if n % 13 == 3 {
                        option_text.to_uppercase()
                    } else {
                        option_text
                    };
                    store
                        .put_mapping(&Mapping {
                            site: Site::Crossmall,
                            shop: None,
                            code: SiteCode::Crossmall {
                                item_code: p.product_id.clone(),
                                item_name: p.name.clone(),
                                option_text: text,
                            },
                            sku,
                            product_code: None,
                        })
                        .map_err(failed("add a demo mapping"))?;
                }
            }
        }
    }
    drop(w);
    store.flush().map_err(failed("flush the demo database"))?;
    Ok((store, config))
}
