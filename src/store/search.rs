//! The search index: one entry per order, keyed by status | order time | shop | order no, holding
//! the text a filter searches. It is written in the same transaction as the order, so a whole
//! status tab is searched newest first by one reverse scan of a prefix, without decoding orders.

use sled::transaction::TransactionalTree;

use super::keys::{self, KeyBuf};
use super::orders::TxResult;
use super::{decode_in, Store, StoreError};
#[cfg(test)]
use crate::domain::{LineSku, ProductRef};
use crate::domain::{Order, OrderKey, ShopName, StatusKey};

pub use crate::domain::selection::{filter_text as search_text, sku_text};

/// `search` key: status | order time | shop | order no (a tab is one prefix, in time order).
pub fn search_key(o: &Order) -> Vec<u8> {
    KeyBuf::new()
        .u8(o.state.status_key().byte())
        .ts(o.ordered_at)
        .str(o.key.shop.as_str())
        .str(&o.key.order_no)
        .finish()
}

/// Writes an order's search entry, removing the one of the version it replaces.
pub(crate) fn write_entry(
    tree: &TransactionalTree,
    old: Option<&Order>,
    new: Option<(&[u8], &[u8])>,
) -> TxResult<()> {
    if let Some(old) = old {
        let k = search_key(old);
        if new.is_none_or(|(nk, _)| nk != k.as_slice()) {
            tree.remove(k)?;
        }
    }
    if let Some((k, v)) = new {
        tree.insert(k, v)?;
    }
    Ok(())
}

/// A filter as the dashboard types it: substring, smart case (a capital makes it case-sensitive).
#[derive(Debug, Clone)]
pub struct Needle {
    text: String,
    case_sensitive: bool,
}

impl Needle {
    /// A needle; an empty one matches everything.
    pub fn new(text: &str) -> Needle {
        Needle {
            text: text.to_string(),
            case_sensitive: text.chars().any(char::is_uppercase),
        }
    }

    /// True when `hay` holds the needle. `buf` is scratch space reused between calls.
    pub fn is_in(&self, hay: &str, buf: &mut String) -> bool {
        if self.text.is_empty() {
            return true;
        }
        if self.case_sensitive {
            return hay.contains(&self.text);
        }
        buf.clear();
        if hay.is_ascii() {
            // Same as `to_lowercase` for ASCII, without allocating.
            buf.extend(hay.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            buf.push_str(&hay.to_lowercase());
        }
        buf.contains(&self.text)
    }
}

/// What a search of one status tab asks for.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SearchQuery {
    /// The tab.
    pub status: StatusKey,
    /// One shop, or all.
    pub shop: Option<ShopName>,
    /// The filter text.
    pub needle: String,
    /// Matches at most: the search stops at this many.
    pub cap: u64,
}

/// The matches of a search, newest first, and how far it looked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SearchHits {
    /// The matching orders, newest first.
    pub orders: Vec<Order>,
    /// Orders looked at.
    pub scanned: u64,
    /// True when the search stopped at the cap.
    pub capped: bool,
}

/// How often (in entries) a search asks whether it is still wanted.
const CHECK_EVERY: u64 = 1024;

/// How often (in entries) the read-ahead of the index asks whether to go on.
const WARM_CHECK_EVERY: u64 = 256;

impl Store {
    /// Searches a status tab newest first for the needle, up to `q.cap` matches, reading only
    /// the search index (and the matching orders). Answers `None` when `go_on` turns false.
    pub fn search_orders(
        &self,
        q: &SearchQuery,
        go_on: &dyn Fn() -> bool,
    ) -> Result<Option<SearchHits>, StoreError> {
        let needle = Needle::new(&q.needle);
        let mut buf = String::new();
        let mut found: Vec<OrderKey> = Vec::new();
        let mut scanned = 0u64;
        let mut capped = false;
        for (visited, item) in self.search.scan_prefix([q.status.byte()]).rev().enumerate() {
            if visited as u64 % CHECK_EVERY == 0 && !go_on() {
                return Ok(None);
            }
            let (k, v) = item?;
            // The key is decoded only when it is needed: for a shop filter, or a match.
            let mut key = None;
            if let Some(shop) = &q.shop {
                let k = read_key(&k)?;
                if k.shop != *shop {
                    continue;
                }
                key = Some(k);
            }
            scanned += 1;
            if needle.is_in(&String::from_utf8_lossy(&v), &mut buf) {
                found.push(match key {
                    Some(k) => k,
                    None => read_key(&k)?,
                });
                if found.len() as u64 >= q.cap {
                    capped = true;
                    break;
                }
            }
        }
        let mut orders = Vec::with_capacity(found.len());
        for key in found {
            if let Some(v) = self.orders.get(keys::order(&key.shop, &key.order_no))? {
                orders.push(decode_in("orders", &v)?);
            }
        }
        Ok(Some(SearchHits {
            orders,
            scanned,
            capped,
        }))
    }

