//! JSON read by the browser's own `JSON.parse`, into the core's `json::Value`. Start-up reads its
//! few small JSON records (the history's summary, a remembered deck's record) this way, so the
//! first load carries no JSON reader of its own (`core::json`'s is about 3 KB gzip); the
//! modules loaded later use `core::json`. Same values as `core::json::parse`, except that a
//! whole number written with a fraction or an exponent (`2.0`, `2e0`) reads as a whole number.

use js_sys::{Array, JsString, Object};
use wasm_bindgen::prelude::*;

use crate::core::json::{MAX_DEPTH, Value};

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a string that is still JavaScript's (`js_sys::JSON::parse` takes a `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_js_string(text: &JsString) -> Result<JsValue, JsValue>;
}

/// The value of `text`, or `None` when it is not JSON (or nests deeper than `core::json` reads).
/// `text` is a JavaScript string, such as a stored item (`storage::stored_item`): copied into the
/// WebAssembly, it would only be copied back for `JSON.parse` (docs/performance.md).
pub fn parse_js(text: &JsString) -> Option<Value> {
    value_of(&parse_js_string(text).ok()?, 1)
}

fn value_of(value: &JsValue, depth: usize) -> Option<Value> {
    if value.is_null() {
        return Some(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Some(Value::Bool(flag));
    }
    if let Some(number) = value.as_f64() {
        return Some(Value::from(number));
    }
    if let Some(text) = value.as_string() {
        return Some(Value::String(text));
    }
    if depth >= MAX_DEPTH {
        return None;
    }
    if Array::is_array(value) {
        let items: Option<Vec<Value>> = Array::from(value)
            .iter()
            .map(|item| value_of(&item, depth + 1))
            .collect();
        return items.map(Value::Array);
    }
    let object = value.dyn_ref::<Object>()?;
    let members: Option<Vec<(String, Value)>> = Object::entries(object)
        .iter()
        .map(|entry| {
            let entry = Array::from(&entry);
            let key = entry.get(0).dyn_into::<JsString>().ok()?;
            Some((String::from(key), value_of(&entry.get(1), depth + 1)?))
        })
        .collect();
    Some(Value::Object(members?.into_iter().collect()))
}
