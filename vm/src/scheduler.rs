//! Spawning processes, running them in turn, and cleaning up after those
//! that exit.
//!
//! One scheduler thread runs processes from the VM's run queue; all
//! cross-process effects go through signals, so more scheduler threads can
//! share the queue later.

use std::sync::Arc;

use crate::atom::{self, Atom};
use crate::copy;
use crate::heap;
use crate::interp::{self, CP_EXIT, Outcome, REDUCTIONS_PER_SLICE};
use crate::process::{
    MonitorEntry, Process, ProcessCell, ProcessId, Registers, Resume, RunState, Signal,
};
use crate::signals;
use crate::term::Term;
use crate::vm::Vm;

/// Options of a spawn.
#[derive(Debug, Default, Clone)]
pub struct SpawnOptions {
    pub link: bool,
    /// Monitor the child with this reference number.
    pub monitor: Option<u64>,
    /// The child's policy stack, as [`crate::policy::prepare_spawn`]
    /// judged it.
    pub policy: Option<Arc<crate::policy::Stack>>,
}

/// Starts a process running `module:function(args...)`. `args` is a proper
/// list on the parent's heap, or on any heap that outlives this call.
/// The child starts runnable; links and monitors to the parent are in
/// place before it can run.
pub fn spawn(
    vm: &Arc<Vm>,
    parent: Option<&mut Process>,
    module: Atom,
    function: Atom,
    args: Term,
    options: SpawnOptions,
) -> ProcessId {
    let id = vm.new_pid();
    let group_leader = parent.as_ref().map(|p| p.group_leader).unwrap_or(Term::NIL);
    let mut child = Process::new(id, vm.clone(), group_leader);
    let mut arity = 0;
    let copied = copy::copy(&mut child.heap, args);
    let mut rest = copied;
    while rest.is_cons() {
        child.x[arity] = rest.head();
        arity += 1;
        rest = rest.tail();
    }
    child.shrink_registers(arity);
    child.resume = Resume::Call {
        module,
        function,
        arity: arity as u32,
    };
    child.initial_call = (module, function, arity as u32);
    start(vm, parent, child, options)
}

/// Starts a process running the fun `fun` of arity 0, which lives on the
/// parent's heap. Like `spawn(erlang, apply, [Fun, []])`, except that the
/// child does not judge the call again: the parent's policy check covered
/// it.
pub fn spawn_fun(
    vm: &Arc<Vm>,
    parent: &mut Process,
    fun: Term,
    options: SpawnOptions,
) -> ProcessId {
    let id = vm.new_pid();
    let mut child = Process::new(id, vm.clone(), parent.group_leader);
    child.x[0] = copy::copy(&mut child.heap, fun);
    child.shrink_registers(1);
    child.resume = Resume::CallFun;
    child.initial_call = (atom::ERLANG, atom::APPLY, 2);
    start(vm, Some(parent), child, options)
}

fn start(
    vm: &Arc<Vm>,
    parent: Option<&mut Process>,
    mut child: Box<Process>,
    options: SpawnOptions,
) -> ProcessId {
    let id = child.id;
    child.stack.push(Term::cp(CP_EXIT));
    child.set_policy(options.policy);
    if let Some(parent) = parent {
        child.parent = Some(parent.id);
        if options.link {
            child.links.push(parent.id);
            parent.links.push(id);
        }
        if let Some(reference) = options.monitor {
            child.monitored_by.push(MonitorEntry {
                reference,
                other: parent.id,
            });
            parent.monitors.push(MonitorEntry {
                reference,
                other: id,
            });
        }
    }
    let cell = Arc::new(ProcessCell::new(child));
    vm.insert_process(cell.clone());
    vm.enqueue(cell);
    id
}

/// How a run of the scheduler ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// `halt` asked for this status.
    Halt(i32),
    /// The entry process ended; 0 when it returned or exited normally.
    MainDone(i32),
    /// No process can run and no timer is pending, but the entry process
    /// has not finished.
    Deadlock,
}

/// Runs processes until the VM halts or nothing can run any more.
pub fn run(vm: &Arc<Vm>) -> Stop {
    let mut registers = Registers::default();
    loop {
        if let Some(status) = vm.halt_requested() {
            return Stop::Halt(status);
        }
        if let Some(status) = vm.take_main_done() {
            return Stop::MainDone(status);
        }
        let Some(cell) = vm.next_runnable() else {
            if let Some(status) = vm.halt_requested() {
                return Stop::Halt(status);
            }
            return match vm.take_main_done() {
                Some(status) => Stop::MainDone(status),
                None => Stop::Deadlock,
            };
        };
        let mut slot = cell.process.lock().unwrap_or_else(|e| e.into_inner());
        let Some(proc) = slot.as_mut() else {
            continue;
        };
        proc.switch_in(&mut registers);
        let outcome = match signals::handle_signals(proc) {
            Ok(()) => run_guarded(vm, proc),
            Err(reason) => Outcome::Exit(reason),
        };
        if let Outcome::Exit(_) = outcome {
            proc.live_x = 0;
        }
        proc.switch_out(&mut registers);
        match outcome {
            Outcome::Yield => {
                drop(slot);
                vm.enqueue(cell);
            }
            Outcome::Wait => {
                cell.inbox.set_state(RunState::Waiting);
                drop(slot);
                // A signal that arrived before the state changed found the
                // process runnable and did not wake it.
                if cell.inbox.has_signals() && cell.inbox.wake() {
                    vm.enqueue(cell);
                }
            }
            Outcome::Exit(reason) => {
                let proc = slot.take().expect("checked above");
                drop(slot);
                exit_process(vm, &cell, proc, reason);
            }
        }
    }
}

