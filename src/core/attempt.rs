//! Attempts and the history they make up. Domain types only: how they are stored is `records`.

use std::collections::{HashMap, HashSet};

use super::feedback::Verdict;
use super::order;

/// The student's own judgement of how well they answered, the scheduler's input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn from_number(number: u64) -> Option<Rating> {
        Rating::ALL.into_iter().find(|rating| rating.number() == number)
    }

    pub fn number(self) -> u64 {
        self as u64
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

/// One submitted rebuttal.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// Unique across devices and tabs: used to merge histories without duplicates.
    pub id: String,
    pub deck_id: String,
    pub essay_id: String,
    pub claim_id: String,
    pub text: String,
    /// Milliseconds since the Unix epoch.
    pub started_at_ms: f64,
    pub submitted_at_ms: f64,
    /// The student's time zone at submission, minutes east of UTC (unknown for old records):
    /// which calendar day the attempt counts on.
    pub utc_offset_minutes: Option<i32>,
    /// The last change (submission or rating), to pick the newer copy when merging.
    pub updated_at_ms: f64,
    pub prep_secs: u32,
    pub speak_secs: u32,
    pub seconds_spent: u32,
    pub over_time: bool,
    pub words: u32,
    /// The feedback's verdicts, in `feedback::Aspect::ALL` order.
    pub verdicts: Vec<Verdict>,
    pub rating: Option<Rating>,
}

/// Oldest first; the id breaks ties so the order never depends on where attempts came from.
fn chronological(a: &Attempt, b: &Attempt) -> std::cmp::Ordering {
    a.submitted_at_ms
        .total_cmp(&b.submitted_at_ms)
        .then_with(|| a.id.cmp(&b.id))
}

/// Every attempt, oldest first, each id once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    attempts: Vec<Attempt>,
}

impl History {
    pub fn new(mut attempts: Vec<Attempt>) -> History {
        // Stored histories come sorted and without repeats: check that cheaply (no id copies)
        // before paying for a sort or a merge, since this runs at start-up on every attempt.
        if !attempts.is_sorted_by(|a, b| chronological(a, b).is_le()) {
            order::sort_by(&mut attempts, chronological);
        }
        let mut seen: HashSet<&str> = HashSet::with_capacity(attempts.len());
        let repeated = attempts.iter().any(|attempt| !seen.insert(attempt.id.as_str()));
        if !repeated {
            return History { attempts };
        }
        let mut history = History::default();
        history.merge(attempts);
        history
    }

    pub fn attempts(&self) -> &[Attempt] {
        &self.attempts
    }

    pub fn len(&self) -> usize {
        self.attempts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.attempts.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Attempt> {
        self.attempts.iter().find(|attempt| attempt.id == id)
    }

    /// Adds or updates attempts; for an id already present, the copy changed last wins.
    /// Returns whether anything changed.
    pub fn merge(&mut self, incoming: impl IntoIterator<Item = Attempt>) -> bool {
        // An index by id keeps merging linear: histories grow to tens of thousands.
        let mut position: HashMap<String, usize> = self
            .attempts
            .iter()
            .enumerate()
            .map(|(index, attempt)| (attempt.id.clone(), index))
            .collect();
        let mut changed = false;
        for attempt in incoming {
            match position.get(&attempt.id).map(|&index| &mut self.attempts[index]) {
                Some(known) if attempt.updated_at_ms > known.updated_at_ms => {
                    // A copy read without its text (stored elsewhere) never erases a known text.
                    let text = if attempt.text.is_empty() {
                        std::mem::take(&mut known.text)
                    } else {
                        attempt.text
                    };
                    *known = Attempt { text, ..attempt };
                    changed = true;
                }
                Some(known) if known.text.is_empty() && !attempt.text.is_empty() => {
                    known.text = attempt.text;
                    changed = true;
                }
                Some(_) => {}
                None => {
                    position.insert(attempt.id.clone(), self.attempts.len());
                    self.attempts.push(attempt);
                    changed = true;
                }
            }
        }
        if changed {
            order::sort_by(&mut self.attempts, chronological);
        }
        changed
    }

    /// Fills in texts that were read without them (stored elsewhere); returns whether any was.
    pub fn fill_texts(&mut self, texts: &HashMap<String, String>) -> bool {
        let mut filled = false;
        for attempt in self.attempts.iter_mut().filter(|attempt| attempt.text.is_empty()) {
            if let Some(text) = texts.get(&attempt.id) {
                attempt.text = text.clone();
                filled = true;
            }
        }
        filled
    }

    /// Records the student's rating; returns false if there is no such attempt.
    pub fn rate(&mut self, id: &str, rating: Rating, now_ms: f64) -> bool {
        match self.attempts.iter_mut().find(|attempt| attempt.id == id) {
            Some(attempt) => {
                attempt.rating = Some(rating);
                attempt.updated_at_ms = now_ms.max(attempt.updated_at_ms);
                true
            }
            None => false,
        }
    }

    /// The attempts made with deck `deck_id` (history is kept per deck), oldest first.
    pub fn of_deck<'a>(&'a self, deck_id: &str) -> impl Iterator<Item = &'a Attempt> {
        self.attempts.iter().filter(move |attempt| attempt.deck_id == deck_id)
    }

    /// The attempts defending `essay_id` of deck `deck_id`, oldest first.
    pub fn of_position<'a>(&'a self, deck_id: &str, essay_id: &str) -> impl Iterator<Item = &'a Attempt> {
        self.of_deck(deck_id)
            .filter(move |attempt| attempt.essay_id == essay_id)
    }

    /// Claim ids of the attempts defending `essay_id` (in deck `deck_id`), oldest first.
    pub fn claims_drilled(&self, deck_id: &str, essay_id: &str) -> Vec<&str> {
        self.of_position(deck_id, essay_id)
            .map(|attempt| attempt.claim_id.as_str())
            .collect()
    }
}
