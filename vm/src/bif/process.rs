//! BIFs about processes: spawning, links, monitors, exits, registered
//! names, the process dictionary, process flags and process_info.

use super::{expect_atom, list_length, list_to_vec};
use crate::atom::{self, Atom};
use crate::copy;
use crate::exception::{BifResult, Class, Exception};
use crate::fun;
use crate::heap;
use crate::policy::{self, Policy, Start};
use crate::process::{Process, Signal, Trap};
use crate::scheduler::{self, SpawnOptions};
use crate::term::{HeaderTag, Term};

fn self_pid(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(proc.pid())
}

/// Returns what a spawn of the fun `f` runs.
fn fun_start(f: Term) -> Result<Start, Exception> {
    match f.boxed_tag() {
        Some(HeaderTag::Fun) | Some(HeaderTag::Export) if is_nullary_fun(f) => Ok(Start::Fun(f)),
        _ => Err(Exception::badarg()),
    }
}

fn mfa_start(m: Term, f: Term, args: Term) -> Result<Start, Exception> {
    let m = expect_atom(m)?;
    let f = expect_atom(f)?;
    if list_length(args).is_none() {
        return Err(Exception::badarg());
    }
    Ok(Start::Mfa(m, f, args))
}

/// Maximum number of processes alive at once, OTP's default `+P` limit.
pub const MAX_PROCESSES: usize = 262_144;

/// The arguments of one spawn BIF call.
struct SpawnRequest {
    /// The BIF's name and arity, which a policy violation names.
    bif: (&'static str, u32),
    start: Start,
    link: bool,
    monitor: bool,
    /// Layers from `{policy, Spec}` options, added to the child's stack.
    layers: Vec<Policy>,
}

impl SpawnRequest {
    fn new(bif: (&'static str, u32), start: Start) -> SpawnRequest {
        SpawnRequest {
            bif,
            start,
            link: false,
            monitor: false,
            layers: Vec::new(),
        }
    }

    fn linked(mut self) -> SpawnRequest {
        self.link = true;
        self
    }

    fn monitored(mut self) -> SpawnRequest {
        self.monitor = true;
        self
    }
}

/// Spawns the process `request` describes; returns its pid, or `{Pid,
/// Ref}` for a monitored spawn.
fn do_spawn(proc: &mut Process, request: SpawnRequest) -> BifResult {
    let vm = proc.vm.clone();
    if vm.process_count() >= MAX_PROCESSES {
        return Err(Exception::system_limit());
    }
    let policy = if proc.policy_flags != 0 || !request.layers.is_empty() {
        let (name, arity) = request.bif;
        policy::prepare_spawn(
            proc,
            policy::bif_mfa(name, arity),
            request.start,
            request.layers,
        )?
    } else {
        None
    };
    let monitor = request.monitor.then(|| vm.unique());
    let options = SpawnOptions {
        link: request.link,
        monitor,
        policy,
    };
    let id = match request.start {
        Start::Mfa(m, f, args) => scheduler::spawn(&vm, Some(proc), m, f, args, options),
        Start::Fun(f) => scheduler::spawn_fun(&vm, proc, f, options),
    };
    let pid = Term::pid(id);
    match monitor {
        Some(reference) => {
            let r = heap::reference(&mut proc.heap, reference);
            Ok(heap::tuple(&mut proc.heap, &[pid, r]))
        }
        None => Ok(pid),
    }
}

fn spawn_1(proc: &mut Process, args: &[Term]) -> BifResult {
    do_spawn(proc, SpawnRequest::new(("spawn", 1), fun_start(args[0])?))
}

fn spawn_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let start = mfa_start(args[0], args[1], args[2])?;
    do_spawn(proc, SpawnRequest::new(("spawn", 3), start))
}

fn spawn_link_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let request = SpawnRequest::new(("spawn_link", 1), fun_start(args[0])?);
    do_spawn(proc, request.linked())
}

fn spawn_link_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let start = mfa_start(args[0], args[1], args[2])?;
    do_spawn(proc, SpawnRequest::new(("spawn_link", 3), start).linked())
}

fn spawn_monitor_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let request = SpawnRequest::new(("spawn_monitor", 1), fun_start(args[0])?);
    do_spawn(proc, request.monitored())
}

fn spawn_monitor_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let start = mfa_start(args[0], args[1], args[2])?;
    do_spawn(
        proc,
        SpawnRequest::new(("spawn_monitor", 3), start).monitored(),
    )
}

