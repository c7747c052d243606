//! Tagged 64-bit term words and the layout of boxed heap objects.
//!
//! A [`Term`] is one machine word. Its low two bits are the primary tag:
//!
//! | bits   | meaning                                                        |
//! |--------|----------------------------------------------------------------|
//! | `..00` | header word, first word of a boxed object (never a value)      |
//! | `..01` | list: pointer to a cons cell `[head, tail]`                    |
//! | `..10` | boxed: pointer to a header word                                |
//! | `..11` | immediate                                                      |
//!
//! Immediates use the low four bits: `0011` pid, `0111` port, `1111` small
//! integer (60 bits, signed), `1011` second-level immediates, which use the
//! low six bits: `001011` atom, `011011` catch tag, `101011` special values
//! (`[]` and the non-value), `111011` continuation pointer. Catch tags and
//! continuation pointers only ever live on a process stack.
//!
//! A header word stores the object kind in bits 2..8 and the number of words
//! that follow it in bits 8..64. [`HeaderTag::raw_prefix`] tells which of
//! those words are terms, so the garbage collector can copy any object
//! without knowing more.
//!
//! Invariant upheld by the whole VM: a list or boxed term always points to a
//! live object in the owning process's heap, in one of its heap fragments, or
//! in a literal area that outlives every process that can see it. Terms are
//! only moved by the garbage collector, which runs at instruction boundaries
//! where every live term is in a root it rewrites.

use crate::atom::Atom;

/// One tagged word: an immediate value or a pointer to a heap object.
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Term(u64);

const PRIMARY_MASK: u64 = 0b11;
const TAG_HEADER: u64 = 0b00;
const TAG_LIST: u64 = 0b01;
const TAG_BOXED: u64 = 0b10;

const IMMED1_MASK: u64 = 0b1111;
const TAG_PID: u64 = 0b0011;
const TAG_PORT: u64 = 0b0111;
#[allow(dead_code)]
const TAG_IMMED2: u64 = 0b1011;
const TAG_SMALL: u64 = 0b1111;

const IMMED2_MASK: u64 = 0b11_1111;
const TAG_ATOM: u64 = 0b00_1011;
const TAG_CATCH: u64 = 0b01_1011;
const TAG_SPECIAL: u64 = 0b10_1011;
const TAG_CP: u64 = 0b11_1011;

/// Number of bits in a small integer.
pub const SMALL_BITS: u32 = 60;
/// Largest integer stored as an immediate.
pub const MAX_SMALL: i64 = (1 << (SMALL_BITS - 1)) - 1;
/// Smallest integer stored as an immediate.
pub const MIN_SMALL: i64 = -(1 << (SMALL_BITS - 1));

/// Kind of a boxed heap object, stored in its header word.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum HeaderTag {
    /// Tuple: the arity words that follow are its elements.
    Tuple = 0,
    /// Positive bignum: little-endian 64-bit limbs, magnitude only.
    PosBig = 1,
    /// Negative bignum: little-endian 64-bit limbs of the magnitude.
    NegBig = 2,
    /// Float: one word of IEEE 754 bits.
    Float = 3,
    /// Reference: raw words of the reference number.
    Ref = 4,
    /// Closure: a raw pointer to its fun entry, the creator pid, then the
    /// captured environment.
    Fun = 5,
    /// Export fun `fun M:F/A`: a raw pointer to the export entry.
    Export = 6,
    /// Binary stored on the heap: byte size, then the bytes packed in words.
    HeapBin = 7,
    /// Reference-counted binary stored off the heap: byte size, then a raw
    /// pointer produced by `Arc::into_raw`.
    RefcBin = 8,
    /// Sub-binary: bit size, bit offset, then the binary it points into.
    SubBin = 9,
    /// Binary match context: the binary, the current bit offset and the end
    /// bit offset.
    MatchCtx = 10,
    /// Flat map: a tuple of sorted keys, then one value per key.
    Map = 11,
}

