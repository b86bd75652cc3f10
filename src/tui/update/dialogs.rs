//! The keys of the dialogs and the `:` command bar.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{act, pull, set_tab};
use crate::domain::mapping::Mapping;
use crate::domain::{SkuCode, StatusKey};
use crate::engine::Command;
use crate::tui::keymap::Action;
use crate::tui::model::{Button, Dialog, Model, Pane};
use crate::tui::msg::{CommandKind, Effect};
use crate::tui::widgets::shop_form::{FormOutcome, ShopForm};

/// Runs a `:` command.
pub(super) fn command(m: &mut Model, text: &str, fx: &mut Vec<Effect>) {
    let mut words = text.split_whitespace();
    match (words.next(), words.next()) {
        (Some("q" | "quit"), _) => act(m, Action::Quit, fx),
        (Some("pull"), _) => pull(fx),
        (Some("help"), _) => m.dialog = Some(Dialog::Help { scroll: 0 }),
        (Some("orders"), status) => {
            m.pane = Pane::Orders;
            if let Some(s) = status {
                match s.parse::<StatusKey>() {
                    Ok(k) => set_tab(m, k),
                    Err(e) => m.toast(e, true, vec![]),
                }
            }
        }
        (Some("shops"), None) => m.pane = Pane::Shops,
        (Some("shop" | "shops"), Some("add")) => {
            m.dialog = Some(Dialog::ShopForm(Box::new(ShopForm::new(
                crate::domain::Site::Qoo10,
            ))))
        }
        (Some("shop" | "shops"), Some("renew")) => match words.next().map(crate::domain::ShopName::new) {
            Some(Ok(shop)) => fx.push(Effect::Execute(
                CommandKind::RenewKey,
                Box::new(Command::RenewShopKey { shop, login: None }),
            )),
            Some(Err(e)) => m.toast(e.to_string(), true, vec![]),
            None => m.toast("usage: :shop renew NAME (a Qoo10 shop)", true, vec![]),
        },
        (Some("accept"), arg) => {
            // The order named, else the selected one (an order held for "other tracking on the site").
            let key = match arg {
                Some(k) => k.parse::<crate::domain::OrderKey>().map_err(|e| e.to_string()),
                None if m.pane == Pane::Orders => m
                    .orders
                    .row_at(m.orders.sel.cursor)
                    .map(|r| r.key.clone())
                    .ok_or_else(|| "no order selected".to_string()),
                None => Err("usage: :accept SHOP/ORDER (or select the order in Orders)".to_string()),
            };
            match key {
                Ok(key) => fx.push(Effect::Execute(
                    CommandKind::Accept,
                    Box::new(Command::AcceptSiteShipment { key }),
                )),
                Err(e) => m.toast(e, true, vec![]),
            }
        }
        (Some("sku" | "skus"), Some(verb @ ("import" | "export"))) => {
            let rest: Vec<&str> = words.collect();
            let dry_run = rest.contains(&"--dry-run");
            let path: Vec<&str> = rest.into_iter().filter(|w| *w != "--dry-run").collect();
            if path.is_empty() {
                m.toast(format!("usage: :sku {verb} PATH"), true, vec![]);
                return;
            }
            let path = std::path::PathBuf::from(path.join(" "));
            let cmd = if verb == "import" {
                Command::ImportSkus {
                    path,
                    encoding: None,
                    dry_run,
                }
            } else {
                Command::ExportSkus { path }
            };
            fx.push(Effect::Execute(CommandKind::Sku, Box::new(cmd)));
        }
        (Some("audit"), user) => fx.push(Effect::LoadAudit {
            user: user.map(str::to_string),
        }),
        (Some("mismatches"), _) => m.pane = Pane::Mismatches,
        (Some("cancel"), _) => act(m, Action::CancelBulk, fx),
        (Some("pushes"), _) => m.pane = Pane::Pushes,
        (None, _) => {}
        (Some(other), _) => {
            let known: Vec<&str> = crate::tui::keymap::COMMANDS.iter().map(|(c, _)| *c).collect();
            m.toast(
                format!("unknown command `{other}` ({}; ? lists them)", known.join(", ")),
                true,
                vec![],
            )
        }
    }
}

