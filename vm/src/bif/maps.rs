//! Map BIFs: the map guard BIFs of `erlang`, the natively implemented
//! functions of OTP's `maps` module, and `erts_internal:map_next/3`, which
//! OTP 25's `maps:iterator/1`, `maps:next/1` and `maps:to_list/1` call.
//!
//! Each BIF body takes the allocator instead of the process, so tests run
//! them on a bare heap; the `entry` module wraps them as [`BifFn`]s. Errors
//! follow OTP 25: `{badmap, Map}` for a map argument that is not a map,
//! `{badkey, Key}` for a missing key, `badarg` for other invalid arguments.
//!
//! [`BifFn`]: crate::bif::BifFn

use crate::atom;
use crate::exception::{BifResult, Exception};
use crate::heap::{self, Alloc};
use crate::map;
use crate::process::Process;
use crate::term::Term;

crate::bif_table![
    ("erlang", "map_size", 1, entry::map_size, guard),
    ("erlang", "map_get", 2, entry::map_get, guard),
    ("erlang", "is_map_key", 2, entry::is_map_key, guard),
    ("maps", "get", 2, entry::map_get),
    ("maps", "get", 3, entry::get_3),
    ("maps", "find", 2, entry::find),
    ("maps", "put", 3, entry::put),
    ("maps", "remove", 2, entry::remove),
    ("maps", "update", 3, entry::update),
    ("maps", "keys", 1, entry::keys),
    ("maps", "values", 1, entry::values),
    ("maps", "to_list", 1, entry::to_list),
    ("maps", "from_list", 1, entry::from_list),
    ("maps", "from_keys", 2, entry::from_keys),
    ("maps", "is_key", 2, entry::is_map_key),
    ("maps", "merge", 2, entry::merge),
    ("maps", "size", 1, entry::map_size),
    ("maps", "take", 2, entry::take),
    ("maps", "new", 0, entry::new),
    ("erts_internal", "map_next", 3, entry::map_next),
];

/// Declares, in module `entry`, a [`crate::bif::BifFn`] for each named
/// BIF body that runs it on the calling process's heap.
macro_rules! process_entries {
    ($($name:ident),* $(,)?) => {
        mod entry {
            use super::{BifResult, Process, Term};
            $(
                pub fn $name(proc: &mut Process, args: &[Term]) -> BifResult {
                    super::$name(&mut proc.heap, args)
                }
            )*
        }
    };
}

process_entries![
    map_size, map_get, is_map_key, get_3, find, put, remove, update, keys, values, to_list,
    from_list, from_keys, merge, take, new, map_next,
];

/// Returns `map` when it is a map, and raises `{badmap, Map}` otherwise.
fn expect_map(heap: &mut impl Alloc, term: Term) -> Result<Term, Exception> {
    if term.is_map() {
        Ok(term)
    } else {
        Err(Exception::error_tuple(heap, atom::BADMAP, term))
    }
}

/// Builds a small integer for a size, which always fits: a map cannot
/// hold 2^59 keys.
fn size_term(size: usize) -> Term {
    Term::small_unchecked(size as i64)
}

/// Implements `erlang:map_size/1` and `maps:size/1`.
fn map_size(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[0])?;
    Ok(size_term(map::size(map)))
}

/// Implements `erlang:map_get/2` and `maps:get/2`.
fn map_get(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[1])?;
    map::get(map, args[0]).ok_or_else(|| Exception::error_tuple(heap, atom::BADKEY, args[0]))
}

/// Implements `erlang:is_map_key/2` and `maps:is_key/2`.
fn is_map_key(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[1])?;
    Ok(Term::boolean(map::is_key(map, args[0])))
}

/// Implements `maps:get(Key, Map, Default)`.
fn get_3(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[1])?;
    Ok(map::get(map, args[0]).unwrap_or(args[2]))
}

/// Implements `maps:find/2`, which returns `{ok, Value}` or `error`.
fn find(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[1])?;
    Ok(match map::get(map, args[0]) {
        Some(value) => heap::tuple(heap, &[Term::atom(atom::OK), value]),
        None => Term::atom(atom::ERROR),
    })
}

/// Implements `maps:put(Key, Value, Map)`.
fn put(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[2])?;
    Ok(map::put(heap, map, args[0], args[1]))
}

/// Implements `maps:remove(Key, Map)`.
fn remove(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[1])?;
    Ok(map::remove(heap, map, args[0]))
}

/// Implements `maps:update(Key, Value, Map)`, which raises `{badkey, Key}`
/// when the key is missing.
fn update(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[2])?;
    map::update(heap, map, args[0], args[1])
        .ok_or_else(|| Exception::error_tuple(heap, atom::BADKEY, args[0]))
}

/// Implements `maps:keys/1`.
fn keys(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[0])?;
    Ok(map::keys(heap, map))
}

/// Implements `maps:values/1`.
fn values(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[0])?;
    Ok(map::values(heap, map))
}

