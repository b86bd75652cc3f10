//! The floor's languages: English, Korean and Japanese messages for the dashboard and the CLI's
//! human output, in Fluent files (`src/i18n/locales/*.ftl`) embedded at compile time.
//!
//! The language is chosen once per process ([`set`]) from `--lang`, `[ui] language`, `LC_ALL`,
//! `LC_MESSAGES` or `LANG` ([`Lang::from_env`]); a test can draw in another language on its own
//! thread with [`with_lang`]. Machine output (`--json`, exit statuses, log lines) never goes
//! through here.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language shipdeck speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Korean.
    Ko,
    /// Japanese.
    Ja,
}

/// Every language, English first.
pub const LANGS: [Lang; 3] = [Lang::En, Lang::Ko, Lang::Ja];

impl Lang {
    /// The ISO 639-1 code.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
            Lang::Ja => "ja",
        }
    }

    /// The language of a POSIX locale name (`ko_KR.UTF-8`, `ja_JP`, `ko`, `C`); `None` when the
    /// name is empty (the next variable decides).
    pub fn from_locale(name: &str) -> Option<Lang> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let lang = name
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Some(match lang.as_str() {
            "ko" => Lang::Ko,
            "ja" => Lang::Ja,
            _ => Lang::En,
        })
    }

    /// The language the environment asks for: the first non-empty of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` (POSIX order), English when none is set. `var` reads one variable.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|v| var(v).and_then(|s| Lang::from_locale(&s)))
            .unwrap_or_default()
    }

    /// The language to speak: `--lang`, then `[ui] language`, then the environment.
    pub fn choose(flag: Option<Lang>, config: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        flag.or(config).unwrap_or_else(|| Lang::from_env(env))
    }

    fn index(self) -> usize {
        self as usize
    }
}

const SOURCES: [&str; 3] = [
    include_str!("locales/en.ftl"),
    include_str!("locales/ko.ftl"),
    include_str!("locales/ja.ftl"),
];

/// The Fluent source of one language (for the completeness test and tools).
pub fn source(lang: Lang) -> &'static str {
    SOURCES[lang.index()]
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static OVERRIDE: Cell<Option<Lang>> = const { Cell::new(None) };
    /// Messages without arguments and labels, once formatted, per language: the dashboard draws
    /// the same headers and hints every frame. Keys come from the code (a fixed set), so it is
    /// bounded.
    static CACHE: RefCell<[HashMap<String, String>; 3]> = RefCell::new(Default::default());
}

/// The cached text of `key` in `lang`, made by `make` the first time.
fn cached(lang: Lang, key: &str, make: impl FnOnce() -> String) -> String {
    if let Some(hit) = CACHE.with(|c| c.borrow()[lang.index()].get(key).cloned()) {
        return hit;
    }
    let text = make();
    CACHE.with(|c| c.borrow_mut()[lang.index()].insert(key.to_string(), text.clone()));
    text
}

/// Sets the process's language.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The language in force on this thread.
pub fn current() -> Lang {
    OVERRIDE
        .with(|o| o.get())
        .unwrap_or_else(|| match CURRENT.load(Ordering::Relaxed) {
            1 => Lang::Ko,
            2 => Lang::Ja,
            _ => Lang::En,
        })
}

/// Runs `f` with `lang` in force on this thread only (tests draw in several languages at once).
pub fn with_lang<R>(lang: Lang, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<Lang>);
    impl Drop for Reset {
        fn drop(&mut self) {
            OVERRIDE.with(|o| o.set(self.0));
        }
    }
    let _reset = Reset(OVERRIDE.with(|o| o.replace(Some(lang))));
    f()
}

type Bundle = FluentBundle<FluentResource>;

fn bundles() -> &'static [Bundle; 3] {
    static BUNDLES: OnceLock<[Bundle; 3]> = OnceLock::new();
    BUNDLES.get_or_init(|| LANGS.map(build))
}

fn build(lang: Lang) -> Bundle {
    // A broken file keeps what parsed (the completeness test fails on any error).
    let res = FluentResource::try_new(source(lang).to_string()).unwrap_or_else(|(res, _)| res);
    let id = unic_langid::LanguageIdentifier::from_bytes(lang.code().as_bytes()).unwrap_or_default();
    let mut b = Bundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: a terminal would show them.
    b.set_use_isolating(false);
    let _ = b.add_resource(res);
    b
}

