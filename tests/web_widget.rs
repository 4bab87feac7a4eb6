//! Components and browser adapters, in headless Chromium (wasm-bindgen-test).
//! Run by scripts/test; alone: `cargo test --target wasm32-unknown-unknown --test web_widget`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use debate_drill::core::attempt::History;
use debate_drill::core::deck::BUILT_IN_DECK_PACKED;
use debate_drill::core::records;
use debate_drill::ui::WidgetProps;
use debate_drill::web::{histories, storage, texts};
use gloo::timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("localStorage")
}

/// Mounts a widget in a fresh element, as a page does (`ui::mount`: the drill at once, or the
/// launch first), and waits for it to render. The built-in deck is handed over first, as
/// `embed.js` does on a page.
async fn mount(params: &[(&str, &str)]) -> Element {
    debate_drill::ui::launch::provide_built_in_deck(BUILT_IN_DECK_PACKED);
    let root = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&root).expect("append");
    let params = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    debate_drill::ui::mount(root.clone(), WidgetProps { params, host: None });
    settle().await;
    root
}

/// One attempt, without its text, in the stored form of version 2 (objects, not rows).
fn v2_attempt(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","deck":"d","essay":"000","claim":"001-c1","text":"","start":1,"sub":2000,"upd":2000,"prep":30,"speak":90,"secs":1,"words":1,"fb":"mmmmm"}}"#
    )
}

/// What localStorage holds under `key`.
fn local_item(key: &str) -> Option<String> {
    local_storage().get_item(key).ok().flatten()
}

/// The stored rows: in the database, and any left in localStorage (merged).
async fn stored_rows(key: &str) -> records::Decoded {
    let mut decoded = records::decode(&histories::get(key).await.ok().flatten().unwrap_or_default());
    let local = local_rows(key);
    decoded.history.merge(local.history.attempts().iter().cloned());
    decoded.texts_elsewhere.extend(local.texts_elsewhere);
    decoded
}

/// The rows left in localStorage.
fn local_rows(key: &str) -> records::Decoded {
    records::decode(
        &local_storage()
            .get_item(&storage::history_key(key))
            .ok()
            .flatten()
            .unwrap_or_default(),
    )
}

/// The stored history once `done` holds for it, or as it is after two seconds.
async fn stored_until(key: &str, done: impl Fn(&records::Decoded) -> bool) -> records::Decoded {
    for _ in 0..100 {
        let decoded = stored_rows(key).await;
        if done(&decoded) {
            return decoded;
        }
        sleep(Duration::from_millis(20)).await;
    }
    stored_rows(key).await
}

async fn settle() {
    sleep(Duration::from_millis(30)).await;
}

fn find(root: &Element, testid: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
}

fn get(root: &Element, testid: &str) -> Element {
    find(root, testid).unwrap_or_else(|| panic!("no [data-testid={testid}]"))
}

fn notices(root: &Element) -> Vec<String> {
    let list = root.query_selector_all("[data-testid=\"notice\"]").expect("query");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.text_content())
        .collect()
}

/// Types `text` as the rebuttal and submits it.
async fn submit(root: &Element, text: &str) {
    let area: HtmlTextAreaElement = get(root, "rebuttal-input").dyn_into().expect("textarea");
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").expect("event"))
        .expect("dispatch");
    settle().await;
    get(root, "submit-rebuttal")
        .dyn_into::<HtmlElement>()
        .expect("button")
        .click();
    settle().await;
}

fn namespace(name: &str) -> String {
    format!("test-{name}-{}", js_sys::Math::random().to_bits())
}

#[wasm_bindgen_test]
async fn requested_essay_is_assigned_with_an_opposing_claim() {
    let key = namespace("essay");
    let root = mount(&[("essay", "001"), ("seed", "3"), ("storage-key", &key)]).await;
    assert!(find(&root, "drill-ready").is_some());
    assert_eq!(
        get(&root, "assigned-position").get_attribute("data-essay").as_deref(),
        Some("001")
    );
    let claim = get(&root, "opposing-claim");
    let claim_essay = claim.get_attribute("data-essay").expect("data-essay");
    assert_ne!(claim_essay, "001");
    assert!(
        claim
            .get_attribute("data-claim")
            .is_some_and(|id| id.starts_with(&claim_essay))
    );
    assert_eq!(get(&root, "timer").get_attribute("data-phase").as_deref(), Some("prep"));
    assert!(notices(&root).is_empty(), "{:?}", notices(&root));
}

