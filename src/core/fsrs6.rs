//! The FSRS-6 memory model with its default parameters: the part of FSRS scheduling needs.
//!
//! The formulas of the `fsrs` crate (version 6.6.2, `model.rs`), written out because the crate
//! brings ndarray, rayon and its optimiser into the WASM (about 14 KB gzip) for four formulas.
//! `tests/core_fsrs.rs` checks every function here against the crate, which is a dev-dependency.

/// How fast memories fade (FSRS-6's default `w[20]`).
pub const DEFAULT_DECAY: f32 = 0.1542;

/// FSRS-6's default parameters, fitted to the average learner.
pub const PARAMETERS: [f32; 21] = [
    0.212,
    1.2931,
    2.3065,
    8.2956,
    6.4133,
    0.8334,
    3.0194,
    0.001,
    1.8722,
    0.1666,
    0.796,
    1.4835,
    0.0614,
    0.2629,
    1.6483,
    0.6014,
    1.8729,
    0.5425,
    0.0912,
    0.0658,
    DEFAULT_DECAY,
];

const S_MIN: f32 = 0.001;
const S_MAX: f32 = 36500.0;
const D_MIN: f32 = 1.0;
const D_MAX: f32 = 10.0;

/// How well a claim is remembered: stability in days, difficulty from 1 to 10.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemoryState {
    pub stability: f32,
    pub difficulty: f32,
}

/// Probability of recall after `days_elapsed` days.
pub fn retrievability(state: MemoryState, days_elapsed: f32) -> f32 {
    let decay = -PARAMETERS[20];
    (days_elapsed / state.stability * curve_factor() + 1.0).powf(decay)
}

fn curve_factor() -> f32 {
    let decay = -PARAMETERS[20];
    (0.9f32.ln() / decay).exp() - 1.0
}

/// Days until recall falls to `desired_retention`.
pub fn interval(stability: f32, desired_retention: f32) -> f32 {
    let decay = -PARAMETERS[20];
    stability / curve_factor() * (desired_retention.powf(1.0 / decay) - 1.0)
}

/// The memory state after a review with `rating` (1 again … 4 easy), `days_elapsed` days after
/// the previous one (`previous` is `None` for a first review). `None` when the numbers stop
/// being finite, which only a corrupted previous state can cause.
pub fn next_state(previous: Option<MemoryState>, days_elapsed: u32, rating: u32) -> Option<MemoryState> {
    let w = &PARAMETERS;
    let rating = rating.clamp(1, 4);
    let next = match previous {
        None => MemoryState {
            stability: w[(rating - 1) as usize].clamp(S_MIN, S_MAX),
            difficulty: initial_difficulty(rating).clamp(D_MIN, D_MAX),
        },
        Some(state) => step(state, days_elapsed as f32, rating as f32),
    };
    (next.stability.is_finite() && next.difficulty.is_finite()).then_some(next)
}

fn initial_difficulty(rating: u32) -> f32 {
    let w = &PARAMETERS;
    w[4] - (w[5] * (rating - 1) as f32).exp() + 1.0
}

fn step(state: MemoryState, delta_t: f32, rating: f32) -> MemoryState {
    let w = &PARAMETERS;
    let last_s = state.stability.clamp(S_MIN, S_MAX);
    let last_d = state.difficulty.clamp(D_MIN, D_MAX);
    let r = retrievability(
        MemoryState {
            stability: last_s,
            ..state
        },
        delta_t,
    );
    let new_s = if delta_t == 0.0 {
        // Same-day review: FSRS-6's short-term stability.
        let sinc = (w[17] * (rating - 3.0 + w[18])).exp() * last_s.powf(-w[19]);
        last_s * if rating >= 2.0 { sinc.max(1.0) } else { sinc }
    } else if rating == 1.0 {
        let after_failure =
            w[11] * last_d.powf(-w[12]) * ((last_s + 1.0).powf(w[13]) - 1.0) * ((1.0 - r) * w[14]).exp();
        after_failure.min(last_s / (w[17] * w[18]).exp())
    } else {
        let hard_penalty = if rating == 2.0 { w[15] } else { 1.0 };
        let easy_bonus = if rating == 4.0 { w[16] } else { 1.0 };
        last_s
            * (w[8].exp()
                * (11.0 - last_d)
                * last_s.powf(-w[9])
                * (((1.0 - r) * w[10]).exp() - 1.0)
                * hard_penalty
                * easy_bonus
                + 1.0)
    };
    let delta_d = -w[6] * (rating - 3.0);
    let damped = last_d + (10.0 - last_d) * delta_d / 9.0;
    let reverted = w[7] * (initial_difficulty(4) - damped) + damped;
    MemoryState {
        stability: new_s.clamp(S_MIN, S_MAX),
        difficulty: reverted.clamp(D_MIN, D_MAX),
    }
}
