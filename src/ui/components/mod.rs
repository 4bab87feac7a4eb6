//! Function components, one file per screen area.

pub mod chrome;
pub mod deck;
pub mod disclosure;
pub mod drill;
pub mod history;
pub mod progress;
pub mod pwa;
pub mod review;
