//! The copying garbage collector.
//!
//! A collection copies every object reachable from the roots out of the
//! heap block and its fragments into a fresh block (Cheney's algorithm),
//! leaving forwarding pointers behind so shared objects are copied once.
//! Objects outside the collected areas, such as literals, are left where
//! they are. Reference-counted binaries that were not copied lose their
//! reference.
//!
//! Callers must pass every live term as a root: after `collect` returns,
//! any term not rewritten through a root points at freed memory.

use crate::heap::{Heap, OldSpace};
use crate::term::{Header, HeaderTag, Term};

/// Marker left in the head of a cons cell that has been moved; the tail
/// then holds the new list term. No list ever holds the non-value.
const MOVED_CONS: u64 = Term::NONE.raw();

struct Copier<'a> {
    old: &'a OldSpace,
    to: *mut u64,
    top: usize,
    off_heap: Vec<*mut u64>,
}

impl Copier<'_> {
    /// Copies the object `term` points at, once, and returns its new term.
    fn evacuate(&mut self, term: Term) -> Term {
        if term.is_immediate() {
            return term;
        }
        let ptr = term.ptr();
        if !self.old.contains(ptr) {
            return term;
        }
        if term.is_cons() {
            // SAFETY: `ptr` is a cons cell in the evacuated space, and the
            // new block has room for every word of that space.
            unsafe {
                if *ptr == MOVED_CONS {
                    return Term::from_raw(*ptr.add(1));
                }
                let new = self.to.add(self.top);
                *new = *ptr;
                *new.add(1) = *ptr.add(1);
                self.top += 2;
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
                let new = self.to.add(self.top);
                std::ptr::copy_nonoverlapping(ptr, new, words);
                self.top += words;
                if header.tag() == Some(HeaderTag::RefcBin) {
                    self.off_heap.push(new);
                }
                let moved = Term::boxed_from_ptr(new);
                *ptr = moved.raw();
                moved
            }
        }
    }

    /// Evacuates everything the copied objects point at.
    fn scan(&mut self) {
        let mut scan = 0;
        while scan < self.top {
            // SAFETY: `scan < top`, so the word has been written.
            let word = unsafe { *self.to.add(scan) };
            if word & 0b11 == 0 {
                let header = Header(word);
                let tag = header
                    .tag()
                    .unwrap_or_else(|| panic!("heap corrupted: unknown header word {word:#x}"));
                let arity = header.arity();
                for i in tag.raw_prefix(arity)..arity {
                    // SAFETY: word `i` of this object lies below `top`.
                    unsafe {
                        let slot = self.to.add(scan + 1 + i);
                        *slot = self.evacuate(Term::from_raw(*slot)).raw();
                    }
                }
                scan += 1 + arity;
            } else {
                // SAFETY: a term word of a cons cell, below `top`.
                unsafe {
                    let slot = self.to.add(scan);
                    *slot = self.evacuate(Term::from_raw(word)).raw();
                }
                scan += 1;
            }
        }
    }
}

/// Collects `heap`, rewriting every term in `roots`, and leaves at least
/// `need` free words in the new block.
pub fn collect(heap: &mut Heap, need: usize, roots: &mut [&mut [Term]]) {
    let used = heap.used_words();
    let new_size = heap.next_size().max(used + need);
    let old = heap.begin_collection(new_size);
    let mut copier = Copier {
        old: &old,
        to: heap.block_ptr(),
        top: 0,
        off_heap: Vec::new(),
    };
    for root_slice in roots.iter_mut() {
        for root in root_slice.iter_mut() {
            *root = copier.evacuate(*root);
        }
    }
    copier.scan();
    let live = copier.top;
    let live_off_heap = std::mem::take(&mut copier.off_heap);
    for &header in &old.off_heap {
        // SAFETY: the old space is still allocated. A moved RefcBin has a
        // forwarding pointer in place of its header, and its reference went
        // along with the copy; an unmoved one is garbage.
        unsafe {
            if *header & 0b11 == 0 {
                let raw = *header.add(2) as *const crate::heap::BinaryData;
                drop(std::sync::Arc::from_raw(raw));
            }
        }
    }
    heap.set_top(live);
    heap.set_off_heap(live_off_heap);
    // Grow ahead of demand when the live data fills most of the block, so
    // a growing process does not collect at every allocation.
    let next = if (live + need) * 4 > new_size * 3 {
        (live + need) * 2
    } else if (live + need) * 8 < new_size {
        new_size / 2
    } else {
        new_size
    };
    heap.set_next_size(next);
    log::trace!("gc: {used} words used, {live} live, block {new_size}, next {next}");
    drop(old);
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
}
