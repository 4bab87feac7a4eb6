//! The stored form of the history: versioned records mapped by hand to and from the domain types,
//! so that a change to `Attempt` never silently changes what is on disk.
//!
//! Decoding never fails as a whole: what cannot be read is kept aside, verbatim, for the user.

use serde_json::{Map, Value, json};

use super::attempt::{Attempt, History, Rating};
use super::feedback::Verdict;

/// The version this build writes. Older versions are migrated forward on read:
/// - 1 → 2: attempts gained `tz` (the time zone at submission); v1 attempts get none.
pub const CURRENT_VERSION: u64 = 2;

/// The outcome of reading stored history text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoded {
    pub history: History,
    /// Parts that could not be read, as they were, so they can be exported instead of lost.
    pub unreadable: Vec<Unreadable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub reason: String,
    pub raw: String,
}

pub fn encode(history: &History) -> String {
    let attempts: Vec<Value> = history.attempts().iter().map(encode_attempt).collect();
    json!({ "v": CURRENT_VERSION, "attempts": attempts }).to_string()
}

/// The identifying value of an export file's `format` field.
pub const EXPORT_FORMAT: &str = "debate-drill/history";

/// A history export file (docs/history-format.md): the stored form plus a header, indented so
/// it is readable. `decode` reads it back.
pub fn export(history: &History, exported_at: &str, storage_key: &str) -> String {
    let attempts: Vec<Value> = history.attempts().iter().map(encode_attempt).collect();
    let file = json!({
        "format": EXPORT_FORMAT,
        "v": CURRENT_VERSION,
        "exported_at": exported_at,
        "storage_key": storage_key,
        "attempts": attempts,
    });
    serde_json::to_string_pretty(&file).unwrap_or_else(|_| file.to_string())
}

fn encode_attempt(attempt: &Attempt) -> Value {
    let verdicts: String = attempt
        .verdicts
        .iter()
        .map(|verdict| verdict.code())
        .collect();
    let mut record = json!({
        "id": attempt.id,
        "deck": attempt.deck_id,
        "essay": attempt.essay_id,
        "claim": attempt.claim_id,
        "text": attempt.text,
        "start": attempt.started_at_ms,
        "sub": attempt.submitted_at_ms,
        "upd": attempt.updated_at_ms,
        "prep": attempt.prep_secs,
        "speak": attempt.speak_secs,
        "secs": attempt.seconds_spent,
        "words": attempt.words,
        "fb": verdicts,
    });
    if attempt.over_time {
        record["over"] = Value::Bool(true);
    }
    if let Some(rating) = attempt.rating {
        record["rating"] = Value::from(rating.number());
    }
    if let Some(offset) = attempt.utc_offset_minutes {
        record["tz"] = Value::from(offset);
    }
    record
}

/// Reads stored history text. Empty input is an empty history.
pub fn decode(text: &str) -> Decoded {
    let mut decoded = Decoded::default();
    if text.trim().is_empty() {
        return decoded;
    }
    let whole_unreadable = |reason: String| Decoded {
        history: History::default(),
        unreadable: vec![Unreadable {
            reason,
            raw: text.to_string(),
        }],
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return whole_unreadable(format!("the saved history is not valid JSON ({error})"));
        }
    };
    let Some(map) = value.as_object() else {
        return whole_unreadable("the saved history is not a JSON object".to_string());
    };
    let version = map.get("v").and_then(Value::as_u64);
    let attempts = match version {
        // Version 1 differs only by lacking `tz`, which decodes as unknown: the whole migration.
        Some(1 | CURRENT_VERSION) => map.get("attempts").and_then(Value::as_array),
        Some(version) if version > CURRENT_VERSION => {
            return whole_unreadable(format!(
                "the saved history was written by a newer version of Debate Drill (format {version}; this one reads up to {CURRENT_VERSION})"
            ));
        }
        _ => return whole_unreadable("the saved history has no known format version".to_string()),
    };
    let Some(attempts) = attempts else {
        return whole_unreadable("the saved history has no list of attempts".to_string());
    };
    let mut readable = Vec::with_capacity(attempts.len());
    for record in attempts {
        match decode_attempt(record) {
            Ok(attempt) => readable.push(attempt),
            Err(reason) => decoded.unreadable.push(Unreadable {
                reason,
                raw: record.to_string(),
            }),
        }
    }
    decoded.history = History::new(readable);
    decoded
}

fn decode_attempt(record: &Value) -> Result<Attempt, String> {
    let map = record
        .as_object()
        .ok_or("an attempt is not a JSON object")?;
    let id = text_field(map, "id")?;
    let verdicts = text_field(map, "fb")?
        .chars()
        .map(|code| {
            Verdict::from_code(code)
                .ok_or_else(|| format!("attempt {id}: unknown feedback code {code:?}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let rating = match map.get("rating") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_u64()
                .and_then(Rating::from_number)
                .ok_or_else(|| format!("attempt {id}: rating {value} is not 1–4"))?,
        ),
    };
    let submitted_at_ms = number_field(map, "sub")?;
    Ok(Attempt {
        deck_id: text_field(map, "deck")?,
        essay_id: text_field(map, "essay")?,
        claim_id: text_field(map, "claim")?,
        text: text_field(map, "text")?,
        started_at_ms: number_field(map, "start")?,
        submitted_at_ms,
        updated_at_ms: map
            .get("upd")
            .and_then(Value::as_f64)
            .unwrap_or(submitted_at_ms),
        utc_offset_minutes: map
            .get("tz")
            .and_then(Value::as_i64)
            .filter(|offset| offset.abs() <= 18 * 60)
            .and_then(|offset| i32::try_from(offset).ok()),
        prep_secs: count_field(map, "prep")?,
        speak_secs: count_field(map, "speak")?,
        seconds_spent: count_field(map, "secs")?,
        over_time: map.get("over").and_then(Value::as_bool).unwrap_or(false),
        words: count_field(map, "words")?,
        verdicts,
        rating,
        id,
    })
}

fn text_field(map: &Map<String, Value>, key: &str) -> Result<String, String> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("an attempt has no text field \"{key}\""))
}

fn number_field(map: &Map<String, Value>, key: &str) -> Result<f64, String> {
    map.get(key)
        .and_then(Value::as_f64)
        .filter(|number| number.is_finite() && *number >= 0.0)
        .ok_or_else(|| format!("an attempt has no valid time \"{key}\""))
}

fn count_field(map: &Map<String, Value>, key: &str) -> Result<u32, String> {
    map.get(key)
        .and_then(Value::as_u64)
        .and_then(|number| u32::try_from(number).ok())
        .ok_or_else(|| format!("an attempt has no valid count \"{key}\""))
}
