//! Process heaps, heap fragments and the constructors for heap objects.
//!
//! A [`Heap`] is one fixed block that objects are bump-allocated in. Code
//! that cannot trigger a collection (BIFs, message delivery) allocates into
//! [`Fragment`]s when the block is full; the collector copies live data out
//! of the block and all fragments into a new block. Blocks never move or
//! grow in place, so pointers into them stay valid until the next
//! collection.

use std::sync::Arc;

use crate::term::{Header, HeaderTag, Term};

/// Smallest heap block, in words (OTP's default min_heap_size is 233).
pub const MIN_HEAP_WORDS: usize = 233;

/// Words of new off-heap binary data that trigger a collection in a heap
/// smaller than this: OTP's default `min_bin_vheap_size`.
pub const MIN_BINARY_WORDS: usize = 46_422;

/// Binaries up to this many bytes are stored on the heap; larger ones are
/// reference-counted and shared between processes.
pub const HEAP_BINARY_MAX: usize = 64;

/// The bytes of a reference-counted binary.
#[derive(Debug)]
pub struct BinaryData {
    pub bytes: Box<[u8]>,
}

/// Anything objects can be bump-allocated in.
pub trait Alloc {
    /// Returns room for `words` words. The memory is uninitialised words
    /// that the caller must fill before the next collection.
    fn alloc(&mut self, words: usize) -> *mut u64;

    /// Records a reference-counted binary at `header`, so the collector can
    /// release the reference once the binary is garbage.
    fn register_refc(&mut self, header: *mut u64);

    /// Counts `bytes` of new off-heap binary data against the next
    /// collection.
    fn note_binary(&mut self, _bytes: usize) {}
}

/// A standalone block of words: overflow allocations of a process, or a
/// message on its way to another process's mailbox.
#[derive(Debug)]
pub struct Fragment {
    pub(crate) words: Box<[u64]>,
    pub(crate) used: usize,
    /// Headers of the reference-counted binaries in this fragment.
    pub(crate) off_heap: Vec<*mut u64>,
}

// SAFETY: a fragment owns its words and the binary references recorded in
// `off_heap`; nothing else points into it while it moves between threads
// inside a message.
unsafe impl Send for Fragment {}

impl Fragment {
    pub fn with_capacity(words: usize) -> Fragment {
        Fragment {
            words: vec![0u64; words.max(1)].into_boxed_slice(),
            used: 0,
            off_heap: Vec::new(),
        }
    }

    fn free_words(&self) -> usize {
        self.words.len() - self.used
    }

    pub fn used_words(&self) -> usize {
        self.used
    }
}

impl Alloc for Fragment {
    fn alloc(&mut self, words: usize) -> *mut u64 {
        assert!(
            words <= self.free_words(),
            "fragment of {} words has no room for {words} more",
            self.words.len()
        );
        // SAFETY: `used + words` is within the block, checked above.
        let ptr = unsafe { self.words.as_mut_ptr().add(self.used) };
        self.used += words;
        ptr
    }

    fn register_refc(&mut self, header: *mut u64) {
        self.off_heap.push(header);
    }
}

impl Drop for Fragment {
    fn drop(&mut self) {
        for &header in &self.off_heap {
            // SAFETY: each entry is the header of a RefcBin object in this
            // fragment whose raw pointer came from `Arc::into_raw`, unless
            // the collector moved the object and took the reference along
            // (then `take_off_heap` emptied this list).
            unsafe { release_refc(header) };
        }
    }
}

/// Drops the reference held by the RefcBin object at `header`.
///
/// # Safety
/// `header` must point at a live RefcBin object whose reference has not
/// been released yet.
pub(crate) unsafe fn release_refc(header: *mut u64) {
    // SAFETY: word 2 of a RefcBin object is the pointer from Arc::into_raw,
    // per the caller's contract.
    unsafe {
        let raw = *header.add(2) as *const BinaryData;
        drop(Arc::from_raw(raw));
    }
}