pub(super) fn dialog_key(m: &mut Model, ev: KeyEvent, fx: &mut Vec<Effect>) {
    let Some(dialog) = m.dialog.as_mut() else { return };
    match dialog {
        Dialog::Confirm { focus, .. } => match ev.code {
            KeyCode::Esc | KeyCode::Char('n') => m.dialog = None,
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right | KeyCode::Char('h' | 'l') => {
                *focus = if *focus == Button::Cancel {
                    Button::Ok
                } else {
                    Button::Cancel
                };
            }
            KeyCode::Enter => {
                if *focus == Button::Ok {
                    super::marks::confirm_chosen(m, fx);
                }
                m.dialog = None;
            }
            _ => {}
        },
        Dialog::Details { lines, scroll, .. } => {
            let last = lines.len().saturating_sub(1);
            match ev.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => m.dialog = None,
                KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(last),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = (*scroll + 10).min(last),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                KeyCode::Char('g') | KeyCode::Home => *scroll = 0,
                KeyCode::Char('G') | KeyCode::End => *scroll = last,
                _ => {}
            }
        }
        Dialog::Help { .. } => {
            let last = crate::tui::view::help_len(m).saturating_sub(crate::tui::view::help_rows(m.size.1));
            let Some(Dialog::Help { scroll }) = m.dialog.as_mut() else {
                return;
            };
            match ev.code {
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q' | '?') => m.dialog = None,
                KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(last),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = (*scroll + 10).min(last),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                KeyCode::Char('g') | KeyCode::Home => *scroll = 0,
                KeyCode::Char('G') | KeyCode::End => *scroll = last,
                _ => {}
            }
        }
        Dialog::Map { item, choice, typed } => match ev.code {
            KeyCode::Esc => m.dialog = None,
            KeyCode::Down => *choice += 1,
            KeyCode::Up => *choice = choice.saturating_sub(1),
            KeyCode::Backspace => {
                typed.pop();
            }
            KeyCode::Char(c) => typed.push(c),
            KeyCode::Enter => {
                let sugg = m.suggestions.get(&item.id()).cloned().unwrap_or_default();
                let sku = if typed.trim().is_empty() {
                    sugg.get((*choice).min(sugg.len().saturating_sub(1)))
                        .map(|s| s.sku.clone())
                } else {
                    SkuCode::new(typed.trim()).ok()
                };
                let (Some(sku), Some(code), Some(site)) = (sku, item.row.code.clone(), item.site) else {
                    m.toast(
                        "nothing to map: type a SKU code or pick a suggestion",
                        true,
                        vec![],
                    );
                    return;
                };
                let mapping = Mapping {
                    site,
                    shop: Some(item.row.key.shop.clone()),
                    code,
                    sku,
                    product_code: None,
                };
                m.dialog = None;
                fx.push(Effect::Execute(
                    CommandKind::Mapping,
                    Box::new(Command::SetMapping { mapping }),
                ));
            }
            _ => {}
        },
        Dialog::ShopForm(form) => match form.key(ev) {
            FormOutcome::Stay => {}
            FormOutcome::Close => m.dialog = None,
            FormOutcome::SaveAndTest(spec) => {
                form.answer = Some((true, "saving and testing…".into()));
                fx.push(Effect::ShopSetup {
                    name: form.saved_as.clone().unwrap_or_else(|| spec.name.clone()),
                    spec: form.saved_as.is_none().then(|| Box::new(spec)),
                    login: None,
                });
            }
            FormOutcome::GetAuth(spec, login) => {
                form.answer = Some((true, "asking the site for a key…".into()));
                fx.push(Effect::ShopSetup {
                    name: form.saved_as.clone().unwrap_or_else(|| spec.name.clone()),
                    spec: form.saved_as.is_none().then(|| Box::new(spec)),
                    login: Some(login),
                });
            }
        },
    }
}
