//! process_info/1,2: what one process may read of another's state.
//!
//! The target's terms are copied into a fragment the caller adopts, so no
//! heap is shared. Another process is read only while its scheduler does
//! not run it; a process that is running elsewhere reads as gone.

use super::{expect_atom, list_to_vec};
use crate::atom::{self, Atom};
use crate::copy;
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::interp::{CP_EXIT, frame_entry};
use crate::process::{Process, Resume, RunState};
use crate::term::{CodePtr, Term};

fn integer(proc: &mut Process, value: i128) -> Term {
    crate::bignum::from_i128(&mut proc.heap, value)
}

/// What process_info reads of a process, with terms copied into a
/// fragment the caller adopts, so the target's heap is not shared.
struct InfoSource {
    id: u64,
    queue_len: usize,
    dictionary: Vec<(Term, Term)>,
    links: Vec<u64>,
    monitors: Vec<u64>,
    trap_exit: bool,
    heap_words: usize,
    stack_words: usize,
    reductions: u64,
    group_leader: Term,
    initial_call: (Atom, Atom, u32),
    messages: Vec<Term>,
    policy: Option<std::sync::Arc<crate::policy::Stack>>,
    monitored_by: Vec<u64>,
    /// Code positions from the newest frame to the oldest: where a
    /// switched-out process resumes, then each return address.
    frames: Vec<CodePtr>,
    /// `None` for the caller itself, which is running.
    state: Option<RunState>,
    parent: Option<u64>,
    catch_level: usize,
}

impl InfoSource {
    fn of(target: &Process, running: bool, into: &mut heap::Fragment) -> InfoSource {
        let dictionary = target
            .dictionary
            .iter()
            .map(|&(k, v)| (copy::copy(into, k), copy::copy(into, v)))
            .collect();
        let messages = target
            .mailbox
            .iter()
            .map(|m| copy::copy(into, m.term))
            .collect();
        InfoSource {
            id: target.id,
            queue_len: target.mailbox.len() + target.inbox.signal_count(),
            dictionary,
            links: target.links.clone(),
            monitors: target.monitors.iter().map(|m| m.other).collect(),
            trap_exit: target.trap_exit,
            heap_words: target.heap.capacity(),
            stack_words: target.stack.len(),
            reductions: target.reductions,
            group_leader: target.group_leader,
            initial_call: target.initial_call,
            messages,
            policy: target.policy.clone(),
            monitored_by: target.monitored_by.iter().map(|m| m.other).collect(),
            frames: frames(target, running),
            state: (!running).then(|| target.inbox.state()),
            parent: target.parent,
            catch_level: target.stack.iter().filter(|t| t.is_catch()).count(),
        }
    }

    fn size(target: &Process) -> usize {
        let dict: usize = target
            .dictionary
            .iter()
            .map(|&(k, v)| copy::size_of(k) + copy::size_of(v))
            .sum();
        let messages: usize = target.mailbox.iter().map(|m| copy::size_of(m.term)).sum();
        dict + messages + 1
    }
}

/// Returns the code positions of `target`'s frames, newest first. A
/// running process's own position is not known to a BIF, so its list
/// starts with its newest return address.
fn frames(target: &Process, running: bool) -> Vec<CodePtr> {
    let mut frames = Vec::new();
    if let (false, Resume::At(at)) = (running, target.resume) {
        frames.push(at);
    }
    for t in target.stack.iter().rev() {
        if !t.is_cp() {
            continue;
        }
        let cp = t.as_cp();
        if cp == CP_EXIT {
            break;
        }
        // A return address follows its call, which is the position shown.
        frames.push(CodePtr {
            module: cp.module,
            index: cp.index.saturating_sub(1),
        });
    }
    frames
}

/// Returns `{M, F, A}` of the function containing `at`.
fn function_of(proc: &Process, at: CodePtr) -> Option<(Atom, Atom, u32)> {
    let module = proc.vm.code.module(at.module);
    let function = module.function_at(at.index)?;
    Some((module.name, function.name, function.arity))
}

fn mfa_tuple(proc: &mut Process, (m, f, a): (Atom, Atom, u32)) -> Term {
    heap::tuple(
        &mut proc.heap,
        &[
            Term::atom(m),
            Term::atom(f),
            Term::small_unchecked(a as i64),
        ],
    )
}

fn stacktrace(proc: &mut Process, frames: &[CodePtr]) -> Term {
    let mut entries = Vec::with_capacity(frames.len());
    for &at in frames {
        let module = proc.vm.code.module(at.module);
        if let Some(entry) = frame_entry(proc, module, at.index, Term::NONE) {
            entries.push(entry);
        }
    }
    heap::list(&mut proc.heap, &entries)
}

