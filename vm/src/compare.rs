//! The Erlang term order and term equality, as OTP 25 defines them.
//!
//! Terms of different types order as
//! number < atom < reference < fun < port < pid < tuple < map < `[]` <
//! non-empty list < bitstring, where local funs order before export funs.
//! Within a type:
//!
//! * Numbers compare by exact mathematical value, so `1 == 1.0` and
//!   `9007199254740993 > 9007199254740992.0`. `-0.0` equals `0.0`, even
//!   under `=:=`, as in OTP 25.
//! * Atoms compare by the bytes of their UTF-8 names, which is the order of
//!   their characters.
//! * Tuples compare by size, then element by element.
//! * Maps compare by size, then by their keys in map-key order, then by
//!   their values in that key order. Keys compare exactly (see
//!   [`map_key_order`]) and values by `==`, so `#{1 => a} == #{1.0 => a}`
//!   is false while `#{a => 1} == #{a => 1.0}` is true.
//! * Lists compare element by element; a list that is a prefix of another
//!   is smaller, and an improper tail compares as a term.
//! * Bitstrings compare bit by bit, then by length.
//! * References, ports and pids compare by their numbers.
//! * Local funs compare by module, index, uniq, environment size and then
//!   environment. Export funs compare by module, function and arity.
//!
//! Comparison walks both terms with an explicit stack, so neither long
//! lists nor deep nesting can overflow the native stack.

use std::borrow::Cow;
use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::FromPrimitive;

use crate::bignum::{self, IntView};
use crate::fun;
use crate::heap::{self, BitSlice};
use crate::map;
use crate::term::{HeaderTag, Term};

/// Returns the order of two terms, as `<`, `==` and `lists:sort/1` use it.
/// Integers and floats with the same value are `Equal`.
pub fn compare(a: Term, b: Term) -> Ordering {
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        return x.cmp(&y);
    }
    Comparison::new(false).run(a, b, false)
}

/// Returns `true` when `A == B`.
pub fn eq(a: Term, b: Term) -> bool {
    if a == b {
        return true;
    }
    // Only boxed numbers can equal a different word, so two distinct
    // immediates are never equal.
    if a.is_immediate() && b.is_immediate() {
        return false;
    }
    Comparison::new(true).run(a, b, false) == Ordering::Equal
}

/// Returns `true` when `A =:= B`: like `==` except that an integer never
/// equals a float.
pub fn exact_eq(a: Term, b: Term) -> bool {
    if a == b {
        return true;
    }
    if a.is_immediate() || b.is_immediate() {
        // An immediate equals only the identical word: the boxed numbers
        // are bignums and floats, which never equal a small integer
        // exactly.
        return false;
    }
    Comparison::new(true).run(a, b, true) == Ordering::Equal
}

/// Returns the order of map keys: the term order, except that every
/// integer is smaller than every float, so `1` and `1.0` are distinct keys.
///
/// Checked against `erl` (OTP 25):
/// `maps:keys(#{1 => a, 1.0 => b, 2 => c, 0.5 => d})` is `[1,2,0.5,1.0]`,
/// and `maps:keys(#{2 => a, 1.0 => b, 1 => c, 3.0 => d, -1 => e,
/// -1.0 => f, 0.0 => g, 0 => h, -0.0 => i})` is
/// `[-1,0,1,2,-1.0,0.0,1.0,3.0]`, so `0.0` and `-0.0` are the same key.
/// The rule applies inside compound keys too, so `{1}` orders before
/// `{1.0}`.
pub fn map_key_order(a: Term, b: Term) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    Comparison::new(false).run(a, b, true)
}

