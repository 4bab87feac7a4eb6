//! `deck-check`: validates Debate Drill deck files and previews what students will get.
//!
//! ```text
//! cargo run --bin deck-check -- FILE [FILE...]
//! ```
//!
//! Problems are reported with exactly the messages the app shows (`DeckErrors`'s `Display`).
//! Exit status: 0 when every file is a valid deck, 1 when any file has problems or cannot be
//! read, 2 on a usage error. Never panics on any input: arguments are read as `OsString`s, files
//! through `Result`s, and output errors (e.g. a closed pipe) end the program quietly.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use debate_drill::core::deck::{Deck, DeckErrors, Essay, Problem, limits, load_deck_bytes};
use debate_drill::core::text::count_of;

/// Output is wrapped to this many characters.
const WIDTH: usize = 80;

/// Files above this size are not read at all: no deck comes close (see `limits::MAX_FILE_BYTES`),
/// and reading a huge file or an endless device would only hang the check.
const READ_CAP_BYTES: u64 = 64 * 1024 * 1024;

const USAGE: &str = "\
Usage: deck-check FILE [FILE...]

Checks Debate Drill deck files (.json) and shows what students will get.

For each FILE, deck-check either lists every problem, with the same messages the
app shows (line and column, the JSON path of the value, what is wrong and how to
fix it), or prints a preview of the deck: its essays, each essay's position and
claims, how many opposing claims a student defending it will face, and the
clashes.

Options:
  -h, --help   show this help and exit
  --           treat every later argument as a file name
  -            (as a FILE) read the deck from standard input

Exit status: 0 if every file is a valid deck, 1 if any file has problems or
cannot be read, 2 if deck-check was called wrongly.

The deck format is described in docs/deck-format.md.
";

enum Command {
    Help,
    Check(Vec<OsString>),
}

fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut files = Vec::new();
    let mut only_files = false;
    for arg in args {
        if only_files {
            files.push(arg);
            continue;
        }
        match arg.to_str() {
            Some("--") => only_files = true,
            Some("-h" | "--help") => return Ok(Command::Help),
            Some(option) if option.starts_with('-') && option.len() > 1 => {
                return Err(format!("unknown option \"{}\".", escape_controls(option)));
            }
            _ => files.push(arg),
        }
    }
    if files.is_empty() {
        return Err("no deck file given.".to_string());
    }
    Ok(Command::Check(files))
}

fn main() -> ExitCode {
    let command = match parse_args(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            let text =
                format!("deck-check: {message}\nUsage: deck-check FILE [FILE...]   (deck-check --help for more)\n");
            // Nothing sensible is left to do if even stderr is closed.
            let _ = io::stderr().write_all(text.as_bytes());
            return ExitCode::from(2);
        }
    };
    let files = match command {
        Command::Help => {
            let _ = io::stdout().write_all(USAGE.as_bytes());
            return ExitCode::SUCCESS;
        }
        Command::Check(files) => files,
    };

    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr();
    let mut failed = 0usize;
    let mut stdout_used = false;
    for file in &files {
        let outcome = check_file(Path::new(file));
        let written = match &outcome {
            Outcome::Valid(report) | Outcome::Problems(report) => {
                // A blank line between the reports of several files.
                let separator: &[u8] = if stdout_used { b"\n" } else { b"" };
                stdout_used = true;
                stdout
                    .write_all(separator)
                    .and_then(|()| stdout.write_all(report.as_bytes()))
            }
            Outcome::Unreadable(message) => stdout.flush().and_then(|()| stderr.write_all(message.as_bytes())),
        };
        if written.is_err() {
            // The reader went away (e.g. `deck-check … | head`): stop quietly.
            return ExitCode::FAILURE;
        }
        if !matches!(outcome, Outcome::Valid(_)) {
            failed += 1;
        }
    }
    if files.len() > 1 {
        let summary = format!(
            "{}{} files checked: {} valid, {} with problems or unreadable.\n",
            if stdout_used { "\n" } else { "" },
            files.len(),
            files.len() - failed,
            failed
        );
        let _ = stdout.write_all(summary.as_bytes());
    }
    let _ = stdout.flush();
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

