//! Float text conversions of `float_to_list/1,2` and `list_to_float/1`,
//! reproducing OTP 25's C code digit for digit.
//!
//! Besides `short`, which is `print::format_float_short`, OTP formats with
//! three routines, all reproduced here:
//!
//! - `printf("%.*e")` for the default format and `{scientific, N}`,
//! - a fast fixed-point routine for `{decimals, N}` below 19 decimals and
//!   magnitudes up to 2^53, which rounds half away from zero in `f64`
//!   arithmetic (so `2.675` with 2 decimals gives `2.67`, but `0.125`
//!   gives `0.13`),
//! - `printf("%.*f")` for the other `{decimals, N}` cases.
//!
//! The `printf` cases are computed from the exact binary value of the
//! float with round-half-even, as glibc does, so they do not depend on
//! Rust's float formatting. Every result must fit OTP's 256-byte buffer,
//! or the BIF raises badarg.

use num_bigint::BigUint;

/// Size of the character buffer OTP formats into. A result of this many
/// characters or more does not fit with its terminating NUL.
const BUFFER_SIZE: usize = 256;

/// Precision `printf` uses when given a negative one.
const DEFAULT_PRECISION: usize = 6;

/// Decimals above which, and magnitudes above which, the fixed-point
/// format falls back to `printf("%.*f")`.
const FAST_MAX_DECIMALS: i64 = 19;
const FAST_MAX_MAGNITUDE: f64 = 9_007_199_254_740_992.0; // 2^53

/// The scale factors of the fast fixed-point format, each exact in `f64`.
const POWERS_OF_TEN: [f64; FAST_MAX_DECIMALS as usize] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18,
];

/// The exact decimal expansion of a finite float's magnitude: the value is
/// `0.d1 d2 d3 ... * 10^point`, with no leading zero digit. Zero has no
/// digits.
struct Exact {
    digits: Vec<u8>,
    point: i64,
}

impl Exact {
    fn of(value: f64) -> Exact {
        let bits = value.abs().to_bits();
        let exponent_bits = (bits >> 52) as i64;
        let fraction = bits & ((1u64 << 52) - 1);
        let (mantissa, exponent) = if exponent_bits == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1u64 << 52), exponent_bits - 1075)
        };
        if mantissa == 0 {
            return Exact {
                digits: Vec::new(),
                point: 0,
            };
        }
        // mantissa * 2^exponent = mantissa * 5^-exponent / 10^-exponent
        // when the exponent is negative, which turns the binary fraction
        // into an exact decimal one.
        let (integer, scale) = if exponent >= 0 {
            (BigUint::from(mantissa) << exponent as usize, 0)
        } else {
            let five = BigUint::from(5u32).pow((-exponent) as u32);
            (BigUint::from(mantissa) * five, -exponent)
        };
        let mut digits = integer.to_str_radix(10).into_bytes();
        let point = digits.len() as i64 - scale;
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        Exact { digits, point }
    }

    /// Rounds to the first `keep` digits, half to even as glibc's printf
    /// does in the default rounding mode. Returns the digits, zero-padded
    /// to `keep`, and the decimal point, which moves up by one when the
    /// rounding carries out of the kept digits. A negative `keep` rounds
    /// the whole value to zero.
    fn rounded(&self, keep: i64) -> (Vec<u8>, i64) {
        if keep < 0 {
            return (Vec::new(), self.point);
        }
        let keep = keep as usize;
        let mut out: Vec<u8> = self.digits.iter().take(keep).copied().collect();
        out.resize(keep, b'0');
        if keep >= self.digits.len() {
            return (out, self.point);
        }
        let next = self.digits[keep];
        let rest_nonzero = self.digits[keep + 1..].iter().any(|&d| d != b'0');
        let previous_odd = keep > 0 && (self.digits[keep - 1] - b'0') % 2 == 1;
        let round_up = next > b'5' || (next == b'5' && (rest_nonzero || previous_odd));
        if !round_up || increment(&mut out) {
            return (out, self.point);
        }
        // Every kept digit was a nine, or none was kept: the result is one
        // unit at the next higher position.
        let mut carried = vec![b'1'];
        carried.resize(keep.max(1), b'0');
        (carried, self.point + 1)
    }
}

