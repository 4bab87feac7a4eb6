//! Telling the page around the widget what the student did: one message per submitted rebuttal
//! (and an update when the student rates it), so a course page or an LMS plug-in can record
//! progress. The event's fields are public (`docs/embedding.md`, `docs/public-surface-additions.md`).
//!
//! - In a `<debate-drill>` element (the host element is a [`HostElement`] prop of the widget,
//!   given by `crate::embed`): a `debate-drill:attempt` `CustomEvent` on the element, `bubbles` and
//!   `composed`, with the summary as `detail`.
//! - In an iframe (`index.html?embed=1` inside another page): `{type: "debate-drill:attempt",
//!   detail}` posted to `window.parent`.
//! - Anywhere else (the full app in its own tab): nothing.

use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::core::attempt::Attempt;
use crate::core::json::{Value, object};
use crate::ui::AppHandle;
use crate::ui::state::AppState;

/// The name of the element's event and the `type` of the iframe's message.
pub const ATTEMPT_EVENT: &str = "debate-drill:attempt";

/// The `<debate-drill>` element the widget runs in, given by `crate::embed::mount`.
#[derive(Clone, PartialEq)]
pub struct HostElement(pub web_sys::Element);

/// What the page learns about one attempt. No rebuttal text: only the summary a gradebook needs.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptSummary {
    pub attempt: String,
    pub deck: String,
    pub essay: String,
    pub claim: String,
    /// 1–4 once the student rated the attempt.
    pub rating: Option<u64>,
    pub words: u32,
    pub seconds: u32,
    pub submitted_at_ms: f64,
    pub over_time: bool,
    /// Feedback points: 2 per strong aspect, 1 per partial one, out of `max_score`.
    pub score: u32,
    pub max_score: u32,
    pub prep: u32,
    pub speak: u32,
    pub storage_key: String,
}

impl AttemptSummary {
    pub fn of(attempt: &Attempt, storage_key: &str) -> AttemptSummary {
        AttemptSummary {
            attempt: attempt.id.clone(),
            deck: attempt.deck_id.clone(),
            essay: attempt.essay_id.clone(),
            claim: attempt.claim_id.clone(),
            rating: attempt.rating.map(|rating| rating.number()),
            words: attempt.words,
            seconds: attempt.seconds_spent,
            submitted_at_ms: attempt.submitted_at_ms,
            over_time: attempt.over_time,
            score: attempt.verdicts.iter().map(|verdict| verdict.points()).sum(),
            max_score: 2 * attempt.verdicts.len() as u32,
            prep: attempt.prep_secs,
            speak: attempt.speak_secs,
            storage_key: storage_key.to_string(),
        }
    }

    /// The event's `detail` as JSON. `at` is the submission time in ISO 8601 (UTC), which the
    /// caller supplies because formatting dates is the browser's job.
    pub fn to_json(&self, at: &str) -> Value {
        object([
            (
                "kind",
                Value::from(if self.rating.is_some() { "rated" } else { "submitted" }),
            ),
            ("attempt", Value::from(self.attempt.as_str())),
            ("deck", Value::from(self.deck.as_str())),
            ("essay", Value::from(self.essay.as_str())),
            ("claim", Value::from(self.claim.as_str())),
            ("rating", Value::from(self.rating)),
            ("words", Value::from(self.words)),
            ("seconds", Value::from(self.seconds)),
            ("at", Value::from(at)),
            ("overTime", Value::from(self.over_time)),
            ("score", Value::from(self.score)),
            ("maxScore", Value::from(self.max_score)),
            ("prep", Value::from(self.prep)),
            ("speak", Value::from(self.speak)),
            ("storageKey", Value::from(self.storage_key.as_str())),
        ])
    }
}

/// Sends the attempt summary to the host whenever the attempt under review appears or changes
/// (submitted, then rated, possibly rated again): once per change, never on re-renders. For an
/// attempt under review only its rating can change, so (id, rating) marks a change; the report
/// itself is the practice module's (`report`), there as soon as anything is submitted.
#[hook]
pub fn use_host_events(app: &AppHandle, host: Option<HostElement>) {
    let reviewed = app
        .reviewed_attempt()
        .map(|attempt| (attempt.id.clone(), attempt.rating));
    let app = app.clone();
    use_effect_with(reviewed, move |reviewed| {
        if let (Some(_), Some(practice)) = (reviewed, app.practice) {
            (practice.report)(&app, host.as_ref());
        }
    });
}