/// An argument of a message: text, or a number (numbers choose plural forms).
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// Text, shown as it is.
    Text(Cow<'a, str>),
    /// A number.
    Num(f64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}
impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        Arg::Text(s)
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Num(n as f64)
            }
        }
    )*};
}
num_arg!(u8, u16, u32, u64, usize, i32, i64);

/// The message `key` in the language in force, with `args` put in; the English one when the
/// language lacks it, the key itself when no language has it.
pub fn text(key: &str, args: &[(&str, Arg)]) -> String {
    let lang = current();
    if args.is_empty() {
        cached(lang, key, || text_in(lang, key, args))
    } else {
        text_in(lang, key, args)
    }
}

/// The message `key` in `lang`.
pub fn text_in(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let all = bundles();
    let found = [lang, Lang::En]
        .into_iter()
        .find_map(|l| Some((&all[l.index()], all[l.index()].get_message(key)?.value()?)));
    let Some((bundle, pattern)) = found else {
        return key.to_string();
    };
    let mut fargs = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let v = match value {
            Arg::Text(s) => FluentValue::from(s.as_ref()),
            Arg::Num(n) => FluentValue::from(*n),
        };
        fargs.set(*name, v);
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fargs), &mut errors)
        .into_owned()
}

/// The label of a value named `name` in the group `group` (`status-held`, `health-auth-failed`):
/// spaces and underscores become hyphens; the name itself when no message has it.
pub fn label(group: &str, name: &str) -> String {
    let key = format!("{group}-{}", name.replace([' ', '_'], "-"));
    let lang = current();
    cached(lang, &key, || {
        let all = bundles();
        if [lang, Lang::En].iter().any(|l| all[l.index()].has_message(&key)) {
            text_in(lang, &key, &[])
        } else {
            name.to_string()
        }
    })
}

/// Like [`label`], with `fallback` (the English text kept beside the code) when no message has it.
pub fn label_or(group: &str, name: &str, fallback: &str) -> String {
    let key = format!("{group}-{}", name.replace([' ', '_'], "-"));
    let all = bundles();
    if all[Lang::En.index()].has_message(&key) {
        text(&key, &[])
    } else {
        fallback.to_string()
    }
}

/// A message of the language in force: `tr!("key")` or `tr!("key", n = 3, shop = name)`.
#[macro_export]
macro_rules! tr {
    ($key:expr) => {
        $crate::i18n::text($key, &[])
    };
    ($key:expr, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::text($key, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// A message twice: in English for the log (log lines are the same in every language) and in the
/// language in force for the screen. Plain text is the same in both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twin {
    /// The English text, for the log.
    pub en: String,
    /// The text in the language in force, for the screen.
    pub shown: String,
}

impl From<String> for Twin {
    fn from(s: String) -> Self {
        Twin {
            en: s.clone(),
            shown: s,
        }
    }
}

impl From<&str> for Twin {
    fn from(s: &str) -> Self {
        Twin::from(s.to_string())
    }
}

/// A message in English and in the language in force ([`Twin`]):
/// `tr_twin!("key", n = 3)`. The arguments are evaluated twice: pass copies or references.
#[macro_export]
macro_rules! tr_twin {
    ($key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Twin {
            en: $crate::i18n::with_lang($crate::i18n::Lang::En, || $crate::tr!($key $(, $name = $value)*)),
            shown: $crate::tr!($key $(, $name = $value)*),
        }
    };
}

/// Pads `s` with spaces to `width` terminal columns (wide Korean and Japanese characters take
/// two), cutting it at a character boundary when it is wider.
pub fn pad(s: &str, width: usize) -> String {
    let cut = fit(s, width);
    let w = crate::i18n::width(&cut);
    format!("{cut}{}", " ".repeat(width.saturating_sub(w)))
}

/// `s` followed by spaces up to `width` terminal columns, like `{:<width}` but counting columns;
/// a wider `s` is left whole.
pub fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(crate::i18n::width(s))))
}

/// Spaces up to `width` terminal columns, then `s`, like `{:>width}` but counting columns.
pub fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(crate::i18n::width(s))))
}

/// The terminal columns `s` takes.
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The longest start of `s` that takes at most `width` columns; never splits a character.
pub fn fit(s: &str, width: usize) -> Cow<'_, str> {
    if crate::i18n::width(s) <= width {
        return Cow::Borrowed(s);
    }
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    Cow::Borrowed(&s[..end])
}

#[cfg(test)]
mod tests;
