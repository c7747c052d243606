//! Starting a VM the way `erl -noshell` does: set up the code path, start
//! the I/O servers, run the `-run`/`-s` calls one after another in an entry
//! process, and stop.

use std::path::PathBuf;
use std::sync::Arc;

use crate::atom::Atom;
use crate::code::{CodeServer, LoadFailure};
use crate::heap::{self, Heap};
use crate::policy;
use crate::scheduler::{self, SpawnOptions, Stop};
use crate::term::Term;
use crate::vm::Vm;

/// Modules Cordon carries in its binary, found after the code path.
pub const PRELOADED: &[(&str, &[u8])] = &[
    (
        "cordon_file_client",
        include_bytes!("../preloaded/cordon_file_client.beam"),
    ),
    (
        "cordon_io_input",
        include_bytes!("../preloaded/cordon_io_input.beam"),
    ),
    (
        "cordon_io_server",
        include_bytes!("../preloaded/cordon_io_server.beam"),
    ),
    ("init", include_bytes!("../preloaded/init.beam")),
    ("io", include_bytes!("../preloaded/io.beam")),
    ("io_lib", include_bytes!("../preloaded/io_lib.beam")),
    ("lists", include_bytes!("../preloaded/lists.beam")),
    ("prim_eval", include_bytes!("../preloaded/prim_eval.beam")),
    ("logger", include_bytes!("../preloaded/logger.beam")),
];

/// How the arguments of an entry call are passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// `-run`: a list of strings.
    Strings,
    /// `-s`: a list of atoms.
    Atoms,
}

/// One entry of the command line, run in order in the entry process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryCall {
    /// `-run MOD FUNC ARG...` or `-s MOD FUNC ARG...`.
    Apply {
        module: String,
        function: String,
        args: Vec<String>,
        kind: ArgKind,
    },
    /// `-eval EXPRS`: Erlang expressions, evaluated with OTP's `erl_scan`,
    /// `erl_parse` and `erl_eval` as erl does.
    Eval(String),
}

/// Modules `-eval` needs. Cordon does not carry them, so `-eval` works only
/// with OTP installed.
const EVAL_MODULES: [&str; 3] = ["erl_scan", "erl_parse", "erl_eval"];

/// What to run and where to find code.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Directories searched before the default code path (`-pa`).
    pub path_front: Vec<PathBuf>,
    /// Directories searched after it (`-pz`).
    pub path_back: Vec<PathBuf>,
    /// Calls run in order, all in one entry process.
    pub calls: Vec<EntryCall>,
    /// Policy file the entry process runs under (`--policy`).
    pub policy: Option<PathBuf>,
    /// File that receives one JSON line per policy violation (`--audit`).
    pub audit: Option<PathBuf>,
    /// File to write the learned allowlist policy to (`--learn`).
    pub learn: Option<PathBuf>,
    /// Layers the entry process starts with after the `--policy` file's,
    /// for programs that embed the VM.
    pub layers: Vec<policy::Policy>,
    /// Discard what processes write to standard output, for benchmarks.
    pub discard_output: bool,
}

/// Sets up the code path as erl does: `-pa` directories, the current
/// directory, OTP's libraries, then `-pz` directories.
pub fn code_server(options: &Options) -> CodeServer {
    let code = CodeServer::new(&crate::bif::all(), PRELOADED);
    for dir in &options.path_front {
        code.add_path_back(dir.clone());
    }
    code.add_path_back(PathBuf::from("."));
    // CORDON_NO_OTP=1 runs on the modules Cordon carries alone, as on a
    // machine without OTP.
    let skip_otp = std::env::var_os("CORDON_NO_OTP").is_some_and(|v| v == "1");
    if let Some(root) = CodeServer::find_otp_root().filter(|_| !skip_otp) {
        code.add_otp_paths(&root);
    }
    for dir in &options.path_back {
        code.add_path_back(dir.clone());
    }
    code
}

/// Runs the calls of `options` and returns the process exit status.
pub fn run(options: &Options) -> i32 {
    let vm = Vm::new(code_server(options));
    if options.discard_output {
        *vm.output.stdout.lock().unwrap_or_else(|e| e.into_inner()) = Box::new(std::io::sink());
    }
    let policy = match entry_policy(&vm, options) {
        Ok(policy) => policy,
        Err(message) => {
            vm.write_stderr(format!("cordon: {message}\n").as_bytes());
            return 2;
        }
    };
    start_init(&vm);
    let io_server = start_io_server(&vm);
    if policy.is_some() {
        init_erl_features(&vm);
    }
    let mut status = run_calls(&vm, io_server, &options.calls, policy);
    vm.flush_output();
    if let Some(path) = &options.learn {
        if let Err(e) = std::fs::write(path, vm.policy_log.learned_policy()) {
            vm.write_stderr(
                format!(
                    "cordon: writing the learned policy to {} failed: {e}\n",
                    path.display()
                )
                .as_bytes(),
            );
            status = status.max(1);
        }
    }
    status
}

