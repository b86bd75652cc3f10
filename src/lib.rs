//! shipdeck: a terminal dashboard and sync engine linking a fulfillment warehouse to its sellers'
//! marketplace accounts (Qoo10, Gmarket/Auction via ESM Plus, LotteON, Crossmall, Grip).

pub mod domain;
pub mod store;
