//! Who is running this process, as the operating system says (for the audit trail).

/// The real uid of this process. (Not the owner of `/proc/self`: once core dumps are forbidden
/// the kernel shows the process's /proc entries as root's.)
pub fn current_uid() -> Option<u32> {
    // SAFETY: getuid has no preconditions and cannot fail.
    Some(unsafe { libc::getuid() })
}

/// Forbids core dumps of this process (it holds seller keys in memory): the core size limit is
/// set to 0 and the process is made non-dumpable, which also keeps other processes of the same
/// user from attaching to it.
pub fn forbid_core_dumps() -> std::io::Result<()> {
    let zero = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit reads a valid rlimit struct; prctl with PR_SET_DUMPABLE takes integers.
    unsafe {
        if libc::setrlimit(libc::RLIMIT_CORE, &zero) != 0 {
            return Err(std::io::Error::last_os_error());
        }
        if libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(())
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

    #[test]
    fn core_dumps_are_forbidden_and_the_actor_is_still_right() {
        // SAFETY: plain libc getters on this process.
        let uid = unsafe { libc::getuid() };
        super::forbid_core_dumps().unwrap();
        let mut lim = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: getrlimit writes into a valid struct; prctl(PR_GET_DUMPABLE) takes no pointer.
        let (rc, dumpable) = unsafe {
            (
                libc::getrlimit(libc::RLIMIT_CORE, &mut lim),
                libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0),
            )
        };
        assert_eq!((rc, lim.rlim_cur, lim.rlim_max, dumpable), (0, 0, 0, 0));
        assert!(super::current_actor().contains(&format!("uid {uid}")));
    }
}