/// Tells the host about the attempt under review, if any (see `use_host_events`).
pub fn report(app: &AppState, host: Option<&HostElement>) {
    let Some(attempt) = app.reviewed_attempt() else {
        return;
    };
    let summary = AttemptSummary::of(attempt, &app.options.storage_key);
    let detail = summary.to_json(&iso_time(summary.submitted_at_ms)).to_string();
    match host {
        Some(HostElement(element)) => dispatch(element, &detail),
        None if app.options.embed => post_to_parent(&detail),
        None => {}
    }
}

fn iso_time(ms: f64) -> String {
    js_sys::Date::new(&JsValue::from_f64(ms)).to_iso_string().into()
}

/// A plain object (JSON-serialisable, no Rust wrappers) from the JSON text.
fn plain_object(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap_or(JsValue::NULL)
}

fn dispatch(element: &web_sys::Element, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&plain_object(detail));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(ATTEMPT_EVENT, &init) {
        let _ = element.dispatch_event(&event);
    }
}

/// The parent window when this page runs in a frame.
pub fn parent_window() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// Posts `{type, detail}` to the embedding page. The target origin is "*" on purpose: the LMS's
/// origin is not known to a static widget, and the message holds only the attempt summary (ids,
/// counts, times, the rating), never the rebuttal's text.
fn post_to_parent(detail: &str) {
    let Some(parent) = parent_window() else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &ATTEMPT_EVENT.into());
    let _ = js_sys::Reflect::set(&message, &"detail".into(), &plain_object(detail));
    let _ = parent.post_message(&message, "*");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::attempt::Rating;
    use crate::core::feedback::Verdict;

    fn attempt() -> Attempt {
        Attempt {
            id: "18c-0000abcd".into(),
            deck_id: "border".into(),
            essay_id: "001".into(),
            claim_id: "000-c01".into(),
            text: "my secret rebuttal".into(),
            started_at_ms: 1_000.0,
            submitted_at_ms: 61_000.0,
            utc_offset_minutes: Some(60),
            updated_at_ms: 61_000.0,
            prep_secs: 30,
            speak_secs: 90,
            seconds_spent: 60,
            over_time: false,
            words: 57,
            verdicts: vec![
                Verdict::Strong,
                Verdict::Partial,
                Verdict::Missing,
                Verdict::Strong,
                Verdict::Strong,
            ],
            rating: None,
        }
    }

    #[test]
    fn detail_has_the_contract_fields_and_no_text() {
        let detail = AttemptSummary::of(&attempt(), "course-101").to_json("1970-01-01T00:01:01.000Z");
        for (key, expected) in [
            ("essay", Value::from("001")),
            ("claim", Value::from("000-c01")),
            ("rating", Value::Null),
            ("words", Value::from(57u32)),
            ("seconds", Value::from(60u32)),
            ("at", Value::from("1970-01-01T00:01:01.000Z")),
            ("kind", Value::from("submitted")),
            ("score", Value::from(7u32)),
            ("maxScore", Value::from(10u32)),
            ("storageKey", Value::from("course-101")),
        ] {
            assert_eq!(detail.get(key), Some(&expected), "{key}");
        }
        assert!(
            !detail.to_string().contains("secret"),
            "the rebuttal text never leaves the widget"
        );
    }

    #[test]
    fn a_rating_makes_a_different_summary_with_the_same_attempt() {
        let submitted = AttemptSummary::of(&attempt(), "default");
        let mut rated_attempt = attempt();
        rated_attempt.rating = Some(Rating::Good);
        rated_attempt.updated_at_ms = 90_000.0;
        let rated = AttemptSummary::of(&rated_attempt, "default");
        assert_ne!(submitted, rated, "rating sends an update");
        assert_eq!(rated.attempt, submitted.attempt);
        assert_eq!(rated.to_json("x").get("rating"), Some(&Value::from(3u32)));
        assert_eq!(rated.to_json("x").get("kind"), Some(&Value::from("rated")));
        // A text loaded later from the database changes nothing the host sees.
        let mut with_text = attempt();
        with_text.text = "other".into();
        assert_eq!(AttemptSummary::of(&with_text, "default"), submitted);
    }
}
