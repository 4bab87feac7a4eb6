//! The few facts the app takes from the browser: time, randomness, the page's URL.

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The browser's time zone now, in minutes east of UTC (JavaScript counts west).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// 53 random bits from the browser, to seed drills when the user gave no seed.
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
}

/// A new attempt id: milliseconds plus 32 random bits, unique across tabs and devices for
/// merging, and short because 20,000 of them are stored.
pub fn new_attempt_id() -> String {
    format!("{:x}-{:08x}", now_ms() as u64, random_seed() as u32)
}

/// The page's query parameters as (name, value) pairs.
pub fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default();
    crate::core::params::query_pairs(&search)
}
