//! `smtp-triage`: the core for the terminal, and a JSON contract for other tools.
//! Usage errors go to stderr with exit status 2; success writes nothing to stderr.

mod args;
mod classify;
mod lint;
mod rank;
mod rates;
mod report;
mod show;

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
smtp-triage: what to do about an SMTP error

usage:
  smtp-triage list                       one curated entry per line: ID<TAB>title
  smtp-triage show ID [--json]           the whole entry and its questions
  smtp-triage rank ID [--role R] [--mta NAME] [--version V]
                      [--yes SYMPTOM]... [--no SYMPTOM]... [--tried ITEM]... [--json]
                                         the workarounds in rank order, and the dead ends
  smtp-triage classify [FILE...|-] [--json]
                                         the errors found in pasted text, logs or bounces;
                                         --json prints one JSON object per input
  smtp-triage lint [DIR] [--strict]      check a catalog folder (default: ./catalog);
                                         --strict also checks the minimums of a curated entry
  smtp-triage rates FILE...|- [--catalog DIR] [--min-reports N] [--write] [--json]
                                         \"Did this work?\" reports (JSON Lines) as measured rates;
                                         --write puts those with N reports or more (default 30)
                                         into the catalog as Measured lines

roles: sender, sending-admin, receiving-admin, recipient. Names are matched ignoring case.
";

/// A failure to report: the message, and the exit status.
pub struct Failure(pub String, pub u8);

impl Failure {
    pub fn usage(msg: impl Into<String>) -> Failure {
        Failure(msg.into(), 2)
    }
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    // Buffered: one write per buffer rather than per line (stdout is line-buffered).
    let mut out = std::io::BufWriter::with_capacity(64 << 10, std::io::stdout().lock());
    let result = run(&argv, &mut out);
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(msg, code)) => {
            if !msg.is_empty() {
                eprintln!("smtp-triage: {msg}");
            }
            ExitCode::from(code)
        }
    }
}

fn run(argv: &[String], out: &mut dyn Write) -> Result<(), Failure> {
    let Some((cmd, rest)) = argv.split_first() else {
        return Err(Failure::usage(format!("no command given\n\n{USAGE}")));
    };
    let w = |r: std::io::Result<()>| {
        r.or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(Failure(e.to_string(), 2)) })
    };
    match cmd.as_str() {
        "list" => {
            args::Args::parse(rest, &[], &[])?.no_positionals()?;
            w(show::list(out))
        }
        "show" => {
            let a = args::Args::parse(rest, &["json"], &[])?;
            let entry = a.entry()?;
            w(if a.flag("json") { show::show_json(out, entry) } else { show::show(out, entry) })
        }
        "rank" => rank::run(rest, out),
        "lint" => lint::run(rest, out),
        "classify" => classify::run(rest, out),
        "rates" => rates::run(rest, out),
        "help" | "--help" | "-h" => w(out.write_all(USAGE.as_bytes())),
        other => Err(Failure::usage(format!("unknown command '{other}'\n\n{USAGE}"))),
    }
}
