//! Custom hooks: where the UI meets time and storage.

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::state::{Action, AppState, SaveState};
use crate::core::clock::{Clock, ClockReading, announcement};
use crate::web::{env, storage};

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

/// Persistence as one effect: whenever the history changes, write it (merged with what other
/// tabs wrote) and report the outcome to the state, so a failure always reaches the user.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    let namespace = state.options.storage_key.clone();
    let history = state.history.clone();
    use_effect_with((), |_| storage::request_persistence());
    use_effect_with(state.history_revision, move |&revision| {
        if revision > 0 {
            match storage::save_merged(&namespace, &history) {
                Ok(merged) => {
                    if merged.len() > history.len() {
                        dispatcher.dispatch(Action::MergeHistory(merged));
                    }
                    dispatcher.dispatch(Action::Saved { revision });
                }
                Err(reason) => dispatcher.dispatch(Action::SaveFailed(reason)),
            }
        }
    });
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
                let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::StorageEvent>(event)
                else {
                    return;
                };
                if event.key().as_deref() == Some(key.as_str()) {
                    dispatcher.dispatch(Action::MergeHistory(storage::load(&namespace).history));
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
