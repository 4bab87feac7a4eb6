//! Around the drill: the header with the attempt count, and notices.

use yew::prelude::*;

use super::true_or_false;

use crate::core::text::decimal;
use crate::ui::hooks::save_status;
use crate::ui::state::{Action, NoticeLevel, NoticeOffer, SaveState, View};
use crate::ui::{AppHandle, lazy};

/// Title, attempt count with the save status, and the buttons to the history and deck views.
pub fn header(app: &AppHandle) -> Html {
    // Each button opens its view, or goes back to the drill from it.
    let toggle = |view: View| {
        let app = app.clone();
        let target = if app.view == view { View::Drill } else { view };
        Callback::from(move |_| app.dispatch(Action::ShowView(target)))
    };
    let (history, deck) = (toggle(View::History), toggle(View::Deck));
    // A pointer on, or focus in, a button to a view is a good sign it is about to open: fetch
    // the views' module then, so that it opens at once. A failure shows when the view opens.
    let prefetch = Callback::from(|()| {
        if lazy::loaded_views().is_none() {
            wasm_bindgen_futures::spawn_local(async {
                let _ = lazy::views_module().await;
            });
        }
    });
    let count = app.attempt_count();
    html! {
        <header class="bar">
            if !app.options.embed {
                <h1>{ "Debate Drill" }</h1>
            }
            <p class="count">
                <span data-testid="attempt-count">{ decimal(count as u64) }</span>
                { if count == 1 { " attempt" } else { " attempts" } }
                if !matches!(app.save, SaveState::Saved) {
                    { save_note(app) }
                }
            </p>
            <button type="button" class="secondary" data-testid="open-history" aria-pressed={true_or_false(app.view == View::History)} onclick={history}
                onpointerenter={prefetch.reform(|_| ())} onfocus={prefetch.reform(|_| ())}>
                { if app.view == View::History { "Back to drill" } else { "History" } }
            </button>
            <button type="button" class="secondary" data-testid="open-deck" aria-pressed={true_or_false(app.view == View::Deck)} onclick={deck}
                onpointerenter={prefetch.reform(|_| ())} onfocus={prefetch.reform(|_| ())}>
                { "Deck" }
            </button>
        </header>
    }
}

/// " · Saving…" or " · Not saved: …" after the count. Out of line: a start has nothing to save,
/// and does not compile it.
#[inline(never)]
fn save_note(app: &AppHandle) -> Html {
    match save_status(&app.save) {
        Some(status) => html! { <span class="save-status">{ format!(" · {status}") }</span> },
        None => Html::default(),
    }
}

/// The notices, each with its own dismiss button (and an export offer when one is due). The
/// region is always there, so that a screen reader announces what appears in it.
pub fn notices(app: &AppHandle) -> Html {
    let notices = if app.notices.is_empty() {
        Html::default()
    } else {
        notice_items(app)
    };
    html! { <div class="notices">{ notices }</div> }
}

/// Out of line, so that a start without notices does not compile it (the `ui` module says why).
#[inline(never)]
fn notice_items(app: &AppHandle) -> Html {
    app.notices
        .iter()
        .map(|notice| {
            let dismiss = {
                let app = app.clone();
                let id = notice.id;
                Callback::from(move |_| app.dispatch(Action::DismissNotice(id)))
            };
            let (role, class) = match notice.level {
                NoticeLevel::Error => ("alert", "notice error"),
                NoticeLevel::Info => ("status", "notice info"),
            };
            // Offered once the practice module, which exports, is there.
            let export = notice.offer.zip(app.practice).map(|(NoticeOffer::ExportHistory, practice)| {
                let app = app.clone();
                Callback::from(move |_| (practice.export)(&app))
            });
            html! {
                <div {class} {role} data-testid="notice">
                    <p>{ &notice.text }</p>
                    if let Some(export) = export {
                        <button type="button" class="secondary" onclick={export}>{ "Export history" }</button>
                    }
                    <button type="button" class="link" aria-label="Dismiss this notice" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
        })
        .collect()
}
