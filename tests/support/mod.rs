//! Helpers shared by the test harnesses that run Erlang programs under
//! cordon: running a child with a timeout, and showing how two outputs
//! differ.

#![allow(dead_code)]

use std::env;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Time to wait for a child's output pipes to close after it exited. A
/// process the child started can keep them open, and the harness must not
/// hang on it.
pub const PIPE_CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// Changed lines shown per side of a diff.
const DIFF_MAX_LINES: usize = 12;

/// Unchanged lines shown around the changed ones in a diff.
const DIFF_CONTEXT_LINES: usize = 3;

pub fn describe_status(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => code.to_string(),
        None => format!("no exit code ({status})"),
    }
}

/// Result of a child process run by `run_with_timeout`.
pub struct Run {
    /// `None` when the child timed out and was killed.
    pub status: Option<ExitStatus>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// False when the output pipes did not close in `PIPE_CLOSE_TIMEOUT`
    /// after the child ended; then `stdout` and `stderr` are empty.
    pub pipes_closed: bool,
}

/// Runs `command` with no standard input, capturing its output, and kills it
/// once `timeout` has passed.
pub fn run_with_timeout(command: Command, timeout: Duration) -> io::Result<Run> {
    run_with_input(command, None, timeout)
}

/// Runs `command` as `run_with_timeout` does, with standard input read from
/// the file `input` when one is given.
pub fn run_with_input(
    mut command: Command,
    input: Option<&Path>,
    timeout: Duration,
) -> io::Result<Run> {
    let stdin = match input {
        Some(path) => Stdio::from(fs::File::open(path)?),
        None => Stdio::null(),
    };
    command
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn()?;
    // The pipes are drained while the child runs, so that a child writing
    // more than a pipe buffer holds cannot block forever.
    let stdout = read_in_background(child.stdout.take().expect("stdout is piped"));
    let stderr = read_in_background(child.stderr.take().expect("stderr is piped"));

    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            // NOTE: only the child itself is killed. A process it started
            // survives, and the pipe timeout below keeps it from blocking
            // the harness.
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(5));
    };

    let pipe_deadline = Instant::now() + PIPE_CLOSE_TIMEOUT;
    let stdout = stdout.recv_timeout(pipe_deadline.saturating_duration_since(Instant::now()));
    let stderr = stderr.recv_timeout(pipe_deadline.saturating_duration_since(Instant::now()));
    let pipes_closed = stdout.is_ok() && stderr.is_ok();
    Ok(Run {
        status,
        stdout: stdout.unwrap_or_default(),
        stderr: stderr.unwrap_or_default(),
        pipes_closed,
    })
}

/// Reads `pipe` to its end on a new thread and sends the bytes read.
fn read_in_background(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        // A read error ends the output early, and the comparison reports it.
        let _ = pipe.read_to_end(&mut bytes);
        let _ = sender.send(bytes);
    });
    receiver
}

/// Formats a unified-style diff of the lines between the common start and
/// the common end of two outputs, with a few lines of context and at most
/// `DIFF_MAX_LINES` lines per side.
pub fn diff(expected: &[u8], actual: &[u8], expected_label: &str, actual_label: &str) -> String {
    // Lines keep their '\n', so a missing final newline counts as a change.
    let expected_lines: Vec<&[u8]> = expected.split_inclusive(|&b| b == b'\n').collect();
    let actual_lines: Vec<&[u8]> = actual.split_inclusive(|&b| b == b'\n').collect();

    let prefix = expected_lines
        .iter()
        .zip(&actual_lines)
        .take_while(|(e, a)| e == a)
        .count();
    let max_suffix = expected_lines.len().min(actual_lines.len()) - prefix;
    let suffix = expected_lines
        .iter()
        .rev()
        .zip(actual_lines.iter().rev())
        .take(max_suffix)
        .take_while(|(e, a)| e == a)
        .count();
    let removed = &expected_lines[prefix..expected_lines.len() - suffix];
    let added = &actual_lines[prefix..actual_lines.len() - suffix];
    let before = &expected_lines[prefix.saturating_sub(DIFF_CONTEXT_LINES)..prefix];
    let after_start = expected_lines.len() - suffix;
    let after_end = (after_start + DIFF_CONTEXT_LINES).min(expected_lines.len());
    let after = &expected_lines[after_start..after_end];

    let mut out = format!(
        "standard output differs, first at line {}:\n--- {expected_label}\n+++ {actual_label}\n",
        prefix + 1
    );
    let hunk_start = prefix - before.len() + 1;
    out.push_str(&format!(
        "@@ -{hunk_start},{} +{hunk_start},{} @@\n",
        before.len() + removed.len() + after.len(),
        before.len() + added.len() + after.len()
    ));
    for line in before {
        push_diff_line(&mut out, ' ', line);
    }
    push_diff_side(&mut out, '-', removed);
    push_diff_side(&mut out, '+', added);
    for line in after {
        push_diff_line(&mut out, ' ', line);
    }
    out.truncate(out.trim_end().len());
    out
}

fn push_diff_side(out: &mut String, marker: char, lines: &[&[u8]]) {
    for line in lines.iter().take(DIFF_MAX_LINES) {
        push_diff_line(out, marker, line);
    }
    if lines.len() > DIFF_MAX_LINES {
        out.push_str(&format!(
            "{marker} ... {} more lines\n",
            lines.len() - DIFF_MAX_LINES
        ));
    }
}

fn push_diff_line(out: &mut String, marker: char, line: &[u8]) {
    out.push(marker);
    match line.strip_suffix(b"\n") {
        Some(content) => {
            out.push_str(&escape(content));
            out.push('\n');
        }
        None => {
            out.push_str(&escape(line));
            out.push_str("\n\\ No newline at end of output\n");
        }
    }
}

/// Shows printable ASCII as is and every other byte as an escape, because
/// erl writes Latin-1 bytes for many characters and the diff must show the
/// exact bytes.
pub fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\t' => out.push('\t'),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            b'\r' => out.push_str("\\r"),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out
}

pub fn tail(bytes: &[u8], max_lines: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(max_lines)..].join("\n")
}

pub fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// A directory under the system temporary directory, removed on drop.
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    pub fn create(prefix: &str) -> io::Result<Self> {
        let path = env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
        fs::create_dir_all(&path)?;
        Ok(Self { path })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}
