//! The one keymap registry: key → named action. It drives dispatch, the footer hints and the `?`
//! help, and can be remapped from a TOML file (`[keys] action = "key"` or `["key", "key"]`).

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::model::Pane;

/// The keys of the dialogs (fixed: a dialog's keys are its own), for the help.
pub const DIALOG_KEYS: [(&str, &str); 6] = [
    ("Tab ← → h l", "switch the button (confirm)"),
    ("Enter", "choose (confirm), map the line (map), close (details)"),
    ("↑ ↓", "choose a suggested SKU (map)"),
    ("type", "a SKU code (map)"),
    ("j k PgDn PgUp g G", "scroll (details, help)"),
    ("Esc", "close the dialog"),
];

/// The keys of the filter and command bars, for the help.
pub const INPUT_KEYS: [(&str, &str); 3] = [
    ("Enter", "apply (the filter applies as you type)"),
    ("Backspace", "delete a character"),
    ("Esc", "close the bar (Esc again clears the filter)"),
];

/// The `:` commands, for the help and the "unknown command" message.
pub const COMMANDS: [(&str, &str); 12] = [
    ("orders [STATUS]", "the Orders pane, at a status tab"),
    ("shops / mismatches / pushes", "that pane"),
    ("accept [SHOP/ORDER]", "take the site's shipment of a held order"),
    ("shop add", "the shop form"),
    ("shop renew NAME", "have Qoo10 issue a new seller key"),
    ("sku import PATH [--dry-run]", "import SKUs and mappings"),
    ("sku export PATH", "export the catalogue"),
    ("cancel", "stop the running bulk confirmation"),
    ("audit [USER]", "the audit trail, newest first (of one user)"),
    ("pull", "pull every shop now"),
    ("help", "this help"),
    ("q", "quit"),
];

/// Something a key can ask for, outside text inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Quit (top layer only).
    Quit,
    /// Show the help.
    Help,
    /// Back out one layer.
    Back,
    /// Move down one row.
    Down,
    /// Move up one row.
    Up,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// One page down.
    PageDown,
    /// One page up.
    PageUp,
    /// Next pane.
    NextPane,
    /// Previous pane.
    PrevPane,
    /// The Shops pane.
    PaneShops,
    /// The Orders pane.
    PaneOrders,
    /// The Mismatches pane.
    PaneMismatches,
    /// The Pushes pane.
    PanePushes,
    /// Next status tab (Orders).
    NextTab,
    /// Previous status tab (Orders).
    PrevTab,
    /// Open the filter input.
    Filter,
    /// Open the command bar.
    CommandBar,
    /// Mark the row and move down.
    Mark,
    /// Start or end a range of marks.
    MarkRange,
    /// Mark every visible row.
    MarkAll,
    /// Confirm the marked orders (through a dialog).
    Confirm,
    /// Retry the marked pushes.
    Retry,
    /// Open / act on the selected row (map a mismatch, details).
    Open,
    /// Pull every shop now.
    Pull,
    /// Sort the pane by its next sortable column.
    SortNext,
    /// Reverse the pane's sort.
    SortReverse,
    /// Copy the selected row's key (order number, tracking number, site code, shop name) to the
    /// clipboard with OSC 52.
    Copy,
    /// Cancel the running bulk confirmation.
    CancelBulk,
}

/// Every action, in help order.
pub const ALL_ACTIONS: [Action; 30] = [
    Action::Down,
    Action::Up,
    Action::Top,
    Action::Bottom,
    Action::PageDown,
    Action::PageUp,
    Action::NextPane,
    Action::PrevPane,
    Action::PaneShops,
    Action::PaneOrders,
    Action::PaneMismatches,
    Action::PanePushes,
    Action::NextTab,
    Action::PrevTab,
    Action::Filter,
    Action::CommandBar,
    Action::Mark,
    Action::MarkRange,
    Action::MarkAll,
    Action::Confirm,
    Action::Retry,
    Action::Open,
    Action::Copy,
    Action::Pull,
    Action::SortNext,
    Action::SortReverse,
    Action::CancelBulk,
    Action::Help,
    Action::Back,
    Action::Quit,
];

impl Action {
    /// True for the keys that change something (left out for a read-only role).
    pub const fn changes(self) -> bool {
        matches!(
            self,
            Action::Confirm | Action::Retry | Action::Pull | Action::CancelBulk
        )
    }

