//! The practice history: every attempt, newest first.

use yew::prelude::*;

use crate::ui::state::{Action, View};
use crate::ui::use_app;

#[component]
pub fn HistoryView() -> Html {
    let app = use_app();
    let back = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ShowView(View::Drill)))
    };
    let rows: Html = app
        .history
        .attempts()
        .iter()
        .rev()
        .map(|attempt| {
            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(attempt.submitted_at_ms));
            let when: String = date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED).into();
            let position = app.deck.essay(&attempt.essay_id).map_or(attempt.essay_id.clone(), |essay| essay.position.label.clone());
            let claim = app.deck.claim(&attempt.claim_id).map_or(attempt.claim_id.clone(), |claim| claim.statement.clone());
            let rating = attempt.rating.map_or("not rated".to_string(), |rating| rating.label().to_string());
            html! {
                <li class="attempt">
                    <details>
                        <summary>
                            <span class="when">{ when }</span>
                            <span>{ format!(" · {} · {} words · {} s{} · {}", position, attempt.words, attempt.seconds_spent,
                                if attempt.over_time { " (over time)" } else { "" }, rating) }</span>
                        </summary>
                        <p><strong>{ "Claim: " }</strong>{ claim }</p>
                        <p class="rebuttal-text">{ &attempt.text }</p>
                    </details>
                </li>
            }
        })
        .collect();
    html! {
        <section class="card history" data-testid="history" aria-labelledby="history-heading">
            <h2 id="history-heading">{ "Your practice" }</h2>
            if app.history.is_empty() {
                <p>{ "No attempts yet. Submit a rebuttal and it will appear here." }</p>
            } else {
                <ol class="attempts">{ rows }</ol>
            }
            <button type="button" class="secondary" onclick={back}>{ "Back to the drill" }</button>
        </section>
    }
}