/// Rank of each type in the term order.
fn type_rank(t: Term) -> u8 {
    if t.is_small() {
        return 0;
    }
    if t.is_atom() {
        return 1;
    }
    if t.is_port() {
        return 5;
    }
    if t.is_pid() {
        return 6;
    }
    if t.is_nil() {
        return 9;
    }
    if t.is_cons() {
        return 10;
    }
    match t.boxed_tag() {
        Some(HeaderTag::PosBig | HeaderTag::NegBig | HeaderTag::Float) => 0,
        Some(HeaderTag::Ref) => 2,
        Some(HeaderTag::Fun) => 3,
        Some(HeaderTag::Export) => 4,
        Some(HeaderTag::Tuple) => 7,
        Some(HeaderTag::Map) => 8,
        Some(HeaderTag::HeapBin | HeaderTag::RefcBin | HeaderTag::SubBin) => 11,
        // Match contexts and internal words are not Erlang terms. They
        // order after everything, so comparison stays total.
        Some(HeaderTag::MatchCtx) | None => 12,
    }
}

/// Pending work of a comparison.
enum Work<'a> {
    /// Compare two terms.
    Pair(Term, Term, bool),
    /// Compare two equally long term arrays element by element.
    Elements(&'a [Term], &'a [Term], bool),
}

/// One comparison in progress.
struct Comparison<'a> {
    stack: Vec<Work<'a>>,
    /// Set when only equality matters, which lets unequal atoms skip the
    /// lookup of their names.
    eq_only: bool,
}

/// Outcome of comparing the outer layer of two terms.
enum Step<'a> {
    /// The order of the terms, or `Equal` when they have no parts left to
    /// compare.
    Done(Ordering),
    /// The outer layers are equal: compare these two parts next, then the
    /// work item.
    Descend(Term, Term, Work<'a>),
    /// The outer layers are equal: continue with the work item.
    Push(Work<'a>),
}

impl<'a> Comparison<'a> {
    fn new(eq_only: bool) -> Comparison<'a> {
        Comparison {
            stack: Vec::new(),
            eq_only,
        }
    }

    /// Compares `a` and `b`. With `exact`, numbers compare in map-key
    /// order.
    fn run(&mut self, a: Term, b: Term, exact: bool) -> Ordering {
        let mut current = Some((a, b, exact));
        loop {
            let (a, b, exact) = match current.take() {
                Some(pair) => pair,
                None => match self.next_pair() {
                    Some(pair) => pair,
                    None => return Ordering::Equal,
                },
            };
            if a == b {
                continue;
            }
            match self.step(a, b, exact) {
                Step::Done(Ordering::Equal) => {}
                Step::Done(order) => return order,
                Step::Descend(x, y, rest) => {
                    self.stack.push(rest);
                    current = Some((x, y, exact));
                }
                Step::Push(work) => self.stack.push(work),
            }
        }
    }

    /// Pops the next pair of terms to compare.
    fn next_pair(&mut self) -> Option<(Term, Term, bool)> {
        loop {
            match self.stack.pop()? {
                Work::Pair(a, b, exact) => return Some((a, b, exact)),
                Work::Elements(xs, ys, exact) => {
                    let (Some((&x, xs_rest)), Some((&y, ys_rest))) =
                        (xs.split_first(), ys.split_first())
                    else {
                        continue;
                    };
                    if !xs_rest.is_empty() {
                        self.stack.push(Work::Elements(xs_rest, ys_rest, exact));
                    }
                    return Some((x, y, exact));
                }
            }
        }
    }

    /// Compares the outer layer of two distinct words.
    fn step(&mut self, a: Term, b: Term, exact: bool) -> Step<'a> {
        if let (Some(x), Some(y)) = (a.as_atom(), b.as_atom()) {
            if self.eq_only {
                // Distinct words here, so distinct atoms.
                return Step::Done(Ordering::Less);
            }
            return Step::Done(x.name().as_bytes().cmp(y.name().as_bytes()));
        }
        let (rank_a, rank_b) = (type_rank(a), type_rank(b));
        if rank_a != rank_b {
            return Step::Done(rank_a.cmp(&rank_b));
        }
        match rank_a {
            0 => Step::Done(compare_numbers(a, b, exact)),
            2 => Step::Done(ref_numbers(a).iter().rev().cmp(ref_numbers(b).iter().rev())),
            3 => compare_closures(a, b, exact),
            4 => Step::Done(compare_exports(a, b)),
            5 => Step::Done(a.as_port().cmp(&b.as_port())),
            6 => Step::Done(a.as_pid().cmp(&b.as_pid())),
            7 => {
                let (xs, ys) = (a.tuple_elements(), b.tuple_elements());
                if xs.len() != ys.len() {
                    return Step::Done(xs.len().cmp(&ys.len()));
                }
                Step::Push(Work::Elements(xs, ys, exact))
            }
            8 => Step::Done(compare_maps(&mut self.stack, a, b, exact)),
            10 => Step::Descend(a.head(), b.head(), Work::Pair(a.tail(), b.tail(), exact)),
            11 => Step::Done(compare_bitstrings(a, b)),
            _ => Step::Done(a.raw().cmp(&b.raw())),
        }
    }
}

