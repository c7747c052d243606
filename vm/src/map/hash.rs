//! OTP 25's internal term hash (`make_internal_hash` in erts 13.1), which
//! places keys in a large map and so decides the order in which
//! `maps:to_list/1`, `maps:fold/3` and the printer show them.
//!
//! The algorithm is Bob Jenkins' 96-bit mix applied to the words of a term
//! in a fixed walk order. The values were checked against OTP 25.2.3 for
//! integers, floats, bignums, binaries at any bit offset, strings, improper
//! lists, tuples and maps (see the tests).
//!
//! Immediates are hashed by their raw tagged word, as OTP does. Small
//! integers have the same encoding here as in OTP, so they hash alike. Atoms
//! have OTP's layout too, but their index in the atom table differs from
//! OTP's, so large maps with atom keys order their keys differently from
//! OTP (OTP's own order for them changes with the atom creation order).

use crate::heap;
use crate::term::{HeaderTag, Term};

use super::node::{self, NodeKind};

const HCONST: u32 = 0x9e37_79b9;

/// `HCONST * n` for the type constants the walk mixes in.
const fn hconst(n: u32) -> u32 {
    HCONST.wrapping_mul(n)
}

/// The value every hash starts from, xor-ed with the caller's salt. OTP
/// picked this prime so the internal hash differs from `erlang:phash2/1`.
const INTERNAL_HASH_SALT: u32 = 3_432_918_353;

/// OTP's raw word for `[]`. This VM tags `[]` differently, and the hash
/// must see OTP's word to reproduce OTP's values.
const OTP_NIL_WORD: u64 = 0x3b;

/// Returns `make_internal_hash(Term, Salt)` as OTP 25 computes it.
pub fn internal_hash(term: Term, salt: u32) -> u32 {
    hash_from_state(term, salt ^ INTERNAL_HASH_SALT)
}

/// Hashes `term` starting from the internal state `state`.
pub(super) fn hash_from_state(term: Term, state: u32) -> u32 {
    let mut hasher = Hasher { hash: state };
    hasher.walk(term);
    hasher.hash
}

/// Items on the walk's explicit stack.
#[derive(Copy, Clone)]
enum Work {
    Term(Term),
    /// Mixes in the marker for the tail of a cons cell whose tail is not a
    /// list, after that tail has been hashed.
    ConsTail,
}

struct Hasher {
    hash: u32,
}

/// Bob Jenkins' mix of three 32-bit values, as in erts.
fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 13);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 8);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 13);
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 12);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 16);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 5);
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 3);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 10);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 15);
}

impl Hasher {
    /// `UINT32_HASH_2` in erts.
    fn mix2(&mut self, x: u32, y: u32, constant: u32) {
        let mut a = constant.wrapping_add(x);
        let mut b = constant.wrapping_add(y);
        mix(&mut a, &mut b, &mut self.hash);
    }

    /// `UINT32_HASH` in erts.
    fn mix1(&mut self, x: u32, constant: u32) {
        self.mix2(x, 0, constant);
    }

    /// `CONST_HASH` in erts: a cheap mix of a type marker.
    fn mix_const(&mut self, constant: u32) {
        self.hash = (self.hash ^ constant).rotate_left(17);
    }

    fn mix_word(&mut self, word: u64, constant: u32) {
        self.mix2(word as u32, (word >> 32) as u32, constant);
    }

    fn walk(&mut self, root: Term) {
        let mut stack: Vec<Work> = Vec::new();
        let mut next = Some(root);
        loop {
            if let Some(term) = next.take() {
                next = self.step(term, &mut stack);
                continue;
            }
            match stack.pop() {
                None => return,
                Some(Work::Term(term)) => next = Some(term),
                Some(Work::ConsTail) => self.mix_const(hconst(18)),
            }
        }
    }

