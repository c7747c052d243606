//! `ets`: BIFs about whole tables: information, options, ownership,
//! names, fixation and key traversal.

use std::sync::Arc;

use crate::atom::{self, Atom};
use crate::bif::ets::{copy_out, end_of_table, find, open, parse_heir};
use crate::ets::{Access, Table};
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::policy;
use crate::process::Process;
use crate::term::Term;

/// Words OTP counts for an empty table, added to the objects' words in
/// `ets:info(T, memory)`. Cordon's own overhead differs; this keeps the
/// number in the range programs expect.
pub(super) const TABLE_OVERHEAD_WORDS: usize = 305;

/// Items of `ets:info/1`, in OTP 25's order.
const INFO_ITEMS: &[&str] = &[
    "id",
    "decentralized_counters",
    "read_concurrency",
    "write_concurrency",
    "compressed",
    "memory",
    "owner",
    "heir",
    "name",
    "size",
    "node",
    "named_table",
    "type",
    "keypos",
    "protection",
];

/// Returns the value of the `ets:info/2` item `item`, or `None` for an
/// unknown item.
fn info_item(proc: &mut Process, table: &Table, item: &str) -> Option<Term> {
    let data = table.read()?;
    let store = &data.store;
    let meta = table.meta();
    let small = |n: usize| Term::small_unchecked(n as i64);
    Some(match item {
        "id" => heap::reference(&mut proc.heap, table.id),
        "decentralized_counters" => Term::boolean(table.tuning.decentralized_counters),
        "read_concurrency" => Term::boolean(table.tuning.read_concurrency),
        "write_concurrency" => Term::atom(table.tuning.write_concurrency),
        "compressed" => Term::boolean(table.tuning.compressed),
        "memory" => small(store.words() + TABLE_OVERHEAD_WORDS),
        "owner" => Term::pid(table.owner()),
        "heir" => match &meta.heir {
            Some(h) => Term::pid(h.pid),
            None => Term::atom(Atom::from_static("none")),
        },
        "name" => Term::atom(meta.name),
        "size" => small(store.len()),
        "node" => Term::atom(atom::NONODE),
        "named_table" => Term::boolean(meta.named),
        "type" => Term::atom(Atom::from_static(store.kind().name())),
        "keypos" => small(store.keypos()),
        "protection" => Term::atom(Atom::from_static(table.protection().name())),
        "fixed" => Term::boolean(!meta.fixations.is_empty()),
        "safe_fixed" | "safe_fixed_monotonic_time" => {
            if meta.fixations.is_empty() {
                return Some(Term::atom(atom::FALSE));
            }
            let mut fixers: Vec<_> = meta.fixations.iter().map(|(&p, &n)| (p, n)).collect();
            fixers.sort_unstable();
            let mut items = Vec::with_capacity(fixers.len());
            for (pid, count) in fixers {
                let count = Term::small_unchecked(count as i64);
                items.push(heap::tuple(&mut proc.heap, &[Term::pid(pid), count]));
            }
            let fixers = heap::list(&mut proc.heap, &items);
            let since = meta.fixed_since.unwrap_or_default();
            let time = if item == "safe_fixed" {
                let micros = since.1;
                let parts = [
                    micros / 1_000_000_000_000,
                    micros / 1_000_000 % 1_000_000,
                    micros % 1_000_000,
                ]
                .map(|n| Term::small_unchecked(n as i64));
                heap::tuple(&mut proc.heap, &parts)
            } else {
                crate::bignum::from_i64(&mut proc.heap, since.0)
            };
            heap::tuple(&mut proc.heap, &[time, fixers])
        }
        _ => return None,
    })
}

fn info_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some(table) = find(proc, args[0], "info", 1)? else {
        return Ok(Term::atom(atom::UNDEFINED));
    };
    let mut pairs = Vec::with_capacity(INFO_ITEMS.len());
    for item in INFO_ITEMS {
        let Some(value) = info_item(proc, &table, item) else {
            return Ok(Term::atom(atom::UNDEFINED));
        };
        let key = Term::atom(Atom::from_static(item));
        pairs.push(heap::tuple(&mut proc.heap, &[key, value]));
    }
    Ok(heap::list(&mut proc.heap, &pairs))
}

