//! `shipdeck completions SHELL` and `shipdeck man [DIR]`: shell completions and man pages generated
//! from the clap definitions, so the copies under `assets/` can be checked against the CLI.

use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, ValueEnum};

use super::{Cli, CliError};

/// The shells completions are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// GNU bash.
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
}

impl Shell {
    /// Every shell, in the order of `assets/completions`.
    pub const ALL: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

    /// The file name the shell looks for (`shipdeck.bash`, `_shipdeck`, `shipdeck.fish`).
    pub fn file_name(self) -> &'static str {
        match self {
            Shell::Bash => "shipdeck.bash",
            Shell::Zsh => "_shipdeck",
            Shell::Fish => "shipdeck.fish",
        }
    }

    fn generator(self) -> clap_complete::Shell {
        match self {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// `shipdeck completions …`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh or fish.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// `shipdeck man …`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Where to write the pages (`shipdeck.1`, `shipdeck-sync.1`, …); without it, `shipdeck.1`
    /// goes to stdout.
    pub dir: Option<PathBuf>,
}

/// The completion script of `shell`, generated from the current command line.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell.generator(), &mut cmd, "shipdeck", &mut out);
    out
}

/// Every man page (file name, roff text): `shipdeck.1` and one per visible subcommand.
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>, std::io::Error> {
    // After `build`, each subcommand's display name is `shipdeck-shops-add`, its page's name.
    fn walk(cmd: clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub.clone(), out)?;
        }
        let mut text = Vec::new();
        clap_mangen::Man::new(cmd)
            .source(concat!("shipdeck ", env!("CARGO_PKG_VERSION")))
            .render(&mut text)?;
        out.push((format!("{name}.1"), text));
        Ok(())
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    walk(cmd, &mut out)?;
    out.sort();
    Ok(out)
}

/// Prints the completion script.
pub fn run_completions(args: CompletionsArgs) -> Result<(), CliError> {
    use std::io::Write;
    std::io::stdout()
        .write_all(&completion(args.shell))
        .map_err(|e| CliError::Failed(format!("cannot write the completions: {e}")))
}

/// Writes the man pages into a directory, or the main page to stdout.
pub fn run_man(args: ManArgs) -> Result<(), CliError> {
    use std::io::Write;
    let pages = man_pages().map_err(|e| CliError::Failed(format!("cannot render the man pages: {e}")))?;
    let Some(dir) = args.dir else {
        let main = pages
            .iter()
            .find(|(n, _)| n == "shipdeck.1")
            .map(|(_, t)| t.as_slice())
            .unwrap_or_default();
        return std::io::stdout()
            .write_all(main)
            .map_err(|e| CliError::Failed(format!("cannot write the man page: {e}")));
    };
    write_pages(&dir, &pages)
}

fn write_pages(dir: &Path, pages: &[(String, Vec<u8>)]) -> Result<(), CliError> {
    use std::io::Write;
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::Failed(format!("cannot create {}: {e}", dir.display())))?;
    for (name, text) in pages {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
        // The list of files is a courtesy: a closed stdout does not undo the work.
        let _ = writeln!(std::io::stdout(), "{}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_visible_subcommand_has_a_page_and_hidden_ones_none() {
        let pages = man_pages().unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for want in [
            "shipdeck.1",
            "shipdeck-doctor.1",
            "shipdeck-shops-add.1",
            "shipdeck-sku-import.1",
        ] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("bench")), "{names:?}");
        let main =
            String::from_utf8_lossy(&pages.iter().find(|(n, _)| n == "shipdeck.1").unwrap().1).to_string();
        assert!(main.contains(".TH shipdeck"), "{main}");
    }

    #[test]
    fn completions_name_the_subcommands() {
        for shell in Shell::ALL {
            let text = String::from_utf8(completion(shell)).unwrap();
            assert!(text.contains("doctor") && text.contains("tracking"), "{shell:?}");
        }
    }
}