/// Reads `pid` for process_info: the caller itself, or another process,
/// which is not running while the caller's scheduler runs the caller.
fn info_source(proc: &mut Process, pid: u64) -> Option<InfoSource> {
    let (source, fragment) = if pid == proc.id {
        let mut fragment = heap::Fragment::with_capacity(InfoSource::size(proc));
        (InfoSource::of(proc, true, &mut fragment), fragment)
    } else {
        let cell = proc.vm.process(pid)?;
        let slot = cell.process.try_lock().ok()?;
        let target = slot.as_ref()?;
        let mut fragment = heap::Fragment::with_capacity(InfoSource::size(target));
        (InfoSource::of(target, false, &mut fragment), fragment)
    };
    proc.heap.adopt(fragment);
    Some(source)
}

/// Returns `{Item, Value}`. For registered_name of an unnamed process it
/// returns `[]` when asked for that item alone and `{registered_name, []}`
/// inside a list, as OTP does.
fn process_info_item(
    proc: &mut Process,
    target: &InfoSource,
    item: Atom,
    in_list: bool,
) -> Result<Term, Exception> {
    let value = match item {
        atom::POLICY => crate::policy::layers_term(&mut proc.heap, target.policy.as_deref()),
        atom::MESSAGE_QUEUE_LEN => Term::small_unchecked(target.queue_len as i64),
        atom::REGISTERED_NAME => match proc.vm.name_of(target.id) {
            Some(name) => Term::atom(name),
            None if in_list => Term::NIL,
            None => return Ok(Term::NIL),
        },
        atom::DICTIONARY => {
            let mut items = Vec::with_capacity(target.dictionary.len());
            for &(k, v) in target.dictionary.iter().rev() {
                items.push(heap::tuple(&mut proc.heap, &[k, v]));
            }
            heap::list(&mut proc.heap, &items)
        }
        atom::LINKS => {
            let links: Vec<Term> = target.links.iter().map(|&p| Term::pid(p)).collect();
            heap::list(&mut proc.heap, &links)
        }
        atom::MONITORS => {
            let mut items = Vec::new();
            for &other in &target.monitors {
                let pair = heap::tuple(
                    &mut proc.heap,
                    &[Term::atom(atom::PROCESS), Term::pid(other)],
                );
                items.push(pair);
            }
            heap::list(&mut proc.heap, &items)
        }
        atom::TRAP_EXIT => Term::boolean(target.trap_exit),
        atom::STATUS => Term::atom(match target.state {
            None => atom::RUNNING,
            Some(RunState::Waiting) => atom::WAITING,
            Some(_) => Atom::from_static("runnable"),
        }),
        atom::HEAP_SIZE | atom::TOTAL_HEAP_SIZE => Term::small_unchecked(target.heap_words as i64),
        atom::STACK_SIZE => Term::small_unchecked(target.stack_words as i64),
        atom::REDUCTIONS => integer(proc, target.reductions as i128),
        atom::MEMORY => {
            let bytes =
                (target.heap_words + target.stack_words) * 8 + std::mem::size_of::<Process>();
            integer(proc, bytes as i128)
        }
        atom::GROUP_LEADER => target.group_leader,
        atom::INITIAL_CALL => mfa_tuple(proc, target.initial_call),
        atom::CURRENT_FUNCTION => {
            let current = match target.state {
                Some(_) => target.frames.first().and_then(|&at| function_of(proc, at)),
                None => None,
            };
            mfa_tuple(proc, current.unwrap_or(target.initial_call))
        }
        atom::PRIORITY => Term::atom(Atom::from_static("normal")),
        atom::MESSAGES => heap::list(&mut proc.heap, &target.messages),
        _ => return other_item(proc, target, item),
    };
    Ok(heap::tuple(&mut proc.heap, &[Term::atom(item), value]))
}

