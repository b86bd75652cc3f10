//! The link's messages: a hello and its answer, then requests with ids, replies to them, and
//! events. Requests mirror [`crate::engine::EngineHandle`]; none carries a path of the client's
//! filesystem (a SKU import sends the file's bytes, an export returns them).
//!
//! None of these types implements `Debug`: a frame may hold a credential in clear (see
//! [`Exposed`]) and must never reach a log.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::catalogue::{ExportReport, ImportReport, TextEncoding};
use crate::domain::mapping::Suggestion;
use crate::domain::shop::{ShopEdit, ShopSpec, ShopView};
use crate::domain::{Push, Secret, ShopName};
use crate::engine::supervisor::Drained;
use crate::engine::{ClientDetail, Command, CommandResult, EngineError, EngineStatus, Event, Role};
use crate::market::SellerLogin;
use crate::store::audit::{AuditEntry, AuditQuery};
use crate::store::{MismatchRow, OrderPage, OrderQuery};
use crate::store::{SearchHits, SearchQuery};

/// The protocol's version; both sides must speak the same.
pub const VERSION: u32 = 1;

/// A value whose secrets are serialized in clear — only ever inside a link frame.
pub struct Exposed<T>(pub T);

impl<T: Serialize> Serialize for Exposed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::domain::secret::with_exposed(|| self.0.serialize(s))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Exposed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Exposed)
    }
}

/// Bytes as base64 text inside the JSON frame.
mod b64 {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(b))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}

/// One file's bytes.
#[derive(Serialize, Deserialize)]
pub struct FileBytes(#[serde(with = "b64")] pub Vec<u8>);

/// The first frame of a client.
#[derive(Serialize, Deserialize)]
pub struct Hello {
    /// [`VERSION`].
    pub version: u32,
    /// What the client says about where it runs (labelled as such in the audit trail).
    pub client: ClientDetail,
}

/// Who the engine took the client for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    /// The role.
    pub role: Role,
    /// `name (uid N)`.
    pub actor: String,
    /// The uid from the kernel.
    pub uid: u32,
    /// The database the engine serves (a client that found the engine at the default socket
    /// checks it is the one it means).
    #[serde(default)]
    pub data_dir: Option<String>,
}

/// The engine's answer to a hello.
#[derive(Serialize, Deserialize)]
pub struct Welcome {
    /// [`VERSION`].
    pub version: u32,
    /// The session, or why the client is refused.
    pub session: Result<Session, String>,
}

/// A shop's fields, credentials included (as [`ShopSpec`]).
#[derive(Serialize, Deserialize)]
pub struct WireShopSpec {
    name: String,
    site: String,
    shop_id: String,
    api_base: Option<String>,
    fields: BTreeMap<String, String>,
    options: BTreeMap<String, bool>,
}

impl From<ShopSpec> for WireShopSpec {
    fn from(s: ShopSpec) -> Self {
        WireShopSpec {
            name: s.name,
            site: s.site,
            shop_id: s.shop_id,
            api_base: s.api_base,
            fields: s.fields,
            options: s.options,
        }
    }
}

impl From<WireShopSpec> for ShopSpec {
    fn from(s: WireShopSpec) -> Self {
        ShopSpec {
            name: s.name,
            site: s.site,
            shop_id: s.shop_id,
            api_base: s.api_base,
            fields: s.fields,
            options: s.options,
        }
    }
}

/// A shop edit, credentials included (as [`ShopEdit`]).
#[derive(Serialize, Deserialize)]
pub struct WireShopEdit {
    fields: BTreeMap<String, String>,
    options: BTreeMap<String, bool>,
    api_base: Option<Option<String>>,
    interval_minutes: Option<u32>,
}

impl From<ShopEdit> for WireShopEdit {
    fn from(e: ShopEdit) -> Self {
        WireShopEdit {
            fields: e.fields,
            options: e.options,
            api_base: e.api_base,
            interval_minutes: e.interval_minutes,
        }
    }
}

impl From<WireShopEdit> for ShopEdit {
    fn from(e: WireShopEdit) -> Self {
        ShopEdit {
            fields: e.fields,
            options: e.options,
            api_base: e.api_base,
            interval_minutes: e.interval_minutes,
        }
    }
}

/// A seller's login for a key renewal (the password in clear inside [`Exposed`] only).
#[derive(Serialize, Deserialize)]
pub struct WireLogin {
    user_id: String,
    password: Secret,
}

