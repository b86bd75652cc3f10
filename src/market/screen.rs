//! The one gate every adapter's results pass through ([`adapter_for`](super::adapter_for) wraps
//! each adapter in [`Screened`]): identifiers from a site are checked before anything can key a
//! record on them, and control characters are removed from the site's text (names, addresses,
//! messages, error bodies) before it is kept, logged or shown.

use std::sync::Mutex;

use super::{
    ConfirmItem, ConnectionReport, LineResult, MarketError, Marketplace, ProductInfo, Renewal, SellerLogin,
    Shipment, SiteOrder, StockResult, StockUpdate, Window,
};
use crate::domain::mapping::SiteCode;
use crate::domain::text::{check_code, check_id, clean_in_place, escape, MAX_ID_CHARS};
use crate::domain::{OrderLine, Party, ProductRef, Site};

/// Checks every identifier of a site order: the order number, cart number, line keys and the
/// codes lines map by. The first fault found is the error, naming the field and the raw value.
pub fn check_order(o: &SiteOrder) -> Result<(), String> {
    check_id("order number", &o.order_no, MAX_ID_CHARS)?;
    if let Some(cart) = o.cart_no.as_deref().filter(|c| !c.is_empty()) {
        check_id("cart number", cart, MAX_ID_CHARS)?;
    }
    for line in &o.lines {
        check_id("line key", &line.line_key, MAX_ID_CHARS)?;
        match &line.product {
            ProductRef::Code {
                product_code,
                option_code,
            } => {
                check_code("product code", product_code.as_deref().unwrap_or_default())?;
                check_code("option code", option_code.as_deref().unwrap_or_default())?;
            }
            ProductRef::Crossmall { item_code, .. } => check_code("item code", item_code)?,
        }
    }
    Ok(())
}

fn clean_party(p: &mut Party) {
    clean_in_place(&mut p.name);
    clean_in_place(&mut p.phone);
    clean_in_place(&mut p.postal_code);
    clean_in_place(&mut p.address);
}

fn clean_line(l: &mut OrderLine) {
    clean_in_place(&mut l.site_status.code);
    clean_in_place(&mut l.site_status.name);
    clean_in_place(&mut l.product_name);
    clean_in_place(&mut l.option_name);
    if let ProductRef::Crossmall {
        item_name,
        option_text,
        ..
    } = &mut l.product
    {
        clean_in_place(item_name);
        clean_in_place(option_text);
    }
}

/// Removes control characters from every free-text field of a site order (identifiers are
/// checked by [`check_order`], not changed).
pub fn clean_order(mut o: SiteOrder) -> SiteOrder {
    clean_in_place(&mut o.site_status.code);
    clean_in_place(&mut o.site_status.name);
    clean_party(&mut o.buyer);
    clean_party(&mut o.receiver);
    clean_in_place(&mut o.delivery_message);
    o.lines.iter_mut().for_each(clean_line);
    if let Some(t) = &mut o.tracking {
        clean_in_place(&mut t.carrier);
        clean_in_place(&mut t.number);
    }
    o
}

/// The order checked and cleaned, or the malformed-answer error for it: the message names the
/// field and quotes its raw value escaped; `raw` holds the row's identifiers escaped.
pub fn screen_order(o: SiteOrder) -> Result<SiteOrder, MarketError> {
    match check_order(&o) {
        Ok(()) => Ok(clean_order(o)),
        Err(why) => {
            let lines: Vec<String> = o
                .lines
                .iter()
                .map(|l| format!("{:?}", escape(&l.line_key)))
                .collect();
            Err(MarketError::Malformed {
                message: format!("order `{}` refused: {why}", escape(&o.order_no)),
                raw: format!(
                    "order_no={:?} cart_no={:?} lines=[{}]",
                    escape(&o.order_no),
                    o.cart_no.as_deref().map(escape),
                    lines.join(", ")
                ),
            })
        }
    }
}

/// Removes control characters from an error's text; a malformed answer's raw body is escaped
/// instead, so what the site sent can still be read in the log.
pub fn clean_error(e: MarketError) -> MarketError {
    let c = |mut s: String| {
        clean_in_place(&mut s);
        s
    };
    match e {
        MarketError::Auth { message } => MarketError::Auth { message: c(message) },
        MarketError::KeyExpired { message } => MarketError::KeyExpired { message: c(message) },
        MarketError::RateLimited { retry_after, message } => MarketError::RateLimited {
            retry_after,
            message: c(message),
        },
        MarketError::Transient { message } => MarketError::Transient { message: c(message) },
        MarketError::Permanent { message } => MarketError::Permanent { message: c(message) },
        MarketError::Malformed { message, raw } => MarketError::Malformed {
            message: c(message),
            raw: escape(&raw),
        },
        MarketError::Config { message } => MarketError::Config { message: c(message) },
        MarketError::Unsupported { site, what } => MarketError::Unsupported {
            site: c(site),
            what: c(what),
        },
    }
}

