//! How a host page configures an instance: the attributes of `<smtp-triage>`
//! and the options of `mount(element, options)`. Every value is checked; a
//! bad one is reported once on the console and ignored, never thrown.

use smtp_triage_core::model::{Mta, Role, Version};
use wasm_bindgen::JsValue;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    pub fn id(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// Whose font the instance uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Font {
    /// Its own (system-ui, 16 px), whatever the page around it uses.
    #[default]
    Widget,
    /// The host page's font family and size, inherited by the element.
    Inherit,
}

impl Font {
    pub fn id(self) -> &'static str {
        match self {
            Font::Widget => "widget",
            Font::Inherit => "inherit",
        }
    }
}

/// Where the state of the triage lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HistoryMode {
    /// Only in the instance: for embedded instances, so that several of them
    /// and the host's own router do not fight over the URL.
    #[default]
    None,
    /// In the URL fragment: a link reproduces the triage, Back works.
    Fragment,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Options {
    /// Text to triage at once.
    pub error: Option<String>,
    /// An entry ID (or former ID) to start on.
    pub entry: Option<String>,
    pub role: Option<Role>,
    pub mta: Option<&'static Mta>,
    pub mta_version: Option<Version>,
    pub theme: Theme,
    pub history: HistoryMode,
    pub font: Font,
}

/// The option keys, as attributes (`mta-version`) and as `mount` options (`mtaVersion` too).
pub const KEYS: &[&str] = &["error", "entry", "role", "mta", "mta-version", "theme", "history", "font"];

impl Options {
    /// Reads options from a JS object; `warn` is told about each bad value.
    pub fn from_js(obj: &JsValue, warn: &mut dyn FnMut(String)) -> Options {
        let mut pairs = Vec::new();
        if obj.is_object() {
            for key in KEYS {
                let camel = if *key == "mta-version" { "mtaVersion" } else { key };
                let v = js_sys::Reflect::get(obj, &JsValue::from_str(key))
                    .ok()
                    .filter(|v| !v.is_undefined() && !v.is_null())
                    .or_else(|| {
                        js_sys::Reflect::get(obj, &JsValue::from_str(camel))
                            .ok()
                            .filter(|v| !v.is_undefined() && !v.is_null())
                    });
                if let Some(v) = v {
                    match v.as_string() {
                        Some(s) => pairs.push((key.to_string(), s)),
                        None => warn(format!("option '{key}' must be a string; ignored")),
                    }
                }
            }
        } else if !obj.is_undefined() && !obj.is_null() {
            warn("options must be an object; ignored".into());
        }
        Options::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), warn)
    }

    /// Reads options from attribute-like pairs.
    pub fn from_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>, warn: &mut dyn FnMut(String)) -> Options {
        let mut o = Options::default();
        for (key, value) in pairs {
            let v = value.trim();
            match key {
                "error" => o.error = (!value.trim().is_empty()).then(|| value.to_string()),
                "entry" => match smtp_triage_core::find(v) {
                    Some(e) => o.entry = Some(e.id.to_string()),
                    None if v.is_empty() => {}
                    None => warn(format!("entry '{v}' is not in the catalog; ignored")),
                },
                "role" => match Role::parse(v) {
                    Some(r) => o.role = Some(r),
                    None if v.is_empty() => {}
                    None => warn(format!(
                        "role '{v}' is not one of sender, sending-admin, receiving-admin, recipient; ignored"
                    )),
                },
                "mta" => match Mta::parse(v) {
                    Some(m) => o.mta = Some(m),
                    None if v.is_empty() => {}
                    None => warn(format!("mta '{v}' is not a known MTA; ignored")),
                },
                "mta-version" => match Version::parse(v) {
                    Some(x) => o.mta_version = Some(x),
                    None if v.is_empty() => {}
                    None => warn(format!("mta-version '{v}' is not a version such as 3.8.0; ignored")),
                },
                "theme" => match v {
                    "light" => o.theme = Theme::Light,
                    "dark" => o.theme = Theme::Dark,
                    "auto" | "" => o.theme = Theme::Auto,
                    _ => warn(format!("theme '{v}' is not light, dark or auto; ignored")),
                },
                "history" => match v {
                    "none" | "" => o.history = HistoryMode::None,
                    "fragment" => o.history = HistoryMode::Fragment,
                    _ => warn(format!("history '{v}' is not none or fragment; ignored")),
                },
                "font" => match v {
                    "widget" | "" => o.font = Font::Widget,
                    "inherit" => o.font = Font::Inherit,
                    _ => warn(format!("font '{v}' is not widget or inherit; ignored")),
                },
                other => warn(format!("unknown option '{other}'; ignored")),
            }
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_values_are_read_and_bad_ones_reported_and_ignored() {
        let mut warnings = Vec::new();
        let o = Options::from_pairs(
            [
                ("error", "550 5.7.1 Relay access denied"),
                ("mta", "Postfix"),
                ("role", "boss"),
                ("theme", "purple"),
                ("history", "fragment"),
                ("mta-version", "3.8"),
                ("font", "inherit"),
            ]
            .into_iter(),
            &mut |w| warnings.push(w),
        );
        assert_eq!(o.error.as_deref(), Some("550 5.7.1 Relay access denied"));
        assert_eq!(o.mta.map(|m| m.id), Some("postfix"));
        assert_eq!((o.role, o.theme, o.history), (None, Theme::Auto, HistoryMode::Fragment));
        assert_eq!(o.mta_version.as_ref().map(|v| v.as_str()), Some("3.8"));
        assert_eq!(o.font, Font::Inherit);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn font_is_widget_by_default_and_a_bad_value_is_reported_and_ignored() {
        let mut warnings = Vec::new();
        let o = Options::from_pairs([("font", "Comic Sans")].into_iter(), &mut |w| warnings.push(w));
        assert_eq!(o.font, Font::Widget);
        assert_eq!(warnings, ["font 'Comic Sans' is not widget or inherit; ignored"]);
        let o = Options::from_pairs([("font", " widget ")].into_iter(), &mut |w| warnings.push(w));
        assert_eq!((o.font, warnings.len()), (Font::Widget, 1));
    }
}
