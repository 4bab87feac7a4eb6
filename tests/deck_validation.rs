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

#[test]
fn a_byte_order_mark_is_not_a_problem() {
    let deck = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples/tiny-deck.json"))
        .expect("example deck");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &deck].concat();
    assert!(load_deck_bytes(&with_bom, "bom.json").is_ok());
    let text = format!("\u{feff}{}", String::from_utf8_lossy(&deck));
    assert!(debate_drill::core::deck::load_deck(&text, "bom.json").is_ok());
}

#[test]
fn thousands_of_problems_are_capped_with_a_count_of_the_rest() {
    // 10,000 unknown fields in a large file: reported as the first 100 and a count, located in
    // one pass (this took over ten seconds when each problem rescanned the file).
    let padding = serde_json::to_string(&vec!["z".repeat(1200); 400]).expect("json");
    let mut text = format!(
        r#"{{"format":"debate-drill/deck","version":1,"id":"x","title":"x","essays":[{{"paragraphs":{padding}}}],"clashes":[]"#
    );
    for index in 0..10_000 {
        text.push_str(&format!(",\"k{index}\":0"));
    }
    text.push('}');
    let errors = load_deck_bytes(text.as_bytes(), "many.json").expect_err("rejected");
    assert_eq!(errors.problems.len(), debate_drill::core::deck::limits::PROBLEMS + 1);
    let last = errors.problems.last().expect("a summary");
    assert!(
        last.message.starts_with("…and ") && last.message.ends_with(" more problems, not listed."),
        "{last}"
    );
    assert!(
        errors.problems[0].line.is_some(),
        "listed problems keep their positions"
    );
}