/// Reads spawn_opt options into `request`: link, monitor, `{policy,
/// Spec}`, and the tuning options OTP accepts, which do not change
/// behaviour here.
fn spawn_options(opts: Term, request: &mut SpawnRequest) -> Result<(), Exception> {
    let items = list_to_vec(opts).ok_or_else(Exception::badarg)?;
    for o in items {
        if o == Term::atom(atom::LINK) {
            request.link = true;
        } else if o == Term::atom(atom::MONITOR) {
            request.monitor = true;
        } else if o.tuple_arity() == Some(2) && o.element(0) == Term::atom(atom::POLICY) {
            request.layers.push(policy::parse_spec(o.element(1))?);
        } else if o.tuple_arity() == Some(2) && o.element(0).is_atom() {
            let known = [
                "priority",
                "fullsweep_after",
                "min_heap_size",
                "min_bin_vheap_size",
                "max_heap_size",
                "message_queue_data",
                "monitor",
                "async_dist",
            ];
            let name = o.element(0).as_atom().map(|a| a.name()).unwrap_or("");
            if !known.contains(&name) {
                return Err(Exception::badarg());
            }
            if name == "monitor" {
                request.monitor = true;
            }
        } else {
            return Err(Exception::badarg());
        }
    }
    Ok(())
}

fn spawn_opt_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let mut request = SpawnRequest::new(("spawn_opt", 2), fun_start(args[0])?);
    spawn_options(args[1], &mut request)?;
    do_spawn(proc, request)
}

fn spawn_opt_4(proc: &mut Process, args: &[Term]) -> BifResult {
    let start = mfa_start(args[0], args[1], args[2])?;
    let mut request = SpawnRequest::new(("spawn_opt", 4), start);
    spawn_options(args[3], &mut request)?;
    do_spawn(proc, request)
}

