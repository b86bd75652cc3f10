//! `shipdeck demo --screenshot FILE.svg`: one real run of the demo without a terminal (simulator,
//! temporary database, demo shops, a pull and the pushes it queues), the dashboard drawn once on
//! ratatui's TestBackend and written out as SVG: the README's `assets/screenshot.svg`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

use super::engine_rt::{engine_error, runtime};
use super::CliError;
use crate::engine::{Actor, Command, Engine, EngineHandle, EngineOptions};
use crate::market::SystemClock;
use crate::sim::{self, SimOptions};
use crate::tui::keymap::Keymap;
use crate::tui::msg::{Effect, Msg};
use crate::tui::queries::{orders_page, refresh_all};
use crate::tui::theme::Theme;
use crate::tui::{update, view, Model};

/// The screenshot's size in cells.
pub const SIZE: (u16, u16) = (120, 34);

/// Runs the demo once and writes the Orders pane as an SVG to `out`.
pub fn run(seed: u64, out: &Path) -> Result<(), CliError> {
    let rt = runtime()?;
    let tmp = tempfile::Builder::new()
        .prefix("shipdeck-screenshot-")
        .tempdir()
        .map_err(|e| CliError::Failed(format!("cannot create a temporary data dir: {e}")))?;
    let svg = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| CliError::Failed(format!("cannot listen on 127.0.0.1: {e}")))?;
        let server = sim::start(
            listener,
            SimOptions {
                seed,
                orders: 6,
                esm_order_interval: Duration::from_millis(50),
                ..SimOptions::default()
            },
        )
        .await
        .map_err(|e| CliError::Failed(format!("cannot start the simulator: {e}")))?;
        let (store, config) = super::dashboard::demo_store(&server, tmp.path())?;
        let engine = Arc::new(
            Engine::new(store, config, Arc::new(SystemClock), EngineOptions::fast()).map_err(engine_error)?,
        );
        engine
            .execute(
                &Actor::local(),
                Command::PullNow {
                    shop: None,
                    from: None,
                    to: None,
                },
            )
            .await
            .map_err(engine_error)?;
        let handle = EngineHandle::local(engine.clone());
        handle.drain(Duration::from_secs(5)).await.map_err(engine_error)?;
        let svg = draw(&handle);
        let _ = engine.store().flush();
        // Dropped, not stopped: a graceful stop would wait for the engine's idle keep-alive
        // connections; the runtime ends the server's task with the command.
        drop(engine);
        drop(server);
        Ok::<_, CliError>(svg)
    })?;
    drop(tmp);
    std::fs::write(out, svg).map_err(|e| CliError::Failed(format!("cannot write {}: {e}", out.display())))?;
    println!("{}", out.display());
    Ok(())
}

/// The Orders pane as the dashboard would show it now, as SVG.
fn draw(h: &EngineHandle) -> String {
    let mut m = Model::new(
        Keymap::default(),
        Theme::default16(),
        SIZE,
        jiff::Timestamp::now(),
    );
    let press =
        |m: &mut Model, c: char| update(m, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    let mut fx = press(&mut m, '2');
    for d in refresh_all(h, None) {
        fx.extend(update(&mut m, Msg::Data(d)));
    }
    // Answer the page requests as the runner would, until the model asks for nothing more.
    for _ in 0..4 {
        let loads: Vec<Effect> = std::mem::take(&mut fx);
        let mut asked = false;
        for e in loads {
            if let Effect::LoadOrders { list, offset, limit } = e {
                asked = true;
                fx.extend(update(&mut m, Msg::Data(orders_page(h, list, offset, limit))));
            }
        }
        if !asked {
            break;
        }
    }
    // Two orders marked, as an operator about to confirm them would have.
    press(&mut m, ' ');
    press(&mut m, ' ');
    let backend = TestBackend::new(SIZE.0, SIZE.1);
    let Ok(mut term) = Terminal::new(backend) else {
        return String::new();
    };
    let _ = term.draw(|f| view(&m, f));
    crate::tui::svg::render(term.backend().buffer())
}
