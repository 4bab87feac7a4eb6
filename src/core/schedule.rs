//! Spaced practice with FSRS: which opposing claim comes next, and what is due.
//!
//! A *card* is one opposing claim answered from one position (a claim of essay 001 rebutted by a
//! defender of 000 is a different skill from rebutting it for 002). Its memory state is replayed
//! from the self-ratings in the history by FSRS-6 (`fsrs6`); nothing scheduling-related is stored.

use std::collections::HashMap;

use super::fsrs6::{self, MemoryState};
use super::order;
use rand::Rng;
use rand::seq::IndexedRandom;

use super::attempt::{Attempt, History, Rating};
use super::deck::{Claim, Deck};

const DAY_MS: f64 = 86_400_000.0;
/// The recall probability FSRS schedules for.
pub const DESIRED_RETENTION: f32 = 0.9;
/// New claims introduced per position per day, so a student is not flooded on day one.
pub const NEW_CLAIMS_PER_DAY: usize = 4;

/// What the scheduler knows about one card.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardState {
    pub memory: MemoryState,
    pub last_review_ms: f64,
    pub due_ms: f64,
    pub reviews: u32,
    pub last_rating: Rating,
}

impl CardState {
    /// Probability, by FSRS's forgetting curve, that the student still handles this claim well.
    pub fn retrievability(&self, now_ms: f64) -> f32 {
        let days = ((now_ms - self.last_review_ms) / DAY_MS).max(0.0) as f32;
        fsrs6::retrievability(self.memory, days)
    }

    pub fn is_due(&self, now_ms: f64) -> bool {
        self.due_ms <= now_ms
    }
}

/// Why a claim was chosen, so the UI can say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Its review is due: the student handled it least well recently.
    Due,
    /// Never rated from this position.
    New,
    /// Nothing is due and today's new claims are used up: the weakest one comes early.
    Ahead,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice<'d> {
    pub claim: &'d Claim,
    pub reason: Reason,
}

/// The cards of one deck, replayed from its history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schedule {
    /// (essay id, claim id) → state, for every card with at least one rating.
    cards: HashMap<(String, String), CardState>,
    /// (essay id, claim id) → first time it was drilled at all (rated or not).
    first_seen_ms: HashMap<(String, String), f64>,
}

/// The entries of a (essay id, claim id) map that belong to `essay_id`.
fn of_essay<V: Copy>(map: &HashMap<(String, String), V>, essay_id: &str) -> HashMap<(String, String), V> {
    map.iter()
        .filter(|((essay, _), _)| essay == essay_id)
        .map(|(key, value)| (key.clone(), *value))
        .collect()
}

impl Schedule {
    /// Replays the ratings of `history` for `deck_id`, oldest first.
    pub fn from_history(history: &History, deck_id: &str) -> Schedule {
        Schedule::replay(history.of_deck(deck_id))
    }

    /// The same for one position only: all that choosing its next claim needs, and a fraction
    /// of the work at start-up with a long history.
    pub fn for_position(history: &History, deck_id: &str, essay_id: &str) -> Schedule {
        Schedule::replay(history.of_position(deck_id, essay_id))
    }

