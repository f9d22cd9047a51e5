//! Classifies the shared corpus many times, for a profiler (`perf record`).
fn main() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/sisimai/samples");
    let texts: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned())
        .collect();
    let rounds: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut n = 0;
    for _ in 0..rounds {
        for t in &texts {
            n += smtp_triage_core::classify(t).findings.len();
        }
    }
    println!("{n}");
}
