//! `ets`: creating tables and the BIFs that read and write objects by key.
//!
//! Every BIF resolves its table argument with [`open`], which applies the
//! call-policy check on table names and the access check, then locks the
//! table. Objects read from a table are copied onto the caller's heap
//! before the lock is released. Any invalid argument, missing table or
//! access violation raises a plain `badarg`, as in OTP 25.

use std::collections::HashMap;
use std::sync::Arc;

use crate::arith;
use crate::atom::{self, Atom};
use crate::copy;
use crate::ets::{Access, Heir, Kind, Meta, Object, Protection, Store, Table, Tuning};
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::policy;
use crate::process::Process;
use crate::term::Term;

pub(crate) fn end_of_table() -> Term {
    Term::atom(Atom::from_static("$end_of_table"))
}

/// Finds the table `tab` names for the BIF `ets:function/arity`. A name
/// is a global name, so a restricted process must be granted it; a
/// reference is a capability and needs no grant.
pub(crate) fn find(
    proc: &mut Process,
    tab: Term,
    function: &str,
    arity: u32,
) -> Result<Option<Arc<Table>>, Exception> {
    if let Some(name) = tab.as_atom() {
        if proc.policy_flags != 0 {
            let bif = policy::Mfa {
                module: Atom::from_static("ets"),
                function: Atom::from_static(function),
                arity,
            };
            policy::check_name(proc, name, bif)?;
        }
        return Ok(proc.vm.ets.by_name(name));
    }
    match heap::reference_number(tab) {
        Some(id) => Ok(proc.vm.ets.by_id(id)),
        None => Err(Exception::badarg()),
    }
}

/// Finds the table `tab` names and checks that the caller may perform
/// `access` on it.
pub(crate) fn open(
    proc: &mut Process,
    tab: Term,
    access: Access,
    function: &str,
    arity: u32,
) -> Result<Arc<Table>, Exception> {
    let table = find(proc, tab, function, arity)?.ok_or_else(Exception::badarg)?;
    if !table.permits(proc.id, access) {
        return Err(Exception::badarg());
    }
    Ok(table)
}

pub(crate) fn copy_out(proc: &mut Process, t: Term) -> Term {
    copy::copy(&mut proc.heap, t)
}

/// Copies `objects` onto the caller's heap as a list.
pub(crate) fn objects_list(proc: &mut Process, objects: &[Object]) -> Term {
    let items: Vec<Term> = objects.iter().map(|o| copy_out(proc, o.term())).collect();
    heap::list(&mut proc.heap, &items)
}

fn parse_bool(t: Term) -> Result<bool, Exception> {
    match t.as_atom() {
        Some(atom::TRUE) => Ok(true),
        Some(atom::FALSE) => Ok(false),
        _ => Err(Exception::badarg()),
    }
}

/// Parses `{heir, Pid, Data}` or `{heir, none}`; `Ok(None)` for `none`.
pub(crate) fn parse_heir(option: Term) -> Result<Option<Heir>, Exception> {
    match option.tuple_arity() {
        Some(2) if option.element(1) == Term::atom(Atom::from_static("none")) => Ok(None),
        Some(3) => {
            let pid = option.element(1).as_pid().ok_or_else(Exception::badarg)?;
            Ok(Some(Heir {
                pid,
                data: Object::new(option.element(2)),
            }))
        }
        _ => Err(Exception::badarg()),
    }
}

pub(crate) fn parse_protection(t: Term) -> Option<Protection> {
    match t.as_atom()?.name() {
        "public" => Some(Protection::Public),
        "protected" => Some(Protection::Protected),
        "private" => Some(Protection::Private),
        _ => None,
    }
}

