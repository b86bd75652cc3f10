//! Orders chosen by a query instead of one by one: a status tab and a filter, minus exceptions.
//! The dashboard's "mark all" is one, and the engine confirms one by scanning the store, so the
//! two must agree on what a filter matches: both use `filter_text` and `filter_matches`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{LineSku, Order, OrderKey, ProductRef, StatusKey};

/// Smart-case substring match: case-insensitive unless the needle has a capital.
pub fn filter_matches(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.chars().any(char::is_uppercase) {
        hay.contains(needle)
    } else {
        hay.to_lowercase().contains(needle)
    }
    // (the store's `search::Needle` is the same rule without allocating per order)
}

/// The SKU state of an order as the dashboard shows it: `ok`, `2 unmapped` or `pending`.
pub fn sku_text(o: &Order) -> String {
    let unmapped = o.lines.iter().filter(|l| l.sku == LineSku::Unmapped).count();
    let unresolved = o.lines.iter().filter(|l| l.sku == LineSku::Unresolved).count();
    if unmapped > 0 {
        format!("{unmapped} unmapped")
    } else if unresolved > 0 {
        "pending".to_string()
    } else {
        "ok".to_string()
    }
}

/// The text a filter searches for an order: order no, site, shop, time with its zone, status,
/// SKU state, then each line's product name, option name and codes, the buyer's name and our
/// tracking number.
pub fn filter_text(o: &Order) -> String {
    let mut hay = format!(
        "{} {} {} {} {} {}",
        o.key.order_no,
        o.site.slug(),
        o.key.shop,
        o.ordered_at_display(),
        o.state,
        sku_text(o)
    );
    let mut add = |s: &str| {
        if !s.is_empty() {
            hay.push(' ');
            hay.push_str(s);
        }
    };
    for l in &o.lines {
        add(&l.product_name);
    }
    for l in &o.lines {
        add(&l.option_name);
        match &l.product {
            ProductRef::Code {
                product_code,
                option_code,
            } => {
                add(product_code.as_deref().unwrap_or(""));
                add(option_code.as_deref().unwrap_or(""));
            }
            ProductRef::Crossmall {
                item_code,
                option_text,
                ..
            } => {
                add(item_code);
                add(option_text);
            }
        }
    }
    add(&o.buyer.name);
    if let Some(t) = &o.tracking {
        add(t.number.as_str());
    }
    hay
}

/// Every order of a status tab that a filter matches, except some.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSelection {
    /// The status tab.
    pub status: StatusKey,
    /// The filter ("" = every order of the tab).
    pub filter: String,
    /// Orders left out (unmarked one by one after "mark all").
    pub except: BTreeSet<OrderKey>,
}

impl OrderSelection {
    /// Every order of `status` matching `filter`.
    pub fn new(status: StatusKey, filter: impl Into<String>) -> OrderSelection {
        OrderSelection {
            status,
            filter: filter.into(),
            except: BTreeSet::new(),
        }
    }

    /// True when the selection holds an order of this key, tab and filter text.
    pub fn holds(&self, key: &OrderKey, status: StatusKey, hay: &str) -> bool {
        status == self.status && !self.except.contains(key) && filter_matches(hay, &self.filter)
    }

    /// True when the selection holds the order.
    pub fn matches(&self, o: &Order) -> bool {
        o.state.status_key() == self.status
            && !self.except.contains(&o.key)
            && (self.filter.is_empty() || filter_matches(&filter_text(o), &self.filter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        assert!(filter_matches("Qoo10 ABC", "abc"));
        assert!(filter_matches("Qoo10 ABC", "ABC"));
        assert!(!filter_matches("Qoo10 abc", "ABC"));
        assert!(filter_matches("anything", ""));
    }

    #[test]
    fn exceptions_and_other_tabs_are_not_held() {
        let key: OrderKey = "grip-a/1".parse().unwrap();
        let mut s = OrderSelection::new(StatusKey::Collected, "grip");
        assert!(s.holds(&key, StatusKey::Collected, "1 grip grip-a"));
        assert!(!s.holds(&key, StatusKey::Confirmed, "1 grip grip-a"));
        assert!(!s.holds(&key, StatusKey::Collected, "1 qoo10 qoo10-a"));
        s.except.insert(key.clone());
        assert!(!s.holds(&key, StatusKey::Collected, "1 grip grip-a"));
    }
}
