//! Raising exceptions: building stacktraces, unwinding to the nearest
//! catch, and turning an uncaught exception into an exit reason.

use super::CP_EXIT;
use crate::atom::{self, Atom};
use crate::code::Module;
use crate::exception::{Class, Exception};
use crate::fun::Export;
use crate::heap;
use crate::process::Process;
use crate::term::Term;

/// Maximum number of stacktrace entries, OTP's default backtrace depth.
pub const BACKTRACE_DEPTH: usize = 8;

/// An exception on its way to a handler, with what the stacktrace's first
/// entry needs.
#[derive(Debug, Clone, Copy)]
pub struct Fault {
    pub exc: Exception,
    /// An entry placed above the current function: the failing BIF or the
    /// undefined function, as `{M, F, Args, Location}`.
    pub top: Option<(Atom, Atom, Term, Term)>,
    /// Set when a BIF reached through a call instruction failed.
    pub bif_call: bool,
    /// Leave the current function out of the stacktrace, because `top`
    /// already stands for it or the call was a tail call.
    pub skip_current: bool,
}

impl Fault {
    pub fn error(exc: Exception) -> Fault {
        Fault {
            exc,
            top: None,
            bif_call: false,
            skip_current: false,
        }
    }

    /// A failed BIF call: the BIF heads the stacktrace with its arguments,
    /// except for the BIFs whose job is raising.
    pub fn bif(proc: &mut Process, exc: Exception, export: &Export, args: &[Term]) -> Fault {
        let raising = export.module == atom::ERLANG
            && matches!(
                export.function.name(),
                "error" | "exit" | "throw" | "raise" | "nif_error"
            );
        if raising || !exc.stacktrace.is_none() {
            return Fault::error(exc);
        }
        let args = heap::list(&mut proc.heap, args);
        let location = error_info(proc, export.module);
        Fault {
            exc,
            top: Some((export.module, export.function, args, location)),
            bif_call: false,
            skip_current: false,
        }
    }

    /// A call to a function that no loaded module exports.
    pub fn undef(proc: &mut Process, module: Atom, function: Atom, arity: u32) -> Fault {
        let args = heap::list(&mut proc.heap, &proc.x[..arity as usize].to_vec());
        Fault {
            exc: Exception::error(Term::atom(atom::UNDEF)),
            top: Some((module, function, args, Term::NIL)),
            bif_call: false,
            skip_current: true,
        }
    }

    /// No clause of `module:function/arity` matched its arguments.
    pub fn function_clause(proc: &mut Process, module: Atom, function: Atom, arity: u32) -> Fault {
        let args = heap::list(&mut proc.heap, &proc.x[..arity as usize].to_vec());
        Fault {
            exc: Exception::error(Term::atom(atom::FUNCTION_CLAUSE)),
            top: Some((module, function, args, Term::NONE)),
            bif_call: false,
            skip_current: false,
        }
    }
}

/// Returns the location list OTP 25 gives a failed BIF of `module`:
/// `[{error_info, #{module => M}}]` naming the module that explains its
/// errors, or `[]`.
fn error_info(proc: &mut Process, module: Atom) -> Term {
    let explainer = match module.name() {
        "erlang" | "erts_internal" | "persistent_term" | "atomics" | "counters" => {
            "erl_erts_errors"
        }
        "maps" | "math" | "binary" => "erl_stdlib_errors",
        "os" => "erl_kernel_errors",
        _ => return Term::NIL,
    };
    let key = Term::atom(atom::MODULE);
    let value = Term::atom(Atom::from_static(explainer));
    let map = crate::map::from_pairs(&mut proc.heap, &[(key, value)]);
    let info = heap::tuple(&mut proc.heap, &[Term::atom(atom::ERROR_INFO), map]);
    heap::list(&mut proc.heap, &[info])
}

/// Builds a `[{file, File}, {line, Line}]` location list, or `[]`.
fn location(proc: &mut Process, module: &Module, index: u32) -> Term {
    let Some((file, line)) = module.line_at(index) else {
        return Term::NIL;
    };
    let file = heap::char_list(&mut proc.heap, file);
    let file = heap::tuple(&mut proc.heap, &[Term::atom(atom::FILE), file]);
    let line = heap::tuple(
        &mut proc.heap,
        &[Term::atom(atom::LINE), Term::small_unchecked(line as i64)],
    );
    heap::list(&mut proc.heap, &[file, line])
}

/// Builds the stacktrace entry for the function containing `index`.
pub fn frame_entry(proc: &mut Process, module: &Module, index: u32, args: Term) -> Option<Term> {
    let function = *module.function_at(index)?;
    let arity_or_args = if args.is_none() {
        Term::small_unchecked(function.arity as i64)
    } else {
        args
    };
    let loc = location(proc, module, index);
    Some(heap::tuple(
        &mut proc.heap,
        &[
            Term::atom(module.name),
            Term::atom(function.name),
            arity_or_args,
            loc,
        ],
    ))
}

