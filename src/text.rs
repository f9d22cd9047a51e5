//! Catalog and pasted text, always rendered as text: `code` spans become
//! `<code>` elements, nothing is ever parsed as HTML.

use yew::prelude::*;

/// `Adjust the 'x' in `main.cf`` → text with a `<code>` element.
pub fn inline(s: &str) -> Html {
    let mut out = Vec::new();
    for (i, part) in s.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            out.push(html! { <code>{ part.to_string() }</code> });
        } else {
            out.push(html! { { part.to_string() } });
        }
    }
    html! { <>{ for out }</> }
}

/// Bytes as people read them: 2.0 MB.
pub fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