impl From<SellerLogin> for WireLogin {
    fn from(l: SellerLogin) -> Self {
        WireLogin {
            user_id: l.user_id,
            password: l.password,
        }
    }
}

impl From<WireLogin> for SellerLogin {
    fn from(l: WireLogin) -> Self {
        SellerLogin {
            user_id: l.user_id,
            password: l.password,
        }
    }
}

/// What a client asks.
#[derive(Serialize, Deserialize)]
#[serde(tag = "request", rename_all = "snake_case")]
pub enum Request {
    /// A command without credentials or paths (the others have their own requests).
    Execute {
        /// The command.
        command: Command,
    },
    /// Register a shop.
    AddShop {
        /// Its fields.
        spec: Exposed<WireShopSpec>,
    },
    /// Change a shop.
    EditShop {
        /// The shop.
        shop: ShopName,
        /// The changes.
        edit: Exposed<WireShopEdit>,
    },
    /// Have the site issue a new seller key.
    RenewShopKey {
        /// The shop.
        shop: ShopName,
        /// The seller's login, when the site needs one.
        login: Option<Exposed<WireLogin>>,
    },
    /// Import a SKU file the client read.
    ImportSkus {
        /// The file's name as the client knows it (for the report; its extension helps).
        name: String,
        /// Its bytes.
        bytes: FileBytes,
        /// Force the CSV text encoding.
        encoding: Option<TextEncoding>,
        /// Check only.
        dry_run: bool,
    },
    /// Export the catalogue; the client writes the files.
    ExportSkus {
        /// The file name (its extension picks the format).
        name: String,
    },
    /// A page of orders.
    Orders {
        /// Which.
        query: OrderQuery,
    },
    /// A status tab's orders that a filter matches, newest first, through the search index.
    SearchOrders {
        /// Which tab, the filter and the cap.
        query: SearchQuery,
    },
    /// Why a command naming unknown orders or pushes would be refused, if it would.
    UnknownItems {
        /// The command, not run.
        command: Command,
    },
    /// How many orders a selection (plus `keys`) holds, per site and shop.
    CountSelection {
        /// The selection (a query plus exceptions).
        selection: crate::domain::selection::OrderSelection,
        /// Orders marked one by one.
        keys: Vec<crate::domain::OrderKey>,
    },
    /// A page of open mismatch lines.
    Mismatches {
        /// First row.
        offset: usize,
        /// At most this many.
        limit: usize,
    },
    /// Near-miss candidates of a mismatch line.
    Suggestions {
        /// The line.
        row: MismatchRow,
        /// At most this many.
        limit: usize,
    },
    /// Pushes, newest first.
    Pushes {
        /// Only this state.
        state: Option<String>,
        /// First row.
        offset: usize,
        /// At most this many.
        limit: usize,
    },
    /// The shops.
    Shops,
    /// The engine at a glance.
    Status,
    /// Wait up to `wait_ms` for the outbox to empty; what it sent meanwhile.
    Drain {
        /// Milliseconds.
        wait_ms: u64,
    },
    /// Audit entries.
    Audit {
        /// Which.
        query: AuditQuery,
    },
    /// Start the stream of events to this client.
    Subscribe,
}

impl Request {
    /// The request's name, for logs (never its content).
    pub fn name(&self) -> &'static str {
        match self {
            Request::Execute { command } => command.action(),
            Request::AddShop { .. } => "shops.add",
            Request::EditShop { .. } => "shops.edit",
            Request::RenewShopKey { .. } => "shops.renew_key",
            Request::ImportSkus { .. } => "skus.import",
            Request::ExportSkus { .. } => "skus.export",
            Request::Orders { .. } => "orders",
            Request::SearchOrders { .. } => "search",
            Request::CountSelection { .. } => "count_selection",
            Request::UnknownItems { .. } => "unknown_items",
            Request::Mismatches { .. } => "mismatches",
            Request::Suggestions { .. } => "suggestions",
            Request::Pushes { .. } => "pushes",
            Request::Shops => "shops",
            Request::Status => "status",
            Request::Drain { .. } => "drain",
            Request::Audit { .. } => "audit",
            Request::Subscribe => "subscribe",
        }
    }
}

/// A request with its id.
#[derive(Serialize, Deserialize)]
pub struct ClientMsg {
    /// Chosen by the client, echoed in the reply.
    pub id: u64,
    /// The request.
    pub request: Request,
}

