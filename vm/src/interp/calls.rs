//! Calls that leave the current module: exports, BIFs, funs, apply and
//! message sends.

use super::{CP_EXIT, Fault};
use crate::atom;
use crate::code::Module;
use crate::copy;
use crate::exception::Exception;
use crate::fun::{self, Export};
use crate::heap;
use crate::policy;
use crate::process::{Process, Signal, Trap};
use crate::term::{HeaderTag, Term};

/// The place a call continues: a module, an instruction index and the
/// number of X registers live there, or `None` when a BIF already produced
/// the result in x(0). The live count is the arity of the function
/// entered, which a BIF that trapped may have chosen.
pub type Entered = Option<(&'static Module, usize, u32)>;

/// Calls `export` with its arguments in X registers. Policies are judged
/// by the caller: at the call site for a static call, in the apply or fun
/// call for a dynamic one.
pub fn enter_export(proc: &mut Process, export: &'static Export) -> Result<Entered, Fault> {
    if let Some(bif) = export.bif {
        let arity = export.arity as usize;
        let mut args = [Term::NIL; 8];
        let result = if arity <= args.len() {
            args[..arity].copy_from_slice(&proc.x[..arity]);
            bif(proc, &args[..arity])
        } else {
            let args: Vec<Term> = proc.x[..arity].to_vec();
            bif(proc, &args)
        };
        return match result {
            Ok(t) if t.is_none() => run_trap(proc),
            Ok(t) => {
                proc.x[0] = t;
                Ok(None)
            }
            Err(e) => {
                let args: Vec<Term> = proc.x[..arity].to_vec();
                let mut fault = Fault::bif(proc, e, export, &args);
                fault.bif_call = true;
                Err(fault)
            }
        };
    }
    if let Some(code) = export.code() {
        let module = proc.vm.code.module(code.module);
        return Ok(Some((module, code.index as usize, export.arity)));
    }
    let vm = proc.vm.clone();
    if vm.code.current(export.module).is_none() {
        // A module that fails to load is reported by the code server's log;
        // the call itself raises undef, as in OTP.
        let _ = vm
            .code
            .ensure_loaded_for(export.module, proc.policy_flags != 0);
    }
    match export.code() {
        Some(code) => Ok(Some((
            vm.code.module(code.module),
            code.index as usize,
            export.arity,
        ))),
        None => Err(Fault::undef(
            proc,
            export.module,
            export.function,
            export.arity,
        )),
    }
}

/// Runs the call a BIF asked for through [`Process::trap`]. Its target was
/// chosen at run time, so the policy judges it.
fn run_trap(proc: &mut Process) -> Result<Entered, Fault> {
    match proc.trap.take() {
        Some(Trap::Call(export)) => {
            checked(proc, |p| policy::check_export(p, export))?;
            enter_export(proc, export)
        }
        Some(Trap::Continue(export)) => {
            // Another module loaded under the same name by an unrestricted
            // process is not the VM's code, so calls into it are judged.
            let is_vm_code = proc
                .vm
                .code
                .ensure_loaded(export.module)
                .is_ok_and(|module| module.is_vm_code());
            if !is_vm_code {
                checked(proc, |p| policy::check_export(p, export))?;
            }
            enter_export(proc, export)
        }
        Some(Trap::CallFun { fun, arity }) => enter_fun(proc, fun, arity),
        // The BIF judged the call it resumes with. With a message already
        // waiting the process wakes at once, as in OTP.
        Some(Trap::Hibernate(export)) => {
            if !proc.mailbox.is_empty() || proc.inbox.has_signals() {
                return enter_export(proc, export);
            }
            proc.hibernate = Some(export);
            Err(Fault::error(Exception::badarg()))
        }
        None => panic!("a BIF returned the non-value without setting a trap"),
    }
}

/// Returns the arity callers of a fun must pass, or `None` for non-funs.
pub fn fun_arity(f: Term) -> Option<u32> {
    match f.boxed_tag()? {
        HeaderTag::Fun => Some(fun::closure_entry(f).fun_arity()),
        HeaderTag::Export => Some(fun::export_of(f).arity),
        _ => None,
    }
}

/// Runs a policy check of the calling process; a process without a
/// policy pays the flags byte test.
#[inline]
fn checked(
    proc: &mut Process,
    check: impl FnOnce(&mut Process) -> Result<(), Exception>,
) -> Result<(), Fault> {
    if cfg!(feature = "no-policy-checks") || proc.policy_flags == 0 {
        return Ok(());
    }
    check(proc).map_err(Fault::error)
}

/// Calls the fun `f` with `arity` arguments in X registers, after the
/// policy judged the call.
#[inline]
pub fn enter_fun(proc: &mut Process, f: Term, arity: u32) -> Result<Entered, Fault> {
    if cfg!(not(feature = "no-policy-checks")) && proc.policy_flags != 0 {
        check_fun(proc, f, arity)?;
    }
    enter_fun_unchecked(proc, f, arity)
}

/// Judges a call of the fun `f` with `arity` arguments. A call that will
/// fail with badfun or badarity is left to fail that way.
#[inline(never)]
fn check_fun(proc: &mut Process, f: Term, arity: u32) -> Result<(), Fault> {
    if fun_arity(f) != Some(arity) {
        return Ok(());
    }
    match f.boxed_tag() {
        Some(HeaderTag::Fun) => {
            let entry = fun::closure_entry(f);
            policy::check_closure(proc, entry).map_err(Fault::error)
        }
        Some(HeaderTag::Export) => {
            let export = fun::export_of(f);
            policy::check_export(proc, export).map_err(Fault::error)
        }
        _ => Ok(()),
    }
}

/// Calls the fun `f` with `arity` arguments in X registers, with no policy
/// check: for a call the spawning process already judged.
pub fn enter_fun_unchecked(proc: &mut Process, f: Term, arity: u32) -> Result<Entered, Fault> {
    match f.boxed_tag() {
        Some(HeaderTag::Fun) => {
            let entry = fun::closure_entry(f);
            if entry.fun_arity() != arity {
                return Err(badarity(proc, f, arity));
            }
            let env = fun::closure_env(f);
            for (i, &v) in env.iter().enumerate() {
                proc.x[arity as usize + i] = v;
            }
            proc.x_written = proc.x_written.max(arity as usize + env.len());
            let module = proc.vm.code.module(entry.code.module);
            Ok(Some((module, entry.code.index as usize, entry.arity)))
        }
        Some(HeaderTag::Export) => {
            let export = fun::export_of(f);
            if export.arity != arity {
                return Err(badarity(proc, f, arity));
            }
            enter_export(proc, export)
        }
        _ => Err(Fault::error(Exception::error_tuple(
            &mut proc.heap,
            atom::BADFUN,
            f,
        ))),
    }
}

fn badarity(proc: &mut Process, f: Term, arity: u32) -> Fault {
    let args = heap::list(&mut proc.heap, &proc.x[..arity as usize].to_vec());
    let pair = heap::tuple(&mut proc.heap, &[f, args]);
    Fault::error(Exception::error_tuple(&mut proc.heap, atom::BADARITY, pair))
}

/// Runs the `apply` instruction: `x(arity)` is the module and
/// `x(arity + 1)` the function.
pub fn enter_apply(proc: &mut Process, arity: u32) -> Result<Entered, Fault> {
    let m = proc.x[arity as usize];
    let f = proc.x[arity as usize + 1];
    let (Some(module), Some(function)) = (m.as_atom(), f.as_atom()) else {
        return Err(Fault::error(Exception::badarg()));
    };
    let export = proc.vm.code.export(module, function, arity);
    checked(proc, |p| policy::check_export(p, export))?;
    enter_export(proc, export)
}

/// Pops the continuation pointer; `None` means the process's first
/// function returned.
#[inline]
pub fn return_to_caller(proc: &mut Process) -> Option<(&'static Module, usize)> {
    let cp = proc
        .stack
        .pop()
        .expect("return with an empty stack")
        .as_cp();
    if cp == CP_EXIT {
        return None;
    }
    Some((proc.vm.code.module(cp.module), cp.index as usize))
}

/// Sends `message` to `dest`: a pid, a registered name or `{Name, Node}`.
/// `bif` is the form called (`send/2`, `send/3` or `'!'/2` of `erlang`),
/// which a policy violation names; a send to a pid never is one.
pub fn send(
    proc: &mut Process,
    dest: Term,
    message: Term,
    bif: (&'static str, u32),
) -> Result<(), Exception> {
    if dest.is_reference() {
        // An alias is a capability like a pid, so no policy judges the
        // send. A reference that is not an active alias drops the message.
        if let Some((alias, owner)) = proc.vm.alias_owner(dest) {
            let (term, fragment) = copy::to_fragment(message);
            let signal = Signal::AliasMessage {
                alias,
                term,
                fragment,
            };
            proc.vm.send_signal(owner, signal);
        }
        return Ok(());
    }
    let target = resolve_destination(proc, dest, bif)?;
    if let Some(pid) = target {
        let (term, fragment) = copy::to_fragment(message);
        proc.vm.send_signal(pid, Signal::Message { term, fragment });
    }
    Ok(())
}

/// Returns the local process a send goes to, `None` when the message is
/// dropped (a pid of a process that is gone), or badarg.
fn resolve_destination(
    proc: &mut Process,
    dest: Term,
    bif: (&'static str, u32),
) -> Result<Option<u64>, Exception> {
    if let Some(pid) = dest.as_pid() {
        return Ok(Some(pid));
    }
    if let Some(name) = dest.as_atom() {
        if proc.policy_flags != 0 {
            policy::check_name(proc, name, policy::bif_mfa(bif.0, bif.1))?;
        }
        return match proc.vm.whereis(name) {
            Some(pid) => Ok(Some(pid)),
            None => Err(Exception::badarg()),
        };
    }
    if dest.tuple_arity() == Some(2) {
        let (name, node) = (dest.element(0), dest.element(1));
        if let (Some(name), Some(node)) = (name.as_atom(), node.as_atom()) {
            if node == atom::NONODE {
                if proc.policy_flags != 0 {
                    policy::check_name(proc, name, policy::bif_mfa(bif.0, bif.1))?;
                }
                // Unlike a bare name, `{Name, Node}` naming no process
                // drops the message, as OTP does.
                return Ok(proc.vm.whereis(name));
            }
            // Another node: without distribution the message is dropped,
            // as OTP does for a node it cannot connect to.
            if proc.policy_flags != 0 {
                policy::check_remote(proc, policy::bif_mfa(bif.0, bif.1))?;
            }
            return Ok(None);
        }
    }
    Err(Exception::badarg())
}
