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
