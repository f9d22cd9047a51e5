//! The site's pages, each a plain function of the compiled catalog: an
//! entry's page (its sections in the order of the entry model), a page per
//! bounce reason and per reply code, the two catalog indexes, a page per
//! former ID, and the not-found page.

use crate::html::{description, esc, inline, paragraphs, Page};
use smtp_triage_core::model::{Condition, Entry, Mta, ReplyCode, Status};
use smtp_triage_core::{rank, reply_meaning, Answers, Headline, REASONS};
use std::collections::BTreeMap;
use std::fmt::Write;

/// A generated file: its path in the site folder and its contents.
pub struct File {
    pub path: String,
    pub html: String,
    /// Whether it belongs in the sitemap.
    pub listed: bool,
}

pub fn entry_path(id: &str) -> String {
    format!("entry/{id}.html")
}
pub fn reason_path(name: &str) -> String {
    format!("reason/{name}.html")
}
pub fn code_path(code: ReplyCode) -> String {
    format!("code/{code}.html")
}
pub const BY_CODE: &str = "catalog/codes.html";
pub const BY_REASON: &str = "catalog/reasons.html";

/// A link from the page at `from` to `to`, both paths in the site folder.
fn href(from: &str, to: &str) -> String {
    format!("{}{}", "../".repeat(from.matches('/').count()), to)
}

fn entry_link(from: &str, e: &Entry) -> String {
    format!(
        "<a href=\"{}\">{}</a> <span class=\"muted\">{}</span>",
        esc(&href(from, &entry_path(&e.id))),
        esc(&e.title),
        esc(&e.id)
    )
}

fn entry_list(from: &str, entries: &[&Entry]) -> String {
    let mut h = String::from("<ul class=\"entries\">\n");
    for e in entries {
        let _ = writeln!(h, "<li>{}</li>", entry_link(from, e));
    }
    h.push_str("</ul>\n");
    h
}

fn headline(code: ReplyCode) -> String {
    match Headline::for_code(code) {
        Some(h) => format!(
            "<div class=\"headline {}\"><p class=\"summary\">{}</p><p>{}</p></div>\n",
            if h.lost { "bad" } else { "calm" },
            esc(h.summary),
            esc(h.detail)
        ),
        None => String::new(),
    }
}

/// A `When` clause in words.
fn condition(e: &Entry, c: &Condition) -> String {
    match c {
        Condition::Symptom { id, answer } => {
            let fact = e.symptom(id).map_or(id.to_string(), |s| s.fact.to_string());
            match answer.id() {
                "no" => format!("not: {fact}"),
                _ => fact,
            }
        }
        Condition::Mta { ids } => {
            let names: Vec<&str> = ids.iter().map(|i| Mta::by_id(i).map_or(&**i, |m| m.name)).collect();
            format!("the MTA is {}", names.join(" or "))
        }
        Condition::Role { roles } => {
            format!("you are the {}", roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(" or "))
        }
        Condition::Tried { id } => format!("after trying: {}", e.item_title(id)),
    }
}