/// Adds one to a decimal digit string; returns `false` when it overflows
/// (all nines), leaving all zeros.
fn increment(digits: &mut [u8]) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return true;
        }
    }
    false
}

fn fits(text: String) -> Option<String> {
    (text.len() < BUFFER_SIZE).then_some(text)
}

/// Formats like C's `printf("%.*e", precision, value)`. A negative
/// precision means 6, as in C. Returns `None` when the text does not fit
/// OTP's buffer.
pub fn scientific(value: f64, precision: i64) -> Option<String> {
    let precision = if precision < 0 {
        DEFAULT_PRECISION
    } else if precision as usize >= BUFFER_SIZE {
        return None;
    } else {
        precision as usize
    };

    let exact = Exact::of(value);
    let (digits, exponent) = if exact.digits.is_empty() {
        (vec![b'0'; precision + 1], 0)
    } else {
        let (digits, point) = exact.rounded(precision as i64 + 1);
        (digits, point - 1)
    };

    let mut text = String::with_capacity(precision + 8);
    if value.is_sign_negative() {
        text.push('-');
    }
    text.push(digits[0] as char);
    if precision > 0 {
        text.push('.');
        text.extend(digits[1..].iter().map(|&d| d as char));
    }
    text.push('e');
    text.push(if exponent < 0 { '-' } else { '+' });
    let magnitude = exponent.unsigned_abs();
    if magnitude < 10 {
        text.push('0');
    }
    text.push_str(&magnitude.to_string());
    fits(text)
}

/// Formats like C's `printf("%.*f", decimals, value)`.
fn printf_fixed(value: f64, decimals: usize) -> String {
    let exact = Exact::of(value);
    let (digits, point) = if exact.digits.is_empty() {
        (Vec::new(), 0)
    } else {
        exact.rounded(exact.point + decimals as i64)
    };
    // The digit for 10^position; positions the digits do not cover are
    // zeros.
    let digit_at = |position: i64| -> char {
        let index = point - 1 - position;
        usize::try_from(index)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or('0', |&d| d as char)
    };
    let mut text = String::new();
    if value.is_sign_negative() {
        text.push('-');
    }
    for position in (0..=(point - 1).max(0)).rev() {
        text.push(digit_at(position));
    }
    if decimals > 0 {
        text.push('.');
        for position in 1..=decimals as i64 {
            text.push(digit_at(-position));
        }
    }
    text
}

/// Strips trailing zeros as OTP's `compact` option does: back to the last
/// nonzero digit, keeping one zero after a decimal point. Text without a
/// decimal point loses its trailing zeros too, as in OTP 25, so `1.0e20`
/// with 0 decimals and `compact` gives `"1"`.
fn strip_trailing_zeros(text: &mut String) {
    let kept = text.trim_end_matches('0').len();
    let keep_one = text.as_bytes().get(kept.wrapping_sub(1)) == Some(&b'.');
    text.truncate(if keep_one { kept + 1 } else { kept });
}

/// Formats `value` with `decimals` digits after the point, as
/// `float_to_list(Value, [{decimals, Decimals}])` does, trimming trailing
/// zeros when `compact` is set. Returns `None` for negative decimals and
/// for text that does not fit OTP's buffer.
pub fn fixed(value: f64, decimals: i64, compact: bool) -> Option<String> {
    if decimals < 0 {
        return None;
    }
    let magnitude = value.abs();
    if magnitude > FAST_MAX_MAGNITUDE || decimals >= FAST_MAX_DECIMALS {
        // A result over the buffer size is rejected before any trimming.
        let decimals = usize::try_from(decimals)
            .ok()
            .filter(|&d| d < BUFFER_SIZE)?;
        let mut text = fits(printf_fixed(value, decimals))?;
        if compact {
            strip_trailing_zeros(&mut text);
        }
        return Some(text);
    }

    let mut text = String::new();
    if value.is_sign_negative() {
        text.push('-');
    }
    if decimals == 0 {
        // C's lround: half away from zero. The magnitude is at most 2^53,
        // so the cast is exact.
        text.push_str(&(magnitude.round() as u64).to_string());
        return Some(text);
    }

    let scale = POWERS_OF_TEN[decimals as usize];
    let whole = magnitude.floor();
    let fraction = ((magnitude - whole) * scale).round();
    let (whole, fraction) = if fraction >= scale {
        (whole as u64 + 1, 0)
    } else {
        (whole as u64, fraction as u64)
    };

    text.push_str(&whole.to_string());
    text.push('.');
    let fraction_text = fraction.to_string();
    let width = decimals as usize;
    text.extend(std::iter::repeat_n(
        '0',
        width.saturating_sub(fraction_text.len()),
    ));
    text.push_str(&fraction_text);
    if compact {
        strip_trailing_zeros(&mut text);
    }
    Some(text)
}