    /// Reads the whole search index once, newest first by tab as a search reads it, so that its
    /// pages are in sled's cache before the first search (the first search after opening a
    /// million orders took ~2.5× the later ones). Stops when `go_on` turns false; answers the
    /// entries read. `go_on` is asked every `WARM_CHECK_EVERY` entries (~0.3 ms of reading) and
    /// may wait (the dashboard holds it while keys are coming).
    pub fn warm_search_index(&self, go_on: &dyn Fn() -> bool) -> Result<u64, StoreError> {
        let mut read = 0u64;
        for item in self.search.iter().rev() {
            if read % WARM_CHECK_EVERY == 0 && !go_on() {
                break;
            }
            item?;
            read += 1;
        }
        Ok(read)
    }

    /// Builds the search index from the orders (the migration from schema version 1). Orders that
    /// cannot be read are left out (and counted in the answer); they are found by `verify`.
    pub(crate) fn build_search_index(&self) -> Result<u64, StoreError> {
        let mut batch = sled::Batch::default();
        let mut pending = 0usize;
        let mut unreadable = 0u64;
        for item in self.orders.iter() {
            let (_, v) = item?;
            let Ok(order) = decode_in::<Order>("orders", &v) else {
                unreadable += 1;
                continue;
            };
            batch.insert(search_key(&order), search_text(&order).into_bytes());
            pending += 1;
            if pending == 10_000 {
                self.search.apply_batch(std::mem::take(&mut batch))?;
                pending = 0;
            }
        }
        self.search.apply_batch(batch)?;
        self.wrote(self.search.len() as u64);
        Ok(unreadable)
    }
}

