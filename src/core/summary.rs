//! What start-up needs from the history, kept small beside it: the number of attempts and each
//! deck's FSRS cards. Start-up reads only this, so it does not grow with the history; the full
//! history is read right after the drill is on screen. Written with every save, from the merged
//! history that was just stored; stored in its own versioned, hand-mapped form.

use std::collections::BTreeSet;

use super::fsrs6::MemoryState;
use super::json::{self, Value, object};
use super::order;

use super::attempt::{History, Rating};
use super::schedule::{CardState, Schedule};

/// 2: stability and difficulty stored as their `f32` bits (exact, and no float printing).
pub const SUMMARY_VERSION: u64 = 2;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Attempts in the stored history, all decks.
    pub count: usize,
    /// (deck id, its schedule).
    pub schedules: Vec<(String, Schedule)>,
}

impl Summary {
    pub fn of(history: &History) -> Summary {
        let decks: BTreeSet<&str> = history
            .attempts()
            .iter()
            .map(|attempt| attempt.deck_id.as_str())
            .collect();
        Summary {
            count: history.len(),
            schedules: decks
                .into_iter()
                .map(|deck| (deck.to_string(), Schedule::from_history(history, deck)))
                .collect(),
        }
    }

    /// The schedule of one position of one deck (empty if the deck was never drilled).
    /// Out of line: only a returning visit's start runs it, so a first visit's does not
    /// compile it.
    #[inline(never)]
    pub fn schedule(&self, deck_id: &str, essay_id: &str) -> Schedule {
        self.schedules
            .iter()
            .find(|(deck, _)| deck == deck_id)
            .map_or_else(Schedule::default, |(_, schedule)| schedule.position(essay_id))
    }
}

pub fn encode(summary: &Summary) -> String {
    let decks: Vec<Value> = summary
        .schedules
        .iter()
        .map(|(deck, schedule)| {
            // Sorted by (essay, claim), so the same history always gives the same text.
            let mut cards: Vec<_> = schedule.cards().collect();
            order::sort_by_key(&mut cards, |&(essay, claim, _)| (essay, claim));
            let cards: Vec<Value> = cards
                .into_iter()
                .map(|(essay, claim, card)| {
                    Value::Array(vec![
                        Value::from(essay),
                        Value::from(claim),
                        Value::from(card.memory.stability.to_bits()),
                        Value::from(card.memory.difficulty.to_bits()),
                        Value::from(card.last_review_ms),
                        Value::from(card.due_ms),
                        Value::from(card.reviews),
                        Value::from(card.last_rating.number()),
                    ])
                })
                .collect();
            let mut seen: Vec<_> = schedule.first_seen().collect();
            order::sort_by_key(&mut seen, |&(essay, claim, _)| (essay, claim));
            let seen: Vec<Value> = seen
                .into_iter()
                .map(|(essay, claim, at)| Value::Array(vec![Value::from(essay), Value::from(claim), Value::from(at)]))
                .collect();
            object([
                ("deck", Value::from(deck.as_str())),
                ("cards", Value::Array(cards)),
                ("seen", Value::Array(seen)),
            ])
        })
        .collect();
    object([
        ("v", Value::from(SUMMARY_VERSION)),
        ("count", Value::from(summary.count)),
        ("decks", Value::Array(decks)),
    ])
    .to_string()
}

/// The summary, or `None` when it is missing, unreadable or of another version: start-up then
/// reads the whole history instead (and the next save writes a new summary).
pub fn decode(text: &str) -> Option<Summary> {
    decode_value(&json::parse(text).ok()?)
}

/// The same from the JSON value of the text (read by whoever reads JSON best where it runs).
pub fn decode_value(value: &Value) -> Option<Summary> {
    if value.get("v")?.as_u64()? != SUMMARY_VERSION {
        return None;
    }
    let count = usize::try_from(value.get("count")?.as_u64()?).ok()?;
    let mut schedules = Vec::new();
    for deck in value.get("decks")?.as_array()? {
        let id = deck.get("deck")?.as_str()?.to_string();
        let mut cards = Vec::new();
        for card in deck.get("cards")?.as_array()? {
            let fields = card.as_array().filter(|fields| fields.len() == 8)?;
            let number = |index: usize| fields[index].as_f64().filter(|n| n.is_finite());
            let bits = |index: usize| {
                let value = f32::from_bits(u32::try_from(fields[index].as_u64()?).ok()?);
                value.is_finite().then_some(value)
            };
            cards.push((
                fields[0].as_str()?.to_string(),
                fields[1].as_str()?.to_string(),
                CardState {
                    memory: MemoryState {
                        stability: bits(2)?,
                        difficulty: bits(3)?,
                    },
                    last_review_ms: number(4)?,
                    due_ms: number(5)?,
                    reviews: u32::try_from(fields[6].as_u64()?).ok()?,
                    last_rating: Rating::from_number(fields[7].as_u64()?)?,
                },
            ));
        }
        let mut seen = Vec::new();
        for entry in deck.get("seen")?.as_array()? {
            let fields = entry.as_array().filter(|fields| fields.len() == 3)?;
            seen.push((
                fields[0].as_str()?.to_string(),
                fields[1].as_str()?.to_string(),
                fields[2].as_f64()?,
            ));
        }
        schedules.push((id, Schedule::from_parts(cards, seen)));
    }
    Some(Summary { count, schedules })
}
