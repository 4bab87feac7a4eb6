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

/// Whether a JSON value read by serde_json equals one read here (numbers compared as f64).
fn same(theirs: &serde_json::Value, ours: &json::Value) -> bool {
    match (theirs, ours) {
        (serde_json::Value::Null, json::Value::Null) => true,
        (serde_json::Value::Bool(a), json::Value::Bool(b)) => a == b,
        // Within a few units in the last place: exact reading is promised only for the numbers
        // the app writes (whole ones), and checked on its own in `values_match_serde_json`.
        (serde_json::Value::Number(a), json::Value::Number(_)) => match (a.as_f64(), ours.as_f64()) {
            (Some(a), Some(b)) => a == b || ((a - b) / a).abs() < 1e-15,
            _ => false,
        },
        (serde_json::Value::String(a), json::Value::String(b)) => a == b,
        (serde_json::Value::Array(a), json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (serde_json::Value::Object(a), json::Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| same(a, b)))
        }
        _ => false,
    }
}

#[test]
fn damaged_json_gets_the_same_verdict_as_serde_json_and_never_panics() {
    use rand::rngs::StdRng;
    use rand::{RngExt, SeedableRng};
    let seeds = [
        r#"{"v":3,"s":["deck","000","001-c5"],"a":[["a",0,1,2,1767225601000,60000,0,-300,30,90,60,4,"spmsp",3,0,"They \"say\"\n… é 😀"]]}"#,
        r#"[{"id":"x","n":-12.5e-3,"t":true,"f":false,"z":null,"u":"\u00e9\ud83d\ude00\\/"},[],{}]"#,
    ];
    let alphabet = b"{}[]\",:\\-+.eE0123456789 \ntrufalsn\x01u";
    let mut rng = StdRng::seed_from_u64(42);
    let mut accepted = 0;
    for round in 0..20_000 {
        let mut bytes = seeds[round % seeds.len()].as_bytes().to_vec();
        for _ in 0..rng.random_range(1..4) {
            let at = rng.random_range(0..bytes.len());
            let byte = alphabet[rng.random_range(0..alphabet.len())];
            match rng.random_range(0..3) {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        let ours = json::parse(&text);
        match (&theirs, &ours) {
            (Ok(theirs), Ok(ours)) => {
                assert!(same(theirs, ours), "{text:?} read differently");
                accepted += 1;
            }
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{text:?}: serde_json {:?}, here {:?}",
                theirs.as_ref().err(),
                ours.as_ref().err()
            ),
        }
    }
    assert!(accepted > 1_000, "only {accepted} damaged texts were still JSON");
}
