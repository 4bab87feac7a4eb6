//! The deck: model, loader and the problems a deck file can have.

mod load;
mod locate;
mod model;
mod problem;

pub use load::{FORMAT, VERSION, limits, load_deck, load_deck_bytes};
pub use model::{Claim, ClaimKind, Clash, Deck, Essay, Paragraph, Position};
pub use problem::{DeckErrors, Problem};

/// The deck the app ships with, compiled in so the first drill needs no network.
pub const BUILT_IN_DECK_JSON: &str = include_str!("../../../data/border-deck.json");
pub const BUILT_IN_DECK_NAME: &str = "data/border-deck.json";

/// The built-in deck, validated by the same loader as any other deck.
pub fn built_in_deck() -> Result<Deck, DeckErrors> {
    load_deck(BUILT_IN_DECK_JSON, BUILT_IN_DECK_NAME)
}
