//! Plain-text helpers shared by the validator and the feedback: words, stems, sentences.
//!
//! Hand-written on purpose: a regex or NLP crate would cost more WASM than the whole core.

use std::collections::HashSet;

/// Words in `text`, in order: runs of letters and digits, with inner apostrophes kept
/// ("don't", "America’s").
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|word| word.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|word| !word.is_empty())
}

pub fn word_count(text: &str) -> usize {
    words(text).count()
}

/// Common English words that say nothing about what a text is about.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "every",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "least",
    "less",
    "like",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "rather",
    "same",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "therefore",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "say",
    "says",
    "said",
    "make",
    "makes",
    "made",
    "way",
    "ways",
    "thing",
    "things",
    "well",
    "still",
    "really",
    "yes",
    "argue",
    "argues",
    "claim",
    "claims",
    "point",
    "think",
    "essay",
    "author",
    "because",
    "given",
    "instead",
];

pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// A light suffix-stripping stem, enough to match "borders" with "border" and "controlling" with
/// "controlled". Expects a lowercase word.
pub fn stem(word: &str) -> String {
    let word = word
        .trim_end_matches(['\'', '’'])
        .trim_end_matches("'s")
        .trim_end_matches("’s");
    const SUFFIXES: &[(&str, &str)] = &[
        ("ational", "ate"),
        ("ization", "ize"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("ities", "ity"),
        ("ing", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("ed", ""),
        ("es", ""),
        ("ly", ""),
        ("s", ""),
    ];
    for (suffix, replacement) in SUFFIXES {
        let Some(base) = word.strip_suffix(suffix) else {
            continue;
        };
        if base.chars().count() < 3 || word.ends_with("ss") {
            break;
        }
        let mut stemmed = format!("{base}{replacement}");
        // "controlled" → "controll" → "control", "stopping" → "stopp" → "stop".
        if matches!(*suffix, "ed" | "ing") && has_doubled_last_letter(&stemmed) {
            stemmed.pop();
        }
        // "migrating" → "migrat" and "migrate" → "migrat" meet once a final e is dropped.
        return stemmed.trim_end_matches('e').to_string();
    }
    word.trim_end_matches('e').to_string()
}

fn has_doubled_last_letter(word: &str) -> bool {
    let mut letters = word.chars().rev();
    matches!((letters.next(), letters.next()), (Some(last), Some(before)) if last == before && last != 's')
}

/// A content word of a text: its stem (for matching) and the form it first appeared in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub stem: String,
    pub surface: String,
}

/// The content words of `text`, without repeats, in order of first appearance.
pub fn key_terms(text: &str) -> Vec<Term> {
    let mut seen = HashSet::new();
    words(text)
        .filter_map(|word| {
            let lower = lowercase(word);
            let is_content =
                lower.chars().count() >= 4 && !is_stopword(&lower) && !lower.chars().all(|c| c.is_ascii_digit());
            let stem = stem(&lower);
            (is_content && seen.insert(stem.clone())).then_some(Term { stem, surface: lower })
        })
        .collect()
}

/// Sentences of `text`, trimmed: split after `.`, `!` or `?` (and a closing quote) followed by a space.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut result = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') {
            let mut end = at + c.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                if matches!(next, '”' | '"' | '’' | ')') {
                    end = next_at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek().is_none_or(|&(_, next)| next.is_whitespace()) {
                let sentence = text[start..end].trim();
                if !sentence.is_empty() {
                    result.push(sentence);
                }
                start = end;
            }
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        result.push(rest);
    }
    result
}

/// The sentences of some paragraphs with their words, prepared once to compare many quotes.
#[derive(Debug, Clone, Default)]
pub struct Passages {
    sentences: Vec<(HashSet<String>, String)>,
}

impl Passages {
    pub fn new(paragraphs: &[&str]) -> Passages {
        let sentences = paragraphs
            .iter()
            .flat_map(|paragraph| sentences(paragraph))
            .map(|sentence| (words(sentence).map(lowercase).collect(), sentence.to_string()))
            .collect();
        Passages { sentences }
    }

    /// The sentence sharing the most words with `quote`, shortened for a message; the first
    /// such sentence on ties, so messages are stable.
    pub fn closest(&self, quote: &str) -> Option<String> {
        let wanted: HashSet<String> = words(quote).map(lowercase).collect();
        let mut best: Option<(usize, &str)> = None;
        for (found, sentence) in &self.sentences {
            let score = found.intersection(&wanted).count();
            if score > 0 && best.is_none_or(|(best_score, _)| score > best_score) {
                best = Some((score, sentence));
            }
        }
        best.map(|(_, sentence)| shorten(sentence, 160))
    }
}

/// The sentence among `paragraphs` sharing the most words with `quote`, shortened for a message.
pub fn closest_passage(paragraphs: &[&str], quote: &str) -> Option<String> {
    Passages::new(paragraphs).closest(quote)
}

/// `word` in lower case, for matching words whatever their case.
///
/// Covers the Latin (with its accented letters), Greek and Cyrillic alphabets; other letters
/// are kept as written. Hand-written because `str::to_lowercase` pulls Unicode's whole case
/// table (about 12 KB) into the WASM for letters a deck will not use.
pub fn lowercase(word: &str) -> String {
    word.chars().map(lowercase_char).collect()
}