/// Implements `maps:to_list/1`.
fn to_list(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[0])?;
    Ok(map::to_list(heap, map))
}

/// Returns the elements of a proper list, or `None` for anything else.
fn proper_list(mut list: Term) -> Option<Vec<Term>> {
    let mut items = Vec::new();
    while list.is_cons() {
        items.push(list.head());
        list = list.tail();
    }
    list.is_nil().then_some(items)
}

/// Implements `maps:from_list/1`, which raises `badarg` unless the argument
/// is a proper list of 2-tuples.
fn from_list(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let items = proper_list(args[0]).ok_or_else(Exception::badarg)?;
    let mut pairs = Vec::with_capacity(items.len());
    for item in items {
        match item.tuple_arity() {
            Some(2) => {
                let elements = item.tuple_elements();
                pairs.push((elements[0], elements[1]));
            }
            _ => return Err(Exception::badarg()),
        }
    }
    Ok(map::from_pairs(heap, &pairs))
}

/// Implements `maps:from_keys(Keys, Value)`, which raises `badarg` unless
/// `Keys` is a proper list.
fn from_keys(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let keys = proper_list(args[0]).ok_or_else(Exception::badarg)?;
    let pairs: Vec<(Term, Term)> = keys.into_iter().map(|key| (key, args[1])).collect();
    Ok(map::from_pairs(heap, &pairs))
}

/// Implements `maps:merge/2`. When both arguments are invalid, the error
/// names the first.
fn merge(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let first = expect_map(heap, args[0])?;
    let second = expect_map(heap, args[1])?;
    Ok(map::merge(heap, first, second))
}

/// Implements `maps:take(Key, Map)`, which returns `{Value, MapWithoutKey}`
/// or `error`.
fn take(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    let map = expect_map(heap, args[1])?;
    Ok(match map::take(heap, map, args[0]) {
        Some((value, rest)) => heap::tuple(heap, &[value, rest]),
        None => Term::atom(atom::ERROR),
    })
}

/// Implements `maps:new/0`.
fn new(heap: &mut impl Alloc, _args: &[Term]) -> BifResult {
    Ok(map::new_empty(heap))
}