// ---- numbers ----

/// Compares two numbers. With `exact`, every integer is smaller than every
/// float; otherwise integers and floats compare by value.
fn compare_numbers(a: Term, b: Term, exact: bool) -> Ordering {
    match (bignum::int_view(a), bignum::int_view(b)) {
        (Some(x), Some(y)) => compare_ints(x, y),
        (Some(x), None) => {
            if exact {
                Ordering::Less
            } else {
                compare_int_float(x, float_value(b))
            }
        }
        (None, Some(y)) => {
            if exact {
                Ordering::Greater
            } else {
                compare_int_float(y, float_value(a)).reverse()
            }
        }
        (None, None) => compare_floats(float_value(a), float_value(b)),
    }
}

fn float_value(t: Term) -> f64 {
    t.as_float().unwrap_or(0.0)
}

fn compare_ints(x: IntView<'_>, y: IntView<'_>) -> Ordering {
    match (x, y) {
        (IntView::Small(v), IntView::Small(w)) => v.cmp(&w),
        _ => {
            let (neg_x, neg_y) = (x.is_negative(), y.is_negative());
            if neg_x != neg_y {
                return neg_y.cmp(&neg_x);
            }
            let magnitude = compare_magnitudes(x, y);
            if neg_x {
                magnitude.reverse()
            } else {
                magnitude
            }
        }
    }
}

fn compare_magnitudes(x: IntView<'_>, y: IntView<'_>) -> Ordering {
    match (x, y) {
        (IntView::Big(_, xs), IntView::Big(_, ys)) => xs
            .len()
            .cmp(&ys.len())
            .then_with(|| xs.iter().rev().cmp(ys.iter().rev())),
        // Bignums are normalised, so a bignum's magnitude exceeds any
        // small integer's.
        (IntView::Big(..), IntView::Small(_)) => Ordering::Greater,
        (IntView::Small(_), IntView::Big(..)) => Ordering::Less,
        (IntView::Small(v), IntView::Small(w)) => v.unsigned_abs().cmp(&w.unsigned_abs()),
    }
}

/// Compares floats by value, so `-0.0` equals `0.0`. Erlang floats are
/// never NaN. Should one appear, the bit patterns keep the order total.
fn compare_floats(x: f64, y: f64) -> Ordering {
    x.partial_cmp(&y).unwrap_or_else(|| x.total_cmp(&y))
}