pub fn entry_page(e: &Entry, base: Option<&str>) -> File {
    let path = entry_path(&e.id);
    let estimate = e.verification.is_estimate();
    let mut b = String::new();
    let _ = writeln!(b, "<header class=\"entry-doc-head\">\n<h1>{}</h1>", esc(&e.title));
    let _ = writeln!(b, "<p class=\"id\">ID: <code>{}</code></p>", esc(&e.id));
    let mut about =
        vec![format!("Reply code <a href=\"{}\">{}</a>", esc(&href(&path, &code_path(e.error_code))), e.error_code)];
    if let Some(x) = e.error_enhanced {
        about.push(format!("enhanced status {x}"));
    }
    if e.reasons.is_empty() {
        about.push("reason: not assigned yet".into());
    }
    for r in e.reasons.iter() {
        let label = smtp_triage_core::reason(r).map_or(r.to_string(), |r| r.label.to_string());
        about.push(format!("reason: <a href=\"{}\">{}</a>", esc(&href(&path, &reason_path(r))), esc(&label)));
    }
    let _ = writeln!(b, "<p class=\"about-links\">{}</p>\n</header>", about.join(" · "));
    b.push_str("<div id=\"triage\" class=\"triage\"></div>\n<article class=\"entry-static\">\n");
    b.push_str(&headline(e.error_code));

    let _ = writeln!(b, "<section><h2>Root cause</h2>\n{}</section>", paragraphs(&e.root_cause));
    if !e.corrections.is_empty() {
        b.push_str("<section><h2>Corrections</h2>\n<ul class=\"corrections\">\n");
        for c in e.corrections.iter() {
            let _ = writeln!(b, "<li><p><span class=\"label\">Was:</span> <del>{}</del></p><p><span class=\"label\">Now:</span> {}</p></li>", inline(&c.was), inline(&c.now));
        }
        b.push_str("</ul></section>\n");
    }

    b.push_str("<section><h2>Where this error occurs</h2>\n<table>\n<thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Status</th><th scope=\"col\">Introduced</th><th scope=\"col\">Deprecated</th></tr></thead>\n<tbody>\n");
    let v = |v: &Option<smtp_triage_core::model::Version>| v.as_ref().map_or("—".to_string(), |v| esc(v.as_str()));
    for row in e.compatibility.iter() {
        let status = match row.status {
            Status::Active => "active",
            Status::Deprecated => "deprecated",
            Status::Removed => "removed",
        };
        let _ = writeln!(
            b,
            "<tr><th scope=\"row\">{}</th><td>{status}</td><td>{}</td><td>{}</td></tr>",
            esc(&row.label),
            v(&row.introduced),
            v(&row.deprecated)
        );
    }
    b.push_str("</tbody>\n</table></section>\n");

    if !e.symptoms.is_empty() {
        b.push_str("<section><h2>Symptoms</h2>\n<p class=\"muted\">What to check; each answer changes which workaround fits best.</p>\n<ul class=\"symptoms\">\n");
        for s in e.symptoms.iter() {
            let _ = writeln!(b, "<li>{}</li>", inline(&s.question));
        }
        b.push_str("</ul></section>\n");
    }

    // Readers report on workarounds only: a dead end's failure rate stays the catalog's estimate.
    let kind = "estimate";
    let rates = match smtp_triage_core::Rates::of(e) {
        smtp_triage_core::Rates::Estimates => "The success rates are the catalog's estimates, not measurements.",
        smtp_triage_core::Rates::Mixed => {
            "Some success rates were measured from readers' reports; the others are the catalog's estimates."
        }
        smtp_triage_core::Rates::Measured => "The success rates were measured from readers' reports.",
    };
    let _ = writeln!(
        b,
        "<section><h2>Workarounds</h2>\n<p class=\"muted\">In the order to try them with nothing else known. {rates}</p>\n<ol class=\"workarounds\">"
    );
    let ranking = rank(e, &Answers::default());
    for w in ranking.workarounds.iter().map(|w| w.workaround) {
        let _ = writeln!(b, "<li><h3>{}</h3>", inline(&w.title));
        let _ = writeln!(b, "<p class=\"rate\">{}</p>", esc(&smtp_triage_core::success_label(w)));
        if !w.who.is_empty() {
            let who: Vec<&str> = w.who.iter().map(|r| r.label()).collect();
            let _ = writeln!(b, "<p><span class=\"label\">Who:</span> {}</p>", esc(&who.join(", ")));
        }
        if !w.when.is_empty() {
            let when: Vec<String> = w.when.iter().map(|c| condition(e, c)).collect();
            let _ =
                writeln!(b, "<p><span class=\"label\">Most likely to help when:</span> {}</p>", esc(&when.join("; ")));
        }
        let lang = if w.lang.is_empty() { String::new() } else { format!(" class=\"language-{}\"", esc(&w.lang)) };
        let _ = writeln!(b, "<pre><code{lang}>{}</code></pre></li>", esc(&w.block));
    }
    b.push_str("</ol></section>\n");

    if !e.dead_ends.is_empty() {
        b.push_str("<section><h2>Dead ends</h2>\n<p class=\"muted\">What people try that does not help, and why.</p>\n<ul class=\"dead-ends\">\n");
        for d in e.dead_ends.iter() {
            let _ = writeln!(
                b,
                "<li><p><strong>{}</strong> <span class=\"rate\">({}% fail, {kind})</span></p><p>{}</p></li>",
                inline(&d.title),
                d.failure.get(),
                inline(&d.why)
            );
        }
        b.push_str("</ul></section>\n");
    }

    if !e.sources.is_empty() {
        b.push_str("<section><h2>Sources</h2>\n<ul class=\"sources\">\n");
        for s in e.sources.iter() {
            match &s.url {
                Some(u) => {
                    let _ = writeln!(
                        b,
                        "<li><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></li>",
                        esc(u),
                        esc(&s.title)
                    );
                }
                None => {
                    let _ = writeln!(b, "<li>{}</li>", esc(&s.title));
                }
            }
        }
        b.push_str("</ul></section>\n");
    }

    b.push_str("<p class=\"provenance\">");
    match e.reviewed {
        Some(d) => {
            let _ = write!(b, "Reviewed <time datetime=\"{d}\">{d}</time>. ");
        }
        None => b.push_str("Not reviewed yet. "),
    }
    let _ = write!(
        b,
        "Verification: {}. {}",
        e.verification.id(),
        if estimate { "The rates are estimates, written from general knowledge." } else { "The rates were measured." }
    );
    let _ = write!(b, " Fix rate: {}.</p>\n</article>\n", e.fix_rate);

    let desc = description(&e.root_cause);
    let title = format!("{} — SMTP error triage", e.title);
    let page = Page { entry: Some(&e.id), ..Page::listing(&path, &title, &desc, base) };
    File { html: page.render(&b), path, listed: true }
}