    /// Hashes the outer layer of `term`, pushes its remaining parts and
    /// returns the part to hash next, if any.
    fn step(&mut self, term: Term, stack: &mut Vec<Work>) -> Option<Term> {
        if term.is_cons() {
            return self.step_list(term, stack);
        }
        if !term.is_boxed() {
            self.mix_word(otp_immediate_word(term), HCONST);
            return None;
        }
        match term.boxed_tag() {
            Some(HeaderTag::Tuple) => {
                let elements = term.tuple_elements();
                self.mix1(elements.len() as u32, hconst(9));
                let (first, rest) = elements.split_first()?;
                stack.extend(rest.iter().rev().map(|&e| Work::Term(e)));
                Some(*first)
            }
            Some(HeaderTag::Map) => {
                self.step_map(term, stack);
                None
            }
            Some(HeaderTag::Fun) => {
                let entry = crate::fun::closure_entry(term);
                let env = crate::fun::closure_env(term);
                let module_word = Term::atom(entry.module).raw();
                self.mix2(env.len() as u32, module_word as u32, hconst(20));
                self.mix2(entry.index, entry.old_uniq, hconst(21));
                let (first, rest) = env.split_first()?;
                stack.extend(rest.iter().rev().map(|&e| Work::Term(e)));
                Some(*first)
            }
            Some(HeaderTag::Export) => {
                // OTP hashes the address of the export entry, which is as
                // stable as here: entries live as long as the VM.
                self.mix_word(term.word(0), hconst(14));
                None
            }
            Some(HeaderTag::HeapBin | HeaderTag::RefcBin | HeaderTag::SubBin) => {
                self.hash_bitstring(term);
                None
            }
            Some(HeaderTag::PosBig | HeaderTag::NegBig) => {
                let constant = if term.boxed_tag() == Some(HeaderTag::NegBig) {
                    hconst(10)
                } else {
                    hconst(11)
                };
                // OTP hashes the digits of a normalized bignum, so high
                // zero limbs, if any, are skipped.
                let mut limbs = term.header().arity();
                while limbs > 1 && term.word(limbs - 1) == 0 {
                    limbs -= 1;
                }
                for i in 0..limbs {
                    self.mix_word(term.word(i), constant);
                }
                None
            }
            Some(HeaderTag::Float) => {
                let mut value = f64::from_bits(term.word(0));
                if value == 0.0 {
                    value = 0.0;
                }
                self.mix_word(value.to_bits(), hconst(12));
                None
            }
            Some(HeaderTag::Ref) => {
                // Splits the reference number into the three 32-bit words
                // of an OTP reference the same way the external term
                // format decoder packs them.
                let number = heap::reference_number(term).unwrap_or(0);
                self.mix1((number & 0x3_ffff) as u32, hconst(7));
                self.mix2((number >> 18) as u32, (number >> 50) as u32, hconst(8));
                None
            }
            Some(HeaderTag::MatchCtx) | None => {
                // Not a value Erlang code can hold; hash the address so the
                // walk still terminates.
                self.mix_word(term.raw(), HCONST);
                None
            }
        }
    }

    /// Hashes a run of cons cells. Runs of byte-sized small integers are
    /// packed four to a word, as OTP does for strings.
    fn step_list(&mut self, list: Term, stack: &mut Vec<Work>) -> Option<Term> {
        let mut cell = list;
        let mut packed: u32 = 0;
        let mut count: u32 = 0;
        while let Some(byte) = cell.head().as_small().filter(|b| (0..=255).contains(b)) {
            packed = (packed << 8).wrapping_add(byte as u32);
            if count == 3 {
                self.mix1(packed, hconst(4));
                packed = 0;
                count = 0;
            } else {
                count += 1;
            }
            cell = cell.tail();
            if !cell.is_cons() {
                break;
            }
        }
        if count > 0 {
            self.mix2(packed, count, hconst(22));
        }
        if !cell.is_cons() {
            // The list ended in `[]` or an improper tail; hash that next.
            return Some(cell);
        }
        let tail = cell.tail();
        self.mix_const(hconst(17));
        stack.push(Work::Term(tail));
        if !tail.is_cons() {
            stack.push(Work::ConsTail);
        }
        Some(cell.head())
    }

