//! Rebuttal texts in IndexedDB: the bulky part of the history, kept out of localStorage so that
//! tens of thousands of attempts fit. Keys are `[namespace, attempt id]`.
//!
//! Every function reports failure as a plain-words reason; callers keep texts inline in the
//! stored rows when IndexedDB refuses them, so nothing is lost either way.

use std::collections::HashMap;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use web_sys::{IdbKeyRange, IdbTransactionMode};

use super::database::{TEXTS, finished, open, reason};

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

/// Stores texts by attempt id; all or nothing (one transaction).
pub async fn put_all(namespace: &str, texts: &[(String, String)]) -> Result<(), String> {
    let database = open().await?;
    let (_, store) = database.store(TEXTS, IdbTransactionMode::Readwrite)?;
    let mut last = None;
    for (id, text) in texts {
        last = Some(
            store
                .put_with_key(&JsValue::from_str(text), &key(namespace, id))
                .map_err(|_| reason("store a text"))?,
        );
    }
    if let Some(request) = last {
        finished(&request).await?;
    }
    Ok(())
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
