//! The link between the engine and its clients: one Unix socket, length-prefixed JSON frames,
//! requests mirroring what [`crate::engine::EngineHandle`] offers, replies matched by id, and a
//! stream of events per client (a client that reads too slowly is told to resynchronise).
//!
//! Who a client is comes from the kernel (`SO_PEERCRED`), and its role from the engine's config
//! ([`roles`]); nothing a client says decides anything. Frames are never logged: the few
//! requests that carry a credential (shop add and edit, key renewal) hold it in clear there.

pub mod client;
pub mod frame;
pub mod roles;
pub mod server;
pub mod socket;
pub mod wire;

pub use client::{Client, ConnectError};
pub use server::serve;
