//! The interpreter: runs a process's loaded instructions until it yields,
//! waits in a receive or exits.
//!
//! All Erlang state lives in the [`Process`] at every instruction boundary
//! (X registers, the stack, the heap), so the loop can stop at any call and
//! resume later, and native code can hand control back here at any call
//! site. The stack follows OTP 24's layout: a call pushes the continuation
//! pointer, `allocate` adds Y slots above it, so a frame of `n` slots is
//! `[cp, y(n-1), ..., y(0)]` with `y(0)` on top.

mod calls;
mod exceptions;
mod receive;

use crate::atom;
use crate::code::Module;
use crate::compare;
use crate::exception::{Class, Exception};
use crate::fun;
use crate::heap;
use crate::instr::{ArithOp, Dst, FDst, FSrc, FloatOp, Instr, SiteId, Src, TypeTest, X, Y};
use crate::policy;
use crate::process::{Process, Resume};
use crate::term::{CodePtr, Term};
use std::sync::atomic::Ordering;

pub use calls::send;
pub use exceptions::{Fault, frame_entry};

/// The reason the interpreter returned to the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The reduction budget ran out; the process stays runnable.
    Yield,
    /// A receive found no matching message.
    Wait,
    /// The process exited with this reason, a term on its heap.
    Exit(Term),
}

/// Reductions a process may use before it yields, as in OTP.
pub const REDUCTIONS_PER_SLICE: i64 = 4000;

/// Continuation pointer that ends the process normally when returned to.
pub const CP_EXIT: CodePtr = CodePtr {
    module: (1 << 26) - 1,
    index: 0,
};

#[inline(always)]
fn read(p: &Process, src: &Src) -> Term {
    match *src {
        Src::X(X(i)) => p.x[i as usize],
        Src::Y(Y(i)) => p.stack[p.stack.len() - 1 - i as usize],
        Src::Term(t) => t,
    }
}

#[inline(always)]
fn write(p: &mut Process, dst: &Dst, value: Term) {
    match *dst {
        Dst::X(X(i)) => p.x[i as usize] = value,
        Dst::Y(Y(i)) => {
            let len = p.stack.len();
            p.stack[len - 1 - i as usize] = value;
        }
    }
}

/// Writes the result of an allocating operation to `dst`, first
/// collecting garbage if the operation filled the heap. The roots are the
/// `live` X registers and the result.
#[inline]
fn write_collected(proc: &mut Process, live: u32, dst: &Dst, value: Term) {
    let mut value = [value];
    if !proc.heap.has_room(0) {
        proc.collect_garbage_with(0, live as usize, &mut value);
    }
    write(proc, dst, value[0]);
}

#[inline(always)]
fn type_test(test: TypeTest, t: Term) -> bool {
    match test {
        TypeTest::Integer => t.is_integer(),
        TypeTest::Float => t.is_float(),
        TypeTest::Number => t.is_number(),
        TypeTest::Atom => t.is_atom(),
        TypeTest::Pid => t.is_pid(),
        TypeTest::Reference => t.is_reference(),
        TypeTest::Port => t.is_port(),
        TypeTest::Nil => t.is_nil(),
        TypeTest::Binary => heap::bitstring(t).is_some_and(|b| b.is_binary()),
        TypeTest::Bitstring => t.is_bitstring(),
        TypeTest::List => t.is_list(),
        TypeTest::NonemptyList => t.is_cons(),
        TypeTest::Tuple => t.is_tuple(),
        TypeTest::Function => t.is_function(),
        TypeTest::Boolean => t == Term::atom(atom::TRUE) || t == Term::atom(atom::FALSE),
        TypeTest::Map => t.is_map(),
    }
}

/// Returns `true` when `a =:= b`, with the common cases inline.
#[inline(always)]
fn exact_eq(a: Term, b: Term) -> bool {
    if a == b {
        return true;
    }
    if a.is_immediate() || b.is_immediate() {
        return false;
    }
    compare::exact_eq(a, b)
}

#[inline(always)]
fn less_than(a: Term, b: Term) -> bool {
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        return x < y;
    }
    compare::compare(a, b) == std::cmp::Ordering::Less
}

#[inline(always)]
fn equal(a: Term, b: Term) -> bool {
    if a == b {
        return true;
    }
    if a.is_small() && b.is_small() {
        return false;
    }
    compare::eq(a, b)
}

