//! The `deck-check` command, run as a program: previews of valid decks, the app's own messages for
//! broken ones, and plain answers to usage errors and unreadable files.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use debate_drill::core::deck::{Deck, load_deck_bytes};

const BIN: &str = env!("CARGO_BIN_EXE_deck-check");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs deck-check from the project root, so file names in messages are the relative paths given.
fn run(args: &[&str]) -> Output {
    match Command::new(BIN).args(args).current_dir(root()).output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run {BIN}: {error}"),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails with everything the command printed, so a failing case explains itself.
fn describe(args: &[&str], output: &Output) -> String {
    format!(
        "deck-check {}\nstatus: {:?}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    )
}

fn assert_no_panic(args: &[&str], output: &Output) {
    let all = text(&output.stdout) + &text(&output.stderr);
    assert!(
        !all.contains("panicked") && !all.contains("RUST_BACKTRACE"),
        "{}",
        describe(args, output)
    );
}

fn load(path: &str) -> Deck {
    let bytes = fs::read(root().join(path)).unwrap_or_default();
    match load_deck_bytes(&bytes, path) {
        Ok(deck) => deck,
        Err(errors) => panic!("{errors}"),
    }
}

/// Every example deck in data/examples, as paths relative to the project root.
fn example_decks() -> Vec<String> {
    let mut paths: Vec<String> = fs::read_dir(root().join("data/examples"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .filter_map(|path| {
                    let name = path.file_name()?.to_str()?.to_string();
                    Some(format!("data/examples/{name}"))
                })
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths
}

fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("deck-check-{test}"));
    let _ = fs::remove_dir_all(&dir);
    if let Err(error) = fs::create_dir_all(&dir) {
        panic!("cannot create {}: {error}", dir.display());
    }
    dir
}

// --- Valid decks ------------------------------------------------------------------------------

#[test]
fn valid_decks_pass_and_preview_every_essay_and_claim() {
    let mut decks = vec!["data/border-deck.json".to_string()];
    let examples = example_decks();
    assert!(
        examples.iter().any(|path| path.ends_with("school-uniforms.json"))
            && examples.iter().any(|path| path.ends_with("tiny-deck.json")),
        "examples found: {examples:?}"
    );
    decks.extend(examples);
    for path in &decks {
        let args = [path.as_str()];
        let output = run(&args);
        let explain = describe(&args, &output);
        assert_eq!(output.status.code(), Some(0), "{explain}");
        assert!(output.stderr.is_empty(), "{explain}");
        let stdout = text(&output.stdout);
        let deck = load(path);

        let essays = deck.essays.len();
        let claims = deck.claims().count();
        assert!(
            stdout.starts_with(&format!(
                "{path}: valid deck, {essays} essays, {claims} claims, {} clashes.",
                deck.clashes.len()
            )),
            "{explain}"
        );
        assert!(stdout.contains(&format!("(id \"{}\")", deck.id)), "{explain}");
        for (number, essay) in deck.essays.iter().enumerate() {
            let header = format!("Essay {} of {essays}, id \"{}\": ", number + 1, essay.id);
            assert!(stdout.contains(&header), "missing {header:?}\n{explain}");
            let faces = deck.opposing_claims(&essay.id).len();
            assert!(
                stdout.contains(&format!("will face {faces} opposing claim")),
                "essay {}: {faces} opposing claims\n{explain}",
                essay.id
            );
        }
        for claim in deck.claims() {
            // Each claim is listed on its own line: id, then kind.
            let listed = stdout.lines().any(|line| {
                let mut words = line.split_whitespace();
                words.next() == Some(claim.id.as_str()) && words.next() == Some(claim.kind.as_str())
            });
            assert!(listed, "claim {} is not listed\n{explain}", claim.id);
        }
        for clash in &deck.clashes {
            let [a, b] = &clash.claims;
            assert!(stdout.contains(&format!("  {a} vs {b}: ")), "clash {a}/{b}\n{explain}");
        }
        for line in stdout.lines() {
            assert!(line.chars().count() <= 80, "line too long: {line:?}");
        }
    }
}

#[test]
fn the_example_deck_has_four_essays_with_ids_unlike_the_built_in_ones() {
    let deck = load("data/examples/school-uniforms.json");
    assert_eq!(deck.essay_ids().collect::<Vec<_>>(), ["a", "b", "c", "d"]);
    for essay in &deck.essays {
        assert!(essay.claims.len() >= 6, "{}", essay.id);
        let words: usize = essay
            .paragraphs
            .iter()
            .filter_map(|paragraph| paragraph.text())
            .map(|text| text.split_whitespace().count())
            .sum();
        assert!((250..=450).contains(&words), "{}: {words} words", essay.id);
        for other in deck.essays.iter().filter(|other| other.id > essay.id) {
            let between = deck
                .clashes
                .iter()
                .filter(|clash| {
                    let essays: Vec<&str> = clash
                        .claims
                        .iter()
                        .filter_map(|id| deck.claim(id))
                        .map(|claim| claim.essay_id.as_str())
                        .collect();
                    essays.contains(&essay.id.as_str()) && essays.contains(&other.id.as_str())
                })
                .count();
            assert!(between >= 3, "{} vs {}: {between} clashes", essay.id, other.id);
        }
    }
}

// --- Broken decks: the app's messages, exactly ----------------------------------------------

#[test]
fn broken_decks_fail_with_exactly_the_validator_messages() {
    let folder = root().join("tests/decks/broken");
    let mut cases: Vec<String> = fs::read_dir(&folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| entry.file_name().to_str().map(str::to_string))
                .filter(|name| name.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    cases.sort();
    assert!(cases.len() >= 5, "broken decks found: {cases:?}");
    for name in &cases {
        let path = format!("tests/decks/broken/{name}");
        let args = [path.as_str()];
        let output = run(&args);
        let explain = describe(&args, &output);
        assert_eq!(output.status.code(), Some(1), "{explain}");
        assert_no_panic(&args, &output);

        let expected_path = folder.join(name.replace(".json", ".expected"));
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        let expected: Vec<&str> = expected.lines().collect();
        assert!(!expected.is_empty(), "{} is empty", expected_path.display());

        let stdout = text(&output.stdout);
        let mut lines = stdout.lines();
        let count = expected.len();
        let header = format!("{path}: {count} {}", if count == 1 { "problem" } else { "problems" });
        assert_eq!(lines.next(), Some(header.as_str()), "{explain}");
        let problems: Vec<&str> = lines
            .map(|line| line.strip_prefix(&format!("{path}: ")).unwrap_or(line))
            .collect();
        assert_eq!(problems, expected, "{explain}");
    }
}

#[test]
fn several_files_are_each_reported_and_any_failure_fails_the_run() {
    let args = [
        "data/examples/tiny-deck.json",
        "tests/decks/broken/one-essay.json",
        "no/such/deck.json",
    ];
    let output = run(&args);
    let explain = describe(&args, &output);
    assert_eq!(output.status.code(), Some(1), "{explain}");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("data/examples/tiny-deck.json: valid deck"), "{explain}");
    assert!(
        stdout.contains("tests/decks/broken/one-essay.json: 2 problems"),
        "{explain}"
    );
    assert!(
        stdout.contains("3 files checked: 1 valid, 2 with problems or unreadable."),
        "{explain}"
    );
    assert!(
        text(&output.stderr).contains("no/such/deck.json: cannot read the file"),
        "{explain}"
    );
}

// --- Usage and unreadable files -------------------------------------------------------------

#[test]
fn no_arguments_is_a_usage_error() {
    let output = run(&[]);
    let explain = describe(&[], &output);
    assert_eq!(output.status.code(), Some(2), "{explain}");
    assert!(output.stdout.is_empty(), "{explain}");
    assert!(text(&output.stderr).contains("Usage: deck-check FILE"), "{explain}");
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let args = ["--strict", "data/examples/tiny-deck.json"];
    let output = run(&args);
    let explain = describe(&args, &output);
    assert_eq!(output.status.code(), Some(2), "{explain}");
    assert!(
        text(&output.stderr).contains("unknown option \"--strict\""),
        "{explain}"
    );
}

#[test]
fn help_prints_usage_and_succeeds() {
    for flag in ["--help", "-h"] {
        let output = run(&[flag]);
        let explain = describe(&[flag], &output);
        assert_eq!(output.status.code(), Some(0), "{explain}");
        let stdout = text(&output.stdout);
        assert!(stdout.starts_with("Usage: deck-check FILE"), "{explain}");
        assert!(stdout.contains("docs/deck-format.md"), "{explain}");
    }
}

#[test]
fn a_missing_file_gets_a_plain_message() {
    let args = ["no-such-deck.json"];
    let output = run(&args);
    let explain = describe(&args, &output);
    assert_eq!(output.status.code(), Some(1), "{explain}");
    assert_no_panic(&args, &output);
    assert_eq!(
        text(&output.stderr),
        "no-such-deck.json: cannot read the file: no such file.\n",
        "{explain}"
    );
}

#[test]
fn a_folder_gets_a_plain_message() {
    let args = ["data/examples"];
    let output = run(&args);
    let explain = describe(&args, &output);
    assert_eq!(output.status.code(), Some(1), "{explain}");
    assert_no_panic(&args, &output);
    assert!(
        text(&output.stderr).starts_with("data/examples: cannot read the file:"),
        "{explain}"
    );
}

#[test]
fn a_deck_on_standard_input_is_checked() {
    let tiny = fs::read(root().join("data/examples/tiny-deck.json")).unwrap_or_default();
    let child = Command::new(BIN)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => panic!("cannot run {BIN}: {error}"),
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(&tiny);
    }
    let output = match child.wait_with_output() {
        Ok(output) => output,
        Err(error) => panic!("deck-check -: {error}"),
    };
    let explain = describe(&["-"], &output);
    assert_eq!(output.status.code(), Some(0), "{explain}");
    assert!(
        text(&output.stdout).starts_with("(standard input): valid deck, 2 essays"),
        "{explain}"
    );
}

// --- Hostile files ----------------------------------------------------------------------------

#[test]
fn an_oversized_file_is_rejected_by_size() {
    let dir = scratch_dir("oversized");
    let path = dir.join("big.json");
    let mut bytes = fs::read(root().join("data/examples/tiny-deck.json")).unwrap_or_default();
    bytes.resize(3 * 1024 * 1024, b' ');
    if let Err(error) = fs::write(&path, &bytes) {
        panic!("cannot write {}: {error}", path.display());
    }
    let name = path.to_string_lossy().into_owned();
    let args = [name.as_str()];
    let output = run(&args);
    let explain = describe(&args, &output);
    assert_eq!(output.status.code(), Some(1), "{explain}");
    assert_eq!(
        text(&output.stdout),
        format!(
            "{name}: 1 problem\n{name}: $: the file is 3072 KB; a deck may be at most 1024 KB. \
             Fix: split the essays into a smaller deck, or check that this is the right file.\n"
        ),
        "{explain}"
    );
}

#[test]
fn terminal_control_characters_from_a_deck_are_made_visible() {
    let dir = scratch_dir("controls");
    let tiny = fs::read_to_string(root().join("data/examples/tiny-deck.json")).unwrap_or_default();
    // A valid deck with an escape sequence in its title, and a broken one with one in a field name.
    let valid = tiny.replacen("Phones in School", "\\u001b[2JPhones\\u202e in School", 1);
    let broken = tiny.replacen("\"title\"", "\"\\u001b]0;pwned\\u0007title\"", 1);
    for (file, contents, status, visible) in [
        ("valid.json", valid, 0, "\\u{1b}[2JPhones\\u{202e} in School"),
        ("broken.json", broken, 1, "unknown field \"\\u{1b}]0;pwned\\u{7}title\""),
    ] {
        let path = dir.join(file);
        if let Err(error) = fs::write(&path, contents) {
            panic!("cannot write {}: {error}", path.display());
        }
        let name = path.to_string_lossy().into_owned();
        let args = [name.as_str()];
        let output = run(&args);
        let explain = describe(&args, &output);
        assert_eq!(output.status.code(), Some(status), "{explain}");
        let stdout = text(&output.stdout);
        assert!(stdout.contains(visible), "{explain}");
        assert!(
            !stdout.contains(['\u{1b}', '\u{7}', '\u{202e}']),
            "raw control character in the output\n{explain}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_does_not_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let name = OsStr::from_bytes(b"deck-\xff.json");
    let output = match Command::new(BIN).arg(name).current_dir(root()).output() {
        Ok(output) => output,
        Err(error) => panic!("cannot run {BIN}: {error}"),
    };
    assert_eq!(output.status.code(), Some(1));
    assert_no_panic(&["deck-\\xff.json"], &output);
    assert!(text(&output.stderr).contains("cannot read the file: no such file"));
}