    fn replay<'a>(attempts: impl Iterator<Item = &'a Attempt>) -> Schedule {
        Schedule::default().replaying(attempts)
    }

    /// This schedule with `attempts` (newer than any it has seen) replayed on top, oldest first.
    pub fn replaying<'a>(mut self, attempts: impl Iterator<Item = &'a Attempt>) -> Schedule {
        for attempt in attempts {
            self.record(attempt);
        }
        self
    }

    fn record(&mut self, attempt: &Attempt) {
        let key = (attempt.essay_id.clone(), attempt.claim_id.clone());
        self.first_seen_ms.entry(key.clone()).or_insert(attempt.submitted_at_ms);
        let Some(rating) = attempt.rating else {
            return;
        };
        let previous = self.cards.get(&key).copied();
        let days = previous.map_or(0, |card| {
            ((attempt.submitted_at_ms - card.last_review_ms) / DAY_MS).max(0.0) as u32
        });
        let Some(memory) = fsrs6::next_state(previous.map(|card| card.memory), days, rating.number() as u32) else {
            return;
        };
        // FSRS gives whole-day intervals; "Again" means today, so make it due right away.
        let interval_days = if rating == Rating::Again {
            0.0
        } else {
            f64::from(fsrs6::interval(memory.stability, DESIRED_RETENTION).max(1.0))
        };
        self.cards.insert(
            key,
            CardState {
                memory,
                last_review_ms: attempt.submitted_at_ms,
                // Whole milliseconds, so the stored summary holds it exactly.
                due_ms: (attempt.submitted_at_ms + interval_days * DAY_MS).round(),
                reviews: previous.map_or(1, |card| card.reviews + 1),
                last_rating: rating,
            },
        );
    }

    /// Every card: (essay id, claim id, state), in no particular order.
    pub fn cards(&self) -> impl Iterator<Item = (&str, &str, &CardState)> {
        self.cards
            .iter()
            .map(|((essay, claim), card)| (essay.as_str(), claim.as_str(), card))
    }

    /// When each (essay, claim) pair was first drilled, rated or not.
    pub fn first_seen(&self) -> impl Iterator<Item = (&str, &str, f64)> {
        self.first_seen_ms
            .iter()
            .map(|((essay, claim), at)| (essay.as_str(), claim.as_str(), *at))
    }

    /// A schedule rebuilt from its parts (a stored summary), as `cards` and `first_seen` gave them.
    pub fn from_parts(
        cards: impl IntoIterator<Item = (String, String, CardState)>,
        first_seen: impl IntoIterator<Item = (String, String, f64)>,
    ) -> Schedule {
        Schedule {
            cards: cards
                .into_iter()
                .map(|(essay, claim, card)| ((essay, claim), card))
                .collect(),
            first_seen_ms: first_seen
                .into_iter()
                .map(|(essay, claim, at)| ((essay, claim), at))
                .collect(),
        }
    }

    /// Only the cards of one position.
    pub fn position(&self, essay_id: &str) -> Schedule {
        Schedule {
            cards: of_essay(&self.cards, essay_id),
            first_seen_ms: of_essay(&self.first_seen_ms, essay_id),
        }
    }

    pub fn card(&self, essay_id: &str, claim_id: &str) -> Option<&CardState> {
        self.cards.get(&(essay_id.to_string(), claim_id.to_string()))
    }

    /// Claims of `essay_id`'s opponents that are due now, most forgotten first.
    pub fn due<'d>(&self, deck: &'d Deck, essay_id: &str, now_ms: f64) -> Vec<(&'d Claim, CardState)> {
        let mut due: Vec<(&Claim, CardState)> = deck
            .opposing_claims(essay_id)
            .into_iter()
            .filter_map(|claim| self.card(essay_id, &claim.id).map(|card| (claim, *card)))
            .filter(|(_, card)| card.is_due(now_ms))
            .collect();
        order::sort_by(&mut due, |a, b| {
            a.1.retrievability(now_ms).total_cmp(&b.1.retrievability(now_ms))
        });
        due
    }

    /// The next time any card of this position falls due, if none is due now.
    pub fn next_due_ms(&self, deck: &Deck, essay_id: &str) -> Option<f64> {
        deck.opposing_claims(essay_id)
            .into_iter()
            .filter_map(|claim| self.card(essay_id, &claim.id))
            .map(|card| card.due_ms)
            .min_by(f64::total_cmp)
    }

    /// Chooses the next opposing claim for a student defending `essay_id`: the due claim they
    /// handle worst; otherwise a new claim while today's allowance lasts; otherwise the weakest.
    /// `avoid` (the claim just drilled) is skipped whenever anything else qualifies.
    pub fn choose<'d, R: Rng + ?Sized>(
        &self,
        deck: &'d Deck,
        essay_id: &str,
        today: DayWindow,
        avoid: Option<&str>,
        rng: &mut R,
    ) -> Option<Choice<'d>> {
        let now_ms = today.now_ms;
        let candidates: Vec<&Claim> = deck.opposing_claims(essay_id);
        let preferred: Vec<&Claim> = candidates
            .iter()
            .copied()
            .filter(|claim| Some(claim.id.as_str()) != avoid)
            .collect();
        let pool = if preferred.is_empty() { candidates } else { preferred };

        let weakest = |claims: &[&'d Claim], due_only: bool| -> Option<&'d Claim> {
            claims
                .iter()
                .copied()
                .filter_map(|claim| self.card(essay_id, &claim.id).map(|card| (claim, card)))
                .filter(|(_, card)| !due_only || card.is_due(now_ms))
                .min_by(|a, b| a.1.retrievability(now_ms).total_cmp(&b.1.retrievability(now_ms)))
                .map(|(claim, _)| claim)
        };
        if let Some(claim) = weakest(&pool, true) {
            return Some(Choice {
                claim,
                reason: Reason::Due,
            });
        }
        let new: Vec<&Claim> = pool
            .iter()
            .copied()
            .filter(|claim| self.card(essay_id, &claim.id).is_none())
            .collect();
        let introduced_today = self
            .first_seen_ms
            .iter()
            .filter(|((essay, _), first)| essay == essay_id && today.contains(**first))
            .count();
        let learned_any = candidates_learned(self, essay_id);
        if !new.is_empty() && (introduced_today < NEW_CLAIMS_PER_DAY || !learned_any) {
            // Unrated claims already seen come before never-seen ones.
            let seen: Vec<&Claim> = new
                .iter()
                .copied()
                .filter(|claim| {
                    self.first_seen_ms
                        .contains_key(&(essay_id.to_string(), claim.id.clone()))
                })
                .collect();
            let from = if seen.is_empty() { &new } else { &seen };
            return from.choose(rng).map(|claim| Choice {
                claim,
                reason: Reason::New,
            });
        }
        weakest(&pool, false)
            .or_else(|| new.choose(rng).copied())
            .map(|claim| Choice {
                claim,
                reason: Reason::Ahead,
            })
    }
}

fn candidates_learned(schedule: &Schedule, essay_id: &str) -> bool {
    schedule.cards.keys().any(|(essay, _)| essay == essay_id)
}

/// "Today" in the student's time zone: what counts as a new claim introduced today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayWindow {
    pub now_ms: f64,
    pub start_ms: f64,
}

impl DayWindow {
    /// The local day containing `now_ms`, for a zone `offset_minutes` east of UTC.
    pub fn around(now_ms: f64, offset_minutes: i32) -> DayWindow {
        let offset_ms = f64::from(offset_minutes) * 60_000.0;
        let start_ms = ((now_ms + offset_ms) / DAY_MS).floor() * DAY_MS - offset_ms;
        DayWindow { now_ms, start_ms }
    }

    pub fn contains(&self, time_ms: f64) -> bool {
        time_ms >= self.start_ms && time_ms < self.start_ms + DAY_MS
    }
}
