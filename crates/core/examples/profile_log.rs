//! Classifies a generated Postfix log, for a profiler (`perf record`).
fn main() {
    let mut log = String::new();
    let mut i: u64 = 0;
    while log.len() < 50 << 20 {
        let q = format!("{:010X}", i.wrapping_mul(0x9E3779B97F4A7C15) >> 24);
        let line = match i % 4 {
            0 => format!("Nov 28 04:12:{:02} out1 postfix/smtp[{}]: {q}: to=<user{}@example.org>, relay=mx.example.org[198.51.100.9]:25, delay=0.3, delays=0/0/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {q})", i % 60, 2000 + i % 50, i % 9973),
            1 => format!("Nov 28 04:12:{:02} out1 postfix/smtp[{}]: {q}: to=<ann{}@example.net>, relay=mx1.example.net[198.51.100.7]:25, delay=1.2, delays=0.1/0/1/0, dsn=4.7.0, status=deferred (host mx1.example.net[198.51.100.7] said: 421 4.7.0 Service not available, closing transmission channel (in reply to RCPT TO command))", i % 60, 2000 + i % 50, i % 9973),
            2 => format!("Nov 28 04:12:{:02} mx1 postfix/smtpd[{}]: NOQUEUE: reject: RCPT from unknown[203.0.113.{}]: 554 5.7.1 <bob@example.org>: Relay access denied; from=<spam@example.biz> to=<bob@example.org> proto=ESMTP helo=<example.biz>", i % 60, 3000 + i % 50, i % 250),
            _ => format!("Nov 28 04:12:{:02} out1 postfix/qmgr[99]: {q}: removed", i % 60),
        };
        log.push_str(&line);
        log.push('\n');
        i += 1;
    }
    let c = smtp_triage_core::classify(&log);
    println!("{}", c.findings.len());
}
