//! Choosing what a student drills: which position they defend and which opposing claim they answer.
//! Randomness comes in as an argument, so a seeded generator replays the same drills.

use rand::Rng;
use rand::seq::IndexedRandom;

use super::deck::{Deck, Essay};

/// The essay id a user asked for does not exist in the deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEssay {
    pub requested: String,
    pub valid: Vec<String>,
}

impl std::fmt::Display for UnknownEssay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "There is no essay \"{}\" in this deck. Valid essay ids: {}. A position was drawn at random instead.",
            self.requested,
            self.valid.join(", ")
        )
    }
}

/// The essay with id `requested`, or an error naming the valid ids.
pub fn requested_essay<'d>(deck: &'d Deck, requested: &str) -> Result<&'d Essay, UnknownEssay> {
    deck.essay(requested).ok_or_else(|| UnknownEssay {
        requested: requested.to_string(),
        valid: deck.essay_ids().map(str::to_string).collect(),
    })
}

/// A random essay to defend, other than `current` when the deck has another.
pub fn draw_essay<'d, R: Rng + ?Sized>(deck: &'d Deck, current: Option<&str>, rng: &mut R) -> &'d Essay {
    let others: Vec<&Essay> = deck
        .essays
        .iter()
        .filter(|essay| Some(essay.id.as_str()) != current)
        .collect();
    let pool = if others.is_empty() {
        deck.essays.iter().collect()
    } else {
        others
    };
    // A validated deck has at least two essays, so the pool is never empty.
    pool.choose(rng).copied().unwrap_or(&deck.essays[0])
}
