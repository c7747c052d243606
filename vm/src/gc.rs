//! The generational copying garbage collector.
//!
//! A heap has a young block, overflow fragments and an old block. A minor
//! collection copies the live objects of the young block and the fragments
//! with Cheney's algorithm. Objects that had already survived one
//! collection, those below the young block's high-water mark, move to the
//! old block, and the rest go to a fresh young block. Erlang terms are immutable,
//! so no old object points at a young one and the old block needs no
//! scanning. A major collection copies everything live, old block
//! included, into a fresh young block and frees the old one. It runs when
//! the old block has no room for the next promotion, or after
//! [`FULLSWEEP_AFTER`] minor collections as OTP's `fullsweep_after` does.
//!
//! Moved objects leave forwarding pointers behind, so shared objects are
//! copied once. Objects outside the collected areas, such as literals, are
//! left where they are. Reference-counted binaries that were not copied
//! lose their reference.
//!
//! Callers must pass every live term as a root: after `collect` returns,
//! any term not rewritten through a root points at freed memory.

use std::mem;

use crate::heap::{self, Fragment, Heap, MIN_HEAP_WORDS};
use crate::term::{Header, HeaderTag, Term};

/// Minor collections between two major ones, OTP's default
/// `fullsweep_after`.
pub const FULLSWEEP_AFTER: u32 = 65_535;

/// Marker left in the head of a cons cell that has been moved, whose tail
/// then contains the new list term. No list ever contains the non-value.
const MOVED_CONS: u64 = Term::NONE.raw();

/// A block being copied into.
struct Destination {
    base: *mut u64,
    top: usize,
    off_heap: Vec<*mut u64>,
}

impl Destination {
    fn new(base: *mut u64, top: usize) -> Destination {
        Destination {
            base,
            top,
            off_heap: Vec::new(),
        }
    }
}

struct Copier {
    /// Address ranges `[start, end)` being evacuated.
    from: Vec<(usize, usize)>,
    /// The part of the evacuated young block whose objects are promoted.
    promote: (usize, usize),
    young: Destination,
    old: Destination,
}

/// Returns the address range of the first `words` words of `block`.
fn range(block: &[u64], words: usize) -> (usize, usize) {
    let start = block.as_ptr() as usize;
    (start, start + words * 8)
}

impl Copier {
    #[inline]
    fn in_from_space(&self, p: usize) -> bool {
        self.from.iter().any(|&(start, end)| p >= start && p < end)
    }

    /// Copies the object `term` points at, once, and returns its new term.
    fn evacuate(&mut self, term: Term) -> Term {
        if term.is_immediate() {
            return term;
        }
        let ptr = term.ptr();
        let address = ptr as usize;
        if !self.in_from_space(address) {
            return term;
        }
        let promote = address >= self.promote.0 && address < self.promote.1;
        let dest = if promote {
            &mut self.old
        } else {
            &mut self.young
        };
        if term.is_cons() {
            // SAFETY: `ptr` is a cons cell in the evacuated space, and each
            // destination has room for every word that can reach it.
            unsafe {
                if *ptr == MOVED_CONS {
                    return Term::from_raw(*ptr.add(1));
                }
                let new = dest.base.add(dest.top);
                *new = *ptr;
                *new.add(1) = *ptr.add(1);
                dest.top += 2;
                let moved = Term::list_from_ptr(new);
                *ptr = MOVED_CONS;
                *ptr.add(1) = moved.raw();
                moved
            }
        } else {
            // SAFETY: `ptr` is a boxed object in the evacuated space, whose
            // header is either intact or a forwarding boxed term.
            unsafe {
                let header = Header(*ptr);
                if header.0 & 0b11 != 0 {
                    return Term::from_raw(header.0);
                }
                let words = 1 + header.arity();
                let new = dest.base.add(dest.top);
                std::ptr::copy_nonoverlapping(ptr, new, words);
                dest.top += words;
                if header.tag() == Some(HeaderTag::RefcBin) {
                    dest.off_heap.push(new);
                }
                let moved = Term::boxed_from_ptr(new);
                *ptr = moved.raw();
                moved
            }
        }
    }

