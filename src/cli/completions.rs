//! `cyclelint completions SHELL` (clap_complete) and `cyclelint man` (clap_mangen): both are
//! generated from the same clap definition as the command line itself, so they never go stale.

use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use cyclelint::discover::io_message;
use cyclelint::fsutil::atomic_write;

use super::{error, print, Cli, EXIT_OK, EXIT_USAGE};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write `cyclelint.1` and one page per subcommand (`cyclelint-check.1`, …) into this folder
    /// instead of printing `cyclelint.1` to standard output.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// Prints the completion script for `shell` to standard output.
pub fn completions(args: CompletionsArgs) -> u8 {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "cyclelint", &mut out);
    print(&String::from_utf8_lossy(&out));
    EXIT_OK
}

/// Prints the man page, or writes every page into `--dir`.
pub fn man(args: ManArgs) -> u8 {
    let mut command = Cli::command();
    command.build();
    let Some(dir) = args.dir else {
        print(&render(&command));
        return EXIT_OK;
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        error(format!("cannot create `{}`: {}", dir.display(), io_message(&e)));
        return EXIT_USAGE;
    }
    for (name, page) in pages(&command) {
        let path = dir.join(format!("{name}.1"));
        if let Err(e) = atomic_write(&path, page.as_bytes()) {
            error(format!("cannot write `{}`: {}", path.display(), io_message(&e)));
            return EXIT_USAGE;
        }
    }
    EXIT_OK
}

fn render(command: &clap::Command) -> String {
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out).expect("rendering into memory does not fail");
    String::from_utf8_lossy(&out).into_owned()
}

/// `cyclelint` and each visible subcommand, depth first, named `cyclelint-check`, `cyclelint-image-add`…
fn pages(command: &clap::Command) -> Vec<(String, String)> {
    let name = command.get_display_name().unwrap_or(command.get_name()).to_string();
    let mut out = vec![(name, render(command))];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        out.extend(pages(sub));
    }
    out
}
