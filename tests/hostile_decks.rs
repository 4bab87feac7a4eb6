//! Deck files written to break the loader: markup in text, huge strings and files, deep nesting,
//! bad encodings, and decks at and just past the size limits. Every case must come back as a
//! value (a deck or a list of problems), never a panic or a stack overflow.
//!
//! Big inputs are generated here, not committed.

use debate_drill::core::deck::{Deck, DeckErrors, Paragraph, limits, load_deck, load_deck_bytes};
use serde_json::{Value, json};

const TINY: &str = include_str!("../data/examples/tiny-deck.json");

fn tiny() -> Value {
    match serde_json::from_str(TINY) {
        Ok(value) => value,
        Err(error) => panic!("tiny-deck.json is not JSON: {error}"),
    }
}

fn to_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

fn accept(bytes: &[u8], what: &str) -> Deck {
    match load_deck_bytes(bytes, what) {
        Ok(deck) => deck,
        Err(errors) => panic!("{what}: expected the deck to load, got:\n{errors}"),
    }
}

fn reject(bytes: &[u8], what: &str) -> DeckErrors {
    match load_deck_bytes(bytes, what) {
        Ok(_) => panic!("{what}: expected the deck to be rejected, but it loaded"),
        Err(errors) => {
            assert!(!errors.problems.is_empty(), "{what}: rejected without problems");
            errors
        }
    }
}

/// Asserts that `errors` holds exactly one problem, on the whole file, whose text (message and
/// hint) contains every one of `needles`.
fn assert_single_problem(errors: &DeckErrors, needles: &[&str], what: &str) {
    assert_eq!(errors.problems.len(), 1, "{what}: {errors}");
    let problem = &errors.problems[0];
    assert_eq!(problem.path, "$", "{what}: {errors}");
    let text = problem.to_string();
    for needle in needles {
        assert!(
            text.contains(needle),
            "{what}: expected {needle:?} in the message, got: {text}"
        );
    }
}

// --- Markup in text fields -------------------------------------------------------------------

const MARKUP: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "&lt;b&gt; &amp; &#x3C;script&#x3E;",
    "{{ template }} ${injection} <!-- comment -->",
];

/// Where a text field lives in tiny-deck.json: how to set it and how to read it back.
struct TextField {
    name: &'static str,
    set: fn(&mut Value, &str),
    get: fn(&Deck) -> &str,
}

fn set(value: &mut Value, pointer: &str, text: &str) {
    match value.pointer_mut(pointer) {
        Some(slot) => *slot = Value::String(text.to_string()),
        None => panic!("tiny-deck.json has no {pointer}"),
    }
}

const TEXT_FIELDS: &[TextField] = &[
    TextField {
        name: "deck title",
        set: |deck, text| set(deck, "/title", text),
        get: |deck| &deck.title,
    },
    TextField {
        name: "essay title",
        set: |deck, text| set(deck, "/essays/0/title", text),
        get: |deck| &deck.essays[0].title,
    },
    TextField {
        name: "author",
        set: |deck, text| set(deck, "/essays/0/author", text),
        get: |deck| &deck.essays[0].author,
    },
    TextField {
        name: "publisher",
        set: |deck, text| set(deck, "/essays/0/publisher", text),
        get: |deck| deck.essays[0].publisher.as_deref().unwrap_or_default(),
    },
    TextField {
        name: "published",
        set: |deck, text| set(deck, "/essays/0/published", text),
        get: |deck| deck.essays[0].published.as_deref().unwrap_or_default(),
    },
    TextField {
        name: "note",
        set: |deck, text| set(deck, "/essays/1/note", text),
        get: |deck| deck.essays[1].note.as_deref().unwrap_or_default(),
    },
    TextField {
        name: "position label",
        set: |deck, text| set(deck, "/essays/0/position/label", text),
        get: |deck| &deck.essays[0].position.label,
    },
    TextField {
        name: "thesis",
        set: |deck, text| set(deck, "/essays/1/position/thesis", text),
        get: |deck| &deck.essays[1].position.thesis,
    },
    TextField {
        name: "heading",
        set: |deck, text| set(deck, "/essays/0/paragraphs/1/heading", text),
        get: |deck| match &deck.essays[0].paragraphs[1] {
            Paragraph::Heading(heading) => heading,
            Paragraph::Text(_) => "(not a heading)",
        },
    },
    TextField {
        name: "statement",
        set: |deck, text| set(deck, "/essays/1/claims/2/statement", text),
        get: |deck| &deck.essays[1].claims[2].statement,
    },
    TextField {
        name: "quote and its paragraph",
        set: |deck, text| {
            // The quote must stand in its paragraph: put the markup in both.
            set(deck, "/essays/1/paragraphs/0", &format!("Before {text} after."));
            set(deck, "/essays/1/claims/0/quote", text);
        },
        get: |deck| &deck.essays[1].claims[0].quote,
    },
    TextField {
        name: "clash note",
        set: |deck, text| set(deck, "/clashes/3/about", text),
        get: |deck| &deck.clashes[3].about,
    },
];

