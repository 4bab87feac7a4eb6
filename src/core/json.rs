//! JSON for the widget's own data: a reader, a writer and a `serde` deserializer over the
//! values read.
//!
//! Hand-written because serde_json's parser, writer and number formatting were the largest
//! library in the WASM after Yew (about 38 KB before optimisation). What it gives up, on purpose:
//! numbers with a fraction are read to within a unit in the last place (exactly for up to 15
//! significant digits and exponents up to ±22, which is everything the app writes) and written
//! with at most six decimals; the app stores only whole numbers (floats go in as their bits).

use std::fmt::{self, Display, Write};

/// Nesting refused, as serde_json refuses it: at most `MAX_DEPTH - 1` levels, never recursed deeper.
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Objects keep their members in document order; a repeated key keeps its first
/// place and its last value, as most readers (and serde_json) do.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Object),
}

/// A number: whole numbers (without fraction or exponent, within `i64`) are kept exact.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

/// A JSON object: (key, value) members in document order, keys unique.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    members: Vec<(String, Value)>,
}

impl Object {
    pub fn new() -> Object {
        Object::default()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key`, in place if it is already there.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        match self.members.iter_mut().find(|(name, _)| *name == key) {
            Some((_, slot)) => *slot = value,
            None => self.members.push((key, value)),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.members.iter().map(|(key, _)| key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.members.iter().map(|(key, value)| (key, value))
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(members: I) -> Object {
        let mut object = Object::new();
        for (key, value) in members {
            object.insert(key, value);
        }
        object
    }
}

/// A JSON object of `members`, in this order.
pub fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(members.into_iter().collect())
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(object) => Some(object),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(value) => Some(*value),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A whole number written without fraction or exponent, as `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(Number::Int(number)) => Some(*number),
            _ => None,
        }
    }

    /// A whole, non-negative number written without fraction or exponent.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i64().and_then(|number| u64::try_from(number).ok())
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(Number::Int(number)) => Some(*number as f64),
            Value::Number(Number::Float(number)) => Some(*number),
            _ => None,
        }
    }

    /// Indented two spaces a level, for files people read.
    pub fn to_pretty_string(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, Some(0));
        out
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::String(text.to_string())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::String(text)
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Value {
        Value::Bool(value)
    }
}

impl From<i64> for Value {
    fn from(number: i64) -> Value {
        Value::Number(Number::Int(number))
    }
}

impl From<u64> for Value {
    fn from(number: u64) -> Value {
        match i64::try_from(number) {
            Ok(number) => Value::from(number),
            Err(_) => Value::Number(Number::Float(number as f64)),
        }
    }
}

impl From<u32> for Value {
    fn from(number: u32) -> Value {
        Value::from(i64::from(number))
    }
}

impl From<i32> for Value {
    fn from(number: i32) -> Value {
        Value::from(i64::from(number))
    }
}

impl From<usize> for Value {
    fn from(number: usize) -> Value {
        Value::from(number as u64)
    }
}

/// Whole numbers become exact integers; others are kept as floats (written to six decimals).
impl From<f64> for Value {
    fn from(number: f64) -> Value {
        if number.fract() == 0.0 && number.abs() < 9.0e15 {
            Value::from(number as i64)
        } else {
            Value::Number(Number::Float(number))
        }
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value {
        Value::Array(items.into_iter().map(Into::into).collect())
    }
}

/// Compact JSON, as stored.
impl Display for Value {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self, None);
        formatter.write_str(&out)
    }
}

/// Writes `value`; `indent` is the current level when pretty-printing, `None` for compact.
fn write_value(out: &mut String, value: &Value, indent: Option<usize>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(value) => out.push_str(if *value { "true" } else { "false" }),
        Value::Number(Number::Int(number)) => {
            let _ = write!(out, "{number}");
        }
        Value::Number(Number::Float(number)) => write_float(out, *number),
        Value::String(text) => write_string(out, text),
        Value::Array(items) => {
            write_list(out, '[', ']', items.iter(), indent, |out, item, indent| {
                write_value(out, item, indent)
            });
        }
        Value::Object(object) => {
            write_list(
                out,
                '{',
                '}',
                object.members.iter(),
                indent,
                |out, (key, value), indent| {
                    write_string(out, key);
                    out.push_str(if indent.is_some() { ": " } else { ":" });
                    write_value(out, value, indent);
                },
            );
        }
    }
}

