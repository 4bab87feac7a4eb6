//! The drill screen: the assigned position, the opposing claim, the clock and the rebuttal editor.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::true_or_false;

use crate::core::clock::{Clock, ClockSettings, Phase, format_duration};
use crate::core::deck::{Claim, Deck, Essay, Paragraph};
use crate::core::schedule::Reason;
use crate::core::text::{count_of, word_count};
use crate::ui::AppHandle;
use crate::ui::components::disclosure::disclosure;
use crate::ui::hooks::{practice_for, use_clock_reading, wake_practice};
use crate::ui::lazy::{self, Practice};
use crate::ui::state::{Action, AppState, NoticeLevel, Stage};
use crate::web::env;

/// The student's position: part of `Prompt`, which renders it with the claim.
fn position_card(essay: &Essay, dispatcher: &UseReducerDispatcher<AppState>) -> Html {
    let new_position = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_| dispatcher.dispatch(Action::NewPosition { now_ms: env::now_ms() }))
    };
    html! {
        <section class="card position" aria-labelledby="position-heading">
            <h2 id="position-heading">{ "Your position" }</h2>
            // Owned strings: Yew turns any other text into a string through `Display`, which
            // would bring `core::fmt` into the start (docs/performance.md).
            <p class="label">{ essay.position.label.clone() }</p>
            <p class="thesis" data-testid="assigned-position" data-essay={essay.id.clone()}>{ essay.position.thesis.clone() }</p>
            <p class="source">{ ["From ", &essay.byline()].concat() }</p>
            <button type="button" class="secondary" data-testid="new-position" onclick={new_position}>{ "Draw a new position" }</button>
        </section>
    }
}

