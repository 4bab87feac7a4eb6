//! A `<details>` whose content is built only once it is first opened.

use web_sys::HtmlDetailsElement;
use yew::prelude::*;
use yew::virtual_dom::VText;

/// A `<details>` with `summary`, which calls `onopen` every time it is opened and builds
/// `content` only once it has been opened: closed, it is two DOM nodes however much it holds (on
/// the drill screen every node of the first render counts, docs/performance.md). Once opened, the
/// content stays, so closing and reopening keeps what was typed in it.
///
/// Not a component: its one piece of state, whether it has been opened, is the caller's
/// `use_state(|| false)`, since every component type on the first screen adds the Yew code V8
/// compiles for it to a start (docs/performance.md, "2026-12-05, night").
pub fn disclosure(
    summary: &'static str,
    opened: &UseStateHandle<bool>,
    onopen: Callback<()>,
    content: impl FnOnce() -> Html,
) -> Html {
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |event: Event| {
            let details: HtmlDetailsElement = event.target_unchecked_into();
            if details.open() {
                onopen.emit(());
                if !*opened {
                    opened.set(true);
                }
            }
        })
    };
    let content = if **opened { content() } else { Html::default() };
    html! {
        <details {ontoggle}>
            // As a text node, not `{ summary }`, which Yew would print through `Display`.
            <summary>{ VText::new(summary) }</summary>
            { content }
        </details>
    }
}