/// A process heap: a young block that new objects are bump-allocated in,
/// overflow fragments, and an old block that objects surviving two
/// collections are promoted to.
///
/// Terms never point from older objects to younger ones (Erlang data is
/// immutable once built), so a minor collection can leave the old block
/// alone.
#[derive(Debug)]
pub struct Heap {
    pub(crate) block: Box<[u64]>,
    pub(crate) top: usize,
    pub(crate) fragments: Vec<Fragment>,
    pub(crate) fragment_words: usize,
    /// Headers of the reference-counted binaries in the young block.
    pub(crate) off_heap: Vec<*mut u64>,
    /// Words at the start of the young block that survived the last
    /// collection; the next minor collection promotes their live part.
    pub(crate) high_water: usize,
    pub(crate) old: Box<[u64]>,
    pub(crate) old_top: usize,
    /// Headers of the reference-counted binaries in the old block.
    pub(crate) old_off_heap: Vec<*mut u64>,
    /// Minor collections since the last full sweep.
    pub(crate) minor_collections: u32,
    /// Size to use for the next young block, grown by the collector.
    pub(crate) next_size: usize,
    /// Words of reference-counted binary data this heap created since the
    /// last collection. The data lives off the heap, so without this count
    /// a process that makes large binaries and few terms would rarely
    /// collect, and dead binaries would pile up.
    pub(crate) binary_words: usize,
}

// SAFETY: the heap owns its blocks, fragments and binary references; a
// process and its heap move between scheduler threads as a whole.
unsafe impl Send for Heap {}

impl Default for Heap {
    fn default() -> Self {
        Heap::with_capacity(MIN_HEAP_WORDS)
    }
}

impl Heap {
    pub fn with_capacity(words: usize) -> Heap {
        let words = words.max(MIN_HEAP_WORDS);
        Heap {
            block: vec![0u64; words].into_boxed_slice(),
            top: 0,
            fragments: Vec::new(),
            fragment_words: 0,
            off_heap: Vec::new(),
            high_water: 0,
            old: Box::new([]),
            old_top: 0,
            old_off_heap: Vec::new(),
            minor_collections: 0,
            next_size: words,
            binary_words: 0,
        }
    }

    /// Returns the number of free words in the young block.
    #[inline(always)]
    pub fn free_words(&self) -> usize {
        self.block.len() - self.top
    }

    /// Returns `true` when `need` words fit without a collection, and
    /// neither fragments nor new binaries have piled up enough data to be
    /// worth collecting.
    #[inline(always)]
    pub fn has_room(&self, need: usize) -> bool {
        need <= self.free_words()
            && self.fragment_words <= self.block.len()
            && self.binary_words <= self.block.len().max(MIN_BINARY_WORDS)
    }

    /// Returns the words in use in the young block and all fragments.
    pub fn used_words(&self) -> usize {
        self.top + self.fragment_words
    }

    /// Returns the words in use in the old block.
    pub fn old_words(&self) -> usize {
        self.old_top
    }

    /// Returns the size of the young and old blocks in words.
    pub fn capacity(&self) -> usize {
        self.block.len() + self.old.len()
    }

    /// Returns the words of the young block, the old block and every
    /// fragment, used or not.
    pub fn allocated_words(&self) -> usize {
        let fragments: usize = self.fragments.iter().map(|f| f.words.len()).sum();
        self.capacity() + fragments
    }

    /// Returns the bytes of reference-counted binary data this heap refers
    /// to. Data shared with other heaps counts once per heap.
    pub fn refc_binary_bytes(&self) -> usize {
        let fragments = self.fragments.iter().flat_map(|f| f.off_heap.iter());
        self.off_heap
            .iter()
            .chain(self.old_off_heap.iter())
            .chain(fragments)
            // SAFETY: every entry is the header of a live RefcBin object,
            // whose word 1 is the byte size.
            .map(|&header| unsafe { *header.add(1) } as usize)
            .sum()
    }

