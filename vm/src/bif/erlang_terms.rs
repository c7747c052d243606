//! BIFs that build and take apart tuples, atoms and lists: `setelement/3`,
//! `make_tuple/2,3`, `list_to_atom/1`, `'++'/2`, `'--'/2` and their kin.
//!
//! Every list is walked in a loop, and every size taken from an argument
//! is checked against OTP's limits before anything is allocated.

use std::collections::HashMap;

use super::erlang::tuple_index;
use super::list_to_vec;
use crate::atom::{Atom, AtomError, MAX_ATOM_CHARS};
use crate::compare;
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::map;
use crate::process::Process;
use crate::term::Term;

/// Largest tuple `make_tuple/2,3`, `append_element/2` and `list_to_tuple/1`
/// build, as in OTP 25 (`MAX_ARITYVAL`, 2^24 - 1).
pub const MAX_TUPLE_ARITY: usize = (1 << 24) - 1;

// ---- tuples ----

fn setelement(proc: &mut Process, args: &[Term]) -> BifResult {
    let arity = args[1].tuple_arity().ok_or_else(Exception::badarg)?;
    let i = tuple_index(args[0], arity).ok_or_else(Exception::badarg)?;
    let mut elements = args[1].tuple_elements().to_vec();
    elements[i] = args[2];
    Ok(heap::tuple(&mut proc.heap, &elements))
}

/// Returns the arity argument of `make_tuple/2,3` when it is within
/// `0..=MAX_TUPLE_ARITY`.
fn make_tuple_arity(t: Term) -> Result<usize, Exception> {
    t.as_small()
        .filter(|&n| (0..=MAX_TUPLE_ARITY as i64).contains(&n))
        .map(|n| n as usize)
        .ok_or_else(Exception::badarg)
}

fn make_tuple_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let arity = make_tuple_arity(args[0])?;
    let elements = vec![args[1]; arity];
    Ok(heap::tuple(&mut proc.heap, &elements))
}

/// `make_tuple(Arity, Default, [{Position, Term}])`: later entries for the
/// same position win.
fn make_tuple_3(proc: &mut Process, args: &[Term]) -> BifResult {
    let arity = make_tuple_arity(args[0])?;
    let init = list_to_vec(args[2]).ok_or_else(Exception::badarg)?;
    let mut placed = Vec::with_capacity(init.len());
    for entry in init {
        if entry.tuple_arity() != Some(2) {
            return Err(Exception::badarg());
        }
        let i = tuple_index(entry.element(0), arity).ok_or_else(Exception::badarg)?;
        placed.push((i, entry.element(1)));
    }
    let mut elements = vec![args[1]; arity];
    for (i, value) in placed {
        elements[i] = value;
    }
    Ok(heap::tuple(&mut proc.heap, &elements))
}

fn append_element(proc: &mut Process, args: &[Term]) -> BifResult {
    let arity = args[0].tuple_arity().ok_or_else(Exception::badarg)?;
    if arity >= MAX_TUPLE_ARITY {
        return Err(Exception::badarg());
    }
    let mut elements = Vec::with_capacity(arity + 1);
    elements.extend_from_slice(args[0].tuple_elements());
    elements.push(args[1]);
    Ok(heap::tuple(&mut proc.heap, &elements))
}

/// `insert_element(Index, Tuple, Term)` with `Index` in `1..=arity + 1`.
/// Like OTP 25 it does not check the resulting arity against
/// [`MAX_TUPLE_ARITY`], so it can build a tuple one element larger.
fn insert_element(proc: &mut Process, args: &[Term]) -> BifResult {
    let arity = args[1].tuple_arity().ok_or_else(Exception::badarg)?;
    let i = tuple_index(args[0], arity + 1).ok_or_else(Exception::badarg)?;
    let mut elements = Vec::with_capacity(arity + 1);
    elements.extend_from_slice(args[1].tuple_elements());
    elements.insert(i, args[2]);
    Ok(heap::tuple(&mut proc.heap, &elements))
}