impl HeaderTag {
    fn from_bits(bits: u64) -> Option<HeaderTag> {
        use HeaderTag::*;
        Some(match bits {
            0 => Tuple,
            1 => PosBig,
            2 => NegBig,
            3 => Float,
            4 => Ref,
            5 => Fun,
            6 => Export,
            7 => HeapBin,
            8 => RefcBin,
            9 => SubBin,
            10 => MatchCtx,
            11 => Map,
            _ => return None,
        })
    }

    /// Returns how many leading words of an object of this kind are raw data
    /// rather than terms; every word after them is a term.
    ///
    /// The collector copies raw words verbatim and evacuates term words.
    pub fn raw_prefix(self, arity: usize) -> usize {
        use HeaderTag::*;
        match self {
            Tuple | Map => 0,
            PosBig | NegBig | Float | Ref | Export | HeapBin | RefcBin => arity,
            Fun => 1,
            SubBin | MatchCtx => 2,
        }
    }
}

impl Term {
    /// The empty list `[]`.
    pub const NIL: Term = Term(TAG_SPECIAL);
    /// The non-value: marks "no term" in registers, maps and BIF results.
    pub const NONE: Term = Term((1 << 6) | TAG_SPECIAL);

    /// Returns the raw word.
    #[inline(always)]
    pub const fn raw(self) -> u64 {
        self.0
    }

    /// Rebuilds a term from a raw word.
    ///
    /// # Safety
    /// `raw` must be a word previously produced by [`Term::raw`] whose
    /// pointed-to object, if any, is still live.
    #[inline(always)]
    pub const unsafe fn from_raw(raw: u64) -> Term {
        Term(raw)
    }

    // ---- small integers ----

    /// Returns a small integer, or `None` when `value` needs a bignum.
    #[inline(always)]
    pub fn small(value: i64) -> Option<Term> {
        if (MIN_SMALL..=MAX_SMALL).contains(&value) {
            Some(Term(((value as u64) << 4) | TAG_SMALL))
        } else {
            None
        }
    }

    /// Returns a small integer for a value the caller knows to be in range.
    #[inline(always)]
    pub const fn small_unchecked(value: i64) -> Term {
        Term(((value as u64) << 4) | TAG_SMALL)
    }

    #[inline(always)]
    pub const fn is_small(self) -> bool {
        self.0 & IMMED1_MASK == TAG_SMALL
    }

    /// Returns the value of a small integer, or `None` for other terms.
    #[inline(always)]
    pub const fn as_small(self) -> Option<i64> {
        if self.is_small() {
            Some((self.0 as i64) >> 4)
        } else {
            None
        }
    }

    /// Returns the value of a term already known to be a small integer.
    #[inline(always)]
    pub const fn small_value(self) -> i64 {
        (self.0 as i64) >> 4
    }

    // ---- atoms, pids, ports, specials ----

    #[inline(always)]
    pub const fn atom(atom: Atom) -> Term {
        Term(((atom.index() as u64) << 6) | TAG_ATOM)
    }

    #[inline(always)]
    pub const fn is_atom(self) -> bool {
        self.0 & IMMED2_MASK == TAG_ATOM
    }

    #[inline(always)]
    pub fn as_atom(self) -> Option<Atom> {
        if self.is_atom() {
            Some(Atom::from_index((self.0 >> 6) as u32))
        } else {
            None
        }
    }

    /// Returns `true` or `false` as an atom term.
    #[inline(always)]
    pub const fn boolean(value: bool) -> Term {
        if value {
            Term::atom(crate::atom::TRUE)
        } else {
            Term::atom(crate::atom::FALSE)
        }
    }

    /// Returns a local pid with the given process number.
    #[inline(always)]
    pub const fn pid(number: u64) -> Term {
        Term((number << 4) | TAG_PID)
    }

    #[inline(always)]
    pub const fn is_pid(self) -> bool {
        self.0 & IMMED1_MASK == TAG_PID
    }

    /// Returns the process number of a local pid.
    #[inline(always)]
    pub const fn as_pid(self) -> Option<u64> {
        if self.is_pid() {
            Some(self.0 >> 4)
        } else {
            None
        }
    }