    /// Evacuates what the objects in `[scan, top)` of one destination point
    /// at; returns the new scan position.
    fn scan(&mut self, promoted: bool, mut scan: usize) -> usize {
        loop {
            let (base, top) = if promoted {
                (self.old.base, self.old.top)
            } else {
                (self.young.base, self.young.top)
            };
            if scan >= top {
                return scan;
            }
            // SAFETY: `scan < top`, so the word has been written.
            let word = unsafe { *base.add(scan) };
            if word & 0b11 == 0 {
                let header = Header(word);
                let tag = header
                    .tag()
                    .unwrap_or_else(|| panic!("heap corrupted: unknown header word {word:#x}"));
                let arity = header.arity();
                for i in tag.raw_prefix(arity)..arity {
                    // SAFETY: word `i` of this object lies below `top`.
                    unsafe {
                        let slot = base.add(scan + 1 + i);
                        *slot = self.evacuate(Term::from_raw(*slot)).raw();
                    }
                }
                scan += 1 + arity;
            } else {
                // SAFETY: a term word of a cons cell, below `top`.
                unsafe {
                    let slot = base.add(scan);
                    *slot = self.evacuate(Term::from_raw(word)).raw();
                }
                scan += 1;
            }
        }
    }

    /// Copies everything reachable from `roots`.
    fn run(&mut self, roots: &mut [&mut [Term]], old_scan_start: usize) {
        for root_slice in roots.iter_mut() {
            for root in root_slice.iter_mut() {
                *root = self.evacuate(*root);
            }
        }
        let (mut young_scan, mut old_scan) = (0, old_scan_start);
        loop {
            let y = self.scan(false, young_scan);
            let o = self.scan(true, old_scan);
            if y == young_scan && o == old_scan {
                break;
            }
            (young_scan, old_scan) = (y, o);
        }
    }
}

/// Releases the binary references of RefcBin objects that were not moved.
///
/// # Safety
/// The headers must belong to an evacuated area that is still allocated,
/// and each must hold an unreleased reference unless it was moved.
unsafe fn release_unmoved(headers: &[*mut u64]) {
    for &header in headers {
        // SAFETY: a moved RefcBin has a forwarding pointer in place of its
        // header, and its reference went along with the copy; an unmoved
        // one is garbage, per the caller's contract.
        unsafe {
            if *header & 0b11 == 0 {
                heap::release_refc(header);
            }
        }
    }
}

/// Takes the fragments and their binary references out of `heap`.
fn take_fragments(heap: &mut Heap, off_heap: &mut Vec<*mut u64>) -> Vec<Fragment> {
    let mut fragments = mem::take(&mut heap.fragments);
    for f in &mut fragments {
        off_heap.append(&mut f.off_heap);
    }
    heap.fragment_words = 0;
    heap.binary_words = 0;
    fragments
}

/// Returns the size of the next young block: room for the live data and
/// `need` with slack, so a growing process does not collect at every
/// allocation, and smaller again when most of the block went unused.
fn next_block_size(live: usize, need: usize, size: usize) -> usize {
    let wanted = live + need;
    let next = if wanted * 4 > size * 3 {
        wanted * 2
    } else if wanted * 8 < size {
        size / 2
    } else {
        size
    };
    next.max(MIN_HEAP_WORDS)
}

/// Collects `heap`, rewriting every term in `roots`, and leaves at least
/// `need` free words in the young block.
pub fn collect(heap: &mut Heap, need: usize, roots: &mut [&mut [Term]]) {
    let promotable = heap.high_water;
    let old_free = heap.old.len() - heap.old_top;
    let minor =
        heap.minor_collections < FULLSWEEP_AFTER && (promotable <= old_free || heap.old_top == 0);
    if minor {
        collect_minor(heap, need, roots);
    } else {
        collect_major(heap, need, roots);
    }
}

