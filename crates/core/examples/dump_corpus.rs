//! Prints, for each record of the shared corpus, the expected reason and what the classifier decided (for study).
fn main() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/sisimai");
    let exp = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    for l in exp.lines().skip(1) {
        let c: Vec<&str> = l.split('\t').collect();
        let t = String::from_utf8_lossy(&std::fs::read(dir.join("samples").join(c[0])).unwrap()).into_owned();
        let r = smtp_triage_core::classify(&t);
        let idx: usize = c[1].parse().unwrap_or(1);
        let f = r.findings.get(idx - 1).or(r.findings.first());
        match f {
            Some(f) => println!(
                "{}\t{}\t{}\t{}\t{}\t{:?}\t{:?}\t{}",
                if f.reason.map(|r| &*r.name) == Some(c[4]) { "ok" } else { "XX" },
                c[4],
                f.reason.map(|r| &*r.name).unwrap_or("-"),
                c[0],
                f.reply_code.map(|x| x.to_string()).unwrap_or_default()
                    + " "
                    + &f.enhanced.map(|x| x.to_string()).unwrap_or_default(),
                f.stage,
                f.action,
                smtp_triage_model::normalize(&f.text).chars().take(140).collect::<String>()
            ),
            None => println!(
                "{}\t{}\t{:?}\t{}",
                if r.not_an_error.is_some() { "ne" } else { "XX" },
                c[4],
                r.not_an_error,
                c[0]
            ),
        }
    }
}
