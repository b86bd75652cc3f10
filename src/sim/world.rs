//! The simulator's world: per-site shops with their accepted credentials, products, orders and
//! the record of every call received. Site modules render it in their own wire formats.

use std::collections::BTreeMap;
use std::time::Instant;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::faults::Faults;
use super::names;
use crate::domain::marketplace::ALL_SITES;
use crate::domain::Site;

/// A person on a simulated order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Postal code.
    pub zip: String,
    /// First address part (region, city, street).
    pub addr1: String,
    /// Second address part (building, room).
    pub addr2: String,
}

/// One option of a simulated product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimOption {
    /// The site's option id (LotteON sitmNo, Grip optionKey, ESM option no, Qoo10 option row).
    pub option_id: String,
    /// The seller's option code (Qoo10 OptionCode, ESM ItemOptionCode, LotteON eitmNo, Grip yourOptionId).
    pub option_code: String,
    /// First attribute (colour), e.g. `ホワイト` / `블랙`.
    pub attr1: String,
    /// Second attribute (size), e.g. `Sサイズ` / `M`.
    pub attr2: String,
    /// Stock as the site has it.
    pub stock: i64,
}

/// A simulated product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimProduct {
    /// The site's product id (Qoo10 ItemCode, ESM goodsNo, LotteON spdNo, Grip productId, Crossmall item_code).
    pub product_id: String,
    /// The seller's product code (Qoo10 SellerItemCode, ESM OutGoodsNo, LotteON epdNo, Grip yourProductId).
    pub product_code: String,
    /// Product name.
    pub name: String,
    /// Unit price.
    pub price: i64,
    /// Stock for products without options.
    pub stock: i64,
    /// Options (empty for a single product).
    pub options: Vec<SimOption>,
    /// Qoo10: the listing's `ExpireDate` (`yyyy-mm-dd`); `SetGoodsPriceQty` without one moves it
    /// a year ahead, as the spec says.
    #[serde(default)]
    pub expire_date: String,
}

/// A line of a simulated order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimLine {
    /// The site's line key (see `marketplaces.md`, "Line keys").
    pub line_key: String,
    /// Index of the product in the shop's catalogue.
    pub product: usize,
    /// Index of the option, for optioned products.
    pub option: Option<usize>,
    /// Quantity.
    pub quantity: u32,
    /// Unit price.
    pub unit_price: i64,
    /// The line's status code on the site.
    pub status: String,
}

/// A tracking number the site received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimTracking {
    /// The carrier exactly as sent (code or name).
    pub carrier: String,
    /// The number exactly as sent.
    pub number: String,
}

/// A simulated order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimOrder {
    /// The site's order number.
    pub order_no: String,
    /// Cart / pack / pay number.
    pub cart_no: String,
    /// Order time.
    pub ordered_at: jiff::Timestamp,
    /// Payment time.
    pub paid_at: jiff::Timestamp,
    /// Buyer.
    pub buyer: Person,
    /// Receiver.
    pub receiver: Person,
    /// Delivery message.
    pub message: String,
    /// Lines.
    pub lines: Vec<SimLine>,
    /// Cancelled on the site.
    pub cancelled: bool,
    /// Tracking registered, if any.
    pub tracking: Option<SimTracking>,
    /// Crossmall: the phase name (the status of every line otherwise).
    pub phase: Option<String>,
    /// Crossmall: delivery date set with the phase move.
    pub delivery_date: Option<String>,
}

impl SimOrder {
    /// The order's status: its least advanced line's (by the site's numeric order where numeric).
    pub fn status(&self) -> String {
        if let Some(p) = &self.phase {
            return p.clone();
        }
        self.lines
            .iter()
            .map(|l| l.status.clone())
            .min_by_key(|s| s.parse::<u32>().unwrap_or(u32::MAX))
            .unwrap_or_default()
    }
}

/// A confirmation the site received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmRecord {
    /// Order.
    pub order_no: String,
    /// Line, where the site confirms per line.
    pub line_key: Option<String>,
}

/// A shipment the site received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentRecord {
    /// Order.
    pub order_no: String,
    /// Line, where the site ships per line.
    pub line_key: Option<String>,
    /// Carrier exactly as sent.
    pub carrier: String,
    /// Tracking number exactly as sent.
    pub tracking: String,
}

