//! Storage adapter for the history. Thin on purpose: the format and its decoding live in
//! `core::records`; this module only moves strings and reports every failure.
//!
//! Where things are: the rows in IndexedDB (`web::histories`), the rebuttal texts beside them
//! (`web::texts`), and in localStorage only what a start reads synchronously: the summary
//! (`core::summary`), which other tabs also watch. Rows found in localStorage (stored by a
//! version before the database held them, or when the database refused them) are read with the
//! database's and moved there by the next save.

use std::collections::HashSet;
use std::rc::Rc;

use web_sys::Storage;

use super::{database, histories, texts};

use crate::core::attempt::History;
use crate::core::json::{self, Value};
use crate::core::records::{self, Decoded};
use crate::core::summary::{self, Summary};

/// The localStorage key of `what` for one storage namespace. The `v1` is the key scheme's
/// version, so a future scheme can live beside this one while it migrates. (The keys below are
/// inlined, always: a start reads three of them, and out of line each would be one more
/// function for it to compile, docs/performance.md.)
pub fn namespaced_key(namespace: &str, what: &str) -> String {
    ["debate-drill:v1:", namespace, ":", what].concat()
}

/// Key of the rows of the history, where versions before the database kept them (and where
/// they go when it refuses them).
#[inline(always)]
pub fn history_key(namespace: &str) -> String {
    namespaced_key(namespace, "history")
}

/// Key of the start-up summary beside the history (see `core::summary`).
#[inline(always)]
pub fn summary_key(namespace: &str) -> String {
    namespaced_key(namespace, "summary")
}

/// Key of the mark that the namespace's rows are in the database, so that a start without a
/// readable summary still knows there is a history to read.
#[inline(always)]
pub fn rows_mark_key(namespace: &str) -> String {
    namespaced_key(namespace, "rows")
}

/// What start-up finds in storage, read without decoding the history.
#[derive(Debug, Clone)]
pub enum AtStart {
    /// The summary of the stored history: all a start needs (the history follows when needed).
    /// Shared, not cloned, into the app's state.
    Summary(Rc<Summary>),
    /// No history is stored (a first visit).
    Empty,
    /// Rows in localStorage but no readable summary (stored by an older version): they are read,
    /// with any in the database, before the first drill is chosen.
    NeedsHistory,
    /// Rows in the database but no readable summary (it could not be written, or a newer version
    /// wrote one this one cannot read): they are read before the first drill is chosen.
    Unsummarised,
    /// Local storage cannot be used at all, for this reason.
    Unavailable(String),
}

pub fn at_start(namespace: &str) -> AtStart {
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(reason) => return AtStart::Unavailable(reason),
    };
    // Left JavaScript strings: the summary is parsed there (`web::json::parse_js`), and the
    // others are only looked for.
    let read = |key: String| stored_item(&storage, &key);
    let summary = read(summary_key(namespace));
    if let Some(summary) = summary.as_ref().and_then(decoded_summary) {
        return AtStart::Summary(Rc::new(summary));
    }
    if read(history_key(namespace)).is_some() {
        AtStart::NeedsHistory
    } else if summary.is_some() || read(rows_mark_key(namespace)).is_some() {
        AtStart::Unsummarised
    } else {
        AtStart::Empty
    }
}