/// What the engine answers.
#[derive(Serialize, Deserialize)]
#[serde(tag = "response", rename_all = "snake_case")]
pub enum Response {
    /// A command ran.
    Command {
        /// Its result.
        result: CommandResult,
    },
    /// A SKU file was checked (and applied).
    Imported {
        /// The report.
        report: ImportReport,
    },
    /// The catalogue was exported.
    Exported {
        /// The report (file names are the engine's; the client puts its own).
        report: ExportReport,
        /// The main file, then the mismatches file of a CSV export.
        files: Vec<FileBytes>,
    },
    /// A page of orders.
    Orders {
        /// The page.
        page: OrderPage,
    },
    /// A search's matches.
    Search {
        /// The matches.
        hits: SearchHits,
    },
    /// Why the command would be refused (`None`: every item it names exists).
    Unknown {
        /// The refusal.
        why: Option<String>,
    },
    /// A selection's counts per site and shop.
    Counts {
        /// (site, shop, orders).
        counts: crate::engine::bulk::SelectionCounts,
    },
    /// Mismatch lines.
    Mismatches {
        /// The rows.
        rows: Vec<MismatchRow>,
    },
    /// Suggestions.
    Suggestions {
        /// The candidates.
        suggestions: Vec<Suggestion>,
    },
    /// Pushes.
    Pushes {
        /// The pushes.
        pushes: Vec<Push>,
    },
    /// Shops.
    Shops {
        /// The shops, as shown.
        shops: Vec<ShopView>,
    },
    /// The status.
    Status {
        /// It.
        status: EngineStatus,
    },
    /// The outbox waited on.
    Drained {
        /// What it did.
        drained: Drained,
    },
    /// Audit entries, newest first.
    Audit {
        /// The entries.
        entries: Vec<AuditEntry>,
    },
    /// Events follow.
    Subscribed,
}

/// Why a request failed, in the engine's terms.
#[derive(Clone, Serialize, Deserialize)]
#[serde(tag = "kind", content = "message", rename_all = "snake_case")]
pub enum WireError {
    /// The request is wrong.
    Invalid(String),
    /// The caller's role does not allow it.
    Forbidden(String),
    /// It failed.
    Failed(String),
}

impl From<EngineError> for WireError {
    fn from(e: EngineError) -> Self {
        match e {
            EngineError::Invalid(m) => WireError::Invalid(m),
            EngineError::Forbidden(m) => WireError::Forbidden(m),
            // A request that conflicts with what is stored (a shop name taken) is bad input.
            EngineError::Store(e @ crate::store::StoreError::Conflict(_)) => {
                WireError::Invalid(e.to_string())
            }
            other => WireError::Failed(other.to_string()),
        }
    }
}

impl From<WireError> for EngineError {
    fn from(e: WireError) -> Self {
        match e {
            WireError::Invalid(m) => EngineError::Invalid(m),
            WireError::Forbidden(m) => EngineError::Forbidden(m),
            WireError::Failed(m) => EngineError::Link(m),
        }
    }
}

/// A frame from the engine.
#[derive(Serialize, Deserialize)]
#[serde(tag = "msg", rename_all = "snake_case")]
pub enum ServerMsg {
    /// The answer to request `id`.
    Reply {
        /// The request's id.
        id: u64,
        /// The answer.
        result: Result<Response, WireError>,
    },
    /// Something happened.
    Event {
        /// What.
        event: Event,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_crosses_the_link_in_clear_and_nowhere_else() {
        let login = SellerLogin {
            user_id: "seller".into(),
            password: Secret::new("hunter2-very-long-password"),
        };
        let req = Request::RenewShopKey {
            shop: ShopName::new("q").unwrap(),
            login: Some(Exposed(login.into())),
        };
        let frame = serde_json::to_string(&req).unwrap();
        assert!(frame.contains("hunter2-very-long-password"), "{frame}");
        let back: Request = serde_json::from_str(&frame).unwrap();
        let Request::RenewShopKey { login: Some(l), .. } = back else {
            panic!("not a renewal");
        };
        let l: SellerLogin = l.0.into();
        assert_eq!(l.password.expose(), "hunter2-very-long-password");
        // Outside the frame the secret masks itself again.
        assert!(!serde_json::to_string(&l.password).unwrap().contains("hunter2"));
    }

    #[test]
    fn file_bytes_travel_as_base64() {
        let f = FileBytes(vec![0, 255, 10, 13]);
        let s = serde_json::to_string(&f).unwrap();
        assert_eq!(s, "\"AP8KDQ==\"");
        let back: FileBytes = serde_json::from_str(&s).unwrap();
        assert_eq!(back.0, vec![0, 255, 10, 13]);
    }
}
