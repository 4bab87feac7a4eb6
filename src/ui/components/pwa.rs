//! Offline install and updates, as the student sees them: "Ready to work offline." once, and a
//! quiet "A new version is ready. Reload" that waits for their click.
//!
//! This is about the app's files, not the drill, so it keeps its own small reducer instead of
//! going through `AppState`.

use std::rc::Rc;

use yew::prelude::*;

use crate::web::pwa::{self, PwaEvent};

/// What the status line shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PwaShown {
    #[default]
    Nothing,
    OfflineReady,
    UpdateReady,
}

/// Everything that changes [`PwaState`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PwaAction {
    /// The service worker reported an event.
    Worker(PwaEvent),
    /// The student dismissed "Ready to work offline."
    DismissOfflineReady,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PwaState {
    pub shown: PwaShown,
}

impl Reducible for PwaState {
    type Action = PwaAction;

    fn reduce(self: Rc<Self>, action: PwaAction) -> Rc<Self> {
        let shown = match (self.shown, action) {
            // An update prompt is never replaced: it is what the student must act on.
            (_, PwaAction::Worker(PwaEvent::UpdateReady)) => PwaShown::UpdateReady,
            (PwaShown::Nothing, PwaAction::Worker(PwaEvent::OfflineReady)) => PwaShown::OfflineReady,
            (PwaShown::OfflineReady, PwaAction::DismissOfflineReady) => PwaShown::Nothing,
            (shown, _) => shown,
        };
        if shown == self.shown {
            self
        } else {
            Rc::new(PwaState { shown })
        }
    }
}

/// Registers the service worker once and shows what it reports. Renders an always-present,
/// polite live region, so screen readers announce the messages when they appear.
#[component]
pub fn PwaStatus() -> Html {
    let state = use_reducer(PwaState::default);
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            pwa::register(move |event| dispatcher.dispatch(PwaAction::Worker(event)));
        });
    }
    let content = match state.shown {
        PwaShown::Nothing => Html::default(),
        PwaShown::OfflineReady => {
            let dismiss = {
                let dispatcher = state.dispatcher();
                Callback::from(move |_| dispatcher.dispatch(PwaAction::DismissOfflineReady))
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
    };
    html! { <div class="pwa-status" role="status">{ content }</div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn after(actions: &[PwaAction]) -> PwaShown {
        actions
            .iter()
            .fold(Rc::new(PwaState::default()), |state, action| state.reduce(*action))
            .shown
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
