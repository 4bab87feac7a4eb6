//! The stored and exported forms of the history: exact round trips, every migration step,
//! corrupted and future data kept aside, and the size that lets 20,000 attempts fit.

use std::collections::{HashMap, HashSet};

mod support;

use debate_drill::core::attempt::{Attempt, History, Rating};
use debate_drill::core::records::{CURRENT_VERSION, EXPORT_VERSION, decode, encode, export};
use support::{MIXED_VERDICTS, T0};

/// 2026-01-01T00:00:00Z plus `offset_ms`, with a text that needs escaping.
fn attempt(id: &str, offset_ms: f64) -> Attempt {
    Attempt {
        text: "They say “guns”…\nBut \"quoted\" \\ text.".into(),
        utc_offset_minutes: Some(-300),
        words: 4,
        verdicts: MIXED_VERDICTS.to_vec(),
        ..support::attempt(id, "001-c5", T0 + offset_ms)
    }
}

fn sample() -> History {
    let mut rated = attempt("b", 2000.0);
    rated.rating = Some(Rating::Hard);
    // Rated a year later, with millisecond precision.
    rated.updated_at_ms += 365.0 * 86_400_000.0 + 123.0;
    rated.over_time = true;
    rated.utc_offset_minutes = None;
    rated.deck_id = "school-uniforms".into();
    History::new(vec![attempt("a", 1000.0), rated])
}

#[test]
fn storage_round_trips_exactly_with_texts_inline() {
    let history = sample();
    let decoded = decode(&encode(&history, &HashSet::new()));
    assert!(decoded.unreadable.is_empty() && decoded.texts_elsewhere.is_empty());
    assert_eq!(decoded.history, history);
}

#[test]
fn texts_stored_elsewhere_are_left_out_and_filled_back() {
    let history = sample();
    let elsewhere: HashSet<String> = ["a".to_string()].into();
    let stored = encode(&history, &elsewhere);
    assert!(
        !stored.contains("They say".split(' ').next().unwrap_or_default()) || stored.matches("They say").count() == 1
    );
    let mut decoded = decode(&stored);
    assert_eq!(decoded.texts_elsewhere, ["a"]);
    assert_eq!(decoded.history.get("a").map(|a| a.text.as_str()), Some(""));
    let texts: HashMap<String, String> = [(
        "a".to_string(),
        history.get("a").map(|a| a.text.clone()).unwrap_or_default(),
    )]
    .into();
    assert!(decoded.history.fill_texts(&texts));
    assert_eq!(decoded.history, history);
}

#[test]
fn merging_a_copy_without_its_text_keeps_the_text() {
    let mut history = sample();
    let mut newer = attempt("a", 1000.0);
    newer.text.clear();
    newer.rating = Some(Rating::Easy);
    newer.updated_at_ms += 10_000.0;
    assert!(history.merge([newer]));
    let merged = history.get("a").expect("a");
    assert_eq!(
        (merged.rating, merged.text.starts_with("They say")),
        (Some(Rating::Easy), true)
    );
}

#[test]
fn export_round_trips_exactly_and_is_readable() {
    let history = sample();
    let file = export(&history, "2026-01-02T10:00:00.000Z", "course-101");
    assert!(file.contains("\"format\": \"debate-drill/history\""), "{file}");
    assert!(file.contains(&format!("\"version\": {EXPORT_VERSION}")));
    assert!(file.contains("\"text\": \"They say"));
    let decoded = decode(&file);
    assert!(decoded.unreadable.is_empty());
    assert_eq!(decoded.history, history);
}