/// Checks the node argument of a spawn on a node: the local node spawns
/// here. Another node is a policy violation for a restricted process and,
/// as Cordon does not speak Erlang distribution, `notsup` for any other.
fn local_node(proc: &mut Process, node: Term, bif: (&'static str, u32)) -> Result<(), Exception> {
    let node = expect_atom(node)?;
    if node == atom::NONODE {
        return Ok(());
    }
    if proc.policy_flags != 0 {
        policy::check_remote(proc, policy::bif_mfa(bif.0, bif.1))?;
    }
    Err(Exception::error(Term::atom(Atom::from_static("notsup"))))
}

fn spawn_2(proc: &mut Process, args: &[Term]) -> BifResult {
    local_node(proc, args[0], ("spawn", 2))?;
    do_spawn(proc, SpawnRequest::new(("spawn", 2), fun_start(args[1])?))
}

fn spawn_4(proc: &mut Process, args: &[Term]) -> BifResult {
    local_node(proc, args[0], ("spawn", 4))?;
    let start = mfa_start(args[1], args[2], args[3])?;
    do_spawn(proc, SpawnRequest::new(("spawn", 4), start))
}

fn spawn_link_2(proc: &mut Process, args: &[Term]) -> BifResult {
    local_node(proc, args[0], ("spawn_link", 2))?;
    let request = SpawnRequest::new(("spawn_link", 2), fun_start(args[1])?);
    do_spawn(proc, request.linked())
}

fn spawn_link_4(proc: &mut Process, args: &[Term]) -> BifResult {
    local_node(proc, args[0], ("spawn_link", 4))?;
    let start = mfa_start(args[1], args[2], args[3])?;
    do_spawn(proc, SpawnRequest::new(("spawn_link", 4), start).linked())
}

fn spawn_opt_3(proc: &mut Process, args: &[Term]) -> BifResult {
    local_node(proc, args[0], ("spawn_opt", 3))?;
    let mut request = SpawnRequest::new(("spawn_opt", 3), fun_start(args[1])?);
    spawn_options(args[2], &mut request)?;
    do_spawn(proc, request)
}

fn spawn_opt_5(proc: &mut Process, args: &[Term]) -> BifResult {
    local_node(proc, args[0], ("spawn_opt", 5))?;
    let start = mfa_start(args[1], args[2], args[3])?;
    let mut request = SpawnRequest::new(("spawn_opt", 5), start);
    spawn_options(args[4], &mut request)?;
    do_spawn(proc, request)
}

// ---- spawn_request ----

/// Spawns for spawn_request/1..5 like spawn_opt and returns a request id,
/// which is the monitor reference with the monitor option. A message
/// `{spawn_reply, ReqId, ok, Pid}` follows unless `{reply, no}` or
/// `{reply, error_only}` is given.
fn spawn_request_with(
    proc: &mut Process,
    node: Option<Term>,
    start: Start,
    opts: Term,
    arity: u32,
) -> BifResult {
    let bif = ("spawn_request", arity);
    if let Some(node) = node {
        local_node(proc, node, bif)?;
    }
    let items = list_to_vec(opts).ok_or_else(Exception::badarg)?;
    let mut tag = Term::atom(Atom::from_static("spawn_reply"));
    let mut reply_on_success = true;
    let mut reply_on_error = true;
    let mut spawn_opts = Vec::with_capacity(items.len());
    for o in items {
        let key = if o.tuple_arity() == Some(2) {
            o.element(0).as_atom().map(|a| a.name())
        } else {
            None
        };
        match key {
            Some("reply_tag") => tag = o.element(1),
            Some("reply") => {
                (reply_on_success, reply_on_error) = match o.element(1).as_atom().map(|a| a.name())
                {
                    Some("yes") => (true, true),
                    Some("success_only") => (true, false),
                    Some("error_only") => (false, true),
                    Some("no") => (false, false),
                    _ => return Err(Exception::badarg()),
                }
            }
            _ => spawn_opts.push(o),
        }
    }
    let mut request = SpawnRequest::new(bif, start);
    let spawn_opts = heap::list(&mut proc.heap, &spawn_opts);
    if spawn_options(spawn_opts, &mut request).is_err() {
        // As in OTP, an invalid option fails the request, not the call.
        let id = proc.vm.unique();
        let request_id = heap::reference(&mut proc.heap, id);
        if reply_on_error {
            let badopt = Term::atom(Atom::from_static("badopt"));
            let reply = heap::tuple(
                &mut proc.heap,
                &[tag, request_id, Term::atom(atom::ERROR), badopt],
            );
            crate::interp::send(proc, proc.pid(), reply, ("send", 2))?;
        }
        return Ok(request_id);
    }
    let monitored = request.monitor;
    let spawned = do_spawn(proc, request)?;
    let (pid, request_id) = if monitored {
        (spawned.element(0), spawned.element(1))
    } else {
        let id = proc.vm.unique();
        (spawned, heap::reference(&mut proc.heap, id))
    };
    if reply_on_success {
        let reply = heap::tuple(
            &mut proc.heap,
            &[tag, request_id, Term::atom(atom::OK), pid],
        );
        crate::interp::send(proc, proc.pid(), reply, ("send", 2))?;
    }
    Ok(request_id)
}

fn spawn_request_1(proc: &mut Process, args: &[Term]) -> BifResult {
    spawn_request_with(proc, None, fun_start(args[0])?, Term::NIL, 1)
}

fn spawn_request_2(proc: &mut Process, args: &[Term]) -> BifResult {
    if args[0].is_atom() {
        return spawn_request_with(proc, Some(args[0]), fun_start(args[1])?, Term::NIL, 2);
    }
    spawn_request_with(proc, None, fun_start(args[0])?, args[1], 2)
}

fn spawn_request_3(proc: &mut Process, args: &[Term]) -> BifResult {
    if args[1].is_function() {
        return spawn_request_with(proc, Some(args[0]), fun_start(args[1])?, args[2], 3);
    }
    let start = mfa_start(args[0], args[1], args[2])?;
    spawn_request_with(proc, None, start, Term::NIL, 3)
}

fn spawn_request_4(proc: &mut Process, args: &[Term]) -> BifResult {
    // (Module, Function, Args, Options) has a list third; (Node, Module,
    // Function, Args) an atom.
    if args[2].is_nil() || args[2].is_cons() {
        let start = mfa_start(args[0], args[1], args[2])?;
        return spawn_request_with(proc, None, start, args[3], 4);
    }
    let start = mfa_start(args[1], args[2], args[3])?;
    spawn_request_with(proc, Some(args[0]), start, Term::NIL, 4)
}

fn spawn_request_5(proc: &mut Process, args: &[Term]) -> BifResult {
    let start = mfa_start(args[1], args[2], args[3])?;
    spawn_request_with(proc, Some(args[0]), start, args[4], 5)
}

// ---- links and monitors ----

fn link(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some(other) = args[0].as_pid() else {
        return Err(Exception::badarg());
    };
    if other == proc.id || proc.links.contains(&other) {
        return Ok(Term::atom(atom::TRUE));
    }
    if proc.vm.send_signal(other, Signal::Link { from: proc.id }) {
        proc.links.push(other);
        Ok(Term::atom(atom::TRUE))
    } else if proc.trap_exit {
        let (term, fragment) = {
            let mut f = heap::Fragment::with_capacity(4);
            let t = heap::tuple(
                &mut f,
                &[
                    Term::atom(atom::EXIT_UPPER),
                    args[0],
                    Term::atom(atom::NOPROC),
                ],
            );
            (t, Some(f))
        };
        proc.vm
            .send_signal(proc.id, Signal::Message { term, fragment });
        Ok(Term::atom(atom::TRUE))
    } else {
        Err(Exception::error(Term::atom(atom::NOPROC)))
    }
}

fn unlink(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some(other) = args[0].as_pid() else {
        return Err(Exception::badarg());
    };
    if proc.links.contains(&other) {
        proc.links.retain(|&p| p != other);
        proc.vm.send_signal(other, Signal::Unlink { from: proc.id });
    }
    Ok(Term::atom(atom::TRUE))
}

// ---- exits and exceptions ----

fn exit_1(_: &mut Process, args: &[Term]) -> BifResult {
    Err(Exception::new(Class::Exit, args[0]))
}

fn exit_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some(target) = args[0].as_pid() else {
        return Err(Exception::badarg());
    };
    let (reason, fragment) = copy::to_fragment(args[1]);
    proc.vm.send_signal(
        target,
        Signal::Exit {
            from: proc.id,
            reason,
            fragment,
            linked: false,
        },
    );
    if target == proc.id {
        // A signal to itself takes effect before exit/2 returns.
        if let Err(reason) = crate::signals::handle_signals(proc) {
            proc.pending_exit = Some(reason);
            return Err(Exception::new(Class::Exit, reason));
        }
    }
    Ok(Term::atom(atom::TRUE))
}

