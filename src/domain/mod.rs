//! Pure types and rules: marketplaces, shops, orders, the life cycle, site statuses, SKUs,
//! mappings and matching, tracking. No I/O, no async.

pub mod lifecycle;
pub mod mapping;
pub mod marketplace;
pub mod order;
pub mod push;
pub mod secret;
pub mod selection;
pub mod shop;
pub mod sku;
pub mod status;
pub mod text;
pub mod tracking;

pub use lifecycle::{HoldReason, OrderState, Stage, StatusKey, Transition};
pub use mapping::{Mapping, SiteCode};
pub use marketplace::{Money, Site, SiteZone};
pub use order::{LineSku, Order, OrderKey, OrderLine, Party, ProductRef};
pub use push::{Push, PushAttempt, PushKind, PushState};
pub use secret::Secret;
pub use shop::{Credentials, Shop, ShopName, ShopOptions};
pub use sku::{Sku, SkuCode};
pub use status::SiteStatus;
pub use tracking::{same_tracking_number, Carrier, Tracking, TrackingNumber};
