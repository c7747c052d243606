//! Differential tests: runs each Erlang program in `tests/programs` under
//! cordon and compares its standard output and exit status with what erl
//! (Erlang/OTP 25) produced, as recorded by `tests/programs/regenerate.sh`.
//!
//! Every program is a test named after it. A program listed in
//! `tests/programs/KNOWN_FAILURES` still runs: while it fails it is reported
//! as ignored with the listed reason, and once it passes it is reported as a
//! failure so that its entry gets removed. `--ignored` or `--include-ignored`
//! run listed programs as ordinary tests, which shows their diffs.
//!
//! Two more tests check the recorded files themselves and are ignored where
//! the tool they need is not on PATH: `beams_are_current` (erlc) and
//! `expected_outputs_are_current` (erl).
//!
//! The environment variable `CORDON_BIN` replaces the cordon binary under
//! test, for example with a wrapper script.

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use libtest_mimic::{Arguments, Completion, Failed, Trial};

mod support;
use support::{
    PIPE_CLOSE_TIMEOUT, TempDir, describe_status, diff, find_on_path, run_with_input,
    run_with_timeout, tail,
};

/// Time one program may run before it is killed and counted as failed.
const PROGRAM_TIMEOUT: Duration = Duration::from_secs(30);

/// Time erlc may take to compile all programs in `beams_are_current`.
const COMPILE_TIMEOUT: Duration = Duration::from_secs(300);

/// Number of erl processes that `expected_outputs_are_current` runs at once.
const ERL_JOBS: usize = 2;

/// Start of the line erl writes to standard output when the entry function
/// fails. Cordon reports the failure on standard error instead, so the
/// recorded output leaves this line out (see `regenerate.sh`).
const ERL_CRASH_LINE_PREFIX: &[u8] = b"{\"init terminating in do_boot\",";

/// erl's `-kernel logger` setting that sends its log reports (a crashed
/// process, a supervisor restarting a child) to standard error, where
/// Cordon writes them, instead of standard output. Keep it equal to the one
/// in `regenerate.sh`.
const ERL_LOGGER: &str = "[{handler,default,logger_std_h,#{config=>#{type=>standard_error}}}]";

/// Lines of a failing run's standard error shown in its failure message.
const STDERR_TAIL_LINES: usize = 20;

/// Paths relative to the package root, which is also the working directory
/// of every program run.
const PROGRAMS_DIR: &str = "tests/programs";
const EBIN_DIR: &str = "tests/programs/ebin";
const EXPECTED_DIR: &str = "tests/programs/expected";
const KNOWN_FAILURES_FILE: &str = "tests/programs/KNOWN_FAILURES";

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cordon = env::var_os("CORDON_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_cordon")));

    let programs = match list_programs(&root) {
        Ok(programs) => programs,
        Err(err) => {
            eprintln!("cannot list the test programs in {PROGRAMS_DIR}: {err}");
            std::process::exit(101);
        }
    };
    let known = match read_known_failures(&root.join(KNOWN_FAILURES_FILE)) {
        Ok(known) => known,
        Err(err) => {
            eprintln!("cannot read {KNOWN_FAILURES_FILE}: {err}");
            std::process::exit(101);
        }
    };

    // With --ignored or --include-ignored, listed programs become ordinary
    // (statically ignored) tests, so their real failures and diffs show.
    let run_known_as_ordinary = args.ignored || args.include_ignored;

    let mut trials = Vec::new();
    for name in &programs {
        trials.push(program_trial(
            &root,
            &cordon,
            name,
            known.entries.get(name).cloned(),
            run_known_as_ordinary,
        ));
    }
    trials.push(known_failures_trial(&programs, known));
    trials.push(beams_trial(&root, &programs));
    trials.push(expected_outputs_trial(&root, &programs));

    libtest_mimic::run(&args, trials).exit();
}