/// Returns `{Item, Value}` for the items OTP's tools and behaviours ask
/// for besides the common ones. Tuning values are OTP's defaults, which
/// Cordon neither uses nor changes.
fn other_item(proc: &mut Process, target: &InfoSource, item: Atom) -> Result<Term, Exception> {
    let value = match item.name() {
        "current_stacktrace" => stacktrace(proc, &target.frames),
        "current_location" => {
            let at = match target.state {
                Some(_) => target.frames.first().copied(),
                None => None,
            };
            let module = at.map(|at| (at, proc.vm.code.module(at.module)));
            match module.and_then(|(at, m)| frame_entry(proc, m, at.index, Term::NONE)) {
                Some(entry) => entry,
                None => {
                    let (m, f, a) = target.initial_call;
                    heap::tuple(
                        &mut proc.heap,
                        &[
                            Term::atom(m),
                            Term::atom(f),
                            Term::small_unchecked(a as i64),
                            Term::NIL,
                        ],
                    )
                }
            }
        }
        "monitored_by" => {
            let pids: Vec<Term> = target.monitored_by.iter().map(|&p| Term::pid(p)).collect();
            heap::list(&mut proc.heap, &pids)
        }
        "parent" => match target.parent {
            Some(pid) => Term::pid(pid),
            None => Term::atom(atom::UNDEFINED),
        },
        "error_handler" => Term::atom(Atom::from_static("error_handler")),
        "catchlevel" => Term::small_unchecked(target.catch_level as i64),
        "last_calls" => Term::atom(atom::FALSE),
        "trace" => Term::small_unchecked(0),
        "sequential_trace_token" | "suspending" | "binary" => Term::NIL,
        "message_queue_data" => Term::atom(Atom::from_static("on_heap")),
        "min_heap_size" => Term::small_unchecked(233),
        "min_bin_vheap_size" => Term::small_unchecked(46422),
        "garbage_collection" => {
            let max_heap = crate::map::from_pairs(
                &mut proc.heap,
                &[
                    (
                        Term::atom(Atom::from_static("error_logger")),
                        Term::atom(atom::TRUE),
                    ),
                    (Term::atom(atom::KILL), Term::atom(atom::TRUE)),
                    (
                        Term::atom(Atom::from_static("size")),
                        Term::small_unchecked(0),
                    ),
                ],
            );
            let pairs = [
                ("max_heap_size", max_heap),
                ("min_bin_vheap_size", Term::small_unchecked(46422)),
                ("min_heap_size", Term::small_unchecked(233)),
                ("fullsweep_after", Term::small_unchecked(65535)),
                ("minor_gcs", Term::small_unchecked(0)),
            ];
            let mut items = Vec::with_capacity(pairs.len());
            for (key, value) in pairs {
                items.push(heap::tuple(
                    &mut proc.heap,
                    &[Term::atom(Atom::from_static(key)), value],
                ));
            }
            heap::list(&mut proc.heap, &items)
        }
        _ => return Err(Exception::badarg()),
    };
    Ok(heap::tuple(&mut proc.heap, &[Term::atom(item), value]))
}

fn process_info_2(proc: &mut Process, args: &[Term]) -> BifResult {
    process_info_for(proc, args, 2)
}

/// Runs process_info/2 on behalf of process_info/`arity`, the form a
/// policy violation names.
fn process_info_for(proc: &mut Process, args: &[Term], arity: u32) -> BifResult {
    let pid = args[0].as_pid().ok_or_else(Exception::badarg)?;
    if pid != proc.id && proc.policy_flags != 0 {
        // Another process's links, monitors and group leader are pids
        // the caller was not given.
        let bif = crate::policy::bif_mfa("process_info", arity);
        crate::policy::check_forge(proc, bif)?;
    }
    if let Some(items) = list_to_vec(args[1]) {
        let mut atoms = Vec::with_capacity(items.len());
        for i in items {
            atoms.push(expect_atom(i)?);
        }
        let Some(source) = info_source(proc, pid) else {
            return Ok(Term::atom(atom::UNDEFINED));
        };
        let mut out = Vec::with_capacity(atoms.len());
        for a in atoms {
            out.push(process_info_item(proc, &source, a, true)?);
        }
        return Ok(heap::list(&mut proc.heap, &out));
    }
    let item = expect_atom(args[1])?;
    match info_source(proc, pid) {
        Some(source) => process_info_item(proc, &source, item, false),
        None => Ok(Term::atom(atom::UNDEFINED)),
    }
}

fn process_info_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let items = [
        atom::REGISTERED_NAME,
        atom::CURRENT_FUNCTION,
        atom::INITIAL_CALL,
        atom::STATUS,
        atom::MESSAGE_QUEUE_LEN,
        atom::LINKS,
        atom::DICTIONARY,
        atom::TRAP_EXIT,
        atom::GROUP_LEADER,
        atom::TOTAL_HEAP_SIZE,
        atom::HEAP_SIZE,
        atom::STACK_SIZE,
        atom::REDUCTIONS,
    ];
    let list: Vec<Term> = items.iter().map(|&a| Term::atom(a)).collect();
    let list = heap::list(&mut proc.heap, &list);
    let result = process_info_for(proc, &[args[0], list], 1)?;
    // Like OTP, leave out registered_name when there is none.
    let mut kept = Vec::new();
    let mut t = result;
    while t.is_cons() {
        let item = t.head();
        let unnamed = item.tuple_arity() == Some(2)
            && item.element(0) == Term::atom(atom::REGISTERED_NAME)
            && item.element(1).is_nil();
        if !unnamed {
            kept.push(item);
        }
        t = t.tail();
    }
    if result.is_atom() {
        return Ok(result);
    }
    Ok(heap::list(&mut proc.heap, &kept))
}

crate::bif_table![
    ("erlang", "process_info", 1, process_info_1),
    ("erlang", "process_info", 2, process_info_2),
];
