//! The practice history: progress, then every attempt newest first, with filters, and the
//! student's own data: export, import, delete.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::progress::Progress;
use crate::core::attempt::Attempt;
use crate::core::feedback::{self, Aspect};
use crate::core::records;
use crate::core::text::count_of;
use crate::ui::state::{Action, HistoryFilter, NoticeLevel, View};
use crate::ui::{AppHandle, AppProps};
use crate::web::{files, storage};

/// Offers the whole history as a JSON file; failures become notices.
pub fn export_history(app: &AppHandle) {
    let text = records::export(&app.history, &files::now_iso(), &app.options.storage_key);
    let date: String = files::now_iso().chars().take(10).collect();
    let name = format!("debate-drill-history-{}-{date}.json", app.options.storage_key);
    if let Err(reason) = files::download(&name, &text) {
        app.dispatch(Action::Notify(
            NoticeLevel::Error,
            format!("The export failed: {reason}."),
        ));
    }
}

fn when(attempt: &Attempt) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(attempt.submitted_at_ms));
    date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

#[component]
pub fn HistoryView(props: &AppProps) -> Html {
    let app = &props.app;
    if !app.history_loaded() {
        return html! {
            <section class="card history" data-testid="history" aria-labelledby="history-heading" aria-busy="true">
                <h2 id="history-heading">{ "Your practice" }</h2>
                <p role="status">{ "Reading your history…" }</p>
            </section>
        };
    }
    let back = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ShowView(View::Drill)))
    };
    let filter = app.filter.clone();
    // History is kept per deck: this view lists the deck in use; the others stay stored.
    let in_deck: Vec<&Attempt> = app.history.of_deck(&app.deck.id).collect();
    let other_decks = app.history.len() - in_deck.len();
    let shown: Vec<&Attempt> = in_deck
        .iter()
        .copied()
        .rev()
        .filter(|attempt| filter.essay_id.as_ref().is_none_or(|essay| *essay == attempt.essay_id))
        .filter(|attempt| filter.claim_id.as_ref().is_none_or(|claim| *claim == attempt.claim_id))
        .collect();
    let rows: Html = shown.iter().map(|attempt| attempt_row(app, attempt)).collect();

    let on_essay = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let essay_id = (!value.is_empty()).then_some(value);
            app.dispatch(Action::Filter(HistoryFilter {
                essay_id,
                claim_id: app.filter.claim_id.clone(),
            }));
        })
    };
    let on_claim = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let claim_id = (!value.is_empty()).then_some(value);
            app.dispatch(Action::Filter(HistoryFilter {
                essay_id: app.filter.essay_id.clone(),
                claim_id,
            }));
        })
    };
    let essay_options: Html = app
        .deck
        .essays
        .iter()
        .map(|essay| {
            let selected = filter.essay_id.as_deref() == Some(essay.id.as_str());
            html! { <option value={essay.id.clone()} {selected}>{ format!("{} — {}", essay.id, essay.position.label) }</option> }
        })
        .collect();
    let claim_options: Html = app
        .deck
        .claims()
        .filter(|claim| in_deck.iter().any(|attempt| attempt.claim_id == claim.id))
        .map(|claim| {
            let selected = filter.claim_id.as_deref() == Some(claim.id.as_str());
            html! { <option value={claim.id.clone()} {selected}>{ format!("{}: {}", claim.id, crate::core::text::shorten(&claim.statement, 60)) }</option> }
        })
        .collect();

    html! {
        <section class="card history" data-testid="history" aria-labelledby="history-heading">
            <div class="history-head">
                <h2 id="history-heading">{ "Your practice" }</h2>
                <button type="button" class="secondary" onclick={back}>{ "Back to the drill" }</button>
            </div>
            <Progress app={app.clone()} />
            <h3>{ "Attempts" }</h3>
            <div class="filters">
                <label>{ "Position " }
                    <select onchange={on_essay}>
                        <option value="" selected={filter.essay_id.is_none()}>{ "All positions" }</option>
                        { essay_options }
                    </select>
                </label>
                <label>{ "Opposing claim " }
                    <select onchange={on_claim}>
                        <option value="" selected={filter.claim_id.is_none()}>{ "All claims" }</option>
                        { claim_options }
                    </select>
                </label>
            </div>
            if in_deck.is_empty() {
                <p>{ "No attempts with this deck yet. Submit a rebuttal and it will appear here." }</p>
            } else if shown.is_empty() {
                <p>{ "No attempts match these filters." }</p>
            } else {
                <p class="shown">{ format!("Showing {} of {} with this deck, newest first.", shown.len(), count_of(in_deck.len(), "attempt", "attempts")) }</p>
                <ol class="attempts">{ rows }</ol>
            }
            if other_decks > 0 {
                <p class="shown">{ format!("{} with other decks {} kept too; switch to their deck to see them.", count_of(other_decks, "attempt", "attempts"), if other_decks == 1 { "is" } else { "are" }) }</p>
            }
            <YourData app={app.clone()} />
        </section>
    }
}