    #[inline(always)]
    pub const fn port(number: u64) -> Term {
        Term((number << 4) | TAG_PORT)
    }

    #[inline(always)]
    pub const fn is_port(self) -> bool {
        self.0 & IMMED1_MASK == TAG_PORT
    }

    #[inline(always)]
    pub const fn as_port(self) -> Option<u64> {
        if self.is_port() {
            Some(self.0 >> 4)
        } else {
            None
        }
    }

    #[inline(always)]
    pub const fn is_nil(self) -> bool {
        self.0 == Term::NIL.0
    }

    #[inline(always)]
    pub const fn is_none(self) -> bool {
        self.0 == Term::NONE.0
    }

    /// Returns a catch tag: the address of the handler that a `catch` or
    /// `try` instruction installs in a stack slot.
    #[inline(always)]
    pub const fn catch(handler: CodePtr) -> Term {
        Term(((handler.module as u64) << 38) | ((handler.index as u64) << 6) | TAG_CATCH)
    }

    #[inline(always)]
    pub const fn is_catch(self) -> bool {
        self.0 & IMMED2_MASK == TAG_CATCH
    }

    /// Returns the handler address of a catch tag.
    #[inline(always)]
    pub const fn catch_handler(self) -> CodePtr {
        CodePtr {
            module: (self.0 >> 38) as u32,
            index: ((self.0 >> 6) & 0xFFFF_FFFF) as u32,
        }
    }

    /// Returns a continuation pointer: a return address into a module's
    /// code, stored on the stack by `allocate`.
    #[inline(always)]
    pub const fn cp(code: CodePtr) -> Term {
        Term(((code.module as u64) << 38) | ((code.index as u64) << 6) | TAG_CP)
    }

    #[inline(always)]
    pub const fn is_cp(self) -> bool {
        self.0 & IMMED2_MASK == TAG_CP
    }

    #[inline(always)]
    pub const fn as_cp(self) -> CodePtr {
        CodePtr {
            module: (self.0 >> 38) as u32,
            index: ((self.0 >> 6) & 0xFFFF_FFFF) as u32,
        }
    }

    // ---- pointers ----

    #[inline(always)]
    pub const fn is_immediate(self) -> bool {
        self.0 & PRIMARY_MASK == 0b11
    }

    /// Returns `true` for a non-empty list.
    #[inline(always)]
    pub const fn is_cons(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_LIST
    }

    #[inline(always)]
    pub const fn is_boxed(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_BOXED
    }

    #[inline(always)]
    pub const fn is_header(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_HEADER
    }

    /// Returns `true` for a proper or improper list, `[]` included.
    #[inline(always)]
    pub const fn is_list(self) -> bool {
        self.is_cons() || self.is_nil()
    }

    /// Returns a list term pointing at a cons cell.
    #[inline(always)]
    pub fn list_from_ptr(cell: *const u64) -> Term {
        debug_assert!(cell as usize & 7 == 0);
        Term(cell as u64 | TAG_LIST)
    }

    /// Returns a boxed term pointing at a header word.
    #[inline(always)]
    pub fn boxed_from_ptr(header: *const u64) -> Term {
        debug_assert!(header as usize & 7 == 0);
        Term(header as u64 | TAG_BOXED)
    }

    /// Returns the address a list or boxed term points at.
    #[inline(always)]
    pub fn ptr(self) -> *mut u64 {
        (self.0 & !PRIMARY_MASK) as *mut u64
    }

    /// Returns the head of a cons cell.
    #[inline(always)]
    pub fn head(self) -> Term {
        debug_assert!(self.is_cons());
        // SAFETY: by the module invariant a list term points at a live cons
        // cell of two words.
        unsafe { Term(*self.ptr()) }
    }

    /// Returns the tail of a cons cell.
    #[inline(always)]
    pub fn tail(self) -> Term {
        debug_assert!(self.is_cons());
        // SAFETY: as for `head`, the cell has two words.
        unsafe { Term(*self.ptr().add(1)) }
    }

