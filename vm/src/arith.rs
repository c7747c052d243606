//! Erlang arithmetic on terms, with the results and exceptions of OTP 25.
//!
//! Integer results grow into bignums instead of wrapping, up to OTP's size
//! limit of [`MAX_BIG_BITS`] bits, beyond which the operation raises
//! `system_limit`. Any float operand makes the result a float, and a float
//! result that is infinite or NaN raises `badarith`. Operands of the wrong
//! type raise `badarith` for operators and `badarg` for the guard BIFs
//! (`abs/1`, `float/1`, `trunc/1`, `round/1`, `ceil/1`, `floor/1`), as in
//! OTP.

use num_bigint::BigInt;
use num_traits::FromPrimitive;

use crate::bignum::{self, IntView};
use crate::exception::{BifResult, Exception};
use crate::heap::{self, Alloc};
use crate::term::Term;

/// Largest magnitude of an integer in bits. OTP 25 on 64-bit hosts caps a
/// bignum at 524,287 64-bit digits: `1 bsl 33554367` is the largest power
/// of two it builds, and `1 bsl 33554368` raises `system_limit`.
pub const MAX_BIG_BITS: u64 = 524_287 * 64;

/// A numeric operand.
enum Number<'a> {
    Int(IntView<'a>),
    Float(f64),
}

fn number<'a>(t: Term) -> Option<Number<'a>> {
    if let Some(view) = bignum::int_view(t) {
        Some(Number::Int(view))
    } else {
        t.as_float().map(Number::Float)
    }
}

// ---- conversions ----

/// Converts an integer term to a float the way OTP does, or returns `None`
/// when the term is not an integer or its value is beyond the float range.
///
/// Bignums are converted by OTP's `big_to_double`, which folds in one
/// 64-bit digit at a time from the most significant end. Each step rounds,
/// so the result can differ from the correctly rounded value:
/// `float(27670116110564329473)` is `2.7670116110564327e19` in OTP 25, not
/// `2.767011611056433e19`.
pub fn int_to_float(t: Term) -> Option<f64> {
    match bignum::int_view(t)? {
        IntView::Small(v) => Some(v as f64),
        IntView::Big(negative, limbs) => {
            const DIGIT_BASE: f64 = 18_446_744_073_709_551_616.0;
            let mut d = 0.0f64;
            for &limb in limbs.iter().rev() {
                d = d * DIGIT_BASE + limb as f64;
                if !d.is_finite() {
                    return None;
                }
            }
            Some(if negative { -d } else { d })
        }
    }
}

/// Returns the value of a number term as a float, converting integers as
/// [`int_to_float`] does, or `None` for non-numbers and integers too large
/// for a float.
pub fn to_f64(t: Term) -> Option<f64> {
    match t.as_float() {
        Some(f) => Some(f),
        None => int_to_float(t),
    }
}

/// Builds the integer term with the value of an integral float. NaN and
/// infinities have no integer value and give `None`.
pub fn integral_float_to_int(heap: &mut impl Alloc, f: f64) -> Option<Term> {
    // 2^63 is exactly representable, so this range test is exact and the
    // cast below cannot saturate.
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if (-TWO_POW_63..TWO_POW_63).contains(&f) {
        return Some(bignum::from_i64(heap, f as i64));
    }
    let n = BigInt::from_f64(f)?;
    Some(bignum::from_bigint(heap, &n))
}

fn float_result(heap: &mut impl Alloc, f: f64) -> BifResult {
    if f.is_finite() {
        Ok(heap::float(heap, f))
    } else {
        Err(Exception::badarith())
    }
}

fn int_result(heap: &mut impl Alloc, n: &BigInt) -> BifResult {
    if n.bits() > MAX_BIG_BITS {
        Err(Exception::system_limit())
    } else {
        Ok(bignum::from_bigint(heap, n))
    }
}

// ---- + - * ----

#[derive(Copy, Clone)]
enum Ring {
    Add,
    Sub,
    Mul,
}

/// Computes `a + b`, `a - b` or `a * b` for any pair of numbers.
fn ring_op(heap: &mut impl Alloc, op: Ring, a: Term, b: Term) -> BifResult {
    match (number(a), number(b)) {
        (Some(Number::Int(x)), Some(Number::Int(y))) => {
            if let Ring::Mul = op {
                // The product has at least bits(x) + bits(y) - 1 bits, so a
                // product that cannot fit is rejected before it is computed.
                if !x.is_zero() && !y.is_zero() && x.bits() + y.bits() - 1 > MAX_BIG_BITS {
                    return Err(Exception::system_limit());
                }
            }
            let (x, y) = (x.to_bigint(), y.to_bigint());
            let n = match op {
                Ring::Add => x + y,
                Ring::Sub => x - y,
                Ring::Mul => x * y,
            };
            int_result(heap, &n)
        }
        (Some(_), Some(_)) => {
            let (Some(x), Some(y)) = (to_f64(a), to_f64(b)) else {
                return Err(Exception::badarith());
            };
            let f = match op {
                Ring::Add => x + y,
                Ring::Sub => x - y,
                Ring::Mul => x * y,
            };
            float_result(heap, f)
        }
        _ => Err(Exception::badarith()),
    }
}

/// Computes `A + B`.
pub fn add(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        // Small integers have 60 bits, so the sum fits an i64.
        return Ok(bignum::from_i64(heap, x + y));
    }
    ring_op(heap, Ring::Add, a, b)
}

/// Computes `A - B`.
pub fn sub(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        return Ok(bignum::from_i64(heap, x - y));
    }
    ring_op(heap, Ring::Sub, a, b)
}

/// Computes `A * B`.
pub fn mul(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        return Ok(bignum::from_i128(heap, x as i128 * y as i128));
    }
    ring_op(heap, Ring::Mul, a, b)
}

// ---- / div rem ----

/// Computes `A / B` (the operator `/`, not `div`), which always converts both operands to floats first,
/// so `(1 bsl 1100) / (1 bsl 1090)` raises `badarith` as in OTP.
pub fn div(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    let (Some(x), Some(y)) = (to_f64(a), to_f64(b)) else {
        return Err(Exception::badarith());
    };
    if y == 0.0 {
        return Err(Exception::badarith());
    }
    float_result(heap, x / y)
}

/// Computes `A div B`: integer division truncating toward zero.
pub fn int_div(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    let (Some(x), Some(y)) = (bignum::int_view(a), bignum::int_view(b)) else {
        return Err(Exception::badarith());
    };
    if y.is_zero() {
        return Err(Exception::badarith());
    }
    if let (IntView::Small(x), IntView::Small(y)) = (x, y) {
        // MIN_SMALL div -1 leaves the small range but not the i64 range.
        return Ok(bignum::from_i64(heap, x / y));
    }
    // BigInt division truncates toward zero, as `div` does.
    int_result(heap, &(x.to_bigint() / y.to_bigint()))
}