fn error_1(_: &mut Process, args: &[Term]) -> BifResult {
    Err(Exception::error(args[0]))
}

fn error_2(_: &mut Process, args: &[Term]) -> BifResult {
    let mut e = Exception::error(args[0]);
    if args[1].is_list() {
        e.args = args[1];
    } else if args[1].as_atom().map(|a| a.name()) != Some("none") {
        return Err(Exception::badarg());
    }
    Err(e)
}

fn error_3(proc: &mut Process, args: &[Term]) -> BifResult {
    error_2(proc, &args[..2])
}

fn throw(_: &mut Process, args: &[Term]) -> BifResult {
    Err(Exception::new(Class::Throw, args[0]))
}

/// Returns `true` for a stacktrace as `try ... catch C:R:St` binds it: a
/// list of `{M, F, ArityOrArgs}` or `{M, F, ArityOrArgs, Location}`.
fn is_stacktrace(trace: Term) -> bool {
    let Some(entries) = list_to_vec(trace) else {
        return false;
    };
    entries.iter().all(|&e| {
        let arity = e.tuple_arity();
        if arity != Some(3) && arity != Some(4) {
            return false;
        }
        let elements = e.tuple_elements();
        let arity_or_args = elements[2];
        elements[0].is_atom()
            && elements[1].is_atom()
            && (arity_or_args.as_small().is_some_and(|a| a >= 0)
                || list_length(arity_or_args).is_some())
            && (elements.len() == 3 || list_length(elements[3]).is_some())
    })
}

/// erlang:raise/3 returns `badarg`, rather than raising it, when its
/// arguments are invalid.
fn raise(_: &mut Process, args: &[Term]) -> BifResult {
    let class = args[0].as_atom().and_then(Class::from_atom);
    match class {
        Some(class) if is_stacktrace(args[2]) => {
            let mut e = Exception::new(class, args[1]);
            e.stacktrace = args[2];
            Err(e)
        }
        _ => Ok(Term::atom(atom::BADARG)),
    }
}

fn nif_error(_: &mut Process, args: &[Term]) -> BifResult {
    Err(Exception::error(args[0]))
}

// ---- flags, names and the dictionary ----

fn process_flag(proc: &mut Process, args: &[Term]) -> BifResult {
    let flag = expect_atom(args[0])?;
    match flag {
        atom::TRAP_EXIT => {
            let value = match args[1].as_atom() {
                Some(atom::TRUE) => true,
                Some(atom::FALSE) => false,
                _ => return Err(Exception::badarg()),
            };
            let old = proc.trap_exit;
            proc.trap_exit = value;
            Ok(Term::boolean(old))
        }
        // Always permitted: a layer can only tighten what the process
        // may do, and layers are never removed.
        atom::POLICY => {
            let layer = policy::parse_spec(args[1])?;
            let old = policy::layers_term(&mut proc.heap, proc.policy.as_deref());
            let stack = policy::Stack::push(proc.policy.as_deref(), layer);
            proc.set_policy(Some(stack));
            Ok(old)
        }
        _ => match flag.name() {
            "priority" => Ok(Term::atom(Atom::from_static("normal"))),
            "min_heap_size" | "min_bin_vheap_size" | "fullsweep_after" | "max_heap_size" => {
                Ok(Term::small_unchecked(0))
            }
            "message_queue_data" => Ok(Term::atom(Atom::from_static("on_heap"))),
            "save_calls" => {
                let value = save_calls_arg(args[1])?;
                let old = std::mem::replace(&mut proc.save_calls, value);
                Ok(Term::small_unchecked(i64::from(old)))
            }
            "sensitive" => Ok(Term::atom(atom::FALSE)),
            _ => Err(Exception::badarg()),
        },
    }
}