fn delete_element(proc: &mut Process, args: &[Term]) -> BifResult {
    let arity = args[1].tuple_arity().ok_or_else(Exception::badarg)?;
    let i = tuple_index(args[0], arity).ok_or_else(Exception::badarg)?;
    let mut elements = args[1].tuple_elements().to_vec();
    elements.remove(i);
    Ok(heap::tuple(&mut proc.heap, &elements))
}

fn tuple_to_list(proc: &mut Process, args: &[Term]) -> BifResult {
    if !args[0].is_tuple() {
        return Err(Exception::badarg());
    }
    let elements = args[0].tuple_elements().to_vec();
    Ok(heap::list(&mut proc.heap, &elements))
}

fn list_to_tuple(proc: &mut Process, args: &[Term]) -> BifResult {
    let elements = list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    if elements.len() > MAX_TUPLE_ARITY {
        return Err(Exception::badarg());
    }
    Ok(heap::tuple(&mut proc.heap, &elements))
}

// ---- atoms ----

fn atom_to_list(proc: &mut Process, args: &[Term]) -> BifResult {
    let atom = super::expect_atom(args[0])?;
    Ok(heap::char_list(&mut proc.heap, atom.name()))
}

/// The reason a list is not the name of an atom.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum AtomNameError {
    /// Not a proper list of Unicode code points.
    Invalid,
    /// More than [`MAX_ATOM_CHARS`] elements.
    TooLong,
}

/// Reads an atom name from a list of code points as OTP's
/// `erts_unicode_list_to_buf` does. A list cell after the 255th character
/// makes the name too long whatever it contains. A surrogate, a negative
/// or too large code point, a non-integer or an improper tail is invalid.
pub(crate) fn atom_name(mut list: Term) -> Result<String, AtomNameError> {
    let mut name = String::new();
    let mut count = 0;
    while list.is_cons() {
        if count == MAX_ATOM_CHARS {
            return Err(AtomNameError::TooLong);
        }
        let c = list
            .head()
            .as_small()
            .and_then(|v| u32::try_from(v).ok())
            .and_then(char::from_u32)
            .ok_or(AtomNameError::Invalid)?;
        name.push(c);
        count += 1;
        list = list.tail();
    }
    if list.is_nil() {
        Ok(name)
    } else {
        Err(AtomNameError::Invalid)
    }
}

fn list_to_atom(_: &mut Process, args: &[Term]) -> BifResult {
    let name = atom_name(args[0]).map_err(|e| match e {
        AtomNameError::Invalid => Exception::badarg(),
        AtomNameError::TooLong => Exception::system_limit(),
    })?;
    match Atom::intern(&name) {
        Ok(atom) => Ok(Term::atom(atom)),
        Err(AtomError::TooLong(_) | AtomError::TableFull) => Err(Exception::system_limit()),
    }
}

/// Like `list_to_atom/1`, but only for atoms that exist; every failure,
/// a name that is too long included, raises badarg.
fn list_to_existing_atom(_: &mut Process, args: &[Term]) -> BifResult {
    let name = atom_name(args[0]).map_err(|_| Exception::badarg())?;
    Atom::lookup(&name)
        .map(Term::atom)
        .ok_or_else(Exception::badarg)
}

// ---- list operators ----

/// `A ++ B`: copies the proper list `A` in front of `B`, which can be any
/// term.
fn append(proc: &mut Process, args: &[Term]) -> BifResult {
    let front = list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    proc.reductions += (front.len() / 16) as u64;
    Ok(heap::list_with_tail(&mut proc.heap, &front, args[1]))
}

/// A multiset of terms under exact equality (`=:=`).
struct TermCounts {
    buckets: HashMap<u32, Vec<(Term, usize)>>,
}

impl TermCounts {
    fn new(terms: &[Term]) -> TermCounts {
        let mut counts = TermCounts {
            buckets: HashMap::new(),
        };
        for &t in terms {
            let bucket = counts.buckets.entry(map::internal_hash(t, 0)).or_default();
            match bucket.iter_mut().find(|(k, _)| compare::exact_eq(*k, t)) {
                Some((_, n)) => *n += 1,
                None => bucket.push((t, 1)),
            }
        }
        counts
    }