#[test]
fn markup_in_every_text_field_is_kept_verbatim_as_plain_text() {
    for payload in MARKUP {
        for field in TEXT_FIELDS {
            let mut deck = tiny();
            (field.set)(&mut deck, payload);
            let what = format!("{} = {payload}", field.name);
            let loaded = accept(&to_bytes(&deck), &what);
            assert_eq!((field.get)(&loaded), *payload, "{what}");
        }
    }
}

#[test]
fn markup_in_a_paragraph_is_kept_verbatim() {
    let paragraph = "Intro <script>alert(1)</script> and <img src=x onerror=alert(1)> end.";
    let mut deck = tiny();
    set(&mut deck, "/essays/1/paragraphs/2", paragraph);
    set(&mut deck, "/essays/1/claims/2/quote", "<img src=x onerror=alert(1)>");
    let loaded = accept(&to_bytes(&deck), "markup paragraph");
    assert_eq!(loaded.essays[1].paragraphs[2], Paragraph::Text(paragraph.to_string()));
    let claim = &loaded.essays[1].claims[2];
    assert_eq!(
        loaded.paragraph_of(claim),
        Some(paragraph),
        "the claim cites the paragraph with markup"
    );
}

#[test]
fn markup_echoed_in_a_message_is_not_altered() {
    // A quote that is not in its paragraph: the hint quotes the closest passage, markup and all.
    let mut deck = tiny();
    set(
        &mut deck,
        "/essays/1/paragraphs/2",
        "Parents <script>alert(1)</script> must reach children.",
    );
    set(
        &mut deck,
        "/essays/1/claims/2/quote",
        "Parents must reach children <b>now</b>.",
    );
    let errors = reject(&to_bytes(&deck), "markup in hint");
    let text = errors.to_string();
    assert!(
        text.contains("“Parents <script>alert(1)</script> must reach children.”"),
        "{text}"
    );
}

#[test]
fn ids_cannot_carry_markup() {
    for (pointer, payload) in [
        ("/id", "<script>alert(1)</script>"),
        ("/essays/0/id", "<img src=x onerror=alert(1)>"),
    ] {
        let mut deck = tiny();
        set(&mut deck, pointer, payload);
        let errors = reject(&to_bytes(&deck), pointer);
        let text = errors.to_string();
        assert!(text.contains("is not a usable id"), "{pointer}: {text}");
    }
}

// --- Size, depth and encoding ----------------------------------------------------------------

/// A hostile input and the words its single problem must contain.
struct Rejection {
    name: &'static str,
    input: fn() -> Vec<u8>,
    needles: &'static [&'static str],
}

const TWO_MB: usize = 2 * 1024 * 1024;
const DEPTH: usize = 10_000;

fn deck_with_huge_paragraph() -> Vec<u8> {
    let mut deck = tiny();
    set(&mut deck, "/essays/0/paragraphs/0", &"a".repeat(TWO_MB));
    to_bytes(&deck)
}

fn deck_with_huge_title() -> Vec<u8> {
    let mut deck = tiny();
    set(&mut deck, "/title", &"<".repeat(TWO_MB));
    to_bytes(&deck)
}

fn deeply_nested_lists() -> Vec<u8> {
    format!(
        "{{\"format\": \"debate-drill/deck\", \"essays\": {}{}}}",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    )
    .into_bytes()
}

fn deeply_nested_objects() -> Vec<u8> {
    format!(
        "{{\"format\": \"debate-drill/deck\", \"essays\": {}1{}}}",
        "{\"a\": ".repeat(DEPTH),
        "}".repeat(DEPTH)
    )
    .into_bytes()
}

