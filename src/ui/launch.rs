//! Before the drill: reading the launch options and settling which deck to use. A deck named by
//! URL is fetched, and it or one remembered on this device checked, first (the drill waits,
//! showing that it is loading); a broken or unreachable deck leaves the built-in deck in use
//! with every problem listed.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use super::lazy;
use crate::core::deck::{BUILT_IN_DECK_NAME, Deck, DeckErrors, Problem, unpack_built_in};
use crate::core::params::{LaunchOptions, parse_launch_options};
use crate::web::decks;

/// Where the deck in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeckSource {
    BuiltIn,
    Url(String),
    File(String),
    /// Remembered on this device; the string says where it first came from.
    Remembered(String),
}

impl DeckSource {
    pub fn describe(&self) -> String {
        match self {
            DeckSource::BuiltIn => "the built-in deck".to_string(),
            DeckSource::Url(url) => format!("the deck at {url}"),
            DeckSource::File(name) => format!("the file “{name}”"),
            DeckSource::Remembered(from) => format!("the deck remembered on this device (from {from})"),
        }
    }

    /// The source as the user would name it again ("URL" or "file name").
    pub fn origin(&self) -> String {
        match self {
            DeckSource::BuiltIn => "built-in".to_string(),
            DeckSource::Url(origin) | DeckSource::File(origin) | DeckSource::Remembered(origin) => origin.clone(),
        }
    }
}

/// A deck ready to drill, with the JSON it came from (to remember it) when it is not built in.
#[derive(Debug, Clone, PartialEq)]
pub struct DeckChoice {
    pub deck: Rc<Deck>,
    pub source: DeckSource,
    pub json: Option<Rc<str>>,
}

/// Problems with a deck the user asked for, shown as a list; the deck in use stays.
#[derive(Debug, Clone, PartialEq)]
pub enum DeckRejection {
    /// The deck file has problems: every one of them.
    Invalid(Rc<DeckErrors>),
    /// The file could not be had at all (network, size, permissions).
    Unavailable { source: String, reason: String },
}

/// A deck other than the built-in one, to be fetched and checked before the drill starts.
#[derive(Debug, Clone, PartialEq)]
pub enum DeckRequest {
    Url(String),
    /// Remembered on this device: where it first came from, and its JSON.
    Remembered {
        origin: String,
        json: Rc<str>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeckStatus {
    Loading(DeckRequest),
    Ready(DeckChoice),
    /// Only a broken build gets here: the built-in deck itself does not validate.
    BuiltInBroken(Rc<DeckErrors>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    pub options: LaunchOptions,
    pub notices: Vec<String>,
    pub deck: DeckStatus,
    pub rejection: Option<DeckRejection>,
}

pub enum LaunchAction {
    /// The requested deck was fetched and checked: it, or why the built-in deck stays.
    Settled(Result<DeckChoice, DeckRejection>),
}

impl Launch {
    pub fn new(params: &[(String, String)]) -> Launch {
        let (options, notices) =
            parse_launch_options(params.iter().map(|(name, value)| (name.as_str(), value.as_str())));
        // A deck in the URL wins; only without one is the remembered deck read (and parsed).
        let deck = if let Some(url) = &options.deck_url {
            DeckStatus::Loading(DeckRequest::Url(url.clone()))
        } else if let Some((origin, json)) = decks::remembered(&options.storage_key) {
            DeckStatus::Loading(DeckRequest::Remembered {
                origin,
                json: Rc::from(json),
            })
        } else {
            built_in()
        };
        Launch {
            options,
            notices,
            deck,
            rejection: None,
        }
    }
}

/// Fetches (from a URL) and checks a requested deck.
pub async fn settle(request: DeckRequest) -> Result<DeckChoice, DeckRejection> {
    match request {
        DeckRequest::Url(url) => match decks::fetch_bytes(&url).await {
            Ok(bytes) => choose_deck(&bytes, DeckSource::Url(url)).await,
            Err(reason) => Err(DeckRejection::Unavailable { source: url, reason }),
        },
        // Kept as it is when it fails, not deleted: the user chose it and may want it back.
        DeckRequest::Remembered { origin, json } => choose_deck(json.as_bytes(), DeckSource::Remembered(origin)).await,
    }
}

thread_local! {
    /// The built-in deck, unpacked once per page from the bytes `embed.js` hands over.
    static BUILT_IN: RefCell<Option<Result<Rc<Deck>, Rc<DeckErrors>>>> = const { RefCell::new(None) };
}

/// Gives the app the built-in deck's packed bytes (`data/border-deck.packed`), which `embed.js`
/// fetches beside the WASM: a file of its own instead of a part of the code.
pub fn provide_built_in_deck(bytes: &[u8]) {
    let deck = unpack_built_in(bytes).map(Rc::new).map_err(Rc::new);
    BUILT_IN.with(|built_in| built_in.replace(Some(deck)));
}

/// The built-in deck as a ready choice.
pub fn built_in() -> DeckStatus {
    let deck = BUILT_IN.with(|built_in| built_in.borrow().clone());
    match deck {
        Some(Ok(deck)) => DeckStatus::Ready(DeckChoice {
            deck,
            source: DeckSource::BuiltIn,
            json: None,
        }),
        Some(Err(errors)) => DeckStatus::BuiltInBroken(errors),
        None => DeckStatus::BuiltInBroken(not_handed_over()),
    }
}

/// Why the app has no built-in deck when the page did not hand it over. Out of line: never
/// compiled by a start that has it.
#[cold]
#[inline(never)]
fn not_handed_over() -> Rc<DeckErrors> {
    Rc::new(DeckErrors {
        source_name: BUILT_IN_DECK_NAME.to_string(),
        problems: vec![Problem::new("$", "the page did not hand the built-in deck to the app")],
    })
}

/// Validates deck bytes from `source` into a choice, or the problems to show. The checker is
/// loaded on first use (`ui::lazy`).
pub async fn choose_deck(bytes: &[u8], source: DeckSource) -> Result<DeckChoice, DeckRejection> {
    let name = source.origin();
    let check = lazy::deck_check()
        .await
        .map_err(|lazy::NotLoaded| DeckRejection::Unavailable {
            source: name.clone(),
            reason: "the deck checker could not be loaded (offline before this device had it?)".to_string(),
        })?;
    let deck = check(bytes, &name).map_err(|errors| DeckRejection::Invalid(Rc::new(errors)))?;
    // A valid deck is UTF-8 JSON; keeping its text lets the user ask to remember it.
    let json = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned();
    Ok(DeckChoice {
        deck: Rc::new(deck),
        source,
        json: Some(Rc::from(json.as_str())),
    })
}

impl Reducible for Launch {
    type Action = LaunchAction;

    fn reduce(self: Rc<Self>, action: LaunchAction) -> Rc<Self> {
        let mut launch = Rc::unwrap_or_clone(self);
        match action {
            LaunchAction::Settled(Ok(choice)) => launch.deck = DeckStatus::Ready(choice),
            LaunchAction::Settled(Err(rejection)) => {
                launch.rejection = Some(rejection);
                launch.deck = built_in();
            }
        }
        Rc::new(launch)
    }
}
