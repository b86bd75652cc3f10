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
            .ok_or_else(|| CliError::BadInput(crate::tr!("cli-not-name-value", what = what, arg = a)))?;
        if out.insert(k.trim().to_string(), v.to_string()).is_some() {
            return Err(CliError::BadInput(crate::tr!(
                "cli-given-twice",
                what = what,
                name = k.trim()
            )));
        }
    }
    Ok(out)
}

fn warn(warnings: &[crate::i18n::Twin]) {
    for w in warnings {
        eprintln!("shipdeck: {}", crate::tr!("cli-warning", warning = &w.shown));
        tracing::warn!("{}", w.en);
    }
}

fn on_off(name: &str, v: &str) -> Result<bool, CliError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => Err(CliError::BadInput(crate::tr!(
            "cli-on-off",
            name = name,
            value = v
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
                return Err(CliError::Failed(crate::tr!("cli-unexpected-answer")));
            };
            tracing::info!(shop = %shop.name, site = %shop.site, "shop added");
            if json {
                print_json(&shop)
            } else {
                println!(
                    "{}",
                    crate::tr!(
                        "cli-shop-added",
                        name = shop.name.as_str(),
                        site = shop.site.display_name(),
                        id = shop.shop_id.as_str()
                    )
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
                println!("{}", crate::tr!("cli-no-shops"));
                return Ok(());
            }
            println!(
                "{} {} {} {} {}",
                crate::i18n::pad_right(&crate::tr!("cli-col-name"), 20),
                crate::i18n::pad_right(&crate::tr!("cli-col-site"), 10),
                crate::i18n::pad_right(&crate::tr!("cli-col-shop-id"), 20),
                crate::i18n::pad_right(&crate::tr!("cli-col-health"), 12),
                crate::tr!("cli-col-options")
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
                    Some(base) => format!(
                        "  ⚠ {}",
                        crate::tr!("cli-foreign-api-base", base = base, site = s.site.display_name())
                    ),
                    None => String::new(),
                };
                println!(
                    "{} {:<10} {} {} {}{}",
                    crate::i18n::pad_right(&s.name, 20),
                    s.site.slug(),
                    crate::i18n::pad_right(&clean(&s.shop_id), 20),
                    crate::i18n::pad_right(&crate::i18n::label("health", s.health.label()), 12),
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
            must_exist(&engine, &name)?;
            let result = rt
                .block_on(engine.execute(&Actor::local(), EngineCommand::EditShop { shop: name, edit }))
                .map_err(engine_error)?;
            let CommandResult::ShopEdited { shop } = result else {
                return Err(CliError::Failed(crate::tr!("cli-unexpected-answer")));
            };
            if json {
                print_json(&shop)
            } else {
                println!("{}", crate::tr!("cli-shop-changed", name = shop.name.as_str()));
                Ok(())
            }
        }
        ShopsCmd::Remove { name } => {
            let name = ShopName::new(&name).map_err(|e| CliError::BadInput(e.to_string()))?;
            let rt = runtime()?;
            let h = handle(ctx, &rt)?;
            must_exist(&h, &name)?;
            let result = rt
                .block_on(h.execute(&Actor::local(), EngineCommand::RemoveShop { shop: name.clone() }))
                .map_err(engine_error)?;
            let CommandResult::ShopRemoved { orders_kept, .. } = result else {
                return Err(CliError::Failed(crate::tr!("cli-unexpected-answer")));
            };
            println!(
                "{}",
                crate::tr!("cli-shop-removed", name = name.as_str(), kept = orders_kept)
            );
            Ok(())
        }
    }
}

/// Refuses (bad input, in the user's language) a shop name the engine does not have; a read-only
/// role is left to the engine, which tells it what it may not do rather than what does not exist.
fn must_exist(h: &crate::engine::EngineHandle, name: &ShopName) -> Result<(), CliError> {
    if h.role() != crate::engine::Role::Operator {
        return Ok(());
    }
    if h.shops()
        .map_err(engine_error)?
        .iter()
        .any(|s| s.name == name.as_str())
    {
        Ok(())
    } else {
        Err(CliError::BadInput(crate::tr!(
            "cli-no-such-shop",
            name = name.as_str()
        )))
    }
}