fn write_list<T>(
    out: &mut String,
    open: char,
    close: char,
    items: impl ExactSizeIterator<Item = T>,
    indent: Option<usize>,
    mut write_item: impl FnMut(&mut String, T, Option<usize>),
) {
    out.push(open);
    let empty = items.len() == 0;
    let inner = indent.map(|level| level + 1);
    for (index, item) in items.enumerate() {
        if index > 0 {
            out.push(',');
        }
        new_line(out, inner);
        write_item(out, item, inner);
    }
    if !empty {
        new_line(out, indent);
    }
    out.push(close);
}

fn new_line(out: &mut String, indent: Option<usize>) {
    if let Some(level) = indent {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    }
}

/// A number with a fraction, to six decimals by integer arithmetic: `std`'s float formatting
/// would add about 8 KB to the WASM for numbers the app never writes.
fn write_float(out: &mut String, number: f64) {
    if !number.is_finite() {
        // JSON has no infinities or NaN.
        out.push_str("null");
        return;
    }
    let micros = (number.abs() * 1e6).round();
    if micros >= 1.0e18 {
        // Too large for six decimals in a `u64`: 15 significant digits and an exponent.
        let (mut mantissa, mut exponent) = (number.abs(), 0);
        while mantissa >= 1.0e15 {
            mantissa /= 10.0;
            exponent += 1;
        }
        let sign = if number < 0.0 { "-" } else { "" };
        let _ = write!(out, "{sign}{}e{exponent}", mantissa.round() as u64);
        return;
    }
    let micros = micros as u64;
    if number < 0.0 && micros > 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", micros / 1_000_000);
    let mut fraction = micros % 1_000_000;
    if fraction > 0 {
        out.push('.');
        let mut digits = 6;
        while fraction % 10 == 0 {
            fraction /= 10;
            digits -= 1;
        }
        let _ = write!(out, "{fraction:0digits$}");
    }
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[start..at]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        start = at + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// Why a text is not JSON, and where: line (from 1) and column (from 1, in characters) of the
/// character where reading stopped; at the end of the text, of the last character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: &'static str,
    pub line: usize,
    pub column: usize,
    /// The text ended before the value did.
    pub at_end: bool,
}

impl Display for SyntaxError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

