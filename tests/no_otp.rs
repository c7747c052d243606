//! Runs test programs with OTP hidden, so only the `io`, `io_lib` and
//! `lists` modules that Cordon carries are there to load, and compares
//! their standard output and exit status with what erl (Erlang/OTP 25)
//! produced, as recorded in `tests/programs/expected`.
//!
//! OTP is hidden by setting `CORDON_NO_OTP=1` and by removing every
//! directory that contains an `erl` from `PATH`. Each program in [`PROGRAMS`]
//! is a test named `no_otp::NAME`. A program in [`SKIPPED`] still runs:
//! while it fails it is reported as ignored with its reason, and once it
//! passes it is reported as a failure so that its entry gets removed.
//!
//! Two more tests check which modules load: without OTP, the carried
//! modules (`code:which/1` returns `preloaded`), and with OTP installed,
//! OTP's own, which are the surest way to print exactly what OTP prints.
//! The second is ignored where no OTP installation is found.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use cordon_vm::code::CodeServer;
use libtest_mimic::{Arguments, Completion, Failed, Trial};

/// Programs of `tests/programs` that call only `erlang`, `io`, `io_lib`
/// and `lists`, and modules whose functions Cordon implements natively
/// (`binary`, `math`, `unicode` and the native `maps` functions). The
/// other programs also need OTP modules that Cordon does not carry:
/// `string`, `orddict`, `proplists`, `timer`, or `maps` functions written
/// in Erlang.
const PROGRAMS: &[&str] = &[
    "arith_bignum",
    "arith_errors",
    "arith_int",
    "atoms",
    "bin_comp",
    "bin_construct",
    "bin_match",
    "bin_utf",
    "binary_mod",
    "binary_trees",
    "bitstrings",
    "deep_recursion",
    "error_reasons",
    "exceptions",
    "ext_term",
    "fib",
    "floats",
    "fmt_basic",
    "fmt_numbers",
    "fun_errors",
    "funs",
    "gc_stress",
    "guards",
    "hello",
    "io_lib_fmt",
    "list_comp",
    "lists_basic",
    "maps_basic",
    "nbody",
    "phash",
    "proc_basic",
    "proc_dict",
    "proc_links",
    "proc_monitors",
    "proc_registry",
    "proc_ring",
    "proc_selective",
    "process_info",
    "raise_stack",
    "records",
    "tail_loops",
    "term_order",
    "tuples",
];

/// Programs of [`PROGRAMS`] that cannot pass yet, with the reason.
const SKIPPED: &[(&str, &str)] = &[(
    "term_order",
    "lists:sort/1 is a stable merge sort, and OTP's is not: equal but not \
     identical elements such as 1 and 1.0 come out in a different order",
)];

/// Time one program may run before it is killed and counted as failed.
const PROGRAM_TIMEOUT: Duration = Duration::from_secs(30);

/// Time to wait for a child's output pipes to close after it exited.
const PIPE_CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// Lines of a failing run's standard error shown in its failure message.
const STDERR_TAIL_LINES: usize = 20;

/// Paths relative to the package root, the working directory of every run.
const EBIN_DIR: &str = "tests/programs/ebin";
const EXPECTED_DIR: &str = "tests/programs/expected";
const FIXTURE_DIR: &str = "tests/no_otp";

/// The modules `which_modules` reports on.
const CARRIED_MODULES: &[&str] = &["io", "io_lib", "lists"];

fn main() {
    let args = Arguments::from_args();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cordon = PathBuf::from(env!("CARGO_BIN_EXE_cordon"));

    let mut trials = Vec::new();
    for &name in PROGRAMS {
        trials.push(program_trial(&root, &cordon, name));
    }
    {
        let (root, cordon) = (root.clone(), cordon.clone());
        trials.push(Trial::test("carried_modules_load_without_otp", move || {
            check_carried_modules(&root, &cordon)
        }));
    }
    let otp_root = CodeServer::find_otp_root();
    let trial = Trial::test("otp_modules_win_when_installed", move || {
        let otp_root = CodeServer::find_otp_root().ok_or("no OTP installation found")?;
        check_otp_modules(&root, &cordon, &otp_root)
    });
    trials.push(trial.with_ignored_flag(otp_root.is_none()));

    libtest_mimic::run(&args, trials).exit();
}

