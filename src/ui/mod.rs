//! The Yew UI: one reducer-backed state shared through context, components that dispatch actions.

pub mod components;
pub mod hooks;
pub mod state;

use std::rc::Rc;

use yew::prelude::*;

use self::components::chrome::{Header, Notices};
use self::components::drill::{ClaimCard, Editor, PositionCard, Timer};
use self::components::history::HistoryView;
use self::components::pwa::PwaStatus;
use self::components::review::Review;
use self::hooks::{use_persistence, use_storage_sync};
use self::state::{AppState, NoticeLevel, Stage, Startup, View};
use crate::core::deck::{DeckErrors, built_in_deck};
use crate::core::params::parse_launch_options;
use crate::web::{env, storage};

pub type AppHandle = UseReducerHandle<AppState>;

/// The app's state, for any component below `Widget`.
#[hook]
pub fn use_app() -> AppHandle {
    // `Widget` provides the context before rendering any child, so it is always there.
    use_context::<AppHandle>().unwrap_or_else(|| unreachable!("use_app outside Widget"))
}

#[derive(Properties, PartialEq, Clone)]
pub struct WidgetProps {
    /// Launch options as (name, value) pairs: the page's query, or an element's attributes.
    pub params: Vec<(String, String)>,
}

/// Gathers what the app starts from. Only the built-in deck can fail, and only in a broken build.
fn startup(params: &[(String, String)]) -> Result<Startup, DeckErrors> {
    let (options, notices) = parse_launch_options(params.iter().map(|(name, value)| (name.as_str(), value.as_str())));
    let mut notices: Vec<(NoticeLevel, String)> = notices.into_iter().map(|text| (NoticeLevel::Error, text)).collect();
    if options.deck_url.is_some() {
        notices.push((
            NoticeLevel::Info,
            "Loading a deck from a URL is not available in this version yet; the built-in deck is used.".to_string(),
        ));
    }
    let deck = Rc::new(built_in_deck()?);
    let loaded = storage::load(&options.storage_key);
    notices.extend(loaded.problems.into_iter().map(|text| (NoticeLevel::Error, text)));
    Ok(Startup {
        deck,
        options,
        fallback_seed: env::random_seed(),
        history: loaded.history,
        notices,
        now_ms: env::now_ms(),
        utc_offset_minutes: env::utc_offset_minutes(),
    })
}

/// The whole widget, from launch options.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    let startup = use_memo(props.params.clone(), |params| startup(params).map_err(Rc::new));
    match &*startup {
        Ok(_) => html! { <Drill params={props.params.clone()} /> },
        Err(errors) => html! {
            <div class="widget" role="alert" data-testid="notice">
                <p>{ "Debate Drill could not start: its built-in deck is broken." }</p>
                <pre>{ errors.to_string() }</pre>
            </div>
        },
    }
}

#[component]
fn Drill(props: &WidgetProps) -> Html {
    let params = props.params.clone();
    let app = use_reducer(move || match startup(&params) {
        Ok(startup) => AppState::new(startup),
        // `Widget` only renders this component once startup succeeded with these params.
        Err(errors) => unreachable!("startup failed after succeeding: {errors}"),
    });
    use_persistence(&app);
    use_storage_sync(&app);
    let body = match (&app.view, &app.stage) {
        (View::History, _) => html! { <HistoryView /> },
        (View::Drill, stage) => html! {
            <>
                <div class="columns">
                    <div class="column">
                        <PositionCard />
                        <ClaimCard drill_number={app.drill_number} />
                    </div>
                    <div class="column">
                        <Timer />
                        <Editor />
                        if let Stage::Reviewing { feedback, .. } = stage {
                            <Review feedback={Rc::clone(feedback)} />
                        }
                    </div>
                </div>
            </>
        },
    };
    let class = classes!("widget", app.options.embed.then_some("embedded"));
    html! {
        <ContextProvider<AppHandle> context={app.clone()}>
            <div {class} data-testid="drill-ready">
                <Header />
                <Notices />
                <PwaStatus />
                <main>{ body }</main>
            </div>
        </ContextProvider<AppHandle>>
    }
}