fn deeply_nested_and_unclosed() -> Vec<u8> {
    "[{\"x\": ".repeat(DEPTH).into_bytes()
}

fn three_mb_file() -> Vec<u8> {
    // A valid deck padded with whitespace: only the size is wrong.
    let mut bytes = to_bytes(&tiny());
    bytes.resize(3 * 1024 * 1024, b' ');
    bytes
}

fn one_byte_over_the_limit() -> Vec<u8> {
    let mut bytes = to_bytes(&tiny());
    bytes.resize(limits::MAX_FILE_BYTES + 1, b'\n');
    bytes
}

fn with_bytes_in_a_title(bad: &[u8]) -> Vec<u8> {
    let marker = "Phones in School";
    let mut bytes = Vec::new();
    match TINY.split_once(marker) {
        Some((head, tail)) => {
            bytes.extend_from_slice(head.as_bytes());
            bytes.extend_from_slice(bad);
            bytes.extend_from_slice(tail.as_bytes());
        }
        None => panic!("tiny-deck.json has no {marker:?}"),
    }
    bytes
}

const REJECTIONS: &[Rejection] = &[
    Rejection {
        name: "a 2 MB paragraph",
        input: deck_with_huge_paragraph,
        needles: &["a deck may be at most 1024 KB"],
    },
    Rejection {
        name: "a 2 MB title of '<'",
        input: deck_with_huge_title,
        needles: &["a deck may be at most 1024 KB"],
    },
    Rejection {
        name: "10,000 nested lists",
        input: deeply_nested_lists,
        needles: &["more than 127 levels deep"],
    },
    Rejection {
        name: "10,000 nested objects",
        input: deeply_nested_objects,
        needles: &["more than 127 levels deep"],
    },
    Rejection {
        name: "10,000 levels, never closed",
        input: deeply_nested_and_unclosed,
        needles: &["more than 127 levels deep"],
    },
    Rejection {
        name: "a 3 MB file",
        input: three_mb_file,
        needles: &["the file is 3072 KB; a deck may be at most 1024 KB."],
    },
    Rejection {
        name: "one byte over the limit",
        input: one_byte_over_the_limit,
        needles: &["the file is 1025 KB; a deck may be at most 1024 KB."],
    },
    Rejection {
        name: "a stray 0xFF byte",
        input: || with_bytes_in_a_title(b"\xff"),
        needles: &["line 5, column 13", "not valid UTF-8"],
    },
    Rejection {
        name: "Latin-1 text (é as 0xE9)",
        input: || with_bytes_in_a_title(b"caf\xe9 "),
        needles: &["line 5, column 16", "not valid UTF-8"],
    },
    Rejection {
        name: "an encoded surrogate",
        input: || with_bytes_in_a_title(b"\xed\xa0\x80"),
        needles: &["not valid UTF-8"],
    },
    Rejection {
        name: "an overlong encoding",
        input: || with_bytes_in_a_title(b"\xc0\xaf"),
        needles: &["not valid UTF-8"],
    },
    Rejection {
        name: "a character cut off at the end",
        input: || {
            let mut bytes = TINY.as_bytes().to_vec();
            bytes.extend_from_slice(b"\xe2\x80");
            bytes
        },
        needles: &["not valid UTF-8"],
    },
    Rejection {
        name: "UTF-16 with a byte-order mark",
        input: || {
            let mut bytes = vec![0xff, 0xfe];
            for unit in TINY.encode_utf16() {
                bytes.extend_from_slice(&unit.to_le_bytes());
            }
            bytes
        },
        needles: &["line 1, column 1", "not valid UTF-8"],
    },
];

#[test]
fn hostile_files_are_rejected_with_one_clear_problem() {
    for case in REJECTIONS {
        let bytes = (case.input)();
        let errors = reject(&bytes, case.name);
        assert_single_problem(&errors, case.needles, case.name);
    }
}

#[test]
fn the_text_entry_point_applies_the_same_size_limit() {
    // `load_deck` takes text that is already decoded (e.g. from a fetch): same limit, same words.
    let text = String::from_utf8(deck_with_huge_paragraph()).unwrap_or_default();
    assert!(text.len() > TWO_MB);
    match load_deck(&text, "huge.json") {
        Ok(_) => panic!("a 2 MB deck loaded"),
        Err(errors) => assert_single_problem(&errors, &["a deck may be at most 1024 KB"], "load_deck"),
    }
}