fn attempt_row(app: &AppHandle, attempt: &Attempt) -> Html {
    let position = app
        .deck
        .essay(&attempt.essay_id)
        .map_or(attempt.essay_id.clone(), |essay| essay.position.label.clone());
    let claim = app.deck.claim(&attempt.claim_id);
    let claim_text = claim.map_or(attempt.claim_id.clone(), |claim| claim.statement.clone());
    let rating = attempt
        .rating
        .map_or("not rated".to_string(), |rating| format!("rated {}", rating.label()));
    let points: u32 = attempt.verdicts.iter().map(|verdict| verdict.points()).sum();
    // The analysis is deterministic, so the full feedback is recomputed from the saved text.
    let feedback = claim.map(|claim| {
        feedback::analyse(
            feedback::Context {
                deck: &app.deck,
                essay_id: &attempt.essay_id,
                claim,
                speak_secs: attempt.speak_secs,
            },
            &attempt.text,
        )
    });
    let feedback_items: Html = match &feedback {
        Some(feedback) => feedback
            .points
            .iter()
            .map(|point| html! { <li><strong>{ format!("{} ({}): ", point.aspect.title(), point.verdict.label()) }</strong>{ &point.message }</li> })
            .collect(),
        None => Aspect::ALL
            .iter()
            .zip(&attempt.verdicts)
            .map(|(aspect, verdict)| html! { <li>{ format!("{}: {}", aspect.title(), verdict.label()) }</li> })
            .collect(),
    };
    html! {
        <li class="attempt">
            <details>
                <summary>
                    <span class="when">{ when(attempt) }</span>
                    { format!(" · {position} · {} words · {} s{} · {points}/{} points · {rating}",
                        attempt.words, attempt.seconds_spent, if attempt.over_time { " (over time)" } else { "" },
                        feedback::Feedback::max_score()) }
                </summary>
                <p><strong>{ "Opposing claim: " }</strong>{ claim_text }</p>
                <p class="rebuttal-text">{ &attempt.text }</p>
                <ul class="attempt-feedback">{ feedback_items }</ul>
            </details>
        </li>
    }
}

#[component]
fn YourData(props: &AppProps) -> Html {
    let app = &props.app;
    let export = {
        let app = app.clone();
        Callback::from(move |_| export_history(&app))
    };
    let import = {
        let app = app.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                match files::read_text(file).await {
                    Ok(text) => {
                        let decoded = records::decode(&text);
                        if decoded.history.is_empty() && !decoded.unreadable.is_empty() {
                            let reason = decoded.unreadable[0].reason.clone();
                            app.dispatch(Action::Notify(
                                NoticeLevel::Error,
                                format!("“{name}” is not a Debate Drill history file: {reason}. Nothing was changed."),
                            ));
                        } else {
                            app.dispatch(Action::Import {
                                history: decoded.history,
                                unreadable: decoded.unreadable.len(),
                                file_name: name,
                            });
                        }
                    }
                    Err(reason) => {
                        app.dispatch(Action::Notify(NoticeLevel::Error, format!("Import failed: {reason}.")))
                    }
                }
            });
        })
    };
    let ask = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::AskToClear(true)))
    };
    let cancel = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::AskToClear(false)))
    };
    let confirm = {
        let app = app.clone();
        Callback::from(move |_| {
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match storage::clear(&app.options.storage_key).await {
                    Ok(()) => app.dispatch(Action::Cleared),
                    Err(reason) => app.dispatch(Action::Notify(
                        NoticeLevel::Error,
                        format!("The history could not be deleted: {reason}."),
                    )),
                }
            });
        })
    };
    let count = app.history.len();
    html! {
        <section class="your-data" aria-labelledby="data-heading">
            <h3 id="data-heading">{ "Your data" }</h3>
            <p>{ "Your history is stored only in this browser. Export it to keep a copy or move it to another device; importing merges without duplicates." }</p>
            <div class="data-actions">
                <button type="button" class="secondary" data-testid="export-history" onclick={export}>{ "Export history (JSON)" }</button>
                <label class="file-label">{ "Import a history file " }
                    <input type="file" accept=".json,application/json" data-testid="import-history" onchange={import} />
                </label>
                if app.confirming_clear {
                    <div class="confirm" role="group" aria-labelledby="confirm-clear">
                        <p id="confirm-clear">{ format!("Delete all {count} attempts from this browser? This cannot be undone; export first to keep a copy.") }</p>
                        <button type="button" class="danger" data-testid="confirm-clear" onclick={confirm}>{ format!("Yes, delete {count} attempts") }</button>
                        <button type="button" class="secondary" onclick={cancel}>{ "Cancel" }</button>
                    </div>
                } else {
                    <button type="button" class="secondary" data-testid="clear-history" onclick={ask} disabled={count == 0}>{ "Delete history…" }</button>
                }
            </div>
        </section>
    }
}
