//! Bad input gets a clear result and loses nothing: no panic, and work that
//! grows with the input, not faster (these inputs would take minutes if any
//! step were quadratic; no timing is asserted).

use smtp_triage_core::{classify, Action, Side};

const DEFERRAL: &str = "Nov 28 04:12:09 out1 postfix/smtp[2210]: 3F1A21C0E2: to=<ann@example.net>, relay=mx1.example.net[198.51.100.7]:25, delay=1.2, delays=0.1/0/1/0, dsn=4.7.0, status=deferred (host mx1.example.net[198.51.100.7] said: 421 4.7.0 Service not available, closing transmission channel (in reply to RCPT TO command))";

#[test]
fn empty_and_blank_input_give_nothing() {
    for input in ["", "\n\n\n", "   \t  ", "\r\r\r"] {
        let c = classify(input);
        assert!(c.findings.is_empty() && c.not_an_error.is_none(), "{input:?}");
    }
}

#[test]
fn binary_garbage_gives_nothing() {
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let c = classify(&String::from_utf8_lossy(&bytes));
    // Random bytes may by chance spell a code; what matters is that nothing is claimed as an entry.
    assert!(c.findings.iter().all(|f| f.entries.is_empty()), "{:?}", c.findings);
}

#[test]
fn invalid_utf8_and_nul_bytes_around_a_reply_lose_nothing() {
    let mut bytes = vec![0xff, 0xfe, 0x00, b'\n'];
    bytes.extend_from_slice(
        b"\x00550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown\xc3\x28\n\x00\x00",
    );
    let c = classify(&String::from_utf8_lossy(&bytes));
    assert_eq!(c.findings.len(), 1);
    let f = &c.findings[0];
    assert_eq!(
        (f.reply_code.map(|c| c.get()), f.enhanced.map(|e| e.to_string())),
        (Some(550), Some("5.1.1".to_string()))
    );
    assert!(f.text.starts_with("<bob@example.org>: Recipient address rejected: User unknown"), "{}", f.text);
}

#[test]
fn a_100000_line_log_gives_a_short_list_with_counts() {
    let mut log = String::new();
    for i in 0..100_000 {
        match i % 4 {
            0 => log.push_str(&DEFERRAL.replace("3F1A21C0E2", &format!("{i:X}"))),
            1 => log.push_str(&format!("Nov 28 04:12:10 out1 postfix/smtp[2211]: {i:X}: to=<u{i}@example.com>, relay=mx.example.com[203.0.113.5]:25, delay=0.5, delays=0/0/0.2/0.3, dsn=5.1.1, status=bounced (host mx.example.com[203.0.113.5] said: 550 5.1.1 <u{i}@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))")),
            2 => log.push_str(&format!("Nov 28 04:12:11 out1 postfix/smtp[2212]: {i:X}: to=<ok{i}@example.org>, relay=mx.example.org[198.51.100.9]:25, delay=0.3, delays=0/0/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {i:X})")),
            _ => log.push_str(&format!("Nov 28 04:12:12 out1 postfix/qmgr[99]: {i:X}: removed")),
        }
        log.push('\n');
    }
    let c = classify(&log);
    assert_eq!(c.findings.len(), 2, "{:#?}", c.findings.iter().map(|f| (&f.text, f.count)).collect::<Vec<_>>());
    assert_eq!((c.findings[0].count, c.findings[1].count), (25_000, 25_000));
    assert_eq!(c.findings[0].action, Some(Action::Delayed));
    assert_eq!(c.findings[1].reply_code.map(|c| c.get()), Some(550));
    assert_eq!(c.findings[1].recipients.len(), 20, "recipients are capped");
    assert!(c.findings.iter().all(|f| f.side == Some(Side::Sending) && f.mta == Some("postfix")));
}

#[test]
fn a_20_mb_paste_is_read_whole() {
    let mut big = String::with_capacity(21 << 20);
    while big.len() < 20 << 20 {
        big.push_str(DEFERRAL);
        big.push('\n');
    }
    let lines = big.lines().count();
    let c = classify(&big);
    assert_eq!(c.findings.len(), 1);
    assert_eq!(c.findings[0].count, lines);
}

#[test]
fn a_line_of_1_mb_is_cut_to_a_readable_text() {
    let line = format!("550 5.7.1 {}", "blocked ".repeat(1 << 17));
    let c = classify(&line);
    assert_eq!(c.findings.len(), 1);
    assert!(c.findings[0].text.chars().count() <= 2001 && c.findings[0].text.ends_with('…'));
}

#[test]
fn pathological_shapes_stay_linear() {
    // A megabyte of continuation codes, of brackets, of addresses, of codes.
    for input in [
        "550-".repeat(1 << 18),
        format!("host x said: {}550 5.1.1 x", "(".repeat(1 << 20)),
        format!("{} 550 5.1.1 unknown", "a@b.example ".repeat(1 << 16)),
        "550 5.1.1 a 451 4.7.1 b ".repeat(1 << 15),
        format!("  {}", "\n    indented".repeat(1 << 17)),
    ] {
        let c = classify(&input);
        assert!(c.findings.len() <= 200);
    }
}

#[test]
fn deeply_nested_and_wide_mime_is_bounded() {
    let mut msg = String::new();
    for i in 0..200 {
        msg.push_str(&format!("Content-Type: multipart/mixed; boundary=\"b{i}\"\nSubject: x\n\n--b{i}\n"));
    }
    msg.push_str("Content-Type: text/plain\n\n550 5.1.1 <bob@example.org>: User unknown\n");
    let _ = classify(&format!("From: MAILER-DAEMON@example.net\n{msg}"));

    let mut wide = String::from("From: MAILER-DAEMON@example.net\nContent-Type: multipart/report; boundary=\"W\"\n\n");
    for _ in 0..20_000 {
        wide.push_str("--W\nContent-Type: text/plain\n\n550 5.1.1 <bob@example.org>: User unknown\n");
    }
    wide.push_str("--W--\n");
    let c = classify(&wide);
    assert_eq!(c.findings.len(), 1);
    assert!(c.findings[0].count >= 300, "parts beyond the limit are not read: {}", c.findings[0].count);
}

/// A qmail-style sentence that ends in its code (`… disk full (#4.3.0)`) is
/// read backwards from the code; when the window's start falls inside a
/// multi-byte character it starts at that character instead (found by
/// fuzzing: a panic, which aborts the widget).
#[test]
fn a_code_after_long_multibyte_words_gives_the_words_before_it() {
    for pad in ["", "x", "xx"] {
        let words = format!("{pad}{} qq write error or disk full", "é".repeat(400));
        let c = classify(&format!("451 {words} (#4.3.0)"));
        let c2 = classify(&format!("{words} (#4.3.0)"));
        assert_eq!(c.findings.len(), 1, "{pad:?}");
        assert_eq!(c2.findings.len(), 1, "{pad:?}");
        let f = &c2.findings[0];
        assert_eq!(f.enhanced.map(|e| e.to_string()).as_deref(), Some("4.3.0"));
        assert!(f.text.ends_with("éé qq write error or disk full"), "{pad:?}: {}", f.text);
        assert!(f.text.chars().all(|ch| ch == 'é' || ch.is_ascii()), "{}", f.text);
    }
}
