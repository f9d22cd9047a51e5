//! A small argument reader: known flags, options that take a value (and may
//! repeat), and positionals. Unknown options are an error that names the known ones.

use crate::Failure;
use smtp_triage_core::model::Entry;

pub struct Args {
    pub positionals: Vec<String>,
    flags: Vec<String>,
    options: Vec<(String, String)>,
}

impl Args {
    /// `flags` take no value (`--json`); `options` take one (`--role R` or `--role=R`).
    pub fn parse(argv: &[String], flags: &[&str], options: &[&str]) -> Result<Args, Failure> {
        let mut a = Args { positionals: vec![], flags: vec![], options: vec![] };
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            let Some(name) = arg.strip_prefix("--") else {
                a.positionals.push(arg.clone());
                continue;
            };
            if name.is_empty() {
                a.positionals.extend(it.by_ref().cloned());
                break;
            }
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (name, None),
            };
            if flags.contains(&name) && inline.is_none() {
                a.flags.push(name.to_string());
            } else if options.contains(&name) {
                let value = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| Failure::usage(format!("--{name} needs a value")))?,
                };
                a.options.push((name.to_string(), value));
            } else {
                let known: Vec<String> = flags.iter().chain(options).map(|f| format!("--{f}")).collect();
                let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
                return Err(Failure::usage(format!("unknown option '{arg}'; options here: {known}")));
            }
        }
        Ok(a)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// Every value given to a repeatable option, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.options.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The value of an option given at most once.
    pub fn one<'a>(&'a self, name: &'a str) -> Result<Option<&'a str>, Failure> {
        let mut values = self.all(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(Failure::usage(format!("--{name} is given more than once")));
        }
        Ok(first)
    }

    pub fn no_positionals(&self) -> Result<(), Failure> {
        match self.positionals.first() {
            Some(p) => Err(Failure::usage(format!("unexpected argument '{p}'"))),
            None => Ok(()),
        }
    }

    /// The single positional, an entry ID or alias.
    pub fn entry(&self) -> Result<&'static Entry, Failure> {
        let [id] = self.positionals.as_slice() else {
            return Err(Failure::usage("name one entry ID (see 'smtp-triage list')"));
        };
        smtp_triage_core::find(id)
            .ok_or_else(|| Failure::usage(format!("no entry '{id}'; 'smtp-triage list' shows every ID")))
    }
}

/// The bytes of a file named on the command line, or of standard input for `-`.
pub fn read_input(name: &str) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    if name == "-" {
        std::io::stdin().lock().read_to_end(&mut buf)?;
    } else {
        buf = std::fs::read(name)?;
    }
    Ok(buf)
}
