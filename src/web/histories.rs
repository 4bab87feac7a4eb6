//! Each namespace's stored rows (the text of `core::records::encode`) in IndexedDB, keyed by the
//! namespace. Not in localStorage: a page's first localStorage access reads the whole origin's
//! storage, so rows kept there slowed every start as the history grew (10,000 attempts: 0.9
//! million characters, about 1.07x the start-up; docs/performance.md).
//!
//! Every function reports failure as a plain-words reason; `web::storage` then keeps the rows in
//! localStorage as before, so nothing is lost.

use wasm_bindgen::prelude::*;
use web_sys::IdbTransactionMode;

use super::database::{HISTORIES, committed, finished, open, reason};

/// The stored rows of `namespace`, if there are any.
pub async fn get(namespace: &str) -> Result<Option<String>, String> {
    let database = open().await?;
    let (_, store) = database.store(HISTORIES, IdbTransactionMode::Readonly)?;
    let request = store.get(&JsValue::from_str(namespace)).map_err(|_| reason("read"))?;
    Ok(finished(&request).await?.as_string())
}

/// Replaces the stored rows of `namespace` with what `change` makes of them, in one transaction,
/// so that no other tab's write comes between the read and the write. Returns `change`'s other
/// result once the new rows are committed; if `change` fails, nothing is written. The database's
/// own refusals come as `E::from` their reason.
pub async fn update<T, E: From<String>>(
    namespace: &str,
    change: impl FnOnce(Option<String>) -> Result<(String, T), E>,
) -> Result<T, E> {
    let database = open().await?;
    let (transaction, store) = database.store(HISTORIES, IdbTransactionMode::Readwrite)?;
    let key = JsValue::from_str(namespace);
    // The transaction stays active while this continues: the request's success event resolves
    // the future, and the microtasks that run it come before the event's dispatch ends.
    let stored = finished(&store.get(&key).map_err(|_| reason("read"))?).await?;
    let (rows, result) = match change(stored.as_string()) {
        Ok(changed) => changed,
        Err(why) => {
            let _ = transaction.abort();
            return Err(why);
        }
    };
    store
        .put_with_key(&JsValue::from_str(&rows), &key)
        .map_err(|_| reason("store the history"))?;
    committed(&transaction).await?;
    Ok(result)
}

/// Deletes the stored rows of `namespace`.
pub async fn delete(namespace: &str) -> Result<(), String> {
    let database = open().await?;
    let (transaction, store) = database.store(HISTORIES, IdbTransactionMode::Readwrite)?;
    store
        .delete(&JsValue::from_str(namespace))
        .map_err(|_| reason("delete"))?;
    committed(&transaction).await
}