/// Runs `proc` for at most `budget` reductions.
pub fn run(proc: &mut Process, budget: i64) -> Outcome {
    let vm = proc.vm.clone();
    let mut reductions = budget;
    let (mut module, mut ip): (&'static Module, usize) = match proc.resume {
        Resume::At(cp) => (vm.code.module(cp.module), cp.index as usize),
        Resume::Call {
            module,
            function,
            arity,
        } => {
            let export = vm.code.export(module, function, arity);
            let entered = calls::enter_export(proc, export);
            match start_call(proc, entered) {
                Ok(at) => at,
                Err(outcome) => return outcome,
            }
        }
        Resume::CallFun => {
            let f = proc.x[0];
            let entered = calls::enter_fun_unchecked(proc, f, 0);
            match start_call(proc, entered) {
                Ok(at) => at,
                Err(outcome) => return outcome,
            }
        }
    };

    'dispatch: loop {
        macro_rules! jump {
            ($label:expr) => {{
                ip = $label as usize;
                continue 'dispatch;
            }};
        }

        // Judges a checked call site against the process's policy. A
        // process without one pays the flags byte test; one with a policy
        // pays a comparison with the stack id the site cached.
        macro_rules! check_site {
            ($fault:lifetime, $site:expr, $export:expr, $args_in_x:expr) => {{
                let site: SiteId = $site;
                // PERF: the flags byte comes first, so a process without a
                // policy pays one byte test per call (callgrind, calls.erl).
                if cfg!(not(feature = "no-policy-checks"))
                    && proc.policy_flags != 0
                    && site.is_checked()
                    && module.sites[site.0 as usize].load(Ordering::Relaxed) != proc.policy_id
                {
                    if let Err(e) = policy::check_site(proc, module, site, $export, $args_in_x) {
                        std::hint::cold_path();
                        break $fault Fault::error(e);
                    }
                }
            }};
        }

        // Counts a call against the budget; yields with the callee as the
        // resume point. GC at calls keeps fragments from piling up in loops
        // that call BIFs but never reach a test_heap.
        macro_rules! after_call {
            ($live:expr) => {{
                let live = $live as usize;
                if !proc.heap.has_room(0) {
                    proc.collect_garbage(0, live);
                }
                reductions -= 1;
                if reductions <= 0 {
                    proc.reductions += (budget - reductions) as u64;
                    proc.live_x = live;
                    proc.resume = Resume::At(CodePtr {
                        module: module.slot,
                        index: ip as u32,
                    });
                    return Outcome::Yield;
                }
                continue 'dispatch;
            }};
        }

        let code = &module.code;
        let instr = &code[ip];
        ip += 1;
        let fault: Fault = 'fault: {
            match instr {
                Instr::Move { src, dst } => {
                    let v = read(proc, src);
                    write(proc, dst, v);
                }
                Instr::Call { arity, target } => {
                    proc.stack.push(Term::cp(CodePtr {
                        module: module.slot,
                        index: ip as u32,
                    }));
                    ip = *target as usize;
                    after_call!(*arity);
                }
                Instr::CallLast {
                    arity,
                    target,
                    deallocate,
                } => {
                    let len = proc.stack.len();
                    proc.stack.truncate(len - *deallocate as usize);
                    ip = *target as usize;
                    after_call!(*arity);
                }
                Instr::CallOnly { arity, target } => {
                    ip = *target as usize;
                    after_call!(*arity);
                }
                Instr::CallExt { export, site } => {
                    check_site!('fault, *site, export, true);
                    proc.stack.push(Term::cp(CodePtr {
                        module: module.slot,
                        index: ip as u32,
                    }));
                    match calls::enter_export(proc, export) {
                        Ok(Some((m, i, live))) => {
                            module = m;
                            ip = i;
                            after_call!(live);
                        }
                        Ok(None) => {
                            // A BIF ran to completion: pop the return
                            // address again and carry on.
                            proc.stack.pop();
                            after_call!(1);
                        }
                        Err(fault) => {
                            if fault.bif_call {
                                proc.stack.pop();
                            }
                            break 'fault fault;
                        }
                    }
                }
                Instr::CallExtLast {
                    export,
                    deallocate,
                    site,
                } => {
                    check_site!('fault, *site, export, true);
                    let len = proc.stack.len();
                    proc.stack.truncate(len - *deallocate as usize);
                    match calls::enter_export(proc, export) {
                        Ok(Some((m, i, live))) => {
                            module = m;
                            ip = i;
                            after_call!(live);
                        }
                        Ok(None) => match calls::return_to_caller(proc) {
                            Some((m, i)) => {
                                module = m;
                                ip = i;
                                after_call!(1);
                            }
                            None => return exit_normal(proc, budget - reductions),
                        },
                        Err(fault) => break 'fault fault,
                    }
                }
                Instr::CallExtOnly { export, site } => {
                    check_site!('fault, *site, export, true);
                    match calls::enter_export(proc, export) {
                        Ok(Some((m, i, live))) => {
                            module = m;
                            ip = i;
                            after_call!(live);
                        }
                        Ok(None) => match calls::return_to_caller(proc) {
                            Some((m, i)) => {
                                module = m;
                                ip = i;
                                after_call!(1);
                            }
                            None => return exit_normal(proc, budget - reductions),
                        },
                        Err(fault) => break 'fault fault,
                    }
                }
                Instr::Return => {
                    let cp = match proc.stack.pop() {
                        Some(t) if t.is_cp() => t.as_cp(),
                        Some(t) => panic!("return to {t:?}, which is not a return address"),
                        None => panic!("return with an empty stack"),
                    };
                    // PERF: most returns stay in the module, which saves
                    // the module table lookup.
                    if cp.module != module.slot {
                        if cp == CP_EXIT {
                            return exit_normal(proc, budget - reductions);
                        }
                        module = vm.code.module(cp.module);
                    }
                    ip = cp.index as usize;
                }
                Instr::Allocate { stack, .. } => {
                    for _ in 0..*stack {
                        proc.stack.push(Term::NIL);
                    }
                }
                Instr::AllocateZero { stack, .. } => {
                    let len = proc.stack.len();
                    proc.stack.resize(len + *stack as usize, Term::NIL);
                }
                Instr::AllocateHeap { stack, heap, live }
                | Instr::AllocateHeapZero { stack, heap, live } => {
                    let len = proc.stack.len();
                    proc.stack.resize(len + *stack as usize, Term::NIL);
                    if !proc.heap.has_room(*heap as usize) {
                        proc.collect_garbage(*heap as usize, *live as usize);
                    }
                }
                Instr::TestHeap { need, live } => {
                    if !proc.heap.has_room(*need as usize) {
                        proc.collect_garbage(*need as usize, *live as usize);
                    }
                }
                Instr::Init { y } => write(proc, &Dst::Y(*y), Term::NIL),
                Instr::InitYregs { ys } => {
                    for y in ys.iter() {
                        write(proc, &Dst::Y(*y), Term::NIL);
                    }
                }
                Instr::Deallocate { n } => {
                    let len = proc.stack.len();
                    proc.stack.truncate(len - *n as usize);
                }
                Instr::Trim { n } => {
                    let len = proc.stack.len();
                    proc.stack.truncate(len - *n as usize);
                }
                Instr::Bif {
                    bif,
                    site,
                    fail,
                    args,
                    dst,
                } => {
                    check_site!('fault, *site, bif.export, false);
                    let mut values = [Term::NIL; 3];
                    for (i, a) in args.iter().enumerate() {
                        values[i] = read(proc, a);
                    }
                    match (bif.f)(proc, &values[..args.len()]) {
                        Ok(v) => write(proc, dst, v),
                        Err(e) => {
                            if *fail != 0 {
                                jump!(*fail);
                            }
                            break 'fault Fault::bif(proc, e, bif.export, &values[..args.len()]);
                        }
                    }
                }
                Instr::GcBif {
                    bif,
                    fail,
                    live,
                    args,
                    dst,
                } => {
                    let mut values = [Term::NIL; 3];
                    for (i, a) in args.iter().enumerate() {
                        values[i] = read(proc, a);
                    }
                    match (bif.f)(proc, &values[..args.len()]) {
                        Ok(v) => write_collected(proc, *live, dst, v),
                        Err(e) => {
                            if *fail != 0 {
                                jump!(*fail);
                            }
                            break 'fault Fault::bif(proc, e, bif.export, &values[..args.len()]);
                        }
                    }
                }
                Instr::Arith {
                    op,
                    export,
                    fail,
                    live,
                    a,
                    b,
                    dst,
                } => {
                    let (x, y) = (read(proc, a), read(proc, b));
                    if let (Some(i), Some(j)) = (x.as_small(), y.as_small()) {
                        // Small integers have 60 bits, so only a product can
                        // overflow an i64.
                        let r = match op {
                            ArithOp::Add => Some(i + j),
                            ArithOp::Sub => Some(i - j),
                            ArithOp::Mul => i.checked_mul(j),
                            ArithOp::Band => Some(i & j),
                            ArithOp::Bor => Some(i | j),
                        };
                        if let Some(t) = r.and_then(Term::small) {
                            write(proc, dst, t);
                            continue 'dispatch;
                        }
                    }
                    let bif = export.bif.expect("the loader makes Arith only from BIFs");
                    match bif(proc, &[x, y]) {
                        Ok(v) => write_collected(proc, *live, dst, v),
                        Err(e) => {
                            if *fail != 0 {
                                jump!(*fail);
                            }
                            break 'fault Fault::bif(proc, e, export, &[x, y]);
                        }
                    }
                }
                Instr::IsLt { fail, a, b } => {
                    if !less_than(read(proc, a), read(proc, b)) {
                        jump!(*fail);
                    }
                }
                Instr::IsGe { fail, a, b } => {
                    if less_than(read(proc, a), read(proc, b)) {
                        jump!(*fail);
                    }
                }
                Instr::IsEq { fail, a, b } => {
                    if !equal(read(proc, a), read(proc, b)) {
                        jump!(*fail);
                    }
                }
                Instr::IsNe { fail, a, b } => {
                    if equal(read(proc, a), read(proc, b)) {
                        jump!(*fail);
                    }
                }
                Instr::IsEqExact { fail, a, b } => {
                    if !exact_eq(read(proc, a), read(proc, b)) {
                        jump!(*fail);
                    }
                }
                Instr::IsNeExact { fail, a, b } => {
                    if exact_eq(read(proc, a), read(proc, b)) {
                        jump!(*fail);
                    }
                }
                Instr::TypeTest { test, fail, src } => {
                    if !type_test(*test, read(proc, src)) {
                        jump!(*fail);
                    }
                }
                Instr::TestArity { fail, src, arity } => {
                    if read(proc, src).tuple_arity() != Some(*arity as usize) {
                        jump!(*fail);
                    }
                }
                Instr::IsTaggedTuple {
                    fail,
                    src,
                    arity,
                    tag,
                } => {
                    let t = read(proc, src);
                    if *arity == 0
                        || t.tuple_arity() != Some(*arity as usize)
                        || t.element(0) != *tag
                    {
                        jump!(*fail);
                    }
                }
                Instr::IsFunction2 { fail, src, arity } => {
                    let f = read(proc, src);
                    let a = read(proc, arity);
                    match calls::fun_arity(f) {
                        Some(n) if Some(n as i64) == a.as_small() => {}
                        _ => {
                            if a.as_small().is_none_or(|n| n < 0) {
                                break 'fault Fault::error(Exception::badarg());
                            }
                            jump!(*fail);
                        }
                    }
                }
                Instr::SelectVal { src, fail, table } => {
                    let v = read(proc, src);
                    let target = if table.sorted {
                        table
                            .values
                            .binary_search_by_key(&v.raw(), |t| t.raw())
                            .ok()
                            .map(|i| table.targets[i])
                    } else {
                        table
                            .values
                            .iter()
                            .position(|&t| exact_eq(t, v))
                            .map(|i| table.targets[i])
                    };
                    jump!(target.unwrap_or(*fail));
                }
                Instr::SelectTupleArity { src, fail, table } => {
                    let v = read(proc, src);
                    let target = v.tuple_arity().and_then(|arity| {
                        let key = Term::small_unchecked(arity as i64);
                        table
                            .values
                            .iter()
                            .position(|&t| t == key)
                            .map(|i| table.targets[i])
                    });
                    jump!(target.unwrap_or(*fail));
                }
                Instr::Jump { target } => {
                    // A backward jump can loop without a call, so it costs a
                    // reduction. With no live count known, a yield keeps all
                    // X registers.
                    if (*target as usize) < ip {
                        reductions -= 1;
                        if reductions <= 0 {
                            proc.reductions += (budget - reductions) as u64;
                            proc.live_x = crate::process::X_REGISTERS;
                            proc.resume = Resume::At(CodePtr {
                                module: module.slot,
                                index: *target,
                            });
                            return Outcome::Yield;
                        }
                    }
                    jump!(*target);
                }
                // The compiler type-checks before these instructions; the
                // checks here stop hand-made code from reading through a
                // word that is not a pointer.
                Instr::GetList { src, head, tail } => {
                    let l = read(proc, src);
                    if !l.is_cons() {
                        break 'fault Fault::error(Exception::badarg());
                    }
                    let (h, t) = (l.head(), l.tail());
                    write(proc, head, h);
                    write(proc, tail, t);
                }
                Instr::GetHd { src, dst } => {
                    let l = read(proc, src);
                    if !l.is_cons() {
                        break 'fault Fault::error(Exception::badarg());
                    }
                    write(proc, dst, l.head());
                }
                Instr::GetTl { src, dst } => {
                    let l = read(proc, src);
                    if !l.is_cons() {
                        break 'fault Fault::error(Exception::badarg());
                    }
                    write(proc, dst, l.tail());
                }
                Instr::GetTupleElement { src, index, dst } => {
                    let t = read(proc, src);
                    if t.tuple_arity().is_none_or(|arity| *index as usize >= arity) {
                        break 'fault Fault::error(Exception::badarg());
                    }
                    write(proc, dst, t.element(*index as usize));
                }
                Instr::SetTupleElement {
                    value,
                    tuple,
                    index,
                } => {
                    let v = read(proc, value);
                    let t = read(proc, tuple);
                    // Only a tuple this process just built may change: never a
                    // literal, which every process running the module shares.
                    let writable = t
                        .tuple_arity()
                        .is_some_and(|arity| (*index as usize) < arity)
                        && proc.heap.owns(t.ptr());
                    if !writable {
                        break 'fault Fault::error(Exception::badarg());
                    }
                    t.set_word(*index as usize, v.raw());
                }
                Instr::PutList { head, tail, dst } => {
                    let h = read(proc, head);
                    let t = read(proc, tail);
                    let l = heap::cons(&mut proc.heap, h, t);
                    write(proc, dst, l);
                }
                Instr::PutTuple2 { dst, elements } => {
                    let (tuple, body) = heap::alloc_boxed(
                        &mut proc.heap,
                        crate::term::HeaderTag::Tuple,
                        elements.len(),
                    );
                    for (i, e) in elements.iter().enumerate() {
                        let v = read(proc, e);
                        // SAFETY: the body has `elements.len()` words.
                        unsafe { *body.add(i) = v.raw() };
                    }
                    write(proc, dst, tuple);
                }
                Instr::Swap { a, b } => {
                    let va = read(proc, &dst_as_src(a));
                    let vb = read(proc, &dst_as_src(b));
                    write(proc, a, vb);
                    write(proc, b, va);
                }
                Instr::Badmatch { src } => {
                    let v = read(proc, src);
                    break 'fault Fault::error(Exception::error_tuple(
                        &mut proc.heap,
                        atom::BADMATCH,
                        v,
                    ));
                }
                Instr::IfEnd => {
                    break 'fault Fault::error(Exception::error(Term::atom(atom::IF_CLAUSE)));
                }
                Instr::CaseEnd { src } => {
                    let v = read(proc, src);
                    break 'fault Fault::error(Exception::error_tuple(
                        &mut proc.heap,
                        atom::CASE_CLAUSE,
                        v,
                    ));
                }
                Instr::TryCaseEnd { src } => {
                    let v = read(proc, src);
                    break 'fault Fault::error(Exception::error_tuple(
                        &mut proc.heap,
                        atom::TRY_CLAUSE,
                        v,
                    ));
                }
                Instr::Badrecord { src } => {
                    let v = read(proc, src);
                    break 'fault Fault::error(Exception::error_tuple(
                        &mut proc.heap,
                        atom::BADRECORD,
                        v,
                    ));
                }
                Instr::FuncInfo {
                    module: m,
                    function,
                    arity,
                } => {
                    break 'fault Fault::function_clause(proc, *m, *function, *arity);
                }
                Instr::Catch { y, handler } | Instr::Try { y, handler } => {
                    let tag = Term::catch(CodePtr {
                        module: module.slot,
                        index: *handler,
                    });
                    write(proc, &Dst::Y(*y), tag);
                }
                Instr::CatchEnd { y } => {
                    write(proc, &Dst::Y(*y), Term::NIL);
                    if proc.x[0].is_none() {
                        proc.x[0] = exceptions::catch_value(proc);
                    }
                }
                Instr::TryEnd { y } => write(proc, &Dst::Y(*y), Term::NIL),
                Instr::TryCase { y } => {
                    write(proc, &Dst::Y(*y), Term::NIL);
                    proc.x[0] = proc.x[1];
                    proc.x[1] = proc.x[2];
                    proc.x[2] = proc.x[3];
                }
                Instr::Raise { stacktrace, value } => {
                    let raw = read(proc, stacktrace);
                    let reason = read(proc, value);
                    break 'fault exceptions::reraise(raw, reason);
                }
                Instr::BuildStacktrace => {
                    proc.x[0] = exceptions::stacktrace_of(proc.x[0]);
                }
                Instr::RawRaise => {
                    let class = proc.x[0].as_atom().and_then(Class::from_atom);
                    match class {
                        Some(class) => {
                            let mut e = Exception::new(class, proc.x[1]);
                            e.stacktrace = exceptions::stacktrace_of(proc.x[2]);
                            break 'fault Fault::error(e);
                        }
                        None => {
                            proc.x[0] = Term::atom(atom::BADARG);
                        }
                    }
                }
                Instr::Send => match calls::send(proc, proc.x[0], proc.x[1], ("send", 2)) {
                    Ok(()) => {
                        proc.x[0] = proc.x[1];
                        reductions -= 1;
                    }
                    Err(e) => {
                        let args = [proc.x[0], proc.x[1]];
                        let send = vm
                            .code
                            .export(atom::ERLANG, atom::Atom::from_static("send"), 2);
                        break 'fault Fault::bif(proc, e, send, &args);
                    }
                },
                Instr::LoopRec { fail, dst } => match receive::next_message(proc) {
                    Ok(Some(m)) => write(proc, dst, m),
                    Ok(None) => jump!(*fail),
                    Err(reason) => {
                        proc.reductions += (budget - reductions) as u64;
                        return Outcome::Exit(reason);
                    }
                },
                Instr::LoopRecEnd { target } => {
                    proc.save += 1;
                    jump!(*target);
                }
                Instr::RemoveMessage => receive::remove_message(proc),
                Instr::Timeout => receive::timeout(proc),
                Instr::Wait { target } => {
                    proc.reductions += (budget - reductions) as u64;
                    proc.live_x = 0;
                    proc.resume = Resume::At(CodePtr {
                        module: module.slot,
                        index: *target,
                    });
                    return Outcome::Wait;
                }
                Instr::WaitTimeout { target, timeout } => {
                    let t = read(proc, timeout);
                    match receive::wait_timeout(proc, t) {
                        Ok(true) => {
                            proc.reductions += (budget - reductions) as u64;
                            // A wake-up without a new message runs this
                            // instruction again, which reads the timeout
                            // once more, so its register stays live.
                            proc.live_x = match timeout {
                                Src::X(x) => x.0 as usize + 1,
                                _ => 0,
                            };
                            proc.resume = Resume::At(CodePtr {
                                module: module.slot,
                                index: *target,
                            });
                            return Outcome::Wait;
                        }
                        Ok(false) => {}
                        Err(e) => break 'fault Fault::error(e),
                    }
                }
                Instr::RecvMarkerReserve { dst } => {
                    let marker = receive::reserve_marker(proc);
                    write(proc, dst, marker);
                }
                Instr::RecvMarkerBind { marker, reference } => {
                    let (m, r) = (read(proc, marker), read(proc, reference));
                    receive::bind_marker(proc, m, r);
                }
                Instr::RecvMarkerClear { reference } => {
                    let r = read(proc, reference);
                    receive::clear_marker(proc, r);
                }
                Instr::RecvMarkerUse { reference } => {
                    let r = read(proc, reference);
                    receive::use_marker(proc, r);
                }
                Instr::CallFun { arity } => {
                    let f = proc.x[*arity as usize];
                    proc.stack.push(Term::cp(CodePtr {
                        module: module.slot,
                        index: ip as u32,
                    }));
                    match calls::enter_fun(proc, f, *arity) {
                        Ok(Some((m, i, live))) => {
                            module = m;
                            ip = i;
                            after_call!(live);
                        }
                        Ok(None) => {
                            proc.stack.pop();
                            after_call!(1);
                        }
                        Err(fault) => {
                            if fault.bif_call {
                                proc.stack.pop();
                            }
                            break 'fault fault;
                        }
                    }
                }
                Instr::CallFun2 { arity, fun } => {
                    let f = read(proc, fun);
                    proc.stack.push(Term::cp(CodePtr {
                        module: module.slot,
                        index: ip as u32,
                    }));
                    match calls::enter_fun(proc, f, *arity) {
                        Ok(Some((m, i, live))) => {
                            module = m;
                            ip = i;
                            after_call!(live);
                        }
                        Ok(None) => {
                            proc.stack.pop();
                            after_call!(1);
                        }
                        Err(fault) => {
                            if fault.bif_call {
                                proc.stack.pop();
                            }
                            break 'fault fault;
                        }
                    }
                }
                Instr::MakeFun { entry, dst, env } => {
                    let mut values = Vec::with_capacity(env.len());
                    for e in env.iter() {
                        values.push(read(proc, e));
                    }
                    let pid = proc.pid();
                    let f = fun::make_closure(&mut proc.heap, entry, pid, &values);
                    write(proc, dst, f);
                }
                Instr::Apply { arity } => {
                    proc.stack.push(Term::cp(CodePtr {
                        module: module.slot,
                        index: ip as u32,
                    }));
                    match calls::enter_apply(proc, *arity) {
                        Ok(Some((m, i, live))) => {
                            module = m;
                            ip = i;
                            after_call!(live);
                        }
                        Ok(None) => {
                            proc.stack.pop();
                            after_call!(1);
                        }
                        Err(fault) => {
                            if fault.bif_call {
                                proc.stack.pop();
                            }
                            break 'fault fault;
                        }
                    }
                }
                Instr::ApplyLast { arity, deallocate } => {
                    let len = proc.stack.len();
                    proc.stack.truncate(len - *deallocate as usize);
                    match calls::enter_apply(proc, *arity) {
                        Ok(Some((m, i, live))) => {
                            module = m;
                            ip = i;
                            after_call!(live);
                        }
                        Ok(None) => match calls::return_to_caller(proc) {
                            Some((m, i)) => {
                                module = m;
                                ip = i;
                                after_call!(1);
                            }
                            None => return exit_normal(proc, budget - reductions),
                        },
                        Err(fault) => break 'fault fault,
                    }
                }
                Instr::Fclearerror | Instr::Fcheckerror => {}
                Instr::Fmove { src, dst } => {
                    let value = match src {
                        FSrc::F(r) => FloatValue::Raw(proc.f[r.0 as usize]),
                        FSrc::Src(s) => FloatValue::Term(read(proc, s)),
                    };
                    match (dst, value) {
                        (FDst::F(r), FloatValue::Raw(v)) => proc.f[r.0 as usize] = v,
                        (FDst::F(r), FloatValue::Term(t)) => {
                            proc.f[r.0 as usize] = t.as_float().unwrap_or(0.0)
                        }
                        (FDst::Dst(d), FloatValue::Raw(v)) => {
                            let t = heap::float(&mut proc.heap, v);
                            write(proc, d, t);
                        }
                        (FDst::Dst(d), FloatValue::Term(t)) => write(proc, d, t),
                    }
                }
                Instr::Fconv { src, dst } => {
                    let t = read(proc, src);
                    match crate::arith::to_f64(t) {
                        Some(v) => proc.f[dst.0 as usize] = v,
                        None => break 'fault Fault::error(Exception::badarith()),
                    }
                }
                Instr::Farith { op, a, b, dst } => {
                    let (x, y) = (proc.f[a.0 as usize], proc.f[b.0 as usize]);
                    let r = match op {
                        FloatOp::Add => x + y,
                        FloatOp::Sub => x - y,
                        FloatOp::Mul => x * y,
                        FloatOp::Div => x / y,
                    };
                    if !r.is_finite() {
                        break 'fault Fault::error(Exception::badarith());
                    }
                    proc.f[dst.0 as usize] = r;
                }
                Instr::Fnegate { src, dst } => {
                    proc.f[dst.0 as usize] = -proc.f[src.0 as usize];
                }
                Instr::PutMapAssoc {
                    fail,
                    src,
                    dst,
                    live,
                    pairs,
                } => match ops_maps::put(proc, src, pairs, false) {
                    Ok(m) => write(proc, dst, m),
                    Err(e) => {
                        let _ = live;
                        if *fail != 0 {
                            jump!(*fail);
                        }
                        break 'fault Fault::error(e);
                    }
                },
                Instr::PutMapExact {
                    fail,
                    src,
                    dst,
                    live,
                    pairs,
                } => match ops_maps::put(proc, src, pairs, true) {
                    Ok(m) => write(proc, dst, m),
                    Err(e) => {
                        let _ = live;
                        if *fail != 0 {
                            jump!(*fail);
                        }
                        break 'fault Fault::error(e);
                    }
                },
                Instr::HasMapFields { fail, src, keys } => {
                    let m = read(proc, src);
                    if !m.is_map() {
                        jump!(*fail);
                    }
                    for k in keys.iter() {
                        let k = read(proc, k);
                        if crate::map::get(m, k).is_none() {
                            jump!(*fail);
                        }
                    }
                }
                Instr::GetMapElements { fail, src, pairs } => {
                    let m = read(proc, src);
                    if !m.is_map() {
                        jump!(*fail);
                    }
                    let mut found = Vec::with_capacity(pairs.len());
                    for (k, _) in pairs.iter() {
                        match crate::map::get(m, read(proc, k)) {
                            Some(v) => found.push(v),
                            None => jump!(*fail),
                        }
                    }
                    for ((_, d), v) in pairs.iter().zip(found) {
                        write(proc, d, v);
                    }
                }
                Instr::BsCreateBin {
                    fail,
                    live,
                    unit: _,
                    dst,
                    segments,
                } => match ops_bits::create_bin(proc, module, segments) {
                    Ok(b) => write_collected(proc, *live, dst, b),
                    Err(e) => {
                        if *fail != 0 {
                            jump!(*fail);
                        }
                        break 'fault Fault::error(e);
                    }
                },
                Instr::BsStartMatch {
                    fail,
                    live: _,
                    src,
                    dst,
                } => {
                    let t = read(proc, src);
                    match crate::bits::start_match(&mut proc.heap, t) {
                        Some(ctx) => write(proc, dst, ctx),
                        None => jump!(*fail),
                    }
                }
                Instr::BsGetInteger {
                    fail,
                    ctx,
                    live: _,
                    size,
                    unit,
                    flags,
                    dst,
                } => {
                    let c = read(proc, ctx);
                    let s = read(proc, size);
                    let r = crate::bits::segment_bits(s, *unit)
                        .and_then(|bits| crate::bits::get_integer(&mut proc.heap, c, bits, *flags));
                    match r {
                        Some(v) => write(proc, dst, v),
                        None => jump!(*fail),
                    }
                }
                Instr::BsGetFloat {
                    fail,
                    ctx,
                    size,
                    unit,
                    flags,
                    dst,
                } => {
                    let c = read(proc, ctx);
                    let s = read(proc, size);
                    let r = crate::bits::segment_bits(s, *unit)
                        .and_then(|bits| crate::bits::get_float(&mut proc.heap, c, bits, *flags));
                    match r {
                        Some(v) => write(proc, dst, v),
                        None => jump!(*fail),
                    }
                }
                Instr::BsGetBinary {
                    fail,
                    ctx,
                    live: _,
                    size,
                    unit,
                    dst,
                } => {
                    let c = read(proc, ctx);
                    let s = read(proc, size);
                    let r = if s == Term::atom(atom::ALL) {
                        crate::bits::get_binary_all(&mut proc.heap, c, *unit)
                    } else {
                        crate::bits::segment_bits(s, *unit)
                            .and_then(|bits| crate::bits::get_binary(&mut proc.heap, c, bits))
                    };
                    match r {
                        Some(v) => write(proc, dst, v),
                        None => jump!(*fail),
                    }
                }
                Instr::BsSkipBits {
                    fail,
                    ctx,
                    size,
                    unit,
                } => {
                    let c = read(proc, ctx);
                    let s = read(proc, size);
                    let ok = if s == Term::atom(atom::ALL) {
                        crate::bits::skip_all(c, *unit)
                    } else {
                        crate::bits::segment_bits(s, *unit)
                            .is_some_and(|bits| crate::bits::skip_bits(c, bits))
                    };
                    if !ok {
                        jump!(*fail);
                    }
                }
                Instr::BsTestTail { fail, ctx, bits } => {
                    if !crate::bits::test_tail(read(proc, ctx), *bits) {
                        jump!(*fail);
                    }
                }
                Instr::BsTestUnit { fail, ctx, unit } => {
                    if !crate::bits::test_unit(read(proc, ctx), *unit) {
                        jump!(*fail);
                    }
                }
                Instr::BsMatchString {
                    fail,
                    ctx,
                    bits,
                    offset,
                } => {
                    let c = read(proc, ctx);
                    let start = *offset as usize;
                    let len = bits.div_ceil(8) as usize;
                    let ok = module
                        .strings
                        .get(start..start + len)
                        .is_some_and(|s| crate::bits::match_string(c, s, *bits));
                    if !ok {
                        jump!(*fail);
                    }
                }
                Instr::BsGetUtf {
                    width,
                    fail,
                    ctx,
                    flags,
                    dst,
                } => {
                    let c = read(proc, ctx);
                    match crate::bits::get_utf(c, *width, *flags) {
                        Some(v) => {
                            if let Some(d) = dst {
                                write(proc, d, v);
                            }
                        }
                        None => jump!(*fail),
                    }
                }
                Instr::BsGetTail { ctx, dst, live: _ } => {
                    let c = read(proc, ctx);
                    let t = crate::bits::get_tail(&mut proc.heap, c);
                    write(proc, dst, t);
                }
                Instr::BsGetPosition { ctx, dst } => {
                    let p = crate::bits::get_position(read(proc, ctx));
                    write(proc, dst, p);
                }
                Instr::BsSetPosition { ctx, position } => {
                    let (c, p) = (read(proc, ctx), read(proc, position));
                    crate::bits::set_position(c, p);
                }
                Instr::BsInitWritable => {
                    proc.x[0] = heap::binary(&mut proc.heap, &[]);
                }
                Instr::OnLoad => {}
                Instr::Unsupported { name } => {
                    let reason = format!("instruction {name} is not supported");
                    let text = heap::char_list(&mut proc.heap, &reason);
                    break 'fault Fault::error(Exception::error_tuple(
                        &mut proc.heap,
                        atom::Atom::from_static("unsupported"),
                        text,
                    ));
                }
            }
            continue 'dispatch;
        };
        if let Some(export) = proc.hibernate.take() {
            proc.reductions += (budget - reductions).max(0) as u64;
            return hibernate(proc, export);
        }
        // An exception: find a handler or end the process.
        match exceptions::raise(proc, Some((module, ip - 1)), fault) {
            Some((m, i)) => {
                module = m;
                ip = i;
            }
            None => {
                proc.reductions += (budget - reductions).max(0) as u64;
                return Outcome::Exit(proc.exit_reason.unwrap_or(Term::NIL));
            }
        }
    }
}

