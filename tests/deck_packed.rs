//! The packed deck layout (`core::deck::packed`): every deck survives a round trip, and damaged
//! bytes give an error, never a panic (the built-in deck is unpacked at every start).

use debate_drill::core::deck::{BUILT_IN_DECK_PACKED, load_deck, pack, unpack};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

#[test]
fn every_example_deck_survives_a_round_trip() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples");
    let mut decks = 0;
    for entry in std::fs::read_dir(folder).expect("data/examples exists") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        let deck = load_deck(&text, &path.display().to_string()).unwrap_or_else(|errors| panic!("{errors}"));
        assert_eq!(unpack(&pack(&deck)), Ok(deck), "{}", path.display());
        decks += 1;
    }
    assert!(decks > 0, "no example decks found");
}

#[test]
fn every_cut_short_copy_is_an_error() {
    for length in 0..BUILT_IN_DECK_PACKED.len() {
        let result = unpack(&BUILT_IN_DECK_PACKED[..length]);
        assert!(result.is_err(), "{length} bytes unpacked");
    }
}

#[test]
fn bytes_after_the_deck_are_an_error() {
    let mut bytes = BUILT_IN_DECK_PACKED.to_vec();
    bytes.push(0);
    let error = unpack(&bytes).err().map(|error| error.reason);
    assert_eq!(error, Some("bytes after the end of the deck"));
}

#[test]
fn other_bytes_are_not_taken_for_a_deck() {
    for bytes in [
        &b""[..],
        b"{\"format\": \"debate-drill/deck\"}",
        b"debate-drill/packed-deck\x02",
    ] {
        let error = unpack(bytes).err().map(|error| error.reason);
        assert_eq!(error, Some("not a packed deck of this version"));
    }
}

#[test]
fn huge_counts_and_lengths_are_errors_not_allocations() {
    let magic_len = BUILT_IN_DECK_PACKED
        .iter()
        .position(|&byte| byte == 1)
        .expect("version byte")
        + 1;
    let magic = &BUILT_IN_DECK_PACKED[..magic_len];
    for tail in [
        &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01][..],
        &[0xff; 11],
        &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f],
        &[0xfe, 0xff, 0xff, 0xff, 0x0f, b'a'],
    ] {
        let bytes = [magic, tail].concat();
        assert!(unpack(&bytes).is_err(), "{tail:?}");
    }
}

#[test]
fn damaged_bytes_never_panic() {
    let mut rng = StdRng::seed_from_u64(8);
    for _ in 0..3_000 {
        let mut bytes = BUILT_IN_DECK_PACKED.to_vec();
        for _ in 0..rng.random_range(1..4) {
            let at = rng.random_range(0..bytes.len());
            match rng.random_range(0..3) {
                0 => bytes[at] = rng.random(),
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, rng.random()),
            }
        }
        // Either answer is fine (a changed letter may still be a deck); reaching here is the test.
        let _ = unpack(&bytes);
    }
}
