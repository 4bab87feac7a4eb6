//! localStorage adapter for the history. Thin on purpose: the format and its decoding live in
//! `core::records`; this module only moves strings and reports every failure.

use std::collections::HashSet;
use std::rc::Rc;

use web_sys::Storage;

use super::texts;

use crate::core::attempt::History;
use crate::core::json::{self, Value};
use crate::core::records::{self, Decoded};
use crate::core::summary::{self, Summary};

/// Key of the history for one storage namespace. The `v1` is the key scheme's version, so a
/// future scheme can live beside this one while it migrates.
pub fn history_key(namespace: &str) -> String {
    ["debate-drill:v1:", namespace, ":history"].concat()
}

/// Key of the start-up summary beside the history (see `core::summary`).
pub fn summary_key(namespace: &str) -> String {
    ["debate-drill:v1:", namespace, ":summary"].concat()
}

/// What start-up finds in storage, read without decoding the history.
#[derive(Debug, Clone)]
pub enum AtStart {
    /// The summary of the stored history: all a start needs (the history follows when needed).
    /// Shared, not cloned, into the app's state.
    Summary(Rc<Summary>),
    /// No history is stored (a first visit).
    Empty,
    /// A history but no readable summary (stored by an older version, or its summary could not
    /// be written): the history itself must be read before the first drill is chosen.
    NeedsHistory,
    /// Local storage cannot be used at all, for this reason.
    Unavailable(String),
}

pub fn at_start(namespace: &str) -> AtStart {
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(reason) => return AtStart::Unavailable(reason),
    };
    let read = |key: String| storage.get_item(&key).ok().flatten();
    if let Some(summary) = read(summary_key(namespace)).and_then(|text| decoded_summary(&text)) {
        return AtStart::Summary(Rc::new(summary));
    }
    match read(history_key(namespace)) {
        Some(_) => AtStart::NeedsHistory,
        None => AtStart::Empty,
    }
}

/// A stored summary's text, decoded. Out of line: a first visit has none, and its start then
/// does not compile the decoder (docs/performance.md).
#[inline(never)]
fn decoded_summary(text: &str) -> Option<Summary> {
    summary::decode_value(&super::json::parse(text)?)
}

/// Why a history cannot be kept, as start-up tells the student. Out of line: a start with
/// storage does not compile it.
#[cold]
#[inline(never)]
pub fn unavailable_notice(reason: &str) -> String {
    format!("Your practice history cannot be saved: {reason}. Attempts are kept only while this page is open.")
}

/// Writes the summary of `history` (just stored). A summary that cannot be written is removed
/// rather than left stale: start-up then reads the whole history, which is only slower.
pub fn write_summary(namespace: &str, history: &History) {
    if let Ok(storage) = local_storage() {
        let key = summary_key(namespace);
        if storage.set_item(&key, &summary::encode(&Summary::of(history))).is_err() {
            let _ = storage.remove_item(&key);
        }
    }
}

/// Where unreadable stored data is moved, so that it is never overwritten or lost.
pub fn quarantine_key(namespace: &str) -> String {
    format!("debate-drill:v1:{namespace}:unreadable")
}

fn local_storage() -> Result<Storage, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("this browser offers no local storage".to_string()),
        Err(_) => Err("local storage is disabled in this browser (private mode or site settings)".to_string()),
    }
}

fn describe_write_error(error: &wasm_bindgen::JsValue) -> String {
    let name = js_sys::Reflect::get(error, &"name".into())
        .ok()
        .and_then(|name| name.as_string());
    match name.as_deref() {
        Some("QuotaExceededError") => "the browser's storage for this site is full".to_string(),
        Some(other) => format!("the browser refused to store it ({other})"),
        None => "the browser refused to store it".to_string(),
    }
}

/// What loading found: the readable history and, if some stored data was unreadable, why.
pub struct Loaded {
    pub history: History,
    pub problems: Vec<String>,
    /// Whether some rebuttal texts are stored in the localStorage rows rather than IndexedDB
    /// (written by a version before 3, or when the database refused them). A save moves them out:
    /// every start reads all of localStorage at its first access, so texts kept there slow each
    /// start (10,000 attempts with half their texts inline: 8.4 MB, about 1.3x the start-up).
    /// Where the database keeps refusing, each start tries once more, after the drill is shown.
    pub texts_inline: bool,
}