/// Reads one JSON value, the whole of `text` (whitespace around it allowed).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let value = reader.value()?;
    reader.skip_whitespace();
    if reader.at < reader.bytes.len() {
        return Err(reader.error("trailing characters", reader.at));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Reader<'_> {
    /// The error `message` at byte `offset` (at the end of the text when `offset` is past it).
    fn error(&self, message: &'static str, offset: usize) -> SyntaxError {
        let at_end = offset >= self.bytes.len();
        // As serde_json counts: the character reading stopped at, or at the end the last one
        // read (0 when there was none); but in characters, not bytes.
        let (line, column) = super::text::line_column(self.bytes, offset);
        let column = column - usize::from(at_end);
        SyntaxError {
            message,
            line,
            column,
            at_end,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.error("EOF while parsing a value", self.at)),
            Some(b'n') => self.word("null", Value::Null),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(Self::array),
            Some(b'{') => self.nested(Self::object),
            Some(_) => Err(self.error("expected value", self.at)),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        for expected in word.bytes() {
            match self.peek() {
                Some(byte) if byte == expected => self.at += 1,
                None => return Err(self.error("EOF while parsing a value", self.at)),
                Some(_) => return Err(self.error("expected ident", self.at)),
            }
        }
        Ok(value)
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, SyntaxError>) -> Result<Value, SyntaxError> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error("recursion limit exceeded", self.at));
        }
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Result<Value, SyntaxError> {
        self.at += 1; // [
        let mut items = Vec::new();
        self.skip_whitespace();
        match self.peek() {
            Some(b']') => {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            None => return Err(self.error("EOF while parsing a list", self.at)),
            Some(_) => {}
        }
        loop {
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        return Err(self.error("trailing comma", self.at));
                    }
                }
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error("EOF while parsing a list", self.at)),
                Some(_) => return Err(self.error("expected `,` or `]`", self.at)),
            }
        }
    }

    fn object(&mut self) -> Result<Value, SyntaxError> {
        self.at += 1; // {
        let mut object = Object::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(object));
        }
        let mut first = true;
        loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'"') => {}
                None if first => return Err(self.error("EOF while parsing an object", self.at)),
                None => return Err(self.error("EOF while parsing a value", self.at)),
                Some(b'}') => return Err(self.error("trailing comma", self.at)),
                Some(_) => return Err(self.error("key must be a string", self.at)),
            }
            first = false;
            let key = self.string()?;
            self.skip_whitespace();
            match self.peek() {
                Some(b':') => self.at += 1,
                None => return Err(self.error("EOF while parsing an object", self.at)),
                Some(_) => return Err(self.error("expected `:`", self.at)),
            }
            let value = self.value()?;
            if object.members.len() < 32 {
                object.insert(key, value);
            } else {
                // Large objects: a repeated key is rare, so look for it only at the end.
                object.members.push((key, value));
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    if object.members.len() > 32 {
                        object = object.members.into_iter().collect::<LargeObject>().0;
                    }
                    return Ok(Value::Object(object));
                }
                None => return Err(self.error("EOF while parsing an object", self.at)),
                Some(_) => return Err(self.error("expected `,` or `}`", self.at)),
            }
        }
    }

    /// A string, from its opening quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.at += 1; // "
        let mut text = String::new();
        loop {
            let run = self.bytes[self.at..]
                .iter()
                .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20);
            let Some(run) = run else {
                self.at = self.bytes.len();
                return Err(self.error("EOF while parsing a string", self.at));
            };
            // Stops only at ASCII bytes, so the run ends on a character boundary.
            text.push_str(&self.text[self.at..self.at + run]);
            self.at += run;
            match self.bytes[self.at] {
                b'"' => {
                    self.at += 1;
                    return Ok(text);
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = self.escape()?;
                    text.push(escaped);
                }
                _ => {
                    return Err(self.error(
                        "control character (\\u0000-\\u001F) found while parsing a string",
                        self.at,
                    ));
                }
            }
        }
    }

    /// The character of an escape, after its backslash.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let Some(byte) = self.peek() else {
            return Err(self.error("EOF while parsing a string", self.at));
        };
        self.at += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                if (0xDC00..0xE000).contains(&first) {
                    return Err(self.error("lone leading surrogate in hex escape", self.at - 1));
                }
                if (0xD800..0xDC00).contains(&first) {
                    if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                        return Err(self.error("unexpected end of hex escape", self.at));
                    }
                    self.at += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("lone leading surrogate in hex escape", self.at - 1));
                    }
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point", self.at - 1));
                }
                return char::from_u32(first).ok_or_else(|| self.error("invalid unicode code point", self.at - 1));
            }
            _ => return Err(self.error("invalid escape", self.at - 1)),
        })
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                None => return Err(self.error("EOF while parsing a string", self.at)),
                Some(byte) => (byte as char).to_digit(16),
            };
            let Some(digit) = digit else {
                return Err(self.error("invalid escape", self.at));
            };
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    /// A number's fraction or exponent without its digits.
    fn missing_digits(&self) -> SyntaxError {
        let message = if self.at >= self.bytes.len() {
            "EOF while parsing a value"
        } else {
            "invalid number"
        };
        self.error(message, self.at)
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        // Up to 19 significant digits in `mantissa`; the rest only move the decimal exponent.
        let (mut mantissa, mut exponent, mut digits) = (0u64, 0i32, 0);
        let mut whole = true;
        let mut take_digits = |reader: &mut Self, fraction: bool| {
            let from = reader.at;
            while let Some(digit @ b'0'..=b'9') = reader.peek() {
                if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(digit - b'0');
                    if mantissa > 0 {
                        digits += 1;
                    }
                    if fraction {
                        exponent -= 1;
                    }
                } else if !fraction {
                    exponent += 1;
                }
                reader.at += 1;
            }
            reader.at - from
        };
        match self.peek() {
            Some(b'0') => {
                self.at += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.error("invalid number", self.at));
                }
            }
            Some(b'1'..=b'9') => {
                take_digits(self, false);
            }
            None => return Err(self.error("EOF while parsing a value", self.at)),
            Some(_) => return Err(self.error("invalid number", self.at)),
        }
        if self.peek() == Some(b'.') {
            whole = false;
            self.at += 1;
            if take_digits(self, true) == 0 {
                return Err(self.missing_digits());
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            whole = false;
            self.at += 1;
            let exponent_negative = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    true
                }
                Some(b'+') => {
                    self.at += 1;
                    false
                }
                _ => false,
            };
            let mut written = 0i32;
            let from = self.at;
            while let Some(digit @ b'0'..=b'9') = self.peek() {
                written = written.saturating_mul(10).saturating_add(i32::from(digit - b'0'));
                self.at += 1;
            }
            if self.at == from {
                return Err(self.missing_digits());
            }
            exponent = exponent.saturating_add(if exponent_negative { -written } else { written });
        }
        if whole {
            // Exact when it fits; written digits beyond `i64` become a float.
            if let Ok(number) = self.text[start..self.at].parse::<i64>() {
                return Ok(Value::Number(Number::Int(number)));
            }
        }
        let magnitude = mantissa as f64;
        let value = if exponent >= 0 {
            magnitude * 10f64.powi(exponent.min(400))
        } else {
            // Dividing by an exact power of ten rounds correctly down to 1e-22.
            let divisor = exponent.max(-400);
            if divisor >= -22 {
                magnitude / 10f64.powi(-divisor)
            } else {
                magnitude / 1e22 / 10f64.powi(-divisor - 22)
            }
        };
        if !value.is_finite() {
            return Err(self.error("number out of range", start));
        }
        Ok(Value::Number(Number::Float(if negative { -value } else { value })))
    }
}

