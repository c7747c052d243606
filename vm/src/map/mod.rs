//! Erlang maps: the flat layout OTP uses for up to 32 keys, the hash array
//! mapped trie (HAMT) it switches to above that, and every map operation
//! the interpreter and the map BIFs need.
//!
//! A flat map keeps its keys sorted in map key order (integers before
//! floats of equal value, see [`compare::map_key_order`]), so lookups are
//! binary searches and iteration is in key order. A HAMT map places keys by
//! OTP 25's internal hash. Its iteration order is OTP's for keys made of
//! numbers, binaries, lists, tuples and maps. It differs for keys that
//! contain atoms, pids, ports, references or funs, because their hashes
//! depend on this VM's encoding of them.
//!
//! Maps are immutable: every update returns a new map and may share parts of
//! the old one. The term slices and iterators here must not be held across
//! a garbage collection. Every parameter named `map` must be a map term, so
//! callers check [`Term::is_map`] first and raise `{badmap, Map}` for other
//! terms.

use std::cmp::Ordering;

use crate::compare;
use crate::heap::{self, Alloc};
use crate::term::Term;

mod hamt;
mod hash;
mod next;
mod node;

pub use hash::internal_hash;
pub use next::{MAP_NEXT_BUDGET, MapNextError, map_next};
use node::NodeKind;

/// Largest number of keys a flat map holds. A map that grows past it
/// becomes a HAMT, and a HAMT that shrinks to it becomes flat again.
pub const FLAT_MAP_LIMIT: usize = 32;

/// Builds the empty map `#{}`.
pub fn new_empty(heap: &mut impl Alloc) -> Term {
    node::alloc_flat(heap, &[], &[])
}

/// Returns `true` when `map` uses the flat layout.
pub fn is_flat(map: Term) -> bool {
    node::kind(map) == NodeKind::Flat
}

/// Returns the number of keys in a map.
pub fn size(map: Term) -> usize {
    match node::kind(map) {
        NodeKind::Flat => map.header().arity() - 1,
        _ => node::head_size(map),
    }
}

/// Returns the value stored under `key`, comparing keys with `=:=`.
pub fn get(map: Term, key: Term) -> Option<Term> {
    match node::kind(map) {
        NodeKind::Flat => {
            let index = flat_search(map, key).ok()?;
            Some(node::flat_values(map)[index])
        }
        _ => hamt::get(map, key),
    }
}

/// Returns `true` when `map` has the key `key`.
pub fn is_key(map: Term, key: Term) -> bool {
    get(map, key).is_some()
}

/// Returns the position of `key` in a flat map's keys, or the position it
/// would be inserted at.
fn flat_search(map: Term, key: Term) -> Result<usize, usize> {
    node::flat_keys(map).binary_search_by(|probe| compare::map_key_order(*probe, key))
}

/// Returns a map with `key` set to `value`, added if missing.
pub fn put(heap: &mut impl Alloc, map: Term, key: Term, value: Term) -> Term {
    if node::kind(map) != NodeKind::Flat {
        return hamt::insert(heap, map, key, value, false).unwrap_or(map);
    }
    match flat_search(map, key) {
        Ok(index) => flat_replace(heap, map, index, value),
        Err(index) => {
            let keys = node::flat_keys(map);
            let values = node::flat_values(map);
            if keys.len() < FLAT_MAP_LIMIT {
                let mut new_keys = keys.to_vec();
                let mut new_values = values.to_vec();
                new_keys.insert(index, key);
                new_values.insert(index, value);
                node::alloc_flat(heap, &new_keys, &new_values)
            } else {
                let mut leaves = flat_leaves(heap, map);
                leaves.push(heap::cons(heap, key, value));
                hamt::build(heap, &leaves)
            }
        }
    }
}

