//! `ets`: the BIFs that run match specifications over a table (`match`,
//! `match_object`, `select` and their relatives), the compiled-spec BIFs
//! and `erlang:match_spec_test/3`.
//!
//! A chunked select returns `{Results, Continuation}`. Cordon's
//! continuation is `{'$ets_select', Tab, LastKey, Limit, MatchSpec,
//! Reverse}`: the next chunk starts after `LastKey` in traversal order,
//! so it is valid even when `LastKey` was deleted meanwhile. When a chunk
//! reaches the end of the table, the continuation is `'$end_of_table'`.

use crate::atom::{self, Atom};
use crate::bif::ets::{copy_out, end_of_table, open};
use crate::compare;
use crate::ets::match_spec::{MatchSpec, Outcome};
use crate::ets::{Access, Kind, Store};
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::Process;
use crate::term::Term;

fn continuation_tag() -> Term {
    Term::atom(Atom::from_static("$ets_select"))
}

fn compiled_tag() -> Term {
    Term::atom(Atom::from_static("$ets_match_spec"))
}

fn compile(proc: &Process, spec: Term) -> Result<MatchSpec, Exception> {
    MatchSpec::compile(proc, spec).map_err(|_| Exception::badarg())
}

/// Start and limit of a scan.
#[derive(Clone, Copy)]
struct Window {
    after: Option<Term>,
    reverse: bool,
    limit: Option<usize>,
}

/// Runs `ms` on the objects of `store` inside `window`, passing each
/// outcome to `visit` with the object. Returns the key of the last
/// object visited when the limit stopped the scan, still pointing into
/// the table.
fn scan(
    proc: &mut Process,
    store: &Store,
    ms: &MatchSpec,
    window: Window,
    mut visit: impl FnMut(&mut Process, Term, Outcome) -> bool,
) -> Option<Term> {
    let reverse = window.reverse && store.kind() == Kind::OrderedSet;
    let mut count = 0;
    let limit = window.limit.unwrap_or(usize::MAX);
    let mut on_object = |proc: &mut Process, object: Term| {
        let outcome = ms.run(proc, object);
        if visit(proc, object, outcome) {
            count += 1;
        }
        count < limit
    };
    let Some(mut keys) = ms.bound_keys(store.keypos()) else {
        return store.scan(window.after, reverse, |o| on_object(proc, o.term()));
    };
    // Every clause fixes the key: look the keys up, in traversal order.
    keys.sort_by(|&a, &b| store.traversal_order(a, b));
    keys.dedup_by(|a, b| store.traversal_order(*a, *b).is_eq());
    if reverse {
        keys.reverse();
    }
    for key in keys {
        if let Some(after) = window.after {
            let order = store.traversal_order(key, after);
            if (reverse && order.is_ge()) || (!reverse && order.is_le()) {
                continue;
            }
        }
        let objects = store.lookup(key);
        let mut go_on = true;
        for o in objects {
            go_on &= on_object(proc, o.term());
        }
        if !go_on {
            return objects.first().map(|o| o.key(store.keypos()));
        }
    }
    None
}

/// Collects the results of `spec` on table `tab` in `window`, and the
/// key to continue after when the limit stopped the scan.
fn collect(
    proc: &mut Process,
    tab: Term,
    spec: Term,
    window: Window,
    function: &str,
    arity: u32,
) -> Result<(Vec<Term>, Option<Term>), Exception> {
    let table = open(proc, tab, Access::Read, function, arity)?;
    let ms = compile(proc, spec)?;
    let data = table.read().ok_or_else(Exception::badarg)?;
    let mut results = Vec::new();
    let stop = scan(proc, &data.store, &ms, window, |proc, _, outcome| {
        match outcome {
            Outcome::NoMatch => return false,
            Outcome::Value(v) => results.push(copy_out(proc, v)),
            Outcome::Failed => results.push(Term::atom(atom::EXIT_UPPER)),
        }
        true
    });
    let stop = stop.map(|k| copy_out(proc, k));
    Ok((results, stop))
}

fn select_all(
    proc: &mut Process,
    tab: Term,
    spec: Term,
    reverse: bool,
    function: &str,
) -> BifResult {
    let window = Window {
        after: None,
        reverse,
        limit: None,
    };
    let (results, _) = collect(proc, tab, spec, window, function, 2)?;
    Ok(heap::list(&mut proc.heap, &results))
}

/// Returns one chunk of at most about `limit` results after `after`,
/// with its continuation.
fn select_chunk(
    proc: &mut Process,
    tab: Term,
    spec: Term,
    after: Option<Term>,
    limit: Term,
    reverse: bool,
    (function, arity): (&str, u32),
) -> BifResult {
    let n = limit
        .as_small()
        .filter(|&n| n > 0)
        .ok_or_else(Exception::badarg)? as usize;
    let window = Window {
        after,
        reverse,
        limit: Some(n),
    };
    let (results, stop) = collect(proc, tab, spec, window, function, arity)?;
    if results.is_empty() && stop.is_none() {
        return Ok(end_of_table());
    }
    let continuation = match stop {
        Some(key) => heap::tuple(
            &mut proc.heap,
            &[
                continuation_tag(),
                tab,
                key,
                limit,
                spec,
                Term::boolean(reverse),
            ],
        ),
        None => end_of_table(),
    };
    let list = heap::list(&mut proc.heap, &results);
    Ok(heap::tuple(&mut proc.heap, &[list, continuation]))
}