enum Outcome {
    /// The preview of a valid deck.
    Valid(String),
    /// `DeckErrors`'s report: a header line, then one line per problem.
    Problems(String),
    /// The file could not be read; a plain one-line message.
    Unreadable(String),
}

fn check_file(path: &Path) -> Outcome {
    let from_stdin = path.as_os_str() == "-";
    let name = if from_stdin {
        "(standard input)".to_string()
    } else {
        escape_controls(&path.display().to_string())
    };
    let read = if from_stdin {
        read_capped_from(io::stdin().lock())
    } else {
        read_capped(path)
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge) => {
            return Outcome::Unreadable(format!(
                "{name}: not checked: the file is larger than {} MB; a deck may be at most {} KB.\n",
                READ_CAP_BYTES / (1024 * 1024),
                limits::MAX_FILE_BYTES / 1024
            ));
        }
        Err(ReadError::Io(error)) => {
            return Outcome::Unreadable(format!("{name}: cannot read the file: {}.\n", plain_io_error(&error)));
        }
    };
    match load_deck_bytes(&bytes, &name) {
        Ok(deck) => Outcome::Valid(preview(&name, &deck)),
        Err(errors) => Outcome::Problems(terminal_safe(errors).to_string()),
    }
}

enum ReadError {
    TooLarge,
    Io(io::Error),
}

fn read_capped(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    if file.metadata().map_err(ReadError::Io)?.is_dir() {
        return Err(ReadError::Io(io::Error::other("it is a folder, not a file")));
    }
    read_capped_from(file)
}

fn read_capped_from(reader: impl Read) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(READ_CAP_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if u64::try_from(bytes.len()).map_or(true, |len| len > READ_CAP_BYTES) {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// An I/O error in plain words, without Rust's "(os error 2)" suffix.
fn plain_io_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let text = error.to_string();
            let text = text.rsplit_once(" (os error").map_or(text.as_str(), |(head, _)| head);
            escape_controls(text)
        }
    }
}

/// The same report with control characters made visible, so that a hostile deck cannot send
/// escape sequences to the terminal through an echoed field name or passage. Printable text,
/// including every ordinary message, is unchanged.
fn terminal_safe(errors: DeckErrors) -> DeckErrors {
    DeckErrors {
        source_name: errors.source_name,
        problems: errors
            .problems
            .into_iter()
            .map(|problem| Problem {
                path: escape_controls(&problem.path),
                message: escape_controls(&problem.message),
                hint: problem.hint.as_deref().map(escape_controls),
                ..problem
            })
            .collect(),
    }
}