/// The largest `save_calls` value OTP 25 accepts.
const MAX_SAVE_CALLS: i64 = 10_000;

fn save_calls_arg(t: Term) -> Result<u32, Exception> {
    t.as_small()
        .filter(|n| (0..=MAX_SAVE_CALLS).contains(n))
        .map(|n| n as u32)
        .ok_or_else(Exception::badarg)
}

/// `erlang:process_flag/3`: OTP 25 allows only `save_calls` for another
/// process, and raises badarg for a process that does not exist.
fn process_flag_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let pid = args[0].as_pid().ok_or_else(Exception::badarg)?;
    if args[1].as_atom() != Some(Atom::from_static("save_calls")) {
        return Err(Exception::badarg());
    }
    let value = save_calls_arg(args[2])?;
    if pid == proc.id {
        let old = std::mem::replace(&mut proc.save_calls, value);
        return Ok(Term::small_unchecked(i64::from(old)));
    }
    let cell = proc.vm.process(pid).ok_or_else(Exception::badarg)?;
    // Another process is not running while this scheduler runs the
    // caller, as for process_info/2.
    // NOTE: with several scheduler threads the target can be running at
    // this moment; then the lock fails and the call raises badarg.
    let mut slot = cell.process.try_lock().map_err(|_| Exception::badarg())?;
    let target = slot.as_mut().ok_or_else(Exception::badarg)?;
    let old = std::mem::replace(&mut target.save_calls, value);
    Ok(Term::small_unchecked(i64::from(old)))
}

/// Judges a use of the registered name `name` by the BIF `bif/arity`.
pub(super) fn check_name(
    proc: &mut Process,
    name: Atom,
    bif: &str,
    arity: u32,
) -> Result<(), Exception> {
    if proc.policy_flags == 0 {
        return Ok(());
    }
    policy::check_name(proc, name, policy::bif_mfa(bif, arity))
}

fn register(proc: &mut Process, args: &[Term]) -> BifResult {
    let name = expect_atom(args[0])?;
    check_name(proc, name, "register", 2)?;
    let Some(pid) = args[1].as_pid() else {
        return Err(Exception::badarg());
    };
    if name == atom::UNDEFINED {
        return Err(Exception::badarg());
    }
    let vm = proc.vm.clone();
    if vm.process(pid).is_none() {
        return Err(Exception::badarg());
    }
    if vm.name_of(pid).is_some() || !vm.register(name, pid) {
        return Err(Exception::badarg());
    }
    Ok(Term::atom(atom::TRUE))
}

fn unregister(proc: &mut Process, args: &[Term]) -> BifResult {
    let name = expect_atom(args[0])?;
    check_name(proc, name, "unregister", 1)?;
    match proc.vm.unregister(name) {
        Some(_) => Ok(Term::atom(atom::TRUE)),
        None => Err(Exception::badarg()),
    }
}

fn whereis(proc: &mut Process, args: &[Term]) -> BifResult {
    let name = expect_atom(args[0])?;
    check_name(proc, name, "whereis", 1)?;
    Ok(match proc.vm.whereis(name) {
        Some(pid) => Term::pid(pid),
        None => Term::atom(atom::UNDEFINED),
    })
}

fn registered(proc: &mut Process, _: &[Term]) -> BifResult {
    let names: Vec<Term> = proc.vm.registered().into_iter().map(Term::atom).collect();
    Ok(heap::list(&mut proc.heap, &names))
}

fn is_process_alive(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some(pid) = args[0].as_pid() else {
        return Err(Exception::badarg());
    };
    Ok(Term::boolean(
        pid == proc.id || proc.vm.process(pid).is_some(),
    ))
}

fn processes(proc: &mut Process, _: &[Term]) -> BifResult {
    let pids: Vec<Term> = proc.vm.process_ids().into_iter().map(Term::pid).collect();
    Ok(heap::list(&mut proc.heap, &pids))
}

fn group_leader_0(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(proc.group_leader)
}

fn group_leader_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let (Some(_), Some(target)) = (args[0].as_pid(), args[1].as_pid()) else {
        return Err(Exception::badarg());
    };
    if target == proc.id {
        proc.group_leader = args[0];
        return Ok(Term::atom(atom::TRUE));
    }
    if proc.policy_flags != 0 {
        // Another process's group leader receives its I/O requests.
        policy::check_global_change(proc, policy::bif_mfa("group_leader", 2))?;
    }
    match proc.vm.process(target) {
        Some(cell) => {
            let mut slot = match cell.process.try_lock() {
                Ok(slot) => slot,
                Err(_) => return Err(Exception::badarg()),
            };
            if let Some(p) = slot.as_mut() {
                p.group_leader = args[0];
            }
            Ok(Term::atom(atom::TRUE))
        }
        None => Err(Exception::badarg()),
    }
}

