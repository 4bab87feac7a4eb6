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
        let value = value.trim();
        if value.chars().count() > MAX_VALUE_CHARS {
            notices.push(format!(
                "The “{name}” setting is too long ({} characters) and was ignored.",
                value.chars().count()
            ));
            continue;
        }
        match name {
            "seed" => match value.parse::<u64>() {
                Ok(seed) => options.seed = Some(seed),
                Err(_) => notices.push(format!(
                    "The seed “{}” is not a whole number from 0 to {}; it was ignored and drills are random.",
                    shown(value),
                    u64::MAX
                )),
            },
            "essay" if !value.is_empty() => options.essay = Some(value.to_string()),
            "deck" if !value.is_empty() => options.deck_url = Some(value.to_string()),
            "prep" => match seconds(value) {
                Ok(secs) => options.clock.prep_secs = secs,
                Err(reason) => notices.push(format!(
                    "Prep time “{}” {reason}; the default of {} s is used.",
                    shown(value),
                    ClockSettings::default().prep_secs
                )),
            },
            "speak" => match seconds(value) {
                Ok(secs) => options.clock.speak_secs = secs,
                Err(reason) => notices.push(format!(
                    "Speaking time “{}” {reason}; the default of {} s is used.",
                    shown(value),
                    ClockSettings::default().speak_secs
                )),
            },
            "storage-key" if !value.is_empty() => match storage_key(value) {
                Some(key) => options.storage_key = key,
                None => notices.push(format!(
                    "The storage key “{}” may only use letters, digits, '-', '_' and '.' (up to 64); the default key is used.",
                    shown(value)
                )),
            },
            "embed" => options.embed = matches!(value, "1" | "true" | "yes" | ""),
            _ => {}
        }
    }
    (options, notices)
}

fn seconds(value: &str) -> Result<u32, String> {
    match value.parse::<u32>() {
        Ok(secs) if secs <= ClockSettings::MAX_SECS => Ok(secs),
        Ok(_) => Err(format!(
            "is more than the maximum of {} seconds",
            ClockSettings::MAX_SECS
        )),
        Err(_) => Err("is not a whole number of seconds (0 means untimed)".to_string()),
    }
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

    #[test]
    fn unknown_and_empty_parameters_are_ignored() {
        let (options, notices) = parse_launch_options([("utm_source", "x"), ("essay", ""), ("deck", " ")]);
        assert_eq!((options, notices), (LaunchOptions::default(), Vec::new()));
    }
}