/// One order per order number and one line per line key, whatever the answer repeated: the
/// later copy wins (it is the more recent state).
pub fn dedupe(orders: Vec<SiteOrder>) -> Vec<SiteOrder> {
    let mut out: Vec<SiteOrder> = Vec::with_capacity(orders.len());
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for mut o in orders {
        let mut lines: Vec<OrderLine> = Vec::with_capacity(o.lines.len());
        for l in std::mem::take(&mut o.lines) {
            match lines.iter_mut().find(|x| x.line_key == l.line_key) {
                Some(x) => *x = l,
                None => lines.push(l),
            }
        }
        o.lines = lines;
        match at.get(&o.order_no) {
            Some(&i) => {
                tracing::debug!(order = %o.order_no, "the site listed an order twice; keeping the later copy");
                out[i] = o;
            }
            None => {
                at.insert(o.order_no.clone(), out.len());
                out.push(o);
            }
        }
    }
    out
}

fn clean_outcome(outcome: &mut Result<(), String>) {
    if let Err(m) = outcome {
        clean_in_place(m);
    }
}

fn check_product(p: &ProductInfo) -> Result<(), String> {
    check_code("product id", &p.product_id)?;
    check_code("option id", p.option_id.as_deref().unwrap_or_default())?;
    match &p.code {
        SiteCode::Product { code } | SiteCode::Option { code } => check_code("code", code),
        SiteCode::Crossmall { item_code, .. } => check_code("item code", item_code),
    }
}

/// An adapter behind the gate: every result checked and cleaned, every error cleaned. Orders and
/// products refused by the checks are left out of the answer and kept for [`Marketplace::take_rejected`].
pub struct Screened {
    inner: Box<dyn Marketplace>,
    rejected: Mutex<Vec<MarketError>>,
}

impl Screened {
    /// The orders that pass the gate, once each; the refused ones are kept for the pull's report.
    fn screen_all(&self, orders: Vec<SiteOrder>) -> Vec<SiteOrder> {
        let mut good: Vec<SiteOrder> = Vec::with_capacity(orders.len());
        for o in orders {
            match screen_order(o) {
                Ok(o) => good.push(o),
                Err(e) => self.reject(e),
            }
        }
        dedupe(good)
    }

    /// Wraps an adapter.
    pub fn new(inner: Box<dyn Marketplace>) -> Screened {
        Screened {
            inner,
            rejected: Mutex::new(Vec::new()),
        }
    }

    fn reject(&self, e: MarketError) {
        tracing::warn!(site = %self.inner.site(), error = %e, raw = %match &e {
            MarketError::Malformed { raw, .. } => raw.as_str(),
            _ => "",
        }, "refused a row of a site answer");
        self.rejected.lock().unwrap_or_else(|p| p.into_inner()).push(e);
    }
}

#[async_trait::async_trait]
impl Marketplace for Screened {
    fn site(&self) -> Site {
        self.inner.site()
    }

    fn reports_tracking(&self) -> bool {
        self.inner.reports_tracking()
    }

    fn take_rejected(&self) -> Vec<MarketError> {
        std::mem::take(&mut *self.rejected.lock().unwrap_or_else(|p| p.into_inner()))
    }

    async fn test_connection(&self) -> Result<ConnectionReport, MarketError> {
        let mut r = self.inner.test_connection().await.map_err(clean_error)?;
        clean_in_place(&mut r.message);
        for step in &mut r.steps {
            clean_in_place(&mut step.name);
            clean_in_place(&mut step.answer);
        }
        Ok(r)
    }

    async fn list_orders(&self, window: Window) -> Result<Vec<SiteOrder>, MarketError> {
        let orders = self.inner.list_orders(window).await.map_err(clean_error)?;
        Ok(self.screen_all(orders))
    }

    async fn find_orders(&self, wanted: &[(String, jiff::Timestamp)]) -> Result<Vec<SiteOrder>, MarketError> {
        // Through the same gate as a listing; a refused row is reported, and its order is then
        // read alone by the caller like any order the listing did not find.
        let orders = self.inner.find_orders(wanted).await.map_err(clean_error)?;
        Ok(self.screen_all(orders))
    }

    async fn get_order(
        &self,
        order_no: &str,
        ordered_at: Option<jiff::Timestamp>,
    ) -> Result<Option<SiteOrder>, MarketError> {
        self.inner
            .get_order(order_no, ordered_at)
            .await
            .map_err(clean_error)?
            .map(screen_order)
            .transpose()
    }

    async fn confirm(&self, items: &[ConfirmItem]) -> Result<Vec<LineResult>, MarketError> {
        let mut results = self.inner.confirm(items).await.map_err(clean_error)?;
        results.iter_mut().for_each(|r| clean_outcome(&mut r.outcome));
        Ok(results)
    }