/// Reads the history. Unreadable data is copied aside to the quarantine key before anything
/// else can overwrite it; if that copy fails, `problems` says so.
pub fn load(namespace: &str) -> Loaded {
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(reason) => {
            return Loaded {
                history: History::default(),
                problems: vec![unavailable_notice(&reason)],
                texts_inline: false,
            };
        }
    };
    let Decoded {
        history,
        texts_elsewhere,
        unreadable,
    } = stored(&storage, namespace);
    // Texts kept in IndexedDB are empty here; any other text is in the rows.
    let texts_inline = history.attempts().iter().any(|attempt| !attempt.text.is_empty());
    if unreadable.is_empty() {
        return Loaded {
            history,
            problems: Vec::new(),
            texts_inline,
        };
    }
    let reasons: Vec<&str> = unreadable.iter().map(|part| part.reason.as_str()).collect();
    let raw: Vec<&str> = unreadable.iter().map(|part| part.raw.as_str()).collect();
    let problem = match keep_aside(&storage, namespace, &raw) {
        Ok(()) => {
            // Moved, not copied: once it is safe aside, the history keeps only what it can read,
            // so the next load neither reports nor copies it again.
            let in_database: HashSet<String> = texts_elsewhere.into_iter().collect();
            let _ = if history.is_empty() {
                storage.remove_item(&history_key(namespace))
            } else {
                storage.set_item(&history_key(namespace), &records::encode(&history, &in_database))
            };
            format!(
                "Some saved practice data could not be read ({}). It was kept aside, not deleted, under “{}”.",
                reasons.join("; "),
                quarantine_key(namespace)
            )
        }
        Err(reason) => format!(
            "Some saved practice data could not be read ({}), and it could not be kept aside ({reason}).",
            reasons.join("; ")
        ),
    };
    Loaded {
        history,
        problems: vec![problem],
        texts_inline,
    }
}

fn keep_aside(storage: &Storage, namespace: &str, parts: &[&str]) -> Result<(), String> {
    let key = quarantine_key(namespace);
    let mut kept: Vec<Value> = storage
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|text| match json::parse(&text) {
            Ok(Value::Array(kept)) => Some(kept),
            _ => None,
        })
        .unwrap_or_default();
    for part in parts {
        let part = Value::String((*part).to_string());
        // The same unreadable data is kept once, however often it is met.
        if !kept.contains(&part) {
            kept.push(part);
        }
    }
    let text = Value::Array(kept).to_string();
    storage
        .set_item(&key, &text)
        .map_err(|error| describe_write_error(&error))
}

/// Saves `history`: first the texts that the stored rows do not yet leave to IndexedDB (where
/// the database takes them), then the compact rows in localStorage, merged with whatever is stored
/// now (another tab may have written meanwhile), so no attempt is ever overwritten by an older
/// snapshot. Returns the merged history.
///
/// Which texts the database holds is read from the stored rows each time, never remembered:
/// after the history is deleted (rows and texts), the next save writes the texts again.
pub async fn save(namespace: &str, history: &History) -> Result<History, String> {
    let storage = local_storage()?;
    let in_database: HashSet<String> = stored(&storage, namespace).texts_elsewhere.into_iter().collect();
    let pending: Vec<(String, String)> = history
        .attempts()
        .iter()
        .filter(|attempt| !attempt.text.is_empty() && !in_database.contains(&attempt.id))
        .map(|attempt| (attempt.id.clone(), attempt.text.clone()))
        .collect();
    let mut now_in_database = HashSet::new();
    // If the database refuses, the texts stay inline in localStorage: never lost, only bulkier.
    if !pending.is_empty() && texts::put_all(namespace, &pending).await.is_ok() {
        now_in_database.extend(pending.into_iter().map(|(id, _)| id));
    }
    save_merged(&storage, namespace, history, now_in_database)
}

fn stored(storage: &Storage, namespace: &str) -> Decoded {
    records::decode(
        &storage
            .get_item(&history_key(namespace))
            .ok()
            .flatten()
            .unwrap_or_default(),
    )
}

fn save_merged(
    storage: &Storage,
    namespace: &str,
    history: &History,
    mut in_database: HashSet<String>,
) -> Result<History, String> {
    // Read again: another tab may have saved while the texts were being written.
    let Decoded {
        history: mut merged,
        texts_elsewhere,
        unreadable,
    } = stored(storage, namespace);
    if !unreadable.is_empty() {
        let raw: Vec<&str> = unreadable.iter().map(|part| part.raw.as_str()).collect();
        keep_aside(storage, namespace, &raw)?;
    }
    in_database.extend(texts_elsewhere);
    merged.merge(history.attempts().iter().cloned());
    storage
        .set_item(&history_key(namespace), &records::encode(&merged, &in_database))
        .map_err(|error| describe_write_error(&error))?;
    write_summary(namespace, &merged);
    Ok(merged)
}

/// Deletes the history of `namespace` (after the user confirmed). Data kept aside as unreadable
/// stays, so clearing never destroys what the user has not seen.
pub async fn clear(namespace: &str) -> Result<(), String> {
    let storage = local_storage()?;
    storage
        .remove_item(&history_key(namespace))
        .map_err(|_| "the browser refused to delete it".to_string())?;
    let _ = storage.remove_item(&summary_key(namespace));
    // Without their rows the texts are unreachable; a failure here only leaves unused space.
    let _ = texts::delete_all(namespace).await;
    Ok(())
}

/// Fills in the texts of `history` that live in IndexedDB (for export and the history view).
pub async fn with_texts(namespace: &str, history: &History) -> History {
    let mut complete = history.clone();
    if let Ok(texts) = texts::get_all(namespace).await {
        complete.fill_texts(&texts);
    }
    complete
}

/// Asks the browser to keep this site's storage under pressure (it may decide silently).
pub fn request_persistence() {
    let manager = web_sys::window().map(|window| window.navigator().storage());
    if let Some(Ok(promise)) = manager.map(|manager| manager.persist()) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
