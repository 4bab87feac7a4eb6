//! Rebuttal texts in IndexedDB: the bulky part of the history, kept out of localStorage so that
//! tens of thousands of attempts fit. Keys are `[namespace, attempt id]`.
//!
//! Every function reports failure as a plain-words reason; callers keep texts inline in
//! localStorage when IndexedDB is unavailable, so nothing is lost either way.

use std::collections::HashMap;

use js_sys::{Array, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbObjectStore, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "debate-drill";
const STORE: &str = "texts";
const VERSION: u32 = 1;

fn reason(what: &str) -> String {
    format!("the browser's database refused to {what}")
}

/// Resolves with the request's result once it succeeds.
async fn finished(request: &IdbRequest) -> Result<JsValue, String> {
    let request_for_result = request.clone();
    let promise = Promise::new(&mut |resolve, reject| {
        let request = request_for_result.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &request.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call0(&JsValue::NULL);
        });
        request_for_result.set_onsuccess(Some(on_success.unchecked_ref()));
        request_for_result.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(|_| reason("answer"))
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|window| window.indexed_db().ok().flatten())
        .ok_or_else(|| "this browser offers no database for this page".to_string())?;
    let request = factory.open_with_u32(DATABASE, VERSION).map_err(|_| reason("open"))?;
    let upgrade_target = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(result) = upgrade_target.result() {
            let database: IdbDatabase = result.unchecked_into();
            if !database.object_store_names().contains(STORE) {
                let _ = database.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    finished(&request).await.map(JsCast::unchecked_into)
}

fn store(database: &IdbDatabase, mode: IdbTransactionMode) -> Result<IdbObjectStore, String> {
    database
        .transaction_with_str_and_mode(STORE, mode)
        .and_then(|transaction| transaction.object_store(STORE))
        .map_err(|_| reason("start a transaction"))
}

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
    let store = store(&database, IdbTransactionMode::Readwrite)?;
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
    database.close();
    Ok(())
}

/// Every stored text of `namespace`, by attempt id.
pub async fn get_all(namespace: &str) -> Result<HashMap<String, String>, String> {
    let database = open().await?;
    let store = store(&database, IdbTransactionMode::Readonly)?;
    let range = namespace_range(namespace)?;
    let keys = finished(&store.get_all_keys_with_key(&range).map_err(|_| reason("read"))?).await?;
    let values = finished(&store.get_all_with_key(&range).map_err(|_| reason("read"))?).await?;
    database.close();
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
    let store = store(&database, IdbTransactionMode::Readwrite)?;
    let range = namespace_range(namespace)?;
    finished(&store.delete(&range).map_err(|_| reason("delete"))?).await?;
    database.close();
    Ok(())
}
