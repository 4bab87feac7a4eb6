//! Progress from the history: attempts per day, streaks, mastery per claim and per position.
//! Days are local calendar days: each attempt counts on the day it was in the student's own time
//! zone when they submitted it, so travelling never breaks or invents a streak.

use std::collections::{BTreeMap, HashMap};

use super::attempt::{Attempt, History};
use super::deck::Deck;
use super::feedback::{Feedback, Verdict};
use super::order;
use super::schedule::Schedule;

const DAY_MS: f64 = 86_400_000.0;

/// Days since 1970-01-01 in a zone `offset_minutes` east of UTC.
pub fn local_day(time_ms: f64, offset_minutes: i32) -> i64 {
    ((time_ms + f64::from(offset_minutes) * 60_000.0) / DAY_MS).floor() as i64
}

/// (year, month 1–12, day 1–31) of a day number, for labels. Proleptic Gregorian calendar.
pub fn civil_date(day: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days_from_civil inverse.
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day_of_month = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day_of_month)
}

fn attempt_day(attempt: &Attempt, fallback_offset: i32) -> i64 {
    local_day(
        attempt.submitted_at_ms,
        attempt.utc_offset_minutes.unwrap_or(fallback_offset),
    )
}

/// Attempts per local day (only days with attempts).
pub fn attempts_per_day(attempts: &[&Attempt], fallback_offset: i32) -> BTreeMap<i64, u32> {
    let mut days = BTreeMap::new();
    for attempt in attempts {
        *days.entry(attempt_day(attempt, fallback_offset)).or_insert(0) += 1;
    }
    days
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Streaks {
    /// Consecutive days with practice ending today, or yesterday if today has none yet.
    pub current: u32,
    pub best: u32,
}

pub fn streaks(days: &BTreeMap<i64, u32>, today: i64) -> Streaks {
    let mut best = 0;
    let mut run = 0;
    let mut previous: Option<i64> = None;
    for &day in days.keys() {
        run = if previous == Some(day - 1) { run + 1 } else { 1 };
        best = best.max(run);
        previous = Some(day);
    }
    let mut current = 0;
    let mut day = if days.contains_key(&today) { today } else { today - 1 };
    while days.contains_key(&day) {
        current += 1;
        day -= 1;
    }
    Streaks { current, best }
}

/// How well a student handles a claim, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Weak,
    Learning,
    Solid,
    Mastered,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Weak => "weak",
            Level::Learning => "learning",
            Level::Solid => "solid",
            Level::Mastered => "mastered",
        }
    }
}

/// Mastery of one opposing claim from one position.
#[derive(Debug, Clone, PartialEq)]
pub struct Mastery {
    pub essay_id: String,
    pub claim_id: String,
    pub attempts: u32,
    /// 0–1: feedback points of the last three attempts over the maximum.
    pub feedback: f32,
    /// FSRS recall probability now, if the claim was ever rated.
    pub retrievability: Option<f32>,
    /// 0–1, combining recall, the last self-rating and feedback; what the level and "weakest"
    /// are based on.
    pub score: f32,
    pub level: Level,
}

fn feedback_share(attempt: &Attempt) -> f32 {
    let points: u32 = attempt.verdicts.iter().map(|verdict: &Verdict| verdict.points()).sum();
    points as f32 / Feedback::max_score() as f32
}

/// Mastery of every (position, claim) pair the student has drilled in `deck`, weakest first.
pub fn mastery(history: &History, deck: &Deck, now_ms: f64) -> Vec<Mastery> {
    let schedule = Schedule::from_history(history, &deck.id);
    let mut drilled: HashMap<(String, String), Vec<&Attempt>> = HashMap::new();
    for attempt in history.of_deck(&deck.id) {
        drilled
            .entry((attempt.essay_id.clone(), attempt.claim_id.clone()))
            .or_default()
            .push(attempt);
    }
    let mut result: Vec<Mastery> = drilled
        .into_iter()
        .map(|((essay_id, claim_id), attempts)| {
            let recent = &attempts[attempts.len().saturating_sub(3)..];
            let feedback =
                recent.iter().map(|attempt| feedback_share(attempt)).sum::<f32>() / recent.len().max(1) as f32;
            let card = schedule.card(&essay_id, &claim_id);
            let retrievability = card.map(|card| card.retrievability(now_ms));
            let score = match card {
                // Recall alone is high right after any review, even one rated "Again": the
                // student's own last rating and the feedback weigh as much.
                Some(card) => {
                    let rating_share = (card.last_rating.number() - 1) as f32 / 3.0;
                    0.4 * card.retrievability(now_ms) + 0.3 * rating_share + 0.3 * feedback
                }
                // Without a self-rating, feedback alone cannot show mastery.
                None => 0.6 * feedback,
            };
            let level = match score {
                s if s >= 0.9 => Level::Mastered,
                s if s >= 0.75 => Level::Solid,
                s if s >= 0.5 => Level::Learning,
                _ => Level::Weak,
            };
            Mastery {
                attempts: attempts.len() as u32,
                essay_id,
                claim_id,
                feedback,
                retrievability,
                score,
                level,
            }
        })
        .collect();
    order::sort_by(&mut result, |a, b| {
        a.score.total_cmp(&b.score).then_with(|| a.claim_id.cmp(&b.claim_id))
    });
    result
}

/// One line per position: "defending 001: 23 attempts, weakest against claim X".
#[derive(Debug, Clone, PartialEq)]
pub struct PositionSummary {
    pub essay_id: String,
    pub attempts: u32,
    /// 0–1 mean feedback share.
    pub average_feedback: f32,
    pub weakest_claim: Option<String>,
}

/// `mastery` is what `mastery()` returned for the same history and deck (it is shown beside).
pub fn position_summaries(history: &History, deck: &Deck, mastery: &[Mastery]) -> Vec<PositionSummary> {
    deck.essays
        .iter()
        .map(|essay| {
            let attempts: Vec<&Attempt> = history.of_position(&deck.id, &essay.id).collect();
            let average_feedback =
                attempts.iter().map(|attempt| feedback_share(attempt)).sum::<f32>() / attempts.len().max(1) as f32;
            PositionSummary {
                essay_id: essay.id.clone(),
                attempts: attempts.len() as u32,
                average_feedback,
                weakest_claim: mastery
                    .iter()
                    .find(|m| m.essay_id == essay.id)
                    .map(|m| m.claim_id.clone()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(20_454), (2026, 1, 1));
        assert_eq!(civil_date(19_782), (2024, 2, 29));
        assert_eq!(civil_date(-1), (1969, 12, 31));
    }

    #[test]
    fn streaks_count_consecutive_days() {
        let days = |list: &[i64]| list.iter().map(|&d| (d, 1)).collect::<BTreeMap<i64, u32>>();
        let cases: &[(&[i64], i64, Streaks)] = &[
            (&[], 10, Streaks { current: 0, best: 0 }),
            (&[10], 10, Streaks { current: 1, best: 1 }),
            (&[8, 9], 10, Streaks { current: 2, best: 2 }),
            (&[7, 9], 10, Streaks { current: 1, best: 1 }),
            (&[1, 2, 3, 4, 9, 10], 10, Streaks { current: 2, best: 4 }),
            (&[1, 2, 3], 10, Streaks { current: 0, best: 3 }),
        ];
        for (list, today, expected) in cases {
            assert_eq!(streaks(&days(list), *today), *expected, "{list:?} today {today}");
        }
    }
}
