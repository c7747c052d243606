//! Conversion between integer terms and [`num_bigint::BigInt`].
//!
//! A bignum term is a `PosBig` or `NegBig` object whose words are the
//! little-endian 64-bit limbs of the magnitude, with no leading zero limb.
//! Every integer that fits in [`MIN_SMALL`]..=[`MAX_SMALL`] is a small
//! integer instead, so each integer value has exactly one representation
//! and equality of integers can compare words.

use num_bigint::{BigInt, BigUint, Sign};

use crate::heap::{self, Alloc};
use crate::term::{HeaderTag, MAX_SMALL, MIN_SMALL, Term};

/// The magnitude and sign of an integer term without copying its limbs.
#[derive(Copy, Clone, Debug)]
pub enum IntView<'a> {
    Small(i64),
    /// A bignum: `true` when negative, then the limbs of the magnitude.
    Big(bool, &'a [u64]),
}

/// Returns a view of an integer term, or `None` for any other term.
///
/// The slice points into the heap and must not be held across a garbage
/// collection.
pub fn int_view<'a>(t: Term) -> Option<IntView<'a>> {
    if let Some(v) = t.as_small() {
        return Some(IntView::Small(v));
    }
    let negative = match t.boxed_tag()? {
        HeaderTag::PosBig => false,
        HeaderTag::NegBig => true,
        _ => return None,
    };
    Some(IntView::Big(negative, big_limbs(t)))
}

/// Returns the limbs of a bignum term's magnitude, least significant first.
fn big_limbs<'a>(t: Term) -> &'a [u64] {
    debug_assert!(t.is_bignum());
    let arity = t.header().arity();
    // SAFETY: a bignum object has `arity` raw limb words after its header,
    // and the caller does not hold the slice across a collection.
    unsafe { std::slice::from_raw_parts(t.ptr().add(1) as *const u64, arity) }
}

impl IntView<'_> {
    /// Returns the value as a `BigInt`.
    pub fn to_bigint(self) -> BigInt {
        match self {
            IntView::Small(v) => BigInt::from(v),
            IntView::Big(negative, limbs) => {
                let mut digits = Vec::with_capacity(limbs.len() * 2);
                for &limb in limbs {
                    digits.push(limb as u32);
                    digits.push((limb >> 32) as u32);
                }
                let sign = if negative { Sign::Minus } else { Sign::Plus };
                BigInt::from_biguint(sign, BigUint::new(digits))
            }
        }
    }

    /// Returns the number of bits in the magnitude, 0 for zero.
    pub fn bits(self) -> u64 {
        match self {
            IntView::Small(v) => 64 - u64::from(v.unsigned_abs().leading_zeros()),
            IntView::Big(_, limbs) => match limbs.iter().rposition(|&l| l != 0) {
                Some(top) => top as u64 * 64 + 64 - u64::from(limbs[top].leading_zeros()),
                None => 0,
            },
        }
    }

    pub fn is_negative(self) -> bool {
        match self {
            IntView::Small(v) => v < 0,
            IntView::Big(negative, _) => negative,
        }
    }

    pub fn is_zero(self) -> bool {
        matches!(self, IntView::Small(0))
    }
}

/// Returns the value of a small or bignum term, or `None` for other terms.
pub fn to_bigint(t: Term) -> Option<BigInt> {
    int_view(t).map(IntView::to_bigint)
}

/// Builds the term for `n`: a small integer when it fits, else a bignum.
pub fn from_bigint(heap: &mut impl Alloc, n: &BigInt) -> Term {
    if let Ok(v) = i64::try_from(n) {
        return from_i64(heap, v);
    }
    let (sign, limbs) = n.to_u64_digits();
    make_big(heap, sign == Sign::Minus, &limbs)
}

/// Builds the term for `v`: a small integer when it fits, else a bignum.
pub fn from_i64(heap: &mut impl Alloc, v: i64) -> Term {
    match Term::small(v) {
        Some(t) => t,
        None => make_big(heap, v < 0, &[v.unsigned_abs()]),
    }
}

/// Builds the term for `v`: a small integer when it fits, else a bignum.
pub fn from_u64(heap: &mut impl Alloc, v: u64) -> Term {
    if v <= MAX_SMALL as u64 {
        Term::small_unchecked(v as i64)
    } else {
        make_big(heap, false, &[v])
    }
}

