//! The dashboard (ratatui): Elm-like `Model` / `Msg` / `update` / `view`, a runner that talks to
//! the engine only through `EngineHandle`, one keymap registry, and a 16-colour or mono theme.

pub mod background;
pub mod clipboard;
pub mod diff;
mod effects;
#[cfg(test)]
pub(crate) mod fixtures;
mod input;
pub mod keymap;
pub mod model;
pub mod msg;
pub mod queries;
pub mod runner;
pub mod svg;
pub mod table;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod widgets;

pub use model::Model;
pub use msg::{Effect, Msg};
pub use runner::{run, RunOptions};
pub use update::update;
pub use view::view;
