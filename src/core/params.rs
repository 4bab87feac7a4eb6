//! Launch options from URL query parameters or `<debate-drill>` attributes (the contract's names).
//! Bad values never stop the widget: they become notices and defaults.

use super::clock::ClockSettings;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchOptions {
    pub seed: Option<u64>,
    /// Checked against the deck later, when the deck is known.
    pub essay: Option<String>,
    pub deck_url: Option<String>,
    pub clock: ClockSettings,
    pub storage_key: String,
    pub embed: bool,
}

impl Default for LaunchOptions {
    fn default() -> Self {
        LaunchOptions {
            seed: None,
            essay: None,
            deck_url: None,
            clock: ClockSettings::default(),
            storage_key: DEFAULT_STORAGE_KEY.to_string(),
            embed: false,
        }
    }
}

pub const DEFAULT_STORAGE_KEY: &str = "default";
const MAX_VALUE_CHARS: usize = 2048;

/// Parses `(name, value)` pairs; returns the options and a notice for each value it could not use.
pub fn parse_launch_options<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (LaunchOptions, Vec<String>) {
    let mut options = LaunchOptions::default();
    let mut notices = Vec::new();
    for (name, value) in pairs {
        if let Err(notice) = apply_option(&mut options, name, value) {
            notices.push(notice);
        }
    }
    (options, notices)
}

/// Reads one parameter into `options`, or says why it could not. Not generic and out of line, so
/// that the two callers at start-up (the page's query, the widget's launch) share one copy of
/// it: V8 compiles each WebAssembly function at its first call (docs/performance.md).
#[inline(never)]
fn apply_option(options: &mut LaunchOptions, name: &str, value: &str) -> Result<(), String> {
    let value = value.trim();
    if value.chars().count() > MAX_VALUE_CHARS {
        return Err(too_long(name, value));
    }
    match name {
        "seed" => options.seed = Some(value.parse::<u64>().map_err(|_| bad_seed(value))?),
        "essay" if !value.is_empty() => options.essay = Some(value.to_string()),
        "deck" if !value.is_empty() => options.deck_url = Some(value.to_string()),
        "prep" => {
            options.clock.prep_secs = seconds(value)
                .map_err(|reason| bad_time("Prep time", value, &reason, ClockSettings::default().prep_secs))?
        }
        "speak" => {
            options.clock.speak_secs = seconds(value)
                .map_err(|reason| bad_time("Speaking time", value, &reason, ClockSettings::default().speak_secs))?
        }
        "storage-key" if !value.is_empty() => {
            options.storage_key = storage_key(value).ok_or_else(|| bad_storage_key(value))?
        }
        "embed" => options.embed = matches!(value, "1" | "true" | "yes" | ""),
        _ => {}
    }
    Ok(())
}

// The notices, out of line: a start with good parameters (most starts) does not compile them.

#[cold]
#[inline(never)]
fn too_long(name: &str, value: &str) -> String {
    format!(
        "The “{name}” setting is too long ({} characters) and was ignored.",
        value.chars().count()
    )
}

#[cold]
#[inline(never)]
fn bad_seed(value: &str) -> String {
    format!(
        "The seed “{}” is not a whole number from 0 to {}; it was ignored and drills are random.",
        shown(value),
        u64::MAX
    )
}

#[cold]
#[inline(never)]
fn bad_time(what: &str, value: &str, reason: &str, default_secs: u32) -> String {
    format!(
        "{what} “{}” {reason}; the default of {default_secs} s is used.",
        shown(value)
    )
}

#[cold]
#[inline(never)]
fn bad_storage_key(value: &str) -> String {
    format!(
        "The storage key “{}” may only use letters, digits, '-', '_' and '.' (up to 64); the default key is used.",
        shown(value)
    )
}

/// The `(name, value)` pairs of a URL's query (`location.search`, with or without its `?`),
/// decoded as the URL Standard's `application/x-www-form-urlencoded` parser does, which is what
/// `URLSearchParams` gives: `&`-separated, `+` a space, `%XX` a byte, bytes read as UTF-8 with
/// U+FFFD for what is not. Parsed here rather than through `URLSearchParams`, whose iterator
/// costs a start a dozen JavaScript calls and their code.
pub fn query_pairs(search: &str) -> Vec<(String, String)> {
    let query = search.strip_prefix('?').unwrap_or(search);
    query
        .split('&')
        .filter(|sequence| !sequence.is_empty())
        .map(|sequence| {
            let (name, value) = sequence.split_once('=').unwrap_or((sequence, ""));
            (form_decoded(name), form_decoded(value))
        })
        .collect()
}

