//! Runs one command and measures it: the in-VM time that the program prints,
//! the whole-process wall time, and the child's peak resident memory.
//!
//! Peak memory is `ru_maxrss` from `wait4(2)`: the maximum resident set
//! size of the child process over its lifetime, across `exec` (so erl's
//! shell-script wrapper and `erlexec` count), and of any of its own
//! children that it waited for. Linux reports it in KiB; `getrusage(2)`.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::report::format_memory_kib;
use crate::vms::Invocation;

/// How long the runner waits for the child's output pipes to close after
/// the child has exited, because a grandchild that inherited them can keep
/// them open.
const PIPE_GRACE: Duration = Duration::from_secs(5);

/// Measurements of one successful run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunMeasurement {
    /// The workload's time as printed by the program, in microseconds.
    pub in_vm_us: u64,
    /// Wall time from spawning the child to its exit.
    pub wall: Duration,
    /// Peak resident set size of the child, in KiB.
    pub max_rss_kib: u64,
}

/// Runs `invocation` in `cwd`, kills it after `timeout`, and measures it.
/// The error is the reason the run failed, as shown in the report.
pub fn run_once(
    invocation: &Invocation,
    cwd: &Path,
    timeout: Duration,
) -> Result<RunMeasurement, String> {
    let mut command = Command::new(&invocation.program);
    command
        .args(&invocation.args)
        .envs(invocation.env.iter().map(|(k, v)| (k, v)))
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group, so that a timeout kills erl's helper processes too.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);

    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|err| format!("cannot start {}: {err}", invocation.program.display()))?;
    let pid = child.id() as libc::pid_t;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());

    let exited = Arc::new((Mutex::new(false), Condvar::new()));
    let watchdog = spawn_watchdog(pid, timeout, Arc::clone(&exited));

    // Wait for the exit without reaping, so the pid and process group stay
    // valid until the watchdog can no longer signal them.
    let waited = wait_for_exit_unreaped(pid);
    let wall = start.elapsed();
    {
        let (lock, condvar) = &*exited;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        condvar.notify_all();
    }
    let timed_out = watchdog.join().unwrap_or(false);
    let (status, rusage) = reap(pid)?;
    waited?;

    if timed_out {
        return Err(format!("timed out after {} s", timeout.as_secs()));
    }
    let stdout = stdout
        .recv_timeout(PIPE_GRACE)
        .map_err(|_| "standard output stayed open after the VM exited".to_owned())?;
    let stderr = stderr.recv_timeout(PIPE_GRACE).unwrap_or_default();
    if let Some(reason) = exit_failure(status, max_rss_kib(&rusage)) {
        return Err(with_output_tail(reason, &stderr, &stdout));
    }
    let Some(in_vm_us) = parse_time_line(&stdout) else {
        return Err(with_output_tail(
            "printed no time line".to_owned(),
            &stderr,
            &stdout,
        ));
    };
    Ok(RunMeasurement {
        in_vm_us,
        wall,
        max_rss_kib: max_rss_kib(&rusage),
    })
}

/// Finds the in-VM time in a program's output, in microseconds: the last
/// line `time_us N`, else the last line ending in `in N ms` as
/// examples/ring.erl prints it (millisecond resolution).
pub fn parse_time_line(stdout: &str) -> Option<u64> {
    let mut micros = None;
    let mut millis = None;
    for line in stdout.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["time_us", n] => {
                if let Ok(value) = n.parse::<u64>() {
                    micros = Some(value);
                }
            }
            [.., "in", n, "ms"] => {
                if let Some(value) = n.parse::<u64>().ok().and_then(|v| v.checked_mul(1000)) {
                    millis = Some(value);
                }
            }
            _ => {}
        }
    }
    micros.or(millis)
}

/// Describes a non-zero exit or a death by signal. A signal's description
/// includes the peak memory, because the kernel's out-of-memory killer
/// sends SIGKILL.
fn exit_failure(status: libc::c_int, max_rss_kib: u64) -> Option<String> {
    if libc::WIFEXITED(status) {
        match libc::WEXITSTATUS(status) {
            0 => None,
            code => Some(format!("exit status {code}")),
        }
    } else if libc::WIFSIGNALED(status) {
        let signal = libc::WTERMSIG(status);
        Some(format!(
            "killed by signal {signal}{} at a peak memory of {}",
            signal_name(signal).map_or_else(String::new, |name| format!(" ({name})")),
            format_memory_kib(max_rss_kib as f64)
        ))
    } else {
        Some(format!("ended with wait status {status:#x}"))
    }
}

fn signal_name(signal: libc::c_int) -> Option<&'static str> {
    let name = match signal {
        libc::SIGABRT => "SIGABRT",
        libc::SIGBUS => "SIGBUS",
        libc::SIGFPE => "SIGFPE",
        libc::SIGILL => "SIGILL",
        libc::SIGINT => "SIGINT",
        libc::SIGKILL => "SIGKILL",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGTERM => "SIGTERM",
        _ => return None,
    };
    Some(name)
}

/// Appends the last non-empty line of stderr, else of stdout, to `reason`.
fn with_output_tail(reason: String, stderr: &str, stdout: &str) -> String {
    let last = |text: &str| {
        text.lines()
            .rev()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(str::to_owned)
    };
    match last(stderr).or_else(|| last(stdout)) {
        Some(line) => {
            let line: String = line.chars().take(160).collect();
            format!("{reason}: {line}")
        }
        None => reason,
    }
}

fn read_in_background<R: Read + Send + 'static>(pipe: Option<R>) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error ends the output early, and the time line check then
            // reports what is missing.
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = sender.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    receiver
}