/// Members of a large object with repeated keys merged (first place, last value), in one pass.
struct LargeObject(Object);

impl FromIterator<(String, Value)> for LargeObject {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> LargeObject {
        let mut object = Object::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (key, value) in members {
            match index.get(&key) {
                Some(&at) => object.members[at].1 = value,
                None => {
                    index.insert(key.clone(), object.members.len());
                    object.members.push((key, value));
                }
            }
        }
        LargeObject(object)
    }
}

/// Reads a `T` from a value with serde, for typed records (`#[derive(Deserialize)]`).
pub fn from_value<'de, T: serde::Deserialize<'de>>(value: &'de Value) -> Result<T, DeError> {
    T::deserialize(value)
}

/// Why a value does not have the shape a record needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError(String);

impl Display for DeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for DeError {}

impl serde::de::Error for DeError {
    fn custom<T: Display>(message: T) -> DeError {
        DeError(message.to_string())
    }

    // Said without `Unexpected`'s own wording, which prints floats with `std::fmt`.
    fn invalid_type(found: serde::de::Unexpected<'_>, expected: &dyn serde::de::Expected) -> DeError {
        DeError(format!("invalid type: {}, expected {expected}", describe(&found)))
    }

    fn invalid_value(found: serde::de::Unexpected<'_>, expected: &dyn serde::de::Expected) -> DeError {
        DeError(format!("invalid value: {}, expected {expected}", describe(&found)))
    }
}

fn describe(found: &serde::de::Unexpected<'_>) -> String {
    use serde::de::Unexpected;
    match found {
        Unexpected::Float(_) => "a number with a fraction".to_string(),
        Unexpected::Unsigned(number) => format!("integer `{number}`"),
        Unexpected::Signed(number) => format!("integer `{number}`"),
        Unexpected::Str(text) => format!("text “{text}”"),
        Unexpected::Bool(value) => format!("boolean `{value}`"),
        Unexpected::Unit => "null".to_string(),
        Unexpected::Seq => "a list".to_string(),
        Unexpected::Map => "an object".to_string(),
        _ => "another kind of value".to_string(),
    }
}

