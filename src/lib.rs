//! shipdeck: a terminal dashboard and sync engine linking a fulfillment warehouse to its sellers'
//! marketplace accounts (Qoo10, Gmarket/Auction via ESM Plus, LotteON, Crossmall, Grip).

pub mod catalogue;
pub mod cli;
pub mod config;
pub mod domain;
pub mod engine;
pub mod identity;
pub mod link;
pub mod logging;
pub mod market;
pub mod sim;
pub mod store;
pub mod tui;
