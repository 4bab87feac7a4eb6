//! `core::json` against serde_json, which it replaced: the same values, the same syntax errors
//! at the same places.

use debate_drill::core::json;

fn serde_position(text: &str) -> Option<(String, usize, usize)> {
    let error = serde_json::from_str::<serde_json::Value>(text).err()?;
    let full = error.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.clone(), |(head, _)| head.to_string());
    Some((message, error.line(), error.column()))
}

#[test]
fn syntax_errors_match_serde_json() {
    let corpus = [
        "",
        " ",
        "{",
        "[",
        "{\"a\"",
        "{\"a\":",
        "{\"a\": 1",
        "{\"a\": 1,",
        "[1,",
        "[1",
        "\"abc",
        "\"a\\",
        "\"\\u12",
        "{\"a\": 1,}",
        "[1,]",
        "{\"a\" 1}",
        "[1 2]",
        "{\n  \"a\": \"cut",
        "[01]",
        "{1: 2}",
        "[1] x",
        "\"a\u{1}\"",
        "\"\\q\"",
        "nul",
        "[tru]",
        "-",
        "1.",
        "1e",
        "1e+",
        ".5",
        "[-]",
        "{\"a\":1 \"b\":2}",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "[\n1,\n2,\n]",
        "tx",
        "[1,\n  {\"a\": [true, fals]}]",
    ];
    let mut mismatches = Vec::new();
    for text in corpus {
        let ours = json::parse(text)
            .err()
            .map(|error| (error.message.to_string(), error.line, error.column));
        let theirs = serde_position(text);
        if ours != theirs {
            mismatches.push(format!("{text:?}: ours {ours:?}, serde_json {theirs:?}"));
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n"));
    // Where serde_json counts bytes, columns here count characters.
    let error = json::parse("{\n\"é\": x}")
        .err()
        .map(|error| (error.line, error.column));
    assert_eq!(error, Some((2, 6)));
}

#[test]
fn values_match_serde_json() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/border-deck.json"))
        .unwrap_or_else(|error| panic!("{error}"));
    let ours = json::parse(&text).unwrap_or_else(|error| panic!("{error}"));
    let theirs: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("{error}"));
    // Compact output, re-read by serde_json, gives the same value.
    let round_trip: serde_json::Value =
        serde_json::from_str(&ours.to_string()).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(round_trip, theirs);
    for number in [
        "0",
        "-0",
        "12",
        "-12",
        "0.5",
        "2.3065",
        "1e3",
        "1.5E-7",
        "123456789012345678",
        "1767225600000",
    ] {
        let ours = json::parse(number).ok().and_then(|value| value.as_f64());
        let theirs = serde_json::from_str::<serde_json::Value>(number)
            .ok()
            .and_then(|value| value.as_f64());
        assert_eq!(ours, theirs, "{number}");
    }
}