/// Finds `key` in the dictionary through the index of key hashes; keys
/// hash by content (phash2), so collections do not disturb the index.
fn dict_index(proc: &Process, key: Term) -> Option<usize> {
    let candidates = proc.dictionary_index.get(&crate::phash::phash2(key))?;
    candidates
        .iter()
        .copied()
        .find(|&i| crate::compare::exact_eq(proc.dictionary[i].0, key))
}

/// Removes entry `i`, moving the last entry into its place.
fn dict_remove(proc: &mut Process, i: usize) -> (Term, Term) {
    let last = proc.dictionary.len() - 1;
    let removed = proc.dictionary[i];
    let hash = crate::phash::phash2(removed.0);
    if let Some(slots) = proc.dictionary_index.get_mut(&hash) {
        slots.retain(|&s| s != i);
        if slots.is_empty() {
            proc.dictionary_index.remove(&hash);
        }
    }
    if i != last {
        let moved_hash = crate::phash::phash2(proc.dictionary[last].0);
        if let Some(slots) = proc.dictionary_index.get_mut(&moved_hash) {
            for s in slots.iter_mut() {
                if *s == last {
                    *s = i;
                }
            }
        }
    }
    proc.dictionary.swap_remove(i);
    removed
}

fn put(proc: &mut Process, args: &[Term]) -> BifResult {
    let key = copy::copy(&mut proc.heap, args[0]);
    let value = copy::copy(&mut proc.heap, args[1]);
    match dict_index(proc, key) {
        Some(i) => {
            let old = proc.dictionary[i].1;
            proc.dictionary[i].1 = value;
            Ok(old)
        }
        None => {
            let i = proc.dictionary.len();
            proc.dictionary.push((key, value));
            proc.dictionary_index
                .entry(crate::phash::phash2(key))
                .or_default()
                .push(i);
            Ok(Term::atom(atom::UNDEFINED))
        }
    }
}

fn get_1(proc: &mut Process, args: &[Term]) -> BifResult {
    Ok(match dict_index(proc, args[0]) {
        Some(i) => proc.dictionary[i].1,
        None => Term::atom(atom::UNDEFINED),
    })
}

fn get_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let pairs: Vec<(Term, Term)> = proc.dictionary.clone();
    let mut items = Vec::with_capacity(pairs.len());
    for (k, v) in pairs.into_iter().rev() {
        items.push(heap::tuple(&mut proc.heap, &[k, v]));
    }
    Ok(heap::list(&mut proc.heap, &items))
}

fn get_keys_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let keys: Vec<Term> = proc.dictionary.iter().rev().map(|&(k, _)| k).collect();
    Ok(heap::list(&mut proc.heap, &keys))
}

fn get_keys_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let keys: Vec<Term> = proc
        .dictionary
        .iter()
        .rev()
        .filter(|&&(_, v)| crate::compare::exact_eq(v, args[0]))
        .map(|&(k, _)| k)
        .collect();
    Ok(heap::list(&mut proc.heap, &keys))
}

fn erase_1(proc: &mut Process, args: &[Term]) -> BifResult {
    Ok(match dict_index(proc, args[0]) {
        Some(i) => dict_remove(proc, i).1,
        None => Term::atom(atom::UNDEFINED),
    })
}

fn erase_0(proc: &mut Process, args: &[Term]) -> BifResult {
    let all = get_0(proc, args)?;
    proc.dictionary.clear();
    proc.dictionary_index.clear();
    Ok(all)
}

// ---- sending and apply ----

fn send_2(proc: &mut Process, args: &[Term]) -> BifResult {
    crate::interp::send(proc, args[0], args[1], ("send", 2))?;
    Ok(args[1])
}

fn bang(proc: &mut Process, args: &[Term]) -> BifResult {
    crate::interp::send(proc, args[0], args[1], ("!", 2))?;
    Ok(args[1])
}

fn send_3(proc: &mut Process, args: &[Term]) -> BifResult {
    if list_length(args[2]).is_none() {
        return Err(Exception::badarg());
    }
    crate::interp::send(proc, args[0], args[1], ("send", 3))?;
    Ok(Term::atom(atom::OK))
}

/// Returns `true` for a `{Name, Node}` destination on another node.
fn is_remote_destination(dest: Term) -> bool {
    dest.tuple_arity() == Some(2) && dest.element(1).as_atom().is_some_and(|n| n != atom::NONODE)
}