fn info_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let item = args[1].as_atom().ok_or_else(Exception::badarg)?;
    let Some(table) = find(proc, args[0], "info", 2)? else {
        return Ok(Term::atom(atom::UNDEFINED));
    };
    let known = INFO_ITEMS.contains(&item.name())
        || ["fixed", "safe_fixed", "safe_fixed_monotonic_time"].contains(&item.name());
    if !known {
        return Err(Exception::badarg());
    }
    Ok(info_item(proc, &table, item.name()).unwrap_or(Term::atom(atom::UNDEFINED)))
}

/// Opens `tab` for a BIF only the owner may call.
fn open_owned(
    proc: &mut Process,
    tab: Term,
    function: &str,
    arity: u32,
) -> Result<Arc<Table>, Exception> {
    let table = find(proc, tab, function, arity)?.ok_or_else(Exception::badarg)?;
    if table.owner() != proc.id || table.read().is_none() {
        return Err(Exception::badarg());
    }
    Ok(table)
}

fn setopts(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open_owned(proc, args[0], "setopts", 2)?;
    let options = if args[1].is_tuple() {
        vec![args[1]]
    } else {
        crate::bif::list_to_vec(args[1]).ok_or_else(Exception::badarg)?
    };
    let mut heir = None;
    let mut protection = None;
    for option in options {
        match option.tuple_arity().map(|_| option.element(0).as_atom()) {
            Some(Some(a)) if a.name() == "heir" => heir = Some(parse_heir(option)?),
            Some(Some(a)) if a.name() == "protection" && option.tuple_arity() == Some(2) => {
                protection = Some(
                    crate::bif::ets::parse_protection(option.element(1))
                        .ok_or_else(Exception::badarg)?,
                );
            }
            _ => return Err(Exception::badarg()),
        }
    }
    if let Some(heir) = heir {
        table.meta().heir = heir;
    }
    if let Some(p) = protection {
        table.set_protection(p);
    }
    Ok(Term::atom(atom::TRUE))
}

fn give_away(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open_owned(proc, args[0], "give_away", 3)?;
    let to = args[1].as_pid().ok_or_else(Exception::badarg)?;
    if to == proc.id || proc.vm.process(to).is_none() {
        return Err(Exception::badarg());
    }
    proc.vm.ets.set_owner(&table, to);
    if !crate::ets::send_transfer(&proc.vm, &table, to, proc.id, args[2]) {
        // The receiver exited after the check above; its exit found no
        // table to release, so the table stays with the caller.
        proc.vm.ets.set_owner(&table, proc.id);
        return Err(Exception::badarg());
    }
    Ok(Term::atom(atom::TRUE))
}

fn check_new_name(
    proc: &mut Process,
    name: Atom,
    function: &str,
    arity: u32,
) -> Result<(), Exception> {
    if proc.policy_flags == 0 {
        return Ok(());
    }
    let bif = policy::Mfa {
        module: Atom::from_static("ets"),
        function: Atom::from_static(function),
        arity,
    };
    policy::check_name(proc, name, bif)
}

fn rename(proc: &mut Process, args: &[Term]) -> BifResult {
    let name = args[1].as_atom().ok_or_else(Exception::badarg)?;
    let table = open(proc, args[0], Access::Write, "rename", 2)?;
    if table.meta().named {
        check_new_name(proc, name, "rename", 2)?;
    }
    if table.read().is_none() || !proc.vm.ets.rename(&table, name) {
        return Err(Exception::badarg());
    }
    Ok(table.id_term(&mut proc.heap))
}

fn whereis(proc: &mut Process, args: &[Term]) -> BifResult {
    if !args[0].is_atom() {
        return Err(Exception::badarg());
    }
    match find(proc, args[0], "whereis", 1)? {
        Some(table) => Ok(heap::reference(&mut proc.heap, table.id)),
        None => Ok(Term::atom(atom::UNDEFINED)),
    }
}

fn all(proc: &mut Process, _: &[Term]) -> BifResult {
    let tables = proc.vm.ets.all();
    let ids: Vec<Term> = tables.iter().map(|t| t.id_term(&mut proc.heap)).collect();
    Ok(heap::list(&mut proc.heap, &ids))
}