    /// Returns the header of a boxed term.
    #[inline(always)]
    pub fn header(self) -> Header {
        debug_assert!(self.is_boxed());
        // SAFETY: by the module invariant a boxed term points at a live
        // header word.
        Header(unsafe { *self.ptr() })
    }

    /// Returns the kind of a boxed term, or `None` for any other term.
    #[inline(always)]
    pub fn boxed_tag(self) -> Option<HeaderTag> {
        if self.is_boxed() {
            self.header().tag()
        } else {
            None
        }
    }

    /// Returns word `i` (0-based, after the header) of a boxed object.
    #[inline(always)]
    pub fn word(self, i: usize) -> u64 {
        debug_assert!(i < self.header().arity());
        // SAFETY: the object has `arity` words after its header and the
        // callers index below that.
        unsafe { *self.ptr().add(1 + i) }
    }

    /// Returns word `i` of a boxed object as a term.
    #[inline(always)]
    pub fn element(self, i: usize) -> Term {
        Term(self.word(i))
    }

    /// Overwrites word `i` of a boxed object.
    ///
    /// Only valid on objects the current process has just built and nobody
    /// else can see yet, since terms are otherwise immutable.
    #[inline(always)]
    pub fn set_word(self, i: usize, value: u64) {
        debug_assert!(i < self.header().arity());
        // SAFETY: bounds as for `word`; the heap is owned by the running
        // process, which is the only writer.
        unsafe { *self.ptr().add(1 + i) = value }
    }

    // ---- typed views ----

    #[inline(always)]
    pub fn is_tuple(self) -> bool {
        self.boxed_tag() == Some(HeaderTag::Tuple)
    }

    /// Returns the arity of a tuple, or `None` for other terms.
    #[inline(always)]
    pub fn tuple_arity(self) -> Option<usize> {
        if self.is_tuple() {
            Some(self.header().arity())
        } else {
            None
        }
    }

    /// Returns the elements of a tuple.
    pub fn tuple_elements<'a>(self) -> &'a [Term] {
        debug_assert!(self.is_tuple());
        let arity = self.header().arity();
        // SAFETY: a tuple has `arity` term words after its header, and Term
        // is a transparent u64. The lifetime is the caller's promise not to
        // hold the slice across a garbage collection.
        unsafe { std::slice::from_raw_parts(self.ptr().add(1) as *const Term, arity) }
    }

    #[inline(always)]
    pub fn is_float(self) -> bool {
        self.boxed_tag() == Some(HeaderTag::Float)
    }

    /// Returns the value of a float term.
    #[inline(always)]
    pub fn as_float(self) -> Option<f64> {
        if self.is_float() {
            Some(f64::from_bits(self.word(0)))
        } else {
            None
        }
    }

    #[inline(always)]
    pub fn is_bignum(self) -> bool {
        matches!(
            self.boxed_tag(),
            Some(HeaderTag::PosBig | HeaderTag::NegBig)
        )
    }

    #[inline(always)]
    pub fn is_integer(self) -> bool {
        self.is_small() || self.is_bignum()
    }

    #[inline(always)]
    pub fn is_number(self) -> bool {
        self.is_small() || self.is_bignum() || self.is_float()
    }

    #[inline(always)]
    pub fn is_reference(self) -> bool {
        self.boxed_tag() == Some(HeaderTag::Ref)
    }

    #[inline(always)]
    pub fn is_function(self) -> bool {
        matches!(self.boxed_tag(), Some(HeaderTag::Fun | HeaderTag::Export))
    }

    #[inline(always)]
    pub fn is_map(self) -> bool {
        self.boxed_tag() == Some(HeaderTag::Map)
    }

    /// Returns `true` for any bitstring: heap, reference-counted or
    /// sub-binary.
    #[inline(always)]
    pub fn is_bitstring(self) -> bool {
        matches!(
            self.boxed_tag(),
            Some(HeaderTag::HeapBin | HeaderTag::RefcBin | HeaderTag::SubBin)
        )
    }

