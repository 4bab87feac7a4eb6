//! The stored forms of the history: versioned records mapped by hand to and from the domain
//! types, so that a change to `Attempt` never silently changes what is on disk.
//!
//! Two forms:
//! - **storage** (localStorage): compact rows, one array per attempt, so 20,000 attempts fit
//!   comfortably; the rebuttal texts normally live in IndexedDB (see `web::texts`) and the row
//!   holds `null` for them, or the text itself where IndexedDB could not take it.
//! - **export** (docs/history-format.md): one readable object per attempt, texts included.
//!
//! Decoding never fails as a whole: what cannot be read is kept aside for the user, the whole
//! text as it was, or the one attempt that could not be read (re-written as compact JSON).

use std::collections::HashSet;

use serde::Deserialize;

use super::json::{self, Object, Value, object};

use super::attempt::{Attempt, History, Rating};
use super::feedback::Verdict;

/// The storage version this build writes. Older versions are migrated forward on read:
/// - 1 → 2: attempts gained `tz` (the time zone at submission); v1 attempts get none.
/// - 2 → 3: objects became compact rows, and texts moved out to IndexedDB (v2 texts are read
///   inline and moved out on the next save).
pub const CURRENT_VERSION: u64 = 3;

/// The identifying value of an export file's `format` field, and its version.
pub const EXPORT_FORMAT: &str = "debate-drill/history";
pub const EXPORT_VERSION: u64 = 1;

/// The outcome of reading stored history text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Decoded {
    pub history: History,
    /// Ids of attempts whose text is stored elsewhere (IndexedDB); their `text` is empty here.
    pub texts_elsewhere: Vec<String>,
    /// Parts that could not be read, as they were, so they can be exported instead of lost.
    pub unreadable: Vec<Unreadable>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub reason: String,
    pub raw: String,
}

/// The storage form. Attempts whose id is in `texts_stored_elsewhere` are written without
/// their text, which must already be safely stored elsewhere.
///
/// Each attempt is one row: `[id, deck, essay, claim, submitted_ms, start_ms_before,
/// update_ms_after, tz, prep, speak, secs, words, feedback, rating (0 = none), over (0/1),
/// text or null]`, where deck, essay and claim are indexes into the string table `s`.
pub fn encode(history: &History, texts_stored_elsewhere: &HashSet<String>) -> String {
    let mut strings: Vec<&str> = Vec::new();
    let rows: Vec<Value> = history
        .attempts()
        .iter()
        .map(|attempt| {
            let text = if texts_stored_elsewhere.contains(&attempt.id) {
                Value::Null
            } else {
                Value::from(attempt.text.as_str())
            };
            let submitted = attempt.submitted_at_ms.round() as i64;
            Value::Array(vec![
                Value::from(attempt.id.as_str()),
                Value::from(intern(&mut strings, &attempt.deck_id)),
                Value::from(intern(&mut strings, &attempt.essay_id)),
                Value::from(intern(&mut strings, &attempt.claim_id)),
                Value::from(submitted),
                Value::from(milliseconds_between(attempt.started_at_ms, attempt.submitted_at_ms)),
                Value::from(milliseconds_between(attempt.submitted_at_ms, attempt.updated_at_ms)),
                Value::from(attempt.utc_offset_minutes),
                Value::from(attempt.prep_secs),
                Value::from(attempt.speak_secs),
                Value::from(attempt.seconds_spent),
                Value::from(attempt.words),
                Value::from(verdict_codes(attempt)),
                Value::from(attempt.rating.map_or(0, Rating::number)),
                Value::from(u32::from(attempt.over_time)),
                text,
            ])
        })
        .collect();
    object([
        ("v", Value::from(CURRENT_VERSION)),
        ("s", Value::from(strings)),
        ("a", Value::Array(rows)),
    ])
    .to_string()
}

/// The index of `text` in the string table, adding it if new.
fn intern<'a>(strings: &mut Vec<&'a str>, text: &'a str) -> usize {
    strings.iter().position(|known| *known == text).unwrap_or_else(|| {
        strings.push(text);
        strings.len() - 1
    })
}

/// Milliseconds from `earlier` to `later` (0 if `later` is not later): small numbers where
/// whole timestamps would repeat the same 13 digits.
fn milliseconds_between(earlier: f64, later: f64) -> u64 {
    (later - earlier).round().max(0.0) as u64
}