/// Builds the stacktrace of a fault raised at `at`.
fn build_stacktrace(
    proc: &mut Process,
    at: Option<(&'static Module, usize)>,
    fault: &Fault,
) -> Term {
    let mut entries = Vec::with_capacity(BACKTRACE_DEPTH);
    if let Some((m, f, args, loc)) = fault.top {
        let loc = if loc.is_none() {
            // function_clause: the location of the function head.
            match at {
                Some((module, index)) => location(proc, module, index as u32),
                None => Term::NIL,
            }
        } else {
            loc
        };
        entries.push(heap::tuple(
            &mut proc.heap,
            &[Term::atom(m), Term::atom(f), args, loc],
        ));
    }
    let skip_current = fault.skip_current || fault.top.is_some_and(|t| t.3.is_none());
    if let Some((module, index)) = at {
        if !skip_current {
            if let Some(e) = frame_entry(proc, module, index as u32, fault.exc.args) {
                entries.push(e);
            }
        }
    }
    let mut i = proc.stack.len();
    while i > 0 && entries.len() < BACKTRACE_DEPTH {
        i -= 1;
        let t = proc.stack[i];
        if !t.is_cp() {
            continue;
        }
        let cp = t.as_cp();
        if cp == CP_EXIT {
            break;
        }
        let module = proc.vm.code.module(cp.module);
        // The return address follows the call; the call is one before.
        let call_index = cp.index.saturating_sub(1);
        if let Some(e) = frame_entry(proc, module, call_index, Term::NONE) {
            entries.push(e);
        }
    }
    heap::list(&mut proc.heap, &entries)
}

/// Raises `fault` at `at`. Returns the handler to jump to, or `None` when
/// no catch is active and the process must exit with `proc.exit_reason`.
pub fn raise(
    proc: &mut Process,
    at: Option<(&'static Module, usize)>,
    fault: Fault,
) -> Option<(&'static Module, usize)> {
    if let Some(reason) = proc.pending_exit.take() {
        proc.exit_reason = Some(reason);
        return None;
    }
    let mut exc = fault.exc;
    if exc.stacktrace.is_none() {
        exc.stacktrace = build_stacktrace(proc, at, &fault);
    }
    // Find the newest catch tag. A frame ends below the continuation
    // pointer of the frame above it, so the stack is cut there.
    let mut frame_top = proc.stack.len();
    let mut i = proc.stack.len();
    while i > 0 {
        i -= 1;
        let t = proc.stack[i];
        if t.is_cp() {
            frame_top = i;
        } else if t.is_catch() {
            let handler = t.catch_handler();
            proc.stack.truncate(frame_top);
            let class = Term::atom(exc.class.atom());
            let raw = heap::tuple(&mut proc.heap, &[class, exc.stacktrace]);
            proc.x[0] = Term::NONE;
            proc.x[1] = class;
            proc.x[2] = exc.reason;
            proc.x[3] = raw;
            proc.x_written = proc.x_written.max(4);
            proc.current_exception = Some(exc);
            let module = proc.vm.code.module(handler.module);
            return Some((module, handler.index as usize));
        }
    }
    proc.exit_reason = Some(exit_reason(proc, &exc));
    proc.current_exception = Some(exc);
    None
}

/// Returns the exit reason of a process that raised `exc` uncaught.
fn exit_reason(proc: &mut Process, exc: &Exception) -> Term {
    match exc.class {
        Class::Exit => exc.reason,
        Class::Error => heap::tuple(&mut proc.heap, &[exc.reason, exc.stacktrace]),
        Class::Throw => {
            let nocatch = heap::tuple(&mut proc.heap, &[Term::atom(atom::NOCATCH), exc.reason]);
            heap::tuple(&mut proc.heap, &[nocatch, exc.stacktrace])
        }
    }
}

/// Returns the value of a `catch Expr` whose expression raised: x(1) is
/// the class, x(2) the reason, x(3) the raw stacktrace.
pub fn catch_value(proc: &mut Process) -> Term {
    let class = proc.x[1].as_atom().and_then(Class::from_atom);
    let reason = proc.x[2];
    let exit = Term::atom(atom::EXIT_UPPER);
    match class {
        Some(Class::Throw) => reason,
        Some(Class::Exit) => heap::tuple(&mut proc.heap, &[exit, reason]),
        _ => {
            let trace = stacktrace_of(proc.x[3]);
            let inner = heap::tuple(&mut proc.heap, &[reason, trace]);
            heap::tuple(&mut proc.heap, &[exit, inner])
        }
    }
}

/// Returns the stacktrace list inside a raw stacktrace.
pub fn stacktrace_of(raw: Term) -> Term {
    if raw.tuple_arity() == Some(2) && raw.element(0).is_atom() {
        raw.element(1)
    } else {
        raw
    }
}

/// Runs the `raise` instruction: rethrows `reason` with the class and
/// stacktrace of a raw stacktrace.
pub fn reraise(raw: Term, reason: Term) -> Fault {
    let class = if raw.tuple_arity() == Some(2) {
        raw.element(0).as_atom().and_then(Class::from_atom)
    } else {
        None
    };
    match class {
        Some(class) => {
            let mut exc = Exception::new(class, reason);
            exc.stacktrace = raw.element(1);
            Fault::error(exc)
        }
        None => Fault::error(Exception::badarg()),
    }
}
