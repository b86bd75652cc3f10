//! Reading the dashboard's emulated screen: the selected row, the pane and tab highlighted, the
//! block titles, the status bar's mark count and the footer.

use vt100::Screen;

fn width(s: &Screen) -> u16 {
    s.size().1
}

fn height(s: &Screen) -> u16 {
    s.size().0
}

/// The text of screen row `row`.
pub fn row(s: &Screen, row: u16) -> String {
    s.rows(0, width(s)).nth(usize::from(row)).unwrap_or_default()
}

/// The text of the reverse-video cells of a row (the highlighted pane or tab).
fn inverse_text(s: &Screen, r: u16) -> String {
    (0..width(s))
        .filter_map(|c| s.cell(r, c))
        .filter(|c| c.inverse())
        .map(|c| c.contents())
        .collect()
}

/// The highlighted pane in the title bar (" 2 Orders ").
pub fn pane(s: &Screen) -> String {
    inverse_text(s, 0)
}

/// The highlighted status tab of the Orders pane (" collected 400000 ").
pub fn tab(s: &Screen) -> String {
    inverse_text(s, 1)
}

/// The selected table row (reverse video from the first column inside the border): its screen
/// row and text.
pub fn sel(s: &Screen) -> Option<(u16, String)> {
    (2..height(s).saturating_sub(2))
        .find(|r| {
            s.cell(*r, 1).is_some_and(|c| c.inverse()) && s.cell(*r, 0).is_some_and(|c| c.contents() == "│")
        })
        .map(|r| (r, row(s, r)))
}

/// The top borders of the body, where the blocks' titles are (rows 1 and 2).
pub fn block_titles(s: &Screen) -> String {
    format!("{}\n{}", row(s, 1), row(s, 2))
}

/// The status bar (the second last row).
pub fn status_bar(s: &Screen) -> String {
    row(s, height(s).saturating_sub(2))
}

/// The marked count in the status bar (0 when none).
pub fn marked(s: &Screen) -> u64 {
    let bar = status_bar(s);
    bar.split('│')
        .filter_map(|part| part.trim().strip_suffix(" marked"))
        .filter_map(|n| n.trim().parse().ok())
        .next()
        .unwrap_or(0)
}

/// The footer (the last row), without leading spaces.
pub fn footer(s: &Screen) -> String {
    row(s, height(s).saturating_sub(1)).trim_start().to_string()
}