fn collect_minor(heap: &mut Heap, need: usize, roots: &mut [&mut [Term]]) {
    let promotable = heap.high_water;
    if heap.old_top == 0 && heap.old.len() < promotable {
        let size = (promotable * 2).max(MIN_HEAP_WORDS);
        heap.old = vec![0u64; size].into_boxed_slice();
    }
    let young_used = heap.top - promotable + heap.fragment_words;
    let new_size = heap.next_size.max(young_used + need);
    let old_block = mem::replace(&mut heap.block, vec![0u64; new_size].into_boxed_slice());
    let old_top = mem::replace(&mut heap.top, 0);
    let mut dead_candidates = mem::take(&mut heap.off_heap);
    let fragments = take_fragments(heap, &mut dead_candidates);

    let mut from = vec![range(&old_block, old_top)];
    from.extend(fragments.iter().map(|f| range(&f.words, f.used)));
    let old_scan_start = heap.old_top;
    let mut copier = Copier {
        from,
        promote: range(&old_block, promotable),
        young: Destination::new(heap.block.as_mut_ptr(), 0),
        old: Destination::new(heap.old.as_mut_ptr(), heap.old_top),
    };
    copier.run(roots, old_scan_start);

    // SAFETY: the evacuated block and fragments are still allocated.
    unsafe { release_unmoved(&dead_candidates) };
    let live = copier.young.top;
    heap.top = live;
    heap.old_top = copier.old.top;
    heap.off_heap = copier.young.off_heap;
    heap.old_off_heap.append(&mut copier.old.off_heap);
    heap.high_water = live;
    heap.minor_collections += 1;
    heap.next_size = next_block_size(live, need, new_size);
    log::trace!(
        "minor gc: {young_used} young words, {live} live, {} promoted, block {new_size}",
        heap.old_top - old_scan_start
    );
    drop(fragments);
    drop(old_block);
}

fn collect_major(heap: &mut Heap, need: usize, roots: &mut [&mut [Term]]) {
    let used = heap.top + heap.fragment_words + heap.old_top;
    let new_size = heap.next_size.max(used + need);
    let old_block = mem::replace(&mut heap.block, vec![0u64; new_size].into_boxed_slice());
    let old_top = mem::replace(&mut heap.top, 0);
    let old_generation = mem::take(&mut heap.old);
    let old_generation_top = mem::replace(&mut heap.old_top, 0);
    let mut dead_candidates = mem::take(&mut heap.off_heap);
    dead_candidates.append(&mut heap.old_off_heap);
    let fragments = take_fragments(heap, &mut dead_candidates);

    let mut from = vec![
        range(&old_block, old_top),
        range(&old_generation, old_generation_top),
    ];
    from.extend(fragments.iter().map(|f| range(&f.words, f.used)));
    let young = Destination::new(heap.block.as_mut_ptr(), 0);
    let mut copier = Copier {
        from,
        promote: (0, 0),
        young,
        old: Destination::new(std::ptr::null_mut(), 0),
    };
    copier.run(roots, 0);

    // SAFETY: the evacuated blocks and fragments are still allocated.
    unsafe { release_unmoved(&dead_candidates) };
    let live = copier.young.top;
    heap.top = live;
    heap.off_heap = copier.young.off_heap;
    heap.high_water = live;
    heap.minor_collections = 0;
    heap.next_size = next_block_size(live, need, new_size);
    log::trace!("major gc: {used} words used, {live} live, block {new_size}");
    drop(fragments);
    drop(old_block);
    drop(old_generation);
}

