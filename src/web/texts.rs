//! Rebuttal texts in IndexedDB: the bulky part of the history, kept out of localStorage so that
//! tens of thousands of attempts fit. Keys are `[namespace, attempt id]`.
//!
//! Every function reports failure as a plain-words reason; callers keep texts inline in the
//! stored rows when IndexedDB refuses them, so nothing is lost either way.

use std::collections::HashMap;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{IdbKeyRange, IdbTransactionMode};

use super::database::{TEXTS, committed, finished, open, reason};

fn key(namespace: &str, id: &str) -> JsValue {
    Array::of2(&namespace.into(), &id.into()).into()
}

/// Every key of `namespace`: `[namespace, ""]` up to `[namespace, []]` (arrays sort after strings).
fn namespace_range(namespace: &str) -> Result<IdbKeyRange, String> {
    IdbKeyRange::bound(
        &key(namespace, ""),
        &Array::of2(&namespace.into(), &Array::new()).into(),
    )
    .map_err(|_| reason("select"))
}

/// Stores texts by attempt id; all or nothing (one transaction), and `Ok` only once it has
/// committed: a row may drop its text only then (ARCHITECTURE.md, "A text leaves a row only
/// once IndexedDB has it").
pub async fn put_all(namespace: &str, texts: &[(String, String)]) -> Result<(), String> {
    let database = open().await?;
    let (transaction, store) = database.store(TEXTS, IdbTransactionMode::Readwrite)?;
    for (id, text) in texts {
        if store
            .put_with_key(&JsValue::from_str(text), &key(namespace, id))
            .is_err()
        {
            // Not some of them: the texts stay in the rows, all of them.
            let _ = transaction.abort();
            return Err(reason("store a text"));
        }
    }
    committed(&transaction).await
}

/// Every stored text of `namespace`, by attempt id.
pub async fn get_all(namespace: &str) -> Result<HashMap<String, String>, String> {
    let database = open().await?;
    let (_, store) = database.store(TEXTS, IdbTransactionMode::Readonly)?;
    let range = namespace_range(namespace)?;
    let keys = finished(&store.get_all_keys_with_key(&range).map_err(|_| reason("read"))?).await?;
    let values = finished(&store.get_all_with_key(&range).map_err(|_| reason("read"))?).await?;
    drop(database);
    let keys = Array::from(&keys);
    let values = Array::from(&values);
    let mut texts = HashMap::with_capacity(values.length() as usize);
    for index in 0..keys.length().min(values.length()) {
        let id = Array::from(&keys.get(index)).get(1).as_string();
        if let (Some(id), Some(text)) = (id, values.get(index).as_string()) {
            texts.insert(id, text);
        }
    }
    Ok(texts)
}

/// Deletes every text of `namespace`.
pub async fn delete_all(namespace: &str) -> Result<(), String> {
    let database = open().await?;
    let (_, store) = database.store(TEXTS, IdbTransactionMode::Readwrite)?;
    let range = namespace_range(namespace)?;
    finished(&store.delete(&range).map_err(|_| reason("delete"))?).await?;
    Ok(())
}