#[test]
fn a_huge_field_within_the_file_limit_is_rejected_by_its_own_limit() {
    let mut deck = tiny();
    set(&mut deck, "/essays/0/paragraphs/0", &"b".repeat(900_000));
    let errors = reject(&to_bytes(&deck), "900,000-character paragraph");
    let text = errors.to_string();
    assert!(
        text.contains("$.essays[0].paragraphs[0]: is 900000 characters long; at most 5000 are allowed."),
        "{text}"
    );
}

#[test]
fn nesting_within_the_parser_limit_is_reported_as_a_wrong_shape() {
    // Deep, but not too deep to parse: the loader walks it and reports the shape.
    let bytes = format!(
        "{{\"format\": \"debate-drill/deck\", \"version\": 1, \"id\": \"x\", \"title\": \"x\", \
         \"essays\": [{}{}, {{}}], \"clashes\": [{{}}]}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    let errors = reject(bytes.as_bytes(), "100 levels");
    let text = errors.to_string();
    assert!(
        text.contains("$.essays[0]: expected an object {…}, found a list."),
        "{text}"
    );
}

// --- Decks at and past the count limits -----------------------------------------------------

/// A valid deck of `essays` essays with `claims` claims each; claim k of essay e clashes with
/// claim k of the next essay, so every claim is in two clashes.
fn generated_deck(essays: usize, claims: usize) -> Value {
    let essay_list: Vec<Value> = (0..essays)
        .map(|e| {
            let paragraphs: Vec<Value> = (0..claims)
                .map(|k| json!(format!("Essay {e} argues point number {k} at some length.")))
                .collect();
            let claim_list: Vec<Value> = (0..claims)
                .map(|k| {
                    json!({
                        "id": format!("e{e}-c{k}"),
                        "kind": "reasoning",
                        "statement": format!("Essay {e} makes point {k}."),
                        "quote": format!("argues point number {k} at"),
                        "paragraph": k + 1,
                    })
                })
                .collect();
            json!({
                "id": format!("e{e}"),
                "title": format!("Essay {e}"),
                "author": "not named",
                "position": {"label": format!("Side {e}"), "thesis": format!("Thesis {e}.")},
                "paragraphs": paragraphs,
                "claims": claim_list,
            })
        })
        .collect();
    let clashes: Vec<Value> = (0..essays)
        .flat_map(|e| {
            (0..claims).map(move |k| {
                json!({
                    "claims": [format!("e{e}-c{k}"), format!("e{}-c{k}", (e + 1) % essays)],
                    "about": format!("Who is right about point {k}?"),
                })
            })
        })
        .collect();
    json!({
        "format": "debate-drill/deck",
        "version": 1,
        "id": "generated",
        "title": "Generated",
        "essays": essay_list,
        "clashes": clashes,
    })
}

#[test]
fn twelve_essays_of_sixty_claims_are_accepted() {
    let (essays, claims) = (limits::ESSAYS.1, limits::CLAIMS_PER_ESSAY.1);
    assert_eq!((essays, claims), (12, 60), "the limits this test is named for");
    let bytes = to_bytes(&generated_deck(essays, claims));
    assert!(bytes.len() <= limits::MAX_FILE_BYTES, "{} bytes", bytes.len());
    let deck = accept(&bytes, "12 × 60");
    assert_eq!(deck.essays.len(), 12);
    assert_eq!(deck.claims().count(), 720);
    assert_eq!(deck.clashes.len(), 720);
    for essay in &deck.essays {
        assert_eq!(essay.claims.len(), 60, "{}", essay.id);
        // Two neighbours, 60 claims each.
        assert_eq!(deck.opposing_claims(&essay.id).len(), 120, "{}", essay.id);
    }
}

#[test]
fn thirteen_essays_are_rejected_with_a_message() {
    let bytes = to_bytes(&generated_deck(13, 3));
    let errors = reject(&bytes, "13 essays");
    let text = errors.to_string();
    assert!(
        text.contains("$.essays: has 13 entries; at most 12 are allowed."),
        "{text}"
    );
}

#[test]
fn sixty_one_claims_are_rejected_with_a_message() {
    let bytes = to_bytes(&generated_deck(2, 61));
    let errors = reject(&bytes, "61 claims");
    let text = errors.to_string();
    assert!(
        text.contains("$.essays[0].claims: has 61 entries; at most 60 are allowed."),
        "{text}"
    );
}