/// `erlang:send_nosuspend/2,3`: sends through the same path as
/// `erlang:send`, so policies judge the destination. A local send never
/// suspends, so it returns `true`, except that with `noconnect` a message
/// for another node (which Cordon cannot reach) returns `false`, as OTP
/// does for a node it is not connected to.
fn send_nosuspend(proc: &mut Process, args: &[Term], arity: u32) -> BifResult {
    let mut noconnect = false;
    if let Some(options) = args.get(2) {
        for option in list_to_vec(*options).ok_or_else(Exception::badarg)? {
            if option.as_atom() != Some(Atom::from_static("noconnect")) {
                return Err(Exception::badarg());
            }
            noconnect = true;
        }
    }
    crate::interp::send(proc, args[0], args[1], ("send_nosuspend", arity))?;
    Ok(Term::boolean(
        !(noconnect && is_remote_destination(args[0])),
    ))
}

fn send_nosuspend_2(proc: &mut Process, args: &[Term]) -> BifResult {
    send_nosuspend(proc, args, 2)
}

fn send_nosuspend_3(proc: &mut Process, args: &[Term]) -> BifResult {
    send_nosuspend(proc, args, 3)
}

fn apply_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let module = expect_atom(args[0])?;
    let function = expect_atom(args[1])?;
    let list = list_to_vec(args[2]).ok_or_else(Exception::badarg)?;
    if list.len() > 255 {
        return Err(Exception::badarg());
    }
    for (i, &a) in list.iter().enumerate() {
        proc.x[i] = a;
    }
    proc.x_written = proc.x_written.max(list.len());
    let export = proc.vm.code.export(module, function, list.len() as u32);
    proc.trap = Some(Trap::Call(export));
    Ok(Term::NONE)
}

fn apply_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let f = args[0];
    let list = list_to_vec(args[1]).ok_or_else(Exception::badarg)?;
    if list.len() > 255 {
        return Err(Exception::badarg());
    }
    if !f.is_function() {
        if f.tuple_arity() == Some(2) {
            return apply_3(proc, &[f.element(0), f.element(1), args[1]]);
        }
        return Err(Exception::error_tuple(&mut proc.heap, atom::BADFUN, f));
    }
    for (i, &a) in list.iter().enumerate() {
        proc.x[i] = a;
    }
    proc.x_written = proc.x_written.max(list.len());
    proc.trap = Some(Trap::CallFun {
        fun: f,
        arity: list.len() as u32,
    });
    Ok(Term::NONE)
}

/// erlang:hibernate/3: drops the call stack and waits for a message, then
/// calls Module:Function(Args). The resuming call is judged by the
/// policy now, as an apply.
fn hibernate_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let module = expect_atom(args[0])?;
    let function = expect_atom(args[1])?;
    let list = list_to_vec(args[2]).ok_or_else(Exception::badarg)?;
    if list.len() > 255 {
        return Err(Exception::badarg());
    }
    let export = proc.vm.code.export(module, function, list.len() as u32);
    if proc.policy_flags != 0 {
        policy::check_export(proc, export)?;
    }
    for (i, &a) in list.iter().enumerate() {
        proc.x[i] = a;
    }
    proc.x_written = proc.x_written.max(list.len());
    // The bottom of every stack is the return address that ends the
    // process; everything above it, catches included, goes.
    proc.stack.truncate(1);
    proc.current_exception = None;
    proc.trap = Some(Trap::Hibernate(export));
    Ok(Term::NONE)
}

fn make_ref(proc: &mut Process, _: &[Term]) -> BifResult {
    let n = proc.vm.unique();
    Ok(heap::reference(&mut proc.heap, n))
}

fn garbage_collect_0(proc: &mut Process, _: &[Term]) -> BifResult {
    // The BIF's caller has nothing live in X registers but the result.
    proc.collect_garbage(0, 0);
    Ok(Term::atom(atom::TRUE))
}

fn garbage_collect_1(proc: &mut Process, args: &[Term]) -> BifResult {
    if args[0].as_pid() == Some(proc.id) {
        return garbage_collect_0(proc, args);
    }
    if args[0].as_pid().is_none() {
        return Err(Exception::badarg());
    }
    Ok(Term::boolean(
        proc.vm.process(args[0].as_pid().unwrap_or(0)).is_some(),
    ))
}

/// `erlang:garbage_collect/2`. The options are `{type, major | minor}`
/// and `{async, RequestId}`. With `async` the result comes as the message
/// `{garbage_collect, RequestId, Result}` and the BIF returns `async`.
fn garbage_collect_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let pid = args[0].as_pid().ok_or_else(Exception::badarg)?;
    let mut request = None;
    for option in list_to_vec(args[1]).ok_or_else(Exception::badarg)? {
        if option.tuple_arity() != Some(2) {
            return Err(Exception::badarg());
        }
        let value = option.element(1);
        match option.element(0).as_atom().map(|a| a.name()) {
            Some("async") => request = Some(value),
            Some("type")
                if matches!(value.as_atom().map(|a| a.name()), Some("major" | "minor")) => {}
            _ => return Err(Exception::badarg()),
        }
    }
    // A collection of another process happens at its own next collection
    // point, so only the caller is collected now. A minor request runs a
    // full collection as well.
    let alive = if pid == proc.id {
        garbage_collect_0(proc, args)?;
        true
    } else {
        proc.vm.process(pid).is_some()
    };
    let Some(request) = request else {
        return Ok(Term::boolean(alive));
    };
    let message = heap::tuple(
        &mut proc.heap,
        &[
            Term::atom(Atom::from_static("garbage_collect")),
            request,
            Term::boolean(alive),
        ],
    );
    crate::interp::send(proc, proc.pid(), message, ("send", 2))?;
    Ok(Term::atom(Atom::from_static("async")))
}