#[wasm_bindgen_test]
async fn bad_parameters_become_notices_and_the_drill_still_works() {
    let key = namespace("bad");
    let root = mount(&[
        ("essay", "nope"),
        ("seed", "abc"),
        ("prep", "-3"),
        ("storage-key", &key),
    ])
    .await;
    let shown = notices(&root);
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert!(shown.iter().any(|n| n.contains("000, 001, 002")), "{shown:?}");
    assert!(shown.iter().any(|n| n.contains("seed")), "{shown:?}");
    assert!(shown.iter().any(|n| n.contains("Prep time")), "{shown:?}");
    assert!(find(&root, "assigned-position").is_some());
}

/// The passage in context and the timer settings are built when first opened, then kept.
#[wasm_bindgen_test]
async fn closed_disclosures_hold_no_content_until_opened() {
    let key = namespace("disclosure");
    let root = mount(&[("essay", "000"), ("seed", "5"), ("storage-key", &key)]).await;
    let details = |selector: &str| {
        root.query_selector(selector)
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            .unwrap_or_else(|| panic!("no {selector}"))
    };
    let passage = details(".claim details");
    let settings = details(".settings details");
    for closed in [&passage, &settings] {
        assert_eq!(closed.child_element_count(), 1, "closed: only the summary");
    }

    passage.set_open(true);
    settings.set_open(true);
    settle().await;
    let quote = get(&root, "opposing-claim")
        .query_selector("blockquote p")
        .ok()
        .flatten()
        .and_then(|p| p.text_content())
        .unwrap_or_default();
    let marked = passage
        .query_selector(".context mark")
        .ok()
        .flatten()
        .and_then(|mark| mark.text_content())
        .unwrap_or_default();
    assert!(
        !marked.is_empty() && quote.contains(&marked),
        "marked {marked:?} in quote {quote:?}"
    );
    assert_eq!(
        settings
            .query_selector_all("input[type=number]")
            .map(|list| list.length())
            .ok(),
        Some(2)
    );

    // Closed again, the form stays as it was (a half-typed setting is not lost).
    let prep: web_sys::HtmlInputElement = settings
        .query_selector("input")
        .ok()
        .flatten()
        .and_then(|input| input.dyn_into().ok())
        .expect("the prep input");
    prep.set_value("42");
    settings.set_open(false);
    settle().await;
    settings.set_open(true);
    settle().await;
    assert_eq!(prep.value(), "42");
    assert!(prep.is_connected());
}

#[wasm_bindgen_test]
async fn untimed_clock_is_off() {
    let key = namespace("off");
    let root = mount(&[("prep", "0"), ("speak", "0"), ("storage-key", &key)]).await;
    assert_eq!(get(&root, "timer").get_attribute("data-phase").as_deref(), Some("off"));
}

#[wasm_bindgen_test]
async fn submitting_shows_feedback_and_saves_the_attempt() {
    let key = namespace("submit");
    let root = mount(&[("seed", "9"), ("storage-key", &key)]).await;
    submit(
        &root,
        "They say the border is the threat. But guns flow south, because dealers sell them freely. Therefore Mexico suffers.",
    )
    .await;
    assert!(
        get(&root, "feedback")
            .text_content()
            .is_some_and(|text| text.contains("Gives a reason"))
    );
    assert_eq!(get(&root, "attempt-count").text_content().as_deref(), Some("1"));
    root.query_selector("[data-testid=\"self-rating\"] [data-rating=\"2\"]")
        .ok()
        .flatten()
        .expect("rating 2")
        .dyn_into::<HtmlElement>()
        .expect("button")
        .click();
    // Saving is asynchronous (the text goes to IndexedDB first): wait until the rating is stored.
    let decoded = stored_until(&key, |decoded| {
        decoded
            .history
            .attempts()
            .first()
            .is_some_and(|attempt| attempt.rating.is_some())
    })
    .await;
    assert_eq!(decoded.history.len(), 1);
    // The text went to IndexedDB; the row points there.
    assert_eq!(decoded.texts_elsewhere.len(), 1);
    let decoded = records::Decoded {
        history: storage::with_texts(&key, &decoded.history).await,
        ..decoded
    };
    assert_eq!(decoded.history.attempts()[0].rating.map(|r| r.number()), Some(2));
    assert!(decoded.history.attempts()[0].text.starts_with("They say the border"));
}

