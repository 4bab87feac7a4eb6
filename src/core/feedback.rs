//! Immediate feedback on a rebuttal, computed from its text. Every point quotes what it noticed in
//! the student's own words, so the student can check it rather than trust a score.

use std::collections::HashSet;

use super::deck::{Claim, Deck};
use super::text::{self, Term};

/// What the feedback looks at, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Aspect {
    /// Takes up the opposing claim's own terms.
    Engagement,
    /// Draws on the student's own essay.
    OwnCase,
    /// Gives a reason.
    Warrant,
    /// Says why it matters.
    Impact,
    /// Length against the speaking time.
    Length,
}

impl Aspect {
    pub const ALL: [Aspect; 5] = [
        Aspect::Engagement,
        Aspect::OwnCase,
        Aspect::Warrant,
        Aspect::Impact,
        Aspect::Length,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Aspect::Engagement => "Engages the claim",
            Aspect::OwnCase => "Uses your essay",
            Aspect::Warrant => "Gives a reason",
            Aspect::Impact => "Shows the impact",
            Aspect::Length => "Length and pace",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Strong,
    Partial,
    Missing,
}

impl Verdict {
    /// One-letter code used in stored records.
    pub fn code(self) -> char {
        match self {
            Verdict::Strong => 's',
            Verdict::Partial => 'p',
            Verdict::Missing => 'm',
        }
    }

    pub fn from_code(code: char) -> Option<Verdict> {
        [Verdict::Strong, Verdict::Partial, Verdict::Missing]
            .into_iter()
            .find(|verdict| verdict.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Strong => "strong",
            Verdict::Partial => "partly",
            Verdict::Missing => "missing",
        }
    }

    pub fn points(self) -> u32 {
        match self {
            Verdict::Strong => 2,
            Verdict::Partial => 1,
            Verdict::Missing => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackPoint {
    pub aspect: Aspect,
    pub verdict: Verdict,
    /// One or two sentences addressed to the student.
    pub message: String,
    /// What was noticed, exactly as the student wrote it (words or a sentence).
    pub noticed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub points: Vec<FeedbackPoint>,
    pub words: usize,
}

impl Feedback {
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.points.iter().map(|point| point.verdict).collect()
    }

    /// Points out of `max_score()`: 2 per strong aspect, 1 per partial one.
    pub fn score(&self) -> u32 {
        self.points.iter().map(|point| point.verdict.points()).sum()
    }

    pub fn max_score() -> u32 {
        2 * Aspect::ALL.len() as u32
    }
}

/// What the analysis needs besides the rebuttal's text.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub deck: &'a Deck,
    pub essay_id: &'a str,
    pub claim: &'a Claim,
    /// Speaking time in seconds; 0 when untimed.
    pub speak_secs: u32,
}

/// A comfortable speaking pace, words per minute, to turn text into speaking time.
const SPEAKING_WPM: u32 = 150;

const REASON_MARKERS: &[&str] = &[
    "because",
    "since",
    "due to",
    "given that",
    "the reason",
    "as shown by",
    "according to",
    "evidence",
    "for example",
    "for instance",
    "shows that",
    "proves",
    "demonstrates",
    "studies",
    "data",
];
const IMPACT_MARKERS: &[&str] = &[
    "therefore",
    "which means",
    "this means",
    "that means",
    "as a result",
    "consequently",
    "leads to",
    "lead to",
    "led to",
    "so that",
    "thus",
    "hence",
    "that is why",
    "otherwise",
    "would",
    "will",
    "matters",
    "at stake",
    "result in",
    "results in",
];

pub fn analyse(context: Context<'_>, rebuttal: &str) -> Feedback {
    let words = text::word_count(rebuttal);
    let student = StudentText::new(rebuttal);
    let claim_terms = text::key_terms(&format!("{} {}", context.claim.statement, context.claim.quote));
    let points = vec![
        engagement(&student, &claim_terms),
        own_case(&student, &context, &claim_terms),
        marker_point(&student, Aspect::Warrant, REASON_MARKERS),
        marker_point(&student, Aspect::Impact, IMPACT_MARKERS),
        length(words, context.speak_secs),
    ];
    Feedback { points, words }
}

/// The student's text with its words stemmed, so terms can be matched and quoted back.
struct StudentText<'a> {
    raw: &'a str,
    /// (stem, the word as the student wrote it)
    words: Vec<(String, &'a str)>,
}

impl<'a> StudentText<'a> {
    fn new(raw: &'a str) -> Self {
        let words = text::words(raw)
            .map(|word| (text::stem(&text::lowercase(word)), word))
            .collect();
        StudentText { raw, words }
    }