    #[inline(always)]
    pub fn is_match_context(self) -> bool {
        self.boxed_tag() == Some(HeaderTag::MatchCtx)
    }
}

impl std::fmt::Debug for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(i) = self.as_small() {
            write!(f, "{i}")
        } else if let Some(a) = self.as_atom() {
            write!(f, "'{}'", a.name())
        } else if self.is_nil() {
            write!(f, "[]")
        } else if self.is_none() {
            write!(f, "<none>")
        } else if let Some(p) = self.as_pid() {
            write!(f, "<0.{p}.0>")
        } else if self.is_cons() {
            write!(f, "<list {:#x}>", self.0)
        } else if self.is_boxed() {
            write!(f, "<boxed {:?} {:#x}>", self.header().tag(), self.0)
        } else {
            write!(f, "<word {:#x}>", self.0)
        }
    }
}

/// A header word: the kind and size of a boxed object.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
#[repr(transparent)]
pub struct Header(pub u64);

impl Header {
    /// Largest arity a header can describe.
    pub const MAX_ARITY: usize = (1 << 56) - 1;

    #[inline(always)]
    pub const fn new(tag: HeaderTag, arity: usize) -> Header {
        Header(((arity as u64) << 8) | ((tag as u64) << 2) | TAG_HEADER)
    }

    /// Returns the kind of object, or `None` when this word is not a header
    /// (a forwarding pointer left by the collector, for instance).
    #[inline(always)]
    pub fn tag(self) -> Option<HeaderTag> {
        if self.0 & PRIMARY_MASK != TAG_HEADER {
            return None;
        }
        HeaderTag::from_bits((self.0 >> 2) & 0b11_1111)
    }

    /// Returns the number of words after the header.
    #[inline(always)]
    pub const fn arity(self) -> usize {
        (self.0 >> 8) as usize
    }
}

/// An address in loaded code: a module slot and an instruction index in it.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct CodePtr {
    pub module: u32,
    pub index: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_round_trip() {
        for v in [0, 1, -1, 42, MAX_SMALL, MIN_SMALL, 1 << 40, -(1 << 40)] {
            let t = Term::small(v).expect("in range");
            assert!(t.is_small());
            assert_eq!(t.as_small(), Some(v));
        }
    }

    #[test]
    fn small_rejects_out_of_range() {
        assert_eq!(Term::small(MAX_SMALL + 1), None);
        assert_eq!(Term::small(MIN_SMALL - 1), None);
        assert_eq!(Term::small(i64::MAX), None);
    }

    #[test]
    fn immediate_tags_are_distinct() {
        let pid = Term::pid(7);
        let port = Term::port(7);
        let small = Term::small_unchecked(7);
        let catch = Term::catch(CodePtr {
            module: 1,
            index: 7,
        });
        assert!(pid.is_pid());
        assert!(!pid.is_port());
        assert!(!pid.is_small());
        assert!(port.is_port());
        assert!(!port.is_pid());
        assert!(!small.is_atom());
        assert!(!small.is_pid());
        assert!(catch.is_catch());
        assert!(!catch.is_atom());
        assert!(!catch.is_cp());
        assert!(Term::NIL.is_nil());
        assert!(Term::NIL.is_list());
        assert!(!Term::NIL.is_cons());
        assert!(Term::NONE.is_none());
        assert!(!Term::NONE.is_nil());
    }

    #[test]
    fn cp_round_trip() {
        let code = CodePtr {
            module: 123_456,
            index: u32::MAX,
        };
        let t = Term::cp(code);
        assert!(t.is_cp());
        assert_eq!(t.as_cp(), code);
    }

    #[test]
    fn header_round_trip() {
        let h = Header::new(HeaderTag::Map, 33);
        assert_eq!(h.tag(), Some(HeaderTag::Map));
        assert_eq!(h.arity(), 33);
        let forwarded = Header(0x1000 | TAG_BOXED);
        assert_eq!(forwarded.tag(), None);
    }
}
