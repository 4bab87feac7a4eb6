//! Decks in the UI: the preview of the deck in use (what students get), loading an instructor's
//! own deck from a file, remembering it, going back to the built-in deck, and the list of
//! problems when a deck cannot be used.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::true_or_false;

use crate::core::text::count_of;
use crate::ui::launch::{DeckRejection, DeckSource, choose_deck};
use crate::ui::state::{Action, NoticeLevel, View};
use crate::ui::{AppHandle, AppProps};
use crate::web::{decks, env};

/// Reads, validates and (if valid) switches to a deck file the user picked or dropped.
pub fn load_deck_file(app: &AppHandle, file: web_sys::File) {
    let app = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let name = file.name();
        let action = match decks::read_file(&file).await {
            Ok(bytes) => match choose_deck(&bytes, DeckSource::File(name)).await {
                Ok(choice) => Action::UseDeck {
                    choice,
                    now_ms: env::now_ms(),
                },
                Err(rejection) => Action::RejectDeck(rejection),
            },
            Err(reason) => Action::RejectDeck(DeckRejection::Unavailable { source: name, reason }),
        };
        app.dispatch(action);
    });
}

/// Every problem of a deck the user asked for, in plain words with where it is.
pub fn deck_problems(app: &AppHandle) -> Html {
    match &app.deck_rejection {
        Some(rejection) => rejection_notice(app, rejection),
        None => Html::default(),
    }
}

/// Out of line, so that a start with a usable deck does not compile it (the `ui` module says
/// why).
#[inline(never)]
fn rejection_notice(app: &AppHandle, rejection: &DeckRejection) -> Html {
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::DismissDeckProblems))
    };
    let (title, items): (String, Html) = match rejection {
        DeckRejection::Unavailable { source, reason } => {
            (format!("The deck “{source}” could not be used: {reason}."), html! {})
        }
        DeckRejection::Invalid(errors) => {
            let count = errors.problems.len();
            let items: Html = errors
                .problems
                .iter()
                .map(|problem| {
                    let place = match problem.position() {
                        Some(position) => format!("{position}, {}", problem.path),
                        None => problem.path.clone(),
                    };
                    html! {
                        <li>
                            <span class="place">{ place }</span>{ ": " }{ &problem.message }
                            if let Some(hint) = &problem.hint {
                                <span class="hint">{ format!(" Fix: {hint}") }</span>
                            }
                        </li>
                    }
                })
                .collect();
            (
                format!(
                    "The deck “{}” has {}, so it was not loaded:",
                    errors.source_name,
                    count_of(count, "problem", "problems")
                ),
                html! { <ol class="deck-problems">{ items }</ol> },
            )
        }
    };
    html! {
        <div class="notice error" role="alert" data-testid="notice">
            <div>
                <p><strong>{ title }</strong></p>
                { items }
                <p>{ format!("You are still drilling {}.", app.deck_source.describe()) }</p>
            </div>
            <button type="button" class="link" aria-label="Dismiss the deck problems" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}

/// The deck in use, as students will meet it, with the controls to change it.
#[component]
pub fn DeckView(props: &AppProps) -> Html {
    let app = &props.app;
    let namespace = app.options.storage_key.clone();
    let deck = &app.deck;
    let on_file = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                input.set_value("");
                load_deck_file(&app, file);
            }
        })
    };
    let built_in = {
        let app = app.clone();
        let namespace = namespace.clone();
        Callback::from(move |_| {
            decks::forget(&namespace);
            app.dispatch(Action::UseBuiltInDeck { now_ms: env::now_ms() });
        })
    };
    // The same content, not only the same name: a corrected file often keeps its name.
    let remembered_here = match (decks::remembered(&namespace), &app.deck_json) {
        (Some((_, stored)), Some(json)) => stored.as_str() == &**json,
        _ => false,
    };
    let remember = {
        let app = app.clone();
        let namespace = namespace.clone();
        Callback::from(move |_| {
            let Some(json) = app.deck_json.clone() else {
                return;
            };
            let message = if remembered_here {
                decks::forget(&namespace);
                (
                    NoticeLevel::Info,
                    "This device will start with the built-in deck again next time.".to_string(),
                )
            } else {
                match decks::remember(&namespace, &app.deck_source.origin(), &json) {
                    Ok(()) => (
                        NoticeLevel::Info,
                        format!(
                            "This device will start with “{}” next time, offline too.",
                            app.deck.title
                        ),
                    ),
                    Err(reason) => (
                        NoticeLevel::Error,
                        format!("The deck could not be remembered: {reason}."),
                    ),
                }
            };
            app.dispatch(Action::Notify(message.0, message.1));
        })
    };
    let start = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ShowView(View::Drill)))
    };
    let essays: Html = deck
        .essays
        .iter()
        .map(|essay| {
            let claims: Html = essay
                .claims
                .iter()
                .map(|claim| html! { <li><span class="claim-id">{ &claim.id }</span>{ format!(" ({}) ", claim.kind) }{ &claim.statement }</li> })
                .collect();
            let opposing = deck.opposing_claims(&essay.id).len();
            html! {
                <li class="preview-essay">
                    <h4>{ format!("{} · {}", essay.id, essay.byline()) }</h4>
                    <p><strong>{ format!("Position: {}. ", essay.position.label) }</strong>{ &essay.position.thesis }</p>
                    <p class="source">{ format!("A student defending it answers {opposing} opposing claims.") }</p>
                    <details>
                        <summary>{ format!("Its {} claims", essay.claims.len()) }</summary>
                        <ul>{ claims }</ul>
                    </details>
                </li>
            }
        })
        .collect();
    let clashes: Html = deck
        .clashes
        .iter()
        .map(|clash| html! { <li><span class="claim-id">{ format!("{} ⟷ {}", clash.claims[0], clash.claims[1]) }</span>{ format!(": {}", clash.about) }</li> })
        .collect();
    let deck_attempts = app.history.of_deck(&deck.id).count();
    html! {
        <section class="card deck-view" data-testid="deck-preview" aria-labelledby="deck-heading">
            <div class="history-head">
                <h2 id="deck-heading">{ format!("Deck: {}", deck.title) }</h2>
                <button type="button" onclick={start}>{ "Start drilling" }</button>
            </div>
            <p>{ format!("From {}. {} essays, {} claims, {} clashes. Your history with this deck: {deck_attempts} attempts.",
                app.deck_source.describe(), deck.essays.len(), deck.claims().count(), deck.clashes.len()) }</p>
            <div class="data-actions">
                <label class="file-label">{ "Use my own deck (.json) " }
                    <input type="file" accept=".json,application/json" data-testid="deck-file" onchange={on_file} />
                </label>
                if app.deck_source != DeckSource::BuiltIn {
                    if app.deck_json.is_some() {
                        <button type="button" class="secondary" data-testid="remember-deck" aria-pressed={true_or_false(remembered_here)} onclick={remember}>
                            { if remembered_here { "Remembered on this device: forget it" } else { "Remember this deck on this device" } }
                        </button>
                    }
                    <button type="button" class="secondary" data-testid="use-built-in-deck" onclick={built_in}>{ "Back to the built-in deck" }</button>
                }
            </div>
            <p class="source">{ "You can also drop a deck file anywhere on the widget. docs/deck-format.md explains how to write one." }</p>
            <h3>{ "Positions and claims" }</h3>
            <ol class="preview-essays">{ essays }</ol>
            <details>
                <summary>{ format!("The {} clashes", deck.clashes.len()) }</summary>
                <ul class="clashes">{ clashes }</ul>
            </details>
        </section>
    }
}
