//! Deep copies of terms between heaps, for messages, spawn arguments and
//! anything else that crosses from one process to another.
//!
//! Both the size computation and the copy walk terms with an explicit work
//! list, so deep nesting and million-element lists cannot overflow the
//! Rust stack. Sharing inside a term is not preserved, as in OTP: a term
//! referring to the same sub-term twice is copied as two sub-terms.

use crate::heap::{self, Alloc};
use crate::term::{HeaderTag, Term};

/// Returns the number of heap words a copy of `term` needs.
pub fn size_of(term: Term) -> usize {
    // PERF: immediates are never queued and the work list starts empty,
    // so a flat tuple or a list of small integers allocates nothing; ETS
    // and message sends size every term they copy (callgrind,
    // perf/programs/ets_heavy.erl).
    let mut words = 0;
    let mut work = Vec::new();
    let mut next = Some(term);
    while let Some(mut t) = next.take().or_else(|| work.pop()) {
        loop {
            if t.is_cons() {
                words += 2;
                let head = t.head();
                if !head.is_immediate() {
                    work.push(head);
                }
                t = t.tail();
                continue;
            }
            if t.is_boxed() {
                let header = t.header();
                let arity = header.arity();
                words += 1 + arity;
                if let Some(tag) = header.tag() {
                    for i in tag.raw_prefix(arity)..arity {
                        let element = t.element(i);
                        if !element.is_immediate() {
                            work.push(element);
                        }
                    }
                    if tag == HeaderTag::MatchCtx {
                        // A match context is copied as the binary it matches.
                        words -= 1 + arity;
                        words += 4;
                    }
                }
            }
            break;
        }
    }
    words
}

/// Copies `term` into `heap` and returns the copy.
///
/// The heap must have room for [`size_of`] words, or be able to grow.
pub fn copy(heap: &mut impl Alloc, term: Term) -> Term {
    if term.is_immediate() {
        return term;
    }
    // Each pending slot is an address in the copy that still holds a term
    // pointing into the source; the loop replaces it with a copy.
    // Words that hold immediates are copied as they are and never queued,
    // so copying a flat tuple allocates nothing besides the copy.
    let mut pending: Vec<*mut u64> = Vec::new();
    let root = copy_one(heap, term, &mut pending);
    while let Some(slot) = pending.pop() {
        // SAFETY: every pending slot is a word inside an object this
        // function allocated, and contains a term.
        let source = unsafe { Term::from_raw(*slot) };
        let copied = copy_one(heap, source, &mut pending);
        // SAFETY: as above.
        unsafe { *slot = copied.raw() };
    }
    root
}

/// Copies the outermost object of `t`, queueing its term words in
/// `pending`. Runs of cons cells are copied in one go so long lists do not
/// grow the work list.
fn copy_one(heap: &mut impl Alloc, t: Term, pending: &mut Vec<*mut u64>) -> Term {
    if t.is_immediate() {
        return t;
    }
    if t.is_cons() {
        let first = heap.alloc(2);
        let mut cell = first;
        let mut source = t;
        loop {
            // SAFETY: `cell` is a freshly allocated two-word cell.
            unsafe {
                *cell = source.head().raw();
                pending.push(cell);
            }
            let tail = source.tail();
            if tail.is_cons() {
                let next = heap.alloc(2);
                // SAFETY: as above; the tail word is filled with a list
                // term pointing at the next new cell.
                unsafe { *cell.add(1) = Term::list_from_ptr(next).raw() };
                cell = next;
                source = tail;
            } else {
                // SAFETY: as above.
                unsafe {
                    *cell.add(1) = tail.raw();
                    if !tail.is_immediate() {
                        pending.push(cell.add(1));
                    }
                }
                break;
            }
        }
        return Term::list_from_ptr(first);
    }
    let header = t.header();
    let arity = header.arity();
    let tag = header
        .tag()
        .unwrap_or_else(|| panic!("copying a term with a corrupt header {:#x}", header.0));
    match tag {
        HeaderTag::RefcBin => {
            let data = heap::refc_data(t).expect("a RefcBin has data");
            heap::refc_binary(heap, data)
        }
        HeaderTag::MatchCtx => {
            // A match context never leaves its process; if one is sent,
            // the receiver gets the remaining bits as a bitstring.
            let offset = t.word(0);
            let end = t.word(1);
            let original = t.element(2);
            let copied = copy(heap, original);
            heap::sub_binary(heap, copied, offset, end - offset)
        }
        _ => {
            let (new, body) = heap::alloc_boxed(heap, tag, arity);
            let raw = tag.raw_prefix(arity);
            for i in 0..arity {
                // SAFETY: the new body has `arity` words; term words are
                // queued to be replaced by their copies.
                unsafe {
                    let word = t.word(i);
                    *body.add(i) = word;
                    if i >= raw && !Term::from_raw(word).is_immediate() {
                        pending.push(body.add(i));
                    }
                }
            }
            new
        }
    }
}

/// Copies `term` into a new fragment sized for it, for sending.
pub fn to_fragment(term: Term) -> (Term, Option<heap::Fragment>) {
    if term.is_immediate() {
        return (term, None);
    }
    let mut fragment = heap::Fragment::with_capacity(size_of(term));
    let copied = copy(&mut fragment, term);
    (copied, Some(fragment))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;

    #[test]
    fn copy_long_list() {
        let mut src = Heap::default();
        let mut list = Term::NIL;
        for i in 0..1_000_000 {
            list = heap::cons(&mut src, Term::small_unchecked(i), list);
        }
        let (copied, fragment) = to_fragment(list);
        assert_eq!(fragment.as_ref().map(|f| f.used_words()), Some(2_000_000));
        let mut n = 0;
        let mut t = copied;
        while t.is_cons() {
            n += 1;
            t = t.tail();
        }
        assert_eq!(n, 1_000_000);
    }

    #[test]
    fn copy_nested_tuples_and_binaries() {
        let mut src = Heap::default();
        let big = heap::binary(&mut src, &[9u8; 100]);
        let small = heap::binary(&mut src, b"abc");
        let inner = heap::tuple(&mut src, &[big, small, Term::NIL]);
        let outer = heap::tuple(&mut src, &[inner, inner]);
        let size = size_of(outer);
        let mut dst = Heap::default();
        let copied = copy(&mut dst, outer);
        // The outer tuple, then the inner tuple twice (sharing is not kept),
        // each with a RefcBin and a heap binary of three words.
        assert_eq!(size, 3 + 2 * (4 + 3 + 3));
        let e = copied.tuple_elements();
        let b = heap::bitstring(e[0].tuple_elements()[0]).unwrap();
        assert_eq!(b.as_bytes(), Some(&[9u8; 100][..]));
        assert_ne!(e[0], inner);
    }
}