/// Runs a process, turning a panic inside the VM into the process's exit
/// with reason `internal_error`, so one bad process cannot take the VM
/// down. A panic means a VM bug or code that broke an invariant the
/// loader does not check; the panic message is on standard error.
fn run_guarded(vm: &Vm, proc: &mut Process) -> Outcome {
    let id = proc.id;
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        interp::run(proc, REDUCTIONS_PER_SLICE)
    })) {
        Ok(outcome) => outcome,
        Err(_) => {
            vm.write_stderr(
                format!(
                    "cordon: internal error in process <0.{id}.0>; the process was terminated \
                     with reason internal_error\n"
                )
                .as_bytes(),
            );
            proc.current_exception = None;
            Outcome::Exit(Term::atom(Atom::from_static("internal_error")))
        }
    }
}

/// Sends the exit signals and 'DOWN' messages of a process that ended with
/// `reason`, and removes it from the VM.
fn exit_process(vm: &Arc<Vm>, cell: &ProcessCell, mut proc: Box<Process>, reason: Term) {
    let id = proc.id;
    let late = cell.inbox.close();
    if let Some(timer) = proc.receive_timer.take() {
        vm.cancel_timer(timer);
    }
    vm.unregister_pid(id);
    crate::monitor::remove_all_aliases(&mut proc);
    vm.remove_process(id);
    vm.ets.process_exited(vm, id);
    report_crash(vm, &proc, reason);

    for &link in &proc.links {
        let (reason, fragment) = copy::to_fragment(reason);
        vm.send_signal(
            link,
            Signal::Exit {
                from: id,
                reason,
                fragment,
                linked: true,
            },
        );
    }
    for m in &proc.monitored_by {
        send_down(vm, m.other, m.reference, id, reason);
    }
    for m in &proc.monitors {
        vm.send_signal(
            m.other,
            Signal::Demonitor {
                from: id,
                reference: m.reference,
            },
        );
    }
    // Links and monitors that arrived too late find the process gone.
    let noproc = Term::atom(atom::NOPROC);
    for signal in late {
        match signal {
            Signal::Link { from } => {
                vm.send_signal(
                    from,
                    Signal::Exit {
                        from: id,
                        reason: noproc,
                        fragment: None,
                        linked: true,
                    },
                );
            }
            Signal::Monitor { from, reference } => send_down(vm, from, reference, id, noproc),
            _ => {}
        }
    }
    if vm.main_pid() == Some(id) {
        vm.main_exited(reason);
    }
    drop(proc);
}

/// Sends `{'DOWN', Ref, process, Pid, Reason}` to `to`.
pub fn send_down(vm: &Vm, to: ProcessId, reference: u64, from: ProcessId, reason: Term) {
    let mut fragment = heap::Fragment::with_capacity(9 + copy::size_of(reason));
    let reason = copy::copy(&mut fragment, reason);
    let r = heap::reference(&mut fragment, reference);
    let term = heap::tuple(
        &mut fragment,
        &[
            Term::atom(atom::DOWN),
            r,
            Term::atom(atom::PROCESS),
            Term::pid(from),
            reason,
        ],
    );
    vm.send_signal(
        to,
        Signal::Down {
            reference,
            term,
            fragment: Some(fragment),
        },
    );
}

/// Prints OTP's error report for a process that ended with an uncaught
/// error or throw.
fn report_crash(vm: &Vm, proc: &Process, reason: Term) {
    let Some(exc) = proc.current_exception else {
        return;
    };
    if proc.exit_reason != Some(reason) || exc.class == crate::exception::Class::Exit {
        return;
    }
    if vm.main_pid() == Some(proc.id) {
        return;
    }
    let mut text = String::new();
    text.push_str("=ERROR REPORT==== ");
    text.push_str(&crate::time::report_timestamp());
    text.push_str(" ===\n");
    text.push_str(&format!(
        "Error in process <0.{}.0> with exit value:\n",
        proc.id
    ));
    crate::print::write_term_readable(&mut text, reason);
    text.push_str("\n\n");
    vm.write_stderr(text.as_bytes());
}
