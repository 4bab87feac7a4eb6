//! Positions in JSON text, found by one walk over it.
//!
//! A `json::Value` keeps no positions, and derive-based parsing would stop at the first
//! problem, so problems are collected on the `Value` and located afterwards. The walk builds each
//! value's path exactly as the checker writes them (`$.essays[0].claims[2].quote`), so any key,
//! even one containing `.` or `[`, is found. It runs only on text that already parsed, so it can
//! trust the syntax, and it gives up quietly (no position) on anything unexpected.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use crate::core::order;

/// 1-based (line, column) of the value at each of `paths` (in the same order). Columns count
/// characters. One pass over `source`, however many paths.
pub fn locate_all(source: &str, paths: &[&str]) -> Vec<Option<(usize, usize)>> {
    let wanted: HashSet<&str> = paths.iter().copied().collect();
    let mut found: HashMap<String, usize> = HashMap::new();
    walk(source, &mut |path, offset, _| {
        if wanted.contains(path) {
            found.entry(path.to_string()).or_insert(offset);
        }
    });
    let offsets: Vec<usize> = found.values().copied().collect();
    let positions = line_columns(source, &offsets);
    paths
        .iter()
        .map(|path| found.get(*path).and_then(|offset| positions.get(offset).copied()))
        .collect()
}

/// Keys that appear again in the same object (JSON parsers keep only the last one): the path
/// and the 1-based (line, column) of each repeat.
pub fn duplicate_keys(source: &str) -> Vec<(String, (usize, usize))> {
    let mut duplicates = Vec::new();
    walk(source, &mut |path, offset, event| {
        if event == Event::DuplicateKey {
            duplicates.push((path.to_string(), offset));
        }
    });
    if duplicates.is_empty() {
        return Vec::new();
    }
    let offsets: Vec<usize> = duplicates.iter().map(|(_, offset)| *offset).collect();
    let positions = line_columns(source, &offsets);
    duplicates
        .into_iter()
        .map(|(path, offset)| (path, positions.get(&offset).copied().unwrap_or((1, 1))))
        .collect()
}

/// 1-based (line, column) for each byte offset, in one pass.
fn line_columns(source: &str, offsets: &[usize]) -> HashMap<usize, (usize, usize)> {
    let mut sorted: Vec<usize> = offsets.to_vec();
    order::sort_by_key(&mut sorted, |&offset| offset);
    sorted.dedup();
    let mut result = HashMap::with_capacity(sorted.len());
    let (mut line, mut column) = (1, 1);
    let mut next = sorted.into_iter().peekable();
    for (at, c) in source.char_indices() {
        while next.peek().is_some_and(|&offset| offset <= at) {
            if let Some(offset) = next.next() {
                result.insert(offset, (line, column));
            }
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    for offset in next {
        result.insert(offset, (line, column));
    }
    result
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    Value,
    DuplicateKey,
}

/// Calls `visit(path, offset, event)` for every value (at its first byte) and every repeated key.
fn walk(source: &str, visit: &mut dyn FnMut(&str, usize, Event)) {
    let mut walker = Walker {
        bytes: source.as_bytes(),
        at: 0,
        path: String::from("$"),
    };
    walker.skip_ws();
    // Text that failed to parse never reaches here; on surprises the walk just stops.
    let _ = walker.value(visit);
}

struct Walker<'a> {
    bytes: &'a [u8],
    at: usize,
    path: String,
}

impl<'a> Walker<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Reads a string starting at its opening quote; returns its unescaped text, borrowed from
    /// the source unless it has escapes (most keys do not: no allocation per key).
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.at;
        self.expect(b'"')?;
        let mut escaped = false;
        loop {
            // Straight to the next quote or backslash: the essays' long strings are most of a deck.
            self.at += self
                .bytes
                .get(self.at..)?
                .iter()
                .position(|&byte| byte == b'"' || byte == b'\\')?;
            match self.peek()? {
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                b'"' => {
                    self.at += 1;
                    let raw = self.bytes.get(start..self.at)?;
                    return if escaped {
                        match crate::core::json::parse(std::str::from_utf8(raw).ok()?).ok()? {
                            crate::core::json::Value::String(key) => Some(Cow::Owned(key)),
                            _ => None,
                        }
                    } else {
                        // Between two ASCII quotes of a `&str`: valid UTF-8.
                        std::str::from_utf8(raw.get(1..raw.len() - 1)?).ok().map(Cow::Borrowed)
                    };
                }
                _ => self.at += 1,
            }
        }
    }

    fn value(&mut self, visit: &mut dyn FnMut(&str, usize, Event)) -> Option<()> {
        self.skip_ws();
        visit(&self.path, self.at, Event::Value);
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' => self.object(visit),
            b'[' => self.array(visit),
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    fn object(&mut self, visit: &mut dyn FnMut(&str, usize, Event)) -> Option<()> {
        self.expect(b'{')?;
        let mut keys = HashSet::new();
        let parent_length = self.path.len();
        loop {
            self.skip_ws();
            if self.peek()? == b'}' {
                self.at += 1;
                return Some(());
            }
            let key_at = self.at;
            let key = self.string()?;
            self.path.push('.');
            self.path.push_str(&key);
            if !keys.insert(key) {
                visit(&self.path, key_at, Event::DuplicateKey);
            }
            self.expect(b':')?;
            self.value(visit)?;
            self.path.truncate(parent_length);
            self.skip_ws();
            if self.peek()? == b',' {
                self.at += 1;
            }
        }
    }

    fn array(&mut self, visit: &mut dyn FnMut(&str, usize, Event)) -> Option<()> {
        self.expect(b'[')?;
        let parent_length = self.path.len();
        let mut index = 0usize;
        loop {
            self.skip_ws();
            if self.peek()? == b']' {
                self.at += 1;
                return Some(());
            }
            // Into the path itself: no string per element.
            let _ = write!(self.path, "[{index}]");
            self.value(visit)?;
            self.path.truncate(parent_length);
            index += 1;
            self.skip_ws();
            if self.peek()? == b',' {
                self.at += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}, [2]],\n  \"c\": {\"d\": true, \"e.f[0\": 1}\n}";

    #[test]
    fn locates_nested_values_in_one_pass() {
        let paths = [
            "$",
            "$.a",
            "$.a[1].b",
            "$.a[2]",
            "$.c.d",
            "$.c.e.f[0",
            "$.zzz",
            "$.a[9]",
        ];
        assert_eq!(
            locate_all(SOURCE, &paths),
            [
                Some((1, 1)),
                Some((2, 8)),
                Some((2, 18)),
                Some((2, 27)),
                Some((3, 14)),
                Some((3, 29)),
                None,
                None
            ]
        );
    }

    #[test]
    fn finds_repeated_keys() {
        let found = duplicate_keys(r#"{"a": 1, "b": {"x": 1, "x": 2}, "a": [ {"y": 1, "y": 1} ]}"#);
        let paths: Vec<&str> = found.iter().map(|(path, _)| path.as_str()).collect();
        assert_eq!(paths, ["$.b.x", "$.a", "$.a[0].y"]);
        assert_eq!(found[0].1, (1, 24), "the repeated key itself");
        assert!(duplicate_keys(SOURCE).is_empty());
        // A key written with an escape is the same key.
        let escaped = duplicate_keys(r#"{"ab": 1, "a\u0062": 2}"#);
        assert_eq!(escaped, [("$.ab".to_string(), (1, 11))]);
    }
}