/// Control characters and bidirectional overrides as `\u{…}`; everything else as it is.
fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Appends `text` word-wrapped to `WIDTH`: the first line starts with `first` (already counted as
/// `first`'s width), later lines with `indent` spaces. Whitespace runs, line breaks included,
/// become single spaces; a word longer than the line stays whole on its own line.
fn wrap_into(out: &mut String, first: &str, indent: usize, text: &str) {
    let text = escape_controls(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut line = first.to_string();
    let mut line_width = first.chars().count();
    let mut line_has_word = false;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let word_width = word.chars().count();
        let separator = usize::from(line_has_word);
        if line_has_word && line_width + separator + word_width > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
            line_width = indent;
            line_has_word = false;
        }
        if line_has_word {
            line.push(' ');
            line_width += 1;
        }
        line.push_str(word);
        line_width += word_width;
        line_has_word = true;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// A `label: text` line, the text wrapped and aligned after the label.
fn labelled(out: &mut String, indent: usize, label: &str, text: &str) {
    let first = format!("{}{label} ", " ".repeat(indent));
    let hang = first.chars().count();
    wrap_into(out, &first, hang, text);
}

fn preview(name: &str, deck: &Deck) -> String {
    let claims = deck.claims().count();
    // The verdict line is not wrapped, like the header of a problem report.
    let mut out = format!(
        "{name}: valid deck, {}, {}, {}.\n\n",
        count_of(deck.essays.len(), "essay", "essays"),
        count_of(claims, "claim", "claims"),
        count_of(deck.clashes.len(), "clash", "clashes"),
    );
    labelled(&mut out, 0, "Deck:", &format!("{} (id \"{}\")", deck.title, deck.id));
    for (number, essay) in deck.essays.iter().enumerate() {
        out.push('\n');
        essay_preview(&mut out, deck, number + 1, essay);
    }
    out.push('\n');
    wrap_into(
        &mut out,
        "",
        0,
        &format!(
            "Clashes ({}): the pairs of claims a student may be asked to answer.",
            deck.clashes.len()
        ),
    );
    for clash in &deck.clashes {
        let [a, b] = &clash.claims;
        let first = format!("  {a} vs {b}: ");
        wrap_into(&mut out, &first, 6, &clash.about);
    }
    out
}

fn essay_preview(out: &mut String, deck: &Deck, number: usize, essay: &Essay) {
    wrap_into(
        out,
        "",
        4,
        &format!(
            "Essay {number} of {}, id \"{}\": {}",
            deck.essays.len(),
            essay.id,
            essay.title
        ),
    );
    labelled(out, 2, "Author:", &essay.author);
    let source: Vec<&str> = [essay.publisher.as_deref(), essay.published.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !source.is_empty() {
        labelled(out, 2, "Source:", &source.join(", "));
    }
    if let Some(note) = &essay.note {
        labelled(out, 2, "Note:", note);
    }
    let headings = essay
        .paragraphs
        .iter()
        .filter(|paragraph| paragraph.text().is_none())
        .count();
    let mut shape = count_of(essay.paragraphs.len() - headings, "paragraph", "paragraphs");
    if headings > 0 {
        shape.push_str(&format!(", {}", count_of(headings, "heading", "headings")));
    }
    labelled(out, 2, "Text:", &shape);
    labelled(out, 2, "Position:", &essay.position.label);
    labelled(out, 2, "Thesis:", &essay.position.thesis);
    wrap_into(out, "  ", 4, &format!("Claims ({}):", essay.claims.len()));
    let id_width = essay
        .claims
        .iter()
        .map(|claim| claim.id.chars().count())
        .max()
        .unwrap_or(0);
    for claim in &essay.claims {
        let first = format!("    {:<id_width$}  {:<10}  ", claim.id, claim.kind.as_str(),);
        // Long ids would leave no room for the statement: fall back to a narrower hang.
        let hang = first.chars().count().min(WIDTH / 2);
        wrap_into(out, &first, hang, &claim.statement);
    }
    let opposing = deck.opposing_claims(&essay.id).len();
    wrap_into(
        out,
        "  ",
        4,
        &format!(
            "A student defending it will face {}.",
            count_of(opposing, "opposing claim", "opposing claims")
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(first: &str, indent: usize, text: &str) -> String {
        let mut out = String::new();
        wrap_into(&mut out, first, indent, text);
        out
    }

    #[test]
    fn wraps_at_the_width_with_a_hanging_indent() {
        let text = "word ".repeat(40);
        let out = wrapped("  label: ", 9, &text);
        for line in out.lines() {
            assert!(line.chars().count() <= WIDTH, "{line:?}");
        }
        assert!(out.lines().skip(1).all(|line| line.starts_with("         word")));
        assert_eq!(out.matches("word").count(), 40);
    }

    #[test]
    fn keeps_an_overlong_word_whole() {
        let long = "x".repeat(120);
        let out = wrapped("", 2, &format!("a {long} b"));
        assert_eq!(out, format!("a\n  {long}\n  b\n"));
    }

    #[test]
    fn makes_control_characters_visible() {
        assert_eq!(escape_controls("a\u{1b}[31mb\u{202e}c"), "a\\u{1b}[31mb\\u{202e}c");
        assert_eq!(escape_controls("“plain” text — ok"), "“plain” text — ok");
    }

    #[test]
    fn usage_errors_and_help() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert!(parse_args(args(&[])).is_err());
        assert!(parse_args(args(&["--frobnicate", "a.json"])).is_err());
        assert!(matches!(parse_args(args(&["a.json", "--help"])), Ok(Command::Help)));
        assert!(matches!(parse_args(args(&["--", "--help"])), Ok(Command::Check(files)) if files == args(&["--help"])));
        assert!(matches!(parse_args(args(&["-"])), Ok(Command::Check(_))));
    }
}