fn program_trial(
    root: &Path,
    cordon: &Path,
    name: &str,
    known_reason: Option<String>,
    run_known_as_ordinary: bool,
) -> Trial {
    let root = root.to_path_buf();
    let cordon = cordon.to_path_buf();
    let test_name = name.to_string();
    let name = name.to_string();
    match known_reason {
        None => Trial::test(test_name, move || check_under_cordon(&root, &cordon, &name)),
        Some(_) if run_known_as_ordinary => {
            Trial::test(test_name, move || check_under_cordon(&root, &cordon, &name))
                .with_ignored_flag(true)
        }
        Some(reason) => Trial::ignorable_test(test_name, move || {
            match check_under_cordon(&root, &cordon, &name) {
                Ok(()) => Err(format!(
                    "{name} passes now but is listed in {KNOWN_FAILURES_FILE}; remove its entry"
                )
                .into()),
                Err(_) => Ok(Completion::ignored_with(reason)),
            }
        }),
    }
}

/// Runs one program under cordon and compares it with the recorded erl run.
fn check_under_cordon(root: &Path, cordon: &Path, name: &str) -> Result<(), Failed> {
    let expected = read_expected(root, name)?;
    let mut command = Command::new(cordon);
    command
        .args(["-pa", EBIN_DIR, "-run", name, "main"])
        .current_dir(root);
    let input = stdin_file(root, name);
    let run = run_with_input(command, input.as_deref(), PROGRAM_TIMEOUT)
        .map_err(|err| format!("cannot run {}: {err}", cordon.display()))?;

    let mut problems = Vec::new();
    match run.status {
        None => problems.push(format!(
            "timed out after {} s and was killed",
            PROGRAM_TIMEOUT.as_secs()
        )),
        Some(status) => {
            // erl exits with status 1 when the entry function fails. Cordon
            // only has to exit non-zero then, so any non-zero code matches.
            let status_matches = match status.code() {
                Some(code) => (code == 0) == (expected.status == 0),
                None => false,
            };
            if !status_matches {
                problems.push(format!(
                    "exit status: expected {}, got {}",
                    describe_expected_status(expected.status),
                    describe_status(status)
                ));
            }
        }
    }
    if !run.pipes_closed {
        problems.push(format!(
            "output pipes still open {} s after the program ended, so its output may be cut short",
            PIPE_CLOSE_TIMEOUT.as_secs()
        ));
    }
    if run.stdout != expected.stdout {
        let expected_label = format!("{EXPECTED_DIR}/{name}.stdout");
        problems.push(diff(
            &expected.stdout,
            &run.stdout,
            &expected_label,
            "cordon",
        ));
    }

    if problems.is_empty() {
        return Ok(());
    }
    if !run.stderr.is_empty() {
        problems.push(format!(
            "standard error (last {STDERR_TAIL_LINES} lines):\n{}",
            tail(&run.stderr, STDERR_TAIL_LINES)
        ));
    }
    Err(problems.join("\n").into())
}

struct Expected {
    stdout: Vec<u8>,
    status: i32,
}

fn read_expected(root: &Path, name: &str) -> Result<Expected, Failed> {
    let stdout_path = root.join(EXPECTED_DIR).join(format!("{name}.stdout"));
    let status_path = root.join(EXPECTED_DIR).join(format!("{name}.status"));
    let stdout = fs::read(&stdout_path).map_err(|err| {
        format!(
            "cannot read {}: {err}; run {PROGRAMS_DIR}/regenerate.sh",
            stdout_path.display()
        )
    })?;
    let status_text = fs::read_to_string(&status_path).map_err(|err| {
        format!(
            "cannot read {}: {err}; run {PROGRAMS_DIR}/regenerate.sh",
            status_path.display()
        )
    })?;
    let status = status_text.trim().parse().map_err(|_| {
        format!(
            "invalid exit status {:?} in {}; expected a number",
            status_text.trim(),
            status_path.display()
        )
    })?;
    Ok(Expected { stdout, status })
}

fn describe_expected_status(status: i32) -> String {
    if status == 0 {
        "0".to_string()
    } else {
        format!("non-zero (erl exited with {status})")
    }
}

