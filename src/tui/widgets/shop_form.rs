//! The shop form (`:shop add`): the site, its credential fields in tui-textarea inputs (secrets
//! hidden while typed, shown as `••••1234` afterwards), the options, and "Save & test", whose
//! answer is shown in the form. The shop is saved first and then tested (`AddShop`, `TestShop`).
//! Qoo10 adds "Get auth / Renew key": the QSM id and password go to the site once
//! (`RenewShopKey`) for an issued key; the password is never stored.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_textarea::TextArea;

use crate::domain::marketplace::ALL_SITES;
use crate::domain::shop::{ShopOptions, ShopSpec};
use crate::domain::{Secret, Site};
use crate::market::SellerLogin;

/// The seller key a Qoo10 shop is saved with before "Get auth" replaces it.
pub const KEY_PENDING: &str = "issued-by-get-auth";
/// The name of the optional field that points the shop at another endpoint (a staging host).
const API_BASE: &str = "api_base";
use crate::tui::theme::Theme;

/// One text field of the form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field's name (`name`, `shop_id`, or a credential field name).
    pub name: &'static str,
    /// Its label.
    pub label: &'static str,
    /// Hidden while typed and masked afterwards.
    pub secret: bool,
    /// The input.
    pub input: TextArea<'static>,
}

impl Field {
    fn new(name: &'static str, label: &'static str, secret: bool) -> Field {
        let mut input = TextArea::default();
        if secret {
            input.set_mask_char('•');
        }
        input.set_cursor_line_style(ratatui::style::Style::new());
        Field {
            name,
            label,
            secret,
            input,
        }
    }

    /// The value typed.
    pub fn value(&self) -> String {
        self.input.lines().join("")
    }

    /// The value as shown when the field is not focused.
    pub fn shown(&self) -> String {
        let v = self.value();
        if self.secret && !v.is_empty() {
            Secret::new(v).masked()
        } else {
            v
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone)]
pub enum FormOutcome {
    /// Nothing for the caller.
    Stay,
    /// Close the form.
    Close,
    /// Save the shop and test it.
    SaveAndTest(ShopSpec),
    /// Save the shop if needed, have the site issue a key with this login, then test.
    GetAuth(ShopSpec, SellerLogin),
}

/// The form's state.
#[derive(Debug, Clone)]
pub struct ShopForm {
    /// The chosen site.
    pub site: Site,
    /// Name, shop id and the site's credential fields.
    pub fields: Vec<Field>,
    /// Options by name.
    pub options: Vec<(&'static str, bool)>,
    /// Focus: 0 site, then fields, then options, then the button.
    pub focus: usize,
    /// The site's answer to the last test, or an error.
    pub answer: Option<(bool, String)>,
    /// Set once the shop is saved (a second save only tests again).
    pub saved_as: Option<String>,
}

impl ShopForm {
    /// A form for `site`.
    pub fn new(site: Site) -> ShopForm {
        let mut fields = vec![
            Field::new("name", "Name in shipdeck", false),
            Field::new("shop_id", "Seller id on the site", false),
        ];
        for f in site.credential_fields() {
            fields.push(Field::new(f.name, f.label, f.secret));
        }
        fields.push(Field::new(API_BASE, "API base URL (blank: the site's)", false));
        let options = ShopOptions::default().list(site);
        ShopForm {
            site,
            fields,
            options,
            focus: 0,
            answer: None,
            saved_as: None,
        }
    }

    fn items(&self) -> usize {
        1 + self.fields.len() + self.options.len() + self.buttons()
    }

    fn buttons(&self) -> usize {
        if self.site == Site::Qoo10 {
            2
        } else {
            1
        }
    }

    fn button(&self) -> usize {
        1 + self.fields.len() + self.options.len()
    }

    fn field(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(Field::value)
            .unwrap_or_default()
    }

    /// The shop's QSM login (its own `qsm_user_id` / `qsm_password` fields), if both are typed in.
    pub fn login(&self) -> Option<SellerLogin> {
        let (id, pw) = (self.field("qsm_user_id"), self.field("qsm_password"));
        (!id.is_empty() && !pw.is_empty()).then(|| SellerLogin {
            user_id: id,
            password: Secret::new(pw),
        })
    }

