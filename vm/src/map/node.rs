//! Heap layout of flat maps and HAMT nodes.
//!
//! Every map object has the `Map` header tag and stores only terms after
//! its header, so the garbage collector copies it like a tuple. Word 0
//! identifies the kind:
//!
//! | kind      | word 0                           | words 1..                    |
//! |-----------|----------------------------------|------------------------------|
//! | flat      | tuple of the keys, sorted        | one value per key            |
//! | head      | small: `HEAD_FLAG \| bitmap`      | small size, then children    |
//! | inner     | small: `bitmap`                  | children                     |
//! | collision | small: `COLLISION_FLAG`          | leaves, sorted by key        |
//!
//! A map term always points at a flat map or a head node. The bitmap has
//! one bit per occupied 4-bit hash slot, and the children are stored in slot
//! order. A child is either a leaf, a cons cell `[Key | Value]` as in OTP,
//! or a boxed inner or collision node.

use crate::heap::{self, Alloc};
use crate::term::{HeaderTag, Term};

/// Marks the root node of a HAMT map.
const HEAD_FLAG: i64 = 1 << 16;
/// Marks a node holding keys whose hashes agree in every level this map
/// uses (see `hamt::MAX_LEVEL`).
const COLLISION_FLAG: i64 = 1 << 17;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(super) enum NodeKind {
    Flat,
    Head,
    Inner,
    Collision,
}

/// Returns the kind of a map object: a map term or a node inside one.
pub(super) fn kind(node: Term) -> NodeKind {
    match node.element(0).as_small() {
        None => NodeKind::Flat,
        Some(descriptor) if descriptor & COLLISION_FLAG != 0 => NodeKind::Collision,
        Some(descriptor) if descriptor & HEAD_FLAG != 0 => NodeKind::Head,
        Some(_) => NodeKind::Inner,
    }
}

/// Returns the slot bitmap of a head or inner node.
pub(super) fn bitmap(node: Term) -> u32 {
    (node.element(0).small_value() & 0xffff) as u32
}

/// Returns the number of keys of a HAMT map, stored in its head node.
pub(super) fn head_size(head: Term) -> usize {
    head.element(1).small_value() as usize
}

/// Returns the children of a head, inner or collision node.
///
/// The slice must not be held across a garbage collection.
pub(super) fn children<'a>(node: Term) -> &'a [Term] {
    let first = if kind(node) == NodeKind::Head { 2 } else { 1 };
    let arity = node.header().arity();
    // SAFETY: a map object has `arity` term words after its header, the
    // children are the words from `first` on, and Term is a transparent
    // u64. `first <= arity` because every node stores its descriptor (and a
    // head its size) before the children.
    unsafe {
        std::slice::from_raw_parts(
            node.ptr().add(1 + first) as *const Term,
            arity.saturating_sub(first),
        )
    }
}

/// Returns the sorted keys of a flat map.
pub(super) fn flat_keys<'a>(map: Term) -> &'a [Term] {
    map.element(0).tuple_elements()
}

/// Returns the values of a flat map, in key order.
pub(super) fn flat_values<'a>(map: Term) -> &'a [Term] {
    let arity = map.header().arity();
    // SAFETY: words 1..arity of a flat map are its values, all terms.
    unsafe { std::slice::from_raw_parts(map.ptr().add(2) as *const Term, arity - 1) }
}

/// Builds a map object with the given words after its header.
fn alloc_words(heap: &mut impl Alloc, words: &[Term]) -> Term {
    let (term, body) = heap::alloc_boxed(heap, HeaderTag::Map, words.len());
    for (i, word) in words.iter().enumerate() {
        // SAFETY: the body has `words.len()` words.
        unsafe { *body.add(i) = word.raw() };
    }
    term
}

/// Builds a flat map around an existing sorted keys tuple.
pub(super) fn alloc_flat_with_keys(heap: &mut impl Alloc, keys: Term, values: &[Term]) -> Term {
    let (term, body) = heap::alloc_boxed(heap, HeaderTag::Map, 1 + values.len());
    // SAFETY: the body has `1 + values.len()` words.
    unsafe {
        *body = keys.raw();
        for (i, value) in values.iter().enumerate() {
            *body.add(1 + i) = value.raw();
        }
    }
    term
}

/// Builds a flat map from keys sorted in map key order and their values.
pub(super) fn alloc_flat(heap: &mut impl Alloc, keys: &[Term], values: &[Term]) -> Term {
    let keys = heap::tuple(heap, keys);
    alloc_flat_with_keys(heap, keys, values)
}

/// Builds a head node.
pub(super) fn alloc_head(
    heap: &mut impl Alloc,
    bitmap: u32,
    size: usize,
    children: &[Term],
) -> Term {
    let mut words = Vec::with_capacity(2 + children.len());
    words.push(Term::small_unchecked(HEAD_FLAG | bitmap as i64));
    words.push(Term::small_unchecked(size as i64));
    words.extend_from_slice(children);
    alloc_words(heap, &words)
}

/// Builds an inner node.
pub(super) fn alloc_inner(heap: &mut impl Alloc, bitmap: u32, children: &[Term]) -> Term {
    let mut words = Vec::with_capacity(1 + children.len());
    words.push(Term::small_unchecked(bitmap as i64));
    words.extend_from_slice(children);
    alloc_words(heap, &words)
}

/// Builds a collision node from leaves sorted by key.
pub(super) fn alloc_collision(heap: &mut impl Alloc, leaves: &[Term]) -> Term {
    let mut words = Vec::with_capacity(1 + leaves.len());
    words.push(Term::small_unchecked(COLLISION_FLAG));
    words.extend_from_slice(leaves);
    alloc_words(heap, &words)
}

/// Builds a node of the same kind as `node` with new children. `size` is
/// used for head nodes only.
pub(super) fn rebuild(
    heap: &mut impl Alloc,
    node: Term,
    bitmap: u32,
    size: usize,
    children: &[Term],
) -> Term {
    match kind(node) {
        NodeKind::Head => alloc_head(heap, bitmap, size, children),
        NodeKind::Collision => alloc_collision(heap, children),
        NodeKind::Inner | NodeKind::Flat => alloc_inner(heap, bitmap, children),
    }
}
