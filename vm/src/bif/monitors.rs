//! BIFs for monitors and process aliases: monitor/2,3, demonitor/1,2,
//! alias/0,1 and unalias/1.
//!
//! An alias is a reference that other processes can send to while it is
//! active; `crate::monitor` keeps the alias table and the process's own
//! list in step, so these BIFs change aliases only through it.

use super::list_to_vec;
use super::process::check_name;
use crate::atom;
use crate::exception::{BifResult, Class, Exception};
use crate::heap;
use crate::monitor;
use crate::policy;
use crate::process::{AliasKind, MonitorEntry, MonitorLabel, Process, Signal};
use crate::term::Term;

/// The options of monitor/3.
struct MonitorOptions {
    alias: Option<AliasKind>,
    tag: Term,
}

fn monitor_options(options: Term) -> Result<MonitorOptions, Exception> {
    let items = list_to_vec(options).ok_or_else(Exception::badarg)?;
    let mut parsed = MonitorOptions {
        alias: None,
        tag: Term::atom(atom::DOWN),
    };
    for o in items {
        if o.tuple_arity() != Some(2) {
            return Err(Exception::badarg());
        }
        match (o.element(0).as_atom().map(|a| a.name()), o.element(1)) {
            (Some("alias"), mode) => {
                parsed.alias = Some(match mode.as_atom().map(|a| a.name()) {
                    Some("explicit_unalias") => AliasKind::ExplicitUnalias,
                    Some("demonitor") => AliasKind::Demonitor,
                    Some("reply_demonitor") => AliasKind::ReplyDemonitor,
                    _ => return Err(Exception::badarg()),
                });
            }
            (Some("tag"), tag) => parsed.tag = tag,
            _ => return Err(Exception::badarg()),
        }
    }
    Ok(parsed)
}

/// The process a monitor watches: a pid, or a registered name with the
/// `{Name, Node}` item its `'DOWN'` message names.
struct Target {
    pid: Option<u64>,
    name_item: Term,
    /// The reason of the `'DOWN'` message when there is no such process.
    absent: Term,
}

fn resolve_target(proc: &mut Process, item: Term, arity: u32) -> Result<Target, Exception> {
    if let Some(pid) = item.as_pid() {
        return Ok(Target {
            pid: Some(pid),
            name_item: Term::NIL,
            absent: Term::atom(atom::NOPROC),
        });
    }
    let (name, node) = if let Some(name) = item.as_atom() {
        (name, atom::NONODE)
    } else if item.tuple_arity() == Some(2) {
        match (item.element(0).as_atom(), item.element(1).as_atom()) {
            (Some(name), Some(node)) => (name, node),
            _ => return Err(Exception::badarg()),
        }
    } else {
        return Err(Exception::badarg());
    };
    let name_item = heap::tuple(&mut proc.heap, &[Term::atom(name), Term::atom(node)]);
    if node != atom::NONODE {
        if proc.policy_flags != 0 {
            policy::check_remote(proc, policy::bif_mfa("monitor", arity))?;
        }
        // Without distribution no other node is reachable.
        return Ok(Target {
            pid: None,
            name_item,
            absent: Term::atom(atom::NOCONNECTION),
        });
    }
    check_name(proc, name, "monitor", arity)?;
    Ok(Target {
        pid: proc.vm.whereis(name),
        name_item,
        absent: Term::atom(atom::NOPROC),
    })
}