/// A stored summary's text, decoded. Out of line: a first visit has none, and its start then
/// does not compile the decoder (docs/performance.md).
#[inline(never)]
fn decoded_summary(text: &js_sys::JsString) -> Option<Summary> {
    summary::decode_value(&super::json::parse_js(text)?)
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Storage` again, to bind `getItem` without web-sys's conversion of its value to a Rust
    /// `String`.
    #[wasm_bindgen(js_name = Storage)]
    type StorageValues;

    /// `Storage.getItem`, its value (a string or null) left in JavaScript.
    #[wasm_bindgen(method, catch, js_name = getItem)]
    fn get_item_value(this: &StorageValues, key: &str) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

/// The item stored under `key`, without copying it into the WebAssembly (as web-sys's
/// `get_item` does, one character at a time: 3.3 ms for a 10,000-attempt summary at 4x CPU).
pub(super) fn stored_item(storage: &Storage, key: &str) -> Option<js_sys::JsString> {
    use wasm_bindgen::JsCast;
    storage
        .unchecked_ref::<StorageValues>()
        .get_item_value(key)
        .ok()?
        .dyn_into::<js_sys::JsString>()
        .ok()
}

/// Why a history cannot be kept, as start-up tells the student. Out of line: a start with
/// storage does not compile it.
#[cold]
#[inline(never)]
pub fn unavailable_notice(reason: &str) -> String {
    format!("Your practice history cannot be saved: {reason}. Attempts are kept only while this page is open.")
}

/// Whether rows are left in localStorage (see `Loaded::outdated`), found without copying them
/// into the WebAssembly: right after a start, so that a returning student's old rows move to the
/// database.
pub fn has_local_rows(namespace: &str) -> bool {
    local_storage().is_ok_and(|storage| stored_item(&storage, &history_key(namespace)).is_some())
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
    namespaced_key(namespace, "unreadable")
}

/// The origin's localStorage, or why there is none (shown to the student).
pub(super) fn local_storage() -> Result<Storage, String> {
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
    /// Whether what is stored is in an outdated place, so that a save should follow at once:
    /// rows in localStorage, or rebuttal texts in the rows rather than beside them (written by
    /// an older version, or when the database refused them). Every start reads all of
    /// localStorage at its first access, so rows kept there slow each start (10,000 attempts:
    /// about 1.07x the start-up; with half their texts inline, 8.4 MB and 1.3x). Where the
    /// database keeps refusing, each start tries once more, after the drill is shown.
    pub outdated: bool,
}

/// Reads the history: the rows in the database and any left in localStorage. Unreadable data is
/// copied aside to the quarantine key before anything else can overwrite it; if that copy
/// fails, `problems` says so.
pub async fn load(namespace: &str) -> Loaded {
    let mut loaded = load_local(namespace);
    match histories::get(namespace).await {
        Ok(None) => {}
        Ok(Some(rows)) => {
            let Decoded {
                history, unreadable, ..
            } = records::decode(&rows);
            loaded.outdated |= history.attempts().iter().any(|attempt| !attempt.text.is_empty());
            loaded.history.merge(history.attempts().iter().cloned());
            if !unreadable.is_empty() {
                loaded.problems.push(database_rows_aside(namespace, &unreadable).await);
            }
        }
        // No database at all: nothing can be stored there either.
        Err(_) if !database::available() => {}
        Err(reason) => loaded.problems.push(format!(
            "Part of your practice history could not be read ({reason}). It is kept, not deleted: reload the page to try again."
        )),
    }
    loaded
}

/// Keeps the unreadable parts of the database's rows aside, then stores the rows without them,
/// so the next load neither reports nor copies them again. Returns what to tell the user.
#[cold]
async fn database_rows_aside(namespace: &str, unreadable: &[records::Unreadable]) -> String {
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(reason) => return aside_notice(namespace, unreadable, Err(reason)),
    };
    let kept = keep_aside(&storage, namespace, unreadable);
    if kept.is_ok() {
        let _ = histories::update::<(), String>(namespace, |stored| {
            let Decoded {
                history,
                texts_elsewhere,
                unreadable,
            } = records::decode(&stored.unwrap_or_default());
            // Read again in the transaction: what another tab stored meanwhile may be unreadable
            // too, and is kept aside before anything overwrites it (or nothing is written).
            keep_aside(&storage, namespace, &unreadable)?;
            let in_database: HashSet<String> = texts_elsewhere.into_iter().collect();
            Ok((records::encode(&history, &in_database), ()))
        })
        .await;
    }
    aside_notice(namespace, unreadable, kept)
}

/// What the user is told of unreadable stored data, once it was kept aside (or could not be).
#[cold]
fn aside_notice(namespace: &str, unreadable: &[records::Unreadable], kept: Result<(), String>) -> String {
    let reasons: Vec<&str> = unreadable.iter().map(|part| part.reason.as_str()).collect();
    match kept {
        Ok(()) => format!(
            "Some saved practice data could not be read ({}). It was kept aside, not deleted, under “{}”.",
            reasons.join("; "),
            quarantine_key(namespace)
        ),
        Err(reason) => format!(
            "Some saved practice data could not be read ({}), and it could not be kept aside ({reason}).",
            reasons.join("; ")
        ),
    }
}

/// Reads the rows left in localStorage (see `load`).
fn load_local(namespace: &str) -> Loaded {
    let storage = match local_storage() {
        Ok(storage) => storage,
        Err(reason) => {
            return Loaded {
                history: History::default(),
                problems: vec![unavailable_notice(&reason)],
                outdated: false,
            };
        }
    };
    let Decoded {
        history,
        texts_elsewhere,
        unreadable,
    } = stored(&storage, namespace);
    // Rows here belong in the database; a save moves them there.
    let outdated = !history.is_empty();
    if unreadable.is_empty() {
        return Loaded {
            history,
            problems: Vec::new(),
            outdated,
        };
    }
    let kept = keep_aside(&storage, namespace, &unreadable);
    if kept.is_ok() {
        // Moved, not copied: once it is safe aside, the history keeps only what it can read,
        // so the next load neither reports nor copies it again.
        let in_database: HashSet<String> = texts_elsewhere.into_iter().collect();
        let _ = if history.is_empty() {
            storage.remove_item(&history_key(namespace))
        } else {
            storage.set_item(&history_key(namespace), &records::encode(&history, &in_database))
        };
    }
    let problem = aside_notice(namespace, &unreadable, kept);
    Loaded {
        history,
        problems: vec![problem],
        outdated,
    }
}

/// Copies `unreadable` parts to the quarantine key (each once, however often it is met), before
/// anything can overwrite them. Nothing to keep is nothing to write.
fn keep_aside(storage: &Storage, namespace: &str, unreadable: &[records::Unreadable]) -> Result<(), String> {
    if unreadable.is_empty() {
        return Ok(());
    }
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
    for part in unreadable {
        let part = Value::String(part.raw.clone());
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
/// the database takes them), then the compact rows in the database, merged in one transaction
/// with whatever is stored now (another tab may have written meanwhile) and with any rows left
/// in localStorage, which are then removed; so no attempt is ever overwritten by an older
/// snapshot. Where the database refuses the rows they go to localStorage, as before it held
/// them. Returns the merged history.
///
/// Which texts the database holds is read from the stored rows each time, never remembered:
/// after the history is deleted (rows and texts), the next save writes the texts again.
pub async fn save(namespace: &str, history: &History) -> Result<History, String> {
    let storage = local_storage()?;
    let in_rows = records::decode(&histories::get(namespace).await.ok().flatten().unwrap_or_default());
    let in_database: HashSet<String> = in_rows
        .texts_elsewhere
        .iter()
        .cloned()
        .chain(stored(&storage, namespace).texts_elsewhere)
        .collect();
    let pending: Vec<(String, String)> = history
        .attempts()
        .iter()
        .filter(|attempt| !attempt.text.is_empty() && !in_database.contains(&attempt.id))
        .map(|attempt| (attempt.id.clone(), attempt.text.clone()))
        .collect();
    let mut now_in_database = HashSet::new();
    // If the database refuses, the texts stay inline in the rows: never lost, only bulkier.
    if !pending.is_empty() && texts::put_all(namespace, &pending).await.is_ok() {
        now_in_database.extend(pending.into_iter().map(|(id, _)| id));
    }
    // Read again: another tab may have saved while the texts were being written.
    let rows_key = history_key(namespace);
    let left_text = storage.get_item(&rows_key).ok().flatten();
    let left_here = records::decode(left_text.as_deref().unwrap_or_default());
    keep_aside(&storage, namespace, &left_here.unreadable)?;
    let written = histories::update(namespace, |stored_rows| {
        let Decoded {
            history: mut merged,
            texts_elsewhere,
            unreadable,
        } = records::decode(&stored_rows.unwrap_or_default());
        keep_aside(&storage, namespace, &unreadable).map_err(Refusal::KeepAside)?;
        let mut in_database = now_in_database.clone();
        in_database.extend(texts_elsewhere);
        in_database.extend(left_here.texts_elsewhere.iter().cloned());
        merged.merge(left_here.history.attempts().iter().cloned());
        merged.merge(history.attempts().iter().cloned());
        Ok((records::encode(&merged, &in_database), merged))
    })
    .await;
    match written {
        Ok(merged) => {
            let mark = rows_mark_key(namespace);
            if storage.get_item(&mark).ok().flatten().is_none() {
                // Best effort: without it, a start that finds no summary takes this for a first
                // visit, and the rows join the history at the next save.
                let _ = storage.set_item(&mark, "indexeddb");
            }
            // All of them are in the database now (or kept aside); left behind, they would only
            // slow starts. Unless another tab (an older version's) wrote there meanwhile: then
            // they stay for the next save to merge.
            if left_text.is_some() && storage.get_item(&rows_key).ok().flatten() == left_text {
                let _ = storage.remove_item(&rows_key);
            }
            write_summary(namespace, &merged);
            Ok(merged)
        }
        Err(Refusal::KeepAside(reason)) => Err(reason),
        Err(Refusal::Database) => {
            // The database's rows (if it can still be read) join them, so the summary counts all.
            let mut everything = in_rows.history;
            everything.merge(history.attempts().iter().cloned());
            now_in_database.extend(in_rows.texts_elsewhere);
            save_merged(&storage, namespace, &everything, now_in_database)
        }
    }
}

/// Why the rows did not reach the database.
enum Refusal {
    /// The database refused (or there is none): localStorage takes the rows instead, so the
    /// student loses nothing and is told nothing.
    Database,
    /// Unreadable stored rows could not be kept aside, so nothing may overwrite them.
    KeepAside(String),
}

impl From<String> for Refusal {
    fn from(_reason: String) -> Refusal {
        Refusal::Database
    }
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
    keep_aside(storage, namespace, &unreadable)?;
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
    // The rows in the database first: if they stay, nothing else is deleted.
    if database::available() {
        histories::delete(namespace)
            .await
            .map_err(|_| "the browser refused to delete it".to_string())?;
    }
    storage
        .remove_item(&history_key(namespace))
        .map_err(|_| "the browser refused to delete it".to_string())?;
    let _ = storage.remove_item(&summary_key(namespace));
    let _ = storage.remove_item(&rows_mark_key(namespace));
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