fn new(proc: &mut Process, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let options = crate::bif::list_to_vec(args[1]).ok_or_else(Exception::badarg)?;
    let mut kind = Kind::Set;
    let mut protection = Protection::Protected;
    let mut named = false;
    let mut keypos = 1;
    let mut heir = None;
    let mut tuning = Tuning {
        read_concurrency: false,
        write_concurrency: atom::FALSE,
        compressed: false,
        decentralized_counters: false,
    };
    for option in options {
        if let Some(a) = option.as_atom() {
            match a.name() {
                "set" => kind = Kind::Set,
                "ordered_set" => kind = Kind::OrderedSet,
                "bag" => kind = Kind::Bag,
                "duplicate_bag" => kind = Kind::DuplicateBag,
                "named_table" => named = true,
                "compressed" => tuning.compressed = true,
                _ => protection = parse_protection(option).ok_or_else(Exception::badarg)?,
            }
            continue;
        }
        let Some(tag) = option
            .tuple_arity()
            .filter(|&n| n >= 2)
            .and_then(|_| option.element(0).as_atom())
        else {
            return Err(Exception::badarg());
        };
        let two = option.tuple_arity() == Some(2);
        let value = option.element(1);
        match tag.name() {
            "keypos" if two => {
                keypos = value
                    .as_small()
                    .filter(|&k| k >= 1)
                    .ok_or_else(Exception::badarg)? as usize;
            }
            "heir" => heir = parse_heir(option)?,
            "read_concurrency" if two => tuning.read_concurrency = parse_bool(value)?,
            "decentralized_counters" if two => tuning.decentralized_counters = parse_bool(value)?,
            "write_concurrency" if two => {
                tuning.write_concurrency = match value.as_atom() {
                    Some(a) if a.name() == "auto" => a,
                    _ => Term::boolean(parse_bool(value)?)
                        .as_atom()
                        .expect("a boolean"),
                }
            }
            _ => return Err(Exception::badarg()),
        }
    }
    if named && proc.policy_flags != 0 {
        let bif = policy::Mfa {
            module: Atom::from_static("ets"),
            function: Atom::from_static("new"),
            arity: 2,
        };
        policy::check_name(proc, name, bif)?;
    }
    let meta = Meta {
        name,
        named,
        heir,
        fixations: HashMap::new(),
        fixed_since: None,
    };
    let id = proc.vm.unique();
    let table = Table::new(
        id,
        proc.id,
        Store::new(kind, keypos),
        protection,
        tuning,
        meta,
    );
    let table = proc.vm.ets.insert(table).ok_or_else(Exception::badarg)?;
    Ok(table.id_term(&mut proc.heap))
}

fn delete_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Write, "delete", 1)?;
    if !proc.vm.ets.delete(&table) {
        return Err(Exception::badarg());
    }
    Ok(Term::atom(atom::TRUE))
}

/// Returns the objects `arg` holds: one tuple or a proper list of them,
/// each with an element at the key position.
fn objects_arg(store: &Store, arg: Term) -> Result<Vec<Term>, Exception> {
    let objects = if arg.is_tuple() {
        vec![arg]
    } else {
        crate::bif::list_to_vec(arg).ok_or_else(Exception::badarg)?
    };
    if !objects.iter().all(|&o| store.accepts(o)) {
        return Err(Exception::badarg());
    }
    Ok(objects)
}

/// Stores `objects` in call order, except that a `bag` takes a list in
/// reverse, which gives the key's objects the order OTP 25 gives them.
fn insert_all(store: &mut Store, objects: &[Term]) {
    if store.kind() == Kind::Bag {
        objects.iter().rev().for_each(|&o| store.insert(o));
    } else {
        objects.iter().for_each(|&o| store.insert(o));
    }
}

fn insert(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Write, "insert", 2)?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let objects = objects_arg(&data.store, args[1])?;
    insert_all(&mut data.store, &objects);
    Ok(Term::atom(atom::TRUE))
}

fn insert_new(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Write, "insert_new", 2)?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let store = &mut data.store;
    let objects = objects_arg(store, args[1])?;
    let keypos = store.keypos();
    if objects
        .iter()
        .any(|o| store.contains(o.element(keypos - 1)))
    {
        return Ok(Term::atom(atom::FALSE));
    }
    insert_all(store, &objects);
    Ok(Term::atom(atom::TRUE))
}

fn lookup(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Read, "lookup", 2)?;
    let data = table.read().ok_or_else(Exception::badarg)?;
    Ok(objects_list(proc, data.store.lookup(args[1])))
}

