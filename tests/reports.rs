//! Error reports on standard error: a gen_server crash, its proc_lib crash
//! report and a supervisor report, compared line by line with what erl
//! 25 writes for `tests/cli/reports.erl` (recorded in
//! `tests/cli/reports.stderr`). Pids, times, and the heap, stack and
//! reduction counts of a crash report differ between VMs, so both sides
//! are normalized before the comparison.

use std::process::Command;

/// Replaces every `<0.N.0>` with `<PID>`.
fn mask_pids(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("<0.") {
        out.push_str(&rest[..start]);
        let tail = &rest[start + 3..];
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && tail[digits..].starts_with(".0>") {
            out.push_str("<PID>");
            rest = &tail[digits + 3..];
        } else {
            out.push_str("<0.");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Masks what differs between runs and VMs in one line of a report.
fn normalize(line: &str) -> String {
    let line = mask_pids(line);
    if line.starts_with('=') && line.ends_with(" ===") {
        // "=TITLE==== 4-Dec-2026::21:33:36.068054 ==="
        if let Some(at) = line.find("==== ") {
            return format!("{}TIME ===", &line[..at + 5]);
        }
    }
    for counter in ["heap_size", "stack_size", "reductions"] {
        let prefix = format!("    {counter}: ");
        if line.starts_with(&prefix) {
            return format!("{prefix}N");
        }
    }
    line
}

#[test]
fn reports_match_erl() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_cordon"))
        .current_dir(root)
        .args(["-pa", "tests/cli", "-run", "reports", "main"])
        .output()
        .expect("cordon runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "done\n");
    assert_eq!(out.status.code(), Some(0));
    let expected = std::fs::read_to_string(format!("{root}/tests/cli/reports.stderr"))
        .expect("tests/cli/reports.stderr is readable");
    let actual = String::from_utf8_lossy(&out.stderr);
    let actual: Vec<String> = actual.lines().map(normalize).collect();
    let expected: Vec<&str> = expected.lines().collect();
    for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(a, e, "standard error line {} differs", i + 1);
    }
    assert_eq!(actual.len(), expected.len(), "standard error line count");
}

#[test]
fn normalize_masks_pids_and_times() {
    assert_eq!(
        normalize("=ERROR REPORT==== 4-Dec-2026::21:33:36.068054 ==="),
        "=ERROR REPORT==== TIME ==="
    );
    assert_eq!(
        normalize("** Generic server <0.84.0> terminating "),
        "** Generic server <PID> terminating "
    );
    assert_eq!(normalize("    reductions: 7843"), "    reductions: N");
    assert_eq!(normalize("<0.x <0.1.2>"), "<0.x <0.1.2>");
}