/// What the position and claim cards show. As props, so that a keystroke does not re-render
/// them; one component for both, since a new drill or position changes them together and each
/// component type costs start-up time (its Yew code is compiled on first use).
#[derive(Properties, PartialEq)]
pub struct PromptProps {
    /// Compared by address (`Deck: Eq`): cheap on every render.
    pub deck: Rc<Deck>,
    pub essay_id: AttrValue,
    pub claim_id: AttrValue,
    pub reason: Reason,
    /// Changes with every new drill, to move focus to the new claim.
    pub drill_number: u64,
    /// The passage in context is the practice module's (opening it fetches the module).
    pub practice: Option<Practice>,
    pub practice_failed: bool,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

/// What a disclosure whose content is in the practice module shows until it is there.
fn not_loaded(what: &str, failed: bool) -> Html {
    if failed {
        html! {
            <p role="alert">{ format!("{what} could not be loaded: the code for it has not reached this device yet (are you offline?). Close and open it to try again.") }</p>
        }
    } else {
        html! { <p role="status">{ "Opening…" }</p> }
    }
}

/// The position card, then the claim to rebut.
#[component]
pub fn Prompt(props: &PromptProps) -> Html {
    let heading = use_node_ref();
    let passage_opened = use_state(|| false);
    {
        let heading = heading.clone();
        use_effect_with(props.drill_number, move |&number| {
            // Not on first load: focus then belongs to the page's start.
            if number > 0 {
                if let Some(element) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
        });
    }
    let position = match props.deck.essay(&props.essay_id) {
        Some(essay) => position_card(essay, &props.dispatcher),
        None => html! {},
    };
    let Some(claim) = props.deck.claim(&props.claim_id) else {
        return position;
    };
    let Some(essay) = props.deck.essay(&claim.essay_id) else {
        return position;
    };
    let context = || {
        let passage = match props.practice {
            Some(practice) => (practice.passage)(essay, claim),
            None => not_loaded("The passage", props.practice_failed),
        };
        html! { <div class="context">{ passage }</div> }
    };
    let wake = wake_practice(props.dispatcher.clone(), props.practice.is_some());
    html! {
        <>
        { position }
        <section class="card claim" aria-labelledby="claim-heading">
            <h2 id="claim-heading" tabindex="-1" ref={heading}>{ "Rebut this claim" }</h2>
            <p class="reason">{ match props.reason {
                Reason::Due => "Due for review: you found this one hard.",
                Reason::New => "A new claim for you.",
                Reason::Ahead => "Extra practice: nothing is due, so your weakest claim comes early.",
            } }</p>
            <div data-testid="opposing-claim" data-claim={claim.id.clone()} data-essay={claim.essay_id.clone()}>
                <p class="statement">{ claim.statement.clone() }</p>
                <blockquote>
                    <p>{ ["“", &claim.quote, "”"].concat() }</p>
                    <footer>{ [&essay.credit(), " (", claim.kind.as_str(), ")"].concat() }</footer>
                </blockquote>
            </div>
            { disclosure("Read the passage in context", &passage_opened, wake, context) }
        </section>
        </>
    }
}

/// The claim's paragraph with the quoted passage marked, between the paragraphs around it.
pub fn passage(essay: &Essay, claim: &Claim) -> Html {
    essay
        .paragraphs
        .iter()
        .enumerate()
        .skip(claim.paragraph.saturating_sub(1))
        .take(3)
        .map(|(index, paragraph)| match paragraph {
            Paragraph::Heading(text) => html! { <h4>{ text }</h4> },
            Paragraph::Text(text) if index == claim.paragraph => quote_marked(text, &claim.quote),
            Paragraph::Text(text) => html! { <p>{ text }</p> },
        })
        .collect()
}

/// A paragraph with the quoted passage marked.
fn quote_marked(text: &str, quote: &str) -> Html {
    match text.split_once(quote) {
        Some((before, after)) => html! { <p>{ before }<mark>{ quote }</mark>{ after }</p> },
        None => html! { <p>{ text }</p> },
    }
}

/// The attempt under review, as the clock shows it.
#[derive(Clone, Copy, PartialEq)]
pub struct Submitted {
    pub at_ms: f64,
    pub seconds_spent: u32,
}

impl Submitted {
    pub fn of(app: &AppState) -> Option<Submitted> {
        app.reviewed_attempt().map(|attempt| Submitted {
            at_ms: attempt.submitted_at_ms,
            seconds_spent: attempt.seconds_spent,
        })
    }
}

/// What the clock shows: as props, so that a keystroke does not re-render it.
#[derive(Properties, PartialEq)]
pub struct TimerProps {
    pub clock: Clock,
    /// `None` while writing.
    pub submitted: Option<Submitted>,
    /// The timer settings form is the practice module's.
    pub practice: Option<Practice>,
    pub practice_failed: bool,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

#[component]
pub fn Timer(props: &TimerProps) -> Html {
    let clock = props.clock;
    let (live, announcement) = use_clock_reading(clock);
    let settings_opened = use_state(|| false);
    // Once submitted, the clock shows where it stood at submission instead of running on.
    let reviewing = props.submitted.is_some();
    let reading = props.submitted.map_or(live, |submitted| clock.reading(submitted.at_ms));
    let display = match reading.phase {
        Phase::Prep => ["Prep ", &format_duration(reading.seconds)].concat(),
        Phase::Speak => ["Speak ", &format_duration(reading.seconds)].concat(),
        Phase::Over => ["Over time +", &format_duration(reading.seconds)].concat(),
        Phase::Off => "Untimed".to_string(),
    };
    let start_speaking = {
        let dispatcher = props.dispatcher.clone();
        Callback::from(move |_| dispatcher.dispatch(Action::StartSpeaking { now_ms: env::now_ms() }))
    };
    let settings_form = || match props.practice {
        Some(practice) => (practice.clock_settings)(clock.settings, props.dispatcher.clone()),
        None => not_loaded("The timer settings", props.practice_failed),
    };
    let wake = wake_practice(props.dispatcher.clone(), props.practice.is_some());
    html! {
        <section class="card clock" aria-labelledby="clock-heading">
            <h2 id="clock-heading" class="visually-hidden">{ "Clock" }</h2>
            <div class="clock-row">
                <p class="timer" data-testid="timer" data-phase={reading.phase.as_str()} data-warning={true_or_false(reading.warning)} role="timer" aria-label={display.clone()}>{ display }</p>
                if reading.phase == Phase::Prep && !reviewing {
                    <button type="button" class="secondary" onclick={start_speaking}>{ "Start speaking now" }</button>
                }
            </div>
            if reading.phase == Phase::Over && !reviewing {
                <p class="over-note">{ "Time is up. Your rebuttal is safe: finish and submit; the attempt will note it ran over." }</p>
            }
            if let Some(submitted) = props.submitted {
                <p class="over-note">{ format!("Submitted after {}.", format_duration(submitted.seconds_spent)) }</p>
            }
            <p class="visually-hidden" aria-live="polite">{ announcement.unwrap_or_default() }</p>
            // Opening it is an interaction, which fetches the practice module that holds the form.
            <div class="settings">
                { disclosure("Timer settings", &settings_opened, wake, settings_form) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ClockSettingsProps {
    /// The clock's settings now, shown and kept for a field left empty.
    pub settings: ClockSettings,
    pub dispatcher: UseReducerDispatcher<AppState>,
}

/// The form in the timer's settings (in the practice module, see `ui::lazy`).
#[component]
pub fn ClockSettingsForm(props: &ClockSettingsProps) -> Html {
    let prep = use_node_ref();
    let speak = use_node_ref();
    let onsubmit = {
        let (dispatcher, current, prep, speak) =
            (props.dispatcher.clone(), props.settings, prep.clone(), speak.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let read = |input: &NodeRef, default: u32| {
                input
                    .cast::<web_sys::HtmlInputElement>()
                    .and_then(|input| input.value().trim().parse::<u32>().ok())
                    .map_or(default, |secs| secs.min(ClockSettings::MAX_SECS))
            };
            let settings = ClockSettings {
                prep_secs: read(&prep, current.prep_secs),
                speak_secs: read(&speak, current.speak_secs),
            };
            dispatcher.dispatch(Action::SetClock {
                settings,
                now_ms: env::now_ms(),
            });
        })
    };
    html! {
            <form {onsubmit}>
                <label>{ "Prep (seconds)" }
                    <input ref={prep} type="number" min="0" max={ClockSettings::MAX_SECS.to_string()} value={props.settings.prep_secs.to_string()} />
                </label>
                <label>{ "Speaking (seconds, 0 = untimed)" }
                    <input ref={speak} type="number" min="0" max={ClockSettings::MAX_SECS.to_string()} value={props.settings.speak_secs.to_string()} />
                </label>
                <button type="submit" class="secondary">{ "Restart the clock" }</button>
            </form>
    }
}

/// The four-step guide, static markup set in one go: as elements built one by one it was 17 of
/// the drill screen's first DOM nodes, each a few calls from WebAssembly into the DOM.
const GUIDE: &str = concat!(
    r#"<ol id="rebuttal-guide" class="guide">"#,
    "<li><strong>They say: </strong>restate the claim fairly, in its own terms.</li>",
    "<li><strong>But: </strong>say where it goes wrong.</li>",
    "<li><strong>Because: </strong>give your reason or evidence, from your essay.</li>",
    "<li><strong>Therefore: </strong>say why it matters for the debate.</li>",
    "</ol>",
);

/// The rebuttal: the guide, the text area with its word count, and the submit button.
pub fn editor(app: &AppHandle) -> Html {
    let writing = app.stage == Stage::Writing;
    let oninput = {
        let app = app.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            app.dispatch(Action::EditDraft(area.value()));
        })
    };
    let onsubmit = {
        let app = app.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if app.draft.trim().is_empty() {
                app.dispatch(Action::Notify(
                    NoticeLevel::Info,
                    "Write your rebuttal first, then submit it.".to_string(),
                ));
            } else {
                let submit = Action::Submit {
                    attempt_id: env::new_attempt_id(),
                    now_ms: env::now_ms(),
                };
                if app.practice.is_some() {
                    app.dispatch(submit);
                } else {
                    // Fetched at the first interaction, so normally here long before; else wait.
                    let app = app.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match practice_for(&app.dispatcher()).await {
                            Ok(_) => app.dispatch(submit),
                            Err(lazy::NotLoaded) => app.dispatch(Action::Notify(
                                NoticeLevel::Error,
                                "Your rebuttal could not be checked: the code for feedback has not reached this device yet (are you offline?). Your text is kept here: submit it again when you are back online.".to_string(),
                            )),
                        }
                    });
                }
            }
        })
    };
    let toggle_guide = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ToggleGuide))
    };
    let words = word_count(&app.draft);
    html! {
        <section class="card editor" aria-labelledby="editor-heading">
            <h2 id="editor-heading">{ "Your rebuttal" }</h2>
            <button type="button" class="link" aria-expanded={true_or_false(app.show_guide)} aria-controls="rebuttal-guide" onclick={toggle_guide}>
                { if app.show_guide { "Hide the four-step guide" } else { "Show the four-step guide" } }
            </button>
            if app.show_guide {
                { Html::from_html_unchecked(AttrValue::Static(GUIDE)) }
            }
            <form {onsubmit}>
                <label for="rebuttal" class="visually-hidden">{ "Your rebuttal" }</label>
                <textarea id="rebuttal" data-testid="rebuttal-input" rows="8" value={app.draft.clone()} {oninput}
                    readonly={!writing} aria-describedby="word-count"
                    placeholder="They say … But … Because … Therefore …" />
                <div class="editor-row">
                    <p id="word-count" class="word-count" aria-live="off">{ count_of(words, "word", "words") }</p>
                    if writing {
                        <button type="submit" data-testid="submit-rebuttal">{ "Submit rebuttal" }</button>
                    }
                </div>
            </form>
        </section>
    }
}
