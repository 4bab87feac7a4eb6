//! The site's IndexedDB database, "debate-drill": opening it (creating or upgrading its stores)
//! and awaiting its requests and transactions. Its stores are `texts` (`web::texts`) and
//! `histories` (`web::histories`).
//!
//! Versions: 1 had `texts` only; 2 added `histories`. An upgrade only creates what is missing,
//! so every version's data stays where it was.

use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

const DATABASE: &str = "debate-drill";
const VERSION: u32 = 2;

/// Rebuttal texts, by `[namespace, attempt id]`.
pub const TEXTS: &str = "texts";
/// Each namespace's stored rows (`core::records::encode`), by namespace.
pub const HISTORIES: &str = "histories";

/// Whether this page has a database at all (some private modes offer none).
pub fn available() -> bool {
    web_sys::window()
        .and_then(|window| window.indexed_db().ok().flatten())
        .is_some()
}

pub fn reason(what: &str) -> String {
    format!("the browser's database refused to {what}")
}

/// Resolves with the request's result once it succeeds.
pub async fn finished(request: &IdbRequest) -> Result<JsValue, String> {
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

/// Resolves once `transaction` is committed: only then is what it wrote on disk.
pub async fn committed(transaction: &IdbTransaction) -> Result<(), String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call0(&JsValue::NULL);
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        // An error aborts the transaction too: one rejection covers both.
        transaction.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| reason("keep the change (its storage may be full)"))
}

/// An open connection to the database, closed when dropped: on every path, failures included,
/// so that none is left open to hold up the next version's upgrade. (Closing waits for its
/// transactions to finish.)
pub struct Database(IdbDatabase);

impl Drop for Database {
    fn drop(&mut self) {
        self.0.close();
    }
}

impl Database {
    /// A new transaction on `store` in `mode`, and the store within it.
    pub fn store(&self, store: &str, mode: IdbTransactionMode) -> Result<(IdbTransaction, IdbObjectStore), String> {
        let transaction = self
            .0
            .transaction_with_str_and_mode(store, mode)
            .map_err(|_| reason("start a transaction"))?;
        let object_store = transaction
            .object_store(store)
            .map_err(|_| reason("start a transaction"))?;
        Ok((transaction, object_store))
    }
}

pub async fn open() -> Result<Database, String> {
    let factory = web_sys::window()
        .and_then(|window| window.indexed_db().ok().flatten())
        .ok_or_else(|| "this browser offers no database for this page".to_string())?;
    let request = factory.open_with_u32(DATABASE, VERSION).map_err(|_| reason("open"))?;
    let upgrade_target = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Ok(result) = upgrade_target.result() {
            let database: IdbDatabase = result.unchecked_into();
            for store in [TEXTS, HISTORIES] {
                if !database.object_store_names().contains(store) {
                    let _ = database.create_object_store(store);
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    finished(&request)
        .await
        .map(|database| Database(database.unchecked_into()))
}
