//! Starting a VM the way `erl -noshell` does: set up the code path, start
//! the I/O server, run each `-run`/`-s` call in an entry process, and stop.

use std::path::PathBuf;
use std::sync::Arc;

use crate::atom::Atom;
use crate::code::CodeServer;
use crate::heap::{self, Heap};
use crate::scheduler::{self, SpawnOptions, Stop};
use crate::term::Term;
use crate::vm::Vm;

/// Modules Cordon carries in its binary, found after the code path.
pub const PRELOADED: &[(&str, &[u8])] = &[
    (
        "cordon_io_server",
        include_bytes!("../preloaded/cordon_io_server.beam"),
    ),
    (
        "cordon_init",
        include_bytes!("../preloaded/cordon_init.beam"),
    ),
];

/// How the arguments of an entry call are passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// `-run`: a list of strings.
    Strings,
    /// `-s`: a list of atoms.
    Atoms,
}

/// One `-run` or `-s` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryCall {
    pub module: String,
    pub function: String,
    pub args: Vec<String>,
    pub kind: ArgKind,
}

/// What to run and where to find code.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Directories searched before the default code path (`-pa`).
    pub path_front: Vec<PathBuf>,
    /// Directories searched after it (`-pz`).
    pub path_back: Vec<PathBuf>,
    /// Calls run in order, each in a new entry process.
    pub calls: Vec<EntryCall>,
}

/// Sets up the code path as erl does: `-pa` directories, the current
/// directory, OTP's libraries, then `-pz` directories.
pub fn code_server(options: &Options) -> CodeServer {
    let code = CodeServer::new(&crate::bif::all(), PRELOADED);
    for dir in &options.path_front {
        code.add_path_back(dir.clone());
    }
    code.add_path_back(PathBuf::from("."));
    if let Some(root) = CodeServer::find_otp_root() {
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
    start_init(&vm);
    let io_server = start_io_server(&vm);
    for call in &options.calls {
        let status = run_call(&vm, io_server, call);
        if status != 0 {
            vm.flush_output();
            return status;
        }
    }
    vm.flush_output();
    0
}

/// Starts the process registered as `init`.
fn start_init(vm: &Arc<Vm>) {
    let id = scheduler::spawn(
        vm,
        None,
        Atom::from_static("cordon_init"),
        Atom::from_static("start"),
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

fn run_call(vm: &Arc<Vm>, group_leader: Term, call: &EntryCall) -> i32 {
    let (Ok(module), Ok(function)) = (Atom::intern(&call.module), Atom::intern(&call.function))
    else {
        vm.write_stderr(b"cordon: module and function names must be at most 255 characters\n");
        return 2;
    };
    let mut scratch = Heap::default();
    let args = match (call.kind, call.args.is_empty()) {
        (_, true) => Term::NIL,
        (ArgKind::Strings, false) => {
            let strings: Vec<Term> = call
                .args
                .iter()
                .map(|a| heap::char_list(&mut scratch, a))
                .collect();
            let list = heap::list(&mut scratch, &strings);
            heap::list(&mut scratch, &[list])
        }
        (ArgKind::Atoms, false) => {
            let mut atoms = Vec::with_capacity(call.args.len());
            for a in &call.args {
                match Atom::intern(a) {
                    Ok(atom) => atoms.push(Term::atom(atom)),
                    Err(e) => {
                        vm.write_stderr(format!("cordon: argument {a:?}: {e}\n").as_bytes());
                        return 2;
                    }
                }
            }
            let list = heap::list(&mut scratch, &atoms);
            heap::list(&mut scratch, &[list])
        }
    };
    let id = scheduler::spawn(vm, None, module, function, args, SpawnOptions::default());
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
            vm.write_stderr(
                format!(
                    "cordon: {}:{} never finished: every process is waiting for a message \
                     and no timer is pending\n",
                    call.module, call.function
                )
                .as_bytes(),
            );
            1
        }
    }
}