    /// Takes one occurrence of `t`; returns `false` when none is left.
    fn take(&mut self, t: Term) -> bool {
        let Some(bucket) = self.buckets.get_mut(&map::internal_hash(t, 0)) else {
            return false;
        };
        match bucket
            .iter_mut()
            .find(|(k, n)| *n > 0 && compare::exact_eq(*k, t))
        {
            Some((_, n)) => {
                *n -= 1;
                true
            }
            None => false,
        }
    }
}

/// `A -- B`: removes from `A`, for each element of `B`, the first element
/// of `A` that is exactly equal to it. Both must be proper lists.
///
/// Removing the first `n` occurrences of each value that occurs `n` times
/// in `B` gives the same list as OTP's element-by-element removal, in one
/// pass over `A`.
fn subtract(proc: &mut Process, args: &[Term]) -> BifResult {
    let left = list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let right = list_to_vec(args[1]).ok_or_else(Exception::badarg)?;
    proc.reductions += ((left.len() + right.len()) / 16) as u64;
    if right.is_empty() {
        return Ok(args[0]);
    }
    let mut counts = TermCounts::new(&right);
    let kept: Vec<Term> = left.into_iter().filter(|&t| !counts.take(t)).collect();
    Ok(heap::list(&mut proc.heap, &kept))
}

crate::bif_table![
    ("erlang", "setelement", 3, setelement),
    ("erlang", "make_tuple", 2, make_tuple_2),
    ("erlang", "make_tuple", 3, make_tuple_3),
    ("erlang", "append_element", 2, append_element),
    ("erlang", "insert_element", 3, insert_element),
    ("erlang", "delete_element", 2, delete_element),
    ("erlang", "tuple_to_list", 1, tuple_to_list),
    ("erlang", "list_to_tuple", 1, list_to_tuple),
    ("erlang", "atom_to_list", 1, atom_to_list),
    ("erlang", "list_to_atom", 1, list_to_atom),
    ("erlang", "list_to_existing_atom", 1, list_to_existing_atom),
    ("erlang", "++", 2, append),
    ("erlang", "append", 2, append),
    ("erlang", "--", 2, subtract),
    ("erlang", "subtract", 2, subtract),
];

#[cfg(test)]
mod tests {
    use super::super::erlang::test_support::{call, check, process};
    use super::*;

    // Expected outputs were printed by Erlang/OTP 25 (erts 13.1.5).

    #[test]
    fn tuple_bifs() {
        check(
            setelement,
            "setelement",
            &[
                (&["1", "{a}", "b"], "{b}"),
                (&["0", "{a}", "b"], "error:badarg"),
                (&["2", "{a}", "b"], "error:badarg"),
            ],
        );
        check(
            append_element,
            "append_element",
            &[(&["{a}", "b"], "{a,b}"), (&["x", "1"], "error:badarg")],
        );
        check(
            insert_element,
            "insert_element",
            &[
                (&["2", "{a}", "b"], "{a,b}"),
                (&["1", "{a}", "b"], "{b,a}"),
                (&["3", "{a}", "b"], "error:badarg"),
            ],
        );
        check(
            delete_element,
            "delete_element",
            &[(&["1", "{a}"], "{}"), (&["2", "{a}"], "error:badarg")],
        );
        check(
            tuple_to_list,
            "tuple_to_list",
            &[
                (&["{}"], "[]"),
                (&["{a,{b}}"], "[a,{b}]"),
                (&["[a]"], "error:badarg"),
            ],
        );
        check(
            list_to_tuple,
            "list_to_tuple",
            &[(&["[a,b]"], "{a,b}"), (&["[a|b]"], "error:badarg")],
        );
    }

