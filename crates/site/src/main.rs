//! `smtp-triage-site [DIR]`: writes the support site into DIR (default:
//! `$TRUNK_STAGING_DIR`, so Trunk's post_build hook puts it in the build):
//! a page per entry, reason and reply code, the catalog indexes, a page per
//! former ID, `404.html`, and the site's stylesheets and script under `site/`.
//! With `SITE_URL` (`https://support.example.com/smtp/`), every page gets a
//! canonical link and the folder a `sitemap.xml`. The widget's own files at
//! the top of DIR are left as they are, except a canonical link in
//! `index.html` when `SITE_URL` is given.

mod html;
mod pages;

use pages::File;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ASSETS: [(&str, &str); 3] = [
    ("site/site.css", include_str!("../assets/site.css")),
    ("site/print.css", include_str!("../assets/print.css")),
    ("site/site.js", include_str!("../assets/site.js")),
];

fn main() -> ExitCode {
    let dir = match std::env::args_os().nth(1).or_else(|| std::env::var_os("TRUNK_STAGING_DIR")) {
        Some(d) => PathBuf::from(d),
        None => {
            eprintln!(
                "usage: smtp-triage-site DIR (or run it from Trunk's post_build hook, which sets TRUNK_STAGING_DIR)"
            );
            return ExitCode::from(2);
        }
    };
    let base = match std::env::var("SITE_URL") {
        Ok(u) if !u.trim().is_empty() => match base_url(&u) {
            Ok(u) => Some(u),
            Err(m) => {
                eprintln!("smtp-triage-site: SITE_URL: {m}");
                return ExitCode::from(2);
            }
        },
        _ => None,
    };
    match build(&dir, base.as_deref()) {
        Ok(n) => {
            eprintln!("smtp-triage-site: {n} pages written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("smtp-triage-site: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `SITE_URL` as an absolute http(s) URL ending in `/`.
fn base_url(u: &str) -> Result<String, String> {
    let u = u.trim();
    if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(['"', '<', '>', ' ', '#', '?']) {
        return Err(format!("'{u}' is not an absolute http(s) URL such as https://support.example.com/smtp/"));
    }
    Ok(if u.ends_with('/') { u.to_string() } else { format!("{u}/") })
}

/// Every page of the site, from the compiled-in catalog.
fn pages(base: Option<&str>) -> Vec<File> {
    let entries = smtp_triage_core::entries();
    let mut files = vec![pages::catalog_by_code(entries, base), pages::catalog_by_reason(entries, base)];
    for e in entries {
        files.push(pages::entry_page(e, base));
        for a in e.aliases.iter() {
            files.push(pages::alias_page(a, e, base));
        }
    }
    files.extend(pages::reason_pages(entries, base));
    files.extend(pages::code_pages(entries, base));
    files.push(pages::not_found(base));
    files
}

/// Writes the site into `dir`; returns the number of pages.
fn build(dir: &Path, base: Option<&str>) -> Result<usize, String> {
    let write = |rel: &str, text: &str| -> Result<(), String> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    let files = pages(base);
    for f in &files {
        write(&f.path, &f.html)?;
    }
    for (rel, text) in ASSETS {
        write(rel, text)?;
    }
    if let Some(base) = base {
        write("sitemap.xml", &pages::sitemap(base, &files))?;
        let index = dir.join("index.html");
        if let Ok(text) = std::fs::read_to_string(&index) {
            if !text.contains("rel=\"canonical\"") {
                let link = format!("<link rel=\"canonical\" href=\"{}\">\n</head>", html::esc(base));
                write("index.html", &text.replacen("</head>", &link, 1))?;
            }
        }
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use smtp_triage_core::model::{Correction, Entry, Source, Workaround};
    use std::borrow::Cow;

    const SEED: &str = "communication/smtp-421-service-not-available";

    fn seed() -> &'static Entry {
        smtp_triage_core::find(SEED).unwrap()
    }

    fn section_order(html: &str) -> Vec<&str> {
        html.split("<h2>").skip(1).map(|s| &s[..s.find("</h2>").unwrap()]).collect()
    }

    #[test]
    fn an_entry_page_has_its_sections_in_the_model_order() {
        let f = pages::entry_page(seed(), None);
        assert_eq!(f.path, "entry/communication/smtp-421-service-not-available.html");
        let h = &f.html;
        assert!(h.contains(
            "<title>421 4.7.0 Service not available, closing transmission channel — SMTP error triage</title>"
        ));
        assert_eq!(h.matches("<h1>").count(), 1);
        assert!(h.contains("<h1>421 4.7.0 Service not available, closing transmission channel</h1>"));
        assert!(h.contains("ID: <code>communication/smtp-421-service-not-available</code>"));
        assert!(h.contains("Temporary failure (4xx)"));
        assert_eq!(
            section_order(h),
            ["Root cause", "Corrections", "Where this error occurs", "Symptoms", "Workarounds", "Dead ends", "Sources"]
        );
        assert!(h.contains("<p class=\"rate\">85% success (catalog estimate)</p>"));
        assert!(h.contains("(95% fail, estimate)"));
        assert!(h.contains("Reviewed <time datetime=\"2026-11-28\">2026-11-28</time>."));
        assert!(h.contains("href=\"../../code/421.html\""));
        assert!(h.contains(
            "<meta name=\"description\" content=\"The server is not available and closes the transmission channel"
        ));
        assert!(!h.contains(" style=") && !h.contains("<style") && !h.contains("<script>"));
    }

    #[test]
    fn catalog_text_with_markup_renders_as_text() {
        let mut e = seed().clone();
        e.title = Cow::Borrowed("550 <b>\"bad\" & 'worse'</b>");
        e.root_cause = Cow::Borrowed("A <script>alert(1)</script> & `x<y`.");
        e.corrections = Cow::Owned(vec![Correction { was: "<i>old</i>".into(), now: "new & \"better\"".into() }]);
        e.sources = Cow::Owned(vec![Source {
            title: "<img src=x>".into(),
            url: Some("https://e.example/?a=1&b=\"2\"".into()),
        }]);
        let mut w: Workaround = e.workarounds[0].clone();
        w.block = Cow::Borrowed("echo '<hr>' && true");
        e.workarounds = Cow::Owned(vec![w]);
        let h = pages::entry_page(&e, Some("https://support.example.com/smtp/")).html;
        for bad in ["<b>", "<script>alert", "<i>old", "<img", "<hr>", "\"2\""] {
            assert!(!h.contains(bad), "{bad} unescaped");
        }
        assert!(h.contains("<h1>550 &lt;b&gt;&quot;bad&quot; &amp; &#39;worse&#39;&lt;/b&gt;</h1>"));
        assert!(h.contains("<code>x&lt;y</code>"));
        assert!(h.contains("echo &#39;&lt;hr&gt;&#39; &amp;&amp; true"));
        assert_eq!(section_order(&h)[1], "Corrections");
    }

    #[test]
    fn every_entry_reason_and_code_gets_a_page_and_the_indexes_list_every_entry() {
        let files = pages(None);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let by_code = &files.iter().find(|f| f.path == pages::BY_CODE).unwrap().html;
        let by_reason = &files.iter().find(|f| f.path == pages::BY_REASON).unwrap().html;
        for e in smtp_triage_core::entries() {
            let p = pages::entry_path(&e.id);
            assert!(paths.contains(&p.as_str()), "{p}");
            let link = format!("href=\"../{p}\"");
            assert!(by_code.contains(&link) && by_reason.contains(&link), "{p} not in both indexes");
            assert!(paths.contains(&pages::code_path(e.error_code).as_str()));
        }
        for r in smtp_triage_core::REASONS.iter() {
            assert!(paths.contains(&pages::reason_path(&r.name).as_str()), "{}", r.name);
        }
        assert!(
            paths.contains(&"reason/userunknown.html")
                && paths.contains(&"code/550.html")
                && paths.contains(&"404.html")
        );
    }

    #[test]
    fn a_base_url_gives_canonical_links_a_sitemap_and_an_absolute_not_found_page() {
        let dir = std::env::temp_dir().join(format!("smtp-triage-site-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<html><head><title>x</title></head><body></body></html>").unwrap();
        let base = base_url("https://support.example.com/smtp").unwrap();
        build(&dir, Some(&base)).unwrap();
        let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap();
        assert!(read("index.html").contains("<link rel=\"canonical\" href=\"https://support.example.com/smtp/\">"));
        assert!(read("code/550.html")
            .contains("<link rel=\"canonical\" href=\"https://support.example.com/smtp/code/550.html\">"));
        let sitemap = read("sitemap.xml");
        assert!(sitemap.contains(
            "<loc>https://support.example.com/smtp/entry/communication/smtp-421-service-not-available.html</loc>"
        ));
        assert!(!sitemap.contains("404.html"));
        let nf = read("404.html");
        assert!(
            nf.contains("href=\"https://support.example.com/smtp/index.html\"")
                && nf.contains("href=\"https://support.example.com/smtp/site/site.css\"")
        );
        assert!(base_url("support.example.com").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_former_id_links_to_the_current_page() {
        let f = pages::alias_page("communication/old-name", seed(), Some("https://s.example/"));
        assert_eq!(f.path, "entry/communication/old-name.html");
        assert!(f.html.contains("href=\"../../entry/communication/smtp-421-service-not-available.html\""));
        assert!(f.html.contains("href=\"https://s.example/entry/communication/smtp-421-service-not-available.html\""));
    }
}
