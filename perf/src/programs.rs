//! The benchmark programs: found at run time in perf/programs, plus
//! examples/ring.erl, each with a default size and a quick size for CI.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cli::{SizeOverride, parse_size_args};

/// Directory of the benchmark programs, relative to the workspace root.
pub const PROGRAMS_DIR: &str = "perf/programs";

/// Programs outside `PROGRAMS_DIR` that are measured too, relative to the
/// workspace root.
pub const EXTRA_PROGRAMS: &[&str] = &["examples/ring.erl"];

/// Default sizes of programs whose header comment states none. A header
/// line such as `%%   cordon -pa perf/programs -run fib main 30` takes
/// precedence.
const DEFAULT_SIZES: &[(&str, &[&str])] = &[("ring", &["1000", "100000"])];

/// Sizes for `--quick`. Each workload takes under a second on Cordon's
/// interpreter (measured on a 2-core AMD EPYC), so erl's start-up of about
/// 1 s per program dominates a quick run.
const QUICK_SIZES: &[(&str, &[&str])] = &[
    ("bignum_heavy", &["1500"]),
    ("binary_heavy", &["1"]),
    ("binary_trees", &["10"]),
    ("calls", &["100000"]),
    ("ets_heavy", &["5"]),
    ("fannkuch_redux", &["7"]),
    ("gen_server_calls", &["20000"]),
    ("fib", &["20"]),
    ("mandelbrot", &["100"]),
    ("map_heavy", &["10"]),
    ("nbody", &["10000"]),
    ("nrev", &["1000"]),
    ("ping_pong", &["100000"]),
    ("qsort", &["3000"]),
    ("ring", &["100", "10000"]),
    ("spawn_heavy", &["50000"]),
    ("spectral_norm", &["50"]),
    ("tak", &["10"]),
];

/// A benchmark program: an Erlang module that exports `main/1`.
#[derive(Clone, Debug)]
pub struct Program {
    pub name: String,
    /// The directory of its `.erl` and `.beam` files, relative to the
    /// workspace root, as passed to `-pa`.
    pub dir: PathBuf,
    /// The default size stated in its header comment, if any.
    pub header_size: Option<Vec<String>>,
    /// Whether its `.beam` file exists beside the `.erl` file.
    pub has_beam: bool,
}

/// A program with the arguments it will run with, or the reason it cannot
/// run.
#[derive(Clone, Debug)]
pub struct PlannedProgram {
    pub program: Program,
    pub size: Result<Vec<String>, String>,
}

/// Finds the programs: every `.erl` file in `PROGRAMS_DIR` that exports
/// `main/1`, then `EXTRA_PROGRAMS`, sorted by name.
pub fn discover(root: &Path) -> Result<Vec<Program>, String> {
    let dir = root.join(PROGRAMS_DIR);
    let entries = fs::read_dir(&dir).map_err(|err| {
        format!(
            "cannot read the programs directory {}: {err}",
            dir.display()
        )
    })?;
    let mut sources = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| format!("cannot read {}: {err}", dir.display()))?;
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "erl") {
            sources.push(Path::new(PROGRAMS_DIR).join(entry.file_name()));
        }
    }
    sources.extend(EXTRA_PROGRAMS.iter().map(PathBuf::from));

    let mut programs = Vec::new();
    for relative in sources {
        let full = root.join(&relative);
        let text = fs::read_to_string(&full)
            .map_err(|err| format!("cannot read {}: {err}", full.display()))?;
        if !exports_main_1(&text) {
            continue;
        }
        let Some(name) = relative.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        programs.push(Program {
            name: name.to_owned(),
            dir: relative.parent().map(Path::to_path_buf).unwrap_or_default(),
            header_size: header_size(&text, name),
            has_beam: full.with_extension("beam").is_file(),
        });
    }
    programs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(programs)
}

