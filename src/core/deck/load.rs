//! Turns deck JSON into a validated [`Deck`], or into every problem the file has.

use std::collections::{HashMap, HashSet};

use crate::core::json::{self, Object, Value};

use super::locate::{duplicate_keys, locate_all};
use super::model::{Claim, ClaimKind, Clash, Deck, Essay, Paragraph, Position};
use super::problem::{DeckErrors, Problem};
use crate::core::order;
use crate::core::text::{self, Passages};

/// The `format` value every deck file starts with.
pub const FORMAT: &str = "debate-drill/deck";
/// The only format version this build reads.
pub const VERSION: u64 = 1;

/// Limits that keep a deck usable and the page responsive; documented in docs/deck-format.md.
pub mod limits {
    pub const MAX_FILE_BYTES: usize = 1024 * 1024;
    pub const ESSAYS: (usize, usize) = (2, 12);
    pub const CLAIMS_PER_ESSAY: (usize, usize) = (3, 60);
    pub const PARAGRAPHS_PER_ESSAY: (usize, usize) = (1, 400);
    pub const CLASHES: (usize, usize) = (1, 2000);
    pub const DECK_TITLE: usize = 200;
    pub const ESSAY_TITLE: usize = 300;
    pub const AUTHOR: usize = 200;
    pub const PUBLISHER: usize = 200;
    pub const PUBLISHED: usize = 100;
    pub const NOTE: usize = 500;
    pub const LABEL: usize = 80;
    pub const THESIS: usize = 500;
    pub const PARAGRAPH: usize = 5000;
    pub const HEADING: usize = 200;
    pub const STATEMENT: usize = 300;
    pub const QUOTE: (usize, usize) = (10, 600);
    pub const ABOUT: usize = 200;
    pub const ID: usize = 40;
    /// Problems reported at once; past this the list would bury the first fixes to make.
    pub const PROBLEMS: usize = 100;
}

/// Reads a deck from raw bytes (a file the user picked, a fetched URL).
pub fn load_deck_bytes(bytes: &[u8], source_name: &str) -> Result<Deck, DeckErrors> {
    let fail = |problem: Problem| DeckErrors {
        source_name: source_name.to_string(),
        problems: vec![problem],
    };
    if bytes.len() > limits::MAX_FILE_BYTES {
        return Err(fail(
            Problem::new(
                "$",
                format!(
                    "the file is {} KB; a deck may be at most {} KB.",
                    bytes.len().div_ceil(1024),
                    limits::MAX_FILE_BYTES / 1024
                ),
            )
            .with_hint("split the essays into a smaller deck, or check that this is the right file."),
        ));
    }
    // Some editors start UTF-8 files with a byte-order mark; it is not part of the JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => load_deck(text, source_name),
        Err(error) => {
            let (line, column) = text::line_column(bytes, error.valid_up_to());
            Err(fail(
                Problem::new("$", "the file is not valid UTF-8 text.")
                    .at(line, column)
                    .with_hint("save the file as UTF-8 in your editor."),
            ))
        }
    }
}