/// Lists the program names, one per `tests/programs/*.erl`, sorted.
fn list_programs(root: &Path) -> io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(root.join(PROGRAMS_DIR))? {
        let path = entry?.path();
        if path.extension() == Some(OsStr::new("erl"))
            && let Some(stem) = path.file_stem().and_then(OsStr::to_str)
        {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// Parsed `KNOWN_FAILURES`: lines of `NAME  reason`, with blank lines and
/// lines starting with `#` skipped.
struct KnownFailures {
    entries: BTreeMap<String, String>,
    /// Malformed or repeated lines, reported by the `known_failures` test.
    errors: Vec<String>,
}

fn read_known_failures(path: &Path) -> io::Result<KnownFailures> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(err),
    };
    let mut entries = BTreeMap::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, reason) = match line.split_once(char::is_whitespace) {
            Some((name, reason)) => (name, reason.trim()),
            None => (line, ""),
        };
        if reason.is_empty() {
            errors.push(format!(
                "line {}: {name} has no reason; write `{name}  why it fails`",
                index + 1
            ));
            continue;
        }
        if entries
            .insert(name.to_string(), reason.to_string())
            .is_some()
        {
            errors.push(format!("line {}: {name} is listed twice", index + 1));
        }
    }
    Ok(KnownFailures { entries, errors })
}

/// Checks that `KNOWN_FAILURES` is well formed and names only programs that
/// exist.
fn known_failures_trial(programs: &[String], known: KnownFailures) -> Trial {
    let programs: BTreeSet<String> = programs.iter().cloned().collect();
    Trial::test("known_failures", move || {
        let mut errors = known.errors;
        for name in known.entries.keys() {
            if !programs.contains(name) {
                errors.push(format!(
                    "{name} is listed but {PROGRAMS_DIR}/{name}.erl does not exist"
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!("{KNOWN_FAILURES_FILE}:\n{}", errors.join("\n")).into())
        }
    })
}

/// Recompiles every program and checks that the committed .beam files match,
/// so that cordon runs the code the .erl sources describe.
fn beams_trial(root: &Path, programs: &[String]) -> Trial {
    let root = root.to_path_buf();
    let programs = programs.to_vec();
    Trial::ignorable_test("beams_are_current", move || {
        let Some(erlc) = find_on_path("erlc") else {
            return Ok(Completion::ignored_with("erlc not found on PATH"));
        };
        check_beams(&root, &erlc, &programs)?;
        Ok(Completion::Completed)
    })
}

fn check_beams(root: &Path, erlc: &Path, programs: &[String]) -> Result<(), Failed> {
    let out_dir = TempDir::create("cordon-differential-beams")
        .map_err(|err| format!("cannot create a temporary directory: {err}"))?;
    let mut command = Command::new(erlc);
    command
        .arg("+deterministic")
        .arg("-o")
        .arg(&out_dir.path)
        .args(
            programs
                .iter()
                .map(|name| format!("{PROGRAMS_DIR}/{name}.erl")),
        )
        .current_dir(root);
    let run = run_with_timeout(command, COMPILE_TIMEOUT)
        .map_err(|err| format!("cannot run {}: {err}", erlc.display()))?;
    if !run.status.is_some_and(|status| status.success()) {
        return Err(format!("erlc failed:\n{}", tail(&run.stderr, STDERR_TAIL_LINES)).into());
    }

    let mut problems = Vec::new();
    for name in programs {
        let committed = root.join(EBIN_DIR).join(format!("{name}.beam"));
        let fresh = out_dir.path.join(format!("{name}.beam"));
        match (fs::read(&committed), fs::read(&fresh)) {
            (Ok(committed), Ok(fresh)) if committed == fresh => {}
            (Ok(_), Ok(_)) => problems.push(format!("{name}.beam differs from a fresh compile")),
            (Err(err), _) => problems.push(format!("cannot read {}: {err}", committed.display())),
            (_, Err(err)) => problems.push(format!("cannot read {}: {err}", fresh.display())),
        }
    }
    let known: BTreeSet<&str> = programs.iter().map(String::as_str).collect();
    let entries = fs::read_dir(root.join(EBIN_DIR))
        .map_err(|err| format!("cannot list {EBIN_DIR}: {err}"))?;
    for entry in entries {
        let path = entry
            .map_err(|err| format!("cannot list {EBIN_DIR}: {err}"))?
            .path();
        let stem = path.file_stem().and_then(OsStr::to_str).unwrap_or("");
        if path.extension() == Some(OsStr::new("beam")) && !known.contains(stem) {
            problems.push(format!("{} has no source file", path.display()));
        }
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\nrun {PROGRAMS_DIR}/regenerate.sh with Erlang/OTP 25 and commit the result",
            problems.join("\n")
        )
        .into())
    }
}

