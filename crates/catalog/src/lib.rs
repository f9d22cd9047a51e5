//! The catalog's reader, checker and compiler. It runs in the core's build
//! script (so a malformed entry fails the build) and in `smtp-triage lint`;
//! none of it ships to the browser.
//!
//! - [`parse_entry`] reads one Markdown entry in the format of `catalog/FORMAT.md`;
//! - [`load`] reads a whole catalog folder and checks what spans entries;
//! - [`write_measured`] writes measured rates back into an entry's source;
//! - [`emit`] writes the result as Rust `static` data for the core.

mod consistency;
mod diag;
mod emit;
mod lifecycle;
mod load;
mod minimums;
mod parse;
mod registry;

pub use diag::Diag;
pub use emit::emit;
pub use load::{load, Catalog};
pub use minimums::curated_shortfalls;
pub use parse::{parse_entry, write_measured};
pub use registry::{parse_enhanced_registry, parse_reason_registry, parse_reply_registry};
