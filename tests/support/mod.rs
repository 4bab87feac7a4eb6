//! Fixtures shared by the native tests (and the start-up benchmark): one plain attempt that each
//! test adjusts with struct update syntax, so a new `Attempt` field changes one place.
#![allow(dead_code)]

use debate_drill::core::attempt::Attempt;
use debate_drill::core::feedback::Verdict;

/// 2026-01-01T00:00:00Z, in milliseconds since the Unix epoch.
pub const T0: f64 = 1_767_225_600_000.0;
pub const DAY: f64 = 86_400_000.0;
pub const HOUR: f64 = 3_600_000.0;

/// Feedback with every verdict, for round trips.
pub const MIXED_VERDICTS: [Verdict; 5] = [
    Verdict::Strong,
    Verdict::Partial,
    Verdict::Missing,
    Verdict::Strong,
    Verdict::Partial,
];

/// An unrated one-minute attempt on the built-in deck, defending essay 000 against `claim`,
/// submitted at `at_ms` in UTC.
pub fn attempt(id: &str, claim: &str, at_ms: f64) -> Attempt {
    Attempt {
        id: id.to_string(),
        deck_id: "border-sovereignty".into(),
        essay_id: "000".into(),
        claim_id: claim.into(),
        text: "x".into(),
        started_at_ms: at_ms - 60_000.0,
        submitted_at_ms: at_ms,
        utc_offset_minutes: Some(0),
        updated_at_ms: at_ms,
        prep_secs: 30,
        speak_secs: 90,
        seconds_spent: 60,
        over_time: false,
        words: 1,
        verdicts: Vec::new(),
        rating: None,
    }
}