/// Reads a deck from JSON text. Never panics; on failure returns every problem found.
pub fn load_deck(source: &str, source_name: &str) -> Result<Deck, DeckErrors> {
    let errors = |problems| DeckErrors {
        source_name: source_name.to_string(),
        problems,
    };
    if source.len() > limits::MAX_FILE_BYTES {
        return load_deck_bytes(source.as_bytes(), source_name);
    }
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let value = match json::parse(source) {
        Ok(value) => value,
        Err(error) => return Err(errors(vec![syntax_problem(&error)])),
    };
    let mut checker = Checker::default();
    for (path, (line, column)) in duplicate_keys(source) {
        let key = path.rsplit('.').next().unwrap_or_default().to_string();
        checker.report(
            Problem::new(
                path,
                format!("the field \"{key}\" appears twice in the same object; only the last one would count."),
            )
            .at(line, column)
            .with_hint("keep one of them."),
        );
    }
    let deck = checker.deck(&value);
    if checker.problems.is_empty() {
        if let Some(deck) = deck {
            return Ok(deck);
        }
    }
    let mut problems = checker.problems;
    let paths: Vec<&str> = problems.iter().map(|problem| problem.path.as_str()).collect();
    let positions = locate_all(source, &paths);
    for (problem, position) in problems.iter_mut().zip(positions) {
        if let (Some((line, column)), None) = (position, problem.line) {
            problem.line = Some(line);
            problem.column = Some(column);
        }
    }
    // In file order, as an author reads; problems without a position keep their place at the end.
    order::sort_by_key(&mut problems, |problem| {
        (problem.line.is_none(), problem.line, problem.column)
    });
    if problems.len() > limits::PROBLEMS {
        let more = problems.len() - limits::PROBLEMS;
        problems.truncate(limits::PROBLEMS);
        problems.push(
            Problem::new("$", format!("…and {more} more problems, not listed."))
                .with_hint("fix the problems above first; many of the rest often disappear with them."),
        );
    }
    Err(errors(problems))
}

fn syntax_problem(error: &json::SyntaxError) -> Problem {
    let (message, hint) = if error.message == "recursion limit exceeded" {
        (
            "the file nests lists or objects more than 127 levels deep.".to_string(),
            "a deck nests only a few levels deep: is this the right file?",
        )
    } else if error.at_end {
        (
            format!("the file is not valid JSON: {}.", error.message),
            "the file ends too early: look for a missing closing } or ], or a cut-off download.",
        )
    } else {
        (
            format!("the file is not valid JSON: {}.", error.message),
            "look just before this point for a missing comma, a missing quote, or a trailing comma.",
        )
    };
    Problem::new("$", message)
        .at(error.line, error.column.max(1))
        .with_hint(hint)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|first| first.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && id.len() <= limits::ID
}

/// Collects problems while walking the JSON; each check reports and carries on.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
    /// Essay and claim ids share one namespace: id → path where it was first used.
    ids_seen: HashMap<String, String>,
    /// Every well-formed claim id in the file → index of its essay, valid claim or not, so that a
    /// clash naming a claim with some other problem is not also reported as naming no claim.
    claim_essays: HashMap<String, usize>,
    /// (claim id, path of the claim) for every claim with a usable id, in file order.
    claim_paths: Vec<(String, String)>,
    /// Index of the essay being walked.
    essay_index: usize,
    /// That essay's sentences, prepared on its first misquoted claim and reused for the rest.
    passages: Option<(usize, Passages)>,
}

/// Whether a field must be present.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Presence {
    Required,
    Optional,
}