#[wasm_bindgen_test]
async fn corrupted_store_is_kept_aside_and_reported() {
    let key = namespace("corrupt");
    local_storage()
        .set_item(&storage::history_key(&key), "{\"v\":1,\"attempts\":[{\"id\":")
        .expect("set");
    let loaded = storage::load(&key).await;
    assert!(loaded.history.is_empty());
    assert_eq!(loaded.problems.len(), 1);
    assert!(loaded.problems[0].contains("kept aside"), "{}", loaded.problems[0]);
    let kept = local_storage()
        .get_item(&storage::quarantine_key(&key))
        .ok()
        .flatten()
        .expect("quarantine");
    assert!(kept.contains("attempts"), "{kept}");
}

#[wasm_bindgen_test]
async fn saving_merges_with_what_another_tab_wrote() {
    let key = namespace("tabs");
    let other_tab = r#"{"v":2,"attempts":[{"id":"other","deck":"d","essay":"000","claim":"001-c1","text":"theirs","start":1,"sub":2000,"upd":2000,"prep":30,"speak":90,"secs":1,"words":1,"fb":"mmmmm"}]}"#;
    local_storage()
        .set_item(&storage::history_key(&key), other_tab)
        .expect("set");
    let mut mine = records::decode(&other_tab.replace("\"other\"", "\"mine\"")).history;
    assert!(mine.fill_texts(&[("mine".to_string(), "ours".to_string())].into()) || mine.get("mine").is_some());
    let merged = storage::save(&key, &mine).await.expect("saved");
    let ids: Vec<&str> = merged.attempts().iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    // Both in the database; none left in localStorage.
    assert!(local_rows(&key).history.is_empty());
    let stored = stored_rows(&key).await;
    assert_eq!(stored.history.len(), 2);
    // Our text went to IndexedDB; the other tab's stays inline until that tab saves it.
    assert_eq!(stored.texts_elsewhere, ["mine"]);
    let complete = storage::with_texts(&key, &stored.history).await;
    assert_eq!(complete, merged);
    assert_ne!(complete, History::default());
    storage::clear(&key).await.expect("cleared");
    assert!(texts::get_all(&key).await.expect("readable").is_empty());
    // Saving again after a delete writes the texts again (nothing remembers the old database).
    storage::save(&key, &complete).await.expect("saved again");
    let again = stored_rows(&key).await;
    assert_eq!(storage::with_texts(&key, &again.history).await, complete);
}

/// Rows and texts of an older version (texts in the rows, rows in localStorage) move to the
/// database right after a start: one that read the whole history (no summary yet), and one that
/// read only the summary, without the student doing anything.
#[wasm_bindgen_test]
async fn an_older_versions_rows_move_to_indexeddb_after_a_start() {
    for with_summary in [false, true] {
        let key = namespace("inline");
        let old = r#"{"v":2,"attempts":[{"id":"a1","deck":"border-sovereignty","essay":"000","claim":"001-c1","text":"They say guns. But the border.","start":1,"sub":2000,"upd":2000,"prep":30,"speak":90,"secs":1,"words":6,"fb":"mmmmm"}]}"#;
        local_storage().set_item(&storage::history_key(&key), old).expect("set");
        if with_summary {
            storage::write_summary(&key, &records::decode(old).history);
        }
        assert!(storage::load(&key).await.outdated);
        assert!(storage::has_local_rows(&key));

        let root = mount(&[("storage-key", &key)]).await;
        let stored = stored_until(&key, |decoded| {
            decoded.texts_elsewhere.contains(&"a1".to_string()) && local_rows(&key).history.is_empty()
        })
        .await;
        assert!(
            stored.texts_elsewhere.contains(&"a1".to_string()),
            "with summary: {with_summary}"
        );
        assert!(!storage::has_local_rows(&key), "with summary: {with_summary}");
        assert!(!storage::load(&key).await.outdated);
        let texts = texts::get_all(&key).await.expect("readable");
        assert_eq!(
            texts.get("a1").map(String::as_str),
            Some("They say guns. But the border.")
        );
        assert_eq!(get(&root, "attempt-count").text_content().as_deref(), Some("1"));
        assert!(notices(&root).is_empty(), "{:?}", notices(&root));
        // The next start reads the summary, which counts the moved attempt.
        let again = mount(&[("storage-key", &key)]).await;
        assert_eq!(get(&again, "attempt-count").text_content().as_deref(), Some("1"));
    }
}

