//! Copying to the clipboard of the terminal the user sits at, with OSC 52: it travels over SSH
//! like any output. Inside tmux the sequence is sent as is (tmux takes it into its paste buffer
//! and on to the outer terminal when `set-clipboard` is `on`) and once more wrapped for
//! passthrough (reaches the outer terminal when `allow-passthrough` is `on`).

use base64::Engine as _;

use super::model::{Model, Pane};
use super::msg::Effect;

/// The most a copy may hold (row keys are short; a terminal may refuse long payloads).
pub const MAX_COPY: usize = 4096;

/// What the text copied looks like: only printable characters, at most `MAX_COPY` bytes.
pub fn clean(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !c.is_control()) {
        if out.len() + c.len_utf8() > MAX_COPY {
            break;
        }
        out.push(c);
    }
    out
}

/// The bytes that put `text` on the clipboard: OSC 52 to the terminal, and under tmux
/// (`in_tmux`) the same sequence again inside a tmux passthrough DCS.
pub fn osc52(text: &str, in_tmux: bool) -> Vec<u8> {
    let payload = base64::engine::general_purpose::STANDARD.encode(clean(text));
    let plain = format!("\x1b]52;c;{payload}\x07");
    let mut out = plain.clone().into_bytes();
    if in_tmux {
        // Inside a passthrough every ESC of the wrapped sequence is doubled.
        out.extend_from_slice(format!("\x1bPtmux;{}\x1b\\", plain.replace('\x1b', "\x1b\x1b")).as_bytes());
    }
    out
}

/// Whether this process runs inside tmux.
pub fn in_tmux() -> bool {
    std::env::var_os("TMUX").is_some_and(|v| !v.is_empty())
}

/// `y`: the selected row's key to the clipboard, and a toast saying what it was.
pub fn copy_selected(m: &mut Model) -> Option<Effect> {
    let picked: Option<(&str, String)> = match m.pane {
        Pane::Orders => m
            .orders
            .row_at(m.orders.sel.cursor)
            .map(|r| ("copy-order-number", r.key.order_no.clone())),
        Pane::Shops => m
            .shops
            .selected()
            .map(|s| ("copy-shop-name", s.view.name.clone())),
        Pane::Mismatches => m.selected_mismatch().map(|it| match &it.row.code {
            Some(crate::domain::mapping::SiteCode::Product { code }) => ("copy-product-code", code.clone()),
            Some(crate::domain::mapping::SiteCode::Option { code }) => ("copy-option-code", code.clone()),
            Some(c @ crate::domain::mapping::SiteCode::Crossmall { .. }) => {
                ("copy-crossmall-code", c.display())
            }
            None => ("copy-product-name", it.row.product_name.clone()),
        }),
        Pane::Pushes => m.pushes.selected().map(|p| match &p.kind {
            crate::domain::PushKind::Ship { tracking, .. } => {
                ("copy-tracking-number", tracking.number.as_str().to_string())
            }
            _ => ("copy-order-number", p.order_no.clone().unwrap_or_default()),
        }),
    };
    match picked {
        Some((what, text)) if !text.is_empty() => {
            let text = clean(&text);
            m.toast(
                crate::tr!("toast-copied", what = crate::tr!(what), text = &text),
                false,
                vec![],
            );
            Some(Effect::Copy(text))
        }
        _ => {
            m.toast(crate::tr!("toast-nothing-to-copy"), false, vec![]);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_terminals_get_one_osc52() {
        let b = osc52("QSP-1000", false);
        assert_eq!(b, b"\x1b]52;c;UVNQLTEwMDA=\x07");
    }

    #[test]
    fn tmux_gets_it_raw_and_wrapped() {
        let s = String::from_utf8(osc52("A1", true)).unwrap();
        assert!(s.starts_with("\x1b]52;c;QTE=\x07"), "{s:?}");
        assert!(s.ends_with("\x1bPtmux;\x1b\x1b]52;c;QTE=\x07\x1b\\"), "{s:?}");
    }

    #[test]
    fn y_copies_the_selected_rows_key_per_pane_and_says_so() {
        use crate::tui::msg::{Effect, Msg};
        use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        let mut m = crate::tui::fixtures::model(40, 80, 24);
        crate::tui::update(&mut m, key('2'));
        crate::tui::update(&mut m, key('j'));
        let fx = crate::tui::update(&mut m, key('y'));
        let copied: Vec<&String> = fx
            .iter()
            .filter_map(|e| match e {
                Effect::Copy(t) => Some(t),
                _ => None,
            })
            .collect();
        let want = m.orders.row_at(1).unwrap().key.order_no.clone();
        assert_eq!(copied, vec![&want]);
        assert_eq!(
            m.toasts.last().unwrap().text,
            format!("copied order number {want}")
        );

        crate::tui::update(&mut m, key('1'));
        let fx = crate::tui::update(&mut m, key('y'));
        let first_shop = m.shops.row_at(0).unwrap().view.name.clone();
        assert!(
            fx.iter()
                .any(|e| matches!(e, Effect::Copy(t) if *t == first_shop)),
            "{fx:?}"
        );

        // Nothing selected: nothing copied, and the toast says why.
        crate::tui::update(&mut m, key('4'));
        let fx = crate::tui::update(&mut m, key('y'));
        assert!(!fx.iter().any(|e| matches!(e, Effect::Copy(_))));
        assert!(m.toasts.last().unwrap().text.starts_with("nothing to copy"));
    }

    #[test]
    fn control_characters_never_reach_the_clipboard() {
        assert_eq!(clean("12\x1b[2J34\n"), "12[2J34");
        assert_eq!(clean(&"x".repeat(MAX_COPY + 9)).len(), MAX_COPY);
    }
}
