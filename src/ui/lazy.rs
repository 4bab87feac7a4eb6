//! Code that the first screen of a drill does not need, loaded the first time it is used: the
//! practice (feedback, the review, reading and writing the history, export: fetched at the
//! student's first interaction with the widget, long before a rebuttal is submitted), the views
//! (the history with its progress, the deck view) and the deck checker (an instructor's deck
//! from a URL, a file or this device).
//!
//! In the app's build (Trunk, cargo feature `split`) `scripts/split-wasm.mjs` moves the code
//! only these split points reach into WebAssembly modules of their own, fetched on first use:
//! the first load carries only the drill. Elsewhere (tests, the feature off) it is simply
//! linked in and "loading" it is immediate.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::pin::Pin;
use std::rc::Rc;
use std::thread::LocalKey;

use yew::prelude::*;

use super::AppHandle;
use super::components::deck::DeckView;
use super::components::drill::{self, ClockSettingsForm};
use super::components::history::{HistoryView, export_history};
use super::components::review::Review;
use super::host::{self, HostElement};
use super::state::AppState;
use crate::core::attempt::History;
use crate::core::clock::ClockSettings;
use crate::core::deck::{Claim, Deck, DeckErrors, Essay, load_deck_bytes};
use crate::core::feedback::Feedback;
use crate::core::schedule::Schedule;
use crate::web::{storage, texts};

/// A future of the practice module's, boxed so that its entry points are plain function pointers.
pub type Pending<T> = Pin<Box<dyn Future<Output = T>>>;

/// Rebuttal texts by attempt id.
pub type Texts = HashMap<String, String>;

/// The entry points of the practice module. Nothing on the first screen needs them: the module
/// is fetched at the first pointer, key or focus in the widget (`hooks::use_practice`), and
/// whatever needs it before then (a start with a history but no summary, a save, another tab's
/// write) waits for it.
#[derive(Clone, Copy)]
pub struct Practice {
    /// Feedback on the draft, as submitted now (`None` without a current claim).
    pub analyse: fn(&AppState) -> Option<Feedback>,
    pub review: fn(Rc<Feedback>, AppHandle) -> Html,
    /// Reads the stored history of a namespace (`storage::load`).
    pub load_history: fn(String) -> Pending<storage::Loaded>,
    /// Writes the history of a namespace and returns it merged with what was stored
    /// (`storage::save`).
    pub save: fn(String, Rc<History>) -> Pending<Result<History, String>>,
    /// The rebuttal texts kept in IndexedDB, by attempt id (`None` when they cannot be read).
    pub load_texts: fn(String) -> Pending<Option<Texts>>,
    pub write_summary: fn(&str, &History),
    pub export: fn(&AppHandle),
    /// Tells the page around the widget about the attempt under review (`host::report`).
    pub report: fn(&AppState, Option<&HostElement>),
    /// The timer settings form, for the clock's settings now.
    pub clock_settings: fn(ClockSettings, UseReducerDispatcher<AppState>) -> Html,
    /// A claim's passage in its essay, for "Read the passage in context".
    pub passage: fn(&Essay, &Claim) -> Html,
    /// `schedule` with the attempts of `history` on (deck id, essay id) replayed on top.
    pub replay: fn(Schedule, &History, &str, &str) -> Schedule,
}

/// One module, so any two are the same.
impl PartialEq for Practice {
    fn eq(&self, _: &Practice) -> bool {
        true
    }
}

impl fmt::Debug for Practice {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Practice")
    }
}

fn practice() -> Practice {
    Practice {
        analyse: |state| state.analyse(&state.draft),
        review: |feedback, app| html! { <Review {feedback} {app} /> },
        load_history: |namespace| Box::pin(async move { storage::load(&namespace).await }),
        save: |namespace, history| Box::pin(async move { storage::save(&namespace, &history).await }),
        load_texts: |namespace| Box::pin(async move { texts::get_all(&namespace).await.ok() }),
        write_summary: storage::write_summary,
        export: export_history,
        report: host::report,
        clock_settings: |settings, dispatcher| html! { <ClockSettingsForm {settings} {dispatcher} /> },
        passage: drill::passage,
        replay: |schedule, history, deck_id, essay_id| schedule.replaying(history.of_position(deck_id, essay_id)),
    }
}

