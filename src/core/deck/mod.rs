//! The deck: model, loader and the problems a deck file can have.

mod load;
mod locate;
mod model;
mod packed;
mod problem;

pub use load::{FORMAT, VERSION, limits, load_deck, load_deck_bytes};
pub use model::{AUTHOR_NOT_NAMED, Claim, ClaimKind, Clash, Deck, Essay, Paragraph, Position};
pub use packed::{UnpackError, pack, unpack};
pub use problem::{DeckErrors, Problem};

/// The built-in deck's source, as an instructor would write a deck.
pub const BUILT_IN_DECK_JSON: &str = include_str!("../../../data/border-deck.json");
pub const BUILT_IN_DECK_NAME: &str = "data/border-deck.json";
/// What the app ships: that deck validated by [`load_deck`], then [`pack`]ed (kept current by
/// `tests/builtin_deck.rs`), so start-up does not parse and validate JSON.
pub const BUILT_IN_DECK_PACKED: &[u8] = include_bytes!("../../../data/border-deck.packed");

/// The built-in deck, as compiled into native builds (tests, `deck-check`). The app does not
/// compile it in: `embed.js` fetches the same bytes beside the WASM and hands them over
/// ([`unpack_built_in`]).
pub fn built_in_deck() -> Result<Deck, DeckErrors> {
    unpack_built_in(BUILT_IN_DECK_PACKED)
}

/// The built-in deck from its packed bytes. They were validated when they were written; damaged
/// bytes (a broken build or download) are reported like a broken deck rather than trusted.
pub fn unpack_built_in(bytes: &[u8]) -> Result<Deck, DeckErrors> {
    unpack(bytes).map_err(|error| DeckErrors {
        source_name: BUILT_IN_DECK_NAME.to_string(),
        problems: vec![Problem::new(
            "$",
            format!("the packed copy the app was given is damaged: {error}"),
        )],
    })
}
