//! Custom hooks: where the UI meets time and storage.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::lazy;
use super::state::{Action, AppState, SaveState};
use crate::core::clock::{Clock, ClockReading, announcement};
use crate::web::{env, storage, texts};

/// How often the clock is read; finer than a second so the display never skips a second.
const TICK_MS: u32 = 250;

/// The clock's current reading, refreshed on a timer that only re-renders the caller, plus the
/// last thing worth announcing to screen readers.
#[hook]
pub fn use_clock_reading(clock: Clock) -> (ClockReading, Option<String>) {
    let reading = use_state(|| clock.reading(env::now_ms()));
    let announced = use_state(|| None::<String>);
    {
        let reading = reading.clone();
        let announced = announced.clone();
        use_effect_with(clock, move |clock| {
            let clock = *clock;
            reading.set(clock.reading(env::now_ms()));
            let mut last = clock.reading(env::now_ms());
            let interval = Interval::new(TICK_MS, move || {
                let next = clock.reading(env::now_ms());
                if next != last {
                    if let Some(text) = announcement(last, next) {
                        announced.set(Some(text));
                    }
                    reading.set(next);
                    last = next;
                }
            });
            move || drop(interval)
        });
    }
    (*reading, (*announced).clone())
}

/// Persistence as one effect: whenever the history changes, write it (texts to IndexedDB, rows
/// merged with what other tabs wrote) and report the outcome to the state, so a failure always
/// reaches the user. Also loads the texts kept in IndexedDB once, after start-up.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<AppState>) {
    {
        let dispatcher = state.dispatcher();
        let namespace = state.options.storage_key.clone();
        let history_loaded = state.history_loaded();
        use_effect_with((), move |_| {
            storage::request_persistence();
            if history_loaded {
                spawn_local(load_texts(namespace, dispatcher));
            } else {
                // After the first paint: reading a long history must not delay the drill. The
                // texts come after it, since they fill in the attempts it brings.
                gloo::timers::callback::Timeout::new(0, move || {
                    let loaded = storage::load(&namespace);
                    dispatcher.dispatch(Action::HistoryLoaded {
                        history: loaded.history,
                        problems: loaded.problems,
                        texts_inline: loaded.texts_inline,
                    });
                    spawn_local(load_texts(namespace, dispatcher));
                })
                .forget();
            }
        });
    }
    let state = state.clone();
    use_effect_with(state.history_revision, move |&revision| {
        if revision > 0 {
            // Taken here, not on every render: a render per keystroke must not copy the history.
            let dispatcher = state.dispatcher();
            let namespace = state.options.storage_key.clone();
            let history = state.history.clone();
            spawn_local(async move {
                match storage::save(&namespace, &history).await {
                    Ok(merged) => {
                        if merged.len() > history.len() {
                            dispatcher.dispatch(Action::MergeHistory(merged));
                        }
                        dispatcher.dispatch(Action::Saved { revision });
                    }
                    Err(reason) => dispatcher.dispatch(Action::SaveFailed(reason)),
                }
            });
        }
    });
}

/// Reads the rebuttal texts kept in IndexedDB into the history (they are not needed to start).
async fn load_texts(namespace: String, dispatcher: UseReducerDispatcher<AppState>) {
    if let Ok(texts) = texts::get_all(&namespace).await {
        if !texts.is_empty() {
            dispatcher.dispatch(Action::TextsLoaded(Rc::new(texts)));
        }
    }
}

/// Merges attempts that another tab of the same site writes, as they are written.
#[hook]
pub fn use_storage_sync(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    let namespace = state.options.storage_key.clone();
    use_effect_with(namespace, move |namespace| {
        let key = storage::history_key(namespace);
        let namespace = namespace.clone();
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "storage", move |event| {
                let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::StorageEvent>(event) else {
                    return;
                };
                if event.key().as_deref() == Some(key.as_str()) {
                    dispatcher.dispatch(Action::MergeHistory(storage::load(&namespace).history));
                    // The other tab's texts went to IndexedDB first; read them too.
                    spawn_local(load_texts(namespace.clone(), dispatcher.clone()));
                }
            })
        });
        move || drop(listener)
    });
}

/// Whether the history has reached storage, for a small status line.
pub fn save_status(save: &SaveState) -> Option<String> {
    match save {
        SaveState::Saved => None,
        SaveState::Pending => Some("Saving…".to_string()),
        SaveState::Failed(reason) => Some(format!("Not saved: {reason}")),
    }
}

/// Where the lazily loaded views stand (see `ui::lazy`).
#[derive(Clone, Copy)]
pub enum ViewsLoad {
    Loading,
    Ready(lazy::Views),
    /// The module could not be loaded; `retry` asks again.
    Failed,
}

/// The views that are loaded on first use, loading them once `wanted` (a view that needs them
/// is open). Returns their state and a callback that tries a failed load again.
#[hook]
pub fn use_lazy_views(wanted: bool) -> (ViewsLoad, Callback<()>) {
    let load = use_state(|| lazy::loaded_views().map_or(ViewsLoad::Loading, ViewsLoad::Ready));
    let tries = use_state(|| 0_u32);
    {
        let load = load.clone();
        let ready = matches!(*load, ViewsLoad::Ready(_));
        use_effect_with((wanted && !ready, *tries), move |&(needed, _)| {
            if needed {
                load.set(ViewsLoad::Loading);
                spawn_local(async move {
                    load.set(match lazy::views_module().await {
                        Ok(views) => ViewsLoad::Ready(views),
                        Err(lazy::NotLoaded) => ViewsLoad::Failed,
                    });
                });
            }
        });
    }
    let retry = Callback::from(move |()| tries.set(*tries + 1));
    (*load, retry)
}