/// An export file: readable, complete, and read back by `decode`.
pub fn export(history: &History, exported_at: &str, storage_key: &str) -> String {
    let attempts: Vec<Value> = history.attempts().iter().map(encode_object).collect();
    object([
        ("format", Value::from(EXPORT_FORMAT)),
        ("version", Value::from(EXPORT_VERSION)),
        ("exported_at", Value::from(exported_at)),
        ("storage_key", Value::from(storage_key)),
        ("attempts", Value::Array(attempts)),
    ])
    .to_pretty_string()
}

fn verdict_codes(attempt: &Attempt) -> String {
    attempt.verdicts.iter().map(|verdict| verdict.code()).collect()
}

fn encode_object(attempt: &Attempt) -> Value {
    let mut record: Object = [
        ("id", Value::from(attempt.id.as_str())),
        ("deck", Value::from(attempt.deck_id.as_str())),
        ("essay", Value::from(attempt.essay_id.as_str())),
        ("claim", Value::from(attempt.claim_id.as_str())),
        ("text", Value::from(attempt.text.as_str())),
        ("start", Value::from(attempt.started_at_ms)),
        ("sub", Value::from(attempt.submitted_at_ms)),
        ("upd", Value::from(attempt.updated_at_ms)),
        ("prep", Value::from(attempt.prep_secs)),
        ("speak", Value::from(attempt.speak_secs)),
        ("secs", Value::from(attempt.seconds_spent)),
        ("words", Value::from(attempt.words)),
        ("fb", Value::from(verdict_codes(attempt))),
    ]
    .into_iter()
    .collect();
    if attempt.over_time {
        record.insert("over", Value::Bool(true));
    }
    if let Some(rating) = attempt.rating {
        record.insert("rating", Value::from(rating.number()));
    }
    if let Some(offset) = attempt.utc_offset_minutes {
        record.insert("tz", Value::from(offset));
    }
    Value::Object(record)
}

/// Reads stored history or an export file. Empty input is an empty history.
pub fn decode(text: &str) -> Decoded {
    let mut decoded = Decoded::default();
    if text.trim().is_empty() {
        return decoded;
    }
    let whole_unreadable = |reason: String| Decoded {
        unreadable: vec![Unreadable {
            reason,
            raw: text.to_string(),
        }],
        ..Decoded::default()
    };
    let value = match json::parse(text) {
        Ok(value) => value,
        Err(error) => return whole_unreadable(format!("the saved history is not valid JSON ({error})")),
    };
    // The common case first: a current-format history whose rows are all sound, decoded straight
    // into their record type. Any problem sends it down the careful path below, which keeps
    // unreadable rows aside one by one.
    if let Some(fast) = decode_current(&value) {
        return fast;
    }
    let Some(envelope) = Envelope::of(&value) else {
        return whole_unreadable("the saved history is not a JSON object of the expected shape".to_string());
    };
    let mut readable = Vec::new();
    if envelope.format == Some(EXPORT_FORMAT) {
        match envelope.version {
            Some(EXPORT_VERSION) => {}
            Some(version) => {
                return whole_unreadable(format!(
                    "the file was exported by a newer version of Debate Drill (history format {version}; this one reads {EXPORT_VERSION})"
                ));
            }
            None => return whole_unreadable("the file has no history format version".to_string()),
        }
        let Some(objects) = envelope.attempts else {
            return whole_unreadable("the file has no list of attempts".to_string());
        };
        decode_objects(objects, &mut readable, &mut decoded.unreadable);
    } else {
        match envelope.v {
            // Versions 1 and 2 differ only by `tz`, which decodes as unknown when absent.
            Some(1 | 2) => match envelope.attempts {
                Some(objects) => decode_objects(objects, &mut readable, &mut decoded.unreadable),
                None => return whole_unreadable("the saved history has no list of attempts".to_string()),
            },
            Some(CURRENT_VERSION) => {
                let Some(rows) = envelope.a else {
                    return whole_unreadable("the saved history has no list of attempts".to_string());
                };
                // Deck, essay and claim ids are indexes into this table of strings.
                let strings = envelope.s.unwrap_or_default();
                readable.reserve(rows.len());
                for row in rows {
                    match decode_row(row, &strings) {
                        Ok((attempt, text_elsewhere)) => {
                            if text_elsewhere {
                                decoded.texts_elsewhere.push(attempt.id.clone());
                            }
                            readable.push(attempt);
                        }
                        Err(reason) => decoded.unreadable.push(Unreadable {
                            reason,
                            raw: row.to_string(),
                        }),
                    }
                }
            }
            Some(version) if version > CURRENT_VERSION => {
                return whole_unreadable(format!(
                    "the saved history was written by a newer version of Debate Drill (format {version}; this one reads up to {CURRENT_VERSION})"
                ));
            }
            _ => return whole_unreadable("the saved history has no known format version".to_string()),
        }
    }
    decoded.history = History::new(readable);
    decoded
}