    /// The shop spec the form describes.
    pub fn spec(&self) -> ShopSpec {
        let get = |n: &str| {
            self.fields
                .iter()
                .find(|f| f.name == n)
                .map(Field::value)
                .unwrap_or_default()
        };
        let mut fields: BTreeMap<String, String> = self.fields[2..]
            .iter()
            .filter(|f| f.name != API_BASE && !f.value().is_empty())
            .map(|f| (f.name.to_string(), f.value()))
            .collect();
        if self.site == Site::Qoo10 && !fields.contains_key("seller_key") && self.login().is_some() {
            fields.insert("seller_key".into(), KEY_PENDING.into());
        }
        ShopSpec {
            name: get("name"),
            site: self.site.slug().to_string(),
            shop_id: get("shop_id"),
            api_base: Some(get(API_BASE)).filter(|v| !v.trim().is_empty()),
            fields,
            options: self.options.iter().map(|(n, on)| (n.to_string(), *on)).collect(),
        }
    }

    /// Handles a key.
    pub fn key(&mut self, ev: KeyEvent) -> FormOutcome {
        let n = self.items();
        match ev.code {
            KeyCode::Esc => return FormOutcome::Close,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + n - 1) % n,
            KeyCode::Char('s') if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                return FormOutcome::SaveAndTest(self.spec())
            }
            _ if self.focus == 0 => {
                let i = ALL_SITES.iter().position(|s| *s == self.site).unwrap_or(0);
                let next = match ev.code {
                    KeyCode::Right | KeyCode::Char(' ') | KeyCode::Char('l') => (i + 1) % ALL_SITES.len(),
                    KeyCode::Left | KeyCode::Char('h') => (i + ALL_SITES.len() - 1) % ALL_SITES.len(),
                    _ => i,
                };
                if next != i {
                    // Name, seller id and the API base carry over to the other site's form.
                    let keep: Vec<Field> = self.fields[..2].to_vec();
                    let base = self.fields.iter().find(|f| f.name == API_BASE).cloned();
                    *self = ShopForm::new(ALL_SITES[next]);
                    self.fields.splice(..2, keep);
                    if let (Some(base), Some(slot)) =
                        (base, self.fields.iter_mut().find(|f| f.name == API_BASE))
                    {
                        *slot = base;
                    }
                }
            }
            _ if self.focus == self.button() => {
                if matches!(ev.code, KeyCode::Enter | KeyCode::Char(' ')) {
                    return FormOutcome::SaveAndTest(self.spec());
                }
            }
            _ if self.focus > self.button() => {
                if matches!(ev.code, KeyCode::Enter | KeyCode::Char(' ')) {
                    match self.login() {
                        Some(login) => return FormOutcome::GetAuth(self.spec(), login),
                        None => self.answer = Some((false, crate::tr!("form-need-login"))),
                    }
                }
            }
            _ if self.focus > self.fields.len() => {
                let i = self.focus - 1 - self.fields.len();
                if matches!(ev.code, KeyCode::Enter | KeyCode::Char(' ')) {
                    if let Some(o) = self.options.get_mut(i) {
                        o.1 = !o.1;
                    }
                }
            }
            KeyCode::Enter => self.focus = (self.focus + 1) % n,
            _ => {
                if let Some(f) = self.fields.get_mut(self.focus - 1) {
                    f.input.input_without_shortcuts(ev);
                }
            }
        }
        FormOutcome::Stay
    }

