//! The service worker from the page's side: registration, news of a first install or of a
//! waiting update, and switching to that update when the user asks for it.
//!
//! The worker itself is `www/sw.js`; its precache list is written at build time by
//! `scripts/precache.mjs`. Browsers without service workers (or pages not served from a secure
//! context) are detected and left alone: the app works online there as before.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use js_sys::Promise;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    RegistrationOptions, ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

/// The worker's URL and scope, relative to the page so the app works from any sub-path.
const SCRIPT_URL: &str = "./sw.js";
const SCOPE: &str = "./";

/// How often an open page asks whether a new version was published (besides coming back
/// online and coming back to the tab).
const UPDATE_CHECK_MS: u32 = 60 * 60 * 1000;

/// If the new worker has not taken over this long after the user asked, reload anyway.
const RELOAD_FALLBACK_MS: u32 = 4000;

/// What the page learns about the service worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PwaEvent {
    /// The first worker finished installing: everything is cached, the app works offline.
    OfflineReady,
    /// A new version is installed; this page runs the older one until the student reloads.
    UpdateReady,
}

/// The page's service worker container, if this browser and context have one.
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.serviceWorker` is missing in old browsers and outside secure contexts.
    js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .ok()?
        .dyn_into::<ServiceWorkerContainer>()
        .ok()
}

/// Only the app's own page (which links the manifest) registers the worker; a page that merely
/// hosts the widget, or a test page, has no `sw.js` next to it.
fn page_is_the_app() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("link[rel~='manifest']").ok())
        .flatten()
        .is_some()
}

/// Calls `ok` or `err` with the promise's outcome. The two closures are small and few (one pair
/// per registration, update check or reload), so they are leaked rather than tracked.
fn settle(promise: &Promise, ok: impl FnOnce(JsValue) + 'static, err: impl FnOnce(JsValue) + 'static) {
    let ok = Closure::once(ok);
    let err = Closure::once(err);
    let _ = promise.then2(&ok, &err);
    ok.forget();
    err.forget();
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Registers the service worker and reports, through `on_event`, a first install
/// ([`PwaEvent::OfflineReady`]) or a new version waiting ([`PwaEvent::UpdateReady`]).
/// Does nothing where service workers are not available. Never reloads the page.
pub fn register(on_event: impl Fn(PwaEvent) + 'static) {
    let Some(container) = container() else {
        return;
    };
    if !page_is_the_app() || crate::embed::element_mode() {
        return;
    }
    let on_event: Rc<dyn Fn(PwaEvent)> = Rc::new(on_event);
    let options = RegistrationOptions::new();
    options.set_scope(SCOPE);
    let promise = container.register_with_options(SCRIPT_URL, &options);
    settle(
        &promise,
        move |value| {
            if let Ok(registration) = value.dyn_into::<ServiceWorkerRegistration>() {
                watch(&registration, &on_event);
            }
        },
        // Registration failed (no sw.js, a file:// page, storage disabled): the app still works
        // while online, there is just no offline copy. Nothing to tell the student.
        |_| {},
    );
}

fn watch(registration: &ServiceWorkerRegistration, on_event: &Rc<dyn Fn(PwaEvent)>) {
    // A new version may have been found by the navigation that loaded this page, before we
    // listened: it is waiting already, or still installing.
    if registration.waiting().is_some() {
        on_event(PwaEvent::UpdateReady);
    }
    if let Some(worker) = registration.installing() {
        track(registration, worker, on_event);
    }
    {
        let registration_ = registration.clone();
        let on_event = Rc::clone(on_event);
        EventListener::new(registration, "updatefound", move |_| {
            if let Some(worker) = registration_.installing() {
                track(&registration_, worker, &on_event);
            }
        })
        .forget();
    }
    // Browsers look for a new sw.js on navigations; a page left open looks too, quietly, when
    // the device comes back online, when the student comes back to the tab, and every hour.
    if let Some(window) = web_sys::window() {
        let registration_ = registration.clone();
        EventListener::new(&window, "online", move |_| check_for_update(&registration_)).forget();
        if let Some(document) = window.document() {
            let registration_ = registration.clone();
            let document_ = document.clone();
            EventListener::new(&document, "visibilitychange", move |_| {
                if !document_.hidden() {
                    check_for_update(&registration_);
                }
            })
            .forget();
        }
    }
    let registration_ = registration.clone();
    Interval::new(UPDATE_CHECK_MS, move || check_for_update(&registration_)).forget();
}

/// Follows one installing worker to the end of its installation.
fn track(registration: &ServiceWorkerRegistration, worker: ServiceWorker, on_event: &Rc<dyn Fn(PwaEvent)>) {
    // With a version already active, this one is an update: the page runs older code (whether
    // or not the old worker controls it) until the student reloads. Without one, it is the
    // first install, done once it is active.
    let first = registration.active().is_none();
    let on_event = Rc::clone(on_event);
    let worker_ = worker.clone();
    EventListener::new(&worker, "statechange", move |_| match (first, worker_.state()) {
        (false, ServiceWorkerState::Installed) => on_event(PwaEvent::UpdateReady),
        (true, ServiceWorkerState::Activated) => on_event(PwaEvent::OfflineReady),
        _ => {}
    })
    .forget();
}

fn check_for_update(registration: &ServiceWorkerRegistration) {
    if let Ok(promise) = registration.update() {
        // Offline, or the server is down: try again at the next occasion.
        settle(&promise, |_| {}, |_| {});
    }
}

/// Switches to the waiting version and reloads the page, which then runs it. Called only when
/// the student asks (the update prompt's button): nothing reloads under them.
pub fn accept_update() {
    let Some(container) = container() else {
        reload();
        return;
    };
    let promise = container.get_registration();
    let container_ = container.clone();
    settle(
        &promise,
        move |value| {
            let waiting = value
                .dyn_into::<ServiceWorkerRegistration>()
                .ok()
                .and_then(|registration| registration.waiting());
            let Some(worker) = waiting else {
                // Another tab already switched: this page only needs to reload.
                reload();
                return;
            };
            let reloaded = Rc::new(Cell::new(false));
            let reload_once = move || {
                if !reloaded.replace(true) {
                    reload();
                }
            };
            let on_change = reload_once.clone();
            EventListener::once(&container_, "controllerchange", move |_| on_change()).forget();
            Timeout::new(RELOAD_FALLBACK_MS, reload_once.clone()).forget();
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str("type"), &JsValue::from_str("SKIP_WAITING"));
            if worker.post_message(&message).is_err() {
                reload_once();
            }
        },
        |_| reload(),
    );
}
