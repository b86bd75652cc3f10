//! Who asks the engine for something: the operating-system user the engine saw (from the
//! kernel for a socket peer, from this process otherwise), the role that user has, and — labelled
//! as the client's own word — the SSH connection and terminal it said it came from.

use serde::{Deserialize, Serialize};

use super::api::{Actor, Command};
use crate::store::audit::AuditEntry;

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Changes things: confirms, maps, imports, prints, retries, edits shops.
    Operator,
    /// Reads, searches, filters, sorts and exports; every change is refused.
    Support,
}

impl Role {
    /// `operator` or `support`.
    pub fn label(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Support => "support",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// What a client says about where it runs. Never trusted for a decision; kept as a labelled
/// detail of the audit trail. Control characters are stripped and lengths bounded on the way in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    /// `SSH_CLIENT` of the client's environment (`addr port port`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_client: Option<String>,
    /// The client's terminal (`/dev/pts/3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tty: Option<String>,
}

impl ClientDetail {
    /// This process's own `SSH_CLIENT` and terminal.
    pub fn here() -> ClientDetail {
        let tty = std::fs::read_link("/proc/self/fd/0")
            .ok()
            .map(|p| p.display().to_string())
            .filter(|p| p.starts_with("/dev/pts/") || p.starts_with("/dev/tty"));
        ClientDetail {
            ssh_client: std::env::var("SSH_CLIENT").ok().filter(|s| !s.is_empty()),
            tty,
        }
        .cleaned()
    }

    /// The detail with control characters removed and each field cut to 80 characters.
    pub fn cleaned(self) -> ClientDetail {
        let clean = |s: Option<String>| {
            s.map(|s| s.chars().filter(|c| !c.is_control()).take(80).collect::<String>())
                .filter(|s| !s.is_empty())
        };
        ClientDetail {
            ssh_client: clean(self.ssh_client),
            tty: clean(self.tty),
        }
    }
}

/// The caller of an engine command, as the engine decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    /// `name (uid N)`: what pushes and the audit trail name.
    pub actor: Actor,
    /// The uid, when known.
    pub uid: Option<u32>,
    /// The user name, when known.
    pub user: Option<String>,
    /// The role.
    pub role: Role,
    /// What the client said about itself.
    pub client: ClientDetail,
}

impl Caller {
    /// The user running this process: an operator (the engine's own user always is).
    pub fn local() -> Caller {
        let uid = crate::identity::current_uid();
        Caller {
            actor: Actor::local(),
            uid,
            user: uid.and_then(crate::identity::user_name),
            role: Role::Operator,
            client: ClientDetail::here(),
        }
    }

    /// An operator known only by name (scripts and tests calling the engine in-process).
    pub fn operator(actor: &Actor) -> Caller {
        Caller {
            actor: actor.clone(),
            uid: None,
            user: None,
            role: Role::Operator,
            client: ClientDetail::default(),
        }
    }

    /// A socket peer: `uid` from the kernel, `role` from the config, `client` as the client said.
    pub fn peer(uid: u32, role: Role, client: ClientDetail) -> Caller {
        let user = crate::identity::user_name(uid);
        let actor = match &user {
            Some(n) => format!("{n} (uid {uid})"),
            None => format!("uid {uid}"),
        };
        Caller {
            actor: Actor(actor),
            uid: Some(uid),
            user,
            role,
            client: client.cleaned(),
        }
    }

    /// An audit entry for something this caller did.
    pub fn entry(&self, at: jiff::Timestamp, action: &str, detail: String, result: &str) -> AuditEntry {
        AuditEntry {
            at,
            actor: self.actor.0.clone(),
            action: action.to_string(),
            detail,
            uid: self.uid,
            user: self.user.clone(),
            role: Some(self.role.label().to_string()),
            ssh_client: self.client.ssh_client.clone(),
            tty: self.client.tty.clone(),
            result: Some(result.to_string()),
        }
    }
}

/// The message of every change refused to a support user.
pub const READ_ONLY: &str = "read-only: support role";

impl Command {
    /// The audit trail's name of the command.
    pub fn action(&self) -> &'static str {
        match self {
            Command::AddShop { .. } => "shops.add",
            Command::EditShop { .. } => "shops.edit",
            Command::RemoveShop { .. } => "shops.remove",
            Command::TestShop { .. } => "shops.test",
            Command::RenewShopKey { .. } => "shops.renew_key",
            Command::PullNow { .. } => "pull",
            Command::ConfirmOrders { .. } => "orders.confirm",
            Command::ConfirmSelection { .. } => "orders.confirm_all",
            Command::CancelBulk { .. } => "orders.confirm_all.cancel",
            Command::AcceptSiteShipment { .. } => "orders.accept_site_shipment",
            Command::RetryPushes { .. } => "pushes.retry",
            Command::SetMapping { .. } => "mappings.set",
            Command::PrintWaybills { .. } => "waybills.print",
            Command::ImportTracking { .. } => "tracking.import",
            Command::ImportSkus { .. } => "skus.import",
            Command::ExportSkus { .. } => "skus.export",
        }
    }

    /// True for every command that changes the store or sends something to a site (a support
    /// user may run none of them). A dry-run SKU import and an export change nothing.
    pub fn mutates(&self) -> bool {
        match self {
            Command::ExportSkus { .. } => false,
            Command::ImportSkus { dry_run, .. } => !dry_run,
            _ => true,
        }
    }

    /// What the command is about, for the audit trail of a refusal (keys and counts, never a
    /// secret).
    pub fn subject(&self) -> String {
        match self {
            Command::AddShop { spec } => format!("{} ({} {})", spec.name, spec.site, spec.shop_id),
            Command::EditShop { shop, .. }
            | Command::RemoveShop { shop }
            | Command::TestShop { shop }
            | Command::RenewShopKey { shop, .. } => shop.to_string(),
            Command::PullNow { shop, .. } => shop.as_ref().map_or("all shops".into(), |s| s.to_string()),
            Command::ConfirmOrders { keys } | Command::PrintWaybills { keys } => keys_text(keys),
            Command::ConfirmSelection { selection, keys } => format!(
                "{} matching {:?} ({} excepted, {} one by one)",
                selection.status.name(),
                selection.filter,
                selection.except.len(),
                keys.len()
            ),
            Command::CancelBulk { job } => format!("job {job}"),
            Command::AcceptSiteShipment { key } => key.to_string(),
            Command::RetryPushes { ids } => ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(" "),
            Command::SetMapping { mapping } => format!("{} {}", mapping.site, mapping.code.display()),
            Command::ImportTracking { rows } => format!("{} rows", rows.len()),
            Command::ImportSkus { path, .. } | Command::ExportSkus { path } => path.display().to_string(),
        }
    }
}

/// Order keys for the audit trail: the first 20, then a count.
pub fn keys_text(keys: &[crate::domain::OrderKey]) -> String {
    let mut s: Vec<String> = keys.iter().take(20).map(|k| k.to_string()).collect();
    if keys.len() > 20 {
        s.push(format!("and {} more", keys.len() - 20));
    }
    s.join(" ")
}
