//! The deck: essays, the position each one defends, their claims and the clashes between claims.
//!
//! A `Deck` only exists once validated (see `super::load`), so code that holds one may rely on
//! every invariant listed in ARCHITECTURE.md: ids are unique, every clash joins claims of two
//! different essays, every quote stands verbatim in the paragraph it cites.

use std::fmt;

/// How a claim argues; shown to students as a small tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimKind {
    Evidence,
    Reasoning,
    Value,
    Proposal,
    Definition,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 5] = [
        ClaimKind::Evidence,
        ClaimKind::Reasoning,
        ClaimKind::Value,
        ClaimKind::Proposal,
        ClaimKind::Definition,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Evidence => "evidence",
            ClaimKind::Reasoning => "reasoning",
            ClaimKind::Value => "value",
            ClaimKind::Proposal => "proposal",
            ClaimKind::Definition => "definition",
        }
    }

    pub fn parse(text: &str) -> Option<ClaimKind> {
        ClaimKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

impl fmt::Display for ClaimKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paragraph {
    Text(String),
    Heading(String),
}

impl Paragraph {
    pub fn text(&self) -> Option<&str> {
        match self {
            Paragraph::Text(text) => Some(text),
            Paragraph::Heading(_) => None,
        }
    }
}

/// The thesis a student is assigned to defend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub label: String,
    pub thesis: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: String,
    pub essay_id: String,
    pub kind: ClaimKind,
    pub statement: String,
    pub quote: String,
    /// Index into the essay's `paragraphs` (0-based here; the file format counts from 1).
    pub paragraph: usize,
}

/// What a deck file says as an essay's author when the text names none (`data/deck.schema.json`).
pub const AUTHOR_NOT_NAMED: &str = "not named";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Essay {
    pub id: String,
    pub title: String,
    pub author: String,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub note: Option<String>,
    pub position: Position,
    pub paragraphs: Vec<Paragraph>,
    pub claims: Vec<Claim>,
}

impl Essay {
    /// The author's name, or `None` when the deck says the text names none.
    pub fn named_author(&self) -> Option<&str> {
        Some(self.author.as_str()).filter(|author| !author.eq_ignore_ascii_case(AUTHOR_NOT_NAMED))
    }

    /// "“Title” by Author", or "“Title” (author not named)": never "by not named".
    pub fn byline(&self) -> String {
        match self.named_author() {
            Some(author) => ["“", &self.title, "” by ", author].concat(),
            None => ["“", &self.title, "” (author not named)"].concat(),
        }
    }

    /// "Author, “Title”", or just "“Title”" when the text names no author: to credit a quote.
    pub fn credit(&self) -> String {
        match self.named_author() {
            Some(author) => [author, ", “", &self.title, "”"].concat(),
            None => ["“", &self.title, "”"].concat(),
        }
    }
}

/// An undirected disagreement between two claims of different essays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub claims: [String; 2],
    pub about: String,
}

impl Clash {
    /// The claim on the other side of this clash from `claim_id`, if `claim_id` takes part.
    pub fn other_side(&self, claim_id: &str) -> Option<&str> {
        match &self.claims {
            [a, b] if a == claim_id => Some(b),
            [a, b] if b == claim_id => Some(a),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deck {
    pub id: String,
    pub title: String,
    pub essays: Vec<Essay>,
    pub clashes: Vec<Clash>,
}

impl Deck {
    pub fn essay(&self, id: &str) -> Option<&Essay> {
        self.essays.iter().find(|essay| essay.id == id)
    }

    pub fn essay_ids(&self) -> impl Iterator<Item = &str> {
        self.essays.iter().map(|essay| essay.id.as_str())
    }

    pub fn claims(&self) -> impl Iterator<Item = &Claim> {
        self.essays.iter().flat_map(|essay| essay.claims.iter())
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims().find(|claim| claim.id == id)
    }

    /// Claims of other essays that clash with at least one claim of `essay_id`: the claims a
    /// student defending that essay has to answer. In deck order, without repeats.
    pub fn opposing_claims(&self, essay_id: &str) -> Vec<&Claim> {
        self.claims()
            .filter(|claim| claim.essay_id != essay_id)
            .filter(|claim| !self.counterpoints(essay_id, &claim.id).is_empty())
            .collect()
    }

    /// Claims of `essay_id` that clash with `opposing_claim_id`, each with the clash that joins
    /// them: what the student's own essay says against the claim.
    pub fn counterpoints(&self, essay_id: &str, opposing_claim_id: &str) -> Vec<(&Claim, &Clash)> {
        self.clashes
            .iter()
            .filter_map(|clash| {
                let other = clash.other_side(opposing_claim_id)?;
                let claim = self.claim(other)?;
                (claim.essay_id == essay_id).then_some((claim, clash))
            })
            .collect()
    }

    /// The text of the paragraph a claim quotes.
    pub fn paragraph_of(&self, claim: &Claim) -> Option<&str> {
        self.essay(&claim.essay_id)?.paragraphs.get(claim.paragraph)?.text()
    }
}