/// Builds the entry process's policy from `--policy` and `--learn`, and
/// opens the `--audit` file.
fn entry_policy(vm: &Vm, options: &Options) -> Result<Option<Arc<policy::Stack>>, String> {
    if let Some(path) = &options.audit {
        let file = std::fs::File::create(path)
            .map_err(|e| format!("cannot create the audit file {}: {e}", path.display()))?;
        vm.policy_log
            .set_audit(Box::new(std::io::BufWriter::new(file)));
    }
    if let Some(path) = &options.learn {
        // Created now, so an unwritable path stops the run before it
        // starts instead of losing what it learned.
        std::fs::File::create(path).map_err(|e| {
            format!(
                "cannot create the learned policy file {}: {e}",
                path.display()
            )
        })?;
    }
    let mut layers = Vec::new();
    if let Some(path) = &options.policy {
        layers.push(policy::read_policy_file(path)?);
    }
    layers.extend(options.layers.iter().cloned());
    if options.learn.is_some() {
        layers.push(policy::Policy::learning());
    }
    if !layers.is_empty() {
        policy::ensure_enforced()?;
    }
    Ok(policy::Stack::for_child(None, layers))
}

/// Runs `erl_features:keywords()`, which sets up the feature table, in a process without a policy, when
/// OTP's `erl_features` is in the code path.
///
/// OTP's scanner and parser set up their feature table on first use with
/// `persistent_term:put/2`, a change to shared state that every policy
/// layer rejects, so without this a restricted process could not use
/// `erl_scan`, `erl_parse`, `file:consult/1` or `-eval`. The table depends
/// only on the OTP release and the `-enable-feature` arguments, none of
/// which a process controls.
fn init_erl_features(vm: &Arc<Vm>) {
    let module = Atom::from_static("erl_features");
    if vm.code.ensure_loaded(module).is_err() {
        return;
    }
    scheduler::spawn(
        vm,
        None,
        module,
        Atom::from_static("keywords"),
        Term::NIL,
        SpawnOptions::default(),
    );
    // With no entry process yet, the scheduler returns once every process
    // is waiting, which is when keywords/0 has returned.
    let _ = scheduler::run(vm);
}

/// Starts the process registered as `init`.
fn start_init(vm: &Arc<Vm>) {
    let id = scheduler::spawn(
        vm,
        None,
        Atom::from_static("init"),
        Atom::from_static("idle"),
        Term::NIL,
        SpawnOptions::default(),
    );
    vm.register(Atom::from_static("init"), id);
}

/// Starts the I/O servers `user` (standard input and output) and
/// `standard_error`, and returns the pid of `user`, the group leader of
/// every process started after it.
fn start_io_server(vm: &Arc<Vm>) -> Term {
    let user = start_device(vm, "user", "stdout", None);
    start_device(vm, "standard_error", "stderr", Some(user));
    user
}

fn start_device(vm: &Arc<Vm>, name: &str, device: &str, group_leader: Option<Term>) -> Term {
    let mut scratch = Heap::default();
    let args = heap::list(&mut scratch, &[Term::atom(Atom::from_static(device))]);
    let id = scheduler::spawn(
        vm,
        None,
        Atom::from_static("cordon_io_server"),
        Atom::from_static("start"),
        args,
        SpawnOptions::default(),
    );
    let pid = Term::pid(id);
    if let Some(cell) = vm.process(id) {
        if let Some(p) = cell
            .process
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
        {
            p.group_leader = group_leader.unwrap_or(pid);
        }
    }
    vm.register(Atom::from_static(name), id);
    pid
}

/// Builds the argument list of one call: `[]`, or `[Args]` with the
/// arguments as strings (`-run`) or atoms (`-s`).
fn call_args(heap: &mut Heap, args: &[String], kind: ArgKind) -> Result<Term, String> {
    if args.is_empty() {
        return Ok(Term::NIL);
    }
    let mut items = Vec::with_capacity(args.len());
    for a in args {
        items.push(match kind {
            ArgKind::Strings => heap::char_list(heap, a),
            ArgKind::Atoms => {
                Term::atom(Atom::intern(a).map_err(|e| format!("argument {a:?}: {e}"))?)
            }
        });
    }
    let list = heap::list(heap, &items);
    Ok(heap::list(heap, &[list]))
}

