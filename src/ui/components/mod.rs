//! Function components, one file per screen area.

pub mod chrome;
pub mod deck;
pub mod disclosure;
pub mod drill;
pub mod history;
pub mod progress;
pub mod pwa;
pub mod review;

/// A boolean attribute's value (`aria-pressed`, `aria-expanded`, `data-warning`): a static
/// string, not `bool::to_string`, so no string is built for it.
pub fn true_or_false(on: bool) -> &'static str {
    if on { "true" } else { "false" }
}
