//! Debate Drill: rebuttal practice in the browser. See ARCHITECTURE.md for the map.

pub mod core;
pub mod embed;
pub mod ui;
pub mod web;

/// Mounts the app on the page's `#app` element (or the body), with the page's query parameters.
pub fn start() {
    start_with(web::env::query_pairs());
}

/// Mounts the app on the page's `#app` element (or the body) with these launch options; `None`
/// when the page has neither.
pub fn start_with(params: Vec<(String, String)>) -> Option<ui::Mounted> {
    let root = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .get_element_by_id("app")
                .or_else(|| document.body().map(Into::into))
        })?;
    Some(ui::mount(root, ui::WidgetProps { params, host: None }))
}