#[test]
fn every_version_migrates_to_the_current_one() {
    let v1 = r#"{"v":1,"attempts":[{"id":"a","deck":"d","essay":"000","claim":"001-c1","text":"x y","start":1767225600000,"sub":1767225660000,"upd":1767225660000,"prep":30,"speak":90,"secs":60,"words":2,"fb":"smpms","rating":3}]}"#;
    let v2 = r#"{"v":2,"attempts":[{"id":"a","deck":"d","essay":"000","claim":"001-c1","text":"x y","start":1767225600000,"sub":1767225660000,"upd":1767225660000,"tz":60,"prep":30,"speak":90,"secs":60,"words":2,"fb":"smpms","rating":3,"over":true}]}"#;
    for (version, text, tz, over) in [(1, v1, None, false), (2, v2, Some(60), true)] {
        let decoded = decode(text);
        assert!(decoded.unreadable.is_empty(), "v{version}: {:?}", decoded.unreadable);
        let attempt = &decoded.history.attempts()[0];
        assert_eq!(
            (
                attempt.text.as_str(),
                attempt.utc_offset_minutes,
                attempt.rating,
                attempt.over_time
            ),
            ("x y", tz, Some(Rating::Good), over),
            "v{version}"
        );
        let current = encode(&decoded.history, &HashSet::new());
        assert!(current.contains(&format!("\"v\":{CURRENT_VERSION}")), "{current}");
        assert_eq!(decode(&current).history, decoded.history, "v{version} re-read");
    }
    assert_eq!(CURRENT_VERSION, 3);
}

#[test]
fn bad_stored_data_is_kept_aside_not_lost() {
    let good = encode(&History::new(vec![attempt("a", 1000.0)]), &HashSet::new());
    // A second row that is not an attempt, after the first (the rows' list ends with `"]]`).
    let half_bad = good.replacen("\"]]", "\"],[\"broken\"]]", 1);
    assert_ne!(half_bad, good);
    let cases: &[(&str, usize, &str)] = &[
        ("", 0, ""),
        ("{not json", 0, "not valid JSON"),
        ("[1,2]", 0, "not a JSON object"),
        (r#"{"v":99,"a":[]}"#, 0, "newer version of Debate Drill (format 99"),
        (
            r#"{"format":"debate-drill/history","version":7,"attempts":[]}"#,
            0,
            "exported by a newer version",
        ),
        (r#"{"attempts":[]}"#, 0, "no known format version"),
        (r#"{"v":3,"decks":[]}"#, 0, "no list of attempts"),
        (&half_bad, 1, "not a row of 16 fields"),
        (
            r#"{"v":3,"s":["d","000","001-c1"],"a":[["x",0,1,2,1767225600000,0,0,null,30,90,60,1,"sssss",7,0,"t"]]}"#,
            0,
            "rating 7 is not 1–4",
        ),
        (
            r#"{"v":3,"s":["d"],"a":[["x",0,1,2,1767225600000,0,0,null,30,90,60,1,"sssss",3,0,"t"]]}"#,
            0,
            "unknown essay",
        ),
    ];
    for (text, readable, reason) in cases {
        let decoded = decode(text);
        assert_eq!(decoded.history.len(), *readable, "{text}");
        if reason.is_empty() {
            assert!(decoded.unreadable.is_empty());
        } else {
            assert_eq!(decoded.unreadable.len(), 1, "{text}");
            assert!(
                decoded.unreadable[0].reason.contains(reason),
                "{}",
                decoded.unreadable[0].reason
            );
            assert!(
                text.contains(&decoded.unreadable[0].raw),
                "the unreadable part is kept verbatim"
            );
        }
    }
}

#[test]
fn twenty_thousand_attempts_fit_in_local_storage() {
    // localStorage holds about 5 MiB per site, counted here as UTF-16 (2 bytes a character),
    // the strictest way browsers count it; 1 MiB stays free for everything else.
    const BUDGET_BYTES: usize = 4 * 1024 * 1024;
    let text = "word ".repeat(120);
    let attempts: Vec<Attempt> = (0..20_000)
        .map(|i| {
            // Ids as the app makes them: milliseconds and 32 random bits, in hex.
            let mut attempt = attempt(
                &format!("{:x}-{:08x}", 1_767_225_600_000u64 + i, (i * 7919) as u32),
                i as f64 * 60_000.0,
            );
            attempt.text = text.clone();
            attempt.rating = Some(Rating::Good);
            attempt
        })
        .collect();
    let history = History::new(attempts);
    let in_database: HashSet<String> = history.attempts().iter().map(|a| a.id.clone()).collect();
    let stored = encode(&history, &in_database);
    let bytes = stored.encode_utf16().count() * 2;
    assert!(
        bytes < BUDGET_BYTES,
        "20,000 attempts take {bytes} bytes of localStorage; budget {BUDGET_BYTES}"
    );
    assert_eq!(decode(&stored).history.len(), 20_000);
}