/// Reports a call whose module no directory of the code path has, which
/// erl would only show as `undef`.
fn check_module(vm: &Vm, module: Atom) -> Result<(), String> {
    match vm.code.ensure_loaded(module) {
        Ok(_) => Ok(()),
        Err(LoadFailure::NotFound(_)) => {
            let dirs: Vec<String> = vm
                .code
                .paths()
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            Err(format!(
                "module '{module}' not found: no {module}.beam in the code path ({}); \
                 add its directory with -pa",
                dirs.join(", ")
            ))
        }
        Err(e @ LoadFailure::Invalid(_)) => Err(format!(
            "{e}; recompile the module with OTP 25's erlc, or take the file off the code path"
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Builds the term `init:do_boot/3` runs for one entry: `{M, F, Args}` or
/// `{eval, Binary}`. A missing module is reported on standard error but not
/// fatal, because erl runs the call anyway and fails with `undef`.
fn entry_term(vm: &Vm, scratch: &mut Heap, call: &EntryCall) -> Result<Term, String> {
    match call {
        EntryCall::Apply {
            module,
            function,
            args,
            kind,
        } => {
            let (Ok(module), Ok(function)) = (Atom::intern(module), Atom::intern(function)) else {
                return Err("module and function names must be at most 255 characters".into());
            };
            if let Err(message) = check_module(vm, module) {
                vm.write_stderr(format!("cordon: {message}\n").as_bytes());
            }
            let args = call_args(scratch, args, *kind)?;
            Ok(heap::tuple(
                scratch,
                &[Term::atom(module), Term::atom(function), args],
            ))
        }
        EntryCall::Eval(exprs) => {
            for name in EVAL_MODULES {
                if vm.code.ensure_loaded(Atom::from_static(name)).is_err() {
                    let fix = if std::env::var_os("CORDON_NO_OTP").is_some_and(|v| v == "1") {
                        "unset CORDON_NO_OTP, which leaves OTP's libraries off the code path"
                    } else {
                        "install Erlang/OTP 25 (Debian: apt-get install erlang-base)"
                    };
                    return Err(format!(
                        "-eval needs OTP's {name} module, which is not in the code path; {fix}"
                    ));
                }
            }
            let text = heap::binary(scratch, exprs.as_bytes());
            Ok(heap::tuple(
                scratch,
                &[Term::atom(Atom::from_static("eval")), text],
            ))
        }
    }
}

/// Runs every call in one entry process, as erl's init does, and returns
/// the exit status.
fn run_calls(
    vm: &Arc<Vm>,
    group_leader: Term,
    calls: &[EntryCall],
    policy: Option<Arc<policy::Stack>>,
) -> i32 {
    let mut scratch = Heap::default();
    let mut tuples = Vec::with_capacity(calls.len());
    for call in calls {
        match entry_term(vm, &mut scratch, call) {
            Ok(term) => tuples.push(term),
            Err(message) => {
                vm.write_stderr(format!("cordon: {message}\n").as_bytes());
                return 2;
            }
        }
    }
    let calls_list = heap::list(&mut scratch, &tuples);
    let boot_args = heap::list(&mut scratch, &[calls_list, Term::NIL, Term::NIL]);
    let id = scheduler::spawn(
        vm,
        None,
        Atom::from_static("init"),
        Atom::from_static("do_boot"),
        boot_args,
        SpawnOptions {
            policy,
            ..SpawnOptions::default()
        },
    );
    if let Some(cell) = vm.process(id) {
        if let Some(p) = cell
            .process
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
        {
            p.group_leader = group_leader;
        }
    }
    vm.set_main_pid(id);
    match scheduler::run(vm) {
        Stop::Halt(status) | Stop::MainDone(status) => status,
        Stop::Deadlock => {
            vm.flush_output();
            let names: Vec<String> = calls
                .iter()
                .map(|c| match c {
                    EntryCall::Apply {
                        module, function, ..
                    } => format!("{module}:{function}"),
                    EntryCall::Eval(exprs) => format!("-eval {exprs:?}"),
                })
                .collect();
            vm.write_stderr(
                format!(
                    "cordon: {} never finished: every process is waiting for a message \
                     and no timer is pending\n",
                    names.join(", ")
                )
                .as_bytes(),
            );
            1
        }
    }
}