/// Reruns every program under erl and checks that the recorded output and
/// status still match, which catches stale recordings and programs whose
/// output depends on timing.
fn expected_outputs_trial(root: &Path, programs: &[String]) -> Trial {
    let root = root.to_path_buf();
    let programs = programs.to_vec();
    Trial::ignorable_test("expected_outputs_are_current", move || {
        let Some(erl) = find_on_path("erl") else {
            return Ok(Completion::ignored_with("erl not found on PATH"));
        };
        check_expected_outputs(&root, &erl, programs)?;
        Ok(Completion::Completed)
    })
}

fn check_expected_outputs(root: &Path, erl: &Path, programs: Vec<String>) -> Result<(), Failed> {
    let programs = Arc::new(programs);
    let next = Arc::new(AtomicUsize::new(0));
    let problems = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..ERL_JOBS)
        .map(|_| {
            let (root, erl) = (root.to_path_buf(), erl.to_path_buf());
            let (programs, next, problems) = (programs.clone(), next.clone(), problems.clone());
            thread::spawn(move || {
                while let Some(name) = programs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(failed) = check_under_erl(&root, &erl, name) {
                        let message = failed.message().unwrap_or("failed").to_string();
                        problems.lock().unwrap().push((name.clone(), message));
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("erl worker thread panicked");
    }

    let mut problems = problems.lock().unwrap().clone();
    if problems.is_empty() {
        return Ok(());
    }
    problems.sort();
    let report: Vec<String> = problems
        .iter()
        .map(|(name, message)| format!("{name}: {message}"))
        .collect();
    Err(format!(
        "{}\nrun {PROGRAMS_DIR}/regenerate.sh if the programs changed. Otherwise the \
         differing programs depend on timing or on the OTP release (the recordings come \
         from OTP 25) and need fixing",
        report.join("\n\n")
    )
    .into())
}

fn check_under_erl(root: &Path, erl: &Path, name: &str) -> Result<(), Failed> {
    let expected = read_expected(root, name)?;
    let mut command = Command::new(erl);
    command
        .args([
            "-noshell", "-kernel", "logger", ERL_LOGGER, "-pa", EBIN_DIR, "-run", name, "main",
            "-s", "init", "stop",
        ])
        // Keeps a failing program from writing erl_crash.dump.
        .env("ERL_CRASH_DUMP_SECONDS", "0")
        .current_dir(root);
    let input = stdin_file(root, name);
    let run = run_with_input(command, input.as_deref(), PROGRAM_TIMEOUT)
        .map_err(|err| format!("cannot run {}: {err}", erl.display()))?;
    let Some(status) = run.status else {
        return Err(format!("timed out after {} s", PROGRAM_TIMEOUT.as_secs()).into());
    };
    let mut problems = Vec::new();
    if status.code() != Some(expected.status) {
        problems.push(format!(
            "exit status: recorded {}, erl now exits with {}",
            expected.status,
            describe_status(status)
        ));
    }
    let stdout = without_erl_crash_line(&run.stdout);
    if stdout != expected.stdout {
        let expected_label = format!("{EXPECTED_DIR}/{name}.stdout");
        problems.push(diff(&expected.stdout, &stdout, &expected_label, "erl"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

/// Returns the file a program reads as standard input, `tests/programs/NAME.stdin`,
/// if there is one; other programs run with no standard input.
fn stdin_file(root: &Path, name: &str) -> Option<PathBuf> {
    let path = root.join(PROGRAMS_DIR).join(format!("{name}.stdin"));
    path.is_file().then_some(path)
}

fn without_erl_crash_line(stdout: &[u8]) -> Vec<u8> {
    stdout
        .split_inclusive(|&b| b == b'\n')
        .filter(|line| !line.starts_with(ERL_CRASH_LINE_PREFIX))
        .flatten()
        .copied()
        .collect()
}