    /// The name used in `keymap.toml`.
    pub const fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Back => "back",
            Action::Down => "down",
            Action::Up => "up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::PaneShops => "pane_shops",
            Action::PaneOrders => "pane_orders",
            Action::PaneMismatches => "pane_mismatches",
            Action::PanePushes => "pane_pushes",
            Action::NextTab => "next_tab",
            Action::PrevTab => "prev_tab",
            Action::Filter => "filter",
            Action::CommandBar => "command",
            Action::Mark => "mark",
            Action::MarkRange => "mark_range",
            Action::MarkAll => "mark_all",
            Action::Confirm => "confirm",
            Action::Retry => "retry",
            Action::Open => "open",
            Action::Pull => "pull",
            Action::SortNext => "sort",
            Action::SortReverse => "sort_reverse",
            Action::Copy => "copy",
            Action::CancelBulk => "cancel_bulk",
        }
    }

    /// What the action does, for the help and footer.
    pub const fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Back => "back",
            Action::Down => "down",
            Action::Up => "up",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::PaneShops => "Shops",
            Action::PaneOrders => "Orders",
            Action::PaneMismatches => "Mismatches",
            Action::PanePushes => "Pushes",
            Action::NextTab => "next status",
            Action::PrevTab => "previous status",
            Action::Filter => "filter",
            Action::CommandBar => "command",
            Action::Mark => "mark",
            Action::MarkRange => "mark range",
            Action::MarkAll => "mark all",
            Action::Confirm => "confirm marked",
            Action::Retry => "retry marked",
            Action::Open => "open / map",
            Action::Pull => "pull now",
            Action::SortNext => "sort by next column",
            Action::SortReverse => "reverse sort",
            Action::Copy => "copy key",
            Action::CancelBulk => "cancel bulk confirm",
        }
    }

    /// True when the action does something in this pane (the footer and `?` show only those).
    pub fn works_in(self, pane: Pane) -> bool {
        match self {
            Action::NextTab | Action::PrevTab | Action::MarkRange | Action::Confirm | Action::CancelBulk => {
                pane == Pane::Orders
            }
            Action::Mark | Action::MarkAll => matches!(pane, Pane::Orders | Pane::Pushes),
            Action::Retry => pane == Pane::Pushes,
            Action::Pull => pane == Pane::Shops,
            _ => true,
        }
    }

    /// The action named `name` in `keymap.toml`.
    pub fn from_name(name: &str) -> Option<Action> {
        ALL_ACTIONS.into_iter().find(|a| a.name() == name)
    }
}

/// A key with its modifiers, as bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt (Shift is folded into the character or `BackTab`).
    pub mods: KeyModifiers,
}

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    /// A character key.
    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// Ctrl + a character.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// The key of a terminal key event (Shift dropped: it is in the character already).
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mods = ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        let code = match ev.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key { code, mods }
    }

    /// Parses `j`, `G`, `ctrl-a`, `shift-tab`, `pgdn`, `space`, `enter`, `esc`, `f1`, `?`.
    pub fn parse(s: &str) -> Result<Key, String> {
        let lower = s.to_ascii_lowercase();
        let (mods, rest, rest_orig) = if let Some(r) = lower.strip_prefix("ctrl-") {
            (KeyModifiers::CONTROL, r.to_string(), r.to_string())
        } else if let Some(r) = lower.strip_prefix("alt-") {
            (KeyModifiers::ALT, r.to_string(), s[4..].to_string())
        } else {
            (KeyModifiers::NONE, lower.clone(), s.to_string())
        };
        let code = match rest.as_str() {
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.starts_with('f') && f.len() > 1 && f[1..].chars().all(|c| c.is_ascii_digit()) => {
                let n: u8 = f[1..].parse().map_err(|_| format!("bad function key `{s}`"))?;
                KeyCode::F(n)
            }
            _ => {
                let mut chars = rest_orig.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if mods.contains(KeyModifiers::CONTROL) => {
                        KeyCode::Char(c.to_ascii_lowercase())
                    }
                    (Some(c), None) => KeyCode::Char(c),
                    _ => return Err(format!("unknown key `{s}`")),
                }
            }
        };
        Ok(Key { code, mods })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The bindings: every key of every action.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode as K;
        let b = |k: Key, a: Action| (k, a);
        Keymap {
            bindings: vec![
                b(Key::ch('j'), Action::Down),
                b(Key::plain(K::Down), Action::Down),
                b(Key::ch('k'), Action::Up),
                b(Key::plain(K::Up), Action::Up),
                b(Key::ch('g'), Action::Top),
                b(Key::plain(K::Home), Action::Top),
                b(Key::ch('G'), Action::Bottom),
                b(Key::plain(K::End), Action::Bottom),
                b(Key::plain(K::PageDown), Action::PageDown),
                b(Key::plain(K::PageUp), Action::PageUp),
                b(Key::plain(K::Tab), Action::NextPane),
                b(Key::plain(K::BackTab), Action::PrevPane),
                b(Key::ch('1'), Action::PaneShops),
                b(Key::ch('2'), Action::PaneOrders),
                b(Key::ch('3'), Action::PaneMismatches),
                b(Key::ch('4'), Action::PanePushes),
                b(Key::ch(']'), Action::NextTab),
                b(Key::plain(K::Right), Action::NextTab),
                b(Key::ch('['), Action::PrevTab),
                b(Key::plain(K::Left), Action::PrevTab),
                b(Key::ch('/'), Action::Filter),
                b(Key::ch(':'), Action::CommandBar),
                b(Key::ch(' '), Action::Mark),
                b(Key::ch('v'), Action::MarkRange),
                b(Key::ctrl('a'), Action::MarkAll),
                b(Key::ch('c'), Action::Confirm),
                b(Key::ch('r'), Action::Retry),
                b(Key::plain(K::Enter), Action::Open),
                b(Key::ch('y'), Action::Copy),
                b(Key::ch('p'), Action::Pull),
                b(Key::ch('s'), Action::SortNext),
                b(Key::ch('S'), Action::SortReverse),
                b(Key::ch('X'), Action::CancelBulk),
                b(Key::ch('?'), Action::Help),
                b(Key::plain(K::Esc), Action::Back),
                b(Key::ch('q'), Action::Quit),
            ],
        }
    }
}

