//! Drill selection, feedback, history and its stored form, tested natively.

mod support;

use debate_drill::core::attempt::{Attempt, History, Rating};
use debate_drill::core::deck::{Deck, built_in_deck};
use debate_drill::core::drill::{draw_essay, requested_essay};
use debate_drill::core::feedback::{Aspect, Context, Verdict, analyse};
use debate_drill::core::schedule::{DayWindow, Schedule};
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::{MIXED_VERDICTS, T0};

fn deck() -> Deck {
    built_in_deck().unwrap_or_else(|errors| panic!("{errors}"))
}

#[test]
fn the_same_seed_gives_the_same_drills() {
    let deck = deck();
    let schedule = Schedule::from_history(&History::default(), &deck.id);
    let run = |seed: u64| -> Vec<String> {
        let mut rng = StdRng::seed_from_u64(seed);
        let essay = draw_essay(&deck, None, &mut rng).id.clone();
        let mut seen: Vec<String> = vec![essay.clone()];
        for _ in 0..5 {
            let today = DayWindow::around(1_767_225_600_000.0, 60);
            let avoid = seen.last().cloned();
            let choice = schedule
                .choose(&deck, &essay, today, avoid.as_deref(), &mut rng)
                .expect("a claim");
            assert_ne!(
                choice.claim.essay_id, essay,
                "the opposing claim comes from another essay"
            );
            seen.push(choice.claim.id.clone());
        }
        seen
    };
    assert_eq!(run(42), run(42));
    assert_ne!(
        (1..20).map(run).collect::<std::collections::HashSet<_>>().len(),
        1,
        "seeds should vary the drills"
    );
}

#[test]
fn new_position_differs_and_unknown_essays_name_the_valid_ids() {
    let deck = deck();
    let mut rng = StdRng::seed_from_u64(1);
    for _ in 0..20 {
        assert_ne!(draw_essay(&deck, Some("001"), &mut rng).id, "001");
    }
    let error = requested_essay(&deck, "nope").expect_err("no such essay");
    assert_eq!(
        error.to_string(),
        "There is no essay \"nope\" in this deck. Valid essay ids: 000, 001, 002. A position was drawn at random instead."
    );
}

struct FeedbackCase {
    text: &'static str,
    expected: [Verdict; 5],
    /// Words or sentences the feedback must quote back, as the student wrote them.
    noticed: &'static [&'static str],
    speak_secs: u32,
}

#[test]
fn feedback_judges_each_aspect_and_quotes_the_student() {
    use Verdict::*;
    let deck = deck();
    let claim = deck.claim("001-c5").expect("claim 001-c5");
    let cases = [
        FeedbackCase {
            text: "I disagree.",
            expected: [Missing, Missing, Missing, Missing, Missing],
            noticed: &[],
            speak_secs: 90,
        },
        FeedbackCase {
            text: "They say US Guns arm the cartels. But the real threat to sovereignty is Washington's failure to control the southern border, because fentanyl crosses it every day and kills thousands of Americans in every state, every single year, without pause. Therefore the border must be secured first, or allies will doubt that America can defend anything at all, and the whole order built on sovereign states will weaken further.",
            expected: [Strong, Strong, Strong, Strong, Strong],
            noticed: &["Guns", "cartels", "sovereignty"],
            // 70 words take about 28 s to say: a good fit for 45 s.
            speak_secs: 45,
        },
        FeedbackCase {
            text: "Cartels are bad news since everybody knows it.",
            expected: [Partial, Missing, Strong, Missing, Missing],
            noticed: &["Cartels", "Cartels are bad news since everybody knows it."],
            speak_secs: 90,
        },
    ];
    for case in cases {
        let feedback = analyse(
            Context {
                deck: &deck,
                essay_id: "000",
                claim,
                speak_secs: case.speak_secs,
            },
            case.text,
        );
        let verdicts: Vec<Verdict> = feedback.points.iter().map(|p| p.verdict).collect();
        assert_eq!(verdicts, case.expected, "{}", case.text);
        assert_eq!(
            feedback.points.iter().map(|p| p.aspect).collect::<Vec<_>>(),
            Aspect::ALL
        );
        let noticed: Vec<&str> = feedback
            .points
            .iter()
            .flat_map(|p| p.noticed.iter().map(String::as_str))
            .collect();
        for word in case.noticed {
            assert!(noticed.contains(word), "{word:?} not quoted back in {noticed:?}");
            assert!(
                case.text.contains(word),
                "the test's own expectation must be the student's words"
            );
        }
    }
}

#[test]
fn untimed_length_feedback_counts_words() {
    let deck = deck();
    let claim = deck.claim("001-c5").expect("claim");
    let long = "word ".repeat(45);
    let feedback = analyse(
        Context {
            deck: &deck,
            essay_id: "000",
            claim,
            speak_secs: 0,
        },
        &long,
    );
    let length = &feedback.points[4];
    assert_eq!(
        (length.verdict, length.message.as_str()),
        (Verdict::Strong, "45 words: room for a claim, a reason and an impact.")
    );
}

/// 2026-01-01T00:00:00Z plus `offset_ms`.
fn attempt(id: &str, offset_ms: f64) -> Attempt {
    Attempt {
        text: "They say “guns”…\nBut.".into(),
        utc_offset_minutes: Some(60),
        words: 4,
        verdicts: MIXED_VERDICTS.to_vec(),
        ..support::attempt(id, "001-c5", T0 + offset_ms)
    }
}

#[test]
fn history_merges_by_id_keeping_the_newer_copy() {
    let mut tab_a = History::new(vec![attempt("a", 1000.0)]);
    let mut tab_b = History::new(vec![attempt("a", 1000.0), attempt("b", 2000.0)]);
    let later = tab_b.get("a").map_or(0.0, |a| a.updated_at_ms) + 5000.0;
    assert!(tab_b.rate("a", Rating::Good, later));
    assert!(tab_a.merge(tab_b.attempts().iter().cloned()));
    assert_eq!(tab_a.len(), 2);
    assert_eq!(tab_a.get("a").and_then(|a| a.rating), Some(Rating::Good));
    // Merging an older copy changes nothing.
    assert!(!tab_a.merge([attempt("a", 1000.0)]));
    assert_eq!(tab_a.get("a").and_then(|a| a.rating), Some(Rating::Good));
}
