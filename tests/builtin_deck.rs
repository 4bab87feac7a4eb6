//! The built-in deck meets the bar of a drill pack: it validates, and its content covers what the
//! drill needs for every position.

use std::collections::{HashMap, HashSet};

use debate_drill::core::deck::{
    BUILT_IN_DECK_JSON, BUILT_IN_DECK_NAME, BUILT_IN_DECK_PACKED, Deck, built_in_deck, load_deck, pack,
};

/// The built-in deck's source, validated by the loader every deck goes through.
fn deck() -> Deck {
    match load_deck(BUILT_IN_DECK_JSON, BUILT_IN_DECK_NAME) {
        Ok(deck) => deck,
        Err(errors) => panic!("the built-in deck does not validate:\n{errors}"),
    }
}

/// The app ships `data/border-deck.packed`: it must be exactly the validated JSON deck, packed.
/// When the JSON changed, this rewrites the packed file and fails once, so the new file gets
/// committed with the JSON (in CI, on a clean clone, a stale file just fails).
#[test]
fn the_shipped_packed_deck_is_the_validated_json_deck() {
    let validated = deck();
    let packed = pack(&validated);
    if packed != BUILT_IN_DECK_PACKED {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/border-deck.packed");
        let written = std::fs::write(&path, &packed);
        panic!(
            "data/border-deck.packed did not match data/border-deck.json ({} bytes, expected {}); {}",
            BUILT_IN_DECK_PACKED.len(),
            packed.len(),
            match written {
                Ok(()) => "it has been rewritten: run the tests again and commit it".to_string(),
                Err(error) => format!("rewriting it failed: {error}"),
            }
        );
    }
    assert_eq!(built_in_deck(), Ok(validated));
}

#[test]
fn validates_with_the_three_essays() {
    let deck = deck();
    assert_eq!(deck.id, "border-sovereignty");
    assert_eq!(deck.essay_ids().collect::<Vec<_>>(), ["000", "001", "002"]);
}

#[test]
fn every_essay_has_a_position_and_at_least_eight_claims() {
    for essay in &deck().essays {
        assert!(
            !essay.position.thesis.is_empty() && !essay.position.label.is_empty(),
            "{}",
            essay.id
        );
        assert!(
            essay.claims.len() >= 8,
            "essay {} has {} claims",
            essay.id,
            essay.claims.len()
        );
    }
}

#[test]
fn every_quote_appears_verbatim_in_its_paragraph() {
    let deck = deck();
    for claim in deck.claims() {
        let paragraph = deck.paragraph_of(claim).unwrap_or_default();
        assert!(
            paragraph.contains(&claim.quote),
            "claim {} quote not in its paragraph",
            claim.id
        );
    }
}

#[test]
fn ids_are_unique_and_stable() {
    let deck = deck();
    let ids: Vec<&str> = deck.claims().map(|claim| claim.id.as_str()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len());
    for claim in deck.claims() {
        // Stable ids follow "<essay>-c<n>", so history keyed by claim id survives edits to wording.
        let number = claim.id.strip_prefix(&format!("{}-c", claim.essay_id));
        assert!(
            number.is_some_and(|n| n.parse::<u32>().is_ok()),
            "claim id {}",
            claim.id
        );
    }
}

#[test]
fn every_claim_clashes_and_every_essay_pair_has_five_clashes() {
    let deck = deck();
    let in_clash: HashSet<&str> = deck
        .clashes
        .iter()
        .flat_map(|c| c.claims.iter().map(String::as_str))
        .collect();
    for claim in deck.claims() {
        assert!(in_clash.contains(claim.id.as_str()), "claim {} has no clash", claim.id);
    }
    let mut per_pair: HashMap<(String, String), usize> = HashMap::new();
    for clash in &deck.clashes {
        let mut essays: Vec<String> = clash
            .claims
            .iter()
            .filter_map(|id| deck.claim(id))
            .map(|c| c.essay_id.clone())
            .collect();
        essays.sort();
        assert_eq!(essays.len(), 2);
        assert_ne!(essays[0], essays[1], "clash within one essay: {:?}", clash.claims);
        *per_pair.entry((essays[0].clone(), essays[1].clone())).or_default() += 1;
    }
    for (a, b) in [("000", "001"), ("000", "002"), ("001", "002")] {
        let count = per_pair.get(&(a.to_string(), b.to_string())).copied().unwrap_or(0);
        assert!(count >= 5, "essays {a} and {b} clash {count} times");
    }
}

#[test]
fn every_position_has_opposing_claims_from_both_other_essays_with_counterpoints() {
    let deck = deck();
    for essay in &deck.essays {
        let opposing = deck.opposing_claims(&essay.id);
        let from: HashSet<&str> = opposing.iter().map(|claim| claim.essay_id.as_str()).collect();
        assert_eq!(from.len(), 2, "essay {} faces claims from {from:?}", essay.id);
        for claim in opposing {
            assert!(!deck.counterpoints(&essay.id, &claim.id).is_empty());
        }
    }
}

#[test]
fn the_example_decks_validate() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples");
    for entry in std::fs::read_dir(folder).expect("data/examples exists") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("readable");
        if let Err(errors) = debate_drill::core::deck::load_deck(&text, &path.display().to_string()) {
            panic!("{errors}");
        }
    }
}

/// Essay 002 names no author (`"not named"` in the deck): students read "(author not named)",
/// never "by not named"; the others are credited by name.
#[test]
fn bylines_credit_named_authors_and_say_when_none_is_named() {
    let deck = deck();
    let bylines: Vec<(String, String, String)> = deck
        .essays
        .iter()
        .map(|essay| (essay.id.clone(), essay.byline(), essay.credit()))
        .collect();
    for (id, byline, credit) in &bylines {
        assert!(!byline.contains("by not named"), "{id}: {byline}");
        assert!(!credit.contains("not named"), "{id}: {credit}");
    }
    let unnamed = deck
        .essay("002")
        .map(|essay| (essay.named_author(), essay.byline(), essay.credit()));
    assert_eq!(
        unnamed,
        Some((
            None,
            "“Contracting Out Sovereignty and Security” (author not named)".to_string(),
            "“Contracting Out Sovereignty and Security”".to_string(),
        ))
    );
    let named: Vec<&str> = deck.essays.iter().filter_map(|essay| essay.named_author()).collect();
    assert_eq!(named.len(), 2, "{bylines:?}");
    for essay in deck.essays.iter().filter(|essay| essay.named_author().is_some()) {
        assert_eq!(essay.byline(), format!("“{}” by {}", essay.title, essay.author));
        assert_eq!(essay.credit(), format!("{}, “{}”", essay.author, essay.title));
    }
}