fn decode_objects(objects: &[Value], readable: &mut Vec<Attempt>, unreadable: &mut Vec<Unreadable>) {
    for record in objects {
        match decode_object(record) {
            Ok(attempt) => readable.push(attempt),
            Err(reason) => unreadable.push(Unreadable {
                reason,
                raw: record.to_string(),
            }),
        }
    }
}

/// Any stored or exported history: its envelope fields, each absent (or null) or of its type.
struct Envelope<'a> {
    format: Option<&'a str>,
    version: Option<u64>,
    v: Option<u64>,
    s: Option<Vec<String>>,
    a: Option<&'a [Value]>,
    attempts: Option<&'a [Value]>,
}

impl<'a> Envelope<'a> {
    /// `None` when the text is not an object or a field has the wrong type.
    fn of(value: &'a Value) -> Option<Envelope<'a>> {
        let object = value.as_object()?;
        let strings = |value: &'a Value| -> Option<Vec<String>> {
            value
                .as_array()?
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect()
        };
        let list = |value: &'a Value| value.as_array().map(Vec::as_slice);
        Some(Envelope {
            format: optional(object, "format", Value::as_str)?,
            version: optional(object, "version", Value::as_u64)?,
            v: optional(object, "v", Value::as_u64)?,
            s: optional(object, "s", strings)?,
            a: optional(object, "a", list)?,
            attempts: optional(object, "attempts", list)?,
        })
    }
}

/// An optional field: `Some(None)` when absent or null, `None` when present with another type.
fn optional<'a, T>(object: &'a Object, key: &str, read: impl Fn(&'a Value) -> Option<T>) -> Option<Option<T>> {
    match object.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(value) => read(value).map(Some),
    }
}

/// A stored history of the current format whose rows all have the right shape.
#[derive(Deserialize)]
struct CurrentEnvelope {
    v: u64,
    s: Vec<String>,
    a: Vec<Row>,
}

/// A stored row of format 3, as written by `encode`.
#[derive(Deserialize)]
struct Row(
    String,
    usize,
    usize,
    usize,
    f64,
    u64,
    u64,
    Option<i64>,
    u32,
    u32,
    u32,
    u32,
    String,
    u64,
    u8,
    Option<String>,
);

/// Checks shared by both forms, so both reject the same impossible values.
fn check_fields(id: &str, verdicts: &str, rating: u64) -> Result<(Vec<Verdict>, Option<Rating>), String> {
    let verdicts = verdicts
        .chars()
        .map(|code| Verdict::from_code(code).ok_or_else(|| format!("attempt {id}: unknown feedback code “{code}”")))
        .collect::<Result<Vec<_>, _>>()?;
    let rating = match rating {
        0 => None,
        number => Some(Rating::from_number(number).ok_or_else(|| format!("attempt {id}: rating {number} is not 1–4"))?),
    };
    Ok((verdicts, rating))
}

fn time_zone(offset: Option<i64>) -> Option<i32> {
    offset
        .filter(|offset| offset.abs() <= 18 * 60)
        .and_then(|offset| i32::try_from(offset).ok())
}

fn decode_row(row: &Value, strings: &[String]) -> Result<(Attempt, bool), String> {
    let row: Row = json::from_value(row)
        .map_err(|error| format!("an attempt is not a row of 16 fields of the right kinds ({error})"))?;
    attempt_from_row(row, strings)
}

