//! Tests of the `cordon` command line: how entry calls run and end.

use std::process::{Command, Output};

fn cordon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cordon"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("cordon runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn halt_in_entry_is_no_boot_error() {
    let out = cordon(&[
        "-pa",
        "tests/programs/ebin",
        "-run",
        "hello",
        "main",
        "-s",
        "erlang",
        "halt",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("Hello, world!\n"));
    assert!(
        !text(&out.stderr).contains("init terminating"),
        "stderr: {}",
        text(&out.stderr)
    );
}

#[test]
fn calls_run_in_one_process() {
    let out = cordon(&[
        "-pa",
        "tests/cli",
        "-run",
        "entries",
        "remember",
        "-run",
        "entries",
        "recall",
    ]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "remembered\n");
}

#[test]
fn missing_module_names_code_path() {
    let out = cordon(&["-run", "no_such_module_here", "main"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("module 'no_such_module_here' not found"),
        "{stderr}"
    );
    assert!(stderr.contains("add its directory with -pa"), "{stderr}");
}

#[test]
fn crash_prints_strings_readably() {
    let out = cordon(&[
        "-pa",
        "tests/programs/ebin",
        "-run",
        "crash_badmatch",
        "main",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("{file,\"crash_badmatch.erl\"}"), "{stderr}");
    assert!(
        stderr.contains("{init,start_em,1,[]},{init,do_boot,3,[]}"),
        "{stderr}"
    );
}

/// A file under the system temporary directory, removed on drop.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> TempFile {
        let path = std::env::temp_dir().join(format!("cordon-cli-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("temporary file is writable");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temporary paths are UTF-8")
    }

    fn read(&self) -> String {
        std::fs::read_to_string(&self.0).unwrap_or_default()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Permits what tests/cli/guarded.erl does except os:getpid/0.
const GUARDED_POLICY: &str = "\
%% The entry module, printing through a trusted io, and one spawn.
{mode, allow}.
{mfas, [{guarded, '_', '_'}, {io, format, 2}, {lists, reverse, 1},
        {erlang, spawn, 1}]}.
{spawn, true}.
{trusted, [io]}.
";

fn guarded(extra: &[&str]) -> Output {
    let mut args = extra.to_vec();
    args.extend(["-pa", "tests/cli", "-run", "guarded", "main"]);
    cordon(&args)
}

#[test]
fn policy_file_confines_entry() {
    let policy = TempFile::new("confine.policy", GUARDED_POLICY);
    let out = guarded(&["--policy", policy.path()]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("[3,2,1]\nspawned true\n"), "{stdout}");
    assert!(
        stdout.contains("{policy_violation,{os,getpid,0}}"),
        "{stdout}"
    );
}

#[test]
fn policy_denying_entry_fails_boot() {
    let policy = TempFile::new("empty.policy", "{mode, allow}.\n");
    let out = guarded(&["--policy", policy.path()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("{policy_violation,{guarded,main,0}}"),
        "stderr: {}",
        text(&out.stderr)
    );
}

#[test]
fn bad_policy_file_rejected() {
    let cases = [
        ("{mode, alow}.\n", "alow"),
        ("{mode, allow}\n{mfas, []}.\n", "line 2"),
        ("{mfas, [{guarded, _, 0}]}.\n", "'_'"),
        ("[mode].\n", "{Key, Value}"),
        ("{spawn, true}.\n{inherit, false}.\n", "inherit"),
    ];
    for (contents, shown) in cases {
        let policy = TempFile::new("bad.policy", contents);
        let out = guarded(&["--policy", policy.path()]);
        assert_eq!(out.status.code(), Some(2), "{contents:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(policy.path()), "{contents:?}: {stderr}");
        assert!(stderr.contains(shown), "{contents:?}: {stderr}");
        assert!(text(&out.stdout).is_empty(), "{contents:?}");
    }
}

#[test]
fn missing_policy_file_rejected() {
    let out = guarded(&["--policy", "/nonexistent/cordon.policy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read the policy file /nonexistent/cordon.policy"),
        "stderr: {}",
        text(&out.stderr)
    );
}

#[test]
fn policy_flag_needs_one_file() {
    let out = cordon(&["--policy"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--policy needs a file name"));
    let out = cordon(&["--audit", "a", "--audit", "b", "-run", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--audit is given twice"));
}

#[test]
fn audit_file_gets_json_lines() {
    let logging = GUARDED_POLICY.to_owned() + "{on_violation, log}.\n";
    let policy = TempFile::new("log.policy", &logging);
    let audit = TempFile::new("audit.jsonl", "");
    let out = guarded(&["--policy", policy.path(), "--audit", audit.path()]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(
        text(&out.stdout).ends_with("true\n"),
        "{}",
        text(&out.stdout)
    );
    let records = audit.read();
    let lines: Vec<&str> = records.lines().collect();
    assert_eq!(lines.len(), 1, "{records}");
    let line = lines[0];
    assert!(line.starts_with("{\"") && line.ends_with('}'), "{line}");
    assert!(line.contains("\"mfa\":\"os:getpid/0\""), "{line}");
    assert!(line.contains("\"action\":\"log\""), "{line}");
    assert!(line.contains("\"layer\":1"), "{line}");
    assert!(line.contains("\"pid\":\"<0."), "{line}");
    assert!(line.contains("\"time\":\"20"), "{line}");
}

#[test]
fn logged_violation_without_audit_goes_to_stderr() {
    let logging = GUARDED_POLICY.to_owned() + "{on_violation, log}.\n";
    let policy = TempFile::new("stderr.policy", &logging);
    let out = guarded(&["--policy", policy.path()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("called os:getpid/0, action log (layer 1)"),
        "stderr: {}",
        text(&out.stderr)
    );
}

#[test]
fn learned_policy_permits_the_same_run() {
    let learned = TempFile::new("learned.policy", "");
    let first = guarded(&["--learn", learned.path()]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "stderr: {}",
        text(&first.stderr)
    );
    let policy = learned.read();
    assert!(policy.contains("{guarded, main, 0}"), "{policy}");
    assert!(policy.contains("{os, getpid, 0}"), "{policy}");
    assert!(policy.contains("{spawn, true}."), "{policy}");
    let second = guarded(&["--policy", learned.path()]);
    assert_eq!(
        second.status.code(),
        Some(0),
        "stderr: {}",
        text(&second.stderr)
    );
    assert_eq!(text(&second.stdout), text(&first.stdout));
    assert!(!text(&second.stdout).contains("policy_violation"));
}

#[test]
fn eval_runs_expressions_in_order() {
    let out = cordon(&[
        "-pa",
        "tests/cli",
        "-eval",
        "X = 6 * 7, io:format(\"~p~n\", [X])",
        "-run",
        "entries",
        "remember",
        "-eval",
        "io:format(\"second~n\").",
        "-run",
        "entries",
        "recall",
    ]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "42\nsecond\nremembered\n");
}

#[test]
fn eval_receive_selects_message() {
    // erl_eval runs a receive expression through prim_eval:'receive'/2.
    let out = cordon(&[
        "-eval",
        "self() ! first, self() ! {pick, 7}, \
         receive {pick, N} -> io:format(\"~p~n\", [N]) end, \
         receive Other -> io:format(\"~p~n\", [Other]) end, \
         receive _ -> unexpected after 10 -> io:format(\"timeout~n\") end",
    ]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "7\nfirst\ntimeout\n");
}

#[test]
fn eval_syntax_error_fails_boot() {
    let out = cordon(&["-eval", "x +"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("{badmatch,{error,{1,erl_parse,"),
        "stderr: {stderr}"
    );
    assert!(stderr.contains("{init,start_it,1,[]}"), "stderr: {stderr}");
}

#[test]
fn eval_needs_expressions() {
    let out = cordon(&["-eval"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("-eval needs Erlang expressions"));
}

#[test]
fn eval_without_otp_names_the_module() {
    let out = Command::new(env!("CARGO_BIN_EXE_cordon"))
        .env("CORDON_NO_OTP", "1")
        .args(["-eval", "ok"])
        .output()
        .expect("cordon runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("-eval needs OTP's erl_scan module"),
        "stderr: {stderr}"
    );
}

#[test]
fn learned_policy_confines_eval() {
    let learned = TempFile::new("eval.policy", "");
    let sum = "io:format(\"~p~n\", [lists:sum(lists:seq(1, 10))])";
    let first = cordon(&["--learn", learned.path(), "-eval", sum]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "stderr: {}",
        text(&first.stderr)
    );
    assert_eq!(text(&first.stdout), "55\n");
    // The scanner's feature table is set up before the entry process runs,
    // so the run changed no shared state a policy would have to permit.
    assert!(!learned.read().contains("persistent_term:put"));

    let marker = std::env::temp_dir().join(format!("cordon-cli-{}-evaded", std::process::id()));
    let hostile = format!(
        "{sum}, os:cmd(\"touch {}\")",
        marker.to_str().expect("temporary paths are UTF-8")
    );
    let second = cordon(&["--policy", learned.path(), "-eval", &hostile]);
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(text(&second.stdout), "55\n");
    assert!(
        text(&second.stderr).contains("{policy_violation,{os,cmd,1}}"),
        "stderr: {}",
        text(&second.stderr)
    );
    assert!(!marker.exists(), "os:cmd ran under the learned policy");
}
