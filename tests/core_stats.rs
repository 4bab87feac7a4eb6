//! Progress statistics: days in the student's own time zones, streaks, mastery, summaries.

mod support;

use debate_drill::core::attempt::{Attempt, History, Rating};
use debate_drill::core::deck::built_in_deck;
use debate_drill::core::feedback::Verdict;
use debate_drill::core::stats::{Level, attempts_per_day, local_day, mastery, position_summaries, streaks};
use support::{HOUR, T0};

fn attempt(id: &str, at: f64, tz: Option<i32>, claim: &str, rating: Option<Rating>, verdicts: &[Verdict]) -> Attempt {
    Attempt {
        utc_offset_minutes: tz,
        rating,
        verdicts: verdicts.to_vec(),
        ..support::attempt(id, claim, at)
    }
}

#[test]
fn each_attempt_counts_on_its_own_local_day() {
    use Verdict::*;
    let none: &[Verdict] = &[Missing];
    // Berlin, 2026-01-01 23:30 UTC = Jan 2 00:30 local; New York, Jan 2 23:30 UTC = Jan 2 18:30 local.
    let berlin = attempt("a", T0 + 23.5 * HOUR, Some(60), "001-c1", None, none);
    let new_york = attempt("b", T0 + 47.5 * HOUR, Some(-300), "001-c1", None, none);
    let days = attempts_per_day(&[&berlin, &new_york], 0);
    let jan_2 = local_day(T0 + 24.0 * HOUR, 0);
    assert_eq!(days.into_iter().collect::<Vec<_>>(), [(jan_2, 2)]);
    // Without a recorded zone, the current one is used.
    let unknown = attempt("c", T0 + 23.5 * HOUR, None, "001-c1", None, none);
    assert_eq!(
        attempts_per_day(&[&unknown], 60).keys().copied().collect::<Vec<_>>(),
        [jan_2]
    );
    assert_eq!(
        attempts_per_day(&[&unknown], -300).keys().copied().collect::<Vec<_>>(),
        [jan_2 - 1]
    );
}

#[test]
fn a_day_without_practice_ends_the_streak() {
    let none: &[Verdict] = &[Verdict::Missing];
    let at = |day: f64| {
        attempt(
            &format!("d{day}"),
            T0 + day * 24.0 * HOUR + 12.0 * HOUR,
            Some(0),
            "001-c1",
            None,
            none,
        )
    };
    let attempts = [at(0.0), at(1.0), at(2.0), at(4.0), at(5.0)];
    let refs: Vec<&Attempt> = attempts.iter().collect();
    let days = attempts_per_day(&refs, 0);
    let day = |d: i64| local_day(T0, 0) + d;
    assert_eq!((streaks(&days, day(5)).current, streaks(&days, day(5)).best), (2, 3));
    assert_eq!(
        streaks(&days, day(6)).current,
        2,
        "today not practised yet: yesterday's streak holds"
    );
    assert_eq!(streaks(&days, day(7)).current, 0);
}

#[test]
fn mastery_ranks_the_claims_handled_worst_first() {
    use Verdict::*;
    let deck = built_in_deck().unwrap_or_else(|errors| panic!("{errors}"));
    let history = History::new(vec![
        attempt(
            "weak",
            T0,
            Some(0),
            "001-c1",
            Some(Rating::Again),
            &[Missing, Missing, Partial, Missing, Missing],
        ),
        attempt(
            "strong",
            T0,
            Some(0),
            "001-c2",
            Some(Rating::Easy),
            &[Strong, Strong, Strong, Strong, Strong],
        ),
        attempt(
            "unrated",
            T0,
            Some(0),
            "002-c1",
            None,
            &[Strong, Strong, Partial, Strong, Strong],
        ),
    ]);
    let now = T0 + 2.0 * HOUR;
    let ranked = mastery(&history, &deck, now);
    let order: Vec<&str> = ranked.iter().map(|m| m.claim_id.as_str()).collect();
    assert_eq!(order, ["001-c1", "002-c1", "001-c2"]);
    assert_eq!(ranked[0].level, Level::Weak);
    assert!(ranked[2].level >= Level::Solid, "{:?}", ranked[2]);
    let summaries = position_summaries(&history, &deck, &ranked);
    let defending_000 = summaries.iter().find(|s| s.essay_id == "000").expect("000");
    assert_eq!(
        (defending_000.attempts, defending_000.weakest_claim.as_deref()),
        (3, Some("001-c1"))
    );
    assert_eq!(
        summaries.iter().find(|s| s.essay_id == "001").map(|s| s.attempts),
        Some(0)
    );
}
