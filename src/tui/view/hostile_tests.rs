//! Text from sites drawn on the dashboard: no cell hands the terminal a control character, and a
//! shop whose calls go elsewhere than its site says where.

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use crate::domain::shop::ShopHealth;
use crate::tui::fixtures::{model, now};
use crate::tui::msg::{Data, Msg};
use crate::tui::{update, view};

const HOSTILE: &str = "bad key\u{1b}]0;pwned\u{7} \u{1b}[2J\u{9b}31m";

fn draw(m: &crate::tui::model::Model) -> ratatui::buffer::Buffer {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| view(m, f)).unwrap();
    t.backend().buffer().clone()
}

fn text(b: &ratatui::buffer::Buffer) -> String {
    b.content.iter().map(|c| c.symbol()).collect()
}

#[test]
fn escape_sequences_in_site_text_never_reach_a_cell() {
    let mut m = model(5, 120, 30);
    let mut shops: Vec<_> = m.shops.rows().iter().map(|r| r.view.clone()).collect();
    shops[0].health = ShopHealth::Error {
        at: now(),
        message: HOSTILE.into(),
    };
    shops[1].shop_id = format!("seller{HOSTILE}");
    update(&mut m, Msg::Data(Data::Shops(shops)));
    m.pane = crate::tui::model::Pane::Shops;
    m.toast(format!("push failed: {HOSTILE}"), true, vec![HOSTILE.into()]);
    let buf = draw(&m);
    for cell in &buf.content {
        assert!(
            !cell.symbol().chars().any(crate::domain::text::is_unsafe),
            "{:?}",
            cell.symbol()
        );
    }
    let all = text(&buf);
    assert!(all.contains("]0;pwned"), "the harmless rest is still shown");
}

#[test]
fn a_shop_pointed_away_from_its_site_is_marked_in_the_shops_pane() {
    let mut m = model(5, 120, 30);
    let mut shops: Vec<_> = m.shops.rows().iter().map(|r| r.view.clone()).collect();
    shops[0].api_base = Some("http://127.0.0.1:8123/qoo10".into());
    shops[0].foreign_api_base = true;
    update(&mut m, Msg::Data(Data::Shops(shops)));
    m.pane = crate::tui::model::Pane::Shops;
    let all = text(&draw(&m));
    assert!(all.contains("⚠ 127.0.0.1:8123"), "{all}");
}