fn continue_select(proc: &mut Process, args: &[Term], function: &str) -> BifResult {
    let c = args[0];
    if c == end_of_table() {
        return Ok(c);
    }
    if c.tuple_arity() != Some(6) || c.element(0) != continuation_tag() {
        return Err(Exception::badarg());
    }
    let reverse = match c.element(5).as_atom() {
        Some(atom::TRUE) => true,
        Some(atom::FALSE) => false,
        _ => return Err(Exception::badarg()),
    };
    let (tab, key, limit, spec) = (c.element(1), c.element(2), c.element(3), c.element(4));
    select_chunk(proc, tab, spec, Some(key), limit, reverse, (function, 1))
}

/// Returns `[{Pattern, [], [Body]}]`, the specification `match` and
/// `match_object` run.
fn pattern_spec(proc: &mut Process, pattern: Term, body: &str) -> Term {
    let body = Term::atom(Atom::from_static(body));
    let body = heap::list(&mut proc.heap, &[body]);
    let clause = heap::tuple(&mut proc.heap, &[pattern, Term::NIL, body]);
    heap::list(&mut proc.heap, &[clause])
}

fn select_2(proc: &mut Process, args: &[Term]) -> BifResult {
    select_all(proc, args[0], args[1], false, "select")
}

fn select_3(proc: &mut Process, args: &[Term]) -> BifResult {
    select_chunk(proc, args[0], args[1], None, args[2], false, ("select", 3))
}

fn select_1(proc: &mut Process, args: &[Term]) -> BifResult {
    continue_select(proc, args, "select")
}

fn select_reverse_2(proc: &mut Process, args: &[Term]) -> BifResult {
    select_all(proc, args[0], args[1], true, "select_reverse")
}

fn select_reverse_3(proc: &mut Process, args: &[Term]) -> BifResult {
    select_chunk(
        proc,
        args[0],
        args[1],
        None,
        args[2],
        true,
        ("select_reverse", 3),
    )
}

fn select_reverse_1(proc: &mut Process, args: &[Term]) -> BifResult {
    continue_select(proc, args, "select_reverse")
}

fn match_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let spec = pattern_spec(proc, args[1], "$$");
    select_all(proc, args[0], spec, false, "match")
}

fn match_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let spec = pattern_spec(proc, args[1], "$$");
    select_chunk(proc, args[0], spec, None, args[2], false, ("match", 3))
}

fn match_1(proc: &mut Process, args: &[Term]) -> BifResult {
    continue_select(proc, args, "match")
}

fn match_object_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let spec = pattern_spec(proc, args[1], "$_");
    select_all(proc, args[0], spec, false, "match_object")
}

fn match_object_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let spec = pattern_spec(proc, args[1], "$_");
    select_chunk(
        proc,
        args[0],
        spec,
        None,
        args[2],
        false,
        ("match_object", 3),
    )
}

fn match_object_1(proc: &mut Process, args: &[Term]) -> BifResult {
    continue_select(proc, args, "match_object")
}

fn select_count(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Read, "select_count", 2)?;
    let ms = compile(proc, args[1])?;
    let data = table.read().ok_or_else(Exception::badarg)?;
    let mut count = 0i64;
    let all = Window {
        after: None,
        reverse: false,
        limit: None,
    };
    scan(proc, &data.store, &ms, all, |_, _, outcome| {
        if outcome == Outcome::Value(Term::atom(atom::TRUE)) {
            count += 1;
        }
        false
    });
    Ok(Term::small_unchecked(count))
}

fn select_delete(proc: &mut Process, args: &[Term], function: &str) -> BifResult {
    let table = open(proc, args[0], Access::Write, function, 2)?;
    let ms = compile(proc, args[1])?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let keypos = data.store.keypos();
    let mut doomed = Vec::new();
    let all = Window {
        after: None,
        reverse: false,
        limit: None,
    };
    scan(proc, &data.store, &ms, all, |_, object, outcome| {
        if outcome == Outcome::Value(Term::atom(atom::TRUE)) {
            doomed.push(object);
        }
        false
    });
    // Objects are removed by identity: each term points at the stored
    // copy, which stays put until it is removed.
    let mut removed = 0;
    for object in &doomed {
        let key = object.element(keypos - 1);
        removed += data.store.remove_where(key, |o| o == *object);
    }
    Ok(Term::small_unchecked(removed as i64))
}

fn select_delete_2(proc: &mut Process, args: &[Term]) -> BifResult {
    select_delete(proc, args, "select_delete")
}

fn internal_select_delete(proc: &mut Process, args: &[Term]) -> BifResult {
    select_delete(proc, args, "internal_select_delete")
}