/// A former ID: a page that sends the reader to the current one.
pub fn alias_page(alias: &str, e: &Entry, base: Option<&str>) -> File {
    let path = entry_path(alias);
    let current = entry_path(&e.id);
    let body = format!(
        "<h1>Moved: {}</h1>\n<p>The entry <code>{}</code> is now <code>{}</code>:</p>\n<p><a href=\"{}\">{}</a></p>\n",
        esc(&e.title),
        esc(alias),
        esc(&e.id),
        esc(&href(&path, &current)),
        esc(&e.title)
    );
    let title = format!("Moved: {} — SMTP error triage", e.title);
    let desc = format!("This entry moved to {}.", e.id);
    let page = Page { canonical: Some(&current), noindex: true, ..Page::listing(&path, &title, &desc, base) };
    File { html: page.render(&body), path, listed: false }
}

pub fn reason_pages(entries: &[Entry], base: Option<&str>) -> Vec<File> {
    REASONS
        .iter()
        .map(|r| {
            let path = reason_path(&r.name);
            let mine: Vec<&Entry> = entries.iter().filter(|e| e.reasons.contains(&r.name)).collect();
            let mut b = format!("<h1>{}</h1>\n", esc(&r.label));
            let _ =
                writeln!(b, "<p class=\"id\">Reason: <code>{}</code> ({})</p>", esc(&r.name), kind_words(r.kind.id()));
            b.push_str(&paragraphs(&r.meaning));
            if let Some(g) = r.entry.as_deref().and_then(smtp_triage_core::find) {
                let _ = writeln!(b, "<p>Start with the general entry: {}</p>", entry_link(&path, g));
            }
            b.push_str("<h2>Entries</h2>\n");
            if mine.is_empty() {
                b.push_str("<p>No entry declares this reason yet.</p>\n");
            } else {
                b.push_str(&entry_list(&path, &mine));
            }
            let title = format!("{} — SMTP error triage", r.label);
            let desc = description(&r.meaning);
            let page = Page::listing(&path, &title, &desc, base);
            File { html: page.render(&b), path, listed: true }
        })
        .collect()
}

fn kind_words(kind: &str) -> &'static str {
    match kind {
        "error" => "an error",
        "not-error" => "not an error: a notice",
        _ => "undecided: the text does not say why",
    }
}

/// Entries by their reply code, codes in order.
fn by_code(entries: &[Entry]) -> BTreeMap<ReplyCode, Vec<&Entry>> {
    let mut m: BTreeMap<ReplyCode, Vec<&Entry>> = BTreeMap::new();
    for e in entries {
        m.entry(e.error_code).or_default().push(e);
    }
    m
}