/// The lower-case form of `c` when it is a capital of the alphabets `lowercase` covers.
pub fn lowercase_char(c: char) -> char {
    let code = c as u32;
    let lower = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => code + 0x20,
        // Latin Extended-A: capitals at even code points, but for the ranges at odd ones.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if code % 2 == 0 => code + 1,
        0x139..=0x148 | 0x179..=0x17E if code % 2 == 1 => code + 1,
        0x178 => 0xFF,
        // Greek: tonos capitals, then the two runs of plain capitals (no final sigma capital).
        0x386 => 0x3AC,
        0x388..=0x38A => code + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => code + 63,
        0x391..=0x3A1 | 0x3A3..=0x3AB => code + 0x20,
        // Cyrillic: Ѐ–Џ, then А–Я, then the paired letters from Ѡ (odd = small).
        0x400..=0x40F => code + 0x50,
        0x410..=0x42F => code + 0x20,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if code % 2 == 0 => code + 1,
        0x4C1..=0x4CE if code % 2 == 1 => code + 1,
        // Latin Extended Additional (Vietnamese and others): pairs, capitals at even points.
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if code % 2 == 0 => code + 1,
        0x1E9E => 0xDF,
        0x4C0 => 0x4CF,
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// 1-based line and column (in characters) of the byte `offset` of `bytes`, for messages that
/// point into a file; past the end, the place just after its last character.
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&byte| byte == b'\n').map_or(0, |at| at + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// "1 attempt", "2 attempts": a count with its noun.
pub fn count_of(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        ["1 ", one].concat()
    } else {
        [decimal(count as u64).as_str(), " ", many].concat()
    }
}

/// `n` in decimal digits. Written out rather than `to_string()`: the first screen's numbers
/// (the attempt count, the words, the clock) are then printed without `core::fmt`, whose code a
/// start would otherwise compile (docs/performance.md).
pub fn decimal(mut n: u64) -> String {
    let mut digits = [0_u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[start..].iter().map(|&digit| char::from(digit)).collect()
}

/// `text` cut at a word boundary to at most `max` characters, with "…" when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_prints_as_display_does() {
        for n in [
            0,
            1,
            9,
            10,
            11,
            99,
            100,
            101,
            1_234,
            65_535,
            1_000_000,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn count_of_says_one_or_many() {
        assert_eq!(count_of(0, "word", "words"), "0 words");
        assert_eq!(count_of(1, "word", "words"), "1 word");
        assert_eq!(count_of(300, "word", "words"), "300 words");
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let found: Vec<&str> = words("America’s border—don't 'quote' it, 1.7 million").collect();
        assert_eq!(
            found,
            ["America’s", "border", "don't", "quote", "it", "1", "7", "million"]
        );
    }

    #[test]
    fn stems_meet_across_inflections() {
        for (a, b) in [
            ("borders", "border"),
            ("controlled", "control"),
            ("controlling", "controls"),
            ("migrating", "migrate"),
            ("countries", "country"),
            ("stopping", "stops"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} vs {b}");
        }
        assert_ne!(stem("guns"), stem("gun's border"));
    }

    #[test]
    fn key_terms_skip_stopwords_and_repeats() {
        let terms: Vec<String> = key_terms("The border is a border for the cartels and their guns.")
            .into_iter()
            .map(|term| term.surface)
            .collect();
        assert_eq!(terms, ["border", "cartels", "guns"]);
    }

    #[test]
    fn sentences_split_after_closing_quotes() {
        let text = "He said “stop.” Then 1.7 million came. Why? Because.";
        assert_eq!(
            sentences(text),
            ["He said “stop.”", "Then 1.7 million came.", "Why?", "Because."]
        );
    }

    #[test]
    fn closest_passage_prefers_most_shared_words() {
        let paragraphs = ["Guns flow south. Migrants move north across the border."];
        assert_eq!(
            closest_passage(&paragraphs, "migrants moving north across a border").as_deref(),
            Some("Migrants move north across the border.")
        );
        assert_eq!(closest_passage(&paragraphs, "zzz"), None);
    }

    #[test]
    fn lowercase_agrees_with_unicode_on_the_alphabets_it_covers() {
        // Every letter of Latin-1, Latin Extended-A and Additional, Greek and Cyrillic: each is
        // lowered as Unicode lowers it, except archaic Greek letters, which stay as written.
        let archaic_greek = [
            0x370, 0x372, 0x376, 0x37F, 0x3CF, 0x3D8, 0x3DA, 0x3DC, 0x3DE, 0x3E0, 0x3E2, 0x3E4, 0x3E6, 0x3E8, 0x3EA,
            0x3EC, 0x3EE, 0x3F4, 0x3F7, 0x3F9, 0x3FA, 0x3FD, 0x3FE, 0x3FF,
        ];
        let ranges = [0x41..=0x5A, 0xC0..=0x17F, 0x370..=0x3FF, 0x400..=0x52F, 0x1E00..=0x1EFF];
        let mut lowered = 0;
        for code in ranges.into_iter().flatten() {
            let Some(c) = char::from_u32(code) else { continue };
            let mut unicode = c.to_lowercase();
            let expected = match (unicode.next(), unicode.next()) {
                (Some(single), None) => single,
                _ => c, // İ lowers to two characters; kept as written.
            };
            let ours = lowercase_char(c);
            if archaic_greek.contains(&code) {
                assert_eq!(ours, c, "U+{code:04X}");
            } else {
                assert_eq!(ours, expected, "{c} (U+{code:04X})");
                lowered += usize::from(ours != c);
            }
        }
        assert_eq!(lowered, 423);
        assert_eq!(
            lowercase("ÉTATS-UNIS Ὀ ΣΎΝΟΡΑ Граница STRAẞE"),
            "états-unis Ὀ σύνορα граница straße"
        );
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("one two three", 9), "one two…");
        assert_eq!(shorten("short", 9), "short");
    }
}
