//! `cargo bench -p smtp-triage-core`: the classifier on the shared corpus
//! (whole set; per message is the total over 226), on a generated 100 MB
//! Postfix log (bytes per second), and one ranking. Quote figures with the
//! machine they ran on; compare figures from one run only.

use divan::counter::{BytesCount, ItemsCount};
use divan::{black_box, Bencher};
use smtp_triage_core::{classify, find, rank, Answers};
use std::path::PathBuf;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

/// The shared corpus, read once (empty when `../shared` is absent).
static CORPUS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/sisimai/samples");
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files.iter().map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned()).collect()
});

/// A Postfix-style log of about 100 MB: deliveries, deferrals, bounces,
/// rejections and housekeeping lines, in the proportions of a busy relay.
static LOG: LazyLock<String> = LazyLock::new(|| {
    let mut log = String::with_capacity(101 << 20);
    let mut i: u64 = 0;
    while log.len() < 100 << 20 {
        let q = format!("{:010X}", i.wrapping_mul(0x9E3779B97F4A7C15) >> 24);
        let line = match i % 10 {
            0..=3 => format!("Nov 28 04:12:{:02} out1 postfix/smtp[{}]: {q}: to=<user{}@example.org>, relay=mx.example.org[198.51.100.9]:25, delay=0.3, delays=0/0/0.1/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as {q})", i % 60, 2000 + i % 50, i % 9973),
            4 => format!("Nov 28 04:12:{:02} out1 postfix/smtp[{}]: {q}: to=<ann{}@example.net>, relay=mx1.example.net[198.51.100.7]:25, delay=1.2, delays=0.1/0/1/0, dsn=4.7.0, status=deferred (host mx1.example.net[198.51.100.7] said: 421 4.7.0 Service not available, closing transmission channel (in reply to RCPT TO command))", i % 60, 2000 + i % 50, i % 9973),
            5 => format!("Nov 28 04:12:{:02} out1 postfix/smtp[{}]: {q}: to=<u{}@example.com>, relay=mx.example.com[203.0.113.5]:25, delay=0.5, delays=0/0/0.2/0.3, dsn=5.1.1, status=bounced (host mx.example.com[203.0.113.5] said: 550 5.1.1 <u{}@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command))", i % 60, 2000 + i % 50, i % 9973, i % 9973),
            6 => format!("Nov 28 04:12:{:02} mx1 postfix/smtpd[{}]: NOQUEUE: reject: RCPT from unknown[203.0.113.{}]: 554 5.7.1 <bob@example.org>: Relay access denied; from=<spam@example.biz> to=<bob@example.org> proto=ESMTP helo=<example.biz>", i % 60, 3000 + i % 50, i % 250),
            7 => format!("Nov 28 04:12:{:02} out1 postfix/qmgr[99]: {q}: from=<news@example.com>, size=4242, nrcpt=1 (queue active)", i % 60),
            8 => format!("Nov 28 04:12:{:02} mx1 postfix/smtpd[{}]: connect from unknown[203.0.113.{}]", i % 60, 3000 + i % 50, i % 250),
            _ => format!("Nov 28 04:12:{:02} out1 postfix/qmgr[99]: {q}: removed", i % 60),
        };
        log.push_str(&line);
        log.push('\n');
        i += 1;
    }
    log
});

#[divan::bench(sample_count = 30)]
fn corpus_226_messages(b: Bencher) {
    let corpus = &*CORPUS;
    if corpus.is_empty() {
        eprintln!("skipped: ../shared/corpus/sisimai is absent");
        return;
    }
    b.counter(ItemsCount::new(corpus.len())).bench(|| {
        for m in corpus {
            black_box(classify(black_box(m)));
        }
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn postfix_log_100_mb(b: Bencher) {
    let log = &*LOG;
    b.counter(BytesCount::new(log.len())).bench(|| black_box(classify(black_box(log))));
}

#[divan::bench]
fn one_ranking(b: Bencher) {
    let entry = find("communication/smtp-421-service-not-available").expect("seed");
    let mut answers = Answers::default();
    answers.set_role("receiving-admin").unwrap();
    answers.set_mta(entry, "postfix").unwrap();
    answers.set_version("3.8.0").unwrap();
    answers.set_symptom(entry, "too-many-connections", smtp_triage_core::model::Answer::Yes).unwrap();
    b.bench(|| black_box(rank(black_box(entry), black_box(&answers))));
}
