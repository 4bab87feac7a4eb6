//! The deck: model, loader and the problems a deck file can have.

mod load;
mod locate;
mod model;
mod packed;
mod problem;

pub use load::{FORMAT, VERSION, limits, load_deck, load_deck_bytes};
pub use model::{Claim, ClaimKind, Clash, Deck, Essay, Paragraph, Position};
pub use packed::{UnpackError, pack, unpack};
pub use problem::{DeckErrors, Problem};

/// The built-in deck's source, as an instructor would write a deck.
pub const BUILT_IN_DECK_JSON: &str = include_str!("../../../data/border-deck.json");
pub const BUILT_IN_DECK_NAME: &str = "data/border-deck.json";
/// What the app ships: that deck validated by [`load_deck`], then [`pack`]ed (kept current by
/// `tests/builtin_deck.rs`), so start-up does not parse and validate JSON.
pub const BUILT_IN_DECK_PACKED: &[u8] = include_bytes!("../../../data/border-deck.packed");

/// The built-in deck. Its bytes were validated when they were written; a damaged build (bytes
/// that do not unpack) is reported like a broken deck rather than trusted.
pub fn built_in_deck() -> Result<Deck, DeckErrors> {
    unpack(BUILT_IN_DECK_PACKED).map_err(|error| DeckErrors {
        source_name: BUILT_IN_DECK_NAME.to_string(),
        problems: vec![Problem::new(
            "$",
            format!("the packed copy built into the app is damaged: {error}"),
        )],
    })
}
