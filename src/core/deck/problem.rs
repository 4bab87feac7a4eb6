//! What can be wrong with a deck file, said so that its author can fix it.

use std::fmt;

use crate::core::text::count_of;

/// One problem in a deck file: where it is and what is wrong, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// JSON path of the offending value, e.g. `$.essays[0].claims[2].quote`; `$` for the whole file.
    pub path: String,
    /// 1-based line and column of the offending value (or of the syntax error), when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it, when there is something more specific to say than the message.
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// `line 3, column 7` or nothing.
    pub fn position(&self) -> Option<String> {
        match (self.line, self.column) {
            (Some(line), Some(column)) => Some(format!("line {line}, column {column}")),
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(position) = self.position() {
            write!(f, "{position}: ")?;
        }
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " Fix: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one deck file. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckErrors {
    /// Where the deck came from (a file name or URL), for the messages.
    pub source_name: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for DeckErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = count_of(self.problems.len(), "problem", "problems");
        writeln!(f, "{}: {count}", self.source_name)?;
        for problem in &self.problems {
            writeln!(f, "{}: {problem}", self.source_name)?;
        }
        Ok(())
    }
}

impl std::error::Error for DeckErrors {}