    /// Returns `true` when `ptr` points at data in the young block or a
    /// fragment: objects this process built since its last collection.
    pub fn owns(&self, ptr: *const u64) -> bool {
        let p = ptr as usize;
        let in_range = |words: &[u64], used: usize| {
            let start = words.as_ptr() as usize;
            p >= start && p < start + used * 8
        };
        in_range(&self.block, self.top) || self.fragments.iter().any(|f| in_range(&f.words, f.used))
    }

    /// Adopts a fragment, typically a received message, as part of this
    /// heap until the next collection copies its live data.
    pub fn adopt(&mut self, fragment: Fragment) {
        self.fragment_words += fragment.used;
        self.fragments.push(fragment);
    }
}

impl Alloc for Heap {
    #[inline]
    fn alloc(&mut self, words: usize) -> *mut u64 {
        if words <= self.free_words() {
            // SAFETY: `top + words` is within the block, checked above.
            let ptr = unsafe { self.block.as_mut_ptr().add(self.top) };
            self.top += words;
            return ptr;
        }
        let fits = self
            .fragments
            .last()
            .is_some_and(|f| f.free_words() >= words);
        if !fits {
            let size = words.max(self.block.len() / 2).max(MIN_HEAP_WORDS);
            self.fragments.push(Fragment::with_capacity(size));
        }
        self.fragment_words += words;
        let fragment = self.fragments.last_mut().expect("pushed above");
        fragment.alloc(words)
    }

    fn register_refc(&mut self, header: *mut u64) {
        self.off_heap.push(header);
    }

    fn note_binary(&mut self, bytes: usize) {
        self.binary_words = self.binary_words.saturating_add(bytes.div_ceil(8));
    }
}

impl Drop for Heap {
    fn drop(&mut self) {
        for &header in self.off_heap.iter().chain(&self.old_off_heap) {
            // SAFETY: the lists hold the live RefcBin objects of the two
            // blocks, each with an unreleased reference.
            unsafe { release_refc(header) };
        }
    }
}

// ---- constructors ----

/// Builds a cons cell.
#[inline]
pub fn cons(heap: &mut impl Alloc, head: Term, tail: Term) -> Term {
    let cell = heap.alloc(2);
    // SAFETY: `alloc` returned two writable words.
    unsafe {
        *cell = head.raw();
        *cell.add(1) = tail.raw();
    }
    Term::list_from_ptr(cell)
}

/// Allocates a boxed object with the given header and returns the term and
/// a pointer to its first word after the header, for the caller to fill.
#[inline]
pub fn alloc_boxed(heap: &mut impl Alloc, tag: HeaderTag, arity: usize) -> (Term, *mut u64) {
    let ptr = heap.alloc(1 + arity);
    // SAFETY: `alloc` returned `1 + arity` writable words.
    unsafe {
        *ptr = Header::new(tag, arity).0;
        (Term::boxed_from_ptr(ptr), ptr.add(1))
    }
}

/// Builds a tuple from its elements.
pub fn tuple(heap: &mut impl Alloc, elements: &[Term]) -> Term {
    let (term, body) = alloc_boxed(heap, HeaderTag::Tuple, elements.len());
    for (i, e) in elements.iter().enumerate() {
        // SAFETY: the body has `elements.len()` words.
        unsafe { *body.add(i) = e.raw() };
    }
    term
}

/// Builds a float.
pub fn float(heap: &mut impl Alloc, value: f64) -> Term {
    let (term, body) = alloc_boxed(heap, HeaderTag::Float, 1);
    // SAFETY: the body has one word.
    unsafe { *body = value.to_bits() };
    term
}

/// Builds a proper list from terms, last element innermost.
pub fn list(heap: &mut impl Alloc, items: &[Term]) -> Term {
    list_with_tail(heap, items, Term::NIL)
}

