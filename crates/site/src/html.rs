//! The one escaping function every page uses, and the page skeleton: head
//! (title, description, canonical, favicon and stylesheets linked relatively
//! to the page's depth), the site's header and footer. No inline script and
//! no `style` attribute anywhere (the widget's strict CSP).

use std::fmt::Write;

/// Text (or an attribute value) as HTML: `<`, `&`, quotes are never markup.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Catalog text with `code` spans: escaped, backtick spans as `<code>`.
pub fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", esc(part));
        } else {
            out.push_str(&esc(part));
        }
    }
    out
}

/// Paragraphs of catalog text (blank-line separated).
pub fn paragraphs(s: &str) -> String {
    s.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| format!("<p>{}</p>\n", inline(p))).collect()
}

/// A meta description: the text's first sentences, at most about 155 characters, without markup.
pub fn description(s: &str) -> String {
    let flat: String = s.replace('`', "").split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 155 {
        return flat;
    }
    let cut: String = flat.chars().take(152).collect();
    let end = cut.rfind(". ").map(|i| i + 1).filter(|&i| i > 60).or_else(|| cut.rfind(' ')).unwrap_or(cut.len());
    let mut d = cut[..end].trim_end_matches([',', ';', ':']).to_string();
    if !d.ends_with('.') {
        d.push('…');
    }
    d
}

/// What every page needs to know about where it is.
pub struct Page<'a> {
    /// The page's path in the site folder: `entry/communication/x.html`.
    pub path: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// Absolute base URL ending in `/` (`SITE_URL`), for the canonical link.
    pub base: Option<&'a str>,
    /// Set on entry pages: the widget takes the page over with JavaScript on.
    pub entry: Option<&'a str>,
    /// Alias pages point their canonical link at the current page.
    pub canonical: Option<&'a str>,
    pub noindex: bool,
    /// Links to the top of the site folder start with this instead of `../`s
    /// (the not-found page, served at any depth, uses the absolute base URL).
    pub root_url: Option<&'a str>,
}

impl<'a> Page<'a> {
    /// A listing page (a reason, a reply code, a catalog index): indexed, no
    /// widget; other pages start from it and set what differs.
    pub fn listing(path: &'a str, title: &'a str, description: &'a str, base: Option<&'a str>) -> Page<'a> {
        Page { path, title, description, base, entry: None, canonical: None, noindex: false, root_url: None }
    }
}

impl Page<'_> {
    /// From this page to the top of the site folder: `../../`.
    pub fn root(&self) -> String {
        match self.root_url {
            Some(u) => esc(u),
            None => "../".repeat(self.path.matches('/').count()),
        }
    }

    pub fn render(&self, body: &str) -> String {
        let r = self.root();
        let mut h = String::with_capacity(body.len() + 2048);
        h.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(h, "<title>{}</title>", esc(self.title));
        let _ = writeln!(h, "<meta name=\"description\" content=\"{}\">", esc(self.description));
        if self.noindex {
            h.push_str("<meta name=\"robots\" content=\"noindex\">\n");
        }
        if let Some(base) = self.base {
            let _ = writeln!(
                h,
                "<link rel=\"canonical\" href=\"{}\">",
                esc(&format!("{base}{}", self.canonical.unwrap_or(self.path)))
            );
        }
        let _ = writeln!(h, "<link rel=\"icon\" href=\"{r}favicon.svg\" type=\"image/svg+xml\">");
        if self.entry.is_some() {
            // The widget's stylesheet, so the triage is styled the moment it mounts.
            let _ = writeln!(h, "<link rel=\"stylesheet\" href=\"{r}style.css\">");
        }
        let _ = writeln!(h, "<link rel=\"stylesheet\" href=\"{r}site/site.css\">");
        let _ = writeln!(h, "<link rel=\"stylesheet\" href=\"{r}site/print.css\" media=\"print\">");
        if self.entry.is_some() {
            let _ = writeln!(h, "<script type=\"module\" src=\"{r}site/site.js\"></script>");
        }
        h.push_str("</head>\n<body>\n");
        let _ = writeln!(h, "<a class=\"skip\" href=\"#main\">Skip to the content</a>");
        let _ = writeln!(
            h,
            "<header class=\"site-head\"><nav aria-label=\"Site\"><a href=\"{r}index.html\">SMTP error triage</a>\
             <a href=\"{r}catalog/codes.html\">Errors by reply code</a><a href=\"{r}catalog/reasons.html\">Errors by reason</a></nav></header>"
        );
        match self.entry {
            Some(id) => {
                let _ = writeln!(h, "<main id=\"main\" class=\"site-main\" data-entry=\"{}\">", esc(id));
            }
            None => h.push_str("<main id=\"main\" class=\"site-main\">\n"),
        }
        h.push_str(body);
        h.push_str("</main>\n");
        let _ = writeln!(
            h,
            "<footer class=\"site-foot\"><p>The rates are the catalog's estimates unless an entry says they were measured. \
             <a href=\"{r}index.html\">Paste an error to triage it</a>: it runs in your browser and sends nothing anywhere.</p></footer>"
        );
        h.push_str("</body>\n</html>\n");
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_catalog_text_is_text() {
        assert_eq!(esc(r#"<b a="1">&'x'"#), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;x&#39;");
        assert_eq!(inline("set `a<b` & go"), "set <code>a&lt;b</code> &amp; go");
    }

    #[test]
    fn descriptions_are_short_and_plain() {
        assert_eq!(description("Short `x` text."), "Short x text.");
        let long = "First sentence is here and it is long enough to count as one. ".repeat(5);
        let d = description(&long);
        assert!(d.len() <= 160 && d.ends_with('.'), "{d}");
    }

    #[test]
    fn pages_link_relatively_to_their_depth() {
        let p = Page {
            path: "entry/communication/x.html",
            title: "T",
            description: "D",
            base: None,
            entry: Some("communication/x"),
            canonical: None,
            noindex: false,
            root_url: None,
        };
        let h = p.render("");
        assert!(h.contains("href=\"../../favicon.svg\"") && h.contains("href=\"../../site/site.css\""));
        assert!(!h.contains("canonical"));
        let p = Page { base: Some("https://support.example.com/smtp/"), ..p };
        assert!(p
            .render("")
            .contains("<link rel=\"canonical\" href=\"https://support.example.com/smtp/entry/communication/x.html\">"));
    }
}