/// Collects `heap` with a major collection whatever its state, for
/// `erlang:garbage_collect/0`.
pub fn collect_all(heap: &mut Heap, need: usize, roots: &mut [&mut [Term]]) {
    collect_major(heap, need, roots);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::{self, Alloc, bitstring};

    fn list_len(mut t: Term) -> usize {
        let mut n = 0;
        while t.is_cons() {
            n += 1;
            t = t.tail();
        }
        n
    }

    #[test]
    fn collect_keeps_reachable_data() {
        let mut heap = Heap::default();
        let mut keep = Term::NIL;
        for i in 0..10_000 {
            // Garbage between the cells we keep.
            heap::tuple(&mut heap, &[Term::small_unchecked(i)]);
            keep = heap::cons(&mut heap, Term::small_unchecked(i), keep);
        }
        let mut roots = [keep];
        collect(&mut heap, 10, &mut [&mut roots]);
        assert_eq!(list_len(roots[0]), 10_000);
        assert_eq!(heap.used_words(), 20_000);
        assert_eq!(roots[0].head().as_small(), Some(9_999));
    }

    #[test]
    fn collect_preserves_sharing() {
        let mut heap = Heap::default();
        let shared = heap::tuple(&mut heap, &[Term::small_unchecked(1)]);
        let pair = heap::tuple(&mut heap, &[shared, shared]);
        let mut roots = [pair, shared];
        collect(&mut heap, 0, &mut [&mut roots]);
        let elems = roots[0].tuple_elements();
        assert_eq!(elems[0], elems[1]);
        assert_eq!(elems[0], roots[1]);
        assert_eq!(heap.used_words(), 3 + 2);
    }

    #[test]
    fn collect_releases_dead_binaries() {
        let mut heap = Heap::default();
        let bytes = vec![7u8; 1000];
        let dead = heap::binary(&mut heap, &bytes);
        let data = heap::refc_data(dead).expect("refc");
        assert_eq!(std::sync::Arc::strong_count(&data), 2);
        let live = heap::binary(&mut heap, &bytes);
        let mut roots = [live];
        collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(std::sync::Arc::strong_count(&data), 1);
        assert_eq!(bitstring(roots[0]).unwrap().as_bytes(), Some(&bytes[..]));
    }

    #[test]
    fn collect_leaves_outside_terms_alone() {
        let mut literal_area = crate::heap::Fragment::with_capacity(8);
        let literal = heap::tuple(&mut literal_area, &[Term::NIL]);
        let mut heap = Heap::default();
        let holder = heap::tuple(&mut heap, &[literal]);
        let mut roots = [holder];
        collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(roots[0].tuple_elements()[0], literal);
        let _ = literal_area.alloc(0);
    }

    #[test]
    fn collect_handles_deep_lists_in_fragments() {
        let mut heap = Heap::with_capacity(crate::heap::MIN_HEAP_WORDS);
        let mut acc = Term::NIL;
        for i in 0..200_000 {
            acc = heap::cons(&mut heap, Term::small_unchecked(i), acc);
        }
        let mut roots = [acc];
        collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(list_len(roots[0]), 200_000);
        assert!(heap.has_room(0));
    }

    #[test]
    fn second_collection_promotes_survivors() {
        let mut heap = Heap::default();
        let survivor = heap::tuple(&mut heap, &[Term::small_unchecked(42)]);
        let mut roots = [survivor];
        collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(heap.old_words(), 0);
        assert_eq!(heap.used_words(), 2);
        // A young object made after the first collection points at the
        // survivor, which the second collection moves to the old block.
        let young = heap::tuple(&mut heap, &[roots[0]]);
        let mut roots = [young];
        collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(heap.old_words(), 2);
        assert_eq!(heap.used_words(), 2);
        assert_eq!(
            roots[0].tuple_elements()[0].tuple_elements()[0].as_small(),
            Some(42)
        );
    }

    #[test]
    fn major_collection_frees_old_garbage() {
        let mut heap = Heap::default();
        let mut roots = [heap::tuple(&mut heap, &[Term::NIL])];
        collect(&mut heap, 0, &mut [&mut roots]);
        collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(heap.old_words(), 2);
        let mut roots = [Term::NIL];
        collect_all(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(heap.old_words(), 0);
        assert_eq!(heap.used_words(), 0);
    }

    #[test]
    fn promoted_binaries_keep_their_reference() {
        let mut heap = Heap::default();
        let bytes = vec![3u8; 500];
        let bin = heap::binary(&mut heap, &bytes);
        let data = heap::refc_data(bin).expect("refc");
        let mut roots = [bin];
        collect(&mut heap, 0, &mut [&mut roots]);
        collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(heap.old_words(), 3);
        assert_eq!(std::sync::Arc::strong_count(&data), 2);
        let mut none = [Term::NIL];
        collect_all(&mut heap, 0, &mut [&mut none]);
        assert_eq!(std::sync::Arc::strong_count(&data), 1);
    }

    #[test]
    fn many_collections_of_a_growing_list() {
        let mut heap = Heap::default();
        let mut roots = [Term::NIL];
        for round in 0..50 {
            for i in 0..1000 {
                roots[0] = heap::cons(&mut heap, Term::small_unchecked(round * 1000 + i), roots[0]);
                // Garbage that must not survive.
                heap::tuple(&mut heap, &[Term::NIL, Term::NIL]);
            }
            collect(&mut heap, 0, &mut [&mut roots]);
            assert_eq!(list_len(roots[0]), (round as usize + 1) * 1000);
        }
        assert!(heap.old_words() > 0);
        let mut sum = 0;
        let mut t = roots[0];
        while t.is_cons() {
            sum += t.head().as_small().unwrap();
            t = t.tail();
        }
        assert_eq!(sum, (0..50_000).sum::<i64>());
    }
}