/// The entry points of the lazily loaded module: plain function pointers, so that once it is
/// loaded rendering a view is an ordinary (synchronous) call into it.
#[derive(Clone, Copy)]
pub struct Views {
    pub history: fn(AppHandle) -> Html,
    pub deck: fn(AppHandle) -> Html,
}

/// Validates deck bytes (named for messages) into a deck, or every problem found.
pub type DeckCheck = fn(&[u8], &str) -> Result<Deck, DeckErrors>;

/// The module could not be fetched or instantiated (offline before it was cached, say).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NotLoaded;

#[cfg(all(feature = "split", target_family = "wasm"))]
impl From<wasm_split_helpers::SplitLoaderError> for NotLoaded {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        NotLoaded
    }
}

fn views() -> Views {
    Views {
        history: |app| html! { <HistoryView {app} /> },
        deck: |app| html! { <DeckView {app} /> },
    }
}

// The split points: everything reachable only from one of them goes to its module.
#[cfg_attr(
    all(feature = "split", target_family = "wasm"),
    wasm_split_helpers::wasm_split(practice, fallible)
)]
fn split_practice() -> Result<Practice, NotLoaded> {
    Ok(practice())
}

#[cfg_attr(
    all(feature = "split", target_family = "wasm"),
    wasm_split_helpers::wasm_split(views, fallible)
)]
fn split_views() -> Result<Views, NotLoaded> {
    Ok(views())
}

#[cfg_attr(
    all(feature = "split", target_family = "wasm"),
    wasm_split_helpers::wasm_split(decks, fallible)
)]
fn split_deck_check() -> Result<DeckCheck, NotLoaded> {
    Ok(load_deck_bytes)
}

thread_local! {
    /// Set once a module is there; every widget on the page shares it.
    static PRACTICE: Cell<Option<Practice>> = const { Cell::new(None) };
    static VIEWS: Cell<Option<Views>> = const { Cell::new(None) };
    static DECK_CHECK: Cell<Option<DeckCheck>> = const { Cell::new(None) };
}

/// The practice module, if it is already loaded.
pub fn loaded_practice() -> Option<Practice> {
    PRACTICE.with(Cell::get)
}

/// The views, if they are already loaded.
pub fn loaded_views() -> Option<Views> {
    VIEWS.with(Cell::get)
}

/// The future of a split point's result: its module's load where the build is split, the plain
/// call elsewhere.
macro_rules! split_point {
    ($point:ident) => {{
        #[cfg(all(feature = "split", target_family = "wasm"))]
        let load = $point();
        #[cfg(not(all(feature = "split", target_family = "wasm")))]
        let load = std::future::ready($point());
        load
    }};
}

/// Loads the practice module (once per page; a failed load is tried again by the next call).
pub async fn practice_module() -> Result<Practice, NotLoaded> {
    load_once(&PRACTICE, split_point!(split_practice)).await
}

/// Loads the views (once per page; a failed load is tried again by the next call).
pub async fn views_module() -> Result<Views, NotLoaded> {
    load_once(&VIEWS, split_point!(split_views)).await
}

/// Loads the deck checker (once per page; a failed load is tried again by the next call).
pub async fn deck_check() -> Result<DeckCheck, NotLoaded> {
    load_once(&DECK_CHECK, split_point!(split_deck_check)).await
}

async fn load_once<T: Copy + 'static>(
    cell: &'static LocalKey<Cell<Option<T>>>,
    load: impl Future<Output = Result<T, NotLoaded>>,
) -> Result<T, NotLoaded> {
    if let Some(loaded) = cell.with(Cell::get) {
        return Ok(loaded);
    }
    let loaded = load.await?;
    cell.with(|cell| cell.set(Some(loaded)));
    Ok(loaded)
}