impl Checker {
    fn report(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn object<'v>(&mut self, path: &str, value: &'v Value, fields: &[&str]) -> Option<&'v Object> {
        let Some(map) = value.as_object() else {
            self.report(Problem::new(
                path,
                format!("expected an object {{…}}, found {}.", json_type(value)),
            ));
            return None;
        };
        for key in map.keys().filter(|key| !fields.contains(&key.as_str())) {
            self.report(
                Problem::new(format!("{path}.{key}"), format!("unknown field \"{key}\"."))
                    .with_hint(format!("the fields allowed here are: {}.", fields.join(", "))),
            );
        }
        Some(map)
    }

    fn field<'v>(&mut self, path: &str, map: &'v Object, key: &str, presence: Presence) -> Option<&'v Value> {
        let value = map.get(key);
        if value.is_none() && presence == Presence::Required {
            self.report(Problem::new(path, format!("missing required field \"{key}\".")));
        }
        value
    }

    /// A text field of 1..=`max` characters (trimmed).
    fn text(&mut self, path: &str, map: &Object, key: &str, max: usize, presence: Presence) -> Option<String> {
        let value = self.field(path, map, key, presence)?;
        self.text_value(&format!("{path}.{key}"), value, (1, max))
    }

    fn text_value(&mut self, path: &str, value: &Value, (min, max): (usize, usize)) -> Option<String> {
        let Some(text) = value.as_str() else {
            self.report(Problem::new(
                path,
                format!("expected text in quotes, found {}.", json_type(value)),
            ));
            return None;
        };
        let text = text.trim();
        let length = text.chars().count();
        if length == 0 {
            self.report(
                Problem::new(path, "is empty.").with_hint("write the text, or remove the field if it is optional."),
            );
            return None;
        }
        if length < min {
            self.report(Problem::new(
                path,
                format!("is {length} characters long; it must be at least {min}."),
            ));
            return None;
        }
        if length > max {
            self.report(
                Problem::new(path, format!("is {length} characters long; at most {max} are allowed."))
                    .with_hint("shorten it."),
            );
            return None;
        }
        Some(text.to_string())
    }

    fn id(&mut self, path: &str, map: &Object) -> Option<String> {
        let id = self.text(path, map, "id", limits::ID, Presence::Required)?;
        if is_valid_id(&id) {
            let id_path = format!("{path}.id");
            if let Some(first) = self.ids_seen.get(&id) {
                let first = first.clone();
                self.report(
                    Problem::new(id_path, format!("the id \"{id}\" is used twice.")).with_hint(format!(
                        "it is already used at {first}; every essay and claim needs its own id."
                    )),
                );
            } else {
                self.ids_seen.insert(id.clone(), id_path);
            }
            Some(id)
        } else {
            self.report(
                Problem::new(format!("{path}.id"), format!("\"{id}\" is not a usable id."))
                    .with_hint("use letters, digits, '-', '_' or '.', starting with a letter or digit (e.g. \"essay-a\", \"a-c1\")."),
            );
            None
        }
    }

    fn list<'v>(&mut self, path: &str, map: &'v Object, key: &str, (min, max): (usize, usize)) -> &'v [Value] {
        let Some(value) = self.field(path, map, key, Presence::Required) else {
            return &[];
        };
        let path = format!("{path}.{key}");
        let Some(items) = value.as_array() else {
            self.report(Problem::new(
                &path,
                format!("expected a list […], found {}.", json_type(value)),
            ));
            return &[];
        };
        if items.len() < min {
            self.report(Problem::new(
                &path,
                format!(
                    "has {}; it needs at least {min}.",
                    text::count_of(items.len(), "entry", "entries")
                ),
            ));
        }
        if items.len() > max {
            self.report(Problem::new(
                &path,
                format!(
                    "has {}; at most {max} are allowed.",
                    text::count_of(items.len(), "entry", "entries")
                ),
            ));
            return &items[..max];
        }
        items
    }

    fn deck(&mut self, value: &Value) -> Option<Deck> {
        let map = self.object("$", value, &["format", "version", "id", "title", "essays", "clashes"])?;
        match self.field("$", map, "format", Presence::Required) {
            Some(Value::String(format)) if format == FORMAT => {}
            Some(other) => self.report(
                Problem::new("$.format", format!("expected \"{FORMAT}\", found {other}."))
                    .with_hint("is this a Debate Drill deck file?"),
            ),
            None => {}
        }
        match self.field("$", map, "version", Presence::Required) {
            Some(version) if version.as_u64() == Some(VERSION) => {}
            Some(version) if version.as_u64().is_some_and(|v| v > VERSION) => self.report(
                Problem::new(
                    "$.version",
                    format!("this deck uses format version {version}; this app reads version {VERSION}."),
                )
                .with_hint("update the app, or save the deck in version 1 format."),
            ),
            Some(other) => self.report(Problem::new(
                "$.version",
                format!("expected the number {VERSION}, found {other}."),
            )),
            None => {}
        }
        let id = self.id("$", map);
        // The deck's own id names the deck; only essay and claim ids must not collide.
        self.ids_seen.clear();
        let title = self.text("$", map, "title", limits::DECK_TITLE, Presence::Required);

        let mut essays = Vec::new();
        for (index, essay) in self.list("$", map, "essays", limits::ESSAYS).iter().enumerate() {
            self.essay_index = index;
            if let Some(essay) = self.essay(&format!("$.essays[{index}]"), essay) {
                essays.push((index, essay));
            }
        }
        let essays: Vec<Essay> = essays.into_iter().map(|(_, essay)| essay).collect();

        let clashes = self.clashes(map, &essays);
        Some(Deck {
            id: id?,
            title: title?,
            essays,
            clashes: clashes?,
        })
    }

    fn essay(&mut self, path: &str, value: &Value) -> Option<Essay> {
        let map = self.object(
            path,
            value,
            &[
                "id",
                "title",
                "author",
                "publisher",
                "published",
                "note",
                "position",
                "paragraphs",
                "claims",
            ],
        )?;
        let id = self.id(path, map);
        let title = self.text(path, map, "title", limits::ESSAY_TITLE, Presence::Required);
        let author = self.text(path, map, "author", limits::AUTHOR, Presence::Required);
        let publisher = self.text(path, map, "publisher", limits::PUBLISHER, Presence::Optional);
        let published = self.text(path, map, "published", limits::PUBLISHED, Presence::Optional);
        let note = self.text(path, map, "note", limits::NOTE, Presence::Optional);
        let position = self.position(path, map);
        let paragraphs = self.paragraphs(path, map);
        let claims = self.claims(path, map, id.as_deref().unwrap_or("?"), &paragraphs);
        Some(Essay {
            id: id?,
            title: title?,
            author: author?,
            publisher,
            published,
            note,
            position: position?,
            paragraphs,
            claims,
        })
    }

    fn position(&mut self, path: &str, map: &Object) -> Option<Position> {
        let Some(value) = map.get("position") else {
            self.report(Problem::new(path, "missing required field \"position\".").with_hint(
                "add \"position\": {\"label\": \"…\", \"thesis\": \"…\"}: the side a student defends for this essay.",
            ));
            return None;
        };
        let path = format!("{path}.position");
        let map = self.object(&path, value, &["label", "thesis"])?;
        let label = self.text(&path, map, "label", limits::LABEL, Presence::Required);
        let thesis = self.text(&path, map, "thesis", limits::THESIS, Presence::Required);
        Some(Position {
            label: label?,
            thesis: thesis?,
        })
    }

    fn paragraphs(&mut self, path: &str, map: &Object) -> Vec<Paragraph> {
        let mut paragraphs = Vec::new();
        for (index, value) in self
            .list(path, map, "paragraphs", limits::PARAGRAPHS_PER_ESSAY)
            .iter()
            .enumerate()
        {
            let path = format!("{path}.paragraphs[{index}]");
            let paragraph = if value.is_object() {
                self.object(&path, value, &["heading"]).and_then(|heading| {
                    self.text(&path, heading, "heading", limits::HEADING, Presence::Required)
                        .map(Paragraph::Heading)
                })
            } else {
                self.text_value(&path, value, (1, limits::PARAGRAPH))
                    .map(Paragraph::Text)
            };
            // A placeholder keeps later paragraph numbers pointing where the author meant.
            paragraphs.push(paragraph.unwrap_or(Paragraph::Heading(String::new())));
        }
        paragraphs
    }

    fn claims(&mut self, path: &str, map: &Object, essay_id: &str, paragraphs: &[Paragraph]) -> Vec<Claim> {
        let mut claims = Vec::new();
        for (index, value) in self
            .list(path, map, "claims", limits::CLAIMS_PER_ESSAY)
            .iter()
            .enumerate()
        {
            if let Some(claim) = self.claim(&format!("{path}.claims[{index}]"), value, essay_id, paragraphs) {
                claims.push(claim);
            }
        }
        claims
    }

    fn claim(&mut self, path: &str, value: &Value, essay_id: &str, paragraphs: &[Paragraph]) -> Option<Claim> {
        let map = self.object(path, value, &["id", "kind", "statement", "quote", "paragraph"])?;
        let id = self.id(path, map);
        if let Some(id) = &id {
            self.claim_essays.entry(id.clone()).or_insert(self.essay_index);
            self.claim_paths.push((id.clone(), path.to_string()));
        }
        let kind = self.claim_kind(path, map);
        let statement = self.text(path, map, "statement", limits::STATEMENT, Presence::Required);
        let quote = self
            .field(path, map, "quote", Presence::Required)
            .and_then(|quote| self.text_value(&format!("{path}.quote"), quote, limits::QUOTE));
        let paragraph = self.paragraph_number(path, map, essay_id, paragraphs);
        let (quote, paragraph) = (quote?, paragraph?);
        let text = paragraphs[paragraph].text().unwrap_or_default();
        if !text.contains(&quote) {
            let id = id.as_deref().unwrap_or("?");
            let number = paragraph + 1;
            let mut problem = Problem::new(
                format!("{path}.quote"),
                format!("claim \"{id}\" quotes text that is not in paragraph {number} of essay \"{essay_id}\"."),
            );
            let found = paragraphs
                .iter()
                .position(|p| p.text().is_some_and(|text| text.contains(&quote)));
            let essay_index = self.essay_index;
            let passages = match self.passages.take() {
                Some((index, passages)) if index == essay_index => passages,
                _ => Passages::new(&paragraphs.iter().filter_map(Paragraph::text).collect::<Vec<_>>()),
            };
            let closest = passages.closest(&quote);
            self.passages = Some((essay_index, passages));
            problem = match found {
                Some(found) => problem.with_hint(format!("the quote is in paragraph {}: set \"paragraph\": {}.", found + 1, found + 1)),
                None => match closest {
                    Some(closest) => problem.with_hint(format!(
                        "copy the quote exactly, with the same spelling and punctuation; the closest passage is “{closest}”."
                    )),
                    None => problem.with_hint("copy the quote exactly from the essay's text."),
                },
            };
            self.report(problem);
            return None;
        }
        Some(Claim {
            id: id?,
            essay_id: essay_id.to_string(),
            kind: kind?,
            statement: statement?,
            quote,
            paragraph,
        })
    }

    fn claim_kind(&mut self, path: &str, map: &Object) -> Option<ClaimKind> {
        let kind = self.text(path, map, "kind", 40, Presence::Required)?;
        let parsed = ClaimKind::parse(&kind);
        if parsed.is_none() {
            let kinds: Vec<&str> = ClaimKind::ALL.iter().map(|kind| kind.as_str()).collect();
            self.report(
                Problem::new(format!("{path}.kind"), format!("\"{kind}\" is not a claim kind."))
                    .with_hint(format!("use one of: {}.", kinds.join(", "))),
            );
        }
        parsed
    }

    /// The 0-based index of the text paragraph a claim cites.
    fn paragraph_number(
        &mut self,
        path: &str,
        map: &Object,
        essay_id: &str,
        paragraphs: &[Paragraph],
    ) -> Option<usize> {
        let value = self.field(path, map, "paragraph", Presence::Required)?;
        let path = format!("{path}.paragraph");
        let count = paragraphs.len();
        let Some(number) = value.as_u64() else {
            self.report(Problem::new(
                &path,
                format!("expected a paragraph number from 1 to {count}, found {value}."),
            ));
            return None;
        };
        let index = usize::try_from(number)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| i < count);
        let Some(index) = index else {
            self.report(Problem::new(
                &path,
                format!(
                    "essay \"{essay_id}\" has {}; there is no paragraph {number}.",
                    text::count_of(count, "paragraph", "paragraphs")
                ),
            ));
            return None;
        };
        match &paragraphs[index] {
            Paragraph::Text(_) => Some(index),
            // An empty placeholder heading stands for a broken paragraph, already reported.
            Paragraph::Heading(heading) if heading.is_empty() => None,
            Paragraph::Heading(_) => {
                self.report(
                    Problem::new(
                        &path,
                        format!("paragraph {number} of essay \"{essay_id}\" is a heading."),
                    )
                    .with_hint("point at the text paragraph the quote comes from."),
                );
                None
            }
        }
    }

    fn clashes(&mut self, map: &Object, essays: &[Essay]) -> Option<Vec<Clash>> {
        let valid_claims: HashSet<&str> = essays
            .iter()
            .flat_map(|essay| essay.claims.iter().map(|claim| claim.id.as_str()))
            .collect();
        let essay_of = std::mem::take(&mut self.claim_essays);
        let mut clashes = Vec::new();
        let mut pairs: HashMap<(String, String), usize> = HashMap::new();
        let mut mentioned: HashSet<String> = HashSet::new();
        let problems_before = self.problems.len();
        for (index, value) in self.list("$", map, "clashes", limits::CLASHES).iter().enumerate() {
            let path = format!("$.clashes[{index}]");
            let Some(clash) = self.object(&path, value, &["claims", "about"]) else {
                continue;
            };
            let about = self.text(&path, clash, "about", limits::ABOUT, Presence::Required);
            let ends = self.clash_ends(&path, clash, &essay_of);
            let (Some(about), Some([a, b])) = (about, ends) else {
                continue;
            };
            mentioned.insert(a.clone());
            mentioned.insert(b.clone());
            if !valid_claims.contains(a.as_str()) || !valid_claims.contains(b.as_str()) {
                // One end has its own problem, reported where the claim is.
                continue;
            }
            let key = if a <= b {
                (a.clone(), b.clone())
            } else {
                (b.clone(), a.clone())
            };
            if let Some(first) = pairs.get(&key) {
                self.report(
                    Problem::new(
                        format!("{path}.claims"),
                        format!("\"{a}\" and \"{b}\" already clash in $.clashes[{first}]."),
                    )
                    .with_hint("merge the two notes into one clash."),
                );
                continue;
            }
            pairs.insert(key, index);
            clashes.push(Clash { claims: [a, b], about });
        }
        // A broken clash would make its claims look unclashed too: only report those on clean clashes.
        let clashes_are_clean = self.problems.len() == problems_before;
        if clashes_are_clean {
            for (id, path) in std::mem::take(&mut self.claim_paths) {
                if !mentioned.contains(&id) {
                    self.report(
                        Problem::new(path, format!("claim \"{id}\" takes part in no clash, so no student would ever see it."))
                            .with_hint("add a clash that links it to a claim of another essay it disagrees with, or remove the claim."),
                    );
                }
            }
        }
        Some(clashes)
    }

    fn clash_ends(&mut self, path: &str, clash: &Object, essay_of: &HashMap<String, usize>) -> Option<[String; 2]> {
        let value = self.field(path, clash, "claims", Presence::Required)?;
        let path = format!("{path}.claims");
        let ids: Option<Vec<&str>> = value
            .as_array()
            .map(|items| items.iter().filter_map(Value::as_str).collect());
        let Some([a, b]) = ids.as_deref().and_then(|ids| <[&str; 2]>::try_from(ids).ok()) else {
            self.report(
                Problem::new(
                    &path,
                    format!("expected a list of exactly two claim ids, found {value}."),
                )
                .with_hint("write it as \"claims\": [\"a-c1\", \"b-c2\"]."),
            );
            return None;
        };
        let mut ok = true;
        for (position, id) in [a, b].into_iter().enumerate() {
            if !essay_of.contains_key(id) {
                ok = false;
                self.report(
                    Problem::new(format!("{path}[{position}]"), format!("there is no claim \"{id}\"."))
                        .with_hint("check the spelling against the claims' ids."),
                );
            }
        }
        if ok && essay_of[a] == essay_of[b] {
            self.report(
                Problem::new(
                    &path,
                    format!(
                        "\"{a}\" and \"{b}\" are both claims of the same essay ($.essays[{}]).",
                        essay_of[a]
                    ),
                )
                .with_hint("a clash links claims of two different essays."),
            );
            return None;
        }
        ok.then(|| [a.to_string(), b.to_string()])
    }
}
