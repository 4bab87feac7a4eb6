//! After submitting: the feedback, the counterpoints from the student's own essay, the self-rating
//! and the way on to the next drill.

use yew::prelude::*;

use super::true_or_false;

use crate::core::attempt::Rating;
use crate::core::feedback::{Feedback, Verdict};
use crate::ui::AppHandle;
use crate::ui::state::Action;
use crate::web::env;

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub feedback: std::rc::Rc<Feedback>,
    pub app: AppHandle,
}

#[component]
pub fn Review(props: &ReviewProps) -> Html {
    let app = &props.app;
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(element) = heading.cast::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        });
    }
    let feedback = &props.feedback;
    let points: Html = feedback
        .points
        .iter()
        .map(|point| {
            let symbol = match point.verdict {
                Verdict::Strong => "✓",
                Verdict::Partial => "◐",
                Verdict::Missing => "✗",
            };
            html! {
                <li class={classes!("point", point.verdict.label())}>
                    <span class="verdict" aria-hidden="true">{ symbol }</span>
                    <div>
                        <h4>{ point.aspect.title() }<span class="verdict-label">{ format!(" ({})", point.verdict.label()) }</span></h4>
                        <p>{ &point.message }</p>
                    </div>
                </li>
            }
        })
        .collect();
    let counterpoints: Html = app
        .deck
        .counterpoints(&app.essay_id, &app.claim_id)
        .into_iter()
        .map(|(claim, clash)| {
            html! {
                <li>
                    <p class="statement">{ &claim.statement }</p>
                    <blockquote><p>{ format!("“{}”", claim.quote) }</p></blockquote>
                    <p class="about">{ format!("The clash: {}", clash.about) }</p>
                </li>
            }
        })
        .collect();
    let rated = app.reviewed_attempt().and_then(|attempt| attempt.rating);
    let rating_buttons: Html = Rating::ALL
        .into_iter()
        .map(|rating| {
            let app = app.clone();
            let onclick = Callback::from(move |_| app.dispatch(Action::Rate { rating, now_ms: env::now_ms() }));
            let pressed = rated == Some(rating);
            html! {
                <button type="button" class={classes!("rating", pressed.then_some("chosen"))} data-rating={rating.number().to_string()}
                    aria-pressed={true_or_false(pressed)} {onclick}>
                    { format!("{} {}", rating.number(), rating.label()) }
                </button>
            }
        })
        .collect();
    let next = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::NextDrill { now_ms: env::now_ms() }))
    };
    let over = app.reviewed_attempt().is_some_and(|attempt| attempt.over_time);
    html! {
        <section class="card review" aria-labelledby="feedback-heading">
            <h2 id="feedback-heading" tabindex="-1" ref={heading}>{ "Feedback" }</h2>
            <div data-testid="feedback">
                <p class="score">{ format!("{} of {} points · {} words{}", feedback.score(), Feedback::max_score(), feedback.words,
                    if over { " · ran over time" } else { "" }) }</p>
                <ul class="points">{ points }</ul>
            </div>
            <h3>{ "What your essay could say" }</h3>
            <ul class="counterpoints">{ counterpoints }</ul>
            <h3 id="rating-heading">{ "How did you do?" }</h3>
            <div class="ratings" role="group" aria-labelledby="rating-heading" data-testid="self-rating">{ rating_buttons }</div>
            if let Some(rating) = rated {
                <p class="rated" role="status">{ format!("Rated: {}. It is saved with this attempt.", rating.label()) }</p>
            }
            <button type="button" data-testid="next-drill" onclick={next}>{ "Next drill" }</button>
        </section>
    }
}
