//! The VMs under test: Cordon in each execution mode, and erl. Each VM
//! turns a program and its size into the command line that runs it.

use std::path::{Path, PathBuf};

/// An execution mode of Cordon: the extra arguments and environment that
/// select it.
#[derive(Debug, PartialEq, Eq)]
pub struct Mode {
    pub name: &'static str,
    /// Arguments placed before `-pa`.
    pub args: &'static [&'static str],
    pub env: &'static [(&'static str, &'static str)],
}

/// Cordon's execution modes, each measured against erl. The first is the
/// baseline that the others are compared with. Adding a mode, such as a
/// JIT, is one more entry here.
pub const MODES: &[Mode] = &[Mode {
    name: "interpreter",
    args: &[],
    env: &[],
}];

/// A VM that runs the benchmark programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vm {
    Cordon(&'static Mode),
    Erl,
}

impl Vm {
    /// Returns the name used in the report, such as `cordon interpreter`.
    pub fn label(&self) -> String {
        match self {
            Vm::Cordon(mode) => format!("cordon {}", mode.name),
            Vm::Erl => "erl".to_owned(),
        }
    }

    /// Builds the command that runs `program:main(size)` from the workspace
    /// root, where `dir` is the program's directory relative to that root.
    pub fn invocation(
        &self,
        binaries: &Binaries,
        dir: &Path,
        program: &str,
        size: &[String],
    ) -> Invocation {
        let dir = dir.display().to_string();
        match self {
            Vm::Cordon(mode) => {
                let mut args: Vec<String> = mode.args.iter().map(|a| (*a).to_owned()).collect();
                args.extend([
                    "-pa".to_owned(),
                    dir,
                    "-run".to_owned(),
                    program.to_owned(),
                    "main".to_owned(),
                ]);
                args.extend(size.iter().cloned());
                Invocation {
                    env: mode
                        .env
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect(),
                    program: binaries.cordon.clone(),
                    args,
                }
            }
            Vm::Erl => {
                let mut args = vec![
                    "-noshell".to_owned(),
                    "-pa".to_owned(),
                    dir,
                    "-run".to_owned(),
                    program.to_owned(),
                    "main".to_owned(),
                ];
                args.extend(size.iter().cloned());
                args.extend(["-s".to_owned(), "init".to_owned(), "stop".to_owned()]);
                Invocation {
                    env: Vec::new(),
                    program: binaries.erl.clone().unwrap_or_else(|| PathBuf::from("erl")),
                    args,
                }
            }
        }
    }
}

/// Returns the VMs to measure: every Cordon mode, then erl if it is
/// installed.
pub fn all_vms(erl_found: bool) -> Vec<Vm> {
    let mut vms: Vec<Vm> = MODES.iter().map(Vm::Cordon).collect();
    if erl_found {
        vms.push(Vm::Erl);
    }
    vms
}

/// Paths of the VM executables.
#[derive(Clone, Debug)]
pub struct Binaries {
    /// The cordon binary, relative to the workspace root when it lies inside it.
    pub cordon: PathBuf,
    /// `erl` as found on PATH. The report's commands name it as plain `erl`.
    pub erl: Option<PathBuf>,
}

/// A command line with its extra environment variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation {
    pub env: Vec<(String, String)>,
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl Invocation {
    /// Formats the command as a POSIX shell line that reproduces it, with
    /// `erl` shown by name rather than by its full path.
    pub fn shell_line(&self) -> String {
        let mut words = Vec::new();
        for (key, value) in &self.env {
            words.push(format!("{key}={}", shell_quote(value)));
        }
        let program = if self.program.file_name().is_some_and(|n| n == "erl") {
            "erl".to_owned()
        } else {
            self.program.display().to_string()
        };
        words.push(shell_quote(&program));
        words.extend(self.args.iter().map(|a| shell_quote(a)));
        words.join(" ")
    }
}

/// Quotes a word for a POSIX shell when it contains anything but letters,
/// digits and `_-./=,:+%@`.
pub fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./=,:+%@".contains(c));
    if plain {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Finds an executable named `name` in the directories of `PATH`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binaries() -> Binaries {
        Binaries {
            cordon: PathBuf::from("target/release/cordon"),
            erl: Some(PathBuf::from("/usr/bin/erl")),
        }
    }

    #[test]
    fn cordon_interpreter_command() {
        let inv = Vm::Cordon(&MODES[0]).invocation(
            &binaries(),
            Path::new("perf/programs"),
            "fib",
            &["30".to_owned()],
        );
        assert_eq!(
            inv.shell_line(),
            "target/release/cordon -pa perf/programs -run fib main 30"
        );
    }

    #[test]
    fn erl_command() {
        let inv = Vm::Erl.invocation(
            &binaries(),
            Path::new("examples"),
            "ring",
            &["1000".to_owned(), "100000".to_owned()],
        );
        assert_eq!(
            inv.shell_line(),
            "erl -noshell -pa examples -run ring main 1000 100000 -s init stop"
        );
        assert_eq!(inv.program, PathBuf::from("/usr/bin/erl"));
    }

    #[test]
    fn mode_arguments_and_environment() {
        static JIT: Mode = Mode {
            name: "jit",
            args: &["--jit"],
            env: &[("CORDON_JIT", "1")],
        };
        let inv = Vm::Cordon(&JIT).invocation(
            &binaries(),
            Path::new("perf/programs"),
            "fib",
            &["30".to_owned()],
        );
        assert_eq!(
            inv.shell_line(),
            "CORDON_JIT=1 target/release/cordon --jit -pa perf/programs -run fib main 30"
        );
        assert_eq!(Vm::Cordon(&JIT).label(), "cordon jit");
    }

    #[test]
    fn shell_quote_cases() {
        assert_eq!(shell_quote("plain-word_1.erl"), "plain-word_1.erl");
        assert_eq!(shell_quote("two words"), "'two words'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn erl_listed_last_when_found() {
        let vms = all_vms(true);
        assert_eq!(vms.len(), MODES.len() + 1);
        assert_eq!(vms.last(), Some(&Vm::Erl));
        assert!(!all_vms(false).contains(&Vm::Erl));
    }
}
