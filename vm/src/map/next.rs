//! `erts_internal:map_next/3`, the BIF under OTP 25's `maps:iterator/1`,
//! `maps:next/1` and `maps:to_list/1`.
//!
//! A HAMT iterator is `[Path | Map]`, where `Path` names the next leaf to
//! return: 4 bits per level, the lowest 4 bits for the head node, each the
//! position of the child to take among the node's children. A path that
//! ends on a node continues through each node's first child. Flat maps are
//! always returned whole, so their path is always 0.

use crate::atom::Atom;
use crate::heap::{self, Alloc};
use crate::term::{HeaderTag, Term};

use super::node::{self, NodeKind};
use super::{FLAT_MAP_LIMIT, size};

/// Maximum number of pairs one call returns from a HAMT map.
///
/// OTP returns up to a quarter of the caller's remaining reductions, which
/// is 1000 at the start of a time slice. A first call (path 0) returns at
/// most 32. NOTE: the BIF passes this fixed budget because the VM does not
/// expose the remaining reductions to BIFs. The budget changes only the
/// shape of an iterator term, never the pairs or their order.
pub const MAP_NEXT_BUDGET: usize = 1000;

/// Path elements in one 64-bit bignum digit.
const PATH_ELEMS_PER_DIGIT: usize = 16;

/// Shape of the result the caller requested.
#[derive(Copy, Clone)]
enum Shape {
    /// `{K1, V1, {K2, V2, ... Next}}` with `Next` an iterator or `none`.
    Iterator,
    /// `[Path, Map, {Kn, Vn}, ..., {K1, V1} | Acc]`, or without the path
    /// and map once the map is exhausted.
    List(Term),
}

/// Error from [`map_next`]: the arguments are invalid, which OTP reports
/// as `badarg`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct MapNextError;

/// Runs `erts_internal:map_next(Path, Map, Acc)`: returns up to `budget`
/// pairs of `map` starting at `path`, shaped for `maps:next/1` when `acc`
/// is the atom `iterator` and consed onto the list `acc` otherwise.
pub fn map_next(
    heap: &mut impl Alloc,
    path: Term,
    map: Term,
    acc: Term,
    budget: usize,
) -> Result<Term, MapNextError> {
    if !map.is_map() {
        return Err(MapNextError);
    }
    let shape = if acc.as_atom() == Some(iterator_atom()) {
        Shape::Iterator
    } else if acc.is_list() {
        Shape::List(acc)
    } else {
        return Err(MapNextError);
    };
    if node::kind(map) == NodeKind::Flat {
        return flat_next(heap, path, map, shape);
    }
    hamt_next(heap, path, map, shape, budget)
}

fn iterator_atom() -> Atom {
    Atom::from_static("iterator")
}

/// Returns all pairs of a flat map. `path` must be a small integer no
/// larger than the map's size.
fn flat_next(
    heap: &mut impl Alloc,
    path: Term,
    map: Term,
    shape: Shape,
) -> Result<Term, MapNextError> {
    let start = path.as_small().ok_or(MapNextError)?;
    // OTP compares the path's unsigned 60-bit pattern, so negative paths
    // are rejected as very large.
    if small_pattern(start) > size(map) as u64 {
        return Err(MapNextError);
    }
    let keys = node::flat_keys(map);
    let values = node::flat_values(map);
    let mut result = match shape {
        Shape::Iterator => Term::atom(Atom::from_static("none")),
        Shape::List(acc) => acc,
    };
    for (&key, &value) in keys.iter().zip(values).rev() {
        result = match shape {
            Shape::Iterator => heap::tuple(heap, &[key, value, result]),
            Shape::List(_) => {
                let pair = heap::tuple(heap, &[key, value]);
                heap::cons(heap, pair, result)
            }
        };
    }
    Ok(result)
}

/// Returns the 60 payload bits of a small integer read as unsigned, OTP's
/// `unsigned_val`.
fn small_pattern(value: i64) -> u64 {
    (value as u64) & ((1 << 60) - 1)
}

/// Returns the digits of a path: its small value, or the limbs of a
/// positive bignum, least significant first.
fn path_digits(path: Term) -> Result<Vec<u64>, MapNextError> {
    if let Some(value) = path.as_small() {
        return Ok(vec![small_pattern(value)]);
    }
    match path.boxed_tag() {
        Some(HeaderTag::PosBig) => Ok((0..path.header().arity()).map(|i| path.word(i)).collect()),
        _ => Err(MapNextError),
    }
}