    /// The student's own forms of the given terms, in the order the terms are given.
    fn uses(&self, terms: &[Term]) -> Vec<String> {
        terms
            .iter()
            .filter_map(|term| {
                self.words
                    .iter()
                    .find(|(stem, _)| *stem == term.stem)
                    .map(|(_, word)| word.to_string())
            })
            .collect()
    }
}

fn quoted_list(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|word| format!("“{word}”")).collect();
    quoted.join(", ")
}

fn engagement(student: &StudentText<'_>, claim_terms: &[Term]) -> FeedbackPoint {
    let used = student.uses(claim_terms);
    let wanted = claim_terms.len().clamp(1, 6);
    let verdict = match used.len() {
        0 => Verdict::Missing,
        n if n * 3 >= wanted || n >= 3 => Verdict::Strong,
        _ => Verdict::Partial,
    };
    let message = match verdict {
        Verdict::Missing => {
            let examples: Vec<String> = claim_terms.iter().take(4).map(|term| term.surface.clone()).collect();
            format!(
                "Your rebuttal does not use the claim's own terms, so it may talk past it. Name what you are answering, e.g. {}.",
                quoted_list(&examples)
            )
        }
        Verdict::Partial => format!(
            "You take up the claim with {}. Address its central terms more directly.",
            quoted_list(&used)
        ),
        Verdict::Strong => format!("You meet the claim on its own terms: {}.", quoted_list(&used)),
    };
    FeedbackPoint {
        aspect: Aspect::Engagement,
        verdict,
        message,
        noticed: used,
    }
}

fn own_case(student: &StudentText<'_>, context: &Context<'_>, claim_terms: &[Term]) -> FeedbackPoint {
    // Terms already in the opposing claim show engagement, not the student's own case.
    let theirs: HashSet<&str> = claim_terms.iter().map(|term| term.stem.as_str()).collect();
    let counterpoints = context.deck.counterpoints(context.essay_id, &context.claim.id);
    let own_claims: Vec<&Claim> = context
        .deck
        .essay(context.essay_id)
        .map_or(Vec::new(), |essay| essay.claims.iter().collect());
    let distinctive = |claim: &Claim| -> Vec<Term> {
        text::key_terms(&format!("{} {}", claim.statement, claim.quote))
            .into_iter()
            .filter(|term| !theirs.contains(term.stem.as_str()))
            .collect()
    };
    // The own claim the rebuttal echoes most, counterpoints first on ties.
    let best = counterpoints
        .iter()
        .map(|(claim, _)| *claim)
        .chain(own_claims)
        .map(|claim| (claim, student.uses(&distinctive(claim))))
        .fold(None, |best: Option<(&Claim, Vec<String>)>, candidate| match best {
            Some(best) if best.1.len() >= candidate.1.len() => Some(best),
            _ => Some(candidate),
        });
    let (claim, used) = match best {
        Some((claim, used)) if !used.is_empty() => (claim, used),
        _ => {
            let suggestion = counterpoints
                .first()
                .map(|(claim, _)| format!(" Your essay has a ready answer: “{}”", claim.statement))
                .unwrap_or_default();
            return FeedbackPoint {
                aspect: Aspect::OwnCase,
                verdict: Verdict::Missing,
                message: format!("Your rebuttal does not draw on your own essay's case.{suggestion}"),
                noticed: Vec::new(),
            };
        }
    };
    let verdict = if used.len() >= 2 {
        Verdict::Strong
    } else {
        Verdict::Partial
    };
    let message = format!(
        "With {} you draw on your essay's point that {}",
        quoted_list(&used),
        lowercase_first(&claim.statement)
    );
    FeedbackPoint {
        aspect: Aspect::OwnCase,
        verdict,
        message,
        noticed: used,
    }
}

fn lowercase_first(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        // Keep acronyms and names ("US", "Mexico") as written.
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            format!("{}{}", text::lowercase_char(first), chars.as_str())
        }
        _ => sentence.to_string(),
    }
}