fn lookup_element(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Read, "lookup_element", 3)?;
    let pos = args[2]
        .as_small()
        .filter(|&p| p >= 1)
        .ok_or_else(Exception::badarg)? as usize;
    let data = table.read().ok_or_else(Exception::badarg)?;
    let objects = data.store.lookup(args[1]);
    if objects.is_empty() || objects.iter().any(|o| o.term().tuple_arity() < Some(pos)) {
        return Err(Exception::badarg());
    }
    let elements: Vec<Term> = objects
        .iter()
        .map(|o| copy_out(proc, o.term().element(pos - 1)))
        .collect();
    if data.store.kind().is_set() {
        return Ok(elements[0]);
    }
    Ok(heap::list(&mut proc.heap, &elements))
}

fn member(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Read, "member", 2)?;
    let data = table.read().ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(data.store.contains(args[1])))
}

fn delete_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Write, "delete", 2)?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let removed = data.store.remove(args[1]);
    drop(data);
    drop(removed);
    Ok(Term::atom(atom::TRUE))
}

fn take(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Write, "take", 2)?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let removed = data.store.remove(args[1]);
    drop(data);
    Ok(objects_list(proc, &removed))
}

fn delete_object(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Write, "delete_object", 2)?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let object = args[1];
    if !data.store.accepts(object) {
        return Err(Exception::badarg());
    }
    let key = object.element(data.store.keypos() - 1);
    data.store
        .remove_where(key, |o| crate::compare::exact_eq(o, object));
    Ok(Term::atom(atom::TRUE))
}

/// Removes every object and returns how many there were.
fn clear(proc: &mut Process, tab: Term, function: &str) -> Result<usize, Exception> {
    let table = open(proc, tab, Access::Write, function, 2)?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let (count, cleared) = data.store.clear();
    drop(data);
    drop(cleared);
    Ok(count)
}

fn delete_all_objects(proc: &mut Process, args: &[Term]) -> BifResult {
    clear(proc, args[0], "delete_all_objects")?;
    Ok(Term::atom(atom::TRUE))
}

fn internal_delete_all(proc: &mut Process, args: &[Term]) -> BifResult {
    let count = clear(proc, args[0], "internal_delete_all")?;
    Ok(Term::small_unchecked(count as i64))
}

/// One operation of `update_counter`: add `incr` to element `pos`
/// (1-based), then reset to `set` when the result passes `threshold`.
struct CounterOp {
    pos: usize,
    incr: Term,
    limit: Option<(Term, Term)>,
}

fn parse_counter_op(op: Term, default_pos: usize) -> Result<CounterOp, Exception> {
    if op.is_integer() {
        return Ok(CounterOp {
            pos: default_pos,
            incr: op,
            limit: None,
        });
    }
    let pos = |t: Term| {
        t.as_small()
            .filter(|&p| p >= 1)
            .map(|p| p as usize)
            .ok_or_else(Exception::badarg)
    };
    let ints = |items: &[Term]| items.iter().all(|t| t.is_integer());
    match op.tuple_arity() {
        Some(2) if ints(&op.tuple_elements()[1..]) => Ok(CounterOp {
            pos: pos(op.element(0))?,
            incr: op.element(1),
            limit: None,
        }),
        Some(4) if ints(&op.tuple_elements()[1..]) => Ok(CounterOp {
            pos: pos(op.element(0))?,
            incr: op.element(1),
            limit: Some((op.element(2), op.element(3))),
        }),
        _ => Err(Exception::badarg()),
    }
}

/// Applies `ops` to the elements of `object` and returns the results.
fn apply_counter_ops(
    proc: &mut Process,
    elements: &mut [Term],
    keypos: usize,
    ops: &[CounterOp],
) -> Result<Vec<Term>, Exception> {
    let mut results = Vec::with_capacity(ops.len());
    for op in ops {
        if op.pos == keypos || op.pos > elements.len() || !elements[op.pos - 1].is_integer() {
            return Err(Exception::badarg());
        }
        let mut value = arith::add(&mut proc.heap, elements[op.pos - 1], op.incr)?;
        if let Some((threshold, set)) = op.limit {
            let rising = crate::compare::compare(op.incr, Term::small_unchecked(0)).is_ge();
            let past = crate::compare::compare(value, threshold);
            if (rising && past.is_gt()) || (!rising && past.is_lt()) {
                value = set;
            }
        }
        elements[op.pos - 1] = value;
        results.push(value);
    }
    Ok(results)
}

