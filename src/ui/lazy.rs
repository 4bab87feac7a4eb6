//! Code that a drill on the built-in deck does not need, loaded the first time it is used: the
//! views (the history with its progress, the deck view) and the deck checker (an instructor's
//! deck from a URL, a file or this device).
//!
//! In the app's build (Trunk, cargo feature `split`) `scripts/split-wasm.mjs` moves the code
//! only these split points reach into WebAssembly modules of their own, fetched on first use:
//! the first load carries only the drill. Elsewhere (tests, the feature off) it is simply
//! linked in and "loading" it is immediate.

use std::cell::Cell;
use std::thread::LocalKey;

use yew::prelude::*;

use super::components::deck::DeckView;
use super::components::history::HistoryView;
use crate::core::deck::{Deck, DeckErrors, load_deck_bytes};

/// The entry points of the lazily loaded module: plain function pointers, so that once it is
/// loaded rendering a view is an ordinary (synchronous) call into it.
#[derive(Clone, Copy)]
pub struct Views {
    pub history: fn() -> Html,
    pub deck: fn() -> Html,
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
        history: || html! { <HistoryView /> },
        deck: || html! { <DeckView /> },
    }
}

// The split points: everything reachable only from one of them goes to its module.
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
    static VIEWS: Cell<Option<Views>> = const { Cell::new(None) };
    static DECK_CHECK: Cell<Option<DeckCheck>> = const { Cell::new(None) };
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