/// Builds the term for `v`: a small integer when it fits, else a bignum.
pub fn from_i128(heap: &mut impl Alloc, v: i128) -> Term {
    if (MIN_SMALL as i128..=MAX_SMALL as i128).contains(&v) {
        return Term::small_unchecked(v as i64);
    }
    let magnitude = v.unsigned_abs();
    let low = magnitude as u64;
    let high = (magnitude >> 64) as u64;
    if high == 0 {
        make_big(heap, v < 0, &[low])
    } else {
        make_big(heap, v < 0, &[low, high])
    }
}

/// Builds a bignum object from the limbs of a magnitude, dropping leading
/// zero limbs. The caller guarantees the value does not fit a small integer.
fn make_big(heap: &mut impl Alloc, negative: bool, limbs: &[u64]) -> Term {
    let used = limbs.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
    debug_assert!(used > 0, "zero always fits a small integer");
    let tag = if negative {
        HeaderTag::NegBig
    } else {
        HeaderTag::PosBig
    };
    let (term, body) = heap::alloc_boxed(heap, tag, used);
    for (i, &limb) in limbs[..used].iter().enumerate() {
        // SAFETY: the body has `used` words.
        unsafe { *body.add(i) = limb };
    }
    term
}

/// Returns the number of bits in the magnitude of an integer term (0 for
/// zero), or `None` for other terms.
pub fn magnitude_bits(t: Term) -> Option<u64> {
    int_view(t).map(IntView::bits)
}

/// Returns `true` when an integer term is negative; `false` for other terms.
pub fn is_negative(t: Term) -> bool {
    int_view(t).is_some_and(IntView::is_negative)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;

    #[test]
    fn small_values_stay_small() {
        let mut heap = Heap::default();
        for v in [0i64, 1, -1, MAX_SMALL, MIN_SMALL] {
            let t = from_bigint(&mut heap, &BigInt::from(v));
            assert_eq!(t.as_small(), Some(v));
            assert_eq!(from_i64(&mut heap, v).as_small(), Some(v));
            assert_eq!(from_i128(&mut heap, v as i128).as_small(), Some(v));
        }
        assert_eq!(
            from_u64(&mut heap, MAX_SMALL as u64).as_small(),
            Some(MAX_SMALL)
        );
    }

    #[test]
    fn bignum_round_trip() {
        let mut heap = Heap::default();
        let cases = [
            BigInt::from(MAX_SMALL) + 1,
            BigInt::from(MIN_SMALL) - 1,
            BigInt::from(u64::MAX),
            -BigInt::from(u64::MAX),
            BigInt::from(1) << 64u32,
            -(BigInt::from(1) << 200u32) + 12345,
            BigInt::from(i128::MIN),
        ];
        for n in &cases {
            let t = from_bigint(&mut heap, n);
            assert!(t.is_bignum(), "{n} should be a bignum");
            assert_eq!(to_bigint(t).as_ref(), Some(n));
            assert_eq!(magnitude_bits(t), Some(n.bits()));
            assert_eq!(is_negative(t), n.sign() == Sign::Minus);
        }
    }

    #[test]
    fn bignum_layout_uses_sign_tag() {
        let mut heap = Heap::default();
        let t = from_i128(&mut heap, -(1i128 << 64) - 5);
        assert_eq!(t.boxed_tag(), Some(HeaderTag::NegBig));
        assert_eq!(t.header().arity(), 2);
        assert_eq!(t.word(0), 5);
        assert_eq!(t.word(1), 1);
        let u = from_u64(&mut heap, u64::MAX);
        assert_eq!(u.boxed_tag(), Some(HeaderTag::PosBig));
        assert_eq!(u.header().arity(), 1);
    }

    #[test]
    fn conversions_agree() {
        let mut heap = Heap::default();
        let a = from_i128(&mut heap, i128::MAX);
        assert_eq!(to_bigint(a), Some(BigInt::from(i128::MAX)));
        let b = from_i64(&mut heap, i64::MIN);
        assert_eq!(to_bigint(b), Some(BigInt::from(i64::MIN)));
        let c = from_u64(&mut heap, 1 << 63);
        assert_eq!(to_bigint(c), Some(BigInt::from(1u64 << 63)));
    }

    #[test]
    fn non_integers_have_no_value() {
        let mut heap = Heap::default();
        let f = heap::float(&mut heap, 1.0);
        assert_eq!(to_bigint(f), None);
        assert_eq!(to_bigint(Term::NIL), None);
        assert_eq!(magnitude_bits(Term::atom(crate::atom::OK)), None);
    }
}