    /// Hashes the size of a map and pushes its keys and values, in the
    /// order OTP visits them: flat maps in key order, HAMT nodes with their
    /// children pushed first to last (so the last child is hashed first).
    fn step_map(&mut self, map: Term, stack: &mut Vec<Work>) {
        match node::kind(map) {
            NodeKind::Flat => {
                let keys = map.element(0).tuple_elements();
                self.mix1(keys.len() as u32, hconst(16));
                for (i, key) in keys.iter().enumerate().rev() {
                    stack.push(Work::Term(map.element(1 + i)));
                    stack.push(Work::Term(*key));
                }
            }
            NodeKind::Head | NodeKind::Inner | NodeKind::Collision => {
                if node::kind(map) == NodeKind::Head {
                    self.mix1(node::head_size(map) as u32, hconst(16));
                }
                for &child in node::children(map) {
                    if child.is_cons() {
                        stack.push(Work::Term(child.tail()));
                        stack.push(Work::Term(child.head()));
                    } else {
                        stack.push(Work::Term(child));
                    }
                }
            }
        }
    }

    /// Hashes the bytes of a bitstring with Jenkins' block hash, then its
    /// trailing bits, if any.
    fn hash_bitstring(&mut self, term: Term) {
        let Some(slice) = heap::bitstring(term) else {
            return;
        };
        let whole_bytes = (slice.bit_size / 8) as usize;
        let extra_bits = (slice.bit_size % 8) as u32;
        let start = self.hash.wrapping_add(hconst(13));
        if whole_bytes == 0 && extra_bits == 0 {
            self.hash = start;
            return;
        }
        let aligned;
        let bytes: &[u8] = if slice.bit_offset % 8 == 0 {
            let first = (slice.bit_offset / 8) as usize;
            let end = first + whole_bytes + usize::from(extra_bits > 0);
            slice.bytes.get(first..end).unwrap_or_default()
        } else {
            aligned = shift_bits(&slice, whole_bytes + usize::from(extra_bits > 0));
            &aligned
        };
        self.hash = block_hash(&bytes[..whole_bytes.min(bytes.len())], start);
        if extra_bits > 0 {
            let last = bytes.get(whole_bytes).copied().unwrap_or(0);
            self.mix2(extra_bits, (last >> (8 - extra_bits)) as u32, hconst(15));
        }
    }
}

/// Returns the word OTP would hash for an immediate term.
fn otp_immediate_word(term: Term) -> u64 {
    if term.is_nil() {
        OTP_NIL_WORD
    } else {
        // NOTE: pids and ports keep this VM's encoding. OTP 25 stores the
        // process table index next to the pid number, so large maps keyed
        // by pids order them differently from OTP.
        term.raw()
    }
}

/// Copies `count` bytes of an unaligned bitstring into a fresh buffer, the
/// first starting at the bitstring's first bit.
fn shift_bits(slice: &heap::BitSlice<'_>, count: usize) -> Vec<u8> {
    let byte = (slice.bit_offset / 8) as usize;
    let shift = (slice.bit_offset % 8) as u32;
    (0..count)
        .map(|i| {
            let high = slice.bytes.get(byte + i).copied().unwrap_or(0);
            let low = slice.bytes.get(byte + i + 1).copied().unwrap_or(0);
            (high << shift) | (low >> (8 - shift))
        })
        .collect()
}

/// Jenkins' block hash over `bytes`, chained from `initial`.
fn block_hash(bytes: &[u8], initial: u32) -> u32 {
    let word = |k: &[u8]| u32::from_le_bytes([k[0], k[1], k[2], k[3]]);
    let mut a = HCONST;
    let mut b = HCONST;
    let mut c = initial;
    let mut chunks = bytes.chunks_exact(12);
    for k in &mut chunks {
        a = a.wrapping_add(word(&k[0..4]));
        b = b.wrapping_add(word(&k[4..8]));
        c = c.wrapping_add(word(&k[8..12]));
        mix(&mut a, &mut b, &mut c);
    }
    let rest = chunks.remainder();
    c = c.wrapping_add(bytes.len() as u32);
    // The last partial block: bytes 0..4 go to `a`, 4..8 to `b` and 8..11
    // to the upper three bytes of `c`, whose low byte holds the length.
    for (i, &byte) in rest.iter().enumerate() {
        let value = byte as u32;
        match i {
            0..=3 => a = a.wrapping_add(value << (8 * i)),
            4..=7 => b = b.wrapping_add(value << (8 * (i - 4))),
            _ => c = c.wrapping_add(value << (8 * (i - 7))),
        }
    }
    mix(&mut a, &mut b, &mut c);
    c
}