/// Formats `value` as `float_to_list/1` does, with `%.20e`.
pub fn legacy(value: f64) -> String {
    scientific(value, 20).unwrap_or_default()
}

/// Parses the text of `list_to_float/1`: an optional sign, digits, a `.`
/// or `,`, digits, and an optional exponent, exactly as OTP's
/// `sys_chars_to_double` accepts. Returns `None` for anything else and
/// for values too large for a float; values too small become zero or a
/// subnormal, as with C's `strtod`.
pub fn parse(text: &[u8]) -> Option<f64> {
    let mut i = 0;
    let digits_from = |i: usize| text[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    if matches!(text.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let whole = digits_from(i);
    if whole == 0 {
        return None;
    }
    i += whole;
    if !matches!(text.get(i), Some(b'.' | b',')) {
        return None;
    }
    i += 1;
    let fraction = digits_from(i);
    if fraction == 0 {
        return None;
    }
    i += fraction;

    if matches!(text.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exponent = digits_from(i);
        if exponent == 0 {
            return None;
        }
        i += exponent;
    }
    if i != text.len() {
        return None;
    }

    let normalized: String = text
        .iter()
        .map(|&b| if b == b',' { '.' } else { b as char })
        .collect();
    normalized.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected texts below were printed by float_to_list/2 of Erlang/OTP
    // 25 (erts 13.1.5).

    #[test]
    fn legacy_matches_otp() {
        let cases = [
            (1.0, "1.00000000000000000000e+00"),
            (0.1, "1.00000000000000005551e-01"),
            (2.675, "2.67499999999999982236e+00"),
            (-2.5, "-2.50000000000000000000e+00"),
            (1.0e-20, "9.99999999999999945153e-21"),
            (0.0, "0.00000000000000000000e+00"),
            (-0.0, "-0.00000000000000000000e+00"),
            (1.5e300, "1.50000000000000007876e+300"),
            (5.0e-324, "4.94065645841246544177e-324"),
            (1.0e23, "9.99999999999999916114e+22"),
        ];
        for (value, expected) in cases {
            assert_eq!(legacy(value), expected, "float_to_list({value:e})");
        }
    }

    #[test]
    fn scientific_matches_otp() {
        let cases = [
            (1.0, 0, "1e+00"),
            (0.125, 0, "1e-01"),
            (2.675, 0, "3e+00"),
            (-2.5, 0, "-2e+00"),
            (-0.0, 0, "-0e+00"),
            (123.456, 3, "1.235e+02"),
            (0.125, 3, "1.250e-01"),
            (5.0e-324, 3, "4.941e-324"),
            (0.1, 30, "1.000000000000000055511151231258e-01"),
            (1.0e23, 30, "9.999999999999999161139200000000e+22"),
            (1.5, -1, "1.500000e+00"),
            (1.5, -1000, "1.500000e+00"),
        ];
        for (value, precision, expected) in cases {
            assert_eq!(
                scientific(value, precision).as_deref(),
                Some(expected),
                "{{scientific, {precision}}} of {value:e}"
            );
        }
    }

    #[test]
    fn scientific_rejects_text_over_buffer() {
        assert_eq!(scientific(1.5, 249).map(|t| t.len()), Some(255));
        assert_eq!(scientific(1.5, 250), None);
        assert_eq!(scientific(-1.5, 249), None);
        assert_eq!(scientific(-1.5, 248).map(|t| t.len()), Some(255));
    }

    #[test]
    fn fixed_matches_otp() {
        let cases: &[(f64, i64, bool, &str)] = &[
            (1.0, 0, false, "1"),
            (0.1, 2, false, "0.10"),
            (0.125, 2, false, "0.13"),
            (2.675, 2, false, "2.67"),
            (-2.5, 0, false, "-3"),
            (-2.5, 2, true, "-2.5"),
            (1.0e20, 2, false, "100000000000000000000.00"),
            (1.0e20, 2, true, "100000000000000000000.0"),
            (1.0e-20, 20, false, "0.00000000000000000001"),
            (0.1, 20, false, "0.10000000000000000555"),
            (0.0001, 20, true, "0.0001"),
            (-0.0, 0, false, "-0"),
            (-0.0, 2, false, "-0.00"),
            (123.456, 18, false, "123.456000000000003072"),
            (123.456, 19, false, "123.4560000000000030695"),
            (0.1, 18, false, "0.100000000000000000"),
            (0.005, 2, false, "0.01"),
            (0.015, 2, false, "0.02"),
            (0.025, 2, false, "0.03"),
            (1.005, 2, false, "1.00"),
            (1.115, 2, false, "1.12"),
            (9007199254740993.0, 2, false, "9007199254740992.00"),
            (1.0e19, 2, false, "10000000000000000000.00"),
            (0.5, 0, false, "1"),
            (0.49999999999999994, 0, false, "0"),
            (1.0e20, 0, true, "1"),
            (18014398509481984.0, 1, true, "18014398509481984.0"),
            (0.1, 0, true, "0"),
            (10.0, 0, true, "10"),
            (
                1.0e15 + 0.3,
                18,
                false,
                "1000000000000000.250000000000000000",
            ),
            (5.0e-19, 18, false, "0.000000000000000001"),
            (9.5, 0, false, "10"),
            (0.95, 1, false, "1.0"),
            (0.99999, 2, false, "1.00"),
            (99.999, 2, true, "100.0"),
            (1.0e-10, 5, true, "0.0"),
            (1.0e23, 2, false, "99999999999999991611392.00"),
        ];
        for &(value, decimals, compact, expected) in cases {
            assert_eq!(
                fixed(value, decimals, compact).as_deref(),
                Some(expected),
                "{{decimals, {decimals}}} compact={compact} of {value:e}"
            );
        }
    }

    #[test]
    fn fixed_rejects_negative_and_oversized() {
        assert_eq!(fixed(1.5, -1, false), None);
        assert_eq!(fixed(1.5, 253, false).map(|t| t.len()), Some(255));
        assert_eq!(fixed(1.5, 254, false), None);
        assert_eq!(fixed(1.5e300, 0, false), None);
        assert_eq!(fixed(-1.5, 252, false).map(|t| t.len()), Some(255));
        assert_eq!(fixed(-1.5, 253, false), None);
        let expected = "99999999999999996973312221251036165947450327545502362648241750950346848\
                        435554075534196338404706251868027512415973882408182135734368278484639385\
                        041047239877871023591066789981811181813306167128854888448.0000000000";
        assert_eq!(fixed(1.0e200, 10, false).as_deref(), Some(expected));
    }

    #[test]
    fn parse_accepts_otp_syntax() {
        assert_eq!(parse(b"1.0"), Some(1.0));
        assert_eq!(parse(b"1,5"), Some(1.5));
        assert_eq!(parse(b"+1.5"), Some(1.5));
        assert_eq!(parse(b"1.5E+3"), Some(1500.0));
        assert_eq!(parse(b"1.0e-400"), Some(0.0));
        assert_eq!(parse(b"1.0e-310"), Some(1.0e-310));
        assert_eq!(parse(b"-0.0").map(f64::is_sign_negative), Some(true));
    }

    #[test]
    fn parse_rejects_invalid_text() {
        for text in [
            "1", "1.e3", ".5", "1.5 ", "1.0e400", "1.0e", "1.0e+", "", "-", "1.5e3x",
        ] {
            assert_eq!(parse(text.as_bytes()), None, "{text:?}");
        }
    }
}