/// Returns a map with the existing key `key` set to `value`, or `None`
/// when the key is missing.
pub fn update(heap: &mut impl Alloc, map: Term, key: Term, value: Term) -> Option<Term> {
    if node::kind(map) != NodeKind::Flat {
        return hamt::insert(heap, map, key, value, true);
    }
    let index = flat_search(map, key).ok()?;
    Some(flat_replace(heap, map, index, value))
}

/// Returns a copy of a flat map with value `index` replaced. The copy
/// shares the keys tuple, as OTP's does.
fn flat_replace(heap: &mut impl Alloc, map: Term, index: usize, value: Term) -> Term {
    let mut values = node::flat_values(map).to_vec();
    values[index] = value;
    node::alloc_flat_with_keys(heap, map.element(0), &values)
}

/// Returns the pairs of a flat map as leaves `[Key | Value]`.
fn flat_leaves(heap: &mut impl Alloc, map: Term) -> Vec<Term> {
    let keys = node::flat_keys(map);
    let values = node::flat_values(map);
    let mut leaves = Vec::with_capacity(keys.len() + 1);
    for (&key, &value) in keys.iter().zip(values) {
        leaves.push(heap::cons(heap, key, value));
    }
    leaves
}

/// Applies the pairs `[K1, V1, K2, V2, ...]` of a `put_map_assoc`
/// (`exact == false`) or `put_map_exact` (`exact == true`) instruction.
/// Later pairs win over earlier ones.
///
/// In exact mode every key must already be in the map. If one is missing,
/// returns `Err(key)` with the first missing key, for the caller to raise
/// `{badkey, Key}`. An odd trailing term is ignored.
pub fn put_pairs(
    heap: &mut impl Alloc,
    map: Term,
    pairs: &[Term],
    exact: bool,
) -> Result<Term, Term> {
    let pairs: Vec<(Term, Term)> = pairs.chunks_exact(2).map(|p| (p[0], p[1])).collect();
    if exact && let Some(&(key, _)) = pairs.iter().find(|(key, _)| get(map, *key).is_none()) {
        return Err(key);
    }
    if pairs.is_empty() {
        return Ok(map);
    }
    if node::kind(map) != NodeKind::Flat {
        let mut result = map;
        for &(key, value) in &pairs {
            result = put(heap, result, key, value);
        }
        return Ok(result);
    }
    let mut keys = node::flat_keys(map).to_vec();
    let mut values = node::flat_values(map).to_vec();
    for &(key, value) in &pairs {
        match keys.binary_search_by(|probe| compare::map_key_order(*probe, key)) {
            Ok(index) => values[index] = value,
            Err(index) => {
                keys.insert(index, key);
                values.insert(index, value);
            }
        }
    }
    if keys.len() <= FLAT_MAP_LIMIT && exact {
        // An exact update only replaces values, so the keys tuple is shared.
        return Ok(node::alloc_flat_with_keys(heap, map.element(0), &values));
    }
    Ok(build_from_sorted(heap, &keys, &values))
}

/// Builds a map from keys sorted in map key order, without duplicates.
fn build_from_sorted(heap: &mut impl Alloc, keys: &[Term], values: &[Term]) -> Term {
    if keys.len() <= FLAT_MAP_LIMIT {
        return node::alloc_flat(heap, keys, values);
    }
    let leaves: Vec<Term> = keys
        .iter()
        .zip(values)
        .map(|(&key, &value)| heap::cons(heap, key, value))
        .collect();
    hamt::build(heap, &leaves)
}

/// Returns a map without `key`, or `map` itself when the key is missing,
/// as OTP does.
pub fn remove(heap: &mut impl Alloc, map: Term, key: Term) -> Term {
    take(heap, map, key).map_or(map, |(_, rest)| rest)
}