/// Builds a list of `items` ending in `tail`.
pub fn list_with_tail(heap: &mut impl Alloc, items: &[Term], tail: Term) -> Term {
    let mut acc = tail;
    for &item in items.iter().rev() {
        acc = cons(heap, item, acc);
    }
    acc
}

/// Builds a list of small integers, one per byte, as Erlang strings are.
pub fn byte_list(heap: &mut impl Alloc, bytes: &[u8]) -> Term {
    let mut acc = Term::NIL;
    for &b in bytes.iter().rev() {
        acc = cons(heap, Term::small_unchecked(b as i64), acc);
    }
    acc
}

/// Builds a list of code points from a string.
pub fn char_list(heap: &mut impl Alloc, text: &str) -> Term {
    let chars: Vec<Term> = text
        .chars()
        .map(|c| Term::small_unchecked(c as i64))
        .collect();
    list(heap, &chars)
}

/// Builds a binary with the given bytes, on the heap when small and
/// reference-counted otherwise.
pub fn binary(heap: &mut impl Alloc, bytes: &[u8]) -> Term {
    if bytes.len() <= HEAP_BINARY_MAX {
        heap_binary(heap, bytes)
    } else {
        refc_binary(
            heap,
            Arc::new(BinaryData {
                bytes: bytes.into(),
            }),
        )
    }
}

fn heap_binary(heap: &mut impl Alloc, bytes: &[u8]) -> Term {
    let data_words = bytes.len().div_ceil(8);
    let (term, body) = alloc_boxed(heap, HeaderTag::HeapBin, 1 + data_words);
    // SAFETY: the body has `1 + data_words` words; the bytes fit in the
    // data words, and the tail of the last word is zeroed first.
    unsafe {
        *body = bytes.len() as u64;
        if data_words > 0 {
            *body.add(data_words) = 0;
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), body.add(1) as *mut u8, bytes.len());
    }
    term
}

/// Wraps shared binary data in a RefcBin object on `heap`.
pub fn refc_binary(heap: &mut impl Alloc, data: Arc<BinaryData>) -> Term {
    let size = data.bytes.len();
    heap.note_binary(size);
    let (term, body) = alloc_boxed(heap, HeaderTag::RefcBin, 2);
    // SAFETY: the body has two words; the pointer from `into_raw` is
    // released by the collector or the heap's drop, once.
    unsafe {
        *body = size as u64;
        *body.add(1) = Arc::into_raw(data) as u64;
    }
    heap.register_refc(term.ptr());
    term
}

/// Builds a sub-binary of `bit_size` bits starting `bit_offset` bits into
/// the heap or reference-counted binary `original`.
pub fn sub_binary(heap: &mut impl Alloc, original: Term, bit_offset: u64, bit_size: u64) -> Term {
    let (term, body) = alloc_boxed(heap, HeaderTag::SubBin, 3);
    // SAFETY: the body has three words.
    unsafe {
        *body = bit_size;
        *body.add(1) = bit_offset;
        *body.add(2) = original.raw();
    }
    term
}

/// A view of a bitstring's bits: the bytes it lies in, the offset of its
/// first bit and its length in bits.
#[derive(Copy, Clone, Debug)]
pub struct BitSlice<'a> {
    pub bytes: &'a [u8],
    pub bit_offset: u64,
    pub bit_size: u64,
}

impl<'a> BitSlice<'a> {
    /// Returns the bytes when the bitstring is byte-aligned and a whole
    /// number of bytes long.
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        if self.bit_offset % 8 == 0 && self.bit_size % 8 == 0 {
            let start = (self.bit_offset / 8) as usize;
            Some(&self.bytes[start..start + (self.bit_size / 8) as usize])
        } else {
            None
        }
    }

    pub fn is_binary(&self) -> bool {
        self.bit_size % 8 == 0
    }
}

