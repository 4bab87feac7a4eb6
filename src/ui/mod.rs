//! The Yew UI: one reducer-backed state, handed down as props to components that dispatch actions.
//!
//! Markup that a start does not show (the views, notices, messages, the launch's waiting and
//! failure states) sits in `#[inline(never)]` functions that the start path does not call. V8
//! compiles a WebAssembly function whole at its first call, so markup inlined into a component
//! that runs at start is compiled at start whether it is shown or not (docs/performance.md,
//! "Start-up"). wasm-opt keeps these out of line too (`WASM_OPT` in scripts/split-wasm.mjs).

pub mod components;
pub mod hooks;
pub mod host;
pub mod launch;
pub mod lazy;
pub mod state;

use std::rc::Rc;

use yew::prelude::*;

use self::components::chrome::{header, notices};
use self::components::deck::{deck_problems, load_deck_file};
use self::components::drill::{Prompt, Submitted, Timer, editor};
use self::components::pwa::{pwa_status, use_service_worker};
use self::hooks::{
    HistoryFirst, ViewsLoad, use_history_first, use_lazy_views, use_persistence, use_practice, use_storage_sync,
};
use self::host::HostElement;
use self::launch::{DeckChoice, DeckRequest, DeckStatus, Launch, LaunchAction};
use self::state::{AppState, NoticeLevel, Stage, Startup, View};
use crate::core::attempt::History;
use crate::web::env;
use crate::web::storage::{self, AtStart};

pub type AppHandle = UseReducerHandle<AppState>;

/// The props of a component that reads the whole state (the views): it re-renders with every
/// change of the state, which compares by revision. The drill screen's own components take only
/// what they show, so that a keystroke re-renders the editor and nothing else.
#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub app: AppHandle,
}

/// What [`mount`] starts a widget from.
#[derive(Clone, PartialEq)]
pub struct WidgetProps {
    /// Launch options as (name, value) pairs: the page's query, or an element's attributes.
    pub params: Vec<(String, String)>,
    /// The `<debate-drill>` element the widget runs in, if any (`crate::embed::mount`).
    pub host: Option<HostElement>,
}

/// A widget on the page, as [`mount`] started it.
pub struct Mounted {
    app: MountedApp,
    embedded: bool,
}

enum MountedApp {
    Drill(yew::AppHandle<Drill>),
    Launching(yew::AppHandle<Widget>),
}

impl Mounted {
    /// Whether its launch options asked for the embedded layout (`embed=1`).
    pub fn embedded(&self) -> bool {
        self.embedded
    }

    /// Removes the widget from its root (its element left the page, or remounts).
    pub fn destroy(self) {
        match self.app {
            MountedApp::Drill(app) => app.destroy(),
            MountedApp::Launching(app) => app.destroy(),
        }
    }
}

/// Starts the widget in `root`: reads the launch options and what start-up reads of the storage,
/// once. Usually the deck and the history are at hand at once (the built-in deck, a summary or
/// nothing stored): the drill is then the root, one component fewer to create (and for V8 to
/// compile) before it is on screen (docs/performance.md). Otherwise [`Widget`] settles them first.
pub fn mount(root: web_sys::Element, props: WidgetProps) -> Mounted {
    let launch = Launch::new(&props.params);
    let embedded = launch.options.embed;
    let at_start = Rc::new(storage::at_start(&launch.options.storage_key));
    let history_needed = matches!(*at_start, AtStart::NeedsHistory | AtStart::Unsummarised);
    let app = match &launch.deck {
        DeckStatus::Ready(choice) if !history_needed => {
            let drill = DrillProps {
                choice: choice.clone(),
                launch: Rc::new(launch),
                at_start,
                history_first: Rc::new(HistoryFirst::NotNeeded),
                host: props.host,
            };
            MountedApp::Drill(yew::Renderer::<Drill>::with_root_and_props(root, drill).render())
        }
        _ => {
            let launching = LaunchProps {
                launch: Rc::new(launch),
                at_start,
                host: props.host,
            };
            MountedApp::Launching(yew::Renderer::<Widget>::with_root_and_props(root, launching).render())
        }
    };
    Mounted { app, embedded }
}

/// What [`mount`] read for a widget that cannot start its drill at once.
#[derive(Properties)]
struct LaunchProps {
    launch: Rc<Launch>,
    at_start: Rc<AtStart>,
    host: Option<HostElement>,
}

impl PartialEq for LaunchProps {
    fn eq(&self, other: &LaunchProps) -> bool {
        // Given once, at mount: the same reads are the same values.
        Rc::ptr_eq(&self.launch, &other.launch)
            && Rc::ptr_eq(&self.at_start, &other.at_start)
            && self.host == other.host
    }
}

