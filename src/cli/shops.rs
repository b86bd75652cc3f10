//! `shipdeck shops add|list|remove`.

use crate::domain::text::clean;
use std::collections::BTreeMap;

use clap::Subcommand;
use serde::Serialize;

use super::engine_rt::{engine_error, handle, runtime};
use super::{print_json, CliError, Context};
use crate::domain::shop::{ShopSpec, ShopView};
use crate::domain::{Shop, ShopName, Site};
use crate::engine::{Actor, Command as EngineCommand, CommandResult};

/// `shipdeck shops …`.
#[derive(Debug, Subcommand)]
pub enum ShopsCmd {
    /// Register a seller account on one site.
    Add {
        /// The shop's name in shipdeck (the SHOP of SHOP/ORDER).
        #[arg(long)]
        name: String,
        /// qoo10, gmarket, auction, lotteon, crossmall or grip.
        #[arg(long)]
        site: String,
        /// The seller's id on the site.
        #[arg(long = "shop-id")]
        shop_id: String,
        /// Send this shop's API calls to this base URL instead of the site's host.
        #[arg(long = "api-base", value_name = "URL")]
        api_base: Option<String>,
        /// A credential field of the site, e.g. --set account_number=… (repeatable). For a
        /// secret, give `-` as the value (--set api_key=-): it is read from standard input,
        /// without echo on a terminal, and never appears on the command line.
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
        /// A credential field read from a file (one trailing newline removed), e.g.
        /// --secret-file api_key=/run/keys/lotte (repeatable).
        #[arg(long = "secret-file", value_name = "FIELD=PATH")]
        secret_file: Vec<String>,
        /// An option, e.g. --option order_confirmation=on (repeatable).
        #[arg(long = "option", value_name = "NAME=on|off")]
        option: Vec<String>,
        /// Print the new shop as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the registered shops (secrets masked).
    List {
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Change a shop: credential fields, options, API base, pull interval.
    Edit {
        /// The shop's name.
        name: String,
        /// A credential field of the site, e.g. --set account_number=… (repeatable). For a
        /// secret, give `-` as the value (--set api_key=-): it is read from standard input,
        /// without echo on a terminal, and never appears on the command line.
        #[arg(long = "set", value_name = "FIELD=VALUE")]
        set: Vec<String>,
        /// A credential field read from a file (one trailing newline removed), e.g.
        /// --secret-file api_key=/run/keys/lotte (repeatable).
        #[arg(long = "secret-file", value_name = "FIELD=PATH")]
        secret_file: Vec<String>,
        /// An option, e.g. --option stock_sync=on (repeatable).
        #[arg(long = "option", value_name = "NAME=on|off")]
        option: Vec<String>,
        /// Send this shop's API calls to this base URL ("" to use the site's own host again).
        #[arg(long = "api-base", value_name = "URL")]
        api_base: Option<String>,
        /// Minutes between scheduled pulls.
        #[arg(long = "interval", value_name = "MINUTES")]
        interval: Option<u32>,
        /// Print the shop as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run the site's connection test and print the site's own answer.
    Test {
        /// The shop's name.
        name: String,
        /// One JSON document on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Remove a shop. Its orders are kept.
    Remove {
        /// The shop's name.
        name: String,
    },
}

fn pairs(args: &[String], what: &str) -> Result<BTreeMap<String, String>, CliError> {
    let mut out = BTreeMap::new();
    for a in args {
        let (k, v) = a
            .split_once('=')
            .ok_or_else(|| CliError::BadInput(format!("{what} `{a}` is not of the form NAME=VALUE")))?;
        if out.insert(k.trim().to_string(), v.to_string()).is_some() {
            return Err(CliError::BadInput(format!(
                "{what} `{}` is given twice",
                k.trim()
            )));
        }
    }
    Ok(out)
}

fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("shipdeck: warning: {w}");
        tracing::warn!("{w}");
    }
}

fn on_off(name: &str, v: &str) -> Result<bool, CliError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => Err(CliError::BadInput(format!(
            "option `{name}` must be on or off, not `{v}`"
        ))),
    }
}

#[derive(Serialize)]
struct ShopList {
    shops: Vec<ShopView>,
}