enum FloatValue {
    Raw(f64),
    Term(Term),
}

fn dst_as_src(d: &Dst) -> Src {
    match *d {
        Dst::X(x) => Src::X(x),
        Dst::Y(y) => Src::Y(y),
    }
}

/// Leaves the interpreter until a message arrives, then calls `export`
/// with the arguments in X registers on the empty stack that
/// `erlang:hibernate/3` left.
fn hibernate(proc: &mut Process, export: &'static crate::fun::Export) -> Outcome {
    proc.live_x = export.arity as usize;
    proc.resume = Resume::Call {
        module: export.module,
        function: export.function,
        arity: export.arity,
    };
    // NOTE: any signal wakes the process, not only a message as in OTP,
    // so a link or monitor request resumes it early.
    Outcome::Wait
}

/// Turns the result of a process's first call into where it starts, or
/// the outcome that ends it at once.
fn start_call(
    proc: &mut Process,
    entered: Result<calls::Entered, Fault>,
) -> Result<(&'static Module, usize), Outcome> {
    match entered {
        Ok(Some((m, i, _))) => Ok((m, i)),
        // A BIF as the initial call: its result is the return value, so
        // the process is done.
        Ok(None) => Err(Outcome::Exit(Term::atom(atom::NORMAL))),
        Err(_) if proc.hibernate.is_some() => {
            let export = proc.hibernate.take().expect("checked above");
            Err(hibernate(proc, export))
        }
        Err(fault) => match exceptions::raise(proc, None, fault) {
            Some(at) => Ok(at),
            None => Err(Outcome::Exit(proc.exit_reason.unwrap_or(Term::NIL))),
        },
    }
}