impl Keymap {
    /// The action bound to a key.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.bindings.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
    }

    /// The keys bound to an action, in binding order.
    pub fn keys(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// The first key of an action as text (`-` when unbound).
    pub fn label(&self, action: Action) -> String {
        self.keys(action)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_else(|| "-".into())
    }

    /// Rebinds `action` to exactly `keys` (each key is taken from any action it had).
    pub fn rebind(&mut self, action: Action, keys: &[Key]) {
        self.bindings.retain(|(k, a)| *a != action && !keys.contains(k));
        for k in keys {
            self.bindings.push((*k, action));
        }
    }

    /// Applies a `keymap.toml` text on top of this keymap; bad entries become warnings.
    pub fn apply_toml(&mut self, text: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        let doc: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => return vec![format!("keymap: not valid TOML, defaults kept: {e}")],
        };
        let table = match doc.get("keys") {
            Some(toml::Value::Table(t)) => t.clone(),
            Some(_) => return vec!["keymap: `keys` must be a table".into()],
            None => doc,
        };
        for (name, value) in table {
            let Some(action) = Action::from_name(&name) else {
                warnings.push(format!("keymap: unknown action `{name}` ignored"));
                continue;
            };
            let texts: Vec<String> = match value {
                toml::Value::String(s) => vec![s],
                toml::Value::Array(a) => a
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => {
                    warnings.push(format!("keymap: `{name}` needs a key or a list of keys"));
                    continue;
                }
            };
            let mut keys = Vec::new();
            let mut bad = false;
            for t in &texts {
                match Key::parse(t) {
                    Ok(k) => keys.push(k),
                    Err(e) => {
                        warnings.push(format!("keymap: `{name}`: {e}; its default kept"));
                        bad = true;
                    }
                }
            }
            if !bad && !keys.is_empty() {
                self.rebind(action, &keys);
            }
        }
        warnings
    }

    /// Loads the default keymap with the first `keymap.toml` found among `paths` applied.
    pub fn load(paths: &[std::path::PathBuf]) -> (Keymap, Vec<String>) {
        let mut km = Keymap::default();
        for p in paths {
            match std::fs::read_to_string(p) {
                Ok(text) => {
                    let w = km.apply_toml(&text);
                    return (
                        km,
                        w.into_iter().map(|w| format!("{}: {w}", p.display())).collect(),
                    );
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return (km, vec![format!("cannot read {}: {e}", p.display())]),
            }
        }
        (km, Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(Key::parse("ctrl-a").unwrap(), Key::ctrl('a'));
        assert_eq!(Key::parse("G").unwrap(), Key::ch('G'));
        assert_eq!(Key::parse("space").unwrap(), Key::ch(' '));
        assert_eq!(Key::parse("shift-tab").unwrap().code, KeyCode::BackTab);
        assert_eq!(Key::parse("pgdn").unwrap().code, KeyCode::PageDown);
        assert!(Key::parse("nonsense").is_err());
        assert_eq!(Key::ctrl('a').to_string(), "Ctrl-a");
    }

    #[test]
    fn remap_moves_the_key_and_bad_entries_warn() {
        let mut km = Keymap::default();
        let w = km.apply_toml(
            "[keys]\nconfirm = \"C\"\nmark = [\"x\", \"space\"]\nfly = \"f\"\nretry = \"ctrl-nope\"\n",
        );
        assert_eq!(km.action(Key::ch('C')), Some(Action::Confirm));
        assert_eq!(km.action(Key::ch('c')), None);
        assert_eq!(km.action(Key::ch('x')), Some(Action::Mark));
        assert_eq!(km.action(Key::ch(' ')), Some(Action::Mark));
        assert_eq!(
            km.action(Key::ch('r')),
            Some(Action::Retry),
            "bad entry keeps default"
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w.iter().any(|w| w.contains("unknown action `fly`")));
        let w = km.apply_toml("this is [ not toml");
        assert_eq!(w.len(), 1);
    }
}
