//! Text from outside (site answers, files): what may be kept and shown. Control characters are
//! removed before text is kept or drawn, escaped where the raw form must be seen, and every
//! identifier a site sends must pass [`check_id`] before it can become part of a key.

use std::borrow::Cow;

/// The longest identifier (order number, line key, cart number) accepted from a site.
pub const MAX_ID_CHARS: usize = 64;

/// The longest product or option code accepted from a site.
pub const MAX_CODE_CHARS: usize = 200;

/// True for characters that must never reach a terminal: C0 and C1 controls and DEL (ESC starts
/// every escape sequence), and the format characters that reorder or hide text (bidi overrides
/// and isolates, line and paragraph separators).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// True for a printable ASCII byte (space to `~`): one terminal column, never unsafe — the case
/// the dashboard's drawing checks first before any Unicode look-up.
pub fn is_printable_ascii(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
}

/// True for characters no identifier may hold: the unsafe ones, and the invisible ones that make
/// two keys look alike (zero-width marks, the byte-order mark).
fn is_invisible(c: char) -> bool {
    is_unsafe(c) || matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{00AD}')
}

/// The text with every unsafe character removed; tabs and line breaks become one space each, so
/// the text stays on one line. Borrowed when there was nothing to remove.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => Some(' '),
                c if is_unsafe(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Cleans a string in place (see [`clean`]).
pub fn clean_in_place(s: &mut String) {
    if let Cow::Owned(c) = clean(s) {
        *s = c;
    }
}

/// The text with every unsafe or invisible character written as an escape (`\t`, `\n`, `\r`,
/// `\u{1b}`), so that the raw form can be shown or logged without acting on a terminal.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The checks identifiers and codes share: no control or invisible character, at most `max`
/// characters. The error names the field and quotes the raw value escaped.
fn check_chars(what: &str, value: &str, max: usize) -> Result<(), String> {
    if let Some(c) = value.chars().find(|c| is_invisible(*c)) {
        return Err(format!(
            "{what} `{}` holds the control character U+{:04X}",
            escape(value),
            c as u32
        ));
    }
    let n = value.chars().count();
    if n > max {
        let head: String = value.chars().take(40).collect();
        return Err(format!(
            "{what} `{}…` is {n} characters long (at most {max})",
            escape(&head)
        ));
    }
    Ok(())
}

/// Checks an identifier from a site (`what` names the field): not empty, at most `max`
/// characters, no whitespace, no control or invisible characters. The error says what is wrong
/// and quotes the raw value escaped.
pub fn check_id(what: &str, value: &str, max: usize) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("{what} is empty"));
    }
    check_chars(what, value, max)?;
    if value.chars().any(char::is_whitespace) {
        return Err(format!("{what} `{}` holds whitespace", escape(value)));
    }
    Ok(())
}

/// Checks a seller's code from a site: at most [`MAX_CODE_CHARS`] characters and no control or
/// invisible characters (codes may be empty, and may hold inner spaces).
pub fn check_code(what: &str, value: &str) -> Result<(), String> {
    check_chars(what, value, MAX_CODE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_escape_sequences_and_keeps_text_on_one_line() {
        assert_eq!(clean("ヤマト運輸"), "ヤマト運輸");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        // An OSC title change and a CSI colour: the ESC and BEL go, the harmless rest stays.
        assert_eq!(clean("a\u{1b}]0;pwned\u{7}b"), "a]0;pwnedb");
        assert_eq!(clean("\u{1b}[31mred\u{9b}1m"), "[31mred1m");
        assert_eq!(clean("x\ty\r\nz\u{7f}"), "x y  z");
        assert_eq!(clean("abc\u{202E}fed"), "abcfed");
        assert!(!clean("\u{0}\u{1}\u{1f}\u{80}\u{9f}").chars().any(is_unsafe));
    }

    #[test]
    fn escape_shows_what_was_there() {
        assert_eq!(escape("12\t34"), "12\\t34");
        assert_eq!(escape("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(escape("a\u{200B}b"), "a\\u{200b}b");
        assert!(!escape("\u{0}\u{85}\n").chars().any(is_unsafe));
    }

    #[test]
    fn identifiers_are_checked() {
        assert!(check_id("order number", "1234567", MAX_ID_CHARS).is_ok());
        assert!(check_id("order number", "2024-0001/A", MAX_ID_CHARS).is_ok());
        let e = check_id("order number", "12\t34", MAX_ID_CHARS).unwrap_err();
        assert!(e.contains("`12\\t34`") && e.contains("U+0009"), "{e}");
        assert!(check_id("order number", "", MAX_ID_CHARS)
            .unwrap_err()
            .contains("empty"));
        assert!(check_id("line key", "1 2", MAX_ID_CHARS)
            .unwrap_err()
            .contains("whitespace"));
        assert!(check_id("line key", "a\u{200B}", MAX_ID_CHARS).is_err());
        let long = "9".repeat(MAX_ID_CHARS + 1);
        assert!(check_id("order number", &long, MAX_ID_CHARS)
            .unwrap_err()
            .contains("65 characters"));
        assert!(check_code("product code", "ABC 12").is_ok());
        assert!(check_code("product code", "").is_ok());
        assert!(check_code("product code", "A\u{1b}").is_err());
        assert!(check_code("product code", &"x".repeat(MAX_CODE_CHARS + 1)).is_err());
    }
}
