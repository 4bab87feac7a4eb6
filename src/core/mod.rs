//! The pure core: no browser, no storage, no clock or randomness it is not handed.
//! Everything here is tested natively with `cargo test`.

pub mod attempt;
pub mod clock;
pub mod deck;
pub mod drill;
pub mod feedback;
pub mod fsrs6;
pub mod json;
pub mod order;
pub mod params;
pub mod records;
pub mod schedule;
pub mod stats;
pub mod summary;
pub mod text;