fn program_trial(root: &Path, cordon: &Path, name: &'static str) -> Trial {
    let root = root.to_path_buf();
    let cordon = cordon.to_path_buf();
    let skipped = SKIPPED.iter().find(|(n, _)| *n == name).map(|(_, r)| *r);
    match skipped {
        None => Trial::test(name, move || check_program(&root, &cordon, name)),
        Some(reason) => Trial::ignorable_test(name, move || {
            match check_program(&root, &cordon, name) {
                Ok(()) => Err(format!(
                    "{name} passes now but is listed in SKIPPED in tests/no_otp.rs; remove its entry"
                )
                .into()),
                Err(_) => Ok(Completion::ignored_with(reason)),
            }
        }),
    }
}

/// Returns `PATH` without the directories that contain an `erl`.
fn path_without_erl() -> OsString {
    let path = env::var_os("PATH").unwrap_or_default();
    let dirs_without_erl: Vec<PathBuf> = env::split_paths(&path)
        .filter(|dir| !dir.join("erl").exists())
        .collect();
    env::join_paths(dirs_without_erl).unwrap_or_default()
}

/// Builds a cordon command that runs `MODULE:main()` with `ebin` on the
/// code path and OTP hidden.
fn cordon_without_otp(root: &Path, cordon: &Path, ebin: &str, module: &str) -> Command {
    let mut command = Command::new(cordon);
    command
        .args(["-pa", ebin, "-run", module, "main"])
        .current_dir(root)
        .env("CORDON_NO_OTP", "1")
        .env("PATH", path_without_erl());
    command
}

/// Runs one program with OTP hidden and compares it with the erl run.
fn check_program(root: &Path, cordon: &Path, name: &str) -> Result<(), Failed> {
    let expected_stdout = read(root, &format!("{EXPECTED_DIR}/{name}.stdout"))?;
    let status_text = read(root, &format!("{EXPECTED_DIR}/{name}.status"))?;
    let status_text = String::from_utf8_lossy(&status_text);
    let expected_status: i32 = status_text.trim().parse().map_err(|_| {
        format!("invalid exit status {status_text:?} in {EXPECTED_DIR}/{name}.status")
    })?;

    let run = run_with_timeout(cordon_without_otp(root, cordon, EBIN_DIR, name))?;
    let mut problems = Vec::new();
    match run.status {
        None => problems.push(format!(
            "timed out after {} s and was killed",
            PROGRAM_TIMEOUT.as_secs()
        )),
        // erl exits with status 1 when the entry function fails; any
        // non-zero status matches that.
        Some(status) if status.code().map(|c| c == 0) != Some(expected_status == 0) => {
            problems.push(format!(
                "exit status: expected {expected_status}, got {}",
                describe(status)
            ));
        }
        Some(_) => {}
    }
    if run.stdout != expected_stdout {
        problems.push(first_difference(&expected_stdout, &run.stdout));
    }
    if problems.is_empty() {
        return Ok(());
    }
    problems.push(format!(
        "standard error (last {STDERR_TAIL_LINES} lines):\n{}",
        tail(&run.stderr, STDERR_TAIL_LINES)
    ));
    Err(problems.join("\n").into())
}

/// Without OTP, `io`, `io_lib` and `lists` are the modules Cordon carries.
fn check_carried_modules(root: &Path, cordon: &Path) -> Result<(), Failed> {
    let run = run_with_timeout(cordon_without_otp(
        root,
        cordon,
        FIXTURE_DIR,
        "which_modules",
    ))?;
    let origins = module_origins(&run)?;
    for &module in CARRIED_MODULES {
        let origin = origin_of(&origins, module)?;
        if origin != "preloaded" {
            return Err(format!("{module} was loaded from {origin}, expected preloaded").into());
        }
    }
    Ok(())
}

