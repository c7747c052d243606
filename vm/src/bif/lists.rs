//! The `lists` functions OTP implements natively: `reverse/1,2`,
//! `member/2`, `keyfind/3`, `keymember/3` and `keysearch/3`.
//!
//! Each walks its list in a loop, so list length costs no Rust stack, and
//! raises badarg at an improper tail only if it gets there, as OTP does:
//! `lists:member(1, [1 | x])` is `true`.

use crate::atom::{self, Atom};
use crate::compare;
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::Process;
use crate::term::Term;

/// Charges a walk of `cells` list cells to the process, at the rate of one
/// reduction per 16 cells.
fn charge(proc: &mut Process, cells: usize) {
    proc.reductions += (cells / 16) as u64;
}

/// Prepends the elements of the proper list `list`, last first, to `tail`.
fn reverse_onto(proc: &mut Process, mut list: Term, tail: Term) -> BifResult {
    let mut acc = tail;
    let mut cells = 0;
    while list.is_cons() {
        acc = heap::cons(&mut proc.heap, list.head(), acc);
        list = list.tail();
        cells += 1;
    }
    charge(proc, cells);
    if list.is_nil() {
        Ok(acc)
    } else {
        Err(Exception::badarg())
    }
}

fn reverse_2(proc: &mut Process, args: &[Term]) -> BifResult {
    reverse_onto(proc, args[0], args[1])
}

/// `lists:reverse/1`, which OTP 25 writes in Erlang as
/// `reverse([] = L) -> L; reverse([_] = L) -> L; reverse([A, B]) -> [B, A];
/// reverse([A, B | L]) -> lists:reverse(L, [B, A]).` A non-list or a
/// one-cell improper list matches no clause; an improper tail further on
/// fails in `reverse/2` with badarg.
fn reverse_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let list = args[0];
    if list.is_nil() {
        return Ok(list);
    }
    if !list.is_cons() {
        return Err(function_clause());
    }
    let second = list.tail();
    if second.is_nil() {
        return Ok(list);
    }
    if !second.is_cons() {
        return Err(function_clause());
    }
    let start = heap::list(&mut proc.heap, &[second.head(), list.head()]);
    reverse_onto(proc, second.tail(), start)
}

fn function_clause() -> Exception {
    Exception::error(Term::atom(atom::FUNCTION_CLAUSE))
}

/// `lists:member(Elem, List)` with exact equality (`=:=`).
fn member(proc: &mut Process, args: &[Term]) -> BifResult {
    let target = args[0];
    let mut list = args[1];
    let mut cells = 0;
    while list.is_cons() {
        let item = list.head();
        cells += 1;
        if item == target || (!target.is_immediate() && compare::exact_eq(item, target)) {
            charge(proc, cells);
            return Ok(Term::atom(atom::TRUE));
        }
        list = list.tail();
    }
    charge(proc, cells);
    if list.is_nil() {
        Ok(Term::atom(atom::FALSE))
    } else {
        Err(Exception::badarg())
    }
}

/// Returns `true` when a tuple element matches a `keyfind/3` key the way
/// OTP's `keyfind` compares them. An immediate key matches only itself,
/// except that a small integer key also matches a float equal to the key
/// converted to a float. Other keys compare with `==`.
fn key_matches(key: Term, element: Term) -> bool {
    if key == element {
        return true;
    }
    if let Some(k) = key.as_small() {
        return element.as_float() == Some(k as f64);
    }
    !key.is_immediate() && compare::eq(key, element)
}

/// Finds the first tuple in `list` whose element `position` (1-based)
/// matches `key`. Returns `Ok(None)` when the list ends without one, and
/// raises badarg for a position that is not a positive small integer or
/// an improper list reached before a match.
fn key_search(
    proc: &mut Process,
    key: Term,
    position: Term,
    mut list: Term,
) -> Result<Option<Term>, Exception> {
    let position = position
        .as_small()
        .filter(|&p| p >= 1)
        .ok_or_else(Exception::badarg)? as usize;
    let mut cells = 0;
    while list.is_cons() {
        let item = list.head();
        cells += 1;
        let found = item
            .tuple_arity()
            .is_some_and(|arity| position <= arity && key_matches(key, item.element(position - 1)));
        if found {
            charge(proc, cells);
            return Ok(Some(item));
        }
        list = list.tail();
    }
    charge(proc, cells);
    if list.is_nil() {
        Ok(None)
    } else {
        Err(Exception::badarg())
    }
}