/// Selects the programs named in `--programs` (all when the list is empty)
/// and picks each one's size: the `--size` override, else the quick size
/// with `--quick`, else the default size.
pub fn plan(
    programs: &[Program],
    selected: &[String],
    overrides: &[SizeOverride],
    quick: bool,
) -> Result<Vec<PlannedProgram>, String> {
    let known = |name: &str| programs.iter().any(|p| p.name == name);
    let names: Vec<&str> = programs.iter().map(|p| p.name.as_str()).collect();
    for name in selected
        .iter()
        .map(String::as_str)
        .chain(overrides.iter().map(|o| o.program.as_str()))
    {
        if !known(name) {
            return Err(format!(
                "unknown program {name:?}; the programs are: {}",
                names.join(", ")
            ));
        }
    }

    let mut planned = Vec::new();
    for program in programs {
        if !selected.is_empty() && !selected.contains(&program.name) {
            continue;
        }
        let overridden = overrides.iter().rev().find(|o| o.program == program.name);
        let size = match overridden {
            Some(o) => Ok(o.args.clone()),
            None if quick => quick_size(program),
            None => default_size(program),
        };
        planned.push(PlannedProgram {
            program: program.clone(),
            size,
        });
    }
    Ok(planned)
}

/// Returns the program's default size: from its header comment, else from
/// `DEFAULT_SIZES`.
pub fn default_size(program: &Program) -> Result<Vec<String>, String> {
    if let Some(size) = &program.header_size {
        return Ok(size.clone());
    }
    match lookup(DEFAULT_SIZES, &program.name) {
        Some(size) => Ok(size),
        None => Err(format!(
            "no default size: state one in the header comment as \
             `%%   cordon -pa {} -run {} main N`, or pass --size {}=N",
            program.dir.display(),
            program.name,
            program.name
        )),
    }
}

/// Returns the program's quick size from `QUICK_SIZES`.
pub fn quick_size(program: &Program) -> Result<Vec<String>, String> {
    lookup(QUICK_SIZES, &program.name).ok_or_else(|| {
        format!(
            "no quick size: add {:?} to QUICK_SIZES in perf/src/programs.rs, or pass --size {}=N",
            program.name, program.name
        )
    })
}

fn lookup(table: &[(&str, &[&str])], name: &str) -> Option<Vec<String>> {
    table
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, args)| args.iter().map(|a| (*a).to_owned()).collect())
}

/// Reports whether an `-export([...]).` attribute of the module lists
/// `main/1`.
fn exports_main_1(source: &str) -> bool {
    let mut rest = source;
    while let Some(start) = rest.find("-export(") {
        let after = &rest[start..];
        let end = after.find(").").unwrap_or(after.len());
        let exports: String = after[..end].split_whitespace().collect();
        if exports
            .trim_start_matches("-export([")
            .split([',', ']'])
            .any(|item| item == "main/1")
        {
            return true;
        }
        rest = &after[end..];
    }
    false
}

