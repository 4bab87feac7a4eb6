//! The FSRS scheduler: the claims a student handles worst come back soonest, mastered ones later,
//! new ones gradually. Each scenario is a history (ratings at given days) and the expected choice.

mod support;

use debate_drill::core::attempt::{Attempt, History, Rating};
use debate_drill::core::deck::{Deck, built_in_deck};
use debate_drill::core::schedule::{DayWindow, NEW_CLAIMS_PER_DAY, Reason, Schedule};
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::{DAY, T0};

fn deck() -> Deck {
    built_in_deck().unwrap_or_else(|errors| panic!("{errors}"))
}

fn rated(claim: &str, day: f64, rating: Option<Rating>) -> Attempt {
    Attempt {
        rating,
        ..support::attempt(&format!("{claim}@{day}"), claim, T0 + day * DAY)
    }
}

struct Scenario {
    name: &'static str,
    history: Vec<Attempt>,
    /// When the choice is made, in days after T0.
    day: f64,
    avoid: Option<&'static str>,
    expected_claim: Option<&'static str>,
    expected_reason: Reason,
}

#[test]
fn scenarios() {
    use Rating::*;
    let deck = deck();
    let opposing: Vec<String> = deck.opposing_claims("000").iter().map(|c| c.id.clone()).collect();
    let (a, b) = (opposing[0].as_str(), opposing[1].as_str());
    let a: &'static str = Box::leak(a.to_string().into_boxed_str());
    let b: &'static str = Box::leak(b.to_string().into_boxed_str());
    let scenarios = vec![
        Scenario {
            name: "a fresh start introduces a new claim",
            history: vec![],
            day: 0.0,
            avoid: None,
            expected_claim: None,
            expected_reason: Reason::New,
        },
        Scenario {
            name: "a claim rated Again comes straight back",
            history: vec![rated(a, 0.0, Some(Again))],
            day: 0.01,
            avoid: None,
            expected_claim: Some(a),
            expected_reason: Reason::Due,
        },
        Scenario {
            name: "the claim just drilled is not repeated while another qualifies",
            history: vec![rated(a, 0.0, Some(Again)), rated(b, 0.0, Some(Again))],
            day: 0.01,
            avoid: Some(a),
            expected_claim: Some(b),
            expected_reason: Reason::Due,
        },
        Scenario {
            name: "a claim rated Easy is not due the next day: a new one comes instead",
            history: vec![rated(a, 0.0, Some(Easy))],
            day: 1.0,
            avoid: None,
            expected_claim: None,
            expected_reason: Reason::New,
        },
        Scenario {
            name: "of two due claims, the one handled worse comes first",
            history: vec![rated(a, 0.0, Some(Good)), rated(b, 0.0, Some(Hard))],
            day: 60.0,
            avoid: None,
            expected_claim: Some(b),
            expected_reason: Reason::Due,
        },
        Scenario {
            name: "once today's new claims are used up, the weakest learned claim comes early",
            history: {
                // Two claims learned this morning (neither due yet), then today's allowance of
                // new claims drilled without a rating.
                let mut history: Vec<Attempt> = opposing[2..2 + NEW_CLAIMS_PER_DAY]
                    .iter()
                    .map(|c| rated(c, 0.05, None))
                    .collect();
                history.push(rated(a, 0.0, Some(Good)));
                history.push(rated(b, 0.0, Some(Easy)));
                history
            },
            day: 0.1,
            avoid: None,
            expected_claim: Some(a),
            expected_reason: Reason::Ahead,
        },
    ];
    for scenario in scenarios {
        let history = History::new(scenario.history);
        let schedule = Schedule::from_history(&history, &deck.id);
        let now = T0 + scenario.day * DAY;
        let mut rng = StdRng::seed_from_u64(5);
        let choice = schedule
            .choose(&deck, "000", DayWindow::around(now, 0), scenario.avoid, &mut rng)
            .expect("a choice");
        assert_eq!(choice.reason, scenario.expected_reason, "{}", scenario.name);
        match scenario.expected_claim {
            Some(expected) => assert_eq!(choice.claim.id, expected, "{}", scenario.name),
            None => {
                assert!(
                    schedule.card("000", &choice.claim.id).is_none(),
                    "{}: {} should be new",
                    scenario.name,
                    choice.claim.id
                );
            }
        }
        assert_ne!(choice.claim.essay_id, "000", "{}", scenario.name);
    }
}

#[test]
fn intervals_grow_with_good_ratings_and_shrink_with_again() {
    let deck = deck();
    let claim = deck.opposing_claims("000")[0].id.clone();
    let due_after = |ratings: &[(f64, Rating)]| {
        let history = History::new(
            ratings
                .iter()
                .map(|(day, rating)| rated(&claim, *day, Some(*rating)))
                .collect(),
        );
        let card = *Schedule::from_history(&history, &deck.id)
            .card("000", &claim)
            .expect("card");
        (card.due_ms - card.last_review_ms) / DAY
    };
    let first = due_after(&[(0.0, Rating::Good)]);
    let second = due_after(&[(0.0, Rating::Good), (first, Rating::Good)]);
    let lapsed = due_after(&[(0.0, Rating::Good), (first, Rating::Again)]);
    assert!(first >= 1.0, "first interval {first}");
    assert!(second > first, "second interval {second} after {first}");
    assert_eq!(lapsed, 0.0);
}