/// Kills the child's process group if `exited` is not set within `timeout`,
/// and returns whether it did.
fn spawn_watchdog(
    pid: libc::pid_t,
    timeout: Duration,
    exited: Arc<(Mutex<bool>, Condvar)>,
) -> thread::JoinHandle<bool> {
    thread::spawn(move || {
        let (lock, condvar) = &*exited;
        let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = condvar
            .wait_timeout_while(guard, timeout, |done| !*done)
            .unwrap_or_else(|e| e.into_inner());
        if *guard {
            return false;
        }
        // The child is not yet reaped, because the waiting thread reaps it
        // only after it has set `exited`, so the process group id is still
        // the child's and cannot belong to another process.
        // SAFETY: kill has no memory-safety preconditions.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
        true
    })
}

/// Blocks until the child has exited, leaving it a zombie.
fn wait_for_exit_unreaped(pid: libc::pid_t) -> Result<(), String> {
    loop {
        // SAFETY: siginfo_t is plain data, and all zeros is a valid value.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: `info` is a valid, writable siginfo_t for the call.
        let rc = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("waitid failed on process {pid}: {err}"));
        }
    }
}

/// Reaps the child and returns its wait status and resource usage.
fn reap(pid: libc::pid_t) -> Result<(libc::c_int, libc::rusage), String> {
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: rusage is plain data, and all zeros is a valid value.
        let mut rusage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `status` and `rusage` are valid, writable locations.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut rusage) };
        if rc == pid {
            return Ok((status, rusage));
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4 failed on process {pid}: {err}"));
        }
    }
}

#[cfg(target_os = "macos")]
fn max_rss_kib(rusage: &libc::rusage) -> u64 {
    // macOS reports bytes.
    (rusage.ru_maxrss.max(0) as u64) / 1024
}

#[cfg(not(target_os = "macos"))]
fn max_rss_kib(rusage: &libc::rusage) -> u64 {
    // Linux and the BSDs report KiB.
    rusage.ru_maxrss.max(0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn shell(script: &str) -> Invocation {
        Invocation {
            env: Vec::new(),
            program: PathBuf::from("/bin/sh"),
            args: vec!["-c".to_owned(), script.to_owned()],
        }
    }

    #[test]
    fn time_us_line_parsed() {
        assert_eq!(
            parse_time_line("fib(30) = 832040\ntime_us 72040\n"),
            Some(72040)
        );
    }

    #[test]
    fn last_time_us_line_wins() {
        assert_eq!(parse_time_line("time_us 5\ntime_us 7\n"), Some(7));
    }

    #[test]
    fn ring_line_parsed_as_milliseconds() {
        let out = "1000 processes passed a token 100000 times in 97 ms\n";
        assert_eq!(parse_time_line(out), Some(97_000));
    }

    #[test]
    fn time_us_preferred_over_ms_line() {
        assert_eq!(parse_time_line("time_us 1500\ndone in 2 ms\n"), Some(1500));
    }

    #[test]
    fn missing_or_bad_time_line() {
        assert_eq!(parse_time_line(""), None);
        assert_eq!(parse_time_line("fib(30) = 832040\n"), None);
        assert_eq!(parse_time_line("time_us -5\n"), None);
        assert_eq!(parse_time_line("time_us 12 extra\n"), None);
        assert_eq!(parse_time_line("time_us\n"), None);
        assert_eq!(parse_time_line("in x ms\n"), None);
    }

    #[test]
    fn run_measures_successful_child() {
        let run = run_once(
            &shell("echo time_us 42"),
            Path::new("/"),
            Duration::from_secs(10),
        )
        .unwrap();
        assert_eq!(run.in_vm_us, 42);
        assert!(run.max_rss_kib > 0);
        assert!(run.wall < Duration::from_secs(10));
    }

    #[test]
    fn run_reports_exit_status_and_stderr() {
        let err = run_once(
            &shell("echo boom >&2; exit 3"),
            Path::new("/"),
            Duration::from_secs(10),
        )
        .unwrap_err();
        assert_eq!(err, "exit status 3: boom");
    }

    #[test]
    fn run_reports_missing_time_line() {
        let err = run_once(
            &shell("echo hello"),
            Path::new("/"),
            Duration::from_secs(10),
        )
        .unwrap_err();
        assert_eq!(err, "printed no time line: hello");
    }

    #[test]
    fn run_reports_signal() {
        let err = run_once(
            &shell("kill -SEGV $$"),
            Path::new("/"),
            Duration::from_secs(10),
        )
        .unwrap_err();
        assert!(
            err.starts_with("killed by signal 11 (SIGSEGV) at a peak memory of "),
            "{err}"
        );
    }

    #[test]
    fn run_times_out_and_kills_group() {
        let start = Instant::now();
        let err = run_once(
            &shell("sleep 30 & sleep 30"),
            Path::new("/"),
            Duration::from_secs(1),
        )
        .unwrap_err();
        assert_eq!(err, "timed out after 1 s");
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn run_reports_missing_program() {
        let missing = Invocation {
            env: Vec::new(),
            program: PathBuf::from("/nonexistent/cordon"),
            args: Vec::new(),
        };
        let err = run_once(&missing, Path::new("/"), Duration::from_secs(1)).unwrap_err();
        assert!(err.starts_with("cannot start /nonexistent/cordon"), "{err}");
    }

    #[test]
    fn run_passes_environment() {
        let mut inv = shell("echo time_us $PERF_TEST_VALUE");
        inv.env.push(("PERF_TEST_VALUE".to_owned(), "9".to_owned()));
        assert_eq!(
            run_once(&inv, Path::new("/"), Duration::from_secs(10))
                .unwrap()
                .in_vm_us,
            9
        );
    }
}