/// The widget while its deck is settled (fetched or checked) or its history read first; then
/// the drill.
#[component]
fn Widget(props: &LaunchProps) -> Html {
    let launch = {
        let first = Rc::clone(&props.launch);
        use_reducer(move || (*first).clone())
    };
    let at_start = Rc::clone(&props.at_start);
    // A history without its summary is read before the first drill is chosen from it.
    let history_first = use_history_first(
        &launch.options.storage_key,
        matches!(*at_start, AtStart::NeedsHistory | AtStart::Unsummarised),
    );
    {
        let dispatcher = launch.dispatcher();
        let loading = match &launch.deck {
            DeckStatus::Loading(request) => Some(request.clone()),
            _ => None,
        };
        use_effect_with(loading, move |loading| {
            if let Some(request) = loading.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    dispatcher.dispatch(LaunchAction::Settled(launch::settle(request).await));
                });
            }
        });
    }
    match &launch.deck {
        DeckStatus::Ready(choice) if !matches!(*history_first, HistoryFirst::Waiting) => html! {
            <Drill launch={Rc::new((*launch).clone())} choice={choice.clone()} {at_start} {history_first}
                host={props.host.clone()} />
        },
        status => launch_status(status),
    }
}

/// What the widget shows until the drill can start. Out of line: a start with the built-in
/// deck goes straight to the drill.
#[inline(never)]
fn launch_status(status: &DeckStatus) -> Html {
    match status {
        DeckStatus::Loading(DeckRequest::Url(url)) => html! {
            <div class="widget" role="status"><p class="loading">{ format!("Loading the deck from {url}…") }</p></div>
        },
        DeckStatus::Loading(DeckRequest::Remembered { .. }) => html! {
            <div class="widget" role="status"><p class="loading">{ "Loading your deck…" }</p></div>
        },
        // Ready, but a history stored without its summary is read first (`use_history_first`).
        DeckStatus::Ready(_) => html! {
            <div class="widget" role="status"><p class="loading">{ "Loading your practice history…" }</p></div>
        },
        DeckStatus::BuiltInBroken(errors) => html! {
            <div class="widget" role="alert" data-testid="notice">
                <p>{ "Debate Drill could not start: its built-in deck is broken." }</p>
                <pre>{ errors.to_string() }</pre>
            </div>
        },
    }
}

#[derive(Properties)]
struct DrillProps {
    launch: Rc<Launch>,
    choice: DeckChoice,
    at_start: Rc<AtStart>,
    history_first: Rc<HistoryFirst>,
    host: Option<HostElement>,
}

impl PartialEq for DrillProps {
    fn eq(&self, other: &DrillProps) -> bool {
        // `at_start` is read once per namespace: the same read is the same value.
        self.launch == other.launch
            && self.choice == other.choice
            && Rc::ptr_eq(&self.at_start, &other.at_start)
            && Rc::ptr_eq(&self.history_first, &other.history_first)
            && self.host == other.host
    }
}

/// Everything the drill starts from, gathered once.
fn startup(launch: &Launch, choice: &DeckChoice, at_start: &AtStart, history_first: &HistoryFirst) -> Startup {
    let mut notices: Vec<(NoticeLevel, String)> = launch
        .notices
        .iter()
        .map(|text| (NoticeLevel::Error, text.clone()))
        .collect();
    let namespace = &launch.options.storage_key;
    // Start-up reads the small summary only; the history follows when it is needed (a save, a
    // view, another tab's write). Without a readable summary (stored by an older version, or it
    // could not be written) `Widget` has read the history already, and the summary is written
    // for next time.
    let mut summary = None;
    let (history, outdated) = match at_start {
        AtStart::Summary(stored) => {
            summary = Some(stored.clone());
            (Rc::default(), false)
        }
        AtStart::Empty => (Rc::default(), false),
        AtStart::Unavailable(reason) => {
            notices.push((NoticeLevel::Error, storage::unavailable_notice(reason)));
            (Rc::default(), false)
        }
        AtStart::NeedsHistory | AtStart::Unsummarised => history_read_first(namespace, history_first, &mut notices),
    };
    Startup {
        deck: choice.clone(),
        rejection: launch.rejection.clone(),
        options: launch.options.clone(),
        fallback_seed: env::random_seed(),
        history,
        outdated,
        summary,
        notices,
        now_ms: env::now_ms(),
        utc_offset_minutes: env::utc_offset_minutes(),
        practice: lazy::loaded_practice(),
    }
}

