//! What start-up does with a long history, step by step, natively: `cargo bench --bench startup`.
//! The browser benchmark (scripts/bench-history.mjs) holds the budget; this shows where time goes.

use std::collections::HashSet;
use std::time::Instant;

use debate_drill::core::attempt::{Attempt, History, Rating};
use debate_drill::core::deck::built_in_deck;
use debate_drill::core::feedback::Verdict;
use debate_drill::core::records::{decode, encode};
use debate_drill::core::schedule::{DayWindow, Schedule};

const ATTEMPTS: usize = 10_000;

fn history(deck: &debate_drill::core::deck::Deck) -> History {
    let claims: Vec<(String, String)> = deck
        .essays
        .iter()
        .flat_map(|essay| {
            deck.opposing_claims(&essay.id)
                .into_iter()
                .map(move |claim| (essay.id.clone(), claim.id.clone()))
        })
        .collect();
    let attempts = (0..ATTEMPTS)
        .map(|i| {
            let (essay, claim) = &claims[i * 7 % claims.len()];
            let at = 1_767_225_600_000.0 + i as f64 * 777_000.0;
            Attempt {
                id: format!("{:x}-{:08x}", at as u64, (i as u64 * 2_654_435_761) % 4_294_967_296),
                deck_id: deck.id.clone(),
                essay_id: essay.clone(),
                claim_id: claim.clone(),
                text: "word ".repeat(80),
                started_at_ms: at - 90_000.0,
                submitted_at_ms: at,
                utc_offset_minutes: Some(60),
                updated_at_ms: at + 5_000.0,
                prep_secs: 30,
                speak_secs: 90,
                seconds_spent: 90,
                over_time: false,
                words: 80,
                verdicts: vec![
                    Verdict::Strong,
                    Verdict::Partial,
                    Verdict::Missing,
                    Verdict::Strong,
                    Verdict::Partial,
                ],
                rating: Rating::from_number(1 + (i % 4) as u64),
            }
        })
        .collect();
    History::new(attempts)
}

fn time<T>(label: &str, runs: u32, mut work: impl FnMut() -> T) -> T {
    let mut result = work();
    let start = Instant::now();
    for _ in 0..runs {
        result = work();
    }
    println!(
        "{label:<40} {:>8.2} ms",
        start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
    );
    result
}

fn main() {
    let deck = built_in_deck().unwrap_or_else(|errors| panic!("{errors}"));
    time("load the built-in deck", 20, || {
        built_in_deck().map_or(0, |deck| deck.claims().count())
    });
    let history = history(&deck);
    let all: HashSet<String> = history.attempts().iter().map(|a| a.id.clone()).collect();
    let stored = time("encode 10,000 rows (texts elsewhere)", 10, || encode(&history, &all));
    println!(
        "{:<40} {:>8} bytes of UTF-16",
        "stored size",
        stored.encode_utf16().count() * 2
    );
    let decoded = time("decode 10,000 rows", 10, || decode(&stored));
    assert_eq!(decoded.history.len(), ATTEMPTS);
    time("rebuild the history (merge, sort)", 10, || {
        History::new(decoded.history.attempts().to_vec())
    });
    let schedule = time("replay FSRS over the history", 10, || {
        Schedule::from_history(&history, &deck.id)
    });
    time("replay FSRS for one position", 10, || {
        Schedule::for_position(&history, &deck.id, "000")
    });
    let now = 1_767_225_600_000.0 + ATTEMPTS as f64 * 777_000.0;
    time("choose the next claim", 10, || {
        let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(1);
        schedule
            .choose(&deck, "000", DayWindow::around(now, 60), None, &mut rng)
            .map(|c| c.claim.id.clone())
    });
}
