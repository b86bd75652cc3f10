//! Colours: a 16-colour default theme, and a colourless one (modifiers only) for `NO_COLOR`.

use ratatui::style::{Color, Modifier, Style};

/// The styles the view uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Ordinary text.
    pub text: Style,
    /// Dimmed text (hints, secondary cells).
    pub dim: Style,
    /// Titles and the focused pane's border.
    pub title: Style,
    /// Table headers.
    pub header: Style,
    /// The selected row (must stay visible without colour).
    pub selected: Style,
    /// Marked rows.
    pub marked: Style,
    /// Good news (health ok, push done).
    pub ok: Style,
    /// Warnings (pending, unmapped).
    pub warn: Style,
    /// Errors (auth failed, push failed).
    pub error: Style,
    /// Key names in the footer and help.
    pub key: Style,
}

impl Theme {
    /// The default theme: the terminal's own 16 colours.
    pub fn default16() -> Theme {
        Theme {
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            header: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            marked: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            ok: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        }
    }

    /// The `NO_COLOR` theme: no colour at all, meaning carried by modifiers and text.
    pub fn mono() -> Theme {
        Theme {
            text: Style::new(),
            dim: Style::new().add_modifier(Modifier::DIM),
            title: Style::new().add_modifier(Modifier::BOLD),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            marked: Style::new().add_modifier(Modifier::BOLD),
            ok: Style::new(),
            warn: Style::new().add_modifier(Modifier::BOLD),
            error: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            key: Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// The theme the environment asks for: `NO_COLOR` set (and not empty) → mono.
    pub fn from_env() -> Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            Theme::mono()
        } else {
            Theme::default16()
        }
    }
}
