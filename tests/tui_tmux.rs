//! The dashboard end to end: the real binary in a detached tmux session against `shipdeck sim`;
//! three orders are marked with Space and confirmed through the dialog, and the simulator must
//! have recorded exactly those three confirmations.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::dashboard::*;
use common::procs::{self, bin};

#[tokio::test(flavor = "multi_thread")]
async fn marking_three_orders_and_confirming_them_confirms_exactly_those_on_the_site() {
    let (tmp, sim, state) = setup().await;
    let home = tmp.path();
    let config = home.join("shipdeck.toml");
    let data: PathBuf = home.join("db");
    for site in ["grip", "qoo10"] {
        add_shop(home, &sim, &state, site);
    }
    let tmux = start_dashboard("confirm", home, &config, &data);

    // Orders of both shops on screen, then the list settled (two captures a second apart agree).
    tmux.wait_for("collected orders of both shops", |s| {
        order_rows(s).len() >= 3 && s.contains("grip-e2e") && s.contains("qoo10-e2e")
    });
    let deadline = Instant::now() + WAIT;
    let last = loop {
        let a = order_rows(&tmux.capture());
        std::thread::sleep(Duration::from_millis(1000));
        let b = order_rows(&tmux.capture());
        if a == b && b.len() >= 3 {
            break b;
        }
        assert!(Instant::now() < deadline, "the order list never settled");
    };
    assert!(last.len() >= 3);

    tmux.keys(&["Space", "Space", "Space"]);
    let screen = tmux.wait_for("three marks", |s| s.contains("3 marked"));
    let marked = marked_rows(&screen);
    assert_eq!(marked.len(), 3, "{screen}");
    tmux.keys(&["c"]);
    tmux.wait_for("the confirm dialog", |s| s.contains("Confirm 3 marked orders"));
    tmux.keys(&["Tab"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the result toast", |s| s.contains("3 confirmed, 0 failed"));

    // The simulator recorded exactly those three confirmations.
    let deadline = Instant::now() + WAIT;
    let confirmed = loop {
        let st = sim.state().await;
        let mut got = BTreeSet::new();
        for s in st["shops"].as_array().unwrap() {
            let shop = format!("{}-e2e", s["site"].as_str().unwrap());
            for c in s["confirms"].as_array().unwrap() {
                got.insert((shop.clone(), c["order_no"].as_str().unwrap().to_string()));
            }
        }
        if got.len() >= 3 || Instant::now() > deadline {
            break got;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert_eq!(
        confirmed, marked,
        "the site confirmed other orders than those marked"
    );
    // And nothing else turns up a moment later.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let st = sim.state().await;
    let mut later = BTreeSet::new();
    for s in st["shops"].as_array().unwrap() {
        let shop = format!("{}-e2e", s["site"].as_str().unwrap());
        for c in s["confirms"].as_array().unwrap() {
            later.insert((shop.clone(), c["order_no"].as_str().unwrap().to_string()));
        }
    }
    assert_eq!(later, marked);

    // q leaves and the dashboard is gone.
    quit(&tmux);
}

/// Every file under `dir` (recursively).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shop_form_gets_a_qoo10_key_with_the_shops_qsm_login_and_keeps_the_password_masked() {
    let (tmp, sim, state) = setup().await;
    let home = tmp.path();
    let config = home.join("shipdeck.toml");
    let data: PathBuf = home.join("db");
    let qoo10 = state["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == "qoo10")
        .unwrap();
    let shop_id = qoo10["shop_id"].as_str().unwrap();
    let old_key = qoo10["credentials"]["seller_key"].as_str().unwrap().to_string();
    // The simulator gives each Qoo10 seller its own QSM login.
    let user = qoo10["credentials"]["qsm_user_id"].as_str().unwrap();
    let password = qoo10["credentials"]["qsm_password"].as_str().unwrap();
    assert!(password.len() >= 8);

    let tmux = start_dashboard("auth", home, &config, &data);
    tmux.wait_for("the empty dashboard", |s| s.contains("engine: running"));
    tmux.keys(&[":"]);
    tmux.keys(&["-l", "shop add"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the shop form", |s| {
        s.contains("Add a shop") && s.contains("‹ Qoo10 ›")
    });
    // Focus order: site, name, seller id, key, expiry, QSM id, QSM password, ship days, API base,
    // six options, "Save & test", "Get auth / Renew key".
    let typed = |text: &str| tmux.keys(&["-l", text]);
    tmux.keys(&["Tab"]);
    typed("q-auth");
    tmux.keys(&["Tab"]);
    typed(shop_id);
    tmux.keys(&["Tab", "Tab", "Tab"]);
    typed(user);
    tmux.keys(&["Tab"]);
    typed(password);
    let screen = tmux.wait_for("the password typed, hidden", |s| {
        s.contains(&"•".repeat(password.chars().count()))
    });
    assert!(!screen.contains(password), "the password is on screen:\n{screen}");
    tmux.keys(&["Tab", "Tab"]);
    typed(&format!("{}/qoo10", sim.url));
    tmux.keys(&["Tab"; 8]);
    tmux.wait_for("the Get auth button", |s| s.contains("[ Get auth / Renew key ]"));
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("the site's answer in the form", |s| {
        s.contains("connection OK") || s.contains("the site said") || s.contains("failed")
    });
    assert!(screen.contains("connection OK"), "{screen}");
    assert!(!screen.contains(password), "the password is on screen:\n{screen}");

    // The site issued a new key; it is the one the shop now works with.
    let after = sim.state().await;
    let new_key = after["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == "qoo10")
        .unwrap()["credentials"]["seller_key"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_key, old_key, "the simulator issued no new key");
    assert!(
        !screen.contains(&new_key),
        "the issued key is on screen unmasked:\n{screen}"
    );
    tmux.keys(&["Escape"]);
    tmux.keys(&["1"]);
    tmux.wait_for("the shop in the Shops pane", |s| s.contains("q-auth"));
    quit(&tmux);

    let mut c = bin();
    env_for(&mut c, home, &config, &data);
    let out = c.args(["shops", "test", "q-auth"]).output().unwrap();
    assert!(
        out.status.success(),
        "the stored key does not work: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut c = bin();
    env_for(&mut c, home, &config, &data);
    let out = c.args(["shops", "list", "--json"]).output().unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains(&new_key[new_key.len() - 4..]), "{listed}");
    assert!(!listed.contains(&new_key), "{listed}");

    // The password is the shop's own secret (renewals use each shop's login): shown masked, and
    // nowhere on disk but the database — not in the config, nor the logs.
    assert!(!listed.contains(password), "{listed}");
    for f in files_under(home).into_iter().filter(|f| !f.starts_with(&data)) {
        let bytes = std::fs::read(&f).unwrap_or_default();
        let found = bytes.windows(password.len()).any(|w| w == password.as_bytes());
        assert!(!found, "the QSM password was written to {}", f.display());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_dashboard_on_the_same_database_says_it_is_in_use_and_restores_the_terminal() {
    let (tmp, _sim, _state) = setup().await;
    let home = tmp.path();
    let config = home.join("shipdeck.toml");
    let data: PathBuf = home.join("db");
    let first = start_dashboard("lock-a", home, &config, &data);
    first.wait_for("the first dashboard", |s| s.contains("engine: running"));
    // The second one draws at once, then fails to open the store and leaves the way it came.
    let second = start_dashboard_then("lock-b", home, &config, &data, "; echo exit=$?; sleep 60");
    let screen = second.wait_for("the second dashboard's error", |s| s.contains("exit="));
    assert!(
        screen.contains("is in use by another shipdeck process"),
        "{screen}"
    );
    assert!(screen.contains("exit=3"), "{screen}");
    assert!(
        !screen.contains("1 Shops"),
        "the dashboard was left on screen:\n{screen}"
    );
    quit(&first);
}

/// The width of the dashboard's frame: the display width of its first bordered line.
fn frame_width(screen: &str) -> Option<usize> {
    let line = screen.lines().find(|l| l.starts_with('┌'))?;
    let line = line.trim_end();
    line.ends_with('┐').then(|| line.chars().count())
}

#[tokio::test(flavor = "multi_thread")]
async fn resizing_the_terminal_redraws_the_dashboard_at_once_and_keys_still_work() {
    let (tmp, _sim, _state) = setup().await;
    let home = tmp.path();
    let config = home.join("shipdeck.toml");
    let data: PathBuf = home.join("db");
    let tmux = start_dashboard("resize", home, &config, &data);
    tmux.wait_for("the dashboard at 120 columns", |s| {
        s.contains("engine: running") && frame_width(s) == Some(120)
    });
    // The UI thread sleeps in poll(2) on the terminal; SIGWINCH must wake it without a key.
    let st = tmux
        .cmd()
        .args(["resize-window", "-t", "e2e", "-x", "90", "-y", "30"])
        .status()
        .unwrap();
    assert!(st.success());
    let screen = tmux.wait_for("the frame redrawn at 90 columns", |s| frame_width(s) == Some(90));
    assert!(
        screen.lines().all(|l| l.chars().count() <= 90),
        "a line wider than the window:\n{screen}"
    );
    tmux.keys(&["1"]);
    tmux.wait_for("the Shops pane after the resize", |s| {
        s.lines().any(|l| l.starts_with('┌') && l.contains("Shops ("))
    });
    quit(&tmux);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_workbook_spanning_the_whole_sheet_imported_from_the_dashboard_is_an_error_and_the_terminal_survives(
) {
    let (tmp, _sim, _state) = setup().await;
    let home = tmp.path();
    let config = home.join("shipdeck.toml");
    let data: PathBuf = home.join("db");
    // A few cells whose used range is A1:XFD1048576 (a grid of 17 billion cells if built).
    let xlsx = home.join("whole.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "sku code").unwrap();
    sheet.write_string(1, 0, "A").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&xlsx).unwrap();
    let tmux = start_dashboard_then("xlsx", home, &config, &data, "; echo exit=$?; stty -a; sleep 60");
    tmux.wait_for("the dashboard", |s| s.contains("engine: running"));
    tmux.keys(&[":"]);
    tmux.keys(&["-l", &format!("sku import {}", xlsx.display())]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the import's error", |s| s.contains("XFD1048576"));
    tmux.keys(&["Escape"]);
    tmux.wait_for("the report closed", |s| !s.contains("XFD1048576"));
    // A key right after Escape would be read as Alt+key.
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("the dashboard's end and stty", |s| {
        s.contains("exit=") && s.contains("speed")
    });
    assert!(screen.contains("exit=0"), "{screen}");
    // Cooked mode again: line editing and echo on.
    assert!(
        screen.contains(" icanon") && screen.contains(" echo"),
        "the terminal was left raw:\n{screen}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn y_copies_the_selected_order_number_with_osc52_and_warnings_are_toasts() {
    let (tmp, sim, state) = setup().await;
    let home = tmp.path();
    let config = home.join("shipdeck.toml");
    // Readable by others: the warning must arrive as a toast, not be printed over the screen.
    std::fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let data: PathBuf = home.join("db");
    let s = state["shops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site"] == "grip")
        .unwrap();
    let mut c = bin();
    env_for(&mut c, home, &config, &data);
    c.args([
        "shops",
        "add",
        "--name",
        "grip-e2e",
        "--site",
        "grip",
        "--shop-id",
        s["shop_id"].as_str().unwrap(),
        "--api-base",
        &format!("{}/grip", sim.url),
    ]);
    for (k, v) in s["credentials"].as_object().unwrap() {
        c.args(["--set", &format!("{k}={}", v.as_str().unwrap())]);
    }
    assert!(c.output().unwrap().status.success());

    let tmux = start_dashboard("copy", home, &config, &data);
    // tmux takes an application's OSC 52 into its paste buffer when set-clipboard is on.
    assert!(tmux
        .cmd()
        .args(["set-option", "-s", "set-clipboard", "on"])
        .status()
        .unwrap()
        .success());
    let screen = tmux.wait_for("the permission warning toast", |s| {
        s.contains("others can read it")
    });
    assert!(
        !screen.contains("shipdeck: warning"),
        "the warning was printed raw:\n{screen}"
    );
    let screen = tmux.wait_for("orders", |s| !order_rows(s).is_empty());
    let first = order_rows(&screen)[0].clone();
    let order_no = first
        .trim_start_matches('│')
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    tmux.keys(&["y"]);
    tmux.wait_for("the copy toast", |s| {
        s.contains(&format!("copied order number {order_no}"))
    });
    let deadline = Instant::now() + WAIT;
    loop {
        let out = tmux.cmd().args(["show-buffer"]).output().unwrap();
        let buffer = String::from_utf8_lossy(&out.stdout).into_owned();
        if buffer == order_no {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "tmux's buffer holds {buffer:?}, not {order_no:?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // The order number is one the simulated site issued.
    let st = sim.state().await;
    assert!(st.to_string().contains(&format!("\"{order_no}\"")), "{order_no}");
}

/// (order no, line key) of every confirmation the simulator recorded, per shop name `SITE-e2e`
/// (Grip confirms line by line).
fn confirms_by_shop(st: &serde_json::Value) -> std::collections::BTreeMap<String, Vec<(String, String)>> {
    let mut out = std::collections::BTreeMap::new();
    for s in st["shops"].as_array().unwrap() {
        let shop = format!("{}-e2e", s["site"].as_str().unwrap());
        let nos: Vec<(String, String)> = s["confirms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["order_no"].as_str().unwrap().to_string(),
                    c["line_key"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        out.insert(shop, nos);
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_a_marks_every_new_order_of_a_shop_and_the_site_confirms_each_exactly_once() {
    procs::need("tmux");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let sim = start_sim_with(home, 1500);
    let state = sim.state().await;
    let config = write_config(home, &state);
    let data: PathBuf = home.join("db");
    add_shop(home, &sim, &state, "grip");
    let tmux = start_dashboard("bulk", home, &config, &data);

    // The first pull has brought well over a thousand new orders, and stopped growing.
    let long = Duration::from_secs(180);
    let deadline = Instant::now() + long;
    let total = loop {
        let a = collected_count(&tmux.capture()).unwrap_or(0);
        std::thread::sleep(Duration::from_millis(2000));
        let b = collected_count(&tmux.capture()).unwrap_or(0);
        if a == b && b >= 1000 {
            break b;
        }
        assert!(
            Instant::now() < deadline,
            "never 1000+ settled new orders; screen:\n{}",
            tmux.capture()
        );
    };
    // Far more orders than the screen shows: a page is about 33 rows.
    let screen = tmux.capture();
    assert!(order_rows(&screen).len() < 40, "{screen}");

    // Filter by the shop, mark all, confirm through the dialog.
    tmux.keys(&["/"]);
    tmux.keys(&["-l", "grip-e2e"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the whole tab searched", |s| {
        s.contains(&format!("({total} matching; all"))
    });
    tmux.keys(&["C-a"]);
    tmux.wait_for("every order marked", |s| s.contains(&format!("{total} marked")));
    tmux.keys(&["c"]);
    let screen = tmux.wait_for("the dialog counted per site and shop", |s| {
        s.contains(&format!("Confirm {total} marked orders"))
    });
    let row = screen
        .lines()
        .find(|l| l.contains("grip-e2e") && l.contains(&total.to_string()))
        .unwrap_or_else(|| panic!("no per-shop count in the dialog:\n{screen}"));
    assert!(row.contains("grip"), "{row}");
    tmux.keys(&["Tab"]);
    tmux.keys(&["Enter"]);
    // The status bar follows the job to its end: "confirmed N of N, 0 failed", where N is what
    // was queued (an order no longer new when its batch came is skipped, not sent).
    let deadline = Instant::now() + long;
    let sent = loop {
        let s = tmux.capture();
        let done = s.lines().find_map(|l| {
            let rest = &l[l.find("confirmed ")? + "confirmed ".len()..];
            let mut w = rest.split_whitespace();
            let n: u64 = w.next()?.parse().ok()?;
            (w.next()? == "of").then_some(())?;
            let m: u64 = w.next()?.trim_end_matches(',').parse().ok()?;
            (n == m && rest.contains(", 0 fai")).then_some(n)
        });
        if let Some(n) = done {
            break n;
        }
        assert!(
            Instant::now() < deadline,
            "the bulk confirmation did not finish; screen:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(500));
    };
    assert!(sent >= 1000, "only {sent} of {total} were sent");

    // The site saw each order confirmed exactly once: as many confirmations as were sent.
    let st = sim.state().await;
    let confirms = confirms_by_shop(&st);
    let grip = &confirms["grip-e2e"];
    let lines: BTreeSet<&(String, String)> = grip.iter().collect();
    assert_eq!(lines.len(), grip.len(), "an order line was confirmed twice");
    let orders: BTreeSet<&String> = grip.iter().map(|(o, _)| o).collect();
    assert_eq!(
        orders.len() as u64,
        sent,
        "the site saw other confirmations than were sent"
    );
    // And no order of the shop is left new.
    let screen = tmux.wait_for("an empty collected tab", |s| collected_count(s) == Some(0));
    assert!(!screen.contains("failed:"), "{screen}");
    quit(&tmux);
}

/// In a real terminal, the dashboard in Korean keeps every row of its frame 120 columns wide
/// (wide characters take two), and the help opens in Korean with its border whole. (A border
/// drawn over the right half of a wide character is tested on the TestBackend, where the layout
/// puts one there.)
#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_in_korean_keeps_its_frame_aligned_in_a_real_terminal() {
    let (tmp, sim, state) = setup().await;
    let home = tmp.path();
    let config = home.join("shipdeck.toml");
    let data: PathBuf = home.join("db");
    add_shop(home, &sim, &state, "grip");
    // `--lang ko` goes after the dashboard's own arguments.
    let tmux = start_dashboard_then("korean", home, &config, &data, " --lang ko");
    let screen = tmux.wait_for("Korean order rows", |s| {
        s.contains("주문 — 신규주문") && order_rows(s).len() >= 2
    });
    let width = shipdeck::i18n::width;
    let framed: Vec<&str> = screen.lines().filter(|l| l.starts_with('│')).collect();
    assert!(framed.len() > 10, "{screen}");
    for l in &framed {
        assert!(
            l.ends_with('│') && width(l) == 120,
            "a row out of line ({}): {l}\n{screen}",
            width(l)
        );
    }
    assert!(
        screen.contains("신규주문") && screen.contains("주문번호"),
        "{screen}"
    );
    tmux.keys(&["?"]);
    // Waited for whole: a large frame reaches tmux in pieces, and its bottom border comes last.
    let help = tmux.wait_for("the Korean help", |s| {
        s.contains("주문 화면")
            && s.lines()
                .any(|l| l.match_indices('└').any(|(i, _)| width(&l[..i]) == 24))
    });
    // The help is 72 wide, centred: its left border is column 24 on every row it covers.
    let rows: Vec<&str> = help.lines().collect();
    let top = rows
        .iter()
        .position(|l| l.contains("┌ 키"))
        .unwrap_or_else(|| panic!("{help}"));
    let bottom = rows.iter().rposition(|l| l.contains('┘')).unwrap();
    for l in &rows[top + 1..bottom] {
        let cols: Vec<usize> = l.match_indices('│').map(|(i, _)| width(&l[..i])).collect();
        assert!(cols.contains(&24), "the help's border is lost: {l}\n{help}");
    }
    tmux.keys(&["Escape"]);
    quit(&tmux);
}