/// Implements `erts_internal:map_next(Path, Map, Acc)`. Every invalid
/// argument raises `badarg`, as in OTP.
fn map_next(heap: &mut impl Alloc, args: &[Term]) -> BifResult {
    map::map_next(heap, args[0], args[1], args[2], map::MAP_NEXT_BUDGET)
        .map_err(|_| Exception::badarg())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;

    fn int(value: i64) -> Term {
        Term::small(value).expect("test integers are small")
    }

    fn int_map(heap: &mut Heap, keys: impl IntoIterator<Item = i64>) -> Term {
        let pairs: Vec<(Term, Term)> = keys.into_iter().map(|k| (int(k), int(k))).collect();
        map::from_pairs(heap, &pairs)
    }

    /// Returns the reason of an `error` exception as `{Tag, Value}`.
    fn error_tuple(result: BifResult) -> (Term, Term) {
        let exception = result.expect_err("the BIF raises");
        assert_eq!(exception.class, crate::exception::Class::Error);
        let elements = exception.reason.tuple_elements();
        assert_eq!(elements.len(), 2, "reason is a 2-tuple");
        (elements[0], elements[1])
    }

    fn assert_badarg(result: BifResult) {
        let exception = result.expect_err("the BIF raises");
        assert_eq!(exception.reason, Term::atom(atom::BADARG));
    }

    fn pair_list(heap: &mut Heap, pairs: &[(i64, i64)]) -> Term {
        let tuples: Vec<Term> = pairs
            .iter()
            .map(|&(k, v)| heap::tuple(heap, &[int(k), int(v)]))
            .collect();
        heap::list(heap, &tuples)
    }

    #[test]
    fn non_map_arguments_raise_badmap() {
        let mut heap = Heap::default();
        let x = Term::atom(atom::UNDEFINED);
        type Body = fn(&mut Heap, &[Term]) -> BifResult;
        let bodies: [(&str, Body, Vec<Term>); 14] = [
            ("map_size", map_size, vec![x]),
            ("map_get", map_get, vec![int(1), x]),
            ("is_map_key", is_map_key, vec![int(1), x]),
            ("get/3", get_3, vec![int(1), x, int(0)]),
            ("find", find, vec![int(1), x]),
            ("put", put, vec![int(1), int(2), x]),
            ("remove", remove, vec![int(1), x]),
            ("update", update, vec![int(1), int(2), x]),
            ("keys", keys, vec![x]),
            ("values", values, vec![x]),
            ("to_list", to_list, vec![x]),
            ("merge", merge, vec![x, int(7)]),
            ("take", take, vec![int(1), x]),
            ("size", map_size, vec![x]),
        ];
        for (name, body, args) in bodies {
            let (tag, value) = error_tuple(body(&mut heap, &args));
            assert_eq!(tag, Term::atom(atom::BADMAP), "{name}");
            assert_eq!(value, x, "{name}");
        }
        let empty = map::new_empty(&mut heap);
        let (tag, value) = error_tuple(merge(&mut heap, &[empty, int(7)]));
        assert_eq!(tag, Term::atom(atom::BADMAP));
        assert_eq!(value, int(7), "merge reports the second argument");
    }

    #[test]
    fn missing_keys_raise_badkey() {
        let mut heap = Heap::default();
        for map in [int_map(&mut heap, 1..=3), int_map(&mut heap, 1..=40)] {
            let (tag, value) = error_tuple(map_get(&mut heap, &[int(99), map]));
            assert_eq!(tag, Term::atom(atom::BADKEY));
            assert_eq!(value, int(99));
            let (tag, value) = error_tuple(update(&mut heap, &[int(98), int(0), map]));
            assert_eq!(tag, Term::atom(atom::BADKEY));
            assert_eq!(value, int(98));
        }
    }

    #[test]
    fn lookups_return_values() {
        let mut heap = Heap::default();
        for map in [int_map(&mut heap, 1..=3), int_map(&mut heap, 1..=40)] {
            assert_eq!(map_get(&mut heap, &[int(2), map]), Ok(int(2)));
            assert_eq!(get_3(&mut heap, &[int(99), map, int(-1)]), Ok(int(-1)));
            assert_eq!(
                is_map_key(&mut heap, &[int(2), map]),
                Ok(Term::boolean(true))
            );
            assert_eq!(
                is_map_key(&mut heap, &[int(99), map]),
                Ok(Term::boolean(false))
            );
            let found = find(&mut heap, &[int(3), map]).expect("map argument");
            assert_eq!(found.tuple_elements(), [Term::atom(atom::OK), int(3)]);
            assert_eq!(
                find(&mut heap, &[int(99), map]),
                Ok(Term::atom(atom::ERROR))
            );
            assert_eq!(map_size(&mut heap, &[map]), Ok(int(map::size(map) as i64)));
        }
    }

    #[test]
    fn take_returns_value_and_rest_or_error() {
        let mut heap = Heap::default();
        let map = int_map(&mut heap, 1..=3);
        let result = take(&mut heap, &[int(1), map]).expect("map argument");
        let elements = result.tuple_elements();
        assert_eq!(elements[0], int(1));
        assert_eq!(map::size(elements[1]), 2);
        assert_eq!(take(&mut heap, &[int(9), map]), Ok(Term::atom(atom::ERROR)));
    }

    #[test]
    fn from_list_requires_a_proper_list_of_pairs() {
        let mut heap = Heap::default();
        let valid = pair_list(&mut heap, &[(1, 10), (2, 20), (1, 11)]);
        let map = from_list(&mut heap, &[valid]).expect("valid list");
        assert_eq!(map::size(map), 2);
        assert_eq!(map::get(map, int(1)), Some(int(11)));

        assert_badarg(from_list(&mut heap, &[Term::atom(atom::UNDEFINED)]));
        let pair = heap::tuple(&mut heap, &[int(1), int(2)]);
        let improper = heap::cons(&mut heap, pair, int(3));
        assert_badarg(from_list(&mut heap, &[improper]));
        let triple = heap::tuple(&mut heap, &[int(1), int(2), int(3)]);
        let wrong_arity = heap::list(&mut heap, &[triple]);
        assert_badarg(from_list(&mut heap, &[wrong_arity]));
    }

    #[test]
    fn from_keys_requires_a_proper_list() {
        let mut heap = Heap::default();
        let keys: Vec<Term> = (1..=40).map(int).collect();
        let list = heap::list(&mut heap, &keys);
        let map = from_keys(&mut heap, &[list, int(0)]).expect("valid list");
        assert_eq!(map::size(map), 40);
        assert_eq!(map::get(map, int(40)), Some(int(0)));
        let improper = heap::cons(&mut heap, int(1), int(2));
        assert_badarg(from_keys(&mut heap, &[improper, int(0)]));
    }

    #[test]
    fn map_next_raises_badarg() {
        let mut heap = Heap::default();
        let map = int_map(&mut heap, 1..=2);
        assert_badarg(map_next(&mut heap, &[int(0), int(1), Term::NIL]));
        assert_badarg(map_next(&mut heap, &[int(3), map, Term::NIL]));
        let iterator = Term::atom(crate::atom::Atom::from_static("iterator"));
        let first = map_next(&mut heap, &[int(0), map, iterator]).expect("valid");
        assert_eq!(first.tuple_elements()[0], int(1));
    }

    #[test]
    fn table_lists_guard_bifs() {
        let guards: Vec<(&str, &str, u32)> = BIFS
            .iter()
            .filter(|def| def.guard)
            .map(|def| (def.module, def.function, def.arity))
            .collect();
        assert_eq!(
            guards,
            [
                ("erlang", "map_size", 1),
                ("erlang", "map_get", 2),
                ("erlang", "is_map_key", 2)
            ]
        );
    }
}