fn monitor_with(
    proc: &mut Process,
    kind: Term,
    item: Term,
    options: MonitorOptions,
    arity: u32,
) -> BifResult {
    if kind != Term::atom(atom::PROCESS) {
        return Err(Exception::badarg());
    }
    let target = resolve_target(proc, item, arity)?;
    let reference = proc.vm.unique();
    let r = heap::reference(&mut proc.heap, reference);
    let delivered = target.pid.is_some_and(|pid| {
        proc.vm.send_signal(
            pid,
            Signal::Monitor {
                from: proc.id,
                reference,
            },
        )
    });
    proc.monitors.push(MonitorEntry {
        reference,
        other: if delivered {
            target.pid.unwrap_or(proc.id)
        } else {
            proc.id
        },
    });
    if options.tag != Term::atom(atom::DOWN) || !target.name_item.is_nil() {
        proc.monitor_labels.push(MonitorLabel {
            reference,
            tag: options.tag,
            item: target.name_item,
        });
    }
    if let Some(kind) = options.alias {
        monitor::add_alias(proc, reference, kind);
    }
    if !delivered {
        // The target is gone: the 'DOWN' signal comes at once, and is
        // handled like any other so that labels and aliases apply.
        let shown = if item.is_pid() { item } else { Term::NIL };
        let (term, fragment) = {
            let mut f = heap::Fragment::with_capacity(9);
            let rr = heap::reference(&mut f, reference);
            let t = heap::tuple(
                &mut f,
                &[
                    Term::atom(atom::DOWN),
                    rr,
                    Term::atom(atom::PROCESS),
                    shown,
                    target.absent,
                ],
            );
            (t, Some(f))
        };
        proc.vm.send_signal(
            proc.id,
            Signal::Down {
                reference,
                term,
                fragment,
            },
        );
    }
    Ok(r)
}

fn monitor_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = monitor_options(Term::NIL)?;
    monitor_with(proc, args[0], args[1], options, 2)
}

fn monitor_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = monitor_options(args[2])?;
    monitor_with(proc, args[0], args[1], options, 3)
}

/// Removes the monitor `r`; returns whether it was active.
fn demonitor_with(proc: &mut Process, r: Term, flush: bool) -> Result<bool, Exception> {
    let Some(reference) = heap::reference_number(r) else {
        return Err(Exception::badarg());
    };
    let tag = monitor::monitor_tag(proc, reference);
    let existed = monitor::demonitor(proc, reference);
    if flush {
        crate::signals::handle_signals(proc)
            .map_err(|reason| Exception::new(Class::Exit, reason))?;
        proc.mailbox.retain(|m| {
            let t = m.term;
            !(t.tuple_arity() == Some(5)
                && t.element(0) == tag
                && heap::reference_number(t.element(1)) == Some(reference))
        });
        proc.save = 0;
    }
    Ok(existed)
}

fn demonitor_1(proc: &mut Process, args: &[Term]) -> BifResult {
    demonitor_with(proc, args[0], false)?;
    Ok(Term::atom(atom::TRUE))
}

fn demonitor_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = list_to_vec(args[1]).ok_or_else(Exception::badarg)?;
    let (mut flush, mut info) = (false, false);
    for o in options {
        match o.as_atom().map(|a| a.name()) {
            Some("flush") => flush = true,
            Some("info") => info = true,
            _ => return Err(Exception::badarg()),
        }
    }
    let existed = demonitor_with(proc, args[0], flush)?;
    Ok(Term::boolean(!info || existed))
}

fn alias_with(proc: &mut Process, kind: AliasKind) -> BifResult {
    let reference = proc.vm.unique();
    monitor::add_alias(proc, reference, kind);
    Ok(heap::reference(&mut proc.heap, reference))
}

fn alias_0(proc: &mut Process, _: &[Term]) -> BifResult {
    alias_with(proc, AliasKind::ExplicitUnalias)
}

fn alias_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let options = list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let mut kind = AliasKind::ExplicitUnalias;
    for o in options {
        kind = match o.as_atom().map(|a| a.name()) {
            Some("explicit_unalias") => AliasKind::ExplicitUnalias,
            Some("reply") => AliasKind::Reply,
            _ => return Err(Exception::badarg()),
        };
    }
    alias_with(proc, kind)
}

/// Deactivates one of the caller's own aliases; another process's alias
/// is left alone and gives `false`.
fn unalias(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some(reference) = heap::reference_number(args[0]) else {
        return Err(Exception::badarg());
    };
    if args[0].word(1) != 0 {
        return Ok(Term::atom(atom::FALSE));
    }
    Ok(Term::boolean(monitor::remove_alias(proc, reference)))
}

crate::bif_table![
    ("erlang", "monitor", 2, monitor_2),
    ("erlang", "monitor", 3, monitor_3),
    ("erlang", "demonitor", 1, demonitor_1),
    ("erlang", "demonitor", 2, demonitor_2),
    ("erlang", "alias", 0, alias_0),
    ("erlang", "alias", 1, alias_1),
    ("erlang", "unalias", 1, unalias),
];
