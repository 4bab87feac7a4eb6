//! Debate Drill: rebuttal practice in the browser. See ARCHITECTURE.md for the map.

pub mod core;