/// A per-line write the site received and its outcome for that line: Grip's action calls
/// (`prepare`, `shipping`, `start`), whose `…/result` checks answer from these records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteRecord {
    /// The action (`prepare`, `shipping`, `start`).
    pub call: String,
    /// Order.
    pub order_no: String,
    /// Line.
    pub line_key: String,
    /// Done or refused.
    pub ok: bool,
    /// The site's reason, when refused.
    pub message: Option<String>,
}

/// A stock update the site received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockRecord {
    /// Product id.
    pub product_id: String,
    /// Option id, for an option.
    pub option_id: Option<String>,
    /// Quantity set.
    pub quantity: i64,
}

/// A seller account on a simulated site.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimShop {
    /// The site.
    pub site: Site,
    /// The seller id.
    pub shop_id: String,
    /// The credential fields this shop accepts, by shipdeck's field names (`--set` names).
    pub credentials: BTreeMap<String, String>,
    /// The path prefix the site is served under (`/grip`…).
    pub base_path: String,
    /// Products.
    pub products: Vec<SimProduct>,
    /// Orders by number.
    pub orders: BTreeMap<String, SimOrder>,
    /// Every confirmation received, in order.
    pub confirms: Vec<ConfirmRecord>,
    /// Every shipment received, in order.
    pub shipments: Vec<ShipmentRecord>,
    /// Every stock update received, in order.
    pub stock_updates: Vec<StockRecord>,
    /// Grip: every per-line action received (prepare, shipping, start) and its outcome, in order.
    #[serde(default)]
    pub writes: Vec<WriteRecord>,
    /// Calls refused (auth, faults, rate limits, bad requests).
    pub rejected: u64,
    /// Qoo10: the seller key has expired (answers -90004).
    pub key_expired: bool,
    /// Crossmall: the account's phases, in `get_phase` order (empty on the other sites).
    #[serde(default)]
    pub phases: Vec<String>,
}

/// The integrator-level keys the simulator accepts (DESIGN.md §2a config file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrator {
    /// `[esm] master_id`.
    pub esm_master_id: String,
    /// `[esm] secret_key`.
    pub esm_secret_key: String,
    /// `[grip] service_id`.
    pub grip_service_id: String,
    /// `[qoo10] api_key`.
    pub qoo10_api_key: String,
}

/// The whole simulated world.
#[derive(Debug)]
pub struct World {
    /// The shops, one per site by default (Gmarket and Auction both).
    pub shops: Vec<SimShop>,
    /// Integrator keys.
    pub integrator: Integrator,
    /// Faults per site.
    pub faults: BTreeMap<Site, Faults>,
    /// The seeded random source of everything generated and every fault.
    pub rng: StdRng,
    /// The next order / id sequence number.
    pub next_seq: u64,
    /// ESM: when each seller id's last `RequestOrders` call was answered (its order-call quota).
    pub esm_last_order_call: BTreeMap<String, Instant>,
    /// Calls received, by `site path` with numeric path segments shown as `{n}`.
    pub requests: BTreeMap<String, u64>,
    /// How far the simulated sites' clock is from this machine's (their `Date` headers, Grip's
    /// timestamp check and ESM's `iat` check use it): a test's way to play a machine whose clock
    /// is off.
    pub clock_skew: jiff::SignedDuration,
}

/// The path prefix each site is served under.
pub fn base_path(site: Site) -> &'static str {
    match site {
        Site::Qoo10 => "/qoo10",
        Site::Gmarket | Site::Auction => "/esm",
        Site::Lotteon => "/lotteon",
        Site::Crossmall => "/crossmall",
        Site::Grip => "/grip",
    }
}

/// The status new paid orders start in, and the one confirmed orders are in.
pub fn new_and_confirmed(site: Site) -> (&'static str, &'static str) {
    match site {
        Site::Qoo10 => ("2", "3"),
        Site::Gmarket | Site::Auction => ("1", "2"),
        Site::Lotteon => ("11", "12"),
        Site::Crossmall => ("発送待機", "発送待機"),
        Site::Grip => ("1", "10"),
    }
}