/// Compares an integer with a float by exact value.
fn compare_int_float(x: IntView<'_>, f: f64) -> Ordering {
    if f.is_nan() {
        return Ordering::Less;
    }
    if f.is_infinite() {
        return if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    let whole = f.trunc();
    // The fraction decides only when the integer parts are equal. The
    // subtraction is exact because `whole` and `f` share their exponent.
    let fraction_order = 0.0f64.partial_cmp(&(f - whole)).unwrap_or(Ordering::Equal);
    if let IntView::Small(v) = x {
        const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
        if whole >= TWO_POW_63 {
            return Ordering::Less;
        }
        if whole < -TWO_POW_63 {
            return Ordering::Greater;
        }
        return v.cmp(&(whole as i64)).then(fraction_order);
    }
    match BigInt::from_f64(whole) {
        Some(w) => x.to_bigint().cmp(&w).then(fraction_order),
        None => Ordering::Less,
    }
}

// ---- references and funs ----

/// Returns the three 32-bit numbers OTP shows for a reference, least
/// significant first: `#Ref<0.N2.N1.N0>` prints them in reverse.
///
/// A Cordon reference holds a 64-bit counter and a second word. `N0` is
/// the low 18 bits of the counter, like the 18-bit first number of an OTP
/// reference, `N1` the next 32 bits, and `N2` the top 14 bits of the
/// counter with the low 18 bits of the second word above them. Other terms
/// give zeros.
pub fn ref_numbers(t: Term) -> [u32; 3] {
    if !t.is_reference() || t.header().arity() < 2 {
        return [0; 3];
    }
    let (counter, high) = (t.word(0), t.word(1));
    [
        (counter & 0x3_FFFF) as u32,
        (counter >> 18) as u32,
        ((counter >> 50) as u32) | ((high as u32) << 14),
    ]
}

fn compare_closures<'a>(a: Term, b: Term, exact: bool) -> Step<'a> {
    let (x, y) = (fun::closure_entry(a), fun::closure_entry(b));
    let order = x
        .module
        .name()
        .as_bytes()
        .cmp(y.module.name().as_bytes())
        .then(x.index.cmp(&y.index))
        .then(x.old_uniq.cmp(&y.old_uniq));
    if order != Ordering::Equal {
        return Step::Done(order);
    }
    let (xs, ys) = (fun::closure_env(a), fun::closure_env(b));
    if xs.len() != ys.len() {
        return Step::Done(xs.len().cmp(&ys.len()));
    }
    Step::Push(Work::Elements(xs, ys, exact))
}

fn compare_exports(a: Term, b: Term) -> Ordering {
    let (x, y) = (fun::export_of(a), fun::export_of(b));
    x.module
        .name()
        .as_bytes()
        .cmp(y.module.name().as_bytes())
        .then_with(|| {
            x.function
                .name()
                .as_bytes()
                .cmp(y.function.name().as_bytes())
        })
        .then(x.arity.cmp(&y.arity))
}

// ---- maps ----

/// Compares the sizes of two maps and, when they are equal, queues their
/// keys and values.
fn compare_maps<'a>(stack: &mut Vec<Work<'a>>, a: Term, b: Term, exact: bool) -> Ordering {
    let (size_a, size_b) = (map::size(a), map::size(b));
    if size_a != size_b || size_a == 0 {
        return size_a.cmp(&size_b);
    }
    // All keys are compared, in map-key order, before any value. Flat maps
    // store their keys sorted in that order already.
    if map::is_flat(a) && map::is_flat(b) {
        stack.push(Work::Elements(flat_values(a), flat_values(b), exact));
        stack.push(Work::Pair(a.element(0), b.element(0), true));
        return Ordering::Equal;
    }
    let (pairs_a, pairs_b) = (map::sorted_pairs(a), map::sorted_pairs(b));
    for (&(_, x), &(_, y)) in pairs_a.iter().zip(&pairs_b).rev() {
        stack.push(Work::Pair(x, y, exact));
    }
    for (&(x, _), &(y, _)) in pairs_a.iter().zip(&pairs_b).rev() {
        stack.push(Work::Pair(x, y, true));
    }
    Ordering::Equal
}

/// Returns the values of a flat map, in key order.
fn flat_values<'a>(map: Term) -> &'a [Term] {
    let arity = map.header().arity();
    // SAFETY: a flat map object has `arity` term words after its header:
    // the keys tuple, then one value per key. The caller does not hold the
    // slice across a garbage collection.
    unsafe { std::slice::from_raw_parts(map.ptr().add(2) as *const Term, arity.saturating_sub(1)) }
}

// ---- bitstrings ----

