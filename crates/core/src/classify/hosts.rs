//! Who is who: the provider behind a host name or a reply's wording, and the
//! MTA that wrote a bounce, told by the phrases each one always writes.

use super::lines::find_ci;
use super::phrases::PhraseSet;
use std::sync::OnceLock;

/// Host-name suffixes of the big providers, most specific first.
const HOST_SUFFIXES: &[(&str, &str)] = &[
    ("olc.protection.outlook.com", "outlook"),
    ("protection.outlook.com", "microsoft365"),
    ("prod.outlook.com", "microsoft365"),
    ("outbound.protection.outlook.com", "microsoft365"),
    ("hotmail.com", "outlook"),
    ("outlook.com", "outlook"),
    ("live.com", "outlook"),
    ("msn.com", "outlook"),
    ("google.com", "gmail"),
    ("googlemail.com", "gmail"),
    ("gmail.com", "gmail"),
    ("yahoodns.net", "yahoo"),
    ("yahoo.com", "yahoo"),
    ("yahoo.net", "yahoo"),
    ("aol.com", "yahoo"),
    ("amazonses.com", "ses"),
    ("awsapps.com", "workmail"),
    ("icloud.com", "icloud"),
    ("me.com", "icloud"),
    ("mac.com", "icloud"),
    ("mail.ru", "mailru"),
    ("yandex.ru", "yandex"),
    ("yandex.net", "yandex"),
    ("gmx.net", "gmx"),
    ("gmx.de", "gmx"),
    ("web.de", "gmx"),
    ("kundenserver.de", "gmx"),
    ("ionos.com", "gmx"),
    ("zoho.com", "zoho"),
    ("zohomail.com", "zoho"),
    ("messagingengine.com", "fastmail"),
    ("fastmail.com", "fastmail"),
    ("protonmail.ch", "protonmail"),
    ("proton.me", "protonmail"),
    ("comcast.net", "comcast"),
    ("sendgrid.net", "sendgrid"),
    ("mailgun.org", "mailgun"),
    ("mailgun.net", "mailgun"),
    ("mtasv.net", "postmark"),
    ("sparkpostmail.com", "sparkpost"),
    ("mandrillapp.com", "mandrill"),
    ("pphosted.com", "proofpoint"),
    ("ppe-hosted.com", "proofpoint"),
    ("mimecast.com", "mimecast"),
    ("barracudanetworks.com", "barracuda"),
    ("iphmx.com", "cisco"),
];

/// The provider a host name belongs to: `mx.google.com` → `gmail`.
pub fn provider_of_host(host: &str) -> Option<&'static str> {
    let h = host.trim().trim_end_matches('.').to_ascii_lowercase();
    if h.starts_with("email-smtp.") && h.ends_with(".amazonaws.com") {
        return Some("ses");
    }
    HOST_SUFFIXES
        .iter()
        .find(|(suffix, _)| h.strip_suffix(suffix).is_some_and(|rest| rest.is_empty() || rest.ends_with('.')))
        .map(|(_, p)| *p)
}

/// Words in a reply that only one provider writes.
const TEXT_MARKERS: &[(&str, &str)] = &[
    ("gsmtp", "gmail"),
    ("support.google.com/mail", "gmail"),
    ("support.google.com/a/", "gmail"),
    ("google.com/mail/?p=", "gmail"),
    ("postmaster.yahooinc.com", "yahoo"),
    ("senders.yahooinc.com", "yahoo"),
    ("postmaster.yahoo.com", "yahoo"),
    ("help.yahoo.com", "yahoo"),
    ("yahoo.com account", "yahoo"),
    ("postmaster.aol.com", "yahoo"),
    ("olc.protection.outlook.com", "outlook"),
    ("(s3150)", "outlook"),
    ("(s3140)", "outlook"),
    ("(s77719)", "outlook"),
    ("hotmail.com", "outlook"),
    ("protection.outlook.com", "microsoft365"),
    ("resolver.adr.", "microsoft365"),
    ("resolver.rst.", "microsoft365"),
    ("storedrv.", "microsoft365"),
    ("sender.office.com", "microsoft365"),
    ("amazonses", "ses"),
    ("email-smtp.", "ses"),
    ("support.apple.com", "icloud"),
    ("icloud.com", "icloud"),
    ("mail.ru", "mailru"),
    ("yandex", "yandex"),
];

/// The provider a reply text names or signs with.
pub fn provider_in_text(text: &str) -> Option<&'static str> {
    first_of(TEXT_MARKERS, text, &TEXT_SET)
}

static TEXT_SET: OnceLock<PhraseSet> = OnceLock::new();
static WRITER_SET: OnceLock<PhraseSet> = OnceLock::new();
static HEADER_SET: OnceLock<PhraseSet> = OnceLock::new();