    #[test]
    fn make_tuple_checks_arity_before_allocating() {
        check(
            make_tuple_2,
            "make_tuple",
            &[
                (&["2", "x"], "{x,x}"),
                (&["0", "x"], "{}"),
                (&["1099511627776", "x"], "error:badarg"),
                (&["-1", "x"], "error:badarg"),
                (&["16777216", "x"], "error:badarg"),
                (&["a", "x"], "error:badarg"),
            ],
        );
        check(
            make_tuple_3,
            "make_tuple",
            &[
                (&["3", "x", "[{1,a},{3,b},{1,c}]"], "{c,x,b}"),
                (&["3", "x", "[{4,a}]"], "error:badarg"),
                (&["3", "x", "[{0,a}]"], "error:badarg"),
                (&["3", "x", "[{1,a}|b]"], "error:badarg"),
                (&["2", "x", "[a]"], "error:badarg"),
                (&["2", "x", "[{1,a,b}]"], "error:badarg"),
                (&["0", "x", "[]"], "{}"),
            ],
        );
    }

    #[test]
    fn atoms_from_lists() {
        let long: String = format!("\"{}\"", "a".repeat(256));
        let max_unicode = format!("[{}]", vec!["1114111"; 255].join(","));
        let long_then_junk = format!("[{},x]", vec!["97"; 256].join(","));
        let mut proc = process();

        assert_eq!(call(&mut proc, list_to_atom, &["\"abc\""]), "abc");
        assert_eq!(call(&mut proc, list_to_atom, &["[55296]"]), "error:badarg");
        assert_eq!(
            call(&mut proc, list_to_atom, &["[1114112]"]),
            "error:badarg"
        );
        assert_eq!(call(&mut proc, list_to_atom, &["[-1]"]), "error:badarg");
        assert_eq!(call(&mut proc, list_to_atom, &["[a]"]), "error:badarg");
        assert_eq!(call(&mut proc, list_to_atom, &["[97|b]"]), "error:badarg");
        assert_eq!(
            call(&mut proc, list_to_atom, &[&long]),
            "error:system_limit"
        );
        assert_eq!(
            call(&mut proc, list_to_atom, &[&long_then_junk]),
            "error:system_limit"
        );
        let atom = call(&mut proc, list_to_atom, &[&max_unicode]);
        assert!(atom.starts_with('\''), "{atom}");

        assert_eq!(call(&mut proc, list_to_existing_atom, &["\"abc\""]), "abc");
        assert_eq!(
            call(
                &mut proc,
                list_to_existing_atom,
                &["\"no_such_atom_anywhere_q\""]
            ),
            "error:badarg"
        );
        assert_eq!(
            call(&mut proc, list_to_existing_atom, &[&long]),
            "error:badarg"
        );
        assert_eq!(call(&mut proc, atom_to_list, &["abc"]), "[97,98,99]");
        assert_eq!(call(&mut proc, atom_to_list, &["\"x\""]), "error:badarg");
    }

    #[test]
    fn list_operators() {
        check(
            append,
            "'++'",
            &[
                (&["[1,2]", "3"], "[1,2|3]"),
                (&["[1|2]", "[3]"], "error:badarg"),
                (&["a", "[3]"], "error:badarg"),
                (&["[]", "a"], "a"),
            ],
        );
        check(
            subtract,
            "'--'",
            &[
                (&["[1,2,1,3]", "[1,3]"], "[2,1]"),
                (&["[1|2]", "[1]"], "error:badarg"),
                (&["[1]", "[1|2]"], "error:badarg"),
                (&["a", "[]"], "error:badarg"),
                (&["[a|b]", "[]"], "error:badarg"),
                (&["[1,1.0]", "[1.0]"], "[1]"),
                (&["[{a,[1]},{a,[1]},b]", "[{a,[1]},c]"], "[{a,[1]},b]"),
            ],
        );
    }

    #[test]
    fn subtract_handles_long_lists() {
        let mut proc = process();
        let items: Vec<Term> = (0..100_000).map(Term::small_unchecked).collect();
        let evens: Vec<Term> = (0..100_000).step_by(2).map(Term::small_unchecked).collect();
        let left = heap::list(&mut proc.heap, &items);
        let right = heap::list(&mut proc.heap, &evens);
        let result = subtract(&mut proc, &[left, right]).expect("proper lists");
        assert_eq!(super::super::list_length(result), Some(50_000));
        assert_eq!(result.head().as_small(), Some(1));
    }
}
