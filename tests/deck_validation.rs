//! Data-driven tests of the deck validator: every `decks/broken/NAME.json` must be rejected with
//! exactly the problems listed, one per line, in `decks/broken/NAME.expected`.
//!
//! After a deliberate change to the messages, `BLESS=1 cargo test --test deck_validation` rewrites
//! the expected files; review the diff before committing it.

use std::fs;
use std::path::Path;

use debate_drill::core::deck::load_deck_bytes;

#[test]
fn every_broken_deck_reports_exactly_its_expected_problems() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/decks/broken");
    let mut cases: Vec<_> = fs::read_dir(&folder)
        .expect("tests/decks/broken is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 10,
        "expected the broken-deck corpus, found {} files",
        cases.len()
    );

    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let bytes = fs::read(case).expect("fixture is readable");
        let actual = match load_deck_bytes(&bytes, name) {
            Ok(_) => "(accepted)\n".to_string(),
            Err(errors) => errors.problems.iter().map(|problem| format!("{problem}\n")).collect(),
        };
        let expected_path = case.with_extension("expected");
        if bless {
            fs::write(&expected_path, &actual).expect("expected file is writable");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!("--- {name}\nexpected:\n{expected}actual:\n{actual}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