fn safe_fixtable(proc: &mut Process, args: &[Term]) -> BifResult {
    let fix = match args[1].as_atom() {
        Some(atom::TRUE) => true,
        Some(atom::FALSE) => false,
        _ => return Err(Exception::badarg()),
    };
    let table = open(proc, args[0], Access::Read, "safe_fixtable", 2)?;
    let mut meta = table.meta();
    if fix {
        if meta.fixations.is_empty() {
            let monotonic = proc.vm.start.elapsed().as_nanos() as i64;
            let system = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_micros() as u64;
            meta.fixed_since = Some((monotonic, system));
        }
        *meta.fixations.entry(proc.id).or_default() += 1;
    } else if let Some(n) = meta.fixations.get_mut(&proc.id) {
        *n -= 1;
        if *n == 0 {
            meta.fixations.remove(&proc.id);
        }
    }
    Ok(Term::atom(atom::TRUE))
}

/// Runs a traversal step and copies the key it finds onto the heap.
fn step(
    proc: &mut Process,
    tab: Term,
    function: &str,
    arity: u32,
    f: impl FnOnce(&crate::ets::Store, bool) -> Result<Option<Term>, Exception>,
) -> BifResult {
    let table = open(proc, tab, Access::Read, function, arity)?;
    let fixed = !table.meta().fixations.is_empty();
    let data = table.read().ok_or_else(Exception::badarg)?;
    match f(&data.store, fixed)? {
        Some(key) => Ok(copy_out(proc, key)),
        None => Ok(end_of_table()),
    }
}

fn first(proc: &mut Process, args: &[Term]) -> BifResult {
    step(proc, args[0], "first", 1, |s, _| Ok(s.first()))
}

fn last(proc: &mut Process, args: &[Term]) -> BifResult {
    step(proc, args[0], "last", 1, |s, _| Ok(s.last()))
}

/// Moves from `key` with `f`. As in OTP, a hash table that is not fixed
/// raises badarg when `key` is not in it.
fn step_from(
    store: &crate::ets::Store,
    fixed: bool,
    key: Term,
    f: impl FnOnce(&crate::ets::Store, Term) -> Option<Term>,
) -> Result<Option<Term>, Exception> {
    if store.kind() != crate::ets::Kind::OrderedSet && !fixed && !store.contains(key) {
        return Err(Exception::badarg());
    }
    Ok(f(store, key))
}

fn next(proc: &mut Process, args: &[Term]) -> BifResult {
    let key = args[1];
    step(proc, args[0], "next", 2, |s, fixed| {
        step_from(s, fixed, key, |s, k| s.next(k))
    })
}

fn prev(proc: &mut Process, args: &[Term]) -> BifResult {
    let key = args[1];
    step(proc, args[0], "prev", 2, |s, fixed| {
        step_from(s, fixed, key, |s, k| s.prev(k))
    })
}

fn slot(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Read, "slot", 2)?;
    let i = args[1]
        .as_small()
        .filter(|&i| i >= 0)
        .ok_or_else(Exception::badarg)? as usize;
    let data = table.read().ok_or_else(Exception::badarg)?;
    let count = data.store.slot_count();
    if i > count {
        return Err(Exception::badarg());
    }
    if i == count {
        return Ok(end_of_table());
    }
    let mut objects = Vec::new();
    data.store.slot(i, |o| objects.push(o.term()));
    let copies: Vec<Term> = objects.into_iter().map(|t| copy_out(proc, t)).collect();
    Ok(heap::list(&mut proc.heap, &copies))
}

crate::bif_table![
    ("ets", "info", 1, info_1),
    ("ets", "info", 2, info_2),
    ("ets", "setopts", 2, setopts),
    ("ets", "give_away", 3, give_away),
    ("ets", "rename", 2, rename),
    ("ets", "whereis", 1, whereis),
    ("ets", "all", 0, all),
    ("ets", "safe_fixtable", 2, safe_fixtable),
    ("ets", "first", 1, first),
    ("ets", "last", 1, last),
    ("ets", "next", 2, next),
    ("ets", "prev", 2, prev),
    ("ets", "slot", 2, slot),
];
