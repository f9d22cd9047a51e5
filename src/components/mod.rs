//! One small component per file; each renders the state it is given and
//! sends actions.

pub mod app;
pub mod entry;
pub mod found;
pub mod nav;
pub mod questions;
pub mod results;
pub mod start;
pub mod summary;

use crate::host::Host;
use crate::state::State;
use yew::prelude::*;

/// What every component may use: the state and the host page.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub state: UseReducerHandle<State>,
    pub host: Host,
}

#[hook]
pub fn use_ctx() -> Ctx {
    use_context::<Ctx>().expect("components render inside App")
}
