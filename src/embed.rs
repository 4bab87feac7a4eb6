//! The two ways a page starts Debate Drill, both from one WASM instance per page:
//!
//! - [`start_page`]: the full app on its own page (`index.html`, called by `loader.js`), and in an
//!   iframe (`index.html?embed=1`), where it also posts its height to the parent page.
//! - [`mount`]: one `<debate-drill>` element (called by `embed.js`, which defines the element and
//!   gives each one a shadow root). Any number of elements share the instance; each has its own
//!   state and, with its own `storage-key`, its own history.
//!
//! Nothing starts by itself when the module is initialised (`main` only [`register`]s these two
//! functions for `embed.js`), so a course page that only loads `embed.js` gets elements and
//! nothing else.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::ui::WidgetProps;
use crate::ui::host::{HostElement, parent_window};
use crate::web::env;

/// The height message's subject, understood by Canvas, Moodle and Sakai.
const FRAME_RESIZE: &str = "lti.frameResize";

/// Quiet time before a height is posted: a burst of layout changes sends one message.
const RESIZE_DEBOUNCE_MS: u32 = 100;

/// The class `html` gets in iframe mode (transparent page, no margins; `www/style.css`).
const FRAME_CLASS: &str = "dd-frame";

/// The global symbol under which [`register`] leaves the entry points for `embed.js`.
pub const API_KEY: &str = "debate-drill";

thread_local! {
    static ELEMENT_MODE: Cell<bool> = const { Cell::new(false) };
}

/// Whether this page runs the widget as `<debate-drill>` elements (then the page is a course page,
/// not the app: no service worker is registered for it).
pub fn element_mode() -> bool {
    ELEMENT_MODE.with(Cell::get)
}

/// Starts the full app on the page's `#app` element with the page's query parameters. With
/// `embed=1` in a frame, the page becomes transparent and reports its height to the parent.
pub fn start_page() {
    if crate::start_with(env::query_pairs()).is_some_and(|app| app.embedded()) {
        enter_frame_mode();
    }
}

/// Makes the page transparent and reports its height to the parent page. Out of line: the app's
/// own page does not run it, so its start does not compile it.
#[inline(never)]
fn enter_frame_mode() {
    if let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    {
        let _ = root.class_list().add_1(FRAME_CLASS);
        if let Some(parent) = parent_window() {
            report_height(root, parent);
        }
    }
}

/// Posts `{subject: "lti.frameResize", height}` to `parent` now and whenever the document's
/// height changes (debounced), so the LMS sizes the iframe to the widget with no scrollbars.
fn report_height(root: web_sys::Element, parent: web_sys::Window) {
    let last = Rc::new(Cell::new(-1_i32));
    let pending: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let post = {
        let root = root.clone();
        move || {
            // The root's own box is the content's height; scrollHeight would never shrink below
            // the frame's current height.
            let height = root.get_bounding_client_rect().height().ceil() as i32;
            if height > 0 && height != last.replace(height) {
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"subject".into(), &FRAME_RESIZE.into());
                let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
                // "*": the LMS's origin is unknown, and a height is no secret.
                let _ = parent.post_message(&message, "*");
            }
        }
    };
    let post = Rc::new(post);
    let on_resize = Closure::<dyn Fn()>::new(move || {
        let post = Rc::clone(&post);
        // Replacing the pending timeout drops (cancels) it: only the last change is posted.
        pending.replace(Some(Timeout::new(RESIZE_DEBOUNCE_MS, move || post())));
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        // Called once at once by the browser, then on every change of the root's size.
        observer.observe(&root);
        // The page lives as long as the observer: both are kept for good.
        std::mem::forget(observer);
    }
    on_resize.forget();
}

/// Makes [`start_page`] and [`mount`] available to the page's JavaScript, as the object
/// `globalThis[Symbol.for("debate-drill")]` = `{useBuiltInDeck(bytes), startPage(),
/// mount(host, root, params)}`. `embed.js` calls `useBuiltInDeck` with the built-in deck's
/// packed bytes (a `Uint8Array` it fetched beside the WASM) before anything starts.
///
/// Called by `main` when the module is initialised. Not `#[wasm_bindgen]` exports: those need
/// the crate built as a `cdylib`, which keeps every binding of every dependency alive and makes
/// the WASM about 80 KB (14 %) bigger than this binary, where everything unused is dropped.
pub fn register() {
    let api = js_sys::Object::new();
    let built_in = Closure::<dyn Fn(js_sys::Uint8Array)>::new(|bytes: js_sys::Uint8Array| {
        crate::ui::launch::provide_built_in_deck(&bytes.to_vec());
    });
    let start = Closure::<dyn Fn()>::new(start_page);
    let mount = Closure::<dyn Fn(web_sys::Element, web_sys::Element, js_sys::Array) -> JsValue>::new(mount);
    let _ = js_sys::Reflect::set(&api, &"useBuiltInDeck".into(), built_in.as_ref());
    let _ = js_sys::Reflect::set(&api, &"startPage".into(), start.as_ref());
    let _ = js_sys::Reflect::set(&api, &"mount".into(), mount.as_ref());
    // The page keeps them for as long as it lives.
    built_in.forget();
    start.forget();
    mount.forget();
    let _ = js_sys::Reflect::set(&js_sys::global(), &js_sys::Symbol::for_(API_KEY).into(), &api);
}

/// Mounts the widget for the element `host` in `root` (an element in the host's shadow root),
/// with `params` as `[[name, value], ...]`: the element's attributes, same names and same
/// meanings as `index.html`'s query parameters (bad values give notices, never a dead widget).
/// Attempts are announced as `debate-drill:attempt` events on `host`. Returns the mounted app's
/// handle, `{unmount()}`: `embed.js` calls it when the element leaves the page, or before
/// mounting it again with changed attributes.
pub fn mount(host: web_sys::Element, root: web_sys::Element, params: js_sys::Array) -> JsValue {
    ELEMENT_MODE.with(|mode| mode.set(true));
    let mut pairs: Vec<(String, String)> = params
        .iter()
        .filter_map(|pair| {
            let pair = pair.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .filter(|(name, _)| name != "embed")
        .collect();
    // An element is always embedded: no app title, no page chrome.
    pairs.push(("embed".to_string(), "1".to_string()));
    let props = WidgetProps {
        params: pairs,
        host: Some(HostElement(host)),
    };
    let app = crate::ui::mount(root, props);
    let handle = js_sys::Object::new();
    let unmount = Closure::once_into_js(move || app.destroy());
    let _ = js_sys::Reflect::set(&handle, &"unmount".into(), &unmount);
    handle.into()
}