/// The tag of the first marker of `list` (in list order) that occurs in `text`.
fn first_of(
    list: &'static [(&'static str, &'static str)],
    text: &str,
    set: &'static OnceLock<PhraseSet>,
) -> Option<&'static str> {
    let set = set.get_or_init(|| PhraseSet::new(list.iter().map(|(m, _)| m)));
    set.first(text).map(|i| list[i].1)
}

/// Sentences that say which software wrote a bounce.
const WRITER_MARKERS: &[(&str, &str)] = &[
    ("this is the postfix program", "postfix"),
    ("this is the mail system at host", "postfix"),
    ("x-postfix-queue-id", "postfix"),
    ("x-postfix-sender", "postfix"),
    ("----- transcript of session follows -----", "sendmail"),
    ("the original message was received at", "sendmail"),
    ("----- the following addresses had permanent fatal errors -----", "sendmail"),
    ("this message was created automatically by mail delivery software", "exim"),
    ("this is the qmail-send program", "qmail"),
    ("courier mail server at", "courier"),
    ("this is the mailer-daemon, please do not reply", "opensmtpd"),
    ("delivery has failed to these recipients or groups", "exchange"),
    ("diagnostic information for administrators", "exchange"),
    ("your message couldn't be delivered", "exchange"),
    ("delivery to the following recipient failed permanently", "gmail"),
    ("the response from the remote server was", "gmail"),
    ("the response was:", "gmail"),
    ("sorry, we were unable to deliver your message", "yahoo"),
    ("this message was created automatically by the sendgrid", "sendgrid"),
    ("lotus domino", "domino"),
    ("mdaemon", "mdaemon"),
    ("amazonses.com", "ses"),
    ("notificationtype", "ses"),
    ("amazon workmail", "workmail"),
    ("zimbra", "zimbra"),
    ("hmailserver", "hmailserver"),
];

/// Header fields that only one MTA adds; weaker than the sentences above,
/// since a provider's own MTA may add them too (Gmail adds X-Failed-Recipients).
const HEADER_MARKERS: &[(&str, &str)] =
    &[("x-postfix-queue-id", "postfix"), ("x-failed-recipients:", "exim"), ("x-ms-exchange", "exchange")];

pub fn writer_in_headers(headers: &str) -> Option<&'static str> {
    first_of(HEADER_MARKERS, headers, &HEADER_SET)
}

/// The MTA or service that wrote a bounce, from the sentences it always writes.
pub fn writer_of(text: &str) -> Option<&'static str> {
    first_of(WRITER_MARKERS, text, &WRITER_SET)
}

/// Host and address out of `host.example[192.0.2.1]`, `host.example [192.0.2.1]`
/// or `dns; host.example`: the host part, trimmed.
pub fn host_part(s: &str) -> &str {
    let s = s.trim();
    let s = s.split_once(';').map_or(s, |(kind, rest)| if kind.len() < 8 { rest.trim() } else { s });
    let end = s.find(['[', ' ', '(', ':', ',']).unwrap_or(s.len());
    s[..end].trim_end_matches('.')
}

/// The remote host a bounce or transcript names: `host mx.example[ip] said:`,
/// `host mx.example [ip]:`, `while talking to mx.example.:`, `connect to mx.example[ip]`.
pub fn remote_in(line: &str) -> Option<String> {
    for marker in ["host ", "while talking to ", "connect to ", "talking to "] {
        if let Some(i) = find_ci(line, marker) {
            let h = host_part(&line[i + marker.len()..]);
            if h.contains('.') {
                return Some(h.to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_by_host_and_by_wording() {
        assert_eq!(provider_of_host("gmail-smtp-in.l.google.com."), Some("gmail"));
        assert_eq!(provider_of_host("example-com.mail.protection.outlook.com"), Some("microsoft365"));
        assert_eq!(provider_of_host("eur.olc.protection.outlook.com"), Some("outlook"));
        assert_eq!(provider_of_host("mta5.am0.yahoodns.net"), Some("yahoo"));
        assert_eq!(provider_of_host("notgoogle.com"), None);
        assert_eq!(provider_in_text("550 5.1.1 ... x1si123 - gsmtp"), Some("gmail"));
        assert_eq!(provider_in_text("550 5.1.1 User unknown"), None);
    }

    #[test]
    fn host_parts() {
        assert_eq!(host_part("mx.example.net[192.0.2.1]:25"), "mx.example.net");
        assert_eq!(host_part("dns; mx.example.net"), "mx.example.net");
        assert_eq!(host_part("mx.example.net. [192.0.2.1]"), "mx.example.net");
    }
}