/// Runs a `shops` subcommand.
pub fn run(ctx: &Context, cmd: ShopsCmd) -> Result<(), CliError> {
    match cmd {
        ShopsCmd::Add {
            name,
            site,
            shop_id,
            api_base,
            set,
            secret_file,
            option,
            json,
        } => {
            let mut warnings = Vec::new();
            let fields = super::secrets::gather(
                site.parse::<Site>().ok(),
                &set,
                &secret_file,
                &mut super::secrets::Stdin,
                &mut warnings,
            )?;
            warn(&warnings);
            let options = pairs(&option, "--option")?
                .into_iter()
                .map(|(k, v)| on_off(&k, &v).map(|b| (k, b)))
                .collect::<Result<_, _>>()?;
            let spec = ShopSpec {
                name,
                site,
                shop_id,
                api_base,
                fields,
                options,
            };
            // Checked here first, so bad input is reported before any engine is reached.
            Shop::from_spec(&spec, jiff::Timestamp::now()).map_err(|e| CliError::BadInput(e.to_string()))?;
            let rt = runtime()?;
            let h = handle(ctx, &rt)?;
            let result = rt
                .block_on(h.execute(&Actor::local(), EngineCommand::AddShop { spec }))
                .map_err(engine_error)?;
            let CommandResult::ShopAdded { shop } = result else {
                return Err(CliError::Failed("unexpected answer to a shop add".into()));
            };
            tracing::info!(shop = %shop.name, site = %shop.site, "shop added");
            if json {
                print_json(&shop)
            } else {
                println!(
                    "added shop `{}` ({} seller {})",
                    shop.name,
                    shop.site.display_name(),
                    shop.shop_id
                );
                Ok(())
            }
        }
        ShopsCmd::List { json } => {
            let rt = runtime()?;
            let shops: Vec<ShopView> = handle(ctx, &rt)?.shops().map_err(engine_error)?;
            if json {
                return print_json(&ShopList { shops });
            }
            if shops.is_empty() {
                println!(
                    "no shops yet; add one with `shipdeck shops add --name NAME --site SITE --shop-id ID`"
                );
                return Ok(());
            }
            println!(
                "{:<20} {:<10} {:<20} {:<12} OPTIONS",
                "NAME", "SITE", "SHOP ID", "HEALTH"
            );
            for s in &shops {
                let on: Vec<&str> = s
                    .options
                    .iter()
                    .filter(|(_, v)| **v)
                    .map(|(k, _)| k.as_str())
                    .collect();
                // A shop whose calls (and keys) go to another host than its site's says so.
                let away = match s.api_base.as_deref().filter(|_| s.foreign_api_base) {
                    Some(base) => format!("  ⚠ api_base {base} is not {}'s own host", s.site.display_name()),
                    None => String::new(),
                };
                println!(
                    "{:<20} {:<10} {:<20} {:<12} {}{}",
                    s.name,
                    s.site.slug(),
                    clean(&s.shop_id),
                    s.health.label(),
                    if on.is_empty() {
                        "-".to_string()
                    } else {
                        on.join(",")
                    },
                    clean(&away)
                );
            }
            Ok(())
        }
        ShopsCmd::Test { name, json } => super::shop_test::run(ctx, &name, json),
        ShopsCmd::Edit {
            name,
            set,
            secret_file,
            option,
            api_base,
            interval,
            json,
        } => {
            let name = ShopName::new(&name).map_err(|e| CliError::BadInput(e.to_string()))?;
            let mut warnings = Vec::new();
            let fields = super::secrets::gather(
                None,
                &set,
                &secret_file,
                &mut super::secrets::Stdin,
                &mut warnings,
            )?;
            warn(&warnings);
            let edit = crate::domain::shop::ShopEdit {
                fields,
                options: pairs(&option, "--option")?
                    .into_iter()
                    .map(|(k, v)| on_off(&k, &v).map(|b| (k, b)))
                    .collect::<Result<_, _>>()?,
                api_base: api_base.map(|u| Some(u).filter(|u| !u.trim().is_empty())),
                interval_minutes: interval,
            };
            let rt = runtime()?;
            let engine = handle(ctx, &rt)?;
            let result = rt
                .block_on(engine.execute(&Actor::local(), EngineCommand::EditShop { shop: name, edit }))
                .map_err(engine_error)?;
            let CommandResult::ShopEdited { shop } = result else {
                return Err(CliError::Failed("unexpected answer to an edit".into()));
            };
            if json {
                print_json(&shop)
            } else {
                println!("changed shop `{}`", shop.name);
                Ok(())
            }
        }
        ShopsCmd::Remove { name } => {
            let name = ShopName::new(&name).map_err(|e| CliError::BadInput(e.to_string()))?;
            let rt = runtime()?;
            let h = handle(ctx, &rt)?;
            let result = rt
                .block_on(h.execute(&Actor::local(), EngineCommand::RemoveShop { shop: name.clone() }))
                .map_err(engine_error)?;
            let CommandResult::ShopRemoved { orders_kept, .. } = result else {
                return Err(CliError::Failed("unexpected answer to a shop removal".into()));
            };
            println!("removed shop `{name}`; its {orders_kept} orders are kept");
            Ok(())
        }
    }
}
