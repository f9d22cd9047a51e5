//! The mail servers and services the catalog may name: in compatibility
//! tables, in conditions, and as the writer of a log line or bounce.

/// A mail server product or a mail service.
#[derive(Debug, PartialEq, Eq)]
pub struct Mta {
    /// Stable lowercase ID used in conditions, URLs and JSON: `postfix`.
    pub id: &'static str,
    /// How people write it: "Postfix".
    pub name: &'static str,
    /// Other names a compatibility table may start with, longest match wins.
    pub names: &'static [&'static str],
    /// Whether the product has version numbers (a hosted service has none).
    pub versioned: bool,
}

macro_rules! mtas {
    ($( $id:literal, $name:literal, [$($alt:literal),*], $versioned:literal; )*) => {
        /// Every MTA and service the catalog may name.
        pub static MTAS: &[Mta] = &[$( Mta { id: $id, name: $name, names: &[$($alt),*], versioned: $versioned } ),*];
    };
}

mtas! {
    "postfix", "Postfix", [], true;
    "sendmail", "Sendmail", [], true;
    "exim", "Exim", [], true;
    "qmail", "qmail", ["netqmail", "notqmail"], true;
    "courier", "Courier MTA", ["Courier"], true;
    "opensmtpd", "OpenSMTPD", [], true;
    "haraka", "Haraka", [], true;
    "exchange", "Microsoft Exchange", ["Microsoft Exchange Server", "Exchange Server", "Exchange"], true;
    "microsoft365", "Microsoft 365", ["Exchange Online", "Office 365", "Microsoft 365 (Exchange Online)", "Exchange Online Protection"], false;
    "outlook", "Outlook.com", ["Hotmail", "Outlook.com / Hotmail"], false;
    "gmail", "Gmail", ["Google Workspace", "Gmail / Google Workspace", "Google Workspace (Gmail)"], false;
    "yahoo", "Yahoo Mail", ["Yahoo", "AOL Mail", "Yahoo / AOL", "Yahoo Mail / AOL Mail"], false;
    "icloud", "iCloud Mail", ["Apple iCloud Mail"], false;
    "ses", "Amazon SES", ["Amazon Simple Email Service"], false;
    "workmail", "Amazon WorkMail", [], false;
    "sendgrid", "SendGrid", ["Twilio SendGrid"], false;
    "mailgun", "Mailgun", [], false;
    "postmark", "Postmark", [], false;
    "sparkpost", "SparkPost", [], false;
    "mandrill", "Mandrill", ["Mailchimp Transactional"], false;
    "zoho", "Zoho Mail", [], false;
    "fastmail", "Fastmail", [], false;
    "protonmail", "Proton Mail", [], false;
    "gmx", "GMX", ["WEB.DE", "GMX / WEB.DE", "1&1 IONOS", "IONOS"], false;
    "mailru", "Mail.ru", [], false;
    "yandex", "Yandex Mail", ["Yandex 360"], false;
    "comcast", "Comcast", ["Xfinity"], false;
    "zimbra", "Zimbra", ["Zimbra Collaboration"], true;
    "mdaemon", "MDaemon", [], true;
    "hmailserver", "hMailServer", [], true;
    "smartermail", "SmarterMail", [], true;
    "kerio", "Kerio Connect", [], true;
    "axigen", "Axigen", [], true;
    "iis", "IIS SMTP", ["Microsoft IIS SMTP"], true;
    "domino", "HCL Domino", ["Lotus Domino", "IBM Domino", "Domino"], true;
    "james", "Apache James", [], true;
    "stalwart", "Stalwart Mail Server", ["Stalwart"], true;
    "dovecot", "Dovecot", ["Dovecot LMTP"], true;
    "cyrus", "Cyrus IMAP", ["Cyrus"], true;
    "amavis", "Amavis", ["amavisd-new"], true;
    "rspamd", "Rspamd", [], true;
    "spamassassin", "SpamAssassin", ["Apache SpamAssassin"], true;
    "barracuda", "Barracuda Email Security Gateway", ["Barracuda"], false;
    "proofpoint", "Proofpoint", ["Proofpoint Email Protection"], false;
    "mimecast", "Mimecast", [], false;
    "cisco", "Cisco Secure Email", ["Cisco IronPort", "IronPort"], false;
}

impl Mta {
    /// Finds an MTA by ID or by any of its names, ignoring case.
    pub fn parse(s: &str) -> Option<&'static Mta> {
        let s = s.trim();
        MTAS.iter().find(|m| {
            m.id.eq_ignore_ascii_case(s)
                || m.name.eq_ignore_ascii_case(s)
                || m.names.iter().any(|n| n.eq_ignore_ascii_case(s))
        })
    }

    pub fn by_id(id: &str) -> Option<&'static Mta> {
        MTAS.iter().find(|m| m.id == id)
    }

    /// Reads a compatibility-table label such as "Postfix 3.8.0",
    /// "Microsoft Exchange 2019 CU14" or "Amazon SES SMTP endpoint": the
    /// longest known name at its start (at a word boundary), then a version if
    /// the next word starts with a digit, then whatever qualifier is left.
    pub fn split_label(label: &str) -> Option<(&'static Mta, Option<&str>, &str)> {
        let label = label.trim();
        let lower = label.to_ascii_lowercase();
        let mut best: Option<(&'static Mta, usize)> = None;
        for m in MTAS {
            for n in std::iter::once(&m.name).chain(m.names.iter()) {
                let nl = n.to_ascii_lowercase();
                let at_boundary = lower.starts_with(&nl) && lower.as_bytes().get(nl.len()).is_none_or(|b| *b == b' ');
                if at_boundary && best.is_none_or(|(_, l)| nl.len() > l) {
                    best = Some((m, nl.len()));
                }
            }
        }
        let (mta, len) = best?;
        let rest = label[len..].trim_start();
        let (first, after) = rest.split_once(' ').unwrap_or((rest, ""));
        if first.starts_with(|c: char| c.is_ascii_digit()) {
            Some((mta, Some(first), after.trim()))
        } else {
            Some((mta, None, rest))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_split_into_product_version_and_qualifier() {
        let (m, v, q) = Mta::split_label("Postfix 3.8.0").unwrap();
        assert_eq!((m.id, v, q), ("postfix", Some("3.8.0"), ""));
        let (m, v, q) = Mta::split_label("Microsoft Exchange 2019 CU14").unwrap();
        assert_eq!((m.id, v, q), ("exchange", Some("2019"), "CU14"));
        let (m, v, q) = Mta::split_label("Amazon SES SMTP endpoint").unwrap();
        assert_eq!((m.id, v, q), ("ses", None, "SMTP endpoint"));
        let (m, v, _) = Mta::split_label("Exchange Online").unwrap();
        assert_eq!((m.id, v), ("microsoft365", None));
        assert!(Mta::split_label("Postfixer 3.0").is_none());
        assert!(Mta::split_label("Lotus Notes 9").is_none());
    }

    #[test]
    fn ids_are_unique_and_lowercase() {
        for (i, m) in MTAS.iter().enumerate() {
            assert_eq!(m.id, m.id.to_ascii_lowercase());
            assert!(MTAS[i + 1..].iter().all(|o| o.id != m.id), "{} twice", m.id);
        }
    }
}
