//! `shipdeck sim`: the marketplace simulator alone, for tests and for pointing a real engine at.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Args;

use super::{CliError, Context};
use crate::sim::{self, FaultProfile, SimOptions};

/// `shipdeck sim …`.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Address to listen on (loopback; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Seed of the generated world and of every fault.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Carts generated per shop at start, over the last three days.
    #[arg(long, default_value_t = 20)]
    pub orders: usize,
    /// Fault profile: none, flaky or hostile.
    #[arg(long, value_enum, default_value = "none")]
    pub faults: FaultProfile,
    /// How long a stall fault holds an answer back, in milliseconds.
    #[arg(long, default_value_t = 35_000)]
    pub stall_ms: u64,
    /// ESM's order-call quota per seller, in milliseconds (5000 on the real site).
    #[arg(long, default_value_t = 5_000)]
    pub esm_order_interval_ms: u64,
    /// Add a new cart to a random shop every this many seconds.
    #[arg(long)]
    pub trickle_secs: Option<f64>,
    /// Run the simulated sites' clock this many seconds ahead (negative: behind) of this machine's:
    /// their `Date` headers, Grip's timestamp check and ESM's `iat` check follow it.
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub clock_skew_secs: i64,
}

fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./:@=".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Runs the simulator until interrupted.
pub fn run(_ctx: &Context, args: SimArgs) -> Result<(), CliError> {
    if !args.listen.ip().is_loopback() {
        return Err(CliError::BadInput(format!(
            "the simulator only listens on loopback addresses, not {}",
            args.listen
        )));
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| CliError::BadInput(format!("cannot listen on {}: {e}", args.listen)))?;
        let opts = SimOptions {
            seed: args.seed,
            orders: args.orders,
            faults: args.faults,
            stall: Duration::from_millis(args.stall_ms),
            esm_order_interval: Duration::from_millis(args.esm_order_interval_ms),
            trickle: args
                .trickle_secs
                .filter(|s| *s > 0.0)
                .map(Duration::from_secs_f64),
        };
        let server = sim::start(listener, opts)
            .await
            .map_err(|e| CliError::Failed(format!("cannot start the simulator: {e}")))?;
        server.set_clock_skew(jiff::SignedDuration::from_secs(args.clock_skew_secs));
        print_banner(&server);
        tracing::info!(addr = %server.addr, "simulator listening");
        let _ = tokio::signal::ctrl_c().await;
        server.stop().await;
        Ok(())
    })
}

/// Prints where the simulator listens, the integrator keys and a `shops add` line per shop.
/// Written in one go, and a closed stdout is no reason to stop serving.
fn print_banner(server: &sim::SimServer) {
    use std::fmt::Write as _;
    use std::io::Write as _;
    let w = server.state.world();
    let mut b = String::new();
    let _ = writeln!(b, "shipdeck simulator listening on {}", server.url());
    let _ = writeln!(b, "inspect: GET {}/_sim/state\n", server.url());
    let _ = writeln!(b, "# integrator keys (config file):");
    let _ = writeln!(
        b,
        "[esm]\nmaster_id = \"{}\"\nsecret_key = \"{}\"",
        w.integrator.esm_master_id, w.integrator.esm_secret_key
    );
    let _ = writeln!(b, "[grip]\nservice_id = \"{}\"", w.integrator.grip_service_id);
    let _ = writeln!(b, "[qoo10]\napi_key = \"{}\"\n", w.integrator.qoo10_api_key);
    let _ = writeln!(b, "# shops:");
    for s in &w.shops {
        let mut cmd = format!(
            "shipdeck shops add --name {}-sim --site {} --shop-id {} --api-base {}",
            s.site.slug(),
            s.site.slug(),
            shell_quote(&s.shop_id),
            server.base_url(s.site)
        );
        for (k, v) in &s.credentials {
            cmd.push_str(&format!(" --set {}", shell_quote(&format!("{k}={v}"))));
        }
        let _ = writeln!(b, "{cmd}");
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(b.as_bytes());
    let _ = out.flush();
}