/// Computes `A rem B`: the remainder of `div`, with the sign of `A`.
pub fn rem(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    let (Some(x), Some(y)) = (bignum::int_view(a), bignum::int_view(b)) else {
        return Err(Exception::badarith());
    };
    if y.is_zero() {
        return Err(Exception::badarith());
    }
    if let (IntView::Small(x), IntView::Small(y)) = (x, y) {
        return Ok(bignum::from_i64(heap, x % y));
    }
    int_result(heap, &(x.to_bigint() % y.to_bigint()))
}

// ---- bitwise ----

#[derive(Copy, Clone)]
enum Bitwise {
    And,
    Or,
    Xor,
}

fn bitwise(heap: &mut impl Alloc, op: Bitwise, a: Term, b: Term) -> BifResult {
    let (Some(x), Some(y)) = (bignum::int_view(a), bignum::int_view(b)) else {
        return Err(Exception::badarith());
    };
    if let (IntView::Small(x), IntView::Small(y)) = (x, y) {
        let v = match op {
            Bitwise::And => x & y,
            Bitwise::Or => x | y,
            Bitwise::Xor => x ^ y,
        };
        return Ok(Term::small_unchecked(v));
    }
    // BigInt's bitwise operators work on the infinite two's complement
    // representation, which is Erlang's semantics for negative integers.
    let (x, y) = (x.to_bigint(), y.to_bigint());
    let n = match op {
        Bitwise::And => x & y,
        Bitwise::Or => x | y,
        Bitwise::Xor => x ^ y,
    };
    int_result(heap, &n)
}

/// Computes `A band B`.
pub fn band(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    bitwise(heap, Bitwise::And, a, b)
}

/// Computes `A bor B`.
pub fn bor(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    bitwise(heap, Bitwise::Or, a, b)
}

/// Computes `A bxor B`.
pub fn bxor(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    bitwise(heap, Bitwise::Xor, a, b)
}

/// Computes `A bsl B`; a negative `B` shifts right.
pub fn bsl(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    shift(heap, a, b, false)
}

/// Computes `A bsr B`, rounding toward negative infinity; a negative `B`
/// shifts left.
pub fn bsr(heap: &mut impl Alloc, a: Term, b: Term) -> BifResult {
    shift(heap, a, b, true)
}

/// Shifts `a` left by `b` bits, or right when `right` is set; the sign of
/// `b` reverses the direction.
fn shift(heap: &mut impl Alloc, a: Term, b: Term, right: bool) -> BifResult {
    let (Some(x), Some(count)) = (bignum::int_view(a), bignum::int_view(b)) else {
        return Err(Exception::badarith());
    };
    // A bignum shift count is beyond any size limit: it clears every bit
    // when shifting right and raises system_limit when shifting a nonzero
    // value left.
    let left_count: i128 = match count {
        IntView::Small(c) => {
            if right {
                -(c as i128)
            } else {
                c as i128
            }
        }
        IntView::Big(negative, _) => {
            if negative != right {
                i128::MIN
            } else {
                i128::MAX
            }
        }
    };
    if x.is_zero() {
        return Ok(Term::small_unchecked(0));
    }
    if left_count >= 0 {
        if (x.bits() as i128).saturating_add(left_count) > MAX_BIG_BITS as i128 {
            return Err(Exception::system_limit());
        }
        let n = left_count as u64;
        if let IntView::Small(v) = x
            && n < 64
        {
            // A 60-bit value shifted by under 64 bits fits an i128.
            return Ok(bignum::from_i128(heap, (v as i128) << n));
        }
        return int_result(heap, &(x.to_bigint() << n));
    }
    let n = left_count.unsigned_abs();
    if n >= u128::from(x.bits()) {
        let all_shifted_out = if x.is_negative() { -1 } else { 0 };
        return Ok(Term::small_unchecked(all_shifted_out));
    }
    if let IntView::Small(v) = x {
        // n < bits(v) <= 60 here.
        return Ok(Term::small_unchecked(v >> n));
    }
    // BigInt's right shift rounds toward negative infinity, like bsr.
    int_result(heap, &(x.to_bigint() >> n as u64))
}

// ---- unary operators ----

/// Computes unary `-A`. Floats are negated, so `-(0.0)` is `-0.0`.
pub fn neg(heap: &mut impl Alloc, a: Term) -> BifResult {
    match number(a) {
        Some(Number::Int(IntView::Small(v))) => Ok(bignum::from_i64(heap, -v)),
        Some(Number::Int(x)) => int_result(heap, &-x.to_bigint()),
        Some(Number::Float(f)) => Ok(heap::float(heap, -f)),
        None => Err(Exception::badarith()),
    }
}

/// Computes unary `+A`. OTP 25 evaluates it as `A + 0`, so `+(-0.0)` is
/// `0.0`; any other number is returned unchanged.
pub fn plus(heap: &mut impl Alloc, a: Term) -> BifResult {
    match number(a) {
        Some(Number::Float(f)) => float_result(heap, f + 0.0),
        Some(Number::Int(_)) => Ok(a),
        None => Err(Exception::badarith()),
    }
}

/// Computes `bnot A`, which is `-A - 1`.
pub fn bnot(heap: &mut impl Alloc, a: Term) -> BifResult {
    match bignum::int_view(a) {
        Some(IntView::Small(v)) => Ok(Term::small_unchecked(!v)),
        Some(x) => int_result(heap, &(-x.to_bigint() - 1)),
        None => Err(Exception::badarith()),
    }
}

// ---- guard BIFs ----

/// Computes `abs(A)`. As in OTP 25, `abs(-0.0)` is `-0.0`, because only
/// floats below zero are negated.
pub fn abs(heap: &mut impl Alloc, a: Term) -> BifResult {
    match number(a) {
        Some(Number::Int(IntView::Small(v))) => Ok(bignum::from_i64(heap, v.abs())),
        Some(Number::Int(IntView::Big(false, _))) => Ok(a),
        Some(Number::Int(x)) => int_result(heap, &-x.to_bigint()),
        Some(Number::Float(f)) => {
            if f < 0.0 {
                Ok(heap::float(heap, -f))
            } else {
                Ok(a)
            }
        }
        None => Err(Exception::badarg()),
    }
}

/// Computes `float(A)`, raising `badarg` for non-numbers and for integers
/// beyond the float range.
pub fn float_of(heap: &mut impl Alloc, a: Term) -> BifResult {
    if a.is_float() {
        return Ok(a);
    }
    match int_to_float(a) {
        Some(f) => Ok(heap::float(heap, f)),
        None => Err(Exception::badarg()),
    }
}

