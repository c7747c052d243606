//! Adversarial inputs for the `cordon` command: hand-assembled modules that
//! break the rules erlc's code follows, damaged `.beam` files, hostile
//! runtime input and bad command lines.
//!
//! Every case must end with an Erlang exception or a clear error message:
//! never a Rust panic, a signal, a hang or lost output. The modules are in
//! `tests/adversarial/ebin`, built by `tests/adversarial/build.escript` from
//! the sources beside it, so this test needs no Erlang compiler. A case that
//! fails because of a known VM bug is ignored with the bug as its reason.

use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

const CORDON: &str = env!("CARGO_BIN_EXE_cordon");

/// Time a case may run before it is killed and counted as hung.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Virtual memory limit of each run, in KiB (`ulimit -v`), so that a case
/// that allocates without bound fails fast instead of exhausting the host.
const MEMORY_LIMIT_KIB: u64 = 8_000_000;

/// How one run of `cordon` ended.
struct Run {
    /// Exit status, or `None` when a signal ended the process.
    status: Option<i32>,
    signal: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Describes the run for assertion messages.
    fn summary(&self) -> String {
        let stderr: String = self.stderr.chars().take(1500).collect();
        format!(
            "status {:?}, signal {:?}, timed out {}\nstdout: {:?}\nstderr: {stderr}",
            self.status, self.signal, self.timed_out, self.stdout
        )
    }
}

fn ebin() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/adversarial/ebin")
}