/// The history or the deck view, or what stands for it while its module loads. Out of line:
/// a start shows the drill.
#[inline(never)]
fn view_body(app: &AppHandle, views: ViewsLoad, retry: &Callback<()>) -> Html {
    match views {
        ViewsLoad::Ready(views) if app.view == View::History => (views.history)(app.clone()),
        ViewsLoad::Ready(views) => (views.deck)(app.clone()),
        ViewsLoad::Loading => html! {
            <section class="card" aria-busy="true"><p role="status">{ "Opening…" }</p></section>
        },
        ViewsLoad::Failed => html! {
            <section class="card" role="alert" data-testid="view-unavailable">
                <p>{ "This view could not be loaded: its code has not reached this device yet (are you offline?). Your practice is safe." }</p>
                <button type="button" data-testid="retry-view" onclick={retry.reform(|_| ())}>{ "Try again" }</button>
            </section>
        },
    }
}

/// The stored history `Widget` read before the first drill because it has no readable summary,
/// with the summary written for next time. Out of line: a start reads the summary.
#[inline(never)]
fn history_read_first(
    namespace: &str,
    history_first: &HistoryFirst,
    notices: &mut Vec<(NoticeLevel, String)>,
) -> (Rc<History>, bool) {
    let (
        HistoryFirst::Read {
            history,
            problems,
            outdated,
        },
        Some(practice),
    ) = (history_first, lazy::loaded_practice())
    else {
        notices.push((
            NoticeLevel::Error,
            "Your practice history could not be read: the code that reads it has not reached this device yet (are you offline?). It is safe in storage: reload the page when you are back online.".to_string(),
        ));
        return (Rc::default(), false);
    };
    notices.extend(problems.iter().map(|text| (NoticeLevel::Error, text.clone())));
    if !history.is_empty() {
        (practice.write_summary)(namespace, history);
    }
    (Rc::clone(history), *outdated)
}

#[component]
fn Drill(props: &DrillProps) -> Html {
    let (launch, choice, at_start, history_first) = (
        Rc::clone(&props.launch),
        props.choice.clone(),
        Rc::clone(&props.at_start),
        Rc::clone(&props.history_first),
    );
    let app = use_reducer(move || AppState::new(startup(&launch, &choice, &at_start, &history_first)));
    use_persistence(&app);
    use_storage_sync(&app);
    let wake = use_practice(&app);
    host::use_host_events(&app, props.host.clone());
    use_service_worker(&app);
    let (views, retry) = use_lazy_views(app.view != View::Drill);
    let body = match (&app.view, &app.stage) {
        (View::History | View::Deck, _) => view_body(&app, views, &retry),
        (View::Drill, stage) => html! {
            <div class="columns">
                <div class="column">
                    <Prompt deck={Rc::clone(&app.deck)} essay_id={AttrValue::from(app.essay_id.clone())}
                        claim_id={AttrValue::from(app.claim_id.clone())}
                        reason={app.claim_reason} drill_number={app.drill_number}
                        practice={app.practice} practice_failed={app.practice_failed} dispatcher={app.dispatcher()} />
                </div>
                <div class="column">
                    <Timer clock={app.clock} submitted={Submitted::of(&app)} practice={app.practice}
                        practice_failed={app.practice_failed} dispatcher={app.dispatcher()} />
                    { editor(&app) }
                    if let (Stage::Reviewing { feedback, .. }, Some(practice)) = (stage, app.practice) {
                        { (practice.review)(Rc::clone(feedback), app.clone()) }
                    }
                </div>
            </div>
        },
    };
    // A static class and a plain attribute, not `classes!`: Yew builds a dynamic class through
    // an `IndexSet`, whose code a start would then compile (docs/performance.md).
    let mode = if app.options.embed { "embedded" } else { "page" };
    // Dropping a deck file anywhere on the widget loads it.
    let ondragover = Callback::from(|event: DragEvent| event.prevent_default());
    let ondrop = {
        let app = app.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            let file = event
                .data_transfer()
                .and_then(|transfer| transfer.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                load_deck_file(&app, file);
            }
        })
    };
    html! {
        <div class="widget" data-mode={mode} data-testid="drill-ready" {ondragover} {ondrop}
            onpointerdown={wake.reform(|_| ())} onkeydown={wake.reform(|_| ())} onfocusin={wake.reform(|_| ())}>
            { header(&app) }
            { notices(&app) }
            { deck_problems(&app) }
            { pwa_status(&app) }
            <main>{ body }</main>
        </div>
    }
}