/// Finds the first marker (a word or phrase) in the student's text; returns it with its sentence.
fn find_marker<'a>(student: &StudentText<'a>, markers: &[&str]) -> Option<(String, &'a str)> {
    for sentence in text::sentences(student.raw) {
        let lower: Vec<String> = text::words(sentence).map(text::lowercase).collect();
        for marker in markers {
            let marker_words: Vec<&str> = marker.split(' ').collect();
            if lower
                .windows(marker_words.len())
                .any(|window| window.iter().zip(&marker_words).all(|(a, b)| a == b))
            {
                return Some((marker.to_string(), sentence));
            }
        }
    }
    None
}

fn marker_point(student: &StudentText<'_>, aspect: Aspect, markers: &[&str]) -> FeedbackPoint {
    let (verdict, message, noticed) = match (aspect, find_marker(student, markers)) {
        (Aspect::Warrant, Some((marker, sentence))) => (
            Verdict::Strong,
            format!("You give a reason (“{marker}”): “{}”", text::shorten(sentence, 140)),
            vec![sentence.to_string()],
        ),
        (Aspect::Warrant, None) => (
            Verdict::Missing,
            "No reason given yet: add a “because …” that says why the claim is wrong.".to_string(),
            Vec::new(),
        ),
        (_, Some((marker, sentence))) => (
            Verdict::Strong,
            format!("You say what follows (“{marker}”): “{}”", text::shorten(sentence, 140)),
            vec![sentence.to_string()],
        ),
        (_, None) => (
            Verdict::Missing,
            "No impact yet: end with a “therefore …” that says why your answer matters.".to_string(),
            Vec::new(),
        ),
    };
    FeedbackPoint {
        aspect,
        verdict,
        message,
        noticed,
    }
}

fn length(words: usize, speak_secs: u32) -> FeedbackPoint {
    let words_u32 = u32::try_from(words).unwrap_or(u32::MAX);
    let speaking_secs = words_u32.saturating_mul(60) / SPEAKING_WPM;
    let noticed = vec![format!("{words} words")];
    let (verdict, message) = if speak_secs == 0 {
        match words {
            0..=19 => (
                Verdict::Missing,
                format!("{words} words is too short to make a case: aim for 40 or more."),
            ),
            20..=39 => (
                Verdict::Partial,
                format!("{words} words: enough for a claim, short for a reason and an impact."),
            ),
            _ => (
                Verdict::Strong,
                format!("{words} words: room for a claim, a reason and an impact."),
            ),
        }
    } else {
        let fill = speaking_secs * 100 / speak_secs.max(1);
        let said = format!(
            "{words} words take about {} to say at a speaking pace",
            super::clock::format_duration(speaking_secs)
        );
        let limit = super::clock::format_duration(speak_secs);
        match fill {
            0..=24 => (
                Verdict::Missing,
                format!("{said}; you had {limit}. Develop your answer further."),
            ),
            25..=59 => (
                Verdict::Partial,
                format!("{said}; you had {limit}. There is room for another reason or example."),
            ),
            60..=120 => (Verdict::Strong, format!("{said}, a good fit for your {limit}.")),
            _ => (
                Verdict::Partial,
                format!("{said}, more than your {limit}: tighten it to your strongest point."),
            ),
        }
    };
    FeedbackPoint {
        aspect: Aspect::Length,
        verdict,
        message,
        noticed,
    }
}
