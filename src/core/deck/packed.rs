//! The built-in deck's shipped form: the validated [`Deck`] written as length-prefixed fields, so
//! start-up copies strings out instead of parsing, locating and validating 45 KB of JSON.
//!
//! `data/border-deck.json` stays the source. `tests/builtin_deck.rs` loads it with the same
//! loader as any deck, packs the result and requires `data/border-deck.packed` to hold exactly
//! those bytes (rewriting the file when they differ), so the packed deck is always the validated
//! one. [`unpack`] still checks every length and tag: damaged bytes give an error, never a panic.

use std::fmt;

use super::model::{Claim, ClaimKind, Clash, Deck, Essay, Paragraph, Position};

/// The first bytes of a packed deck: a name and the layout's version.
const MAGIC: &[u8] = b"debate-drill/packed-deck\x01";

/// Why bytes are not a packed deck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpackError {
    /// Where in the bytes reading stopped.
    pub offset: usize,
    pub reason: &'static str,
}

impl fmt::Display for UnpackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.reason, self.offset)
    }
}

/// `deck` in the packed layout.
pub fn pack(deck: &Deck) -> Vec<u8> {
    let mut out = Writer(MAGIC.to_vec());
    out.text(&deck.id);
    out.text(&deck.title);
    out.number(deck.essays.len());
    for essay in &deck.essays {
        out.text(&essay.id);
        out.text(&essay.title);
        out.text(&essay.author);
        for optional in [&essay.publisher, &essay.published, &essay.note] {
            match optional {
                Some(text) => {
                    out.number(1);
                    out.text(text);
                }
                None => out.number(0),
            }
        }
        out.text(&essay.position.label);
        out.text(&essay.position.thesis);
        out.number(essay.paragraphs.len());
        for paragraph in &essay.paragraphs {
            let (tag, text) = match paragraph {
                Paragraph::Text(text) => (0, text),
                Paragraph::Heading(text) => (1, text),
            };
            out.number(tag);
            out.text(text);
        }
        out.number(essay.claims.len());
        for claim in &essay.claims {
            out.text(&claim.id);
            out.text(&claim.essay_id);
            let kind = ClaimKind::ALL
                .iter()
                .position(|kind| *kind == claim.kind)
                .unwrap_or_default();
            out.number(kind);
            out.text(&claim.statement);
            out.text(&claim.quote);
            out.number(claim.paragraph);
        }
    }
    out.number(deck.clashes.len());
    for clash in &deck.clashes {
        out.text(&clash.claims[0]);
        out.text(&clash.claims[1]);
        out.text(&clash.about);
    }
    out.0
}

/// The deck `bytes` hold, as [`pack`] wrote it. It checks the layout, not the deck rules: use it
/// only on bytes packed from a deck [`super::load_deck`] accepted (the built-in deck).
pub fn unpack(bytes: &[u8]) -> Result<Deck, UnpackError> {
    let mut input = Reader { bytes, offset: 0 };
    if !bytes.starts_with(MAGIC) {
        return Err(input.error("not a packed deck of this version"));
    }
    input.offset = MAGIC.len();
    let id = input.text()?;
    let title = input.text()?;
    let essays = input.list(|input| {
        let id = input.text()?;
        let title = input.text()?;
        let author = input.text()?;
        let publisher = input.optional_text()?;
        let published = input.optional_text()?;
        let note = input.optional_text()?;
        let position = Position {
            label: input.text()?,
            thesis: input.text()?,
        };
        let paragraphs = input.list(|input| match input.number()? {
            0 => Ok(Paragraph::Text(input.text()?)),
            1 => Ok(Paragraph::Heading(input.text()?)),
            _ => Err(input.error("unknown paragraph tag")),
        })?;
        let claims = input.list(|input| {
            Ok(Claim {
                id: input.text()?,
                essay_id: input.text()?,
                kind: *ClaimKind::ALL
                    .get(input.number()?)
                    .ok_or_else(|| input.error("unknown claim kind"))?,
                statement: input.text()?,
                quote: input.text()?,
                paragraph: input.number()?,
            })
        })?;
        Ok(Essay {
            id,
            title,
            author,
            publisher,
            published,
            note,
            position,
            paragraphs,
            claims,
        })
    })?;
    let clashes = input.list(|input| {
        Ok(Clash {
            claims: [input.text()?, input.text()?],
            about: input.text()?,
        })
    })?;
    if input.offset != bytes.len() {
        return Err(input.error("bytes after the end of the deck"));
    }
    Ok(Deck {
        id,
        title,
        essays,
        clashes,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    /// LEB128: seven bits a byte, low first, the high bit set on all but the last.
    fn number(&mut self, mut value: usize) {
        while value >= 0x80 {
            self.0.push((value & 0x7f) as u8 | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn text(&mut self, text: &str) {
        self.number(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    offset: usize,
}

impl Reader<'_> {
    fn error(&self, reason: &'static str) -> UnpackError {
        UnpackError {
            offset: self.offset,
            reason,
        }
    }

    fn number(&mut self) -> Result<usize, UnpackError> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = *self.bytes.get(self.offset).ok_or_else(|| self.error("cut short"))?;
            self.offset += 1;
            let bits = u64::from(byte & 0x7f);
            if (bits << shift) >> shift != bits {
                return Err(self.error("number too large"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return usize::try_from(value).map_err(|_| self.error("number too large"));
            }
        }
        Err(self.error("number too large"))
    }

    fn text(&mut self) -> Result<String, UnpackError> {
        let length = self.number()?;
        let end = self
            .offset
            .checked_add(length)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| self.error("cut short"))?;
        let text = std::str::from_utf8(&self.bytes[self.offset..end]).map_err(|_| self.error("text is not UTF-8"))?;
        self.offset = end;
        Ok(text.to_string())
    }

    fn optional_text(&mut self) -> Result<Option<String>, UnpackError> {
        match self.number()? {
            0 => Ok(None),
            1 => self.text().map(Some),
            _ => Err(self.error("unknown optional tag")),
        }
    }

    /// A count, then that many items. The count cannot reserve more than the bytes left could hold.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Result<T, UnpackError>) -> Result<Vec<T>, UnpackError> {
        let count = self.number()?;
        let mut items = Vec::with_capacity(count.min(self.bytes.len() - self.offset));
        for _ in 0..count {
            items.push(item(self)?);
        }
        Ok(items)
    }
}