fn exit_normal(proc: &mut Process, used: i64) -> Outcome {
    proc.reductions += used.max(0) as u64;
    Outcome::Exit(Term::atom(atom::NORMAL))
}

mod ops_maps {
    use super::read;
    use crate::atom;
    use crate::exception::Exception;
    use crate::instr::Src;
    use crate::process::Process;
    use crate::term::Term;

    /// Runs `put_map_assoc` (`exact == false`) or `put_map_exact`.
    pub fn put(
        proc: &mut Process,
        src: &Src,
        pairs: &[Src],
        exact: bool,
    ) -> Result<Term, Exception> {
        let map = read(proc, src);
        if !map.is_map() {
            return Err(Exception::error_tuple(&mut proc.heap, atom::BADMAP, map));
        }
        let values: Vec<Term> = pairs.iter().map(|p| read(proc, p)).collect();
        match crate::map::put_pairs(&mut proc.heap, map, &values, exact) {
            Ok(m) => Ok(m),
            Err(key) => Err(Exception::error_tuple(&mut proc.heap, atom::BADKEY, key)),
        }
    }
}

mod ops_bits {
    use super::read;
    use crate::bits::SegmentValue;
    use crate::code::Module;
    use crate::exception::Exception;
    use crate::instr::{BinSegment, BinSegmentKind};
    use crate::process::Process;
    use crate::term::Term;

    /// Runs `bs_create_bin`.
    pub fn create_bin(
        proc: &mut Process,
        module: &Module,
        segments: &[BinSegment],
    ) -> Result<Term, Exception> {
        let mut values = Vec::with_capacity(segments.len());
        for s in segments {
            let (value, string): (Term, &[u8]) = match s.kind {
                BinSegmentKind::String => {
                    let offset = read(proc, &s.value).as_small().unwrap_or(0) as usize;
                    let len = read(proc, &s.size).as_small().unwrap_or(0) as usize;
                    (
                        Term::NIL,
                        module.strings.get(offset..offset + len).unwrap_or(&[]),
                    )
                }
                _ => (read(proc, &s.value), &[]),
            };
            values.push(SegmentValue {
                kind: s.kind,
                unit: s.unit,
                flags: s.flags,
                value,
                size: read(proc, &s.size),
                string,
            });
        }
        crate::bits::create_bin(&mut proc.heap, &values)
    }
}