fn token(rng: &mut StdRng, prefix: &str, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let body: String = (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{prefix}{body}")
}

impl World {
    /// A world from a seed: one shop per site, products, and `orders` carts per shop spread over
    /// the three days before `now`.
    pub fn new(seed: u64, orders: usize, now: jiff::Timestamp) -> World {
        let mut rng = StdRng::seed_from_u64(seed);
        let integrator = Integrator {
            esm_master_id: "shipdeck-master".into(),
            esm_secret_key: token(&mut rng, "esm-", 32),
            grip_service_id: "shipdeck".into(),
            qoo10_api_key: token(&mut rng, "q10api-", 24),
        };
        let mut world = World {
            shops: Vec::new(),
            integrator,
            faults: ALL_SITES.iter().map(|s| (*s, Faults::default())).collect(),
            rng,
            next_seq: 1,
            esm_last_order_call: BTreeMap::new(),
            requests: BTreeMap::new(),
            clock_skew: jiff::SignedDuration::ZERO,
        };
        for site in ALL_SITES {
            let shop = world.make_shop(site);
            world.shops.push(shop);
        }
        for i in 0..world.shops.len() {
            for _ in 0..orders {
                let back = world.rng.random_range(0..3 * 86_400 - 60);
                let at = now - jiff::SignedDuration::from_secs(back);
                world.add_cart(i, at);
            }
        }
        world
    }

    /// The sites' own time: this machine's clock plus the skew.
    pub fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
            .checked_add(self.clock_skew)
            .unwrap_or_else(|_| jiff::Timestamp::now())
    }

    fn seq(&mut self) -> u64 {
        let s = self.next_seq;
        self.next_seq += 1;
        s
    }

    fn make_shop(&mut self, site: Site) -> SimShop {
        let rng = &mut self.rng;
        let mut credentials = BTreeMap::new();
        let shop_id = format!("{}-seller", site.slug());
        match site {
            Site::Qoo10 => {
                credentials.insert("seller_key".into(), token(rng, "SAK-", 28));
                // Each seller's own QSM login (CreateCertificationKey issues that seller's key).
                credentials.insert("qsm_user_id".into(), token(rng, "qsm-", 8));
                credentials.insert("qsm_password".into(), token(rng, "pw-", 12));
            }
            Site::Gmarket | Site::Auction => {}
            Site::Lotteon => {
                credentials.insert("api_key".into(), token(rng, "lo-", 32));
                credentials.insert(
                    "account_number".into(),
                    format!("LO{:08}", rng.random_range(10_000_000..99_999_999)),
                );
            }
            Site::Crossmall => {
                credentials.insert(
                    "company_code".into(),
                    format!("{}", rng.random_range(10_000..99_999)),
                );
                credentials.insert("api_key".into(), token(rng, "cm", 32));
            }
            Site::Grip => {
                credentials.insert("access_key".into(), token(rng, "AK", 20));
                credentials.insert("secret_key".into(), token(rng, "SK", 40));
            }
        }
        let products = names::catalogue(site, rng);
        let phases = match site {
            Site::Crossmall => super::crossmall::default_phases(),
            _ => Vec::new(),
        };
        SimShop {
            site,
            shop_id,
            credentials,
            base_path: base_path(site).to_string(),
            products,
            orders: BTreeMap::new(),
            confirms: Vec::new(),
            shipments: Vec::new(),
            stock_updates: Vec::new(),
            writes: Vec::new(),
            rejected: 0,
            key_expired: false,
            phases,
        }
    }

    /// Adds a cart of 1–3 lines to shop `i` at `at`. Qoo10 and ESM number each line as its own
    /// order sharing the cart number; the others make one order with several lines.
    /// Returns the order numbers created.
    pub fn add_cart(&mut self, i: usize, at: jiff::Timestamp) -> Vec<String> {
        let site = self.shops[i].site;
        let korean = !matches!(site, Site::Qoo10 | Site::Crossmall);
        let buyer = names::person(korean, &mut self.rng);
        let receiver = if self.rng.random_bool(0.8) {
            buyer.clone()
        } else {
            names::person(korean, &mut self.rng)
        };
        let message = names::message(korean, &mut self.rng).to_string();
        let (new, confirmed) = new_and_confirmed(site);
        let status = if self.rng.random_bool(0.8) { new } else { confirmed };
        let n_lines = *[1, 1, 1, 2, 2, 3].get(self.rng.random_range(0..6)).unwrap_or(&1);
        let mut lines = Vec::new();
        for _ in 0..n_lines {
            let products = &self.shops[i].products;
            let p = self.rng.random_range(0..products.len());
            let option = (!products[p].options.is_empty())
                .then(|| self.rng.random_range(0..products[p].options.len()));
            let unit_price = products[p].price;
            let quantity = *[1, 1, 1, 2, 3].get(self.rng.random_range(0..5)).unwrap_or(&1);
            lines.push((p, option, quantity, unit_price));
        }
        // Paid up to two minutes after the order, but never in the simulated sites' future: an
        // order made "now" is paid now (sites that search by payment time must find it at once).
        let paid_at =
            (at + jiff::SignedDuration::from_secs(self.rng.random_range(0..120))).min(self.now().max(at));
        let cart_seq = self.seq();
        let mut created = Vec::new();
        let order = |order_no: String, cart_no: String, lines: Vec<SimLine>| SimOrder {
            order_no,
            cart_no,
            ordered_at: at,
            paid_at,
            buyer: buyer.clone(),
            receiver: receiver.clone(),
            message: message.clone(),
            lines,
            cancelled: false,
            tracking: None,
            phase: (site == Site::Crossmall).then(|| status.to_string()),
            delivery_date: None,
        };
        match site {
            Site::Qoo10 | Site::Gmarket | Site::Auction => {
                let cart_no = format!("{}", 700_000_000 + cart_seq);
                for (p, option, quantity, unit_price) in lines {
                    let no = format!("{}", 1_000_000_000 + self.seq());
                    let line = SimLine {
                        line_key: no.clone(),
                        product: p,
                        option,
                        quantity,
                        unit_price,
                        status: status.to_string(),
                    };
                    created.push(no.clone());
                    self.shops[i]
                        .orders
                        .insert(no.clone(), order(no, cart_no.clone(), vec![line]));
                }
            }
            Site::Lotteon | Site::Grip | Site::Crossmall => {
                let no = match site {
                    Site::Lotteon => format!("{}{:08}", at.strftime("%Y%m%d"), cart_seq),
                    _ => format!("{}", 50_000 + cart_seq),
                };
                let sim_lines = lines
                    .into_iter()
                    .enumerate()
                    .map(|(n, (p, option, quantity, unit_price))| SimLine {
                        line_key: match site {
                            Site::Lotteon => format!("{}-1", n + 1),
                            Site::Grip => format!("{}", 900_000 + cart_seq * 10 + n as u64),
                            _ => format!("{}", n + 1),
                        },
                        product: p,
                        option,
                        quantity,
                        unit_price,
                        status: status.to_string(),
                    })
                    .collect();
                created.push(no.clone());
                self.shops[i]
                    .orders
                    .insert(no.clone(), order(no, format!("{cart_seq}"), sim_lines));
            }
        }
        created
    }

    /// The index of the shop of `site` with `shop_id`.
    pub fn shop_index(&self, site: Site, shop_id: &str) -> Option<usize> {
        self.shops
            .iter()
            .position(|s| s.site == site && s.shop_id == shop_id)
    }

    /// Rolls a die: true with probability `p`.
    pub fn roll(&mut self, p: f64) -> bool {
        p > 0.0 && self.rng.random_bool(p.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_world() {
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let a = World::new(7, 20, now);
        let b = World::new(7, 20, now);
        let c = World::new(8, 20, now);
        let orders = |w: &World| {
            serde_json::to_string(&w.shops.iter().map(|s| &s.orders).collect::<Vec<_>>()).unwrap()
        };
        assert_eq!(orders(&a), orders(&b));
        assert_ne!(orders(&a), orders(&c));
        assert_eq!(a.shops.len(), 6);
        // Qoo10 and ESM: one order per line; the others hold several lines in some orders.
        assert!(a.shops[0].orders.values().all(|o| o.lines.len() == 1));
        let grip = a.shops.iter().find(|s| s.site == Site::Grip).unwrap();
        assert!(grip.orders.values().any(|o| o.lines.len() > 1));
        assert!(grip.orders.values().all(|o| o.ordered_at < now));
    }
}