#[test]
fn due_lists_only_due_claims_of_the_position_worst_first() {
    let deck = deck();
    let opposing: Vec<String> = deck.opposing_claims("000").iter().map(|c| c.id.clone()).collect();
    let history = History::new(vec![
        rated(&opposing[0], 0.0, Some(Rating::Good)),
        rated(&opposing[1], 0.0, Some(Rating::Again)),
        rated(&opposing[2], 0.0, Some(Rating::Easy)),
    ]);
    let schedule = Schedule::from_history(&history, &deck.id);
    let due: Vec<String> = schedule
        .due(&deck, "000", T0 + 0.5 * DAY)
        .into_iter()
        .map(|(c, _)| c.id.clone())
        .collect();
    assert_eq!(due, [opposing[1].clone()]);
    assert!(
        schedule.due(&deck, "001", T0 + 0.5 * DAY).is_empty(),
        "other positions have their own cards"
    );
    assert!(
        schedule
            .next_due_ms(&deck, "000")
            .is_some_and(|due| due <= T0 + 0.5 * DAY)
    );
}

#[test]
fn day_windows_follow_the_time_zone() {
    // 2026-01-01T23:30:00Z is still Jan 1 in London, already Jan 2 in Berlin (+60), and
    // Jan 1 in New York (-300).
    let now = T0 + 23.5 * 3_600_000.0;
    assert_eq!(DayWindow::around(now, 0).start_ms, T0);
    assert_eq!(DayWindow::around(now, 60).start_ms, T0 + DAY - 3_600_000.0);
    assert_eq!(DayWindow::around(now, -300).start_ms, T0 + 5.0 * 3_600_000.0);
    assert!(DayWindow::around(now, 0).contains(T0));
    assert!(!DayWindow::around(now, 60).contains(T0));
}

#[test]
fn the_start_up_summary_gives_the_same_choices_as_the_full_history() {
    use debate_drill::core::summary::{self, Summary};
    let deck = deck();
    let opposing: Vec<String> = deck.opposing_claims("000").iter().map(|c| c.id.clone()).collect();
    let mut attempts: Vec<Attempt> = opposing
        .iter()
        .enumerate()
        .map(|(i, claim)| rated(claim, i as f64 * 0.7, Rating::from_number(1 + (i % 4) as u64)))
        .collect();
    attempts.push(rated(&opposing[0], 9.0, None));
    let history = History::new(attempts);
    let full = Summary::of(&history);
    let stored = summary::encode(&full);
    let read = summary::decode(&stored).expect("a summary reads back");
    assert_eq!(read, full, "round trip");
    // Schedules keep their cards in hash maps: the stored text must not depend on their order.
    assert_eq!(
        summary::encode(&Summary::of(&history)),
        stored,
        "the same history, the same text"
    );
    assert_eq!(read.count, history.len());
    for day in [0.5, 3.0, 20.0, 200.0] {
        let now = T0 + day * DAY;
        let from_summary = read.schedule(&deck.id, "000");
        let from_history = Schedule::for_position(&history, &deck.id, "000");
        for avoid in [None, Some(opposing[1].as_str())] {
            let choose = |schedule: &Schedule| {
                let mut rng = StdRng::seed_from_u64(9);
                schedule
                    .choose(&deck, "000", DayWindow::around(now, 0), avoid, &mut rng)
                    .map(|c| (c.claim.id.clone(), c.reason))
            };
            assert_eq!(
                choose(&from_summary),
                choose(&from_history),
                "day {day}, avoiding {avoid:?}"
            );
        }
    }
    let current = summary::SUMMARY_VERSION;
    for bad in [
        String::new(),
        "{".to_string(),
        // Another version, older (floats where bits are now) or newer: read the history instead.
        format!(r#"{{"v":{},"count":1,"decks":[]}}"#, current + 1),
        r#"{"v":1,"count":1,"decks":[{"deck":"x","cards":[["000","c",2.3,5.1,0,0,1,3]],"seen":[]}]}"#.to_string(),
        format!(r#"{{"v":{current},"count":-1,"decks":[]}}"#),
        format!(r#"{{"v":{current},"count":1,"decks":[{{"deck":"x","cards":[[1]],"seen":[]}}]}}"#),
        // Stability as bits that are not a finite number.
        format!(
            r#"{{"v":{current},"count":1,"decks":[{{"deck":"x","cards":[["000","c",{},1084227584,0,0,1,3]],"seen":[]}}]}}"#,
            f32::NAN.to_bits()
        ),
    ] {
        assert_eq!(summary::decode(&bad), None, "{bad}");
    }
}

#[test]
fn a_summary_with_the_attempts_made_since_replayed_equals_the_full_history() {
    use debate_drill::core::summary::{self, Summary};
    let deck = deck();
    let opposing: Vec<String> = deck.opposing_claims("000").iter().map(|c| c.id.clone()).collect();
    let older: Vec<Attempt> = opposing
        .iter()
        .enumerate()
        .map(|(i, claim)| rated(claim, i as f64 * 0.5, Rating::from_number(1 + (i % 4) as u64)))
        .collect();
    // Made on this page after start-up read the summary: a claim seen before, rated again, and
    // a claim submitted but not yet rated.
    let newer = vec![
        rated(&opposing[0], 12.0, Some(Rating::Again)),
        rated(&opposing[1], 12.1, None),
        rated(&opposing[2], 12.2, Some(Rating::Easy)),
    ];
    let stored =
        summary::decode(&summary::encode(&Summary::of(&History::new(older.clone())))).expect("a summary reads back");
    let since_start = History::new(newer.clone());
    let replayed = stored
        .schedule(&deck.id, "000")
        .replaying(since_start.of_position(&deck.id, "000"));
    let full = Schedule::for_position(&History::new([older, newer].concat()), &deck.id, "000");
    assert_eq!(replayed, full);
}