/// Removes `key` and returns its value and the map without it, or `None`
/// when the key is missing.
pub fn take(heap: &mut impl Alloc, map: Term, key: Term) -> Option<(Term, Term)> {
    if node::kind(map) != NodeKind::Flat {
        let (head, value) = hamt::remove(heap, map, key)?;
        if node::head_size(head) > FLAT_MAP_LIMIT {
            return Some((value, head));
        }
        let mut pairs: Vec<(Term, Term)> = hamt::Leaves::new(head, false)
            .map(|l| (l.head(), l.tail()))
            .collect();
        pairs.sort_by(|a, b| compare::map_key_order(a.0, b.0));
        let keys: Vec<Term> = pairs.iter().map(|p| p.0).collect();
        let values: Vec<Term> = pairs.iter().map(|p| p.1).collect();
        return Some((value, node::alloc_flat(heap, &keys, &values)));
    }
    let index = flat_search(map, key).ok()?;
    let mut keys = node::flat_keys(map).to_vec();
    let mut values = node::flat_values(map).to_vec();
    keys.remove(index);
    let value = values.remove(index);
    Some((value, node::alloc_flat(heap, &keys, &values)))
}

/// Builds a map from key-value pairs. When a key occurs more than once, the
/// last pair wins, as in `maps:from_list/1`.
pub fn from_pairs(heap: &mut impl Alloc, pairs: &[(Term, Term)]) -> Term {
    let mut sorted: Vec<(Term, Term)> = pairs.to_vec();
    // The sort is stable, so equal keys stay in input order and the last of
    // each run is the one to keep.
    sorted.sort_by(|a, b| compare::map_key_order(a.0, b.0));
    let mut keys: Vec<Term> = Vec::with_capacity(sorted.len());
    let mut values: Vec<Term> = Vec::with_capacity(sorted.len());
    for (key, value) in sorted {
        let duplicate = keys
            .last()
            .is_some_and(|&last| compare::map_key_order(last, key) == Ordering::Equal);
        if duplicate {
            if let Some(last) = values.last_mut() {
                *last = value;
            }
        } else {
            keys.push(key);
            values.push(value);
        }
    }
    build_from_sorted(heap, &keys, &values)
}

/// Returns the union of two maps, with the values of `second` for keys in
/// both, as in `maps:merge/2`.
pub fn merge(heap: &mut impl Alloc, first: Term, second: Term) -> Term {
    if node::kind(first) == NodeKind::Flat && node::kind(second) == NodeKind::Flat {
        return merge_flat(heap, first, second);
    }
    // Insert the smaller map into the larger one, keeping the values of
    // `second` for keys both maps have.
    if size(second) <= size(first) {
        let mut result = first;
        for (key, value) in iter(second) {
            result = put(heap, result, key, value);
        }
        result
    } else {
        let mut result = second;
        for (key, value) in iter(first) {
            if get(second, key).is_none() {
                result = put(heap, result, key, value);
            }
        }
        result
    }
}

fn merge_flat(heap: &mut impl Alloc, first: Term, second: Term) -> Term {
    let (keys1, values1) = (node::flat_keys(first), node::flat_values(first));
    let (keys2, values2) = (node::flat_keys(second), node::flat_values(second));
    let mut keys = Vec::with_capacity(keys1.len() + keys2.len());
    let mut values = Vec::with_capacity(keys1.len() + keys2.len());
    let (mut i, mut j) = (0, 0);
    while i < keys1.len() && j < keys2.len() {
        match compare::map_key_order(keys1[i], keys2[j]) {
            Ordering::Less => {
                keys.push(keys1[i]);
                values.push(values1[i]);
                i += 1;
            }
            Ordering::Greater => {
                keys.push(keys2[j]);
                values.push(values2[j]);
                j += 1;
            }
            Ordering::Equal => {
                keys.push(keys2[j]);
                values.push(values2[j]);
                i += 1;
                j += 1;
            }
        }
    }
    keys.extend_from_slice(&keys1[i..]);
    values.extend_from_slice(&values1[i..]);
    keys.extend_from_slice(&keys2[j..]);
    values.extend_from_slice(&values2[j..]);
    build_from_sorted(heap, &keys, &values)
}

