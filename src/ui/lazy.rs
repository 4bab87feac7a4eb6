//! Views that are not needed to start a drill (the history with its progress, the deck view),
//! loaded the first time one is opened.
//!
//! In the app's build (Trunk, cargo feature `split`) `scripts/split-wasm.mjs` moves the code only
//! these views reach into a second WebAssembly module, fetched on first use: the first load
//! carries only the drill. Elsewhere (tests, the feature off) the views are simply linked in
//! and "loading" them is immediate.

use std::cell::Cell;

use yew::prelude::*;

use super::components::deck::DeckView;
use super::components::history::HistoryView;

/// The entry points of the lazily loaded module: plain function pointers, so that once it is
/// loaded rendering a view is an ordinary (synchronous) call into it.
#[derive(Clone, Copy)]
pub struct Views {
    pub history: fn() -> Html,
    pub deck: fn() -> Html,
}

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

// The split point: everything reachable only from here goes to the module `views`.
#[cfg_attr(
    all(feature = "split", target_family = "wasm"),
    wasm_split_helpers::wasm_split(views, fallible)
)]
fn split_views() -> Result<Views, NotLoaded> {
    Ok(views())
}

thread_local! {
    /// Set once the module is there; every widget on the page shares it.
    static LOADED: Cell<Option<Views>> = const { Cell::new(None) };
}

/// The views, if they are already loaded.
pub fn loaded() -> Option<Views> {
    LOADED.with(Cell::get)
}

/// Loads the views (once per page; a failed load is tried again by the next call).
pub async fn load() -> Result<Views, NotLoaded> {
    if let Some(views) = loaded() {
        return Ok(views);
    }
    #[cfg(all(feature = "split", target_family = "wasm"))]
    let views = split_views().await?;
    #[cfg(not(all(feature = "split", target_family = "wasm")))]
    let views = split_views()?;
    LOADED.with(|loaded| loaded.set(Some(views)));
    Ok(views)
}