    /// Draws the form centred in `area`.
    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        let w = area.width.min(76);
        let h = (self.items() as u16 + 6).min(area.height);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        f.render_widget(Clear, r);
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {} ", crate::tr!("form-title")),
            theme.title,
        ));
        let inner = block.inner(r);
        f.render_widget(block, r);
        let focus_style = |i: usize| {
            if self.focus == i {
                theme.selected
            } else {
                theme.text
            }
        };
        let mut y = inner.y;
        let line = |f: &mut Frame, y: u16, l: Line| {
            if y < inner.y + inner.height {
                f.render_widget(Paragraph::new(l), Rect::new(inner.x, y, inner.width, 1));
            }
        };
        line(
            f,
            y,
            Line::from(vec![
                Span::styled(crate::i18n::pad_right(&crate::tr!("form-site"), 34), theme.header),
                Span::styled(format!("‹ {} ›", self.site.display_name()), focus_style(0)),
            ]),
        );
        y += 1;
        for (i, fld) in self.fields.iter().enumerate() {
            let label = Span::styled(
                crate::i18n::pad_right(&crate::i18n::label_or("field", fld.name, fld.label), 34),
                theme.header,
            );
            if self.focus == i + 1 && y < inner.y + inner.height {
                line(f, y, Line::from(label));
                let x = inner.x + 34;
                f.render_widget(&fld.input, Rect::new(x, y, inner.width.saturating_sub(34), 1));
            } else {
                line(
                    f,
                    y,
                    Line::from(vec![label, Span::styled(fld.shown(), theme.text)]),
                );
            }
            y += 1;
        }
        for (i, (name, on)) in self.options.iter().enumerate() {
            let idx = 1 + self.fields.len() + i;
            line(
                f,
                y,
                Line::from(vec![
                    Span::styled(format!("{:<34}", name), theme.dim),
                    Span::styled(format!("[{}]", if *on { "x" } else { " " }), focus_style(idx)),
                ]),
            );
            y += 1;
        }
        y += 1;
        line(
            f,
            y,
            Line::from(Span::styled(
                format!("[ {} ]", crate::tr!("form-save-test")),
                focus_style(self.button()),
            )),
        );
        y += 1;
        if self.site == Site::Qoo10 {
            line(
                f,
                y,
                Line::from(vec![
                    Span::styled(
                        format!("[ {} ]", crate::tr!("form-get-auth")),
                        focus_style(self.button() + 1),
                    ),
                    Span::styled(format!("  {}", crate::tr!("form-get-auth-hint")), theme.dim),
                ]),
            );
            y += 1;
        }
        if let Some((ok, text)) = &self.answer {
            let style = if *ok { theme.ok } else { theme.error };
            let rest = Rect::new(
                inner.x,
                y,
                inner.width,
                (inner.y + inner.height).saturating_sub(y),
            );
            f.render_widget(
                Paragraph::new(text.as_str())
                    .style(style)
                    .wrap(Wrap { trim: true }),
                rest,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn secrets_are_masked_and_the_spec_carries_the_fields() {
        let mut form = ShopForm::new(Site::Qoo10);
        form.key(key(KeyCode::Right)); // gmarket
        form.key(key(KeyCode::Left)); // back to qoo10
        assert_eq!(form.site, Site::Qoo10);
        form.focus = 1;
        for c in "q1".chars() {
            form.key(key(KeyCode::Char(c)));
        }
        form.focus = 3;
        for c in "SECRETKEY-ABCD1234".chars() {
            form.key(key(KeyCode::Char(c)));
        }
        assert_eq!(form.fields[2].shown(), "••••1234");
        let spec = form.spec();
        assert_eq!(spec.name, "q1");
        assert_eq!(spec.fields["seller_key"], "SECRETKEY-ABCD1234");
        // The shop's own QSM login is what Get auth uses; the password is masked like any secret.
        let at = |form: &ShopForm, name: &str| 1 + form.fields.iter().position(|f| f.name == name).unwrap();
        let (uid, pw) = (at(&form, "qsm_user_id"), at(&form, "qsm_password"));
        form.focus = uid;
        for c in "qsm-user".chars() {
            form.key(key(KeyCode::Char(c)));
        }
        form.focus = pw;
        for c in "hunter2-password".chars() {
            form.key(key(KeyCode::Char(c)));
        }
        assert_eq!(form.fields[pw - 1].shown(), "••••word");
        form.focus = form.button() + 1;
        match form.key(key(KeyCode::Enter)) {
            FormOutcome::GetAuth(_, login) => assert_eq!(login.user_id, "qsm-user"),
            other => panic!("{other:?}"),
        }
    }
}