impl<'de> serde::Deserializer<'de> for &'de Value {
    type Error = DeError;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(value) => visitor.visit_bool(*value),
            Value::Number(Number::Int(number)) => match u64::try_from(*number) {
                Ok(number) => visitor.visit_u64(number),
                Err(_) => visitor.visit_i64(*number),
            },
            Value::Number(Number::Float(number)) => visitor.visit_f64(*number),
            Value::String(text) => visitor.visit_borrowed_str(text),
            // Through serde's own deserializers, which also refuse items left over.
            Value::Array(items) => serde::de::value::SeqDeserializer::new(items.iter()).deserialize_any(visitor),
            Value::Object(object) => {
                serde::de::value::MapDeserializer::new(object.members.iter().map(|(key, value)| (key.as_str(), value)))
                    .deserialize_any(visitor)
            }
        }
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> serde::de::IntoDeserializer<'de, DeError> for &'de Value {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_every_kind_of_value() {
        let text = r#"{"a":[1,-2,3.25,true,false,null],"b":"x\"y\\z\n\u00e9\ud83d\ude00","c":{}}"#;
        let value = parse(text).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(value.get("a").and_then(Value::as_array).map(Vec::len), Some(6));
        assert_eq!(value.get("b").and_then(Value::as_str), Some("x\"y\\z\né😀"));
        assert_eq!(
            value.to_string(),
            r#"{"a":[1,-2,3.25,true,false,null],"b":"x\"y\\z\né😀","c":{}}"#
        );
    }

    #[test]
    fn pretty_printing_indents_two_spaces() {
        let value = object([("a", Value::from(vec![1u32, 2])), ("b", Value::Array(Vec::new()))]);
        assert_eq!(
            value.to_pretty_string(),
            "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": []\n}"
        );
    }

    #[test]
    fn numbers_keep_whole_numbers_exact() {
        assert_eq!(
            parse("1767225600000").ok().and_then(|v| v.as_u64()),
            Some(1_767_225_600_000)
        );
        assert_eq!(parse("-5").ok().and_then(|v| v.as_i64()), Some(-5));
        assert_eq!(
            parse("2.0").ok().and_then(|v| v.as_u64()),
            None,
            "written with a fraction"
        );
        assert_eq!(parse("2.3065").ok().and_then(|v| v.as_f64()), Some(2.3065));
        assert_eq!(parse("1.5e3").ok().and_then(|v| v.as_f64()), Some(1500.0));
        assert_eq!(parse("25e-3").ok().and_then(|v| v.as_f64()), Some(0.025));
        assert_eq!(parse("99999999999999999999").ok().and_then(|v| v.as_f64()), Some(1e20));
        // Six decimals at most (0.1 + 0.2 comes back as 0.3); large numbers with an exponent.
        for (number, written) in [
            (0.1 + 0.2, "0.3"),
            (-0.5, "-0.5"),
            (2.5e20, "250000000000000e6"),
            (-1.0e300, "-100000000000000e286"),
        ] {
            let mut out = String::new();
            write_float(&mut out, number);
            assert_eq!(out, written);
            let read = parse(&out).ok().and_then(|value| value.as_f64()).unwrap_or(f64::NAN);
            assert!(
                ((read - number) / number).abs() < 1e-6,
                "{written} reads back as {read}"
            );
        }
    }

    #[test]
    fn repeated_keys_keep_the_last_value_in_the_first_place() {
        let value = parse(r#"{"a":1,"b":2,"a":3}"#).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(value.to_string(), r#"{"a":3,"b":2}"#);
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\":{i}")).collect();
        let text = format!("{{{},\"k3\":-1}}", many.join(","));
        let value = parse(&text).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(value.as_object().map(Object::len), Some(40));
        assert_eq!(value.get("k3").and_then(Value::as_i64), Some(-1));
    }

    #[test]
    fn errors_say_what_and_where() {
        for (text, message, line, column) in [
            ("", "EOF while parsing a value", 1, 0),
            ("{\"a\": 1,}", "trailing comma", 1, 9),
            ("{\"a\" 1}", "expected `:`", 1, 6),
            ("[1 2]", "expected `,` or `]`", 1, 4),
            ("{\n  \"a\": \"cut", "EOF while parsing a string", 2, 11),
            ("{\n\"é\": x}", "expected value", 2, 6),
            ("[01]", "invalid number", 1, 3),
            ("{1: 2}", "key must be a string", 1, 2),
            ("[1] x", "trailing characters", 1, 5),
            (
                "\"a\u{1}\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
                1,
                3,
            ),
            ("\"\\q\"", "invalid escape", 1, 3),
            ("nul", "EOF while parsing a value", 1, 3),
            ("[tru]", "expected ident", 1, 5),
        ] {
            let error = parse(text).err().unwrap_or_else(|| panic!("{text:?} parsed"));
            assert_eq!(
                (error.message, error.line, error.column),
                (message, line, column),
                "{text:?}"
            );
        }
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(
            parse(&deep).err().map(|error| error.message),
            Some("recursion limit exceeded")
        );
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Row(String, u32, Option<i64>, f64);

    #[test]
    fn serde_reads_records_from_values() {
        let value = parse(r#"[["a",1,null,2.5],["b",2,-3,4]]"#).unwrap_or_else(|error| panic!("{error}"));
        let rows: Vec<Row> = from_value(&value).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(rows, [Row("a".into(), 1, None, 2.5), Row("b".into(), 2, Some(-3), 4.0)]);
        let wrong = parse(r#"["a",1.5,null,2]"#).unwrap_or_else(|error| panic!("{error}"));
        let error = from_value::<Row>(&wrong).err().map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some("invalid type: a number with a fraction, expected u32")
        );
        let longer = parse(r#"["a",1,null,2,"extra"]"#).unwrap_or_else(|error| panic!("{error}"));
        assert!(from_value::<Row>(&longer).is_err(), "a fifth item is refused");
    }
}
