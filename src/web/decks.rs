//! Where decks come from besides the built-in one: a URL, a file the user picks or drops, and
//! the deck the user asked this device to remember. Validation is the core's; this only moves bytes.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::deck::limits::MAX_FILE_BYTES;
use crate::core::json::{self, Value};

use super::storage::{local_storage, stored_item};

/// Fetches a deck file. `url` may be relative to the page. Reads at most a little more than
/// the deck size limit, so the validator can say "too big" without the page holding a huge file.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| {
        format!("the deck at “{url}” could not be fetched: check the address, your connection, and that the server allows this page to read it (CORS)")
    })?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the browser gave no response".to_string())?;
    if !response.ok() {
        return Err(format!(
            "the deck at “{url}” could not be fetched: the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let too_big = |size: usize| {
        format!(
            "the deck at “{url}” is {} KB; a deck may be at most {} KB",
            size.div_ceil(1024),
            MAX_FILE_BYTES / 1024
        )
    };
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<usize>().ok());
    if let Some(size) = declared.filter(|size| *size > MAX_FILE_BYTES * 4) {
        return Err(too_big(size));
    }
    let buffer = response
        .array_buffer()
        .map_err(|_| "the response could not be read".to_string())?;
    let buffer = JsFuture::from(buffer)
        .await
        .map_err(|_| "the response could not be read".to_string())?;
    let bytes = js_sys::Uint8Array::new(&buffer);
    let length = bytes.length() as usize;
    if length > MAX_FILE_BYTES * 4 {
        return Err(too_big(length));
    }
    Ok(bytes.to_vec())
}

/// The bytes of a file the user picked or dropped.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    if file.size() > (MAX_FILE_BYTES * 4) as f64 {
        return Err(format!(
            "“{}” is {} KB; a deck may be at most {} KB",
            file.name(),
            // Whole kilobytes: formatting an f64 would pull float printing into the WASM.
            (file.size() / 1024.0).ceil() as u64,
            MAX_FILE_BYTES / 1024
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("“{}” could not be read", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

#[inline(always)]
fn remembered_key(namespace: &str) -> String {
    super::storage::namespaced_key(namespace, "deck")
}

/// The deck this device was asked to remember: (where it came from, its JSON).
pub fn remembered(namespace: &str) -> Option<(String, String)> {
    let stored = stored_item(&local_storage().ok()?, &remembered_key(namespace))?;
    remembered_record(&stored)
}

/// A remembered deck's stored record read. Out of line: most starts have none, and do not
/// compile it.
#[inline(never)]
fn remembered_record(stored: &js_sys::JsString) -> Option<(String, String)> {
    let value = super::json::parse_js(stored)?;
    Some((
        value.get("source")?.as_str()?.to_string(),
        value.get("deck")?.as_str()?.to_string(),
    ))
}

/// Remembers a deck's JSON for the next visits, offline too.
pub fn remember(namespace: &str, source: &str, deck_json: &str) -> Result<(), String> {
    let storage = local_storage()?;
    let record = json::object([
        ("v", Value::from(1u32)),
        ("source", Value::from(source)),
        ("deck", Value::from(deck_json)),
    ])
    .to_string();
    storage
        .set_item(&remembered_key(namespace), &record)
        .map_err(|_| "the browser's storage for this site is full or disabled".to_string())
}

pub fn forget(namespace: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(&remembered_key(namespace));
    }
}