/// A node on the walk, with the position of its next child to visit.
#[derive(Copy, Clone)]
struct Frame {
    node: Term,
    next: usize,
}

fn hamt_next(
    heap: &mut impl Alloc,
    path: Term,
    map: Term,
    shape: Shape,
    budget: usize,
) -> Result<Term, MapNextError> {
    let digits = path_digits(path)?;
    let mut elems = budget.max(1).min(size(map));
    if path.as_small() == Some(0) {
        elems = elems.min(FLAT_MAP_LIMIT);
    }

    // Follow the path down to its leaf, keeping the nodes passed.
    let mut stack: Vec<Frame> = Vec::new();
    let mut node = map;
    let mut digit_index = 0;
    let mut current = digits.first().copied().unwrap_or(0);
    let mut level_in_digit = 0;
    let first = loop {
        let children = node::children(node);
        let position = (current & 0xf) as usize;
        let child = *children.get(position).ok_or(MapNextError)?;
        stack.push(Frame {
            node,
            next: position + 1,
        });
        if child.is_cons() {
            break child;
        }
        node = child;
        current >>= 4;
        level_in_digit += 1;
        if level_in_digit == PATH_ELEMS_PER_DIGIT {
            level_in_digit = 0;
            digit_index += 1;
            current = digits.get(digit_index).copied().unwrap_or(0);
        }
    };

    let mut leaves = vec![first];
    elems -= 1;
    // Walk on in slot order until `elems` more leaves are found or the map
    // is exhausted. The stack then names the next leaf.
    while let Some(mut frame) = stack.pop() {
        let children = node::children(frame.node);
        while frame.next < children.len() && elems > 0 && children[frame.next].is_cons() {
            leaves.push(children[frame.next]);
            elems -= 1;
            frame.next += 1;
        }
        if elems == 0 {
            if frame.next < children.len() {
                stack.push(frame);
            } else {
                while let Some(parent) = stack.pop() {
                    if parent.next < node::children(parent.node).len() {
                        stack.push(parent);
                        break;
                    }
                }
            }
            break;
        }
        if frame.next < children.len() {
            let child = children[frame.next];
            frame.next += 1;
            stack.push(frame);
            stack.push(Frame {
                node: child,
                next: 0,
            });
        }
    }

    let rest = if stack.is_empty() {
        None
    } else {
        Some(path_term(heap, &stack))
    };
    Ok(build_result(heap, &leaves, rest, map, shape))
}

/// Builds the path to the next leaf from the walk's stack: the position of
/// the child each frame visits next, the head's in the lowest 4 bits.
fn path_term(heap: &mut impl Alloc, stack: &[Frame]) -> Term {
    let mut digits = vec![0u64; stack.len().div_ceil(PATH_ELEMS_PER_DIGIT)];
    for (level, frame) in stack.iter().enumerate() {
        let position = match stack.get(level + 1) {
            // A frame below this one was entered through the child before
            // `next`.
            Some(_) => frame.next.saturating_sub(1),
            None => frame.next,
        };
        digits[level / PATH_ELEMS_PER_DIGIT] |=
            (position as u64) << (4 * (level % PATH_ELEMS_PER_DIGIT));
    }
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    if digits.len() == 1
        && let Ok(value) = i64::try_from(digits[0])
        && let Some(small) = Term::small(value)
    {
        return small;
    }
    let (term, body) = heap::alloc_boxed(heap, HeaderTag::PosBig, digits.len());
    for (i, digit) in digits.iter().enumerate() {
        // SAFETY: the body has one word per digit.
        unsafe { *body.add(i) = *digit };
    }
    term
}

fn build_result(
    heap: &mut impl Alloc,
    leaves: &[Term],
    rest: Option<Term>,
    map: Term,
    shape: Shape,
) -> Term {
    match shape {
        Shape::Iterator => {
            let mut result = match rest {
                Some(path) => heap::cons(heap, path, map),
                None => Term::atom(Atom::from_static("none")),
            };
            for leaf in leaves.iter().rev() {
                result = heap::tuple(heap, &[leaf.head(), leaf.tail(), result]);
            }
            result
        }
        Shape::List(acc) => {
            let mut result = acc;
            for leaf in leaves {
                let pair = heap::tuple(heap, &[leaf.head(), leaf.tail()]);
                result = heap::cons(heap, pair, result);
            }
            if let Some(path) = rest {
                result = heap::cons(heap, map, result);
                result = heap::cons(heap, path, result);
            }
            result
        }
    }
}