/// Applies a float-to-integral rounding to a number: integers are returned
/// unchanged and anything else raises `badarg`.
fn round_with(heap: &mut impl Alloc, a: Term, rounding: fn(f64) -> f64) -> BifResult {
    if a.is_integer() {
        return Ok(a);
    }
    let Some(f) = a.as_float() else {
        return Err(Exception::badarg());
    };
    integral_float_to_int(heap, rounding(f)).ok_or_else(Exception::badarg)
}

/// Computes `trunc(A)`, rounding toward zero.
pub fn trunc(heap: &mut impl Alloc, a: Term) -> BifResult {
    round_with(heap, a, f64::trunc)
}

/// Computes `round(A)`, rounding halfway cases away from zero.
pub fn round(heap: &mut impl Alloc, a: Term) -> BifResult {
    round_with(heap, a, f64::round)
}

/// Computes `ceil(A)`.
pub fn ceil(heap: &mut impl Alloc, a: Term) -> BifResult {
    round_with(heap, a, f64::ceil)
}

/// Computes `floor(A)`.
pub fn floor(heap: &mut impl Alloc, a: Term) -> BifResult {
    round_with(heap, a, f64::floor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atom::{self, Atom};
    use crate::heap::Heap;

    /// Builds a term from test notation: an integer, a float (with `.` or
    /// `e`), `[]`, `2^N` or `-2^N` optionally followed by `+K` or `-K`
    /// (so `-2^70-1` is -(2^70) - 1), or an atom name.
    fn parse(heap: &mut Heap, text: &str) -> Term {
        if text == "[]" {
            return Term::NIL;
        }
        let (negative, power) = match text.strip_prefix('-') {
            Some(rest) => (true, rest.strip_prefix("2^")),
            None => (false, text.strip_prefix("2^")),
        };
        if let Some(rest) = power {
            let split = rest.find(['+', '-']).unwrap_or(rest.len());
            let exponent: u32 = rest[..split].parse().expect("exponent");
            let mut n = BigInt::from(1) << exponent;
            if negative {
                n = -n;
            }
            if split < rest.len() {
                let offset: BigInt = rest[split..]
                    .trim_start_matches('+')
                    .parse()
                    .expect("offset");
                n += offset;
            }
            return bignum::from_bigint(heap, &n);
        }
        if let Ok(n) = text.parse::<BigInt>() {
            return bignum::from_bigint(heap, &n);
        }
        if let Ok(f) = text.parse::<f64>() {
            return heap::float(heap, f);
        }
        Term::atom(Atom::from_static(text))
    }

    /// Renders a result the way the test tables record it: the integer or
    /// the float in Rust's round-trip notation, or the exception reason.
    fn render(result: BifResult) -> String {
        match result {
            Err(e) => e.reason.as_atom().expect("atom reason").name().to_string(),
            Ok(t) => {
                if let Some(f) = t.as_float() {
                    format!("float:{:e}", f)
                } else if let Some(n) = bignum::to_bigint(t) {
                    let modulus = BigInt::from(1_000_000_007);
                    if n.bits() > 300 {
                        format!("bits{}.{}", n.bits(), &n % &modulus)
                    } else {
                        n.to_string()
                    }
                } else {
                    format!("{t:?}")
                }
            }
        }
    }

    /// Renders an expected value from erl's `~w` output in the same form.
    fn expected(text: &str) -> String {
        if text.starts_with("bits") || text.parse::<BigInt>().is_ok() {
            return text.to_string();
        }
        match text.parse::<f64>() {
            Ok(f) => format!("float:{:e}", f),
            Err(_) => text.to_string(),
        }
    }

    fn binary_op(name: &str) -> fn(&mut Heap, Term, Term) -> BifResult {
        match name {
            "+" => add,
            "-" => sub,
            "*" => mul,
            "/" => div,
            "div" => int_div,
            "rem" => rem,
            "band" => band,
            "bor" => bor,
            "bxor" => bxor,
            "bsl" => bsl,
            "bsr" => bsr,
            _ => panic!("unknown operator {name}"),
        }
    }

    fn unary_op(name: &str) -> fn(&mut Heap, Term) -> BifResult {
        match name {
            "neg" => neg,
            "plus" => plus,
            "bnot" => bnot,
            "abs" => abs,
            "float" => float_of,
            "trunc" => trunc,
            "round" => round,
            "ceil" => ceil,
            "floor" => floor,
            _ => panic!("unknown function {name}"),
        }
    }

    fn check_binary_table(table: &str) {
        let mut heap = Heap::default();
        for line in table.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [op, a, b, want] = fields[..] else {
                panic!("malformed line {line:?}");
            };
            let (ta, tb) = (parse(&mut heap, a), parse(&mut heap, b));
            let got = render(binary_op(op)(&mut heap, ta, tb));
            assert_eq!(got, expected(want), "{a} {op} {b}");
        }
    }

    /// Every operator over every pair of a set of operands, with the
    /// results printed by `erl` (OTP 25) using `~w`.
    const OPERATOR_GRID: &str = "
        + 0 0 0
        + 0 7 7
        + 0 -3 -3
        + 0 576460752303423487 576460752303423487
        + 0 -576460752303423488 -576460752303423488
        + 0 18446744073709551617 18446744073709551617
        + 0 2.5 2.5
        + 0 -0.0 0.0
        + 7 0 7
        + 7 7 14
        + 7 -3 4
        + 7 576460752303423487 576460752303423494
        + 7 -576460752303423488 -576460752303423481
        + 7 18446744073709551617 18446744073709551624
        + 7 2.5 9.5
        + 7 -0.0 7.0
        + -3 0 -3
        + -3 7 4
        + -3 -3 -6
        + -3 576460752303423487 576460752303423484
        + -3 -576460752303423488 -576460752303423491
        + -3 18446744073709551617 18446744073709551614
        + -3 2.5 -0.5
        + -3 -0.0 -3.0
        + 576460752303423487 0 576460752303423487
        + 576460752303423487 7 576460752303423494
        + 576460752303423487 -3 576460752303423484
        + 576460752303423487 576460752303423487 1152921504606846974
        + 576460752303423487 -576460752303423488 -1
        + 576460752303423487 18446744073709551617 19023204826012975104
        + 576460752303423487 2.5 5.764607523034235e17
        + 576460752303423487 -0.0 5.764607523034235e17
        + -576460752303423488 0 -576460752303423488
        + -576460752303423488 7 -576460752303423481
        + -576460752303423488 -3 -576460752303423491
        + -576460752303423488 576460752303423487 -1
        + -576460752303423488 -576460752303423488 -1152921504606846976
        + -576460752303423488 18446744073709551617 17870283321406128129
        + -576460752303423488 2.5 -5.764607523034235e17
        + -576460752303423488 -0.0 -5.764607523034235e17
        + 18446744073709551617 0 18446744073709551617
        + 18446744073709551617 7 18446744073709551624
        + 18446744073709551617 -3 18446744073709551614
        + 18446744073709551617 576460752303423487 19023204826012975104
        + 18446744073709551617 -576460752303423488 17870283321406128129
        + 18446744073709551617 18446744073709551617 36893488147419103234
        + 18446744073709551617 2.5 1.8446744073709552e19
        + 18446744073709551617 -0.0 1.8446744073709552e19
        + 2.5 0 2.5
        + 2.5 7 9.5
        + 2.5 -3 -0.5
        + 2.5 576460752303423487 5.764607523034235e17
        + 2.5 -576460752303423488 -5.764607523034235e17
        + 2.5 18446744073709551617 1.8446744073709552e19
        + 2.5 2.5 5.0
        + 2.5 -0.0 2.5
        + -0.0 0 0.0
        + -0.0 7 7.0
        + -0.0 -3 -3.0
        + -0.0 576460752303423487 5.764607523034235e17
        + -0.0 -576460752303423488 -5.764607523034235e17
        + -0.0 18446744073709551617 1.8446744073709552e19
        + -0.0 2.5 2.5
        + -0.0 -0.0 -0.0
        - 0 0 0
        - 0 7 -7
        - 0 -3 3
        - 0 576460752303423487 -576460752303423487
        - 0 -576460752303423488 576460752303423488
        - 0 18446744073709551617 -18446744073709551617
        - 0 2.5 -2.5
        - 0 -0.0 0.0
        - 7 0 7
        - 7 7 0
        - 7 -3 10
        - 7 576460752303423487 -576460752303423480
        - 7 -576460752303423488 576460752303423495
        - 7 18446744073709551617 -18446744073709551610
        - 7 2.5 4.5
        - 7 -0.0 7.0
        - -3 0 -3
        - -3 7 -10
        - -3 -3 0
        - -3 576460752303423487 -576460752303423490
        - -3 -576460752303423488 576460752303423485
        - -3 18446744073709551617 -18446744073709551620
        - -3 2.5 -5.5
        - -3 -0.0 -3.0
        - 576460752303423487 0 576460752303423487
        - 576460752303423487 7 576460752303423480
        - 576460752303423487 -3 576460752303423490
        - 576460752303423487 576460752303423487 0
        - 576460752303423487 -576460752303423488 1152921504606846975
        - 576460752303423487 18446744073709551617 -17870283321406128130
        - 576460752303423487 2.5 5.764607523034235e17
        - 576460752303423487 -0.0 5.764607523034235e17
        - -576460752303423488 0 -576460752303423488
        - -576460752303423488 7 -576460752303423495
        - -576460752303423488 -3 -576460752303423485
        - -576460752303423488 576460752303423487 -1152921504606846975
        - -576460752303423488 -576460752303423488 0
        - -576460752303423488 18446744073709551617 -19023204826012975105
        - -576460752303423488 2.5 -5.764607523034235e17
        - -576460752303423488 -0.0 -5.764607523034235e17
        - 18446744073709551617 0 18446744073709551617
        - 18446744073709551617 7 18446744073709551610
        - 18446744073709551617 -3 18446744073709551620
        - 18446744073709551617 576460752303423487 17870283321406128130
        - 18446744073709551617 -576460752303423488 19023204826012975105
        - 18446744073709551617 18446744073709551617 0
        - 18446744073709551617 2.5 1.8446744073709552e19
        - 18446744073709551617 -0.0 1.8446744073709552e19
        - 2.5 0 2.5
        - 2.5 7 -4.5
        - 2.5 -3 5.5
        - 2.5 576460752303423487 -5.764607523034235e17
        - 2.5 -576460752303423488 5.764607523034235e17
        - 2.5 18446744073709551617 -1.8446744073709552e19
        - 2.5 2.5 0.0
        - 2.5 -0.0 2.5
        - -0.0 0 -0.0
        - -0.0 7 -7.0
        - -0.0 -3 3.0
        - -0.0 576460752303423487 -5.764607523034235e17
        - -0.0 -576460752303423488 5.764607523034235e17
        - -0.0 18446744073709551617 -1.8446744073709552e19
        - -0.0 2.5 -2.5
        - -0.0 -0.0 0.0
        * 0 0 0
        * 0 7 0
        * 0 -3 0
        * 0 576460752303423487 0
        * 0 -576460752303423488 0
        * 0 18446744073709551617 0
        * 0 2.5 0.0
        * 0 -0.0 -0.0
        * 7 0 0
        * 7 7 49
        * 7 -3 -21
        * 7 576460752303423487 4035225266123964409
        * 7 -576460752303423488 -4035225266123964416
        * 7 18446744073709551617 129127208515966861319
        * 7 2.5 17.5
        * 7 -0.0 -0.0
        * -3 0 0
        * -3 7 -21
        * -3 -3 9
        * -3 576460752303423487 -1729382256910270461
        * -3 -576460752303423488 1729382256910270464
        * -3 18446744073709551617 -55340232221128654851
        * -3 2.5 -7.5
        * -3 -0.0 0.0
        * 576460752303423487 0 0
        * 576460752303423487 7 4035225266123964409
        * 576460752303423487 -3 -1729382256910270461
        * 576460752303423487 576460752303423487 332306998946228967073030260463239169
        * 576460752303423487 -576460752303423488 -332306998946228967649491012766662656
        * 576460752303423487 18446744073709551617 10633823966279326965360173160836628479
        * 576460752303423487 2.5 1.4411518807585587e18
        * 576460752303423487 -0.0 -0.0
        * -576460752303423488 0 0
        * -576460752303423488 7 -4035225266123964416
        * -576460752303423488 -3 1729382256910270464
        * -576460752303423488 576460752303423487 -332306998946228967649491012766662656
        * -576460752303423488 -576460752303423488 332306998946228968225951765070086144
        * -576460752303423488 18446744073709551617 -10633823966279326983806917234546180096
        * -576460752303423488 2.5 -1.4411518807585587e18
        * -576460752303423488 -0.0 0.0
        * 18446744073709551617 0 0
        * 18446744073709551617 7 129127208515966861319
        * 18446744073709551617 -3 -55340232221128654851
        * 18446744073709551617 576460752303423487 10633823966279326965360173160836628479
        * 18446744073709551617 -576460752303423488 -10633823966279326983806917234546180096
        * 18446744073709551617 18446744073709551617 340282366920938463500268095579187314689
        * 18446744073709551617 2.5 4.611686018427388e19
        * 18446744073709551617 -0.0 -0.0
        * 2.5 0 0.0
        * 2.5 7 17.5
        * 2.5 -3 -7.5
        * 2.5 576460752303423487 1.4411518807585587e18
        * 2.5 -576460752303423488 -1.4411518807585587e18
        * 2.5 18446744073709551617 4.611686018427388e19
        * 2.5 2.5 6.25
        * 2.5 -0.0 -0.0
        * -0.0 0 -0.0
        * -0.0 7 -0.0
        * -0.0 -3 0.0
        * -0.0 576460752303423487 -0.0
        * -0.0 -576460752303423488 0.0
        * -0.0 18446744073709551617 -0.0
        * -0.0 2.5 -0.0
        * -0.0 -0.0 0.0
        / 0 0 badarith
        / 0 7 0.0
        / 0 -3 -0.0
        / 0 576460752303423487 0.0
        / 0 -576460752303423488 -0.0
        / 0 18446744073709551617 0.0
        / 0 2.5 0.0
        / 0 -0.0 badarith
        / 7 0 badarith
        / 7 7 1.0
        / 7 -3 -2.3333333333333335
        / 7 576460752303423487 1.214306433183765e-17
        / 7 -576460752303423488 -1.214306433183765e-17
        / 7 18446744073709551617 3.7947076036992655e-19
        / 7 2.5 2.8
        / 7 -0.0 badarith
        / -3 0 badarith
        / -3 7 -0.42857142857142855
        / -3 -3 1.0
        / -3 576460752303423487 -5.204170427930421e-18
        / -3 -576460752303423488 5.204170427930421e-18
        / -3 18446744073709551617 -1.6263032587282567e-19
        / -3 2.5 -1.2
        / -3 -0.0 badarith
        / 576460752303423487 0 badarith
        / 576460752303423487 7 8.23515360433462e16
        / 576460752303423487 -3 -1.9215358410114115e17
        / 576460752303423487 576460752303423487 1.0
        / 576460752303423487 -576460752303423488 -1.0
        / 576460752303423487 18446744073709551617 0.03125
        / 576460752303423487 2.5 2.305843009213694e17
        / 576460752303423487 -0.0 badarith
        / -576460752303423488 0 badarith
        / -576460752303423488 7 -8.23515360433462e16
        / -576460752303423488 -3 1.9215358410114115e17
        / -576460752303423488 576460752303423487 -1.0
        / -576460752303423488 -576460752303423488 1.0
        / -576460752303423488 18446744073709551617 -0.03125
        / -576460752303423488 2.5 -2.305843009213694e17
        / -576460752303423488 -0.0 badarith
        / 18446744073709551617 0 badarith
        / 18446744073709551617 7 2.6352491533870787e18
        / 18446744073709551617 -3 -6.148914691236517e18
        / 18446744073709551617 576460752303423487 32.0
        / 18446744073709551617 -576460752303423488 -32.0
        / 18446744073709551617 18446744073709551617 1.0
        / 18446744073709551617 2.5 7.378697629483821e18
        / 18446744073709551617 -0.0 badarith
        / 2.5 0 badarith
        / 2.5 7 0.35714285714285715
        / 2.5 -3 -0.8333333333333334
        / 2.5 576460752303423487 4.336808689942018e-18
        / 2.5 -576460752303423488 -4.336808689942018e-18
        / 2.5 18446744073709551617 1.3552527156068805e-19
        / 2.5 2.5 1.0
        / 2.5 -0.0 badarith
        / -0.0 0 badarith
        / -0.0 7 -0.0
        / -0.0 -3 0.0
        / -0.0 576460752303423487 -0.0
        / -0.0 -576460752303423488 0.0
        / -0.0 18446744073709551617 -0.0
        / -0.0 2.5 -0.0
        / -0.0 -0.0 badarith
        div 0 0 badarith
        div 0 7 0
        div 0 -3 0
        div 0 576460752303423487 0
        div 0 -576460752303423488 0
        div 0 18446744073709551617 0
        div 7 0 badarith
        div 7 7 1
        div 7 -3 -2
        div 7 576460752303423487 0
        div 7 -576460752303423488 0
        div 7 18446744073709551617 0
        div -3 0 badarith
        div -3 7 0
        div -3 -3 1
        div -3 576460752303423487 0
        div -3 -576460752303423488 0
        div -3 18446744073709551617 0
        div 576460752303423487 0 badarith
        div 576460752303423487 7 82351536043346212
        div 576460752303423487 -3 -192153584101141162
        div 576460752303423487 576460752303423487 1
        div 576460752303423487 -576460752303423488 0
        div 576460752303423487 18446744073709551617 0
        div -576460752303423488 0 badarith
        div -576460752303423488 7 -82351536043346212
        div -576460752303423488 -3 192153584101141162
        div -576460752303423488 576460752303423487 -1
        div -576460752303423488 -576460752303423488 1
        div -576460752303423488 18446744073709551617 0
        div 18446744073709551617 0 badarith
        div 18446744073709551617 7 2635249153387078802
        div 18446744073709551617 -3 -6148914691236517205
        div 18446744073709551617 576460752303423487 32
        div 18446744073709551617 -576460752303423488 -32
        div 18446744073709551617 18446744073709551617 1
        rem 0 0 badarith
        rem 0 7 0
        rem 0 -3 0
        rem 0 576460752303423487 0
        rem 0 -576460752303423488 0
        rem 0 18446744073709551617 0
        rem 7 0 badarith
        rem 7 7 0
        rem 7 -3 1
        rem 7 576460752303423487 7
        rem 7 -576460752303423488 7
        rem 7 18446744073709551617 7
        rem -3 0 badarith
        rem -3 7 -3
        rem -3 -3 0
        rem -3 576460752303423487 -3
        rem -3 -576460752303423488 -3
        rem -3 18446744073709551617 -3
        rem 576460752303423487 0 badarith
        rem 576460752303423487 7 3
        rem 576460752303423487 -3 1
        rem 576460752303423487 576460752303423487 0
        rem 576460752303423487 -576460752303423488 576460752303423487
        rem 576460752303423487 18446744073709551617 576460752303423487
        rem -576460752303423488 0 badarith
        rem -576460752303423488 7 -4
        rem -576460752303423488 -3 -2
        rem -576460752303423488 576460752303423487 -1
        rem -576460752303423488 -576460752303423488 0
        rem -576460752303423488 18446744073709551617 -576460752303423488
        rem 18446744073709551617 0 badarith
        rem 18446744073709551617 7 3
        rem 18446744073709551617 -3 2
        rem 18446744073709551617 576460752303423487 33
        rem 18446744073709551617 -576460752303423488 1
        rem 18446744073709551617 18446744073709551617 0
        band 0 0 0
        band 0 7 0
        band 0 -3 0
        band 0 576460752303423487 0
        band 0 -576460752303423488 0
        band 0 18446744073709551617 0
        band 7 0 0
        band 7 7 7
        band 7 -3 5
        band 7 576460752303423487 7
        band 7 -576460752303423488 0
        band 7 18446744073709551617 1
        band -3 0 0
        band -3 7 5
        band -3 -3 -3
        band -3 576460752303423487 576460752303423485
        band -3 -576460752303423488 -576460752303423488
        band -3 18446744073709551617 18446744073709551617
        band 576460752303423487 0 0
        band 576460752303423487 7 7
        band 576460752303423487 -3 576460752303423485
        band 576460752303423487 576460752303423487 576460752303423487
        band 576460752303423487 -576460752303423488 0
        band 576460752303423487 18446744073709551617 1
        band -576460752303423488 0 0
        band -576460752303423488 7 0
        band -576460752303423488 -3 -576460752303423488
        band -576460752303423488 576460752303423487 0
        band -576460752303423488 -576460752303423488 -576460752303423488
        band -576460752303423488 18446744073709551617 18446744073709551616
        band 18446744073709551617 0 0
        band 18446744073709551617 7 1
        band 18446744073709551617 -3 18446744073709551617
        band 18446744073709551617 576460752303423487 1
        band 18446744073709551617 -576460752303423488 18446744073709551616
        band 18446744073709551617 18446744073709551617 18446744073709551617
        bor 0 0 0
        bor 0 7 7
        bor 0 -3 -3
        bor 0 576460752303423487 576460752303423487
        bor 0 -576460752303423488 -576460752303423488
        bor 0 18446744073709551617 18446744073709551617
        bor 7 0 7
        bor 7 7 7
        bor 7 -3 -1
        bor 7 576460752303423487 576460752303423487
        bor 7 -576460752303423488 -576460752303423481
        bor 7 18446744073709551617 18446744073709551623
        bor -3 0 -3
        bor -3 7 -1
        bor -3 -3 -3
        bor -3 576460752303423487 -1
        bor -3 -576460752303423488 -3
        bor -3 18446744073709551617 -3
        bor 576460752303423487 0 576460752303423487
        bor 576460752303423487 7 576460752303423487
        bor 576460752303423487 -3 -1
        bor 576460752303423487 576460752303423487 576460752303423487
        bor 576460752303423487 -576460752303423488 -1
        bor 576460752303423487 18446744073709551617 19023204826012975103
        bor -576460752303423488 0 -576460752303423488
        bor -576460752303423488 7 -576460752303423481
        bor -576460752303423488 -3 -3
        bor -576460752303423488 576460752303423487 -1
        bor -576460752303423488 -576460752303423488 -576460752303423488
        bor -576460752303423488 18446744073709551617 -576460752303423487
        bor 18446744073709551617 0 18446744073709551617
        bor 18446744073709551617 7 18446744073709551623
        bor 18446744073709551617 -3 -3
        bor 18446744073709551617 576460752303423487 19023204826012975103
        bor 18446744073709551617 -576460752303423488 -576460752303423487
        bor 18446744073709551617 18446744073709551617 18446744073709551617
        bxor 0 0 0
        bxor 0 7 7
        bxor 0 -3 -3
        bxor 0 576460752303423487 576460752303423487
        bxor 0 -576460752303423488 -576460752303423488
        bxor 0 18446744073709551617 18446744073709551617
        bxor 7 0 7
        bxor 7 7 0
        bxor 7 -3 -6
        bxor 7 576460752303423487 576460752303423480
        bxor 7 -576460752303423488 -576460752303423481
        bxor 7 18446744073709551617 18446744073709551622
        bxor -3 0 -3
        bxor -3 7 -6
        bxor -3 -3 0
        bxor -3 576460752303423487 -576460752303423486
        bxor -3 -576460752303423488 576460752303423485
        bxor -3 18446744073709551617 -18446744073709551620
        bxor 576460752303423487 0 576460752303423487
        bxor 576460752303423487 7 576460752303423480
        bxor 576460752303423487 -3 -576460752303423486
        bxor 576460752303423487 576460752303423487 0
        bxor 576460752303423487 -576460752303423488 -1
        bxor 576460752303423487 18446744073709551617 19023204826012975102
        bxor -576460752303423488 0 -576460752303423488
        bxor -576460752303423488 7 -576460752303423481
        bxor -576460752303423488 -3 576460752303423485
        bxor -576460752303423488 576460752303423487 -1
        bxor -576460752303423488 -576460752303423488 0
        bxor -576460752303423488 18446744073709551617 -19023204826012975103
        bxor 18446744073709551617 0 18446744073709551617
        bxor 18446744073709551617 7 18446744073709551622
        bxor 18446744073709551617 -3 -18446744073709551620
        bxor 18446744073709551617 576460752303423487 19023204826012975102
        bxor 18446744073709551617 -576460752303423488 -19023204826012975103
        bxor 18446744073709551617 18446744073709551617 0
        bsl 0 0 0
        bsl 0 7 0
        bsl 0 -3 0
        bsl 0 576460752303423487 0
        bsl 0 -576460752303423488 0
        bsl 0 18446744073709551617 0
        bsl 7 0 7
        bsl 7 7 896
        bsl 7 -3 0
        bsl 7 576460752303423487 system_limit
        bsl 7 -576460752303423488 0
        bsl 7 18446744073709551617 system_limit
        bsl -3 0 -3
        bsl -3 7 -384
        bsl -3 -3 -1
        bsl -3 576460752303423487 system_limit
        bsl -3 -576460752303423488 -1
        bsl -3 18446744073709551617 system_limit
        bsl 576460752303423487 0 576460752303423487
        bsl 576460752303423487 7 73786976294838206336
        bsl 576460752303423487 -3 72057594037927935
        bsl 576460752303423487 576460752303423487 system_limit
        bsl 576460752303423487 -576460752303423488 0
        bsl 576460752303423487 18446744073709551617 system_limit
        bsl -576460752303423488 0 -576460752303423488
        bsl -576460752303423488 7 -73786976294838206464
        bsl -576460752303423488 -3 -72057594037927936
        bsl -576460752303423488 576460752303423487 system_limit
        bsl -576460752303423488 -576460752303423488 -1
        bsl -576460752303423488 18446744073709551617 system_limit
        bsl 18446744073709551617 0 18446744073709551617
        bsl 18446744073709551617 7 2361183241434822606976
        bsl 18446744073709551617 -3 2305843009213693952
        bsl 18446744073709551617 576460752303423487 system_limit
        bsl 18446744073709551617 -576460752303423488 0
        bsl 18446744073709551617 18446744073709551617 system_limit
        bsr 0 0 0
        bsr 0 7 0
        bsr 0 -3 0
        bsr 0 576460752303423487 0
        bsr 0 -576460752303423488 0
        bsr 0 18446744073709551617 0
        bsr 7 0 7
        bsr 7 7 0
        bsr 7 -3 56
        bsr 7 576460752303423487 0
        bsr 7 -576460752303423488 system_limit
        bsr 7 18446744073709551617 0
        bsr -3 0 -3
        bsr -3 7 -1
        bsr -3 -3 -24
        bsr -3 576460752303423487 -1
        bsr -3 -576460752303423488 system_limit
        bsr -3 18446744073709551617 -1
        bsr 576460752303423487 0 576460752303423487
        bsr 576460752303423487 7 4503599627370495
        bsr 576460752303423487 -3 4611686018427387896
        bsr 576460752303423487 576460752303423487 0
        bsr 576460752303423487 -576460752303423488 system_limit
        bsr 576460752303423487 18446744073709551617 0
        bsr -576460752303423488 0 -576460752303423488
        bsr -576460752303423488 7 -4503599627370496
        bsr -576460752303423488 -3 -4611686018427387904
        bsr -576460752303423488 576460752303423487 -1
        bsr -576460752303423488 -576460752303423488 system_limit
        bsr -576460752303423488 18446744073709551617 -1
        bsr 18446744073709551617 0 18446744073709551617
        bsr 18446744073709551617 7 144115188075855872
        bsr 18446744073709551617 -3 147573952589676412936
        bsr 18446744073709551617 576460752303423487 0
        bsr 18446744073709551617 -576460752303423488 system_limit
        bsr 18446744073709551617 18446744073709551617 0
    ";

    #[test]
    fn operator_grid_matches_otp() {
        check_binary_table(OPERATOR_GRID);
    }

    /// Overflow, conversion, shift and size-limit cases, with results from
    /// `erl` (OTP 25).
    const EDGE_CASES: &str = "
        * 1.0e308 10 badarith
        + 1.0e308 1.0e308 badarith
        * 1.0e-300 1.0e-300 0.0
        / 1 3 0.3333333333333333
        / 1 0 badarith
        / 0.0 0.0 badarith
        / 1 -0.0 badarith
        / 7 2 3.5
        / 6 2 3.0
        + 2^1100 1.0 badarith
        + 27670116110564329473 0.0 2.7670116110564327e19
        * 2^1023 2.0 badarith
        - 2^1023 0.5 8.98846567431158e307
        / 2^1100 2^1090 badarith
        div 1.0 1 badarith
        rem 5 2.0 badarith
        band a 1 badarith
        + a 1.0 badarith
        + 1 a badarith
        - [] 1 badarith
        bsl 1 100 1267650600228229401496703205376
        bsl -1 100 -1267650600228229401496703205376
        bsl 1 -1 0
        bsl -1 -1 -1
        bsl 5 -2^70 0
        bsl -5 -2^70 -1
        bsl 0 2^70 0
        bsl 1 2^70 system_limit
        bsr 2^70 69 2
        bsr -2^70 71 -1
        bsr -2^70-1 70 -2
        bsr 5 2^70 0
        bsr -5 2^70 -1
        bsr 5 -2^70 system_limit
        bsr 1 -100 1267650600228229401496703205376
        bsl 1 1.0 badarith
        bsl 1.0 1 badarith
        bsl 3 33554366 bits33554368.47379623
        bsl 3 33554367 system_limit
        bsl 1 33554367 bits33554368.364919751
        bsl -1 33554367 bits33554368.-364919751
        bsl -1 33554368 system_limit
        div -576460752303423488 -1 576460752303423488
        rem -576460752303423488 -1 0
        div -1267650600228229401496703205383 10 -126765060022822940149670320538
        rem -1267650600228229401496703205383 10 -3
        div 7 -1267650600228229401496703205376 0
        rem 7 -1267650600228229401496703205376 7
        band -2^70 1208925819614629174706175 1207745227993911763402752
        bor -2^70 12345 -1180591620717411291079
        bxor -2^70 -12345 1180591620717411291079
        band -1 36893488147419103232 36893488147419103232
        bxor 36893488147419103232 36893488147419103232 0
        * 576460752303423487 576460752303423487 332306998946228967073030260463239169
        * -576460752303423488 -576460752303423488 332306998946228968225951765070086144
        - -576460752303423488 1 -576460752303423489
        + 576460752303423487 1 576460752303423488
        - 576460752303423488 1 576460752303423487
        + -576460752303423489 1 -576460752303423488
    ";

    #[test]
    fn edge_cases_match_otp() {
        check_binary_table(EDGE_CASES);
    }

    /// Unary operators and guard BIFs, with results from `erl` (OTP 25).
    /// `neg` and `plus` are unary `-` and `+`.
    const UNARY_CASES: &str = "
        neg 0 0
        neg 7 -7
        neg -3 3
        neg 576460752303423487 -576460752303423487
        neg -576460752303423488 576460752303423488
        neg 18446744073709551617 -18446744073709551617
        neg -18446744073709551617 18446744073709551617
        neg 2.5 -2.5
        neg -2.5 2.5
        neg -0.0 0.0
        neg 0.49999999999999994 -0.49999999999999994
        neg 1.0e20 -1.0e20
        neg -1.5e300 1.5e300
        neg 4503599627370497.0 -4503599627370497.0
        neg a badarith
        plus 0 0
        plus 7 7
        plus -3 -3
        plus 576460752303423487 576460752303423487
        plus -576460752303423488 -576460752303423488
        plus 18446744073709551617 18446744073709551617
        plus -18446744073709551617 -18446744073709551617
        plus 2.5 2.5
        plus -2.5 -2.5
        plus -0.0 0.0
        plus 0.49999999999999994 0.49999999999999994
        plus 1.0e20 1.0e20
        plus -1.5e300 -1.5e300
        plus 4503599627370497.0 4503599627370497.0
        plus a badarith
        bnot 0 -1
        bnot 7 -8
        bnot -3 2
        bnot 576460752303423487 -576460752303423488
        bnot -576460752303423488 576460752303423487
        bnot 18446744073709551617 -18446744073709551618
        bnot -18446744073709551617 18446744073709551616
        bnot 2.5 badarith
        bnot -2.5 badarith
        bnot -0.0 badarith
        bnot 0.49999999999999994 badarith
        bnot 1.0e20 badarith
        bnot -1.5e300 badarith
        bnot 4503599627370497.0 badarith
        bnot a badarith
        abs 0 0
        abs 7 7
        abs -3 3
        abs 576460752303423487 576460752303423487
        abs -576460752303423488 576460752303423488
        abs 18446744073709551617 18446744073709551617
        abs -18446744073709551617 18446744073709551617
        abs 2.5 2.5
        abs -2.5 2.5
        abs -0.0 -0.0
        abs 0.49999999999999994 0.49999999999999994
        abs 1.0e20 1.0e20
        abs -1.5e300 1.5e300
        abs 4503599627370497.0 4503599627370497.0
        abs a badarg
        float 0 0.0
        float 7 7.0
        float -3 -3.0
        float 576460752303423487 5.764607523034235e17
        float -576460752303423488 -5.764607523034235e17
        float 18446744073709551617 1.8446744073709552e19
        float -18446744073709551617 -1.8446744073709552e19
        float 2.5 2.5
        float -2.5 -2.5
        float -0.0 -0.0
        float 0.49999999999999994 0.49999999999999994
        float 1.0e20 1.0e20
        float -1.5e300 -1.5e300
        float 4503599627370497.0 4503599627370497.0
        float a badarg
        trunc 0 0
        trunc 7 7
        trunc -3 -3
        trunc 576460752303423487 576460752303423487
        trunc -576460752303423488 -576460752303423488
        trunc 18446744073709551617 18446744073709551617
        trunc -18446744073709551617 -18446744073709551617
        trunc 2.5 2
        trunc -2.5 -2
        trunc -0.0 0
        trunc 0.49999999999999994 0
        trunc 1.0e20 100000000000000000000
        trunc -1.5e300 bits998.-10949839
        trunc 4503599627370497.0 4503599627370497
        trunc a badarg
        round 0 0
        round 7 7
        round -3 -3
        round 576460752303423487 576460752303423487
        round -576460752303423488 -576460752303423488
        round 18446744073709551617 18446744073709551617
        round -18446744073709551617 -18446744073709551617
        round 2.5 3
        round -2.5 -3
        round -0.0 0
        round 0.49999999999999994 0
        round 1.0e20 100000000000000000000
        round -1.5e300 bits998.-10949839
        round 4503599627370497.0 4503599627370497
        round a badarg
        ceil 0 0
        ceil 7 7
        ceil -3 -3
        ceil 576460752303423487 576460752303423487
        ceil -576460752303423488 -576460752303423488
        ceil 18446744073709551617 18446744073709551617
        ceil -18446744073709551617 -18446744073709551617
        ceil 2.5 3
        ceil -2.5 -2
        ceil -0.0 0
        ceil 0.49999999999999994 1
        ceil 1.0e20 100000000000000000000
        ceil -1.5e300 bits998.-10949839
        ceil 4503599627370497.0 4503599627370497
        ceil a badarg
        floor 0 0
        floor 7 7
        floor -3 -3
        floor 576460752303423487 576460752303423487
        floor -576460752303423488 -576460752303423488
        floor 18446744073709551617 18446744073709551617
        floor -18446744073709551617 -18446744073709551617
        floor 2.5 2
        floor -2.5 -3
        floor -0.0 0
        floor 0.49999999999999994 0
        floor 1.0e20 100000000000000000000
        floor -1.5e300 bits998.-10949839
        floor 4503599627370497.0 4503599627370497
        floor a badarg
    ";

    #[test]
    fn unary_cases_match_otp() {
        let mut heap = Heap::default();
        for line in UNARY_CASES.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [op, a, want] = fields[..] else {
                panic!("malformed line {line:?}");
            };
            let ta = parse(&mut heap, a);
            let got = render(unary_op(op)(&mut heap, ta));
            assert_eq!(got, expected(want), "{op}({a})");
        }
    }

    #[test]
    fn integer_operators_reject_floats() {
        let mut heap = Heap::default();
        let ops: [fn(&mut Heap, Term, Term) -> BifResult; 7] =
            [int_div, rem, band, bor, bxor, bsl, bsr];
        let one = Term::small_unchecked(1);
        let half = heap::float(&mut heap, 0.5);
        for op in ops {
            for (a, b) in [(one, half), (half, one), (half, half)] {
                let got = op(&mut heap, a, b);
                assert_eq!(got, Err(Exception::badarith()));
            }
        }
    }

    #[test]
    fn negative_zero_signs() {
        let mut heap = Heap::default();
        let zero = heap::float(&mut heap, 0.0);
        let negative_zero = heap::float(&mut heap, -0.0);
        let negated = neg(&mut heap, zero).unwrap().as_float().unwrap();
        assert!(negated == 0.0 && negated.is_sign_negative());
        let plussed = plus(&mut heap, negative_zero).unwrap().as_float().unwrap();
        assert!(plussed.is_sign_positive());
        let absolute = abs(&mut heap, negative_zero).unwrap().as_float().unwrap();
        assert!(absolute.is_sign_negative());
        let difference = sub(&mut heap, negative_zero, Term::small_unchecked(0)).unwrap();
        assert!(difference.as_float().unwrap().is_sign_negative());
    }

    #[test]
    fn bignum_to_float_rounds_per_digit() {
        let mut heap = Heap::default();
        let n = parse(&mut heap, "27670116110564329473");
        assert_eq!(int_to_float(n), Some(27670116110564327424.0));
        let halfway = (BigInt::from(1) << 1024u32) - (BigInt::from(1) << 970u32);
        let too_big = bignum::from_bigint(&mut heap, &halfway);
        assert_eq!(int_to_float(too_big), None);
        let below = halfway - 1;
        let below = bignum::from_bigint(&mut heap, &below);
        assert_eq!(int_to_float(below), Some(f64::MAX));
        let largest = (BigInt::from(1) << 1024u32) - (BigInt::from(1) << 971u32);
        let largest = bignum::from_bigint(&mut heap, &largest);
        assert_eq!(int_to_float(largest), Some(f64::MAX));
        assert_eq!(float_of(&mut heap, too_big), Err(Exception::badarg()));
    }

    #[test]
    fn size_limit_applies_to_results() {
        let mut heap = Heap::default();
        let top = parse(&mut heap, "2^33554367");
        assert_eq!(add(&mut heap, top, top), Err(Exception::system_limit()));
        let max = sub(&mut heap, top, Term::small_unchecked(1)).unwrap();
        let max = add(&mut heap, max, top).unwrap();
        assert_eq!(bignum::magnitude_bits(max), Some(MAX_BIG_BITS));
        assert_eq!(bnot(&mut heap, max), Err(Exception::system_limit()));
        let one = Term::small_unchecked(1);
        assert_eq!(add(&mut heap, max, one), Err(Exception::system_limit()));
        let base = parse(&mut heap, "2^100");
        let shifted = bsl(&mut heap, base, Term::small_unchecked(33554267));
        assert_eq!(bignum::magnitude_bits(shifted.unwrap()), Some(MAX_BIG_BITS));
        let wide = parse(&mut heap, "2^33554000");
        let factor = parse(&mut heap, "2^367");
        let product = mul(&mut heap, wide, factor).unwrap();
        assert_eq!(bignum::magnitude_bits(product), Some(MAX_BIG_BITS));
        let factor = parse(&mut heap, "2^368");
        assert_eq!(mul(&mut heap, wide, factor), Err(Exception::system_limit()));
    }

    #[test]
    fn wrong_types_raise() {
        let mut heap = Heap::default();
        let atom = Term::atom(atom::OK);
        assert_eq!(add(&mut heap, atom, Term::NIL), Err(Exception::badarith()));
        assert_eq!(neg(&mut heap, Term::NIL), Err(Exception::badarith()));
        assert_eq!(bnot(&mut heap, atom), Err(Exception::badarith()));
        assert_eq!(trunc(&mut heap, Term::NIL), Err(Exception::badarg()));
        assert_eq!(float_of(&mut heap, atom), Err(Exception::badarg()));
        assert_eq!(abs(&mut heap, atom), Err(Exception::badarg()));
    }
}
