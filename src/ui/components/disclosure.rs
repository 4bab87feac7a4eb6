//! A `<details>` whose content is built only once it is first opened.

use web_sys::HtmlDetailsElement;
use yew::prelude::*;
use yew::virtual_dom::VText;

#[derive(Properties, PartialEq)]
pub struct DisclosureProps {
    pub summary: AttrValue,
    /// Told every time it is opened.
    #[prop_or_default]
    pub onopen: Callback<()>,
    pub children: Html,
}

/// Closed, it is two DOM nodes however much it holds. On the drill screen every node of the
/// first render counts: about 1 ms each at 4x CPU throttling (docs/performance.md). Once opened,
/// the content stays, so closing and reopening keeps what was typed in it.
#[component]
pub fn Disclosure(props: &DisclosureProps) -> Html {
    let opened = use_state(|| false);
    let ontoggle = {
        let opened = opened.clone();
        let onopen = props.onopen.clone();
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
    html! {
        <details {ontoggle}>
            // As a text node, not `{ &props.summary }`, which Yew would print through `Display`.
            <summary>{ VText::new(props.summary.clone()) }</summary>
            if *opened {
                { props.children.clone() }
            }
        </details>
    }
}