fn select_replace(proc: &mut Process, args: &[Term]) -> BifResult {
    let table = open(proc, args[0], Access::Write, "select_replace", 2)?;
    let ms = compile(proc, args[1])?;
    let mut data = table.write().ok_or_else(Exception::badarg)?;
    let store = &mut data.store;
    // NOTE: OTP 25 also replaces in duplicate_bag tables; Cordon rejects
    // both bag types.
    if !store.kind().is_set() {
        return Err(Exception::badarg());
    }
    let keypos = store.keypos();
    let mut replacements = Vec::new();
    let mut valid = true;
    let all = Window {
        after: None,
        reverse: false,
        limit: None,
    };
    scan(proc, store, &ms, all, |_, object, outcome| {
        if let Outcome::Value(new) = outcome {
            let old_key = object.element(keypos - 1);
            let keeps_key = new.tuple_arity().is_some_and(|n| n >= keypos)
                && store
                    .traversal_order(new.element(keypos - 1), old_key)
                    .is_eq()
                && compare::exact_eq(new.element(keypos - 1), old_key);
            valid &= keeps_key;
            replacements.push(new);
        }
        false
    });
    // The specification must keep every key; otherwise nothing changes.
    if !valid {
        return Err(Exception::badarg());
    }
    for new in &replacements {
        store.insert(*new);
    }
    Ok(Term::small_unchecked(replacements.len() as i64))
}

fn match_spec_compile(proc: &mut Process, args: &[Term]) -> BifResult {
    compile(proc, args[0])?;
    Ok(heap::tuple(&mut proc.heap, &[compiled_tag(), args[0]]))
}

/// Returns the specification inside a compiled one.
fn compiled_spec(t: Term) -> Option<Term> {
    (t.tuple_arity() == Some(2) && t.element(0) == compiled_tag()).then(|| t.element(1))
}

fn is_compiled_ms(proc: &mut Process, args: &[Term]) -> BifResult {
    let valid = compiled_spec(args[0]).is_some_and(|s| MatchSpec::compile(proc, s).is_ok());
    Ok(Term::boolean(valid))
}

fn match_spec_run_r(proc: &mut Process, args: &[Term]) -> BifResult {
    let items = crate::bif::list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let spec = compiled_spec(args[1]).ok_or_else(Exception::badarg)?;
    let ms = compile(proc, spec)?;
    let mut acc = args[2];
    for item in items {
        let result = match ms.run(proc, item) {
            Outcome::NoMatch => continue,
            Outcome::Value(v) => v,
            Outcome::Failed => Term::atom(atom::EXIT_UPPER),
        };
        acc = heap::cons(&mut proc.heap, result, acc);
    }
    Ok(acc)
}

/// `erlang:match_spec_test(Term, MatchSpec, Type)`.
///
/// NOTE: Cordon has no tracing, so `trace` specifications are checked
/// and run like `table` ones: the trace-only functions (`message`,
/// `return_trace` and the like) are rejected as unknown.
fn match_spec_test(proc: &mut Process, args: &[Term]) -> BifResult {
    match args[2].as_atom().map(Atom::name) {
        Some("table") | Some("trace") => {}
        _ => return Err(Exception::badarg()),
    }
    let ms = match MatchSpec::compile(proc, args[1]) {
        Ok(ms) => ms,
        Err(e) => {
            let text = heap::char_list(&mut proc.heap, &e.0);
            let error = heap::tuple(&mut proc.heap, &[Term::atom(atom::ERROR), text]);
            let errors = heap::list(&mut proc.heap, &[error]);
            return Ok(heap::tuple(
                &mut proc.heap,
                &[Term::atom(atom::ERROR), errors],
            ));
        }
    };
    let result = match ms.run(proc, args[0]) {
        Outcome::NoMatch => Term::atom(atom::FALSE),
        Outcome::Value(v) => v,
        Outcome::Failed => Term::atom(atom::EXIT_UPPER),
    };
    Ok(heap::tuple(
        &mut proc.heap,
        &[Term::atom(atom::OK), result, Term::NIL, Term::NIL],
    ))
}

crate::bif_table![
    ("ets", "select", 1, select_1),
    ("ets", "select", 2, select_2),
    ("ets", "select", 3, select_3),
    ("ets", "select_reverse", 1, select_reverse_1),
    ("ets", "select_reverse", 2, select_reverse_2),
    ("ets", "select_reverse", 3, select_reverse_3),
    ("ets", "match", 1, match_1),
    ("ets", "match", 2, match_2),
    ("ets", "match", 3, match_3),
    ("ets", "match_object", 1, match_object_1),
    ("ets", "match_object", 2, match_object_2),
    ("ets", "match_object", 3, match_object_3),
    ("ets", "select_count", 2, select_count),
    ("ets", "select_delete", 2, select_delete_2),
    ("ets", "internal_select_delete", 2, internal_select_delete),
    ("ets", "select_replace", 2, select_replace),
    ("ets", "match_spec_compile", 1, match_spec_compile),
    ("ets", "is_compiled_ms", 1, is_compiled_ms),
    ("ets", "match_spec_run_r", 3, match_spec_run_r),
    ("erlang", "match_spec_test", 3, match_spec_test),
];
