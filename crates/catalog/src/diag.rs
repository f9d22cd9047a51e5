//! A problem found in the catalog, printed as `path:line: what is wrong`.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    pub path: String,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    pub message: String,
}

impl Diag {
    pub fn new(path: &str, line: usize, message: impl Into<String>) -> Diag {
        Diag { path: path.to_string(), line, message: message.into() }
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path, self.message)
        } else {
            write!(f, "{}:{}: {}", self.path, self.line, self.message)
        }
    }
}