fn yield_0(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(atom::TRUE))
}

fn fun_arity_term(f: Term) -> Option<u32> {
    match f.boxed_tag()? {
        HeaderTag::Fun => Some(fun::closure_entry(f).fun_arity()),
        HeaderTag::Export => Some(fun::export_of(f).arity),
        _ => None,
    }
}

/// Returns `true` when `f` is a fun of arity 0.
pub fn is_nullary_fun(f: Term) -> bool {
    fun_arity_term(f) == Some(0)
}

crate::bif_table![
    ("erlang", "self", 0, self_pid, guard),
    ("erlang", "hibernate", 3, hibernate_3),
    ("erlang", "spawn", 1, spawn_1),
    ("erlang", "spawn_request", 1, spawn_request_1),
    ("erlang", "spawn_request", 2, spawn_request_2),
    ("erlang", "spawn_request", 3, spawn_request_3),
    ("erlang", "spawn_request", 4, spawn_request_4),
    ("erlang", "spawn_request", 5, spawn_request_5),
    ("erlang", "spawn", 2, spawn_2),
    ("erlang", "spawn", 4, spawn_4),
    ("erlang", "spawn_link", 2, spawn_link_2),
    ("erlang", "spawn_link", 4, spawn_link_4),
    ("erlang", "spawn_opt", 3, spawn_opt_3),
    ("erlang", "spawn_opt", 5, spawn_opt_5),
    ("erlang", "spawn", 3, spawn_3),
    ("erlang", "spawn_link", 1, spawn_link_1),
    ("erlang", "spawn_link", 3, spawn_link_3),
    ("erlang", "spawn_monitor", 1, spawn_monitor_1),
    ("erlang", "spawn_monitor", 3, spawn_monitor_3),
    ("erlang", "spawn_opt", 2, spawn_opt_2),
    ("erlang", "spawn_opt", 4, spawn_opt_4),
    ("erlang", "link", 1, link),
    ("erlang", "unlink", 1, unlink),
    ("erlang", "exit", 1, exit_1),
    ("erlang", "exit", 2, exit_2),
    ("erlang", "error", 1, error_1),
    ("erlang", "error", 2, error_2),
    ("erlang", "error", 3, error_3),
    ("erlang", "throw", 1, throw),
    ("erlang", "raise", 3, raise),
    ("erlang", "nif_error", 1, nif_error),
    ("erlang", "nif_error", 2, nif_error),
    ("erlang", "process_flag", 2, process_flag),
    ("erlang", "process_flag", 3, process_flag_3),
    ("erlang", "register", 2, register),
    ("erlang", "unregister", 1, unregister),
    ("erlang", "whereis", 1, whereis),
    ("erlang", "registered", 0, registered),
    ("erlang", "is_process_alive", 1, is_process_alive),
    ("erlang", "processes", 0, processes),
    ("erlang", "group_leader", 0, group_leader_0),
    ("erlang", "group_leader", 2, group_leader_2),
    ("erlang", "put", 2, put),
    ("erlang", "get", 1, get_1),
    ("erlang", "get", 0, get_0),
    ("erlang", "get_keys", 0, get_keys_0),
    ("erlang", "get_keys", 1, get_keys_1),
    ("erlang", "erase", 1, erase_1),
    ("erlang", "erase", 0, erase_0),
    ("erlang", "send", 2, send_2),
    ("erlang", "send", 3, send_3),
    ("erlang", "send_nosuspend", 2, send_nosuspend_2),
    ("erlang", "send_nosuspend", 3, send_nosuspend_3),
    ("erlang", "!", 2, bang),
    ("erlang", "apply", 2, apply_2),
    ("erlang", "apply", 3, apply_3),
    ("erlang", "make_ref", 0, make_ref),
    ("erlang", "garbage_collect", 0, garbage_collect_0),
    ("erlang", "garbage_collect", 1, garbage_collect_1),
    ("erlang", "garbage_collect", 2, garbage_collect_2),
    ("erlang", "yield", 0, yield_0),
];