/// Runs `cordon ARGS` in `ebin()` under `memory_kib` of virtual memory and
/// kills it after `timeout`.
fn cordon_with(args: &[OsString], timeout: Duration, memory_kib: u64) -> Run {
    // `exec` replaces the shell, so killing the child kills cordon itself.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v "$1" && ulimit -c 0 && shift && exec "$@""#)
        .arg("sh")
        .arg(memory_kib.to_string())
        .arg(CORDON)
        .args(args)
        .current_dir(ebin())
        .env("RUST_BACKTRACE", "0")
        .env_remove("CORDON_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sh to run cordon");
    let stdout = read_in_background(child.stdout.take().expect("stdout is piped"));
    let stderr = read_in_background(child.stderr.take().expect("stderr is piped"));
    let (status, timed_out) = wait_or_kill(&mut child, timeout);
    Run {
        status: status.code(),
        signal: status.signal(),
        timed_out,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

fn read_in_background(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

fn wait_or_kill(child: &mut Child, timeout: Duration) -> (std::process::ExitStatus, bool) {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().expect("wait for cordon") {
            return (status, false);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            return (child.wait().expect("wait for killed cordon"), true);
        }
        thread::sleep(Duration::from_millis(10));
    }
}

fn os_args(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// Runs `cordon -pa ebin -run MODULE main ARGS...`.
fn run_main(module: &str, args: &[&str]) -> Run {
    run_main_with(module, args, TIMEOUT, MEMORY_LIMIT_KIB)
}

fn run_main_with(module: &str, args: &[&str], timeout: Duration, memory_kib: u64) -> Run {
    let ebin = ebin();
    let mut all = vec![
        OsString::from("-pa"),
        ebin.into_os_string(),
        OsString::from("-run"),
        OsString::from(module),
        OsString::from("main"),
    ];
    all.extend(os_args(args));
    cordon_with(&all, timeout, memory_kib)
}

/// Runs one case of `adv_runtime`.
fn run_runtime_case(case: &str) -> Run {
    run_main("adv_runtime", &[case])
}

/// Asserts that the run ended by itself with an exit status, without a
/// Rust panic.
fn assert_no_crash(run: &Run) {
    assert!(!run.timed_out, "hung:\n{}", run.summary());
    assert_eq!(run.signal, None, "killed by a signal:\n{}", run.summary());
    assert!(
        !run.stderr.contains("panicked at"),
        "Rust panic:\n{}",
        run.summary()
    );
}

/// Asserts a clean failure: no crash, a non-zero status and `expected` on
/// standard error.
fn assert_fails_with(run: &Run, expected: &str) {
    assert_no_crash(run);
    assert_ne!(run.status, Some(0), "succeeded:\n{}", run.summary());
    assert!(
        run.stderr.contains(expected),
        "standard error lacks {expected:?}:\n{}",
        run.summary()
    );
}

/// Asserts that loading `module` failed with `expected` in an error that
/// names the module's file.
fn assert_load_rejected(module: &str, expected: &str) {
    let run = run_main(module, &[]);
    assert_fails_with(&run, expected);
    let file = format!("{module}.beam");
    assert!(
        run.stderr.contains(&file),
        "the error does not name {file}:\n{}",
        run.summary()
    );
}

// ---- damaged or out-of-range .beam files the loader must reject ----

#[test]
fn loader_x_register_1024() {
    assert_load_rejected("adv_x_register_1024", "x1024");
}

#[test]
fn loader_float_register_300() {
    assert_load_rejected("adv_float_register_300", "float register");
}

#[test]
fn loader_bif_op_of_trapping_bif() {
    assert_load_rejected("adv_bif_apply", "must be called with call_ext");
}

#[test]
fn bif_op_not_exempt_as_tightening() {
    let run = run_main("adv_bif_tightening", &[]);
    assert_fails_with(&run, "{policy_violation,{erlang,process_flag,2}}");
}

#[test]
fn loader_gc_bif_not_guard_bif() {
    assert_load_rejected("adv_gc_bif_not_guard", "not a guard BIF");
}

#[test]
fn loader_heap_need_overflow() {
    assert_load_rejected("adv_heap_need_overflow", "is too large");
}

#[test]
fn loader_huge_label_count() {
    assert_load_rejected("adv_label_count_huge", "4294967295 labels");
}

#[test]
fn loader_truncated_file() {
    assert_load_rejected("adv_truncated", "truncated");
}

#[test]
fn loader_huge_chunk_size() {
    assert_load_rejected("adv_chunk_size_huge", "chunk size 4294967280");
}

#[test]
fn loader_unknown_opcode() {
    assert_load_rejected("adv_unknown_opcode", "unknown opcode 200");
}

#[test]
fn loader_import_atom_out_of_range() {
    assert_load_rejected("adv_import_atom_out_of_range", "atom index 65535");
}

#[test]
#[ignore = "literals nested deeper than 1000 levels are rejected (DecodeLimits::max_depth); erl loads this module"]
fn loader_deep_literal() {
    let run = run_main("adv_deep_literal", &[]);
    assert_no_crash(&run);
    assert_eq!(run.status, Some(0), "failed:\n{}", run.summary());
}

// ---- instructions on values erlc never gives them ----
//
// OTP checks these with beam_validator in the compiler and trusts the
// loaded code. Cordon loads them, so it must fail them safely at run time
// or reject them at load time.

#[test]
fn get_list_on_nil() {
    assert_fails_with(&run_main("adv_get_list_nil", &[]), "adv_get_list_nil");
}

#[test]
fn get_tuple_element_on_integer() {
    let run = run_main("adv_get_tuple_element_int", &[]);
    assert_fails_with(&run, "adv_get_tuple_element_int");
}

#[test]
fn get_tuple_element_out_of_range() {
    let run = run_main("adv_get_tuple_element_oob", &[]);
    assert_fails_with(&run, "adv_get_tuple_element_oob");
}

#[test]
fn set_tuple_element_on_integer() {
    let run = run_main("adv_set_tuple_element_int", &[]);
    assert_fails_with(&run, "adv_set_tuple_element_int");
}

#[test]
fn set_tuple_element_on_literal() {
    let run = run_main("adv_set_tuple_element_literal", &[]);
    assert_no_crash(&run);
    assert!(
        !run.stdout.contains("{c,b}"),
        "the literal {{a,b}} was modified:\n{}",
        run.summary()
    );
}

#[test]
fn has_map_fields_on_integer() {
    let run = run_main("adv_has_map_fields_int", &[]);
    assert_fails_with(&run, "adv_has_map_fields_int");
}

#[test]
fn get_map_elements_on_tuple() {
    let run = run_main("adv_get_map_elements_tuple", &[]);
    assert_fails_with(&run, "adv_get_map_elements_tuple");
}

#[test]
fn stale_x_register_after_gc() {
    let run = run_main("adv_stale_x_after_gc", &[]);
    assert_no_crash(&run);
    // Acceptable: x(1) cleared to [] or the tuple still intact.
    let cleared = run.stdout == "[]\n";
    let intact = run.stdout.starts_with("{97,98,99,");
    assert!(cleared || intact, "read freed memory:\n{}", run.summary());
}

#[test]
fn registers_of_other_process() {
    let run = run_main("adv_read_other_registers", &[]);
    assert_no_crash(&run);
    assert!(
        !run.stdout.contains("4111111111111111"),
        "read a term from another process's heap:\n{}",
        run.summary()
    );
}

#[test]
fn registers_of_dead_process() {
    let run = run_main("adv_read_dead_registers", &[]);
    assert_no_crash(&run);
    assert!(
        !run.stdout.contains("#Word<"),
        "read freed memory:\n{}",
        run.summary()
    );
    assert!(
        !run.stdout.contains("[115,101,99,114,101,116]"),
        "read the exited process's data:\n{}",
        run.summary()
    );
}

#[test]
#[ignore = "a catch tag in a Y register can be read and passed on as a term: prints #Word<...>"]
fn catch_tag_as_value() {
    let run = run_main("adv_catch_tag_as_value", &[]);
    assert_no_crash(&run);
    assert!(
        !run.stdout.contains("#Word<"),
        "an internal word escaped as a term:\n{}",
        run.summary()
    );
}

#[test]
#[ignore = "deallocate beyond the frame wraps the stack length and return pops a Y slot: panic"]
fn deallocate_past_frame() {
    let run = run_main("adv_deallocate_too_much", &[]);
    assert_fails_with(&run, "adv_deallocate_too_much");
}

#[test]
#[ignore = "a Y register outside the frame indexes the stack out of bounds: panic"]
fn y_register_past_frame() {
    assert_fails_with(&run_main("adv_y_beyond_frame", &[]), "adv_y_beyond_frame");
}

#[test]
fn call_fun_arity_5000() {
    let run = run_main("adv_call_fun_arity_5000", &[]);
    assert_fails_with(&run, "adv_call_fun_arity_5000");
}

#[test]
fn jump_past_end() {
    assert_fails_with(&run_main("adv_jump_past_end", &[]), "adv_jump_past_end");
}

#[test]
fn test_heap_live_5000() {
    let run = run_main("adv_test_heap_live_5000", &[]);
    assert_fails_with(&run, "adv_test_heap_live_5000");
}

#[test]
#[ignore = "return to a continuation pointer forged from an integer: panic on module slot 60000"]
fn forged_return_address() {
    let run = run_main("adv_forged_return", &[]);
    assert_fails_with(&run, "adv_forged_return");
}

#[test]
fn allocate_huge() {
    assert_fails_with(&run_main("adv_allocate_huge", &[]), "adv_allocate_huge");
}

#[test]
fn test_heap_huge() {
    assert_fails_with(&run_main("adv_test_heap_huge", &[]), "adv_test_heap_huge");
}

#[test]
fn tight_loop_yields() {
    let run = run_main_with(
        "adv_tight_loop",
        &[],
        Duration::from_secs(10),
        MEMORY_LIMIT_KIB,
    );
    assert_no_crash(&run);
    assert_eq!(
        run.status,
        Some(0),
        "main/0 did not halt:\n{}",
        run.summary()
    );
}

#[test]
fn output_survives_crash() {
    let run = run_main("adv_lost_output", &[]);
    assert_eq!(run.signal, None, "killed by a signal:\n{}", run.summary());
    assert!(
        run.stdout.contains("before crash"),
        "output was lost:\n{}",
        run.summary()
    );
}

#[test]
fn output_survives_panic() {
    let run = run_main("adv_panic_keeps_output", &[]);
    assert!(!run.timed_out, "hung:\n{}", run.summary());
    assert_eq!(run.signal, None, "killed by a signal:\n{}", run.summary());
    assert_ne!(run.status, Some(0), "succeeded:\n{}", run.summary());
    assert!(
        run.stdout.contains("before panic"),
        "output was lost:\n{}",
        run.summary()
    );
}

#[test]
fn bs_get_integer_on_atom() {
    let run = run_main("adv_bs_on_non_context", &[]);
    assert_fails_with(&run, "function_clause");
}

#[test]
fn put_map_assoc_on_atom() {
    assert_fails_with(&run_main("adv_put_map_on_atom", &[]), "badmap");
}

// ---- hostile input from ordinary Erlang code ----

#[test]
fn make_tuple_huge() {
    assert_fails_with(&run_runtime_case("make_tuple_huge"), "badarg");
}

#[test]
fn binary_copy_huge() {
    assert_fails_with(&run_runtime_case("binary_copy_huge"), "system_limit");
}

#[test]
fn list_to_atom_256_characters() {
    assert_fails_with(&run_runtime_case("list_to_atom_long"), "system_limit");
}

#[test]
fn atom_table_full() {
    assert_fails_with(&run_runtime_case("atom_table_full"), "system_limit");
}

#[test]
fn apply_300_arguments() {
    let run = run_runtime_case("apply_300");
    assert_no_crash(&run);
    assert_eq!(run.status, Some(1), "{}", run.summary());
}

#[test]
fn raise_with_odd_stacktrace() {
    let run = run_runtime_case("raise_odd_stacktrace");
    assert_no_crash(&run);
    assert_eq!(run.status, Some(0), "{}", run.summary());
    assert_eq!(run.stdout, "result: badarg\n");
}

#[test]
fn format_with_broken_control() {
    assert_fails_with(&run_runtime_case("format_broken"), "badarg");
}

#[test]
fn recursion_10_million_deep() {
    let run = run_runtime_case("deep_recursion");
    assert_no_crash(&run);
    assert_eq!(run.status, Some(0), "{}", run.summary());
    assert_eq!(run.stdout, "result: 10000000\n");
}

#[test]
fn binary_to_term_hostile_bytes() {
    let run = run_runtime_case("binary_to_term_hostile");
    assert_no_crash(&run);
    assert_eq!(run.status, Some(0), "{}", run.summary());
    assert!(run.stdout.starts_with("result: ["), "{}", run.summary());
    assert!(
        !run.stdout.contains("ok"),
        "decoded a term erl rejects:\n{}",
        run.summary()
    );
}

// Each append copies the accumulator into a new off-heap binary. The dead
// copies must be collected as they pile up, not only when the process's
// heap fills: 150,000 appends left about 9 GB of them behind before.
#[test]
fn binary_appends_stay_in_memory_limit() {
    let run = run_runtime_case("binary_append_loop");
    assert_no_crash(&run);
    assert_eq!(run.status, Some(0), "{}", run.summary());
    assert_eq!(run.stdout, "result: 150000\n");
}

// A fun's code reads as many captured values as its definition has. erl
// decodes a fun with fewer (calling it fails later); Cordon rejects it at
// decoding, so no call can read past the values.
#[test]
fn decoded_fun_with_too_few_values() {
    assert_fails_with(&run_runtime_case("fun_env_too_few"), "badarg");
}

#[test]
fn decoded_fun_with_too_many_values() {
    assert_fails_with(&run_runtime_case("fun_env_too_many"), "badarg");
}

#[test]
fn halt_in_entry_function() {
    let run = run_runtime_case("halt_in_main");
    assert_no_crash(&run);
    assert_eq!(run.status, Some(3), "{}", run.summary());
    assert_eq!(run.stderr, "", "halt printed an error");
}

#[test]
#[ignore = "binary_to_term rejects terms nested deeper than 1000 levels that term_to_binary produced"]
fn term_round_trip_2000_deep() {
    let run = run_runtime_case("deep_term_round_trip");
    assert_no_crash(&run);
    assert_eq!(run.stdout, "result: true\n", "{}", run.summary());
}

#[test]
fn binary_to_term_duplicate_map_key() {
    assert_fails_with(&run_runtime_case("duplicate_map_keys"), "badarg");
}

#[test]
fn receive_after_huge() {
    let run = run_main_with(
        "adv_runtime",
        &["receive_after_huge"],
        Duration::from_secs(5),
        MEMORY_LIMIT_KIB,
    );
    assert_fails_with(&run, "timeout_value");
}

#[test]
fn put_300_thousand_keys() {
    let run = run_main_with(
        "adv_runtime",
        &["put_many"],
        Duration::from_secs(5),
        MEMORY_LIMIT_KIB,
    );
    assert_no_crash(&run);
    assert_eq!(run.stdout, "result: 300000\n", "{}", run.summary());
}

#[test]
fn spawn_million_processes() {
    // A waiting process takes about 2.8 KB in Cordon (measured with a
    // million), so 2 GB fits erl's default limit of 262,144 processes but
    // not a million.
    let run = run_main_with("adv_runtime", &["spawn_many"], TIMEOUT, 2_000_000);
    assert_fails_with(&run, "system_limit");
}

#[test]
#[ignore = "old module versions are never freed, so after 65,536 loads no module loads at all (io:format/2 is undef)"]
fn load_binary_70_thousand_times() {
    let run = run_main("adv_reload", &[]);
    assert_no_crash(&run);
    assert_eq!(run.stdout, "result: ok\n", "{}", run.summary());
}

// ---- command line ----

#[test]
fn cli_non_utf8_argument() {
    let mut args = os_args(&["-run", "adv_runtime", "main"]);
    args.push(OsStr::from_bytes(b"\xff\xfe").to_owned());
    let run = cordon_with(&args, TIMEOUT, MEMORY_LIMIT_KIB);
    assert_fails_with(&run, "UTF-8");
}

#[test]
fn cli_unknown_option() {
    let run = cordon_with(&os_args(&["-x"]), TIMEOUT, MEMORY_LIMIT_KIB);
    assert_fails_with(&run, "unknown option \"-x\"");
    assert_eq!(run.status, Some(2));
}

#[test]
fn cli_run_without_module() {
    let run = cordon_with(&os_args(&["-run"]), TIMEOUT, MEMORY_LIMIT_KIB);
    assert_fails_with(&run, "-run needs a module name");
    assert_eq!(run.status, Some(2));
}

#[test]
fn cli_undefined_module() {
    assert_fails_with(&run_main("adv_no_such_module", &[]), "undef");
}

#[test]
fn cli_module_name_300_characters() {
    let name = "a".repeat(300);
    let run = cordon_with(
        &os_args(&["-run", &name, "main"]),
        TIMEOUT,
        MEMORY_LIMIT_KIB,
    );
    assert_fails_with(&run, "at most 255 characters");
    assert_eq!(run.status, Some(2));
}

#[test]
fn cli_pa_names_a_file() {
    // The code path in the "not found" message shows the file given to -pa.
    let file = ebin().join("adv_put_map_on_atom.beam");
    let mut args = vec![OsString::from("-pa"), file.into_os_string()];
    args.extend(os_args(&["-run", "adv_no_such_module", "main"]));
    let run = cordon_with(&args, TIMEOUT, MEMORY_LIMIT_KIB);
    assert_fails_with(&run, "adv_put_map_on_atom.beam");
}

/// Runs `cordon -eval EXPRS`.
fn run_eval(exprs: &str) -> Run {
    cordon_with(&os_args(&["-eval", exprs]), TIMEOUT, MEMORY_LIMIT_KIB)
}

/// A scratch file for one test, removed when dropped.
struct ScratchFile(PathBuf);

impl ScratchFile {
    fn path(name: &str) -> ScratchFile {
        let path =
            std::env::temp_dir().join(format!("cordon-adversarial-{}-{name}", std::process::id()));
        let _ = std::fs::remove_file(&path);
        ScratchFile(path)
    }

    fn as_str(&self) -> &str {
        self.0.to_str().expect("temporary paths are UTF-8")
    }
}

impl Drop for ScratchFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn file_pread_huge_size() {
    let file = ScratchFile::path("pread");
    std::fs::write(&file.0, "hello").expect("scratch file is writable");
    let run = run_eval(&format!(
        "{{ok, F}} = file:open(\"{}\", [read, raw, binary]), \
         io:format(\"~p ~p~n\", [file:pread(F, 0, 1 bsl 50), file:read(F, 1 bsl 50)])",
        file.as_str()
    ));
    assert_no_crash(&run);
    assert_eq!(
        run.stdout,
        "{ok,<<\"hello\">>} {ok,<<\"hello\">>}\n",
        "{}",
        run.summary()
    );
}

#[test]
fn file_name_nested_deep() {
    let run = run_eval(
        "Deep = lists:foldl(fun(_, Acc) -> [Acc] end, \"/no/such/file\", lists:seq(1, 1000000)), \
         io:format(\"~p~n\", [file:read_file(Deep)])",
    );
    assert_no_crash(&run);
    assert_eq!(run.stdout, "{error,enoent}\n", "{}", run.summary());
}

#[test]
fn file_fifo_without_writer() {
    // Opening a FIFO that no process writes to must not block every
    // process on the scheduler; it reads as empty.
    let fifo = ScratchFile::path("fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo.0)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let run = run_eval(&format!(
        "Parent = self(), \
         spawn(fun() -> Parent ! {{read, file:read_file(\"{0}\")}} end), \
         receive {{read, R}} -> io:format(\"~p~n\", [R]) after 5000 -> io:format(\"timeout~n\") end, \
         io:format(\"~p~n\", [file:write_file(\"{0}\", <<\"x\">>)])",
        fifo.as_str()
    ));
    assert_no_crash(&run);
    assert_eq!(
        run.stdout,
        "{ok,<<>>}\n{error,enxio}\n",
        "{}",
        run.summary()
    );
}

#[test]
fn file_position_negative() {
    let file = ScratchFile::path("position");
    std::fs::write(&file.0, "hello").expect("scratch file is writable");
    let run = run_eval(&format!(
        "{{ok, F}} = file:open(\"{}\", [read, raw]), io:format(\"~p~n\", [file:position(F, -1)])",
        file.as_str()
    ));
    assert_no_crash(&run);
    assert_eq!(run.stdout, "{error,einval}\n", "{}", run.summary());
}
