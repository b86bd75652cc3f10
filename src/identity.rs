//! Who is running this process, as the operating system says (for the audit trail).

use std::os::unix::fs::MetadataExt;

/// The uid of this process (read from `/proc/self`, whose owner is the process's uid).
pub fn current_uid() -> Option<u32> {
    std::fs::metadata("/proc/self").ok().map(|m| m.uid())
}

/// The user name for a uid from `/etc/passwd`.
pub fn user_name(uid: u32) -> Option<String> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut f = line.split(':');
        let name = f.next()?;
        let _pw = f.next()?;
        let id: u32 = f.next()?.parse().ok()?;
        (id == uid).then(|| name.to_string())
    })
}

/// `name (uid N)`, or `uid N` when the name is unknown, or `unknown`.
pub fn current_actor() -> String {
    match current_uid() {
        Some(uid) => match user_name(uid) {
            Some(name) => format!("{name} (uid {uid})"),
            None => format!("uid {uid}"),
        },
        None => "unknown".to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_actor_names_a_uid() {
        assert!(super::current_actor().contains("uid"));
    }
}