/// Extracts the arguments after `-run NAME main` from the leading `%%`
/// comment lines, the convention of the programs' headers, for example
/// `%%   cordon -pa perf/programs -run fib main 30`.
fn header_size(source: &str, name: &str) -> Option<Vec<String>> {
    for line in source.lines() {
        let Some(comment) = line.strip_prefix('%') else {
            break;
        };
        let words: Vec<&str> = comment.split_whitespace().collect();
        let Some(run) = words.iter().position(|w| *w == "-run") else {
            continue;
        };
        if words.get(run + 1) != Some(&name) || words.get(run + 2) != Some(&"main") {
            continue;
        }
        let args = words[run + 3..].join(",");
        if let Ok(parsed) = parse_size_args(&args) {
            return Some(parsed);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program(name: &str, header_size: Option<&[&str]>) -> Program {
        Program {
            name: name.to_owned(),
            dir: PathBuf::from(PROGRAMS_DIR),
            header_size: header_size.map(|s| s.iter().map(|a| (*a).to_owned()).collect()),
            has_beam: true,
        }
    }

    #[test]
    fn export_of_main_1_found() {
        assert!(exports_main_1(
            "-module(fib).\n-export([main/1, bench/1]).\n"
        ));
        assert!(exports_main_1(
            "-export([bench/1,\n         main/1\n        ]).\n"
        ));
        assert!(exports_main_1("-export([main/0]).\n-export([main/1]).\n"));
    }

    #[test]
    fn export_without_main_1_ignored() {
        assert!(!exports_main_1("-export([step/2, twice/1, mix/2]).\n"));
        assert!(!exports_main_1("-export([main/0, main/10]).\n"));
        assert!(!exports_main_1("-module(m).\n"));
    }

    #[test]
    fn header_size_from_run_line() {
        let source =
            "%% Fibonacci.\n%%   cordon -pa perf/programs -run fib main 30\n-module(fib).\n";
        assert_eq!(header_size(source, "fib"), Some(vec!["30".to_owned()]));
    }

    #[test]
    fn header_size_with_two_arguments() {
        let source = "%% A ring.\n%%\n%%   cordon -pa examples -run ring main 10000 1000000\n-module(ring).\n";
        assert_eq!(
            header_size(source, "ring"),
            Some(vec!["10000".to_owned(), "1000000".to_owned()])
        );
    }

    #[test]
    fn header_size_absent_or_other_module() {
        assert_eq!(
            header_size("%% No size here.\n-module(fib).\n", "fib"),
            None
        );
        assert_eq!(
            header_size("%%   cordon -run other main 5\n-module(fib).\n", "fib"),
            None
        );
        // Only the leading comment counts.
        assert_eq!(
            header_size("-module(fib).\n%%   cordon -run fib main 5\n", "fib"),
            None
        );
    }

    #[test]
    fn plan_prefers_override_then_quick() {
        let programs = vec![
            program("fib", Some(&["30"])),
            program("tak", Some(&["1000"])),
        ];
        let overrides = vec![SizeOverride {
            program: "tak".to_owned(),
            args: vec!["5".to_owned()],
        }];
        let planned = plan(&programs, &[], &overrides, true).unwrap();
        assert_eq!(planned[0].size, Ok(vec!["20".to_owned()]));
        assert_eq!(planned[1].size, Ok(vec!["5".to_owned()]));
        let full = plan(&programs, &[], &[], false).unwrap();
        assert_eq!(full[0].size, Ok(vec!["30".to_owned()]));
    }

    #[test]
    fn plan_selects_programs() {
        let programs = vec![
            program("fib", Some(&["30"])),
            program("tak", Some(&["1000"])),
        ];
        let planned = plan(&programs, &["tak".to_owned()], &[], false).unwrap();
        assert_eq!(planned.len(), 1);
        assert_eq!(planned[0].program.name, "tak");
    }

    #[test]
    fn plan_rejects_unknown_names() {
        let programs = vec![program("fib", Some(&["30"]))];
        let err = plan(&programs, &["nope".to_owned()], &[], false).unwrap_err();
        assert!(err.contains("\"nope\""), "{err}");
        assert!(err.contains("fib"), "{err}");
        let overrides = vec![SizeOverride {
            program: "nope".to_owned(),
            args: vec!["1".to_owned()],
        }];
        assert!(plan(&programs, &[], &overrides, false).is_err());
    }

    #[test]
    fn missing_sizes_are_reasons() {
        let unknown = program("unknown", None);
        assert!(
            default_size(&unknown)
                .unwrap_err()
                .contains("--size unknown=N")
        );
        assert!(quick_size(&unknown).unwrap_err().contains("QUICK_SIZES"));
        assert_eq!(
            default_size(&program("ring", None)),
            Ok(vec!["1000".to_owned(), "100000".to_owned()])
        );
    }
}