/// A save reads and writes the rows in one transaction: what another tab stored in the
/// database meanwhile is merged, not overwritten.
#[wasm_bindgen_test]
async fn a_save_merges_what_another_tab_put_in_the_database() {
    let key = namespace("database-tabs");
    let attempt = |id: &str| records::decode(&format!(r#"{{"v":2,"attempts":[{}]}}"#, v2_attempt(id))).history;
    storage::save(&key, &attempt("theirs")).await.expect("saved");
    let merged = storage::save(&key, &attempt("mine")).await.expect("saved");
    let mut ids: Vec<&str> = merged.attempts().iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["mine", "theirs"]);
    assert_eq!(stored_rows(&key).await.history, merged);
    assert!(local_rows(&key).history.is_empty());
    // An update that fails writes nothing.
    let refused: Result<(), String> = histories::update(&key, |_| Err("no".to_string())).await;
    assert_eq!(refused, Err("no".to_string()));
    assert_eq!(stored_rows(&key).await.history, merged);
    assert!(local_item(&storage::rows_mark_key(&key)).is_some());
    storage::clear(&key).await.expect("cleared");
    assert_eq!(histories::get(&key).await, Ok(None));
    // Nothing says a history is stored any more: the next start is a first visit's.
    assert!(local_item(&storage::rows_mark_key(&key)).is_none());
    assert!(local_item(&storage::summary_key(&key)).is_none());
}

/// Rows in the database whose summary is missing (it could not be written, or a newer version
/// wrote one this version cannot read) are read before the first drill, and the summary rewritten.
#[wasm_bindgen_test]
async fn rows_without_a_summary_are_read_before_the_first_drill() {
    for summary in [None, Some(r#"{"v":99,"future":true}"#)] {
        let key = namespace("no-summary");
        let stored = records::decode(
            r#"{"v":2,"attempts":[{"id":"kept","deck":"border-sovereignty","essay":"000","claim":"001-c1","text":"They say. But.","start":1,"sub":2000,"upd":2000,"prep":30,"speak":90,"secs":1,"words":3,"fb":"mmmmm"}]}"#,
        )
        .history;
        storage::save(&key, &stored).await.expect("saved");
        match summary {
            None => local_storage()
                .remove_item(&storage::summary_key(&key))
                .expect("removed"),
            Some(unreadable) => local_storage()
                .set_item(&storage::summary_key(&key), unreadable)
                .expect("set"),
        }
        let root = mount(&[("storage-key", &key)]).await;
        for _ in 0..100 {
            if get(&root, "attempt-count").text_content().as_deref() == Some("1") {
                break;
            }
            sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(
            get(&root, "attempt-count").text_content().as_deref(),
            Some("1"),
            "{summary:?}"
        );
        for _ in 0..100 {
            if local_storage()
                .get_item(&storage::summary_key(&key))
                .ok()
                .flatten()
                .is_some_and(|text| text.contains("border-sovereignty"))
            {
                break;
            }
            sleep(Duration::from_millis(20)).await;
        }
        let again = mount(&[("storage-key", &key)]).await;
        assert_eq!(
            get(&again, "attempt-count").text_content().as_deref(),
            Some("1"),
            "{summary:?}"
        );
        assert!(notices(&root).is_empty(), "{:?}", notices(&root));
    }
}

/// Texts whose transaction aborts after their requests succeeded (the storage filled up as it
/// committed, say) stay in the rows: a row drops its text only once the database has committed.
#[wasm_bindgen_test]
async fn texts_stay_in_the_rows_when_their_transaction_does_not_commit() {
    let key = namespace("texts-abort");
    let patch = js_sys::Function::new_no_args(
        "const put = IDBObjectStore.prototype.put;
         IDBObjectStore.prototype.put = function (...args) {
           const request = put.apply(this, args);
           if (this.name === 'texts') {
             IDBObjectStore.prototype.put = put;
             const transaction = this.transaction;
             request.addEventListener('success', () => transaction.abort());
           }
           return request;
         };",
    );
    patch.call0(&wasm_bindgen::JsValue::NULL).expect("patched");
    let mut mine = records::decode(&format!(r#"{{"v":2,"attempts":[{}]}}"#, v2_attempt("kept"))).history;
    assert!(mine.fill_texts(&[("kept".to_string(), "They say. But.".to_string())].into()));
    storage::save(&key, &mine).await.expect("saved");
    let stored = stored_rows(&key).await;
    assert!(stored.texts_elsewhere.is_empty(), "{:?}", stored.texts_elsewhere);
    assert_eq!(stored.history.attempts()[0].text, "They say. But.");
    assert!(texts::get_all(&key).await.expect("readable").is_empty());
}

/// Rows another tab (an older version's) writes to localStorage while a save moves the rows
/// from there to the database are not removed with the moved ones: the next save merges them.
#[wasm_bindgen_test]
async fn rows_written_to_local_storage_during_a_save_are_not_removed() {
    let key = namespace("late-rows");
    let before = format!(r#"{{"v":2,"attempts":[{}]}}"#, v2_attempt("old"));
    let during = format!(r#"{{"v":2,"attempts":[{},{}]}}"#, v2_attempt("old"), v2_attempt("late"));
    local_storage()
        .set_item(&storage::history_key(&key), &before)
        .expect("set");
    // The other tab writes while the database's transaction is under way (once).
    let patch = js_sys::Function::new_with_args(
        "key, text",
        "const put = IDBObjectStore.prototype.put;
         IDBObjectStore.prototype.put = function (...args) {
           if (this.name === 'histories') {
             localStorage.setItem(key, text);
             IDBObjectStore.prototype.put = put;
           }
           return put.apply(this, args);
         };",
    );
    patch
        .call2(
            &wasm_bindgen::JsValue::NULL,
            &storage::history_key(&key).into(),
            &during.as_str().into(),
        )
        .expect("patched");
    let mine = records::decode(&format!(r#"{{"v":2,"attempts":[{}]}}"#, v2_attempt("mine"))).history;
    storage::save(&key, &mine).await.expect("saved");
    assert_eq!(local_rows(&key).history.len(), 2, "the other tab's rows stay");
    storage::save(&key, &History::default()).await.expect("saved again");
    assert!(local_rows(&key).history.is_empty());
    let mut ids: Vec<String> = stored_rows(&key)
        .await
        .history
        .attempts()
        .iter()
        .map(|a| a.id.clone())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["late", "mine", "old"]);
}

/// Unreadable rows in the database are kept aside (once) and reported, as localStorage's are.
#[wasm_bindgen_test]
async fn unreadable_rows_in_the_database_are_kept_aside_once() {
    let key = namespace("database-corrupt");
    let corrupt = "{\"v\":3,\"s\":[],\"a\":[[\"broken\"";
    histories::update::<(), String>(&key, |_| Ok((corrupt.to_string(), ())))
        .await
        .expect("stored");
    let loaded = storage::load(&key).await;
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    assert!(loaded.problems[0].contains("kept aside"), "{}", loaded.problems[0]);
    assert!(storage::load(&key).await.problems.is_empty());
    assert_kept_aside_once(&key, "broken");
}

#[wasm_bindgen_test]
async fn unreadable_data_is_moved_aside_once() {
    let key = namespace("moved");
    let corrupt = "{\"v\":3,\"s\":[],\"a\":[[\"broken\"";
    local_storage()
        .set_item(&storage::history_key(&key), corrupt)
        .expect("set");
    assert_eq!(storage::load(&key).await.problems.len(), 1);
    // Moved, not copied: the next load finds nothing unreadable, and it is kept aside once.
    assert!(storage::load(&key).await.problems.is_empty());
    assert_kept_aside_once(&key, "broken");
}

/// Unreadable rows another tab stores while a load keeps the first ones aside are kept aside
/// too, before the rows are rewritten without them.
#[wasm_bindgen_test]
async fn unreadable_rows_stored_meanwhile_are_kept_aside_too() {
    let key = namespace("database-corrupt-meanwhile");
    histories::update::<(), String>(&key, |_| Ok((r#"{"v":3,"s":[],"a":[["first-broken""#.to_string(), ())))
        .await
        .expect("stored");
    // The other tab's write lands in the rewrite's own transaction, just before its read.
    let patch = js_sys::Function::new_with_args(
        "text",
        "const get = IDBObjectStore.prototype.get;
         IDBObjectStore.prototype.get = function (key) {
           if (this.name === 'histories' && this.transaction.mode === 'readwrite') {
             IDBObjectStore.prototype.get = get;
             this.put(text, key);
           }
           return get.call(this, key);
         };",
    );
    patch
        .call1(
            &wasm_bindgen::JsValue::NULL,
            &r#"{"v":3,"s":[],"a":[["second-broken""#.into(),
        )
        .expect("patched");
    let loaded = storage::load(&key).await;
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    assert_kept_aside_once(&key, "first-broken");
    assert_kept_aside_once(&key, "second-broken");
    assert!(storage::load(&key).await.problems.is_empty());
}

/// The quarantine of namespace `key` holds `part` exactly once.
fn assert_kept_aside_once(key: &str, part: &str) {
    let kept = local_storage()
        .get_item(&storage::quarantine_key(key))
        .ok()
        .flatten()
        .expect("quarantine");
    assert_eq!(kept.matches(part).count(), 1, "{kept}");
}

/// The browser's JSON.parse of a JavaScript string, read into the core's values, gives what the
/// core's own reader gives.
#[wasm_bindgen_test]
fn browser_json_reads_as_the_core_reader_does() {
    use debate_drill::core::json::{self, MAX_DEPTH, Value};
    use debate_drill::web::json as browser;
    let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    for text in [
        "null",
        "true",
        "false",
        "0",
        "-17",
        "4294967295",
        "1734567890123",
        "0.5",
        "-2.25e-3",
        r#""plain""#,
        r#""esc\"aped \\ \/ \n\t \u00e9 \ud83d\ude00 “quotes”""#,
        "[]",
        "{}",
        r#"[1, "two", [3, {"four": 4}], null]"#,
        r#"{"v": 2, "count": 3, "decks": [{"deck": "x", "cards": [["000", "c1", 1, 2, 3, 4, 5, 3]], "seen": []}]}"#,
        r#"{"b": 1, "a": 2, "b": 3}"#,
        &nested(MAX_DEPTH - 1),
    ] {
        let core = json::parse(text).ok();
        assert!(core.is_some(), "the core reads {text}");
        assert_eq!(browser::parse_js(&js_sys::JsString::from(text)), core, "{text}");
    }
    for bad in ["", "{", "[1,]", "{'a': 1}", "tru", "01x", &nested(MAX_DEPTH)] {
        assert!(json::parse(bad).is_err(), "the core refuses {bad}");
        assert_eq!(browser::parse_js(&js_sys::JsString::from(bad)), None, "{bad}");
    }
    // The one difference, on purpose: a whole number written with a fraction is whole.
    assert_eq!(
        browser::parse_js(&js_sys::JsString::from("2.0")),
        Some(Value::from(2u32))
    );
}

/// The stylesheet's hooks for the clock's states and the widget's mode: a clock near the end of
/// speaking is marked `data-warning="true"` (amber), and the root says which mode it runs in.
#[wasm_bindgen_test]
async fn the_clock_and_the_root_carry_their_styling_hooks() {
    let key = namespace("hooks");
    let calm = mount(&[("storage-key", &key)]).await;
    let timer = get(&calm, "timer");
    assert_eq!(timer.get_attribute("class").as_deref(), Some("timer"));
    assert_eq!(timer.get_attribute("data-phase").as_deref(), Some("prep"));
    assert_eq!(timer.get_attribute("data-warning").as_deref(), Some("false"));
    assert_eq!(
        get(&calm, "drill-ready").get_attribute("data-mode").as_deref(),
        Some("page")
    );

    let late = mount(&[("prep", "0"), ("speak", "10"), ("embed", "1"), ("storage-key", &key)]).await;
    let timer = get(&late, "timer");
    assert_eq!(timer.get_attribute("data-phase").as_deref(), Some("speak"));
    assert_eq!(timer.get_attribute("data-warning").as_deref(), Some("true"));
    assert_eq!(
        get(&late, "drill-ready").get_attribute("data-mode").as_deref(),
        Some("embedded")
    );
}
