//! Finds the line and column of a value in JSON text from its path.
//!
//! serde_json keeps no positions in a `Value`, and derive-based parsing would stop at the first
//! problem, so problems are collected on the `Value` and located afterwards by this small scanner.
//! It only runs on text that already parsed, and gives up (returns `None`) on anything unexpected.

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Parses the paths this module's caller writes: `$`, `$.essays[0].claims[2].quote`.
pub fn parse_path(path: &str) -> Option<Vec<Step>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after_dot) = rest.strip_prefix('.') {
            let end = after_dot.find(['.', '[']).unwrap_or(after_dot.len());
            steps.push(Step::Key(after_dot[..end].to_string()));
            rest = &after_dot[end..];
        } else if let Some(after_bracket) = rest.strip_prefix('[') {
            let end = after_bracket.find(']')?;
            steps.push(Step::Index(after_bracket[..end].parse().ok()?));
            rest = &after_bracket[end + 1..];
        } else {
            return None;
        }
    }
    Some(steps)
}

/// 1-based (line, column) where the value at `path` starts in `source`. Columns count characters.
pub fn locate(source: &str, path: &str) -> Option<(usize, usize)> {
    let steps = parse_path(path)?;
    let mut scanner = Scanner {
        bytes: source.as_bytes(),
        at: 0,
    };
    scanner.skip_ws();
    for step in &steps {
        match step {
            Step::Key(key) => scanner.enter_key(key)?,
            Step::Index(index) => scanner.enter_index(*index)?,
        }
        scanner.skip_ws();
    }
    Some(line_column(source, scanner.at))
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
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

    /// Reads a string starting at the opening quote; returns its raw (still escaped) contents.
    fn string(&mut self) -> Option<&[u8]> {
        self.expect(b'"')?;
        let start = self.at;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => {
                    let raw = &self.bytes[start..self.at];
                    self.at += 1;
                    return Some(raw);
                }
                _ => self.at += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                self.at += 1;
                let mut depth = 1usize;
                while depth > 0 {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                    self.at += 1;
                }
                Some(())
            }
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

    /// Moves to the value of `key` in the object that starts here.
    fn enter_key(&mut self, key: &str) -> Option<()> {
        self.expect(b'{')?;
        loop {
            self.skip_ws();
            if self.peek()? == b'}' {
                return None;
            }
            let found = unescape(self.string()?)? == key;
            self.expect(b':')?;
            self.skip_ws();
            if found {
                return Some(());
            }
            self.skip_value()?;
            self.skip_ws();
            if self.peek()? == b',' {
                self.at += 1;
            }
        }
    }

    /// Moves to element `index` of the array that starts here.
    fn enter_index(&mut self, index: usize) -> Option<()> {
        self.expect(b'[')?;
        for _ in 0..index {
            self.skip_value()?;
            self.expect(b',')?;
        }
        self.skip_ws();
        (self.peek()? != b']').then_some(())
    }
}

fn unescape(raw: &[u8]) -> Option<String> {
    let quoted = [b"\"".as_slice(), raw, b"\""].concat();
    serde_json::from_slice(&quoted).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}, [2]],\n  \"c\": {\"d\": true}\n}";

    #[test]
    fn locates_nested_values() {
        assert_eq!(locate(SOURCE, "$"), Some((1, 1)));
        assert_eq!(locate(SOURCE, "$.a"), Some((2, 8)));
        assert_eq!(locate(SOURCE, "$.a[1].b"), Some((2, 18)));
        assert_eq!(locate(SOURCE, "$.a[2]"), Some((2, 27)));
        assert_eq!(locate(SOURCE, "$.c.d"), Some((3, 14)));
    }

    #[test]
    fn gives_up_on_missing_paths() {
        assert_eq!(locate(SOURCE, "$.zzz"), None);
        assert_eq!(locate(SOURCE, "$.a[9]"), None);
        assert_eq!(locate(SOURCE, "nonsense"), None);
    }
}