fn keyfind(proc: &mut Process, args: &[Term]) -> BifResult {
    let found = key_search(proc, args[0], args[1], args[2])?;
    Ok(found.unwrap_or(Term::atom(atom::FALSE)))
}

fn keymember(proc: &mut Process, args: &[Term]) -> BifResult {
    let found = key_search(proc, args[0], args[1], args[2])?;
    Ok(Term::boolean(found.is_some()))
}

fn keysearch(proc: &mut Process, args: &[Term]) -> BifResult {
    match key_search(proc, args[0], args[1], args[2])? {
        Some(tuple) => {
            let value = Term::atom(Atom::from_static("value"));
            Ok(heap::tuple(&mut proc.heap, &[value, tuple]))
        }
        None => Ok(Term::atom(atom::FALSE)),
    }
}

crate::bif_table![
    ("lists", "reverse", 1, reverse_1),
    ("lists", "reverse", 2, reverse_2),
    ("lists", "member", 2, member),
    ("lists", "keyfind", 3, keyfind),
    ("lists", "keymember", 3, keymember),
    ("lists", "keysearch", 3, keysearch),
];

#[cfg(test)]
mod tests {
    use super::super::erlang::test_support::{check, process};
    use super::*;

    // Expected outputs were printed by Erlang/OTP 25 (erts 13.1.5).

    #[test]
    fn reverse_errors_match_otp() {
        check(
            reverse_1,
            "reverse",
            &[
                (&["[1,2,3]"], "[3,2,1]"),
                (&["[]"], "[]"),
                (&["[1]"], "[1]"),
                (&["[1,2]"], "[2,1]"),
                (&["[1,2|3]"], "error:badarg"),
                (&["[1|x]"], "error:function_clause"),
                (&["x"], "error:function_clause"),
            ],
        );
        check(
            reverse_2,
            "reverse",
            &[
                (&["[1,2]", "x"], "[2,1|x]"),
                (&["[1,2|x]", "[]"], "error:badarg"),
                (&["x", "[]"], "error:badarg"),
                (&["[]", "x"], "x"),
                (&["[1,2]", "[3|4]"], "[2,1,3|4]"),
            ],
        );
    }

    #[test]
    fn member_stops_at_match() {
        check(
            member,
            "member",
            &[
                (&["1", "[2,1|x]"], "true"),
                (&["1", "[2,3|x]"], "error:badarg"),
                (&["1", "x"], "error:badarg"),
                (&["1.0", "[1]"], "false"),
                (&["1", "[1|x]"], "true"),
                (&["{a,[b]}", "[{a,[b]}]"], "true"),
            ],
        );
    }

    #[test]
    fn keyfind_compares_numbers_like_otp() {
        check(
            keyfind,
            "keyfind",
            &[
                (&["a", "1", "[{a,1}|x]"], "{a,1}"),
                (&["a", "1", "[{b,1}|x]"], "error:badarg"),
                (&["a", "0", "[]"], "error:badarg"),
                (&["a", "1", "x"], "error:badarg"),
                (&["a", "2", "[{a,1},x,{b,a}]"], "{b,a}"),
                (&["1", "1", "[{1.0}]"], "{1.0}"),
                (&["1.0", "1", "[{1}]"], "{1}"),
                (&["a", "a", "[]"], "error:badarg"),
                (&["a", "1180591620717411303424", "[]"], "error:badarg"),
                (
                    &["295147905179352825856", "1", "[{295147905179352825856}]"],
                    "{295147905179352825856}",
                ),
                (&["2.0", "1", "[{2.0}]"], "{2.0}"),
                (&["a", "3", "[{a,b}]"], "false"),
            ],
        );
        check(
            keymember,
            "keymember",
            &[
                (&["a", "1", "[{a}]"], "true"),
                (&["a", "1", "[{b}]"], "false"),
            ],
        );
        check(
            keysearch,
            "keysearch",
            &[
                (&["a", "1", "[{a}]"], "{value,{a}}"),
                (&["a", "1", "[{b}]"], "false"),
            ],
        );
    }

    #[test]
    fn long_lists_are_walked_in_a_loop() {
        let mut proc = process();
        let items: Vec<Term> = (0..1_000_000).map(Term::small_unchecked).collect();
        let list = heap::list(&mut proc.heap, &items);
        let reversed = reverse_2(&mut proc, &[list, Term::NIL]).expect("proper list");
        assert_eq!(reversed.head().as_small(), Some(999_999));
        let missing = Term::small_unchecked(-1);
        assert_eq!(
            member(&mut proc, &[missing, list]),
            Ok(Term::atom(atom::FALSE))
        );
    }
}