pub fn code_pages(entries: &[Entry], base: Option<&str>) -> Vec<File> {
    by_code(entries)
        .into_iter()
        .map(|(code, mine)| {
            let path = code_path(code);
            let meaning = reply_meaning(code);
            let mut b = format!("<h1>Reply code {code}</h1>\n");
            if let Some(m) = meaning {
                let _ =
                    writeln!(b, "<p>{} <span class=\"muted\">({})</span></p>", inline(&m.meaning), esc(&m.reference));
            }
            b.push_str(&headline(code));
            let _ = writeln!(b, "<h2>Entries with reply code {code}</h2>");
            b.push_str(&entry_list(&path, &mine));
            let also: Vec<&Entry> =
                entries.iter().filter(|e| e.error_code != code && e.recognition.reply_codes.contains(&code)).collect();
            if !also.is_empty() {
                let _ = writeln!(b, "<h2>Also given with {code}</h2>");
                b.push_str(&entry_list(&path, &also));
            }
            let title = format!("Reply code {code} — SMTP error triage");
            let desc = meaning.map_or(format!("SMTP reply code {code}: what it means and what to do."), |m| {
                description(&format!("SMTP reply code {code}: {}", m.meaning))
            });
            let page = Page::listing(&path, &title, &desc, base);
            File { html: page.render(&b), path, listed: true }
        })
        .collect()
}

pub fn catalog_by_code(entries: &[Entry], base: Option<&str>) -> File {
    let path = BY_CODE;
    let mut b = format!(
        "<h1>Errors by reply code</h1>\n<p>All {} entries of the catalog, by the reply code the server gave.</p>\n",
        entries.len()
    );
    for (code, mine) in by_code(entries) {
        let _ = writeln!(b, "<h2><a href=\"{}\">{code}</a></h2>", esc(&href(path, &code_path(code))));
        b.push_str(&entry_list(path, &mine));
    }
    let page = Page::listing(path, "Errors by reply code — SMTP error triage", "Every SMTP error in the catalog, by reply code: what it means, the workarounds to try first and the dead ends.", base);
    File { html: page.render(&b), path: path.into(), listed: true }
}

pub fn catalog_by_reason(entries: &[Entry], base: Option<&str>) -> File {
    let path = BY_REASON;
    let mut b = String::from("<h1>Errors by reason</h1>\n<p>Why a message bounced or was deferred, and the catalog's entries for each reason.</p>\n");
    for r in REASONS.iter() {
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.reasons.contains(&r.name)).collect();
        let _ = writeln!(b, "<h2><a href=\"{}\">{}</a></h2>", esc(&href(path, &reason_path(&r.name))), esc(&r.label));
        if mine.is_empty() {
            b.push_str("<p class=\"muted\">No entry yet.</p>\n");
        } else {
            b.push_str(&entry_list(path, &mine));
        }
    }
    let rest: Vec<&Entry> = entries.iter().filter(|e| e.reasons.is_empty()).collect();
    if !rest.is_empty() {
        b.push_str("<h2>Entries with no reason assigned yet</h2>\n");
        b.push_str(&entry_list(path, &rest));
    }
    let page = Page::listing(path, "Errors by reason — SMTP error triage", "Every SMTP error in the catalog, by bounce reason: what it means, the workarounds to try first and the dead ends.", base);
    File { html: page.render(&b), path: path.into(), listed: true }
}

/// The page a static host serves for a URL it does not have. Without a base
/// URL its links are relative to the top of the site folder.
pub fn not_found(base: Option<&str>) -> File {
    let page = Page {
        noindex: true,
        root_url: base,
        ..Page::listing("404.html", "Page not found — SMTP error triage", "Page not found.", None)
    };
    let r = page.root();
    let body = format!(
        "<h1>Page not found</h1>\n<p>There is no page here: the entry may have been renamed or the link mistyped.</p>\n\
         <p>Find the error among <a href=\"{r}{BY_CODE}\">the errors by reply code</a> or <a href=\"{r}{BY_REASON}\">by reason</a>, \
         or <a href=\"{r}index.html\">paste it into the triage</a>.</p>\n"
    );
    File { html: page.render(&body), path: "404.html".into(), listed: false }
}

pub fn sitemap(base: &str, files: &[File]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let _ = writeln!(s, "<url><loc>{}</loc></url>", esc(base));
    for f in files.iter().filter(|f| f.listed) {
        let _ = writeln!(s, "<url><loc>{}{}</loc></url>", esc(base), esc(&f.path));
    }
    s.push_str("</urlset>\n");
    s
}
