//! Call policy tests: runs the Erlang programs in `tests/policies` (one
//! rule area each) and `tests/escapes` (attempts to escape a policy) under
//! cordon and compares their standard output with the output written by
//! hand from the policy rules in `expected/NAME.stdout`. erl cannot record
//! these outputs because OTP has no call policies.
//!
//! A program is a module with an expected output; other modules in the
//! folder are helpers. The escape programs' canary prints `ESCAPED` when a
//! forbidden function runs, which fails the test on its own.
//!
//! `beams_are_current` checks the committed `.beam` files against a fresh
//! compile where erlc is on PATH. `CORDON_BIN` replaces the binary under
//! test.

use std::env;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

mod support;
use support::{TempDir, describe_status, diff, find_on_path, run_with_timeout, tail};

/// Folders of programs, relative to the package root.
const SUITES: [&str; 2] = ["tests/policies", "tests/escapes"];

/// Time one program may run before it is killed and counted as failed.
const PROGRAM_TIMEOUT: Duration = Duration::from_secs(30);

/// Time erlc may take to compile one suite.
const COMPILE_TIMEOUT: Duration = Duration::from_secs(300);

/// Lines of a failing run's standard error shown in its failure message.
const STDERR_TAIL_LINES: usize = 20;

/// What the escape canary prints when a forbidden function ran.
const ESCAPE_MARK: &[u8] = b"ESCAPED";

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cordon = env::var_os("CORDON_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_cordon")));
    let mut trials = Vec::new();
    for suite in SUITES {
        let programs = match list_programs(&root, suite) {
            Ok(programs) => programs,
            Err(err) => {
                eprintln!("cannot list the programs in {suite}: {err}");
                std::process::exit(101);
            }
        };
        let short = suite.trim_start_matches("tests/");
        for name in programs {
            let (root, cordon) = (root.clone(), cordon.clone());
            trials.push(Trial::test(format!("{short}::{name}"), move || {
                check_program(&root, &cordon, suite, &name)
            }));
        }
        let root = root.clone();
        trials.push(Trial::ignorable_test(
            format!("{short}::beams_are_current"),
            move || {
                let Some(erlc) = find_on_path("erlc") else {
                    return Ok(Completion::ignored_with("erlc not found on PATH"));
                };
                check_beams(&root, &erlc, suite)?;
                Ok(Completion::Completed)
            },
        ));
    }
    libtest_mimic::run(&args, trials).exit();
}

/// Lists the modules of `suite` that have an expected output, sorted.
fn list_programs(root: &Path, suite: &str) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(root.join(suite).join("expected"))? {
        let path = entry?.path();
        if path.extension() == Some(OsStr::new("stdout"))
            && let Some(stem) = path.file_stem().and_then(OsStr::to_str)
        {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}

fn check_program(root: &Path, cordon: &Path, suite: &str, name: &str) -> Result<(), Failed> {
    let expected_path = root
        .join(suite)
        .join("expected")
        .join(format!("{name}.stdout"));
    let expected = fs::read(&expected_path)
        .map_err(|err| format!("cannot read {}: {err}", expected_path.display()))?;
    let mut command = Command::new(cordon);
    command
        .arg("-pa")
        .arg(format!("{suite}/ebin"))
        .args(["-run", name, "main"])
        .current_dir(root);
    let run = run_with_timeout(command, PROGRAM_TIMEOUT)
        .map_err(|err| format!("cannot run {}: {err}", cordon.display()))?;
    let stderr = tail(&run.stderr, STDERR_TAIL_LINES);
    let Some(status) = run.status else {
        return Err(format!(
            "{name} did not finish in {} s\nstandard error:\n{stderr}",
            PROGRAM_TIMEOUT.as_secs()
        )
        .into());
    };
    if run
        .stdout
        .windows(ESCAPE_MARK.len())
        .any(|w| w == ESCAPE_MARK)
    {
        return Err(format!(
            "{name}: a forbidden function ran (the canary printed ESCAPED)\n{}",
            String::from_utf8_lossy(&run.stdout)
        )
        .into());
    }
    if run.stdout != expected {
        return Err(format!(
            "{}\nexit status {}\nstandard error:\n{stderr}",
            diff(&expected, &run.stdout, "expected", "cordon"),
            describe_status(status)
        )
        .into());
    }
    Ok(())
}

/// Compiles every module of `suite` and compares the result with the
/// committed `.beam` files.
fn check_beams(root: &Path, erlc: &Path, suite: &str) -> Result<(), Failed> {
    let out_dir = TempDir::create(&format!(
        "cordon-{}-beams",
        suite.trim_start_matches("tests/")
    ))
    .map_err(|err| format!("cannot create a temporary directory: {err}"))?;
    let mut sources = Vec::new();
    for entry in
        fs::read_dir(root.join(suite)).map_err(|err| format!("cannot list {suite}: {err}"))?
    {
        let path = entry
            .map_err(|err| format!("cannot list {suite}: {err}"))?
            .path();
        if path.extension() == Some(OsStr::new("erl")) {
            sources.push(path);
        }
    }
    sources.sort();
    let mut command = Command::new(erlc);
    command
        .arg("+deterministic")
        .arg("-o")
        .arg(&out_dir.path)
        .args(&sources)
        .current_dir(root);
    let run = run_with_timeout(command, COMPILE_TIMEOUT)
        .map_err(|err| format!("cannot run {}: {err}", erlc.display()))?;
    if !run.status.is_some_and(|status| status.success()) {
        return Err(format!("erlc failed:\n{}", tail(&run.stderr, STDERR_TAIL_LINES)).into());
    }
    let mut problems = Vec::new();
    for source in &sources {
        let stem = source.file_stem().and_then(OsStr::to_str).unwrap_or("");
        let committed = root.join(suite).join("ebin").join(format!("{stem}.beam"));
        let fresh = out_dir.path.join(format!("{stem}.beam"));
        match (fs::read(&committed), fs::read(&fresh)) {
            (Ok(committed), Ok(fresh)) if committed == fresh => {}
            (Ok(_), Ok(_)) => problems.push(format!("{stem}.beam differs from a fresh compile")),
            (Err(err), _) => problems.push(format!("cannot read {}: {err}", committed.display())),
            (_, Err(err)) => problems.push(format!("cannot read {}: {err}", fresh.display())),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\nrecompile with: erlc +deterministic -o {suite}/ebin {suite}/*.erl",
            problems.join("\n")
        )
        .into())
    }
}