/// Reads a `search` key back into the order's key.
fn read_key(k: &[u8]) -> Result<OrderKey, StoreError> {
    let bad = |source| StoreError::Key {
        tree: "search",
        source,
    };
    let mut r = keys::KeyReader::new(k);
    r.u8().map_err(bad)?;
    r.ts().map_err(bad)?;
    let shop = r.str().map_err(bad)?;
    let order_no = r.str().map_err(bad)?;
    let shop = ShopName::new(&shop).map_err(|_| bad(keys::KeyError("shop name in search key is invalid")))?;
    Ok(OrderKey { shop, order_no })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::marketplace::SiteZone;
    use crate::domain::status::site_status;
    use crate::domain::{Money, OrderLine, OrderState, Party, Site, Stage};
    use crate::store::Change;

    fn order(i: i64, stage: Stage, name: &str) -> Order {
        let at = jiff::Timestamp::from_second(1_700_000_000 + i).unwrap();
        let money = Money {
            amount: 100,
            currency: crate::domain::marketplace::Currency::Jpy,
        };
        Order {
            key: OrderKey::new(
                ShopName::new(["tokyo", "osaka"][i as usize % 2]).unwrap(),
                format!("N{i:05}"),
            )
            .unwrap(),
            site: Site::Qoo10,
            cart_no: None,
            site_status: site_status(Site::Qoo10, "2"),
            state: OrderState::at(stage),
            ordered_at: at,
            paid_at: None,
            zone: SiteZone::Jst,
            buyer: Party {
                name: "Yamada Taro".into(),
                ..Party::default()
            },
            receiver: Party::default(),
            delivery_message: String::new(),
            lines: vec![OrderLine {
                line_key: "1".into(),
                site_status: site_status(Site::Qoo10, "2"),
                product: ProductRef::Code {
                    product_code: Some(format!("PC-{i}")),
                    option_code: Some("OPT-RED".into()),
                },
                product_name: name.into(),
                option_name: "Red".into(),
                quantity: 1,
                unit_price: money,
                amount: money,
                sku: LineSku::Unresolved,
            }],
            tracking: None,
            pushes: Vec::new(),
            collected_at: at,
            updated_at: at,
        }
    }

    fn search(store: &Store, status: StatusKey, needle: &str) -> SearchHits {
        let q = SearchQuery {
            status,
            shop: None,
            needle: needle.into(),
            cap: 100,
        };
        store.search_orders(&q, &|| true).unwrap().unwrap()
    }

    fn nos(h: &SearchHits) -> Vec<String> {
        h.orders.iter().map(|o| o.key.order_no.clone()).collect()
    }

    #[test]
    fn reading_the_index_ahead_reads_every_entry_and_stops_when_asked() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let mut orders: Vec<Order> = (0..1500).map(|i| order(i, Stage::Collected, "Lamp")).collect();
        orders.extend((1500..3000).map(|i| order(i, Stage::Confirmed, "Lamp")));
        store
            .apply(&Change {
                orders,
                ..Change::default()
            })
            .unwrap();
        assert_eq!(store.warm_search_index(&|| true).unwrap(), 3000);
        // Asked every WARM_CHECK_EVERY entries whether to go on: stopped at the second ask.
        let asks = std::cell::Cell::new(0);
        let read = store
            .warm_search_index(&|| {
                asks.set(asks.get() + 1);
                asks.get() < 2
            })
            .unwrap();
        assert_eq!(read, WARM_CHECK_EVERY);
        // Searches answer the same after it.
        assert_eq!(search(&store, StatusKey::Confirmed, "no such text").scanned, 1500);
        assert_eq!(nos(&search(&store, StatusKey::Confirmed, "N02999")), ["N02999"]);
    }

    #[test]
    fn the_index_follows_every_write_and_answers_newest_first() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let orders: Vec<Order> = (0..6).map(|i| order(i, Stage::Collected, "Zebra lamp")).collect();
        store
            .apply(&Change {
                orders: orders.clone(),
                ..Change::default()
            })
            .unwrap();
        let h = search(&store, StatusKey::Collected, "zebra");
        assert_eq!(
            nos(&h),
            ["N00005", "N00004", "N00003", "N00002", "N00001", "N00000"]
        );
        assert_eq!(h.scanned, 6);
        // Codes, option names and the buyer are searched too.
        assert_eq!(nos(&search(&store, StatusKey::Collected, "pc-3")), ["N00003"]);
        assert_eq!(search(&store, StatusKey::Collected, "opt-red").orders.len(), 6);
        assert_eq!(search(&store, StatusKey::Collected, "yamada").orders.len(), 6);
        // A status change moves the entry to the other tab; a rename changes its text.
        let mut moved = orders[2].clone();
        moved.state = OrderState::at(Stage::Confirmed);
        moved.lines[0].product_name = "Quokka mug".into();
        store.put_order(&moved).unwrap();
        assert_eq!(nos(&search(&store, StatusKey::Confirmed, "quokka")), ["N00002"]);
        assert!(search(&store, StatusKey::Collected, "quokka").orders.is_empty());
        assert_eq!(search(&store, StatusKey::Collected, "zebra").orders.len(), 5);
        store.delete_order(&orders[4].key).unwrap();
        assert_eq!(
            nos(&search(&store, StatusKey::Collected, "zebra")),
            ["N00005", "N00003", "N00001", "N00000"]
        );
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
        // The cap stops the search; a search no longer wanted answers nothing.
        let capped = store
            .search_orders(
                &SearchQuery {
                    status: StatusKey::Collected,
                    shop: Some(ShopName::new("tokyo").unwrap()),
                    needle: "lamp".into(),
                    cap: 1,
                },
                &|| true,
            )
            .unwrap()
            .unwrap();
        assert_eq!((nos(&capped), capped.capped), (vec!["N00000".to_string()], true));
        let many: Vec<Order> = (10..3000).map(|i| order(i, Stage::Collected, "x")).collect();
        store
            .apply(&Change {
                orders: many,
                ..Change::default()
            })
            .unwrap();
        assert!(store
            .search_orders(
                &SearchQuery {
                    status: StatusKey::Collected,
                    shop: None,
                    needle: "nothing".into(),
                    cap: 10,
                },
                &|| false
            )
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_version_1_database_gets_its_search_index_at_the_next_open() {
        let tmp = tempfile::tempdir().unwrap();
        {
            let store = Store::open(tmp.path()).unwrap();
            let orders: Vec<Order> = (0..50)
                .map(|i| order(i, Stage::Collected, "Zebra lamp"))
                .collect();
            store
                .apply(&Change {
                    orders,
                    ..Change::default()
                })
                .unwrap();
            // As a version-1 database: no search tree, version 1 recorded.
            store.search.clear().unwrap();
            store.set_schema_version(1).unwrap();
            store.flush().unwrap();
            assert!(!store.verify().unwrap().is_empty(), "the index is gone");
        }
        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::store::SCHEMA_VERSION);
        assert_eq!(store.verify().unwrap(), Vec::<String>::new());
        let h = search(&store, StatusKey::Collected, "zebra");
        assert_eq!(h.orders.len(), 50);
        assert_eq!(h.orders[0].key.order_no, "N00049");
    }

    #[test]
    fn smart_case_matches_like_the_dashboard_filter() {
        let mut buf = String::new();
        let hay = "N0001 qoo10 tokyo Zebra lamp ＡＢＣ Ärger";
        assert!(Needle::new("zebra").is_in(hay, &mut buf));
        assert!(Needle::new("Zebra").is_in(hay, &mut buf));
        assert!(!Needle::new("ZEBRA").is_in(hay, &mut buf));
        // Non-ASCII letters fold too: full-width Latin and umlauts.
        assert!(Needle::new("ａｂｃ").is_in(hay, &mut buf));
        assert!(Needle::new("ärger").is_in(hay, &mut buf));
        assert!(!Needle::new("ärgerlich").is_in(hay, &mut buf));
        assert!(Needle::new("").is_in(hay, &mut buf));
        assert!(Needle::new("n0001 qoo").is_in("N0001 qoo10", &mut buf));
    }
}