    async fn ship(&self, shipments: &[Shipment]) -> Result<Vec<LineResult>, MarketError> {
        let mut results = self.inner.ship(shipments).await.map_err(clean_error)?;
        results.iter_mut().for_each(|r| clean_outcome(&mut r.outcome));
        Ok(results)
    }

    async fn update_stock(&self, updates: &[StockUpdate]) -> Result<Vec<StockResult>, MarketError> {
        let mut results = self.inner.update_stock(updates).await.map_err(clean_error)?;
        results.iter_mut().for_each(|r| clean_outcome(&mut r.outcome));
        Ok(results)
    }

    async fn list_products(&self) -> Result<Vec<ProductInfo>, MarketError> {
        let products = self.inner.list_products().await.map_err(clean_error)?;
        let mut good = Vec::with_capacity(products.len());
        for mut p in products {
            match check_product(&p) {
                Ok(()) => {
                    clean_in_place(&mut p.name);
                    if let Some(o) = &mut p.option_name {
                        clean_in_place(o);
                    }
                    good.push(p);
                }
                Err(why) => self.reject(MarketError::Malformed {
                    message: format!("product `{}` refused: {why}", escape(&p.product_id)),
                    raw: format!("{:?}", escape(&format!("{:?}", p.code))),
                }),
            }
        }
        Ok(good)
    }

    async fn renew_credentials(&self, login: Option<&SellerLogin>) -> Result<Renewal, MarketError> {
        self.inner.renew_credentials(login).await.map_err(clean_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::marketplace::Currency;
    use crate::domain::status::site_status;
    use crate::domain::{LineSku, Money};

    fn order(no: &str, line: &str, name: &str) -> SiteOrder {
        let money = Money {
            amount: 100,
            currency: Currency::Jpy,
        };
        SiteOrder {
            order_no: no.into(),
            cart_no: None,
            site_status: site_status(Site::Qoo10, "2"),
            ordered_at: jiff::Timestamp::UNIX_EPOCH,
            paid_at: None,
            buyer: Party {
                name: name.into(),
                ..Party::default()
            },
            receiver: Party::default(),
            delivery_message: format!("leave at door{name}"),
            lines: vec![OrderLine {
                line_key: line.into(),
                site_status: site_status(Site::Qoo10, "2"),
                product: ProductRef::Code {
                    product_code: Some("P-1".into()),
                    option_code: None,
                },
                product_name: name.into(),
                option_name: String::new(),
                quantity: 1,
                unit_price: money,
                amount: money,
                sku: LineSku::Unresolved,
            }],
            cancelled: false,
            tracking: None,
        }
    }

    #[test]
    fn a_bad_identifier_is_a_malformed_error_quoting_the_raw_value() {
        let e = screen_order(order("12\t34", "1", "x")).unwrap_err();
        let MarketError::Malformed { message, raw } = &e else {
            panic!("{e:?}")
        };
        assert!(message.contains("order number `12\\t34`"), "{message}");
        assert!(raw.contains("12\\\\t34"), "{raw}");
        assert!(screen_order(order("", "1", "x")).is_err());
        assert!(screen_order(order("1", "a\u{1b}b", "x")).is_err());
        assert!(screen_order(order(&"1".repeat(65), "1", "x")).is_err());
    }

    #[test]
    fn free_text_is_cleaned_and_identifiers_kept() {
        let o = screen_order(order("1234", "1", "\u{1b}]0;pwned\u{7}Taro")).unwrap();
        assert_eq!(o.order_no, "1234");
        assert_eq!(o.buyer.name, "]0;pwnedTaro");
        assert_eq!(o.lines[0].product_name, "]0;pwnedTaro");
        assert!(!o.delivery_message.chars().any(crate::domain::text::is_unsafe));
    }

    #[test]
    fn repeated_orders_and_lines_are_kept_once_the_later_copy_winning() {
        let mut a = order("1", "1", "first");
        a.lines.push(a.lines[0].clone());
        let b = order("2", "1", "x");
        let a2 = order("1", "1", "second");
        let out = dedupe(vec![a, b, a2]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].order_no, "1");
        assert_eq!(out[0].buyer.name, "second");
        assert_eq!(out[0].lines.len(), 1);
        let single = dedupe(vec![{
            let mut o = order("3", "1", "x");
            o.lines.push(o.lines[0].clone());
            o
        }]);
        assert_eq!(single[0].lines.len(), 1);
    }

    #[test]
    fn errors_are_cleaned_and_raw_bodies_escaped() {
        let e = clean_error(MarketError::Malformed {
            message: "bad \u{1b}[2J".into(),
            raw: "<x>\u{1b}]0;t\u{7}</x>".into(),
        });
        assert_eq!(
            e,
            MarketError::Malformed {
                message: "bad [2J".into(),
                raw: "<x>\\u{1b}]0;t\\u{7}</x>".into()
            }
        );
    }
}
