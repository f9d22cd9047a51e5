//! Component tests in a real browser (wasm-bindgen-test in headless Chromium):
//! the app rendered into a page, driven through its DOM.
#![cfg(target_arch = "wasm32")]

use smtp_triage_web::{App, AppProps, Options};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = "communication/smtp-421-service-not-available";

async fn render(options: Options) -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { options, host: root.clone() }).render();
    yew::scheduler::flush().await;
    root
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector).iter().map(|e| e.text_content().unwrap_or_default().trim().to_string()).collect()
}

fn button(root: &Element, name: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().trim() == name)
        .expect(name)
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_start_screen_asks_for_the_error_and_says_the_text_stays_here() {
    let root = render(Options::default()).await;
    let labels = texts(&root, "label .label");
    assert!(labels.iter().any(|l| l == "Paste the error, log lines or bounce"), "{labels:?}");
    assert!(root.text_content().unwrap().contains("The text never leaves this page"));
    assert!(button(&root, "Triage").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn pasting_and_triaging_lists_the_finding_and_its_entry() {
    let root = render(Options::default()).await;
    let area: HtmlTextAreaElement = root.query_selector("textarea").unwrap().unwrap().dyn_into().unwrap();
    area.set_value("421 4.7.0 Service not available, closing transmission channel");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    yew::scheduler::flush().await;
    button(&root, "Triage").click();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, ".finding .codes"), ["421 4.7.0"]);
    let matches = texts(&root, ".matches button");
    assert_eq!(matches[0], "421 4.7.0 Service not available, closing transmission channel");
    assert!(root.text_content().unwrap().contains("Temporary failure (4xx)"));
}

#[wasm_bindgen_test]
async fn an_entry_shows_questions_ranked_workarounds_with_meters_and_dead_ends() {
    let root = render(Options { entry: Some(SEED.into()), ..Options::default() }).await;
    let h2 = texts(&root, "h2");
    assert!(h2.contains(&"Workarounds".to_string()) && h2.contains(&"Dead ends".to_string()), "{h2:?}");
    assert_eq!(all(&root, "meter").len(), 3);
    // Nothing is measured in the catalog yet: every rate says it is the estimate.
    assert_eq!(
        texts(&root, ".workaround .rate"),
        ["85% success (catalog estimate)", "80% success (catalog estimate)", "75% success (catalog estimate)"]
    );
    assert_eq!(texts(&root, "fieldset legend")[0], "Your role");
    assert!(texts(&root, ".provenance")[0].contains("estimates"));
    // Choosing receiving-server admin puts the Postfix limit first.
    let radio: HtmlElement = all(&root, ".choice")
        .into_iter()
        .find(|l| l.text_content().unwrap().trim() == "Receiving-server admin")
        .unwrap()
        .query_selector("input")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    radio.click();
    yew::scheduler::flush().await;
    assert!(
        texts(&root, ".workaround h3")[0].starts_with("Check the receiving server's logs for 'too many connections'")
    );
}

#[wasm_bindgen_test]
async fn pasted_markup_is_shown_as_text_never_as_html() {
    let root = render(Options {
        error: Some("459 <img src=x onerror=alert(1)><b>odd reply</b>".into()),
        ..Options::default()
    })
    .await;
    assert!(all(&root, "img").is_empty() && all(&root, "b").is_empty());
    assert!(root.text_content().unwrap().contains("<img src=x onerror=alert(1)>"));
}

#[wasm_bindgen_test]
async fn a_binary_paste_says_nothing_is_recognisable() {
    let root = render(Options {
        error: Some("\u{1}\u{2}\u{3}\u{fffd}\u{fffd}\u{4}\u{5}\u{6}\u{7}\u{fffd}".repeat(50)),
        ..Options::default()
    })
    .await;
    assert!(root.text_content().unwrap().contains("Nothing recognisable: this looks like binary data"));
}

#[wasm_bindgen_test]
async fn exchange_2019_is_said_to_be_out_of_support_and_the_seed_shows_its_corrections() {
    let root = render(Options {
        entry: Some(SEED.into()),
        mta: smtp_triage_core::model::Mta::parse("exchange"),
        mta_version: smtp_triage_core::model::Version::parse("2019"),
        ..Options::default()
    })
    .await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Exchange 2019 is out of support since 2025-10-14"), "{text}");
    let was = texts(&root, ".about .corrections .was");
    assert!(was.iter().any(|w| w == "| Microsoft Exchange 2019 | active | — | — |"), "{was:?}");
    assert!(text.contains("deprecated (out of support since 2025-10-14, Microsoft lifecycle)"));
}

async fn triage(root: &Element, text: &str) {
    let area: HtmlTextAreaElement = root.query_selector("textarea").unwrap().unwrap().dyn_into().unwrap();
    area.set_value(text);
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap()).unwrap();
    yew::scheduler::flush().await;
    button(root, "Triage").click();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_reason_comes_first_and_a_reply_no_entry_names_opens_its_reasons_plan() {
    let root = render(Options::default()).await;
    triage(&root, "550 User [recipient@example.net] does not exist").await;
    assert_eq!(texts(&root, ".found > *:nth-child(2)"), ["The recipient's address does not exist."]);
    assert_eq!(texts(&root, ".lead"), ["The recipient's address does not exist."]);
    assert_eq!(texts(&root, ".matches button"), ["The recipient's address does not exist"]);
    assert!(texts(&root, ".matches li")[0].ends_with("the plan for this kind of error"));
    button(&root, "The recipient's address does not exist").click();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, ".entry-head .id"), ["communication/reason-userunknown"]);
    assert!(!all(&root, ".workaround").is_empty());
    assert!(texts(&root, ".entry > .headline .summary")[0].starts_with("Permanent failure (5xx)"));
}

#[wasm_bindgen_test]
async fn a_generic_entry_opened_from_a_452_says_temporary() {
    let root = render(Options::default()).await;
    triage(&root, "452 4.2.2 <ann@example.net>: mailbox is over quota, try again later").await;
    assert_eq!(texts(&root, ".lead"), ["The recipient's mailbox is full."]);
    button(&root, "The recipient's mailbox is full").click();
    yew::scheduler::flush().await;
    assert!(texts(&root, ".entry > .headline .summary")[0].starts_with("Temporary failure (4xx)"));
}

#[wasm_bindgen_test]
async fn when_the_text_does_not_say_why_one_question_offers_the_likely_reasons() {
    let root = render(Options::default()).await;
    triage(&root, "550 5.0.0 Rejected").await;
    assert!(all(&root, ".lead").is_empty());
    assert_eq!(texts(&root, ".choose-reason legend"), ["The text does not say why. What does the message say?"]);
    let choices = texts(&root, ".choose-reason .reason-choice");
    assert_eq!(
        choices,
        [
            "The recipient's address does not exist",
            "The recipient's mailbox is full",
            "The message was judged to be spam",
            "The sending server is blocked by the receiver",
            "The message breaks a policy of the receiving organisation",
            "The sender's address was refused",
            "The receiving server had an internal error",
        ]
    );
    button(&root, "The message was judged to be spam").click();
    yew::scheduler::flush().await;
    assert_eq!(texts(&root, ".entry-head .id"), ["communication/reason-spamdetected"]);
}
