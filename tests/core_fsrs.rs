//! The hand-written FSRS-6 (`core::fsrs6`) against the `fsrs` crate it was written from.

use debate_drill::core::fsrs6;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn close(ours: f32, theirs: f32) -> bool {
    (ours - theirs).abs() <= 1e-5 * theirs.abs().max(1.0)
}

fn theirs(state: fsrs6::MemoryState) -> fsrs::MemoryState {
    fsrs::MemoryState {
        stability: state.stability,
        difficulty: state.difficulty,
    }
}

#[test]
fn parameters_are_the_crates_defaults() {
    assert_eq!(fsrs6::PARAMETERS, fsrs::DEFAULT_PARAMETERS);
    assert_eq!(fsrs6::DEFAULT_DECAY, fsrs::FSRS6_DEFAULT_DECAY);
}

#[test]
fn every_review_sequence_gives_the_crates_states_intervals_and_recall() {
    let reference = fsrs::FSRS::new(&[]).unwrap_or_else(|error| panic!("fsrs: {error}"));
    let mut rng = StdRng::seed_from_u64(8);
    let mut reviews = 0;
    for _card in 0..2_000 {
        let mut ours: Option<fsrs6::MemoryState> = None;
        for _review in 0..rng.random_range(1..12) {
            // Same-day repeats, short gaps and long ones.
            let days = match rng.random_range(0..4) {
                0 => 0,
                1 => rng.random_range(1..4),
                2 => rng.random_range(4..60),
                _ => rng.random_range(60..3_000),
            };
            let rating = rng.random_range(1..=4u32);
            let next = reference
                .next_states(ours.map(theirs), 0.9, days)
                .unwrap_or_else(|error| panic!("fsrs: {error}"));
            let expected = &[next.again, next.hard, next.good, next.easy][rating as usize - 1];
            let Some(state) = fsrs6::next_state(ours, days, rating) else {
                panic!("no state after {ours:?}, {days} days, rating {rating}");
            };
            let context = format!("{ours:?} after {days} days rated {rating}: {state:?} vs {expected:?}");
            assert!(close(state.stability, expected.memory.stability), "{context}");
            assert!(close(state.difficulty, expected.memory.difficulty), "{context}");
            assert!(
                close(fsrs6::interval(state.stability, 0.9), expected.interval),
                "{context}"
            );
            let later = rng.random_range(0.0..400.0);
            let recall = fsrs::current_retrievability(theirs(state), later, fsrs::FSRS6_DEFAULT_DECAY);
            assert!(
                close(fsrs6::retrievability(state, later), recall),
                "{context}, {later} days on"
            );
            ours = Some(state);
            reviews += 1;
        }
    }
    assert!(reviews > 10_000);
}

#[test]
fn a_corrupted_state_gives_no_state_instead_of_nonsense() {
    let broken = fsrs6::MemoryState {
        stability: f32::NAN,
        difficulty: 5.0,
    };
    assert_eq!(fsrs6::next_state(Some(broken), 3, 3), None);
}