/// With OTP on the code path, its modules are loaded, not the carried ones.
fn check_otp_modules(root: &Path, cordon: &Path, otp_root: &Path) -> Result<(), Failed> {
    let mut command = Command::new(cordon);
    command
        .args(["-pa", FIXTURE_DIR, "-run", "which_modules", "main"])
        .current_dir(root)
        .env_remove("CORDON_NO_OTP");
    let run = run_with_timeout(command)?;
    let origins = module_origins(&run)?;
    let otp_lib = otp_root.join("lib");
    for &module in CARRIED_MODULES {
        let origin = origin_of(&origins, module)?;
        if !Path::new(&origin).starts_with(&otp_lib) {
            return Err(format!(
                "{module} was loaded from {origin}, expected a file under {}",
                otp_lib.display()
            )
            .into());
        }
    }
    Ok(())
}

/// Parses the `Module Origin` lines that `which_modules` prints.
fn module_origins(run: &Run) -> Result<Vec<(String, String)>, Failed> {
    if run.status.map(|s| s.success()) != Some(true) {
        return Err(format!(
            "which_modules failed ({}); standard error:\n{}",
            run.status.map_or("timed out".to_string(), describe),
            tail(&run.stderr, STDERR_TAIL_LINES)
        )
        .into());
    }
    let text = String::from_utf8_lossy(&run.stdout);
    Ok(text
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(module, origin)| (module.to_string(), origin.to_string()))
        .collect())
}

fn origin_of(origins: &[(String, String)], module: &str) -> Result<String, Failed> {
    origins
        .iter()
        .find(|(m, _)| m == module)
        .map(|(_, origin)| origin.clone())
        .ok_or_else(|| format!("which_modules printed no line for {module}").into())
}

fn read(root: &Path, relative: &str) -> Result<Vec<u8>, Failed> {
    fs::read(root.join(relative)).map_err(|err| format!("cannot read {relative}: {err}").into())
}

fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => code.to_string(),
        None => format!("no exit code ({status})"),
    }
}

/// Describes the first line where two outputs differ.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let expected_lines: Vec<&[u8]> = expected.split_inclusive(|&b| b == b'\n').collect();
    let actual_lines: Vec<&[u8]> = actual.split_inclusive(|&b| b == b'\n').collect();
    let same = expected_lines
        .iter()
        .zip(&actual_lines)
        .take_while(|(e, a)| e == a)
        .count();
    let show = |lines: &[&[u8]]| match lines.get(same) {
        Some(line) => format!("{:?}", String::from_utf8_lossy(line)),
        None => "end of output".to_string(),
    };
    format!(
        "standard output differs at line {}:\n  erl:    {}\n  cordon: {}",
        same + 1,
        show(&expected_lines),
        show(&actual_lines)
    )
}

fn tail(bytes: &[u8], lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Result of a child process run by `run_with_timeout`.
struct Run {
    /// `None` when the child timed out and was killed.
    status: Option<ExitStatus>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `command` with no standard input, capturing its output, and kills
/// it after `PROGRAM_TIMEOUT`.
fn run_with_timeout(mut command: Command) -> Result<Run, Failed> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .map_err(|err| format!("cannot run cordon: {err}"))?;
    // The pipes are drained while the child runs, so a child writing more
    // than a pipe buffer holds cannot block.
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let deadline = Instant::now() + PROGRAM_TIMEOUT;
    let status = loop {
        if let Some(status) = child
            .try_wait()
            .map_err(|err| format!("waiting for cordon failed: {err}"))?
        {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(5));
    };
    Ok(Run {
        status,
        stdout: stdout.recv_timeout(PIPE_CLOSE_TIMEOUT).unwrap_or_default(),
        stderr: stderr.recv_timeout(PIPE_CLOSE_TIMEOUT).unwrap_or_default(),
    })
}

/// Reads `pipe` to its end on a new thread and sends the bytes read.
fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error ends the output early, and the comparison
            // reports it.
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = sender.send(bytes);
    });
    receiver
}
