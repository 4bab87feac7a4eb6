//! The browser edge: thin adapters between the core and the browser's APIs.

pub mod database;
pub mod decks;
pub mod env;
pub mod files;
pub mod histories;
pub mod json;
pub mod pwa;
pub mod storage;
pub mod texts;