/// A current-format history whose every row is sound, or `None` to take the careful path.
fn decode_current(value: &Value) -> Option<Decoded> {
    let current: CurrentEnvelope = json::from_value(value)
        .ok()
        .filter(|current: &CurrentEnvelope| current.v == CURRENT_VERSION)?;
    let mut decoded = Decoded::default();
    let mut readable = Vec::with_capacity(current.a.len());
    for row in current.a {
        let (attempt, text_elsewhere) = attempt_from_row(row, &current.s).ok()?;
        if text_elsewhere {
            decoded.texts_elsewhere.push(attempt.id.clone());
        }
        readable.push(attempt);
    }
    decoded.history = History::new(readable);
    Some(decoded)
}

/// The attempt a well-formed row describes, or why its values are impossible.
fn attempt_from_row(row: Row, strings: &[String]) -> Result<(Attempt, bool), String> {
    let (verdicts, rating) = check_row(&row, strings)?;
    let Row(
        id,
        deck,
        essay,
        claim,
        submitted_at_ms,
        start_before,
        update_after,
        tz,
        prep,
        speak,
        secs,
        words,
        _,
        _,
        over,
        text,
    ) = row;
    let elsewhere = text.is_none();
    let attempt = Attempt {
        // `check_row` made sure these indexes are in the table.
        deck_id: strings[deck].clone(),
        essay_id: strings[essay].clone(),
        claim_id: strings[claim].clone(),
        text: text.unwrap_or_default(),
        // Offsets from the submission may span years (a rating changed much later): not `u32`.
        started_at_ms: submitted_at_ms - start_before as f64,
        submitted_at_ms,
        updated_at_ms: submitted_at_ms + update_after as f64,
        utc_offset_minutes: time_zone(tz),
        prep_secs: prep,
        speak_secs: speak,
        seconds_spent: secs,
        words,
        over_time: over == 1,
        verdicts,
        rating,
        id,
    };
    Ok((attempt, elsewhere))
}

/// The checks a row's values must pass; returns its feedback and rating, parsed.
fn check_row(row: &Row, strings: &[String]) -> Result<(Vec<Verdict>, Option<Rating>), String> {
    let Row(id, deck, essay, claim, submitted_at_ms, .., feedback, rating, _, _) = row;
    for (index, name) in [(deck, "deck"), (essay, "essay"), (claim, "claim")] {
        if *index >= strings.len() {
            return Err(format!("attempt {id}: unknown {name}"));
        }
    }
    if !submitted_at_ms.is_finite() || *submitted_at_ms < 0.0 {
        return Err(format!("attempt {id}: no valid submission time"));
    }
    check_fields(id, feedback, *rating)
}

fn decode_object(record: &Value) -> Result<Attempt, String> {
    let map = record.as_object().ok_or("an attempt is not a JSON object")?;
    let id = text_field(map, "id")?;
    let rating = match map.get("rating") {
        None | Some(Value::Null) => 0,
        Some(value) => value
            .as_u64()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("attempt {id}: rating {value} is not 1–4"))?,
    };
    let (verdicts, rating) = check_fields(&id, &text_field(map, "fb")?, rating)?;
    let submitted_at_ms = number_field(map, "sub")?;
    Ok(Attempt {
        deck_id: text_field(map, "deck")?,
        essay_id: text_field(map, "essay")?,
        claim_id: text_field(map, "claim")?,
        text: text_field(map, "text")?,
        started_at_ms: number_field(map, "start")?,
        submitted_at_ms,
        updated_at_ms: map.get("upd").and_then(Value::as_f64).unwrap_or(submitted_at_ms),
        utc_offset_minutes: time_zone(map.get("tz").and_then(Value::as_i64)),
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

fn text_field(map: &Object, key: &str) -> Result<String, String> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("an attempt has no text field \"{key}\""))
}

fn number_field(map: &Object, key: &str) -> Result<f64, String> {
    map.get(key)
        .and_then(Value::as_f64)
        .filter(|number| number.is_finite() && *number >= 0.0)
        .ok_or_else(|| format!("an attempt has no valid time \"{key}\""))
}

fn count_field(map: &Object, key: &str) -> Result<u32, String> {
    map.get(key)
        .and_then(Value::as_u64)
        .and_then(|number| u32::try_from(number).ok())
        .ok_or_else(|| format!("an attempt has no valid count \"{key}\""))
}