/// One name or value of a query: `+` a space, `%XX` the byte XX (a `%` not followed by two hex
/// digits stays as it is), then UTF-8, lossily.
fn form_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let byte = match bytes[at] {
            b'+' => b' ',
            b'%' => match (
                bytes.get(at + 1).and_then(hex_digit),
                bytes.get(at + 2).and_then(hex_digit),
            ) {
                (Some(high), Some(low)) => {
                    at += 2;
                    high << 4 | low
                }
                _ => b'%',
            },
            other => other,
        };
        decoded.push(byte);
        at += 1;
    }
    String::from_utf8(decoded).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

fn hex_digit(byte: &u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

fn seconds(value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(secs) if secs <= ClockSettings::MAX_SECS => Ok(secs),
        Ok(_) => Err(too_many_seconds()),
        Err(_) => Err("is not a whole number of seconds (0 means untimed)".to_string()),
    }
}

#[cold]
#[inline(never)]
fn too_many_seconds() -> String {
    format!("is more than the maximum of {} seconds", ClockSettings::MAX_SECS)
}

fn storage_key(value: &str) -> Option<String> {
    let valid = value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    valid.then(|| value.to_string())
}

/// A user-supplied value, cut short for display in a notice.
fn shown(value: &str) -> String {
    super::text::shorten(value, 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_contract_parameter() {
        let (options, notices) = parse_launch_options([
            ("seed", "42"),
            ("essay", "001"),
            ("deck", "decks/x.json"),
            ("prep", "0"),
            ("speak", "120"),
            ("storage-key", "course-101"),
            ("embed", "1"),
        ]);
        assert_eq!(notices, Vec::<String>::new());
        assert_eq!(
            options,
            LaunchOptions {
                seed: Some(42),
                essay: Some("001".into()),
                deck_url: Some("decks/x.json".into()),
                clock: ClockSettings {
                    prep_secs: 0,
                    speak_secs: 120
                },
                storage_key: "course-101".into(),
                embed: true,
            }
        );
    }

    #[test]
    fn bad_values_become_notices_and_defaults() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "seed",
                "abc",
                "The seed “abc” is not a whole number from 0 to 18446744073709551615; it was ignored and drills are random.",
            ),
            (
                "seed",
                "-1",
                "The seed “-1” is not a whole number from 0 to 18446744073709551615; it was ignored and drills are random.",
            ),
            (
                "prep",
                "-3",
                "Prep time “-3” is not a whole number of seconds (0 means untimed); the default of 30 s is used.",
            ),
            (
                "speak",
                "lots",
                "Speaking time “lots” is not a whole number of seconds (0 means untimed); the default of 90 s is used.",
            ),
            (
                "speak",
                "99999",
                "Speaking time “99999” is more than the maximum of 3600 seconds; the default of 90 s is used.",
            ),
            (
                "storage-key",
                "a b",
                "The storage key “a b” may only use letters, digits, '-', '_' and '.' (up to 64); the default key is used.",
            ),
        ];
        for (name, value, expected) in cases {
            let (options, notices) = parse_launch_options([(*name, *value)]);
            assert_eq!(notices, [expected.to_string()], "{name}={value}");
            assert_eq!(options.seed, None);
            assert_eq!(options.clock, ClockSettings::default());
            assert_eq!(options.storage_key, DEFAULT_STORAGE_KEY);
        }
    }

    /// Each case as `new URLSearchParams(search)` gives it in Chromium.
    #[test]
    fn query_pairs_decode_as_url_search_params_does() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("", &[]),
            ("?", &[]),
            ("?seed=42&essay=001", &[("seed", "42"), ("essay", "001")]),
            ("seed=42", &[("seed", "42")]),
            ("?&&embed&=x&a==b", &[("embed", ""), ("", "x"), ("a", "=b")]),
            ("?deck=decks%2Fmy%20deck.json", &[("deck", "decks/my deck.json")]),
            ("?storage-key=a+b", &[("storage-key", "a b")]),
            ("?essay=%E2%80%9Cx%E2%80%9D", &[("essay", "\u{201c}x\u{201d}")]),
            (
                "?essay=%ZZ&prep=50%&speak=%4",
                &[("essay", "%ZZ"), ("prep", "50%"), ("speak", "%4")],
            ),
            ("?essay=%FF%41", &[("essay", "\u{fffd}A")]),
            ("?%73eed=1", &[("seed", "1")]),
            ("?essay=caf\u{e9}", &[("essay", "caf\u{e9}")]),
        ];
        for (search, expected) in cases {
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect();
            assert_eq!(query_pairs(search), expected, "{search}");
        }
    }

    #[test]
    fn unknown_and_empty_parameters_are_ignored() {
        let (options, notices) = parse_launch_options([("utm_source", "x"), ("essay", ""), ("deck", " ")]);
        assert_eq!((options, notices), (LaunchOptions::default(), Vec::new()));
    }
}