/// Returns the bits of a bitstring term, or `None` for other terms.
///
/// The slice must not be held across a garbage collection.
pub fn bitstring<'a>(term: Term) -> Option<BitSlice<'a>> {
    match term.boxed_tag()? {
        HeaderTag::HeapBin => {
            let size = term.word(0) as usize;
            // SAFETY: a HeapBin stores `size` bytes from its second word on.
            let bytes = unsafe { std::slice::from_raw_parts(term.ptr().add(2) as *const u8, size) };
            Some(BitSlice {
                bytes,
                bit_offset: 0,
                bit_size: size as u64 * 8,
            })
        }
        HeaderTag::RefcBin => {
            let size = term.word(0) as usize;
            let data = term.word(1) as *const BinaryData;
            // SAFETY: the object holds a live reference to the data, which
            // has `size` bytes.
            let bytes = unsafe { &(&(*data).bytes)[..size] };
            Some(BitSlice {
                bytes,
                bit_offset: 0,
                bit_size: size as u64 * 8,
            })
        }
        HeaderTag::SubBin => {
            let bit_size = term.word(0);
            let bit_offset = term.word(1);
            let original = term.element(2);
            let inner = bitstring(original)?;
            Some(BitSlice {
                bytes: inner.bytes,
                bit_offset: inner.bit_offset + bit_offset,
                bit_size,
            })
        }
        _ => None,
    }
}

/// Returns the shared data of a reference-counted binary term, if it is one
/// or a sub-binary of one.
pub fn refc_data(term: Term) -> Option<Arc<BinaryData>> {
    match term.boxed_tag()? {
        HeaderTag::RefcBin => {
            let data = term.word(1) as *const BinaryData;
            // SAFETY: the object holds a reference, so the count is at
            // least one while we add ours.
            unsafe {
                Arc::increment_strong_count(data);
                Some(Arc::from_raw(data))
            }
        }
        HeaderTag::SubBin => refc_data(term.element(2)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuple_reads_back() {
        let mut heap = Heap::default();
        let t = tuple(
            &mut heap,
            &[
                Term::small_unchecked(1),
                Term::NIL,
                Term::small_unchecked(3),
            ],
        );
        assert_eq!(t.tuple_arity(), Some(3));
        assert_eq!(t.tuple_elements()[2].as_small(), Some(3));
    }

    #[test]
    fn allocation_overflows_into_fragments() {
        let mut heap = Heap::with_capacity(MIN_HEAP_WORDS);
        let mut acc = Term::NIL;
        for i in 0..1000 {
            acc = cons(&mut heap, Term::small_unchecked(i), acc);
        }
        assert!(heap.used_words() >= 2000);
        let mut n = 0;
        while acc.is_cons() {
            n += 1;
            acc = acc.tail();
        }
        assert_eq!(n, 1000);
    }

    #[test]
    fn binaries_read_back() {
        let mut heap = Heap::default();
        let small = binary(&mut heap, b"hello");
        let large_bytes: Vec<u8> = (0..200u8).collect();
        let large = binary(&mut heap, &large_bytes);
        assert_eq!(bitstring(small).unwrap().as_bytes(), Some(&b"hello"[..]));
        assert_eq!(bitstring(large).unwrap().as_bytes(), Some(&large_bytes[..]));
        let sub = sub_binary(&mut heap, large, 8, 16);
        assert_eq!(bitstring(sub).unwrap().as_bytes(), Some(&[1u8, 2][..]));
    }
}

/// Builds a local reference with the given number.
pub fn reference(heap: &mut impl Alloc, number: u64) -> Term {
    let (term, body) = alloc_boxed(heap, HeaderTag::Ref, 2);
    // SAFETY: the body has two words.
    unsafe {
        *body = number;
        *body.add(1) = 0;
    }
    term
}

/// Returns the number of a reference term.
pub fn reference_number(term: Term) -> Option<u64> {
    if term.is_reference() {
        Some(term.word(0))
    } else {
        None
    }
}
