//! Offline install and updates, as the student sees them: "Ready to work offline." once, and a
//! quiet "A new version is ready. Reload" that waits for their click.
//!
//! What is shown is `AppState::pwa`, changed by `Action::Pwa` through [`PwaShown::after`]: one
//! reducer for the whole widget (a component with a reducer of its own cost the first load about
//! 1 KB gzip).

use yew::prelude::*;

use crate::ui::AppHandle;
use crate::ui::state::Action;
use crate::web::pwa::{self, PwaEvent};

/// What the status line shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PwaShown {
    #[default]
    Nothing,
    OfflineReady,
    UpdateReady,
}

/// Everything that changes what is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PwaAction {
    /// The service worker reported an event.
    Worker(PwaEvent),
    /// The student dismissed "Ready to work offline."
    DismissOfflineReady,
}

impl PwaShown {
    pub fn after(self, action: PwaAction) -> PwaShown {
        match (self, action) {
            // An update prompt is never replaced: it is what the student must act on.
            (_, PwaAction::Worker(PwaEvent::UpdateReady)) => PwaShown::UpdateReady,
            (PwaShown::Nothing, PwaAction::Worker(PwaEvent::OfflineReady)) => PwaShown::OfflineReady,
            (PwaShown::OfflineReady, PwaAction::DismissOfflineReady) => PwaShown::Nothing,
            (shown, _) => shown,
        }
    }
}

/// Registers the service worker once per widget, reporting what it says to the state.
#[hook]
pub fn use_service_worker(app: &AppHandle) {
    let dispatcher = app.dispatcher();
    use_effect_with((), move |_| {
        pwa::register(move |event| dispatcher.dispatch(Action::Pwa(PwaAction::Worker(event))));
    });
}

/// An always-present, polite live region, so screen readers announce the messages when they
/// appear.
pub fn pwa_status(app: &AppHandle) -> Html {
    let content = match app.pwa {
        PwaShown::Nothing => Html::default(),
        _ => pwa_message(app),
    };
    html! { <div class="pwa-status" role="status">{ content }</div> }
}

/// Out of line, so that a start without a message does not compile it (the `ui` module says why).
#[inline(never)]
fn pwa_message(app: &AppHandle) -> Html {
    match app.pwa {
        PwaShown::Nothing => Html::default(),
        PwaShown::OfflineReady => {
            let dismiss = {
                let app = app.clone();
                Callback::from(move |_| app.dispatch(Action::Pwa(PwaAction::DismissOfflineReady)))
            };
            html! {
                <div class="notice info" data-testid="offline-ready">
                    <p>{ "Ready to work offline." }</p>
                    <button type="button" class="link" aria-label="Dismiss this message" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
        }
        PwaShown::UpdateReady => {
            // Only the student's click reloads; their history is saved already.
            let reload = Callback::from(|_| pwa::accept_update());
            html! {
                <div class="notice info" data-testid="update-ready">
                    <p>{ "A new version is ready." }</p>
                    <button type="button" class="secondary" data-testid="update-reload" onclick={reload}>{ "Reload" }</button>
                </div>
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: &[PwaAction]) -> PwaShown {
        actions
            .iter()
            .fold(PwaShown::default(), |shown, action| shown.after(*action))
    }

    #[test]
    fn first_install_says_ready_until_dismissed() {
        let ready = PwaAction::Worker(PwaEvent::OfflineReady);
        assert_eq!(after(&[ready]), PwaShown::OfflineReady);
        assert_eq!(after(&[ready, PwaAction::DismissOfflineReady]), PwaShown::Nothing);
        assert_eq!(
            after(&[ready, PwaAction::DismissOfflineReady, ready]),
            PwaShown::OfflineReady
        );
    }

    #[test]
    fn an_update_prompt_stays_until_the_page_reloads() {
        let update = PwaAction::Worker(PwaEvent::UpdateReady);
        let ready = PwaAction::Worker(PwaEvent::OfflineReady);
        assert_eq!(after(&[update]), PwaShown::UpdateReady);
        assert_eq!(after(&[ready, update]), PwaShown::UpdateReady);
        assert_eq!(after(&[update, ready]), PwaShown::UpdateReady);
        assert_eq!(after(&[update, PwaAction::DismissOfflineReady]), PwaShown::UpdateReady);
    }
}
