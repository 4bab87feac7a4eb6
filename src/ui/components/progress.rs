//! Progress: attempts per day, streaks, what is due, mastery per claim and per position.

use yew::prelude::*;

use crate::core::attempt::Attempt;
use crate::core::schedule::Schedule;
use crate::core::stats::{self, civil_date, local_day};
use crate::core::text::{count_of, shorten};
use crate::ui::AppProps;
use crate::web::env;

/// Days shown in the chart.
const CHART_DAYS: i64 = 28;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn day_label(day: i64) -> String {
    let (_, month, day_of_month) = civil_date(day);
    format!("{} {day_of_month}", MONTHS[(month as usize).saturating_sub(1) % 12])
}

#[component]
pub fn Progress(props: &AppProps) -> Html {
    let app = &props.app;
    let now = env::now_ms();
    let offset = app.utc_offset_minutes;
    let attempts: Vec<&Attempt> = app.history.of_deck(&app.deck.id).collect();
    let per_day = stats::attempts_per_day(&attempts, offset);
    let today = local_day(now, offset);
    let streaks = stats::streaks(&per_day, today);
    let schedule = Schedule::for_position(&app.history, &app.deck.id, &app.essay_id);
    let due = schedule.due(&app.deck, &app.essay_id, now);
    let next_due = schedule.next_due_ms(&app.deck, &app.essay_id).filter(|&due| due > now);
    let claim_label = |id: &str| {
        app.deck
            .claim(id)
            .map_or(id.to_string(), |claim| shorten(&claim.statement, 90))
    };
    let position_label = |id: &str| {
        app.deck
            .essay(id)
            .map_or(id.to_string(), |essay| essay.position.label.clone())
    };

    let first_day = today - CHART_DAYS + 1;
    let most = per_day
        .range(first_day..=today)
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0)
        .max(1);
    let bars: Html = (first_day..=today)
        .enumerate()
        .map(|(index, day)| {
            let count = per_day.get(&day).copied().unwrap_or(0);
            let height = if count == 0 { 1 } else { 8 + count * 52 / most };
            let x = index * 12 + 2;
            let label = format!("{}: {}", day_label(day), count_of(count as usize, "attempt", "attempts"));
            html! {
                <g>
                    <title>{ label }</title>
                    <rect x={x.to_string()} y={(70 - height).to_string()} width="9" height={height.to_string()} class={classes!("bar", (count > 0).then_some("active"))} />
                    if count > 0 {
                        <text x={(x + 4).to_string()} y={(66 - height).to_string()} class="bar-count" text-anchor="middle">{ count }</text>
                    }
                </g>
            }
        })
        .collect();
    let practised_days: Html = per_day
        .range(first_day..=today)
        .map(|(day, count)| html! { <tr><td>{ day_label(*day) }</td><td>{ count }</td></tr> })
        .collect();

    let mastery = stats::mastery(&app.history, &app.deck, now);
    let mastery_rows: Html = mastery
        .iter()
        .take(12)
        .map(|m| {
            html! {
                <tr>
                    <td>{ claim_label(&m.claim_id) }</td>
                    <td>{ position_label(&m.essay_id) }</td>
                    <td>{ m.attempts }</td>
                    <td>{ m.level.label() }</td>
                </tr>
            }
        })
        .collect();
    let summaries: Html = stats::position_summaries(&app.history, &app.deck, &mastery)
        .into_iter()
        .map(|summary| {
            let weakest = summary
                .weakest_claim
                .map(|claim| format!(", weakest against “{}”", claim_label(&claim)))
                .unwrap_or_default();
            html! {
                <li>{ format!("Defending essay {} ({}): {}, {}% of feedback points{weakest}.",
                    summary.essay_id, position_label(&summary.essay_id), count_of(summary.attempts as usize, "attempt", "attempts"),
                    (summary.average_feedback * 100.0).round() as u32) }</li>
            }
        })
        .collect();
    let due_text = match (due.len(), next_due) {
        (0, Some(at)) => {
            let days = ((at - now) / 86_400_000.0).ceil().max(1.0) as u32;
            format!(
                "Nothing is due for your current position; the next review is in {days} {}.",
                if days == 1 { "day" } else { "days" }
            )
        }
        (0, None) => {
            "Nothing is due yet: rate your attempts and the claims you find hardest will come back first.".to_string()
        }
        (count, _) => format!(
            "{count} {} due for review for your current position.",
            if count == 1 { "claim is" } else { "claims are" }
        ),
    };

    html! {
        <section class="progress" aria-labelledby="progress-heading">
            <h3 id="progress-heading">{ "Progress" }</h3>
            <p class="streaks">{ format!("Current streak: {} {} · best: {} · {} in all",
                streaks.current, if streaks.current == 1 { "day" } else { "days" }, streaks.best, count_of(attempts.len(), "attempt", "attempts")) }</p>
            <figure class="chart">
                <svg viewBox={format!("0 0 {} 72", CHART_DAYS * 12 + 4)} role="img" aria-labelledby="chart-caption">
                    <line x1="0" y1="70.5" x2={(CHART_DAYS * 12 + 4).to_string()} y2="70.5" class="axis" />
                    { bars }
                </svg>
                <figcaption id="chart-caption">{ format!("Attempts per day, {} to {} (today).", day_label(first_day), day_label(today)) }</figcaption>
            </figure>
            <details>
                <summary>{ "Days practised, as a table" }</summary>
                <table class="days">
                    <thead><tr><th scope="col">{ "Day" }</th><th scope="col">{ "Attempts" }</th></tr></thead>
                    <tbody>{ practised_days }</tbody>
                </table>
            </details>
            <h4>{ "Due" }</h4>
            <p data-testid="due-summary">{ due_text }</p>
            <h4>{ "By position" }</h4>
            <ul class="summaries">{ summaries }</ul>
            if !mastery.is_empty() {
                <h4>{ "Claims, weakest first" }</h4>
                <table class="mastery">
                    <thead><tr><th scope="col">{ "Opposing claim" }</th><th scope="col">{ "Your position" }</th><th scope="col">{ "Attempts" }</th><th scope="col">{ "Mastery" }</th></tr></thead>
                    <tbody>{ mastery_rows }</tbody>
                </table>
            }
        </section>
    }
}