fn update_counter(proc: &mut Process, args: &[Term], arity: u32) -> BifResult {
    let table = open(proc, args[0], Access::Write, "update_counter", arity)?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let store = &mut data.store;
    if !store.kind().is_set() {
        return Err(Exception::badarg());
    }
    let keypos = store.keypos();
    let (ops, single) = if args[2].is_list() {
        let items = crate::bif::list_to_vec(args[2]).ok_or_else(Exception::badarg)?;
        let ops = items
            .into_iter()
            .map(|op| {
                if op.is_tuple() {
                    parse_counter_op(op, keypos + 1)
                } else {
                    Err(Exception::badarg())
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        (ops, false)
    } else {
        (vec![parse_counter_op(args[2], keypos + 1)?], true)
    };
    let key = args[1];
    let stored = store.lookup(key).first().map(|o| o.term());
    let existed = stored.is_some();
    let mut elements: Vec<Term> = match stored {
        Some(tuple) => tuple.tuple_elements().to_vec(),
        None => {
            let default = args.get(3).copied().ok_or_else(Exception::badarg)?;
            if !store.accepts(default) {
                return Err(Exception::badarg());
            }
            let mut elements = default.tuple_elements().to_vec();
            elements[keypos - 1] = key;
            elements
        }
    };
    let results = apply_counter_ops(proc, &mut elements, keypos, &ops)?;
    let changes: Vec<(usize, Term)> = ops
        .iter()
        .map(|op| (op.pos, elements[op.pos - 1]))
        .collect();
    let in_place = existed
        && changes.iter().all(|(_, value)| value.is_immediate())
        && store.overwrite_immediates(key, &changes);
    if !in_place {
        let updated = heap::tuple(&mut proc.heap, &elements);
        store.insert(updated);
    }
    drop(data);
    if single {
        return Ok(results[0]);
    }
    Ok(heap::list(&mut proc.heap, &results))
}

fn update_counter_3(proc: &mut Process, args: &[Term]) -> BifResult {
    update_counter(proc, args, 3)
}

fn update_counter_4(proc: &mut Process, args: &[Term]) -> BifResult {
    update_counter(proc, args, 4)
}

fn update_element(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Write, "update_element", 3)?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let store = &mut data.store;
    if !store.kind().is_set() {
        return Err(Exception::badarg());
    }
    let changes = if args[2].is_tuple() {
        vec![args[2]]
    } else {
        crate::bif::list_to_vec(args[2]).ok_or_else(Exception::badarg)?
    };
    let mut updates = Vec::with_capacity(changes.len());
    for change in changes {
        let pos = (change.tuple_arity() == Some(2))
            .then(|| change.element(0).as_small())
            .flatten()
            .filter(|&p| p >= 1)
            .ok_or_else(Exception::badarg)? as usize;
        updates.push((pos, change.element(1)));
    }
    let keypos = store.keypos();
    let Some(object) = store.lookup(args[1]).first() else {
        return Ok(Term::atom(atom::FALSE));
    };
    let mut elements = object.term().tuple_elements().to_vec();
    for (pos, value) in updates {
        if pos == keypos || pos > elements.len() {
            return Err(Exception::badarg());
        }
        elements[pos - 1] = value;
    }
    let updated = heap::tuple(&mut proc.heap, &elements);
    store.insert(updated);
    Ok(Term::atom(atom::TRUE))
}

crate::bif_table![
    ("ets", "new", 2, new),
    ("ets", "delete", 1, delete_1),
    ("ets", "delete", 2, delete_2),
    ("ets", "insert", 2, insert),
    ("ets", "insert_new", 2, insert_new),
    ("ets", "lookup", 2, lookup),
    ("ets", "lookup_element", 3, lookup_element),
    ("ets", "member", 2, member),
    ("ets", "take", 2, take),
    ("ets", "delete_object", 2, delete_object),
    ("ets", "delete_all_objects", 1, delete_all_objects),
    ("ets", "internal_delete_all", 2, internal_delete_all),
    ("ets", "update_counter", 3, update_counter_3),
    ("ets", "update_counter", 4, update_counter_4),
    ("ets", "update_element", 3, update_element),
];