/// Iterator over the pairs of a map.
pub struct MapIter<'a> {
    inner: IterKind<'a>,
}

enum IterKind<'a> {
    Flat {
        keys: &'a [Term],
        values: &'a [Term],
        index: usize,
    },
    Hamt(hamt::Leaves),
}

impl Iterator for MapIter<'_> {
    type Item = (Term, Term);

    fn next(&mut self) -> Option<(Term, Term)> {
        match &mut self.inner {
            IterKind::Flat {
                keys,
                values,
                index,
            } => {
                let pair = (*keys.get(*index)?, *values.get(*index)?);
                *index += 1;
                Some(pair)
            }
            IterKind::Hamt(leaves) => leaves.next().map(|leaf| (leaf.head(), leaf.tail())),
        }
    }
}

fn make_iter<'a>(map: Term, reverse: bool) -> MapIter<'a> {
    let inner = match node::kind(map) {
        NodeKind::Flat => IterKind::Flat {
            keys: node::flat_keys(map),
            values: node::flat_values(map),
            index: 0,
        },
        _ => IterKind::Hamt(hamt::Leaves::new(map, reverse)),
    };
    MapIter { inner }
}

/// Iterates over the pairs of a map in the order of `maps:to_list/1`,
/// `maps:keys/1` and `term_to_binary/1`: key order for flat maps, reverse
/// trie order for HAMT maps.
///
/// The iterator must not be held across a garbage collection.
pub fn iter<'a>(map: Term) -> MapIter<'a> {
    make_iter(map, true)
}

/// Iterates over the pairs of a map in the order of `maps:next/1`. In OTP 25,
/// `maps:fold/3`, `maps:map/2`, `io_lib` printing (`~p`, `~w`) and the other
/// iterator-based functions follow this order. It is key order for flat
/// maps and trie order, the reverse of [`iter`], for HAMT maps.
///
/// The iterator must not be held across a garbage collection.
pub fn iter_fold_order<'a>(map: Term) -> MapIter<'a> {
    make_iter(map, false)
}

/// Returns the pairs of a map sorted in map key order, the order in which
/// term comparison visits them.
pub fn sorted_pairs(map: Term) -> Vec<(Term, Term)> {
    let mut pairs: Vec<(Term, Term)> = iter(map).collect();
    if !is_flat(map) {
        pairs.sort_by(|a, b| compare::map_key_order(a.0, b.0));
    }
    pairs
}

/// Builds the list `maps:to_list/1` returns: `[{Key, Value}]`.
pub fn to_list(heap: &mut impl Alloc, map: Term) -> Term {
    build_list(heap, map, |heap, key, value| {
        heap::tuple(heap, &[key, value])
    })
}

/// Builds the list of keys `maps:keys/1` returns.
pub fn keys(heap: &mut impl Alloc, map: Term) -> Term {
    build_list(heap, map, |_, key, _| key)
}

/// Builds the list of values `maps:values/1` returns.
pub fn values(heap: &mut impl Alloc, map: Term) -> Term {
    build_list(heap, map, |_, _, value| value)
}

/// Builds a list with one element per pair, in [`iter`] order. Consing the
/// pairs of the fold-order walk produces exactly that order.
fn build_list<H: Alloc>(
    heap: &mut H,
    map: Term,
    element: impl Fn(&mut H, Term, Term) -> Term,
) -> Term {
    let pairs: Vec<(Term, Term)> = if is_flat(map) {
        iter(map).collect::<Vec<_>>().into_iter().rev().collect()
    } else {
        iter_fold_order(map).collect()
    };
    let mut list = Term::NIL;
    for (key, value) in pairs {
        let item = element(heap, key, value);
        list = heap::cons(heap, item, list);
    }
    list
}

#[cfg(test)]
mod tests;
