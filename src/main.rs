//! The app's entry point in the browser.

fn main() {
    debate_drill::start();
}