/// Returns the bits of a bitstring as whole bytes, copying only when they
/// do not start on a byte boundary. A final partial byte keeps its bits in
/// the high end, with zeros below.
pub(crate) fn aligned_bytes<'a>(bits: &BitSlice<'a>) -> Cow<'a, [u8]> {
    let len = bits.bit_size.div_ceil(8) as usize;
    let start = (bits.bit_offset / 8) as usize;
    let shift = (bits.bit_offset % 8) as u32;
    let trailing = (bits.bit_size % 8) as u32;
    if shift == 0 && trailing == 0 {
        return Cow::Borrowed(&bits.bytes[start..start + len]);
    }
    let mut out = Vec::with_capacity(len);
    for i in 0..len {
        let first = bits.bytes[start + i];
        let byte = if shift == 0 {
            first
        } else {
            let next = bits.bytes.get(start + i + 1).copied().unwrap_or(0);
            (first << shift) | (next >> (8 - shift))
        };
        out.push(byte);
    }
    if trailing != 0
        && let Some(last) = out.last_mut()
    {
        *last &= 0xFFu8 << (8 - trailing);
    }
    Cow::Owned(out)
}

fn compare_bitstrings(a: Term, b: Term) -> Ordering {
    let (Some(x), Some(y)) = (heap::bitstring(a), heap::bitstring(b)) else {
        return a.raw().cmp(&b.raw());
    };
    let (xs, ys) = (aligned_bytes(&x), aligned_bytes(&y));
    let common_bits = x.bit_size.min(y.bit_size);
    let whole = (common_bits / 8) as usize;
    let order = xs[..whole].cmp(&ys[..whole]);
    if order != Ordering::Equal {
        return order;
    }
    let rest = (common_bits % 8) as u32;
    if rest != 0 {
        let mask = 0xFFu8 << (8 - rest);
        let order = (xs[whole] & mask).cmp(&(ys[whole] & mask));
        if order != Ordering::Equal {
            return order;
        }
    }
    x.bit_size.cmp(&y.bit_size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;
    use crate::print::test_syntax::{make_closure, make_export_fun, make_ref, parse};

    /// Terms in the order of the rows and columns of the matrices below.
    const TERMS: &[&str] = &[
        "0",
        "1",
        "-1",
        "1.0",
        "-0.0",
        "0.0",
        "0.5",
        "2",
        "2.0",
        "576460752303423487",
        "576460752303423488",
        "5.764607523034235e17",
        "9007199254740993",
        "9.007199254740992e15",
        "-18446744073709551617",
        "-1.8446744073709552e19",
        "1.0e300",
        "a",
        "b",
        "'A'",
        "'é'",
        "ab",
        "''",
        "<0.5.0>",
        "<0.10.0>",
        "#Port<0.1>",
        "#Port<0.3>",
        "{}",
        "{a}",
        "{1}",
        "{1.0}",
        "{a,b}",
        "{b}",
        "#{}",
        "#{a => 1}",
        "#{a => 1.0}",
        "#{1 => a}",
        "#{1.0 => a}",
        "#{a => 1,b => 2}",
        "#{a => 2,c => 1}",
        "#{1 => a,2.0 => b}",
        "#{1.0 => a,2 => b}",
        "[]",
        "[a]",
        "[a,b]",
        "[a|b]",
        "[1.0]",
        "[1]",
        "\"ab\"",
        "<<>>",
        "<<1>>",
        "<<1:1>>",
        "<<0:1>>",
        "<<1,2>>",
        "<<1,2,3:2>>",
        "<<128>>",
    ];

    /// `erl` (OTP 25) results of comparing `TERMS[row]` with
    /// `TERMS[column]`: `<`, `=` (`==`) or `>`.
    const TERM_ORDER: &str = "
        =<><==<<<<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >=>=>>><<<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        <<=<<<<<<<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >=>=>>><<<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        =<><==<<<<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        =<><==<<<<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        ><><>>=<<<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>==<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>==<<<<<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>=<<>>>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>==>>>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>==>>>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>><<<=>>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>><<<<=>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        <<<<<<<<<<<<<<=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        <<<<<<<<<<<<<<>=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>=<><<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>=><>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>><<=<<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>><><=><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>><<<<<=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>=<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>><<=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>><<>=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>=<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>><==<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>><==<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=><<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><=<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>==>><<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>==>><<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<=<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<>=<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<>><<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<=<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<>=<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<>>>><<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=>>>><<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<=>>><<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<<==<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<<==<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<<>>=<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<><<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=>>><
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<=<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><>=<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><>>=<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=
    ";

    /// `erl` (OTP 25) map-key order of the same pairs, read back from
    /// `maps:keys(#{Row => 1, Column => 2})`.
    const KEY_ORDER: &str = "
        =<><<<<<<<<<<<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >=><<<<<<<<<<<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        <<=<<<<<<<<<<<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>=>>>><>><><>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>><==<><>><><>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>><==<><>><><>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>><>>=><>><><>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>><<<<=<<<<<<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>=>><><>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>><<<<><=<<><><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>><<<<><>=<><><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>=>>>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>><<<<><<<<=<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>><>=>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        <<<<<<<<<<<<<<=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>><<<<><>><><>=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>=<><<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>=><>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>><<=<<><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>><><=><<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>><<<<<=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>=<>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>><<=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>><<>=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>=<<<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>><=<<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>><>=<<<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=><<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><=<<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<<<<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<>><<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<=<<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<>=<<<<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<>><<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=>><<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<=<<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<>=<<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<<<<<<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<>>>><<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=>>>><<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<=>>><<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<<=>><<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<<<=<<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<<<>=<<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<<<<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=<><<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=>>><
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><<=<<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><>=<<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>><>>=<
        >>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>=
    ";

    fn symbol(order: Ordering) -> char {
        match order {
            Ordering::Less => '<',
            Ordering::Equal => '=',
            Ordering::Greater => '>',
        }
    }

    fn check_matrix(matrix: &str, order: fn(Term, Term) -> Ordering) {
        let mut heap = Heap::default();
        let terms: Vec<Term> = TERMS.iter().map(|t| parse(&mut heap, t)).collect();
        let rows: Vec<&str> = matrix
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(rows.len(), terms.len());
        for (i, row) in rows.iter().enumerate() {
            for (j, expected) in row.chars().enumerate() {
                let got = symbol(order(terms[i], terms[j]));
                assert_eq!(got, expected, "{} vs {}", TERMS[i], TERMS[j]);
            }
        }
    }

    #[test]
    fn term_order_matches_erl() {
        check_matrix(TERM_ORDER, compare);
    }

    #[test]
    fn map_key_order_matches_erl() {
        check_matrix(KEY_ORDER, map_key_order);
    }

    #[test]
    fn equality_follows_order() {
        let mut heap = Heap::default();
        let terms: Vec<Term> = TERMS.iter().map(|t| parse(&mut heap, t)).collect();
        for &a in &terms {
            for &b in &terms {
                assert_eq!(eq(a, b), compare(a, b) == Ordering::Equal);
                // In OTP 25 only 0.0 and -0.0 are =:= without being the
                // same term, and map-key order agrees with =:=.
                assert_eq!(exact_eq(a, b), map_key_order(a, b) == Ordering::Equal);
            }
        }
        let (zero, negative_zero) = (parse(&mut heap, "0.0"), parse(&mut heap, "-0.0"));
        assert!(exact_eq(zero, negative_zero));
        let (one, one_float) = (parse(&mut heap, "1"), parse(&mut heap, "1.0"));
        assert!(eq(one, one_float));
        assert!(!exact_eq(one, one_float));
    }

    #[test]
    fn integers_and_floats_compare_exactly() {
        let mut heap = Heap::default();
        let cases = [
            (
                "27670116110564329473",
                "2.7670116110564327e19",
                Ordering::Greater,
            ),
            (
                "27670116110564329473",
                "2.767011611056433e19",
                Ordering::Less,
            ),
            (
                "1180591620717411303424",
                "1.1805916207174113e21",
                Ordering::Equal,
            ),
            (
                "1180591620717411303425",
                "1.1805916207174113e21",
                Ordering::Greater,
            ),
            ("576460752303423487", "5.764607523034235e17", Ordering::Less),
            (
                "-576460752303423488",
                "-5.764607523034235e17",
                Ordering::Equal,
            ),
            ("3", "2.5", Ordering::Greater),
            ("-3", "-2.5", Ordering::Less),
            ("2", "2.5", Ordering::Less),
            ("-2", "-2.5", Ordering::Greater),
            ("0", "-0.0", Ordering::Equal),
            ("1", "1.0e300", Ordering::Less),
            ("-1", "-1.0e300", Ordering::Greater),
        ];
        for (int, float, expected) in cases {
            let (a, b) = (parse(&mut heap, int), parse(&mut heap, float));
            assert_eq!(compare(a, b), expected, "{int} vs {float}");
            assert_eq!(compare(b, a), expected.reverse(), "{float} vs {int}");
        }
        let huge = parse(&mut heap, &"9".repeat(400));
        let largest = parse(&mut heap, "1.7976931348623157e308");
        assert_eq!(compare(huge, largest), Ordering::Greater);
    }

    #[test]
    fn large_maps_compare_like_erl() {
        let mut heap = Heap::default();
        let pairs = |range: std::ops::RangeInclusive<i64>| -> Vec<(Term, Term)> {
            range
                .map(|i| (Term::small_unchecked(i), Term::small_unchecked(i)))
                .collect()
        };
        let m1 = map::from_pairs(&mut heap, &pairs(1..=40));
        let mut p2 = pairs(1..=40);
        p2[39].1 = Term::small_unchecked(41);
        let m2 = map::from_pairs(&mut heap, &p2);
        let mut p4 = pairs(2..=40);
        let half = heap::float(&mut heap, 0.5);
        p4.push((half, Term::small_unchecked(1)));
        let m4 = map::from_pairs(&mut heap, &p4);
        let mut p5 = pairs(1..=39);
        let forty = heap::float(&mut heap, 40.0);
        p5.push((forty, Term::small_unchecked(40)));
        let m5 = map::from_pairs(&mut heap, &p5);
        let mut p6 = pairs(1..=40);
        p6[0].1 = heap::float(&mut heap, 1.0);
        let m6 = map::from_pairs(&mut heap, &p6);
        assert!(!map::is_flat(m1));
        // erl: [M1 < M2, M1 < M4, M1 < M5, M1 == M5, M1 == M6, M1 =:= M6, M2 < M4]
        assert_eq!(compare(m1, m2), Ordering::Less);
        assert_eq!(compare(m1, m4), Ordering::Less);
        assert_eq!(compare(m1, m5), Ordering::Less);
        assert!(!eq(m1, m5));
        assert!(eq(m1, m6));
        assert!(!exact_eq(m1, m6));
        assert_eq!(compare(m2, m4), Ordering::Less);
    }

    #[test]
    fn funs_order_like_erl() {
        let mut heap = Heap::default();
        // erl: local funs sort before export funs; locals by module, index,
        // uniq and environment; exports by module, function and arity.
        let sorted = [
            make_closure(&mut heap, "h2", 0, 1939456, &[]),
            make_closure(&mut heap, "h2", 1, 1939456, &[]),
            make_closure(&mut heap, "h2", 2, 1939456, &[Term::small_unchecked(1)]),
            make_closure(&mut heap, "h2", 2, 1939456, &[Term::small_unchecked(2)]),
            make_closure(&mut heap, "h2", 2, 1939457, &[]),
            make_closure(&mut heap, "h3", 0, 0, &[]),
            make_export_fun(&mut heap, "erlang", "abs", 1),
            make_export_fun(&mut heap, "lists", "append", 1),
            make_export_fun(&mut heap, "lists", "map", 2),
            make_export_fun(&mut heap, "lists", "map", 3),
            Term::port(0),
        ];
        for (i, &a) in sorted.iter().enumerate() {
            for (j, &b) in sorted.iter().enumerate() {
                assert_eq!(compare(a, b), i.cmp(&j), "fun {i} vs fun {j}");
            }
        }
        let same_a = make_closure(&mut heap, "h2", 2, 1939456, &[Term::small_unchecked(1)]);
        let one_float = heap::float(&mut heap, 1.0);
        let same_b = make_closure(&mut heap, "h2", 2, 1939456, &[one_float]);
        assert!(eq(same_a, same_b));
        assert!(!exact_eq(same_a, same_b));
    }

    #[test]
    fn references_order_by_number() {
        let mut heap = Heap::default();
        let refs = [
            make_ref(&mut heap, 1, 0),
            make_ref(&mut heap, 2, 0),
            make_ref(&mut heap, 1 << 18, 0),
            make_ref(&mut heap, u64::MAX, 0),
            make_ref(&mut heap, 0, 1),
        ];
        for (i, &a) in refs.iter().enumerate() {
            for (j, &b) in refs.iter().enumerate() {
                assert_eq!(compare(a, b), i.cmp(&j), "ref {i} vs ref {j}");
            }
        }
        assert_eq!(ref_numbers(refs[3]), [0x3_FFFF, u32::MAX, 0x3FFF]);
        assert_eq!(ref_numbers(Term::NIL), [0, 0, 0]);
    }

    #[test]
    fn unaligned_bitstrings_compare_by_bits() {
        let mut heap = Heap::default();
        let bytes = heap::binary(&mut heap, &[0b1010_1010, 0b1111_0000]);
        let shifted = heap::sub_binary(&mut heap, bytes, 1, 8);
        let aligned = heap::binary(&mut heap, &[0b0101_0101]);
        assert!(exact_eq(shifted, aligned));
        let prefix = heap::sub_binary(&mut heap, bytes, 1, 7);
        assert_eq!(compare(prefix, aligned), Ordering::Less);
        let longer = heap::sub_binary(&mut heap, bytes, 1, 9);
        assert_eq!(compare(longer, aligned), Ordering::Greater);
    }

    #[test]
    fn long_lists_compare_without_recursion() {
        let mut heap = Heap::default();
        let build = |heap: &mut Heap, last: i64| {
            let mut list = heap::cons(heap, Term::small_unchecked(last), Term::NIL);
            for _ in 0..1_000_000 {
                let element = heap::tuple(heap, &[Term::small_unchecked(1)]);
                list = heap::cons(heap, element, list);
            }
            list
        };
        let a = build(&mut heap, 1);
        let b = build(&mut heap, 2);
        let c = build(&mut heap, 1);
        assert_eq!(compare(a, b), Ordering::Less);
        assert!(exact_eq(a, c));
        let mut deep_a = Term::NIL;
        let mut deep_b = Term::small_unchecked(0);
        for _ in 0..200_000 {
            deep_a = heap::cons(&mut heap, deep_a, Term::NIL);
            deep_b = heap::tuple(&mut heap, &[deep_b]);
        }
        assert!(eq(deep_a, deep_a));
        let deep_c = heap::cons(&mut heap, deep_a, Term::NIL);
        assert_eq!(compare(deep_a, deep_c), Ordering::Less);
        let shallow = heap::tuple(&mut heap, &[Term::small_unchecked(0)]);
        assert_eq!(compare(deep_b, shallow), Ordering::Greater);
    }

    #[test]
    fn non_terms_do_not_panic() {
        let mut heap = Heap::default();
        let tuple = parse(&mut heap, "{a}");
        assert_eq!(compare(Term::NONE, tuple), Ordering::Greater);
        assert_eq!(compare(Term::NONE, Term::NONE), Ordering::Equal);
    }
}
