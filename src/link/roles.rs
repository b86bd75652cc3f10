//! Roles from the config and the kernel's word on a peer: `[roles] operators` and `support` list
//! user names (or uids) and `@group`s; the uid that runs the engine is always an operator.

use crate::config::RolesConfig;
use crate::engine::Role;

/// The groups of the system: (name, gid, member names), from `/etc/group`.
fn groups() -> Vec<(String, u32, Vec<String>)> {
    let Ok(text) = std::fs::read_to_string("/etc/group") else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut f = line.split(':');
            let name = f.next()?.to_string();
            let _pw = f.next()?;
            let gid: u32 = f.next()?.parse().ok()?;
            let members = f
                .next()
                .unwrap_or("")
                .split(',')
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect();
            Some((name, gid, members))
        })
        .collect()
}

/// The gid of a group by name.
pub fn group_gid(name: &str) -> Option<u32> {
    groups()
        .into_iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, g, _)| g)
}

/// The primary gid of a uid, from `/etc/passwd`.
fn primary_gid(uid: u32) -> Option<u32> {
    let text = std::fs::read_to_string("/etc/passwd").ok()?;
    text.lines().find_map(|line| {
        let f: Vec<&str> = line.split(':').collect();
        (f.len() > 3 && f[2].parse::<u32>().ok() == Some(uid))
            .then(|| f[3].parse().ok())
            .flatten()
    })
}

fn listed(list: &[String], uid: u32, user: Option<&str>, gids: &[u32]) -> bool {
    let all = groups();
    list.iter().any(|entry| match entry.strip_prefix('@') {
        Some(group) => all.iter().any(|(n, g, _)| n == group && gids.contains(g)),
        None => user == Some(entry.as_str()) || entry.parse::<u32>().ok() == Some(uid),
    })
}

/// The role of a peer (`uid`, `gid` from the kernel), or why it is refused — a message naming
/// the setting that would let it in.
pub fn role_of(
    roles: &RolesConfig,
    engine_uid: u32,
    uid: u32,
    gid: Option<u32>,
    config_file: &std::path::Path,
) -> Result<Role, String> {
    if uid == engine_uid {
        return Ok(Role::Operator);
    }
    let user = crate::identity::user_name(uid);
    let mut gids: Vec<u32> = gid.into_iter().chain(primary_gid(uid)).collect();
    if let Some(name) = &user {
        gids.extend(
            groups()
                .into_iter()
                .filter(|(_, _, members)| members.contains(name))
                .map(|(_, g, _)| g),
        );
    }
    if listed(&roles.operators, uid, user.as_deref(), &gids) {
        return Ok(Role::Operator);
    }
    if listed(&roles.support, uid, user.as_deref(), &gids) {
        return Ok(Role::Support);
    }
    let who = match &user {
        Some(n) => format!("{n} (uid {uid})"),
        None => format!("uid {uid}"),
    };
    Err(format!(
        "{who} may not use this engine: add the user (or @group) to `[roles] operators` or \
         `[roles] support` in {}",
        config_file.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_user_is_an_operator_and_strangers_are_refused_naming_the_setting() {
        let cfg = RolesConfig::default();
        let p = std::path::Path::new("/etc/shipdeck/config.toml");
        assert_eq!(role_of(&cfg, 1000, 1000, None, p), Ok(Role::Operator));
        let e = role_of(&cfg, 1000, 4242, None, p).unwrap_err();
        assert!(
            e.contains("[roles] operators") && e.contains("/etc/shipdeck/config.toml"),
            "{e}"
        );
    }

    #[test]
    fn users_uids_and_groups_are_matched() {
        // uid 0 is `root` and gid 0 the group `root` on every Linux system.
        let p = std::path::Path::new("c.toml");
        let by_name = RolesConfig {
            support: vec!["root".into()],
            ..RolesConfig::default()
        };
        assert_eq!(role_of(&by_name, 1000, 0, None, p), Ok(Role::Support));
        let by_group = RolesConfig {
            operators: vec!["@root".into()],
            support: vec!["root".into()],
        };
        assert_eq!(role_of(&by_group, 1000, 0, Some(0), p), Ok(Role::Operator));
        let by_uid = RolesConfig {
            support: vec!["4242".into()],
            ..RolesConfig::default()
        };
        assert_eq!(role_of(&by_uid, 1000, 4242, None, p), Ok(Role::Support));
        let other_group = RolesConfig {
            operators: vec!["@no-such-group-here".into()],
            ..RolesConfig::default()
        };
        assert!(role_of(&other_group, 1000, 0, Some(0), p).is_err());
    }
}
