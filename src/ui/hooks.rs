//! Custom hooks: where the UI meets time and storage.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use super::lazy::{self, Practice};
use super::state::{Action, AppState, SaveState, View};
use crate::core::attempt::History;
use crate::core::clock::{Clock, ClockReading, announcement};
use crate::web::{env, storage};

/// How often the clock is read; finer than a second so the display never skips a second.
const TICK_MS: u32 = 250;

/// The clock's current reading, refreshed on a timer that only re-renders the caller, plus the
/// last thing worth announcing to screen readers.
#[hook]
pub fn use_clock_reading(clock: Clock) -> (ClockReading, Option<String>) {
    // `_eq`: the effect below reads the clock again at once, and the same reading must not
    // render the timer a second time right after the first render.
    let reading = use_state_eq(|| clock.reading(env::now_ms()));
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
/// reaches the user. The first write reads the stored history in first (`read_history`).
///
/// Right after a start that read only the summary, it looks for rows an older version left in
/// localStorage: they slow every start until a save moves them to the database.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<AppState>) {
    {
        let dispatcher = state.dispatcher();
        let namespace = state.options.storage_key.clone();
        // Read at start only when there was no summary: the practice module is there then.
        let practice = state
            .practice
            .filter(|_| state.history_loaded() && !state.history.is_empty());
        let summary_only = !state.history_loaded();
        use_effect_with((), move |_| {
            storage::request_persistence();
            if let Some(practice) = practice {
                spawn_local(load_texts(practice, namespace, dispatcher));
            } else if summary_only && storage::has_local_rows(&namespace) {
                // Read with the database's; the save that follows (`Loaded::outdated`) moves them.
                spawn_local(async move {
                    if let Ok(practice) = practice_for(&dispatcher).await {
                        read_history(practice, namespace, dispatcher, ReadFor::Drill).await;
                    }
                });
            }
        });
    }
    let state = state.clone();
    use_effect_with(state.history_revision, move |&revision| {
        if revision > 0 {
            // Taken here, not on every render: a render per keystroke must not copy the history.
            let dispatcher = state.dispatcher();
            let namespace = state.options.storage_key.clone();
            let history = Rc::clone(&state.history);
            let history_loaded = state.history_loaded();
            spawn_local(async move {
                let Ok(practice) = lazy::practice_module().await else {
                    dispatcher.dispatch(Action::SaveFailed(
                        "the code that saves it has not reached this device yet (are you offline?)".to_string(),
                    ));
                    return;
                };
                if !history_loaded {
                    read_history(practice, namespace.clone(), dispatcher.clone(), ReadFor::Drill).await;
                }
                match (practice.save)(namespace, Rc::clone(&history)).await {
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

/// Why the stored history is read, which decides what is said about unreadable parts.
#[derive(Clone, Copy, PartialEq)]
enum ReadFor {
    /// This page needs it: any unreadable part is reported (and kept aside).
    Drill,
    /// Another tab wrote it: that tab reported its problems already.
    OtherTab,
}

/// Reads the stored history into the state (merged with the attempts made meanwhile), then the
/// texts kept in IndexedDB.
async fn read_history(
    practice: Practice,
    namespace: String,
    dispatcher: UseReducerDispatcher<AppState>,
    reason: ReadFor,
) {
    let loaded = (practice.load_history)(namespace.clone()).await;
    dispatcher.dispatch(Action::HistoryLoaded {
        history: loaded.history,
        problems: if reason == ReadFor::OtherTab {
            Vec::new()
        } else {
            loaded.problems
        },
        outdated: reason == ReadFor::Drill && loaded.outdated,
    });
    load_texts(practice, namespace, dispatcher).await;
}

/// Reads the rebuttal texts kept in IndexedDB into the history (they are not needed to start).
async fn load_texts(practice: Practice, namespace: String, dispatcher: UseReducerDispatcher<AppState>) {
    if let Some(texts) = (practice.load_texts)(namespace).await {
        if !texts.is_empty() {
            dispatcher.dispatch(Action::TextsLoaded(Rc::new(texts)));
        }
    }
}

/// Merges attempts that another tab of the same site writes, as they are written. The rows are
/// in IndexedDB, which tells no other tab; the summary beside them in localStorage does.
#[hook]
pub fn use_storage_sync(state: &UseReducerHandle<AppState>) {
    let dispatcher = state.dispatcher();
    let namespace = state.options.storage_key.clone();
    use_effect_with(namespace, move |namespace| {
        // Every save writes the summary; rows written where the database refused them change the
        // rows' key too.
        let keys = [storage::summary_key(namespace), storage::history_key(namespace)];
        let namespace = namespace.clone();
        let listener = web_sys::window().map(|window| {
            EventListener::new(&window, "storage", move |event| {
                let Some(event) = wasm_bindgen::JsCast::dyn_ref::<web_sys::StorageEvent>(event) else {
                    return;
                };
                if event.key().is_some_and(|changed| keys.contains(&changed)) {
                    let (namespace, dispatcher) = (namespace.clone(), dispatcher.clone());
                    spawn_local(async move {
                        // Without the module this page cannot read it now; its next save merges it.
                        if let Ok(practice) = practice_for(&dispatcher).await {
                            read_history(practice, namespace, dispatcher, ReadFor::OtherTab).await;
                        }
                    });
                }
            })
        });
        move || drop(listener)
    });
}

/// Fetches the practice module at the student's first interaction with the widget (the
/// returned callback, for pointer, key and focus events), long before a rebuttal is submitted,
/// and reads the stored history in once a view that shows it is opened.
#[hook]
pub fn use_practice(state: &UseReducerHandle<AppState>) -> Callback<()> {
    let dispatcher = state.dispatcher();
    let namespace = state.options.storage_key.clone();
    let view_needs_history = state.view != View::Drill && !state.history_loaded();
    {
        let dispatcher = dispatcher.clone();
        use_effect_with(view_needs_history, move |&needed| {
            if needed {
                spawn_local(async move {
                    // Without the module the view shows what this page has; the next save merges.
                    if let Ok(practice) = practice_for(&dispatcher).await {
                        read_history(practice, namespace, dispatcher, ReadFor::Drill).await;
                    }
                });
            }
        });
    }
    wake_practice(state.dispatcher(), state.practice.is_some())
}

/// A callback that fetches the practice module unless it is `loaded` already. A failure is
/// recorded in the state; what needs the module says so.
pub fn wake_practice(dispatcher: UseReducerDispatcher<AppState>, loaded: bool) -> Callback<()> {
    Callback::from(move |()| {
        if !loaded {
            let dispatcher = dispatcher.clone();
            spawn_local(async move {
                if practice_for(&dispatcher).await.is_err() {
                    dispatcher.dispatch(Action::PracticeFailed);
                }
            });
        }
    })
}

/// The practice module, loaded if it is not yet, with the state told that it is there.
pub async fn practice_for(dispatcher: &UseReducerDispatcher<AppState>) -> Result<Practice, lazy::NotLoaded> {
    let practice = lazy::practice_module().await?;
    dispatcher.dispatch(Action::PracticeLoaded(practice));
    Ok(practice)
}

/// Whether the history has reached storage, for a small status line.
pub fn save_status(save: &SaveState) -> Option<String> {
    match save {
        SaveState::Saved => None,
        SaveState::Pending => Some("Saving…".to_string()),
        SaveState::Failed(reason) => Some(format!("Not saved: {reason}")),
    }
}

/// The stored history as `Widget` reads it before the first drill, when the start found no
/// readable summary (`AtStart::NeedsHistory`, `AtStart::Unsummarised`): the first drill is
/// chosen from it.
pub enum HistoryFirst {
    /// Not needed: the drill starts from the summary, or from no history.
    NotNeeded,
    /// The practice module, which reads it, and then the history are being loaded.
    Waiting,
    /// Read, with any problems reading it (see `storage::Loaded`). Shared with the state, not
    /// copied into it.
    Read {
        history: Rc<History>,
        problems: Vec<String>,
        outdated: bool,
    },
    /// The practice module could not be loaded (offline before it was cached): start-up says
    /// the history could not be read; it stays in storage.
    Unreachable,
}

/// Reads the stored history of `namespace` before the first drill when `needed`, loading the
/// practice module for it at once. Shared, so that a start (which needs none) only copies a
/// pointer.
#[hook]
pub fn use_history_first(namespace: &str, needed: bool) -> Rc<HistoryFirst> {
    let first = use_state(|| {
        Rc::new(if needed {
            HistoryFirst::Waiting
        } else {
            HistoryFirst::NotNeeded
        })
    });
    {
        let first = first.clone();
        let namespace = namespace.to_string();
        use_effect_with((), move |_| {
            if matches!(**first, HistoryFirst::Waiting) {
                spawn_local(async move {
                    first.set(Rc::new(match lazy::practice_module().await {
                        Ok(practice) => {
                            let loaded = (practice.load_history)(namespace).await;
                            HistoryFirst::Read {
                                history: Rc::new(loaded.history),
                                problems: loaded.problems,
                                outdated: loaded.outdated,
                            }
                        }
                        Err(_) => HistoryFirst::Unreachable,
                    }));
                });
            }
        });
    }
    Rc::clone(&first)
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
