//! The `~e`, `~f` and `~g` control sequences of `io_lib:format/2`.
//!
//! OTP 25 does not round the float itself: it takes the 21 significant
//! digits that `float_to_list/1` prints (`printf("%.20e")`) and rounds that
//! decimal string half up at the requested precision. So `~.2f` of 2.675
//! is `2.67` (its digits are 2.67499999...), while 0.125 gives `0.13`.

use crate::bif::erlang_float_format;

/// Returns the digits of `|value|` as `float_to_list/1` prints them and
/// the position of the decimal point: `0.d1d2... * 10^point`.
fn float_data(value: f64) -> (Vec<u8>, i64) {
    let text = erlang_float_format::scientific(value.abs(), 20).unwrap_or_default();
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    (digits, exponent + 1)
}

/// Rounds `digits` (a decimal fraction with the point after `whole`
/// digits) to `whole` digits, a point and `fraction` digits, half up.
/// Returns the text and whether a carry ran out of the first digit, in
/// which case the text is all zeros and the caller prepends a `1`.
fn round_digits(digits: &[u8], whole: usize, fraction: usize) -> (Vec<u8>, bool) {
    let digit_count = whole + fraction;
    let mut out: Vec<u8> = digits.iter().copied().take(digit_count).collect();
    out.resize(digit_count, b'0');
    let round_up = digits.get(digit_count).is_some_and(|&d| d >= b'5');
    let mut carry = round_up;
    if carry {
        for d in out.iter_mut().rev() {
            if *d == b'9' {
                *d = b'0';
            } else {
                *d += 1;
                carry = false;
                break;
            }
        }
    }
    out.insert(whole, b'.');
    (out, carry)
}

fn sign(value: f64) -> &'static str {
    if value.is_sign_negative() { "-" } else { "" }
}

/// Formats `value` as `~.Pe` does, `precision` being the number of
/// significant digits (at least 2): `1.23e+4`, `-5.0e-3`.
pub fn scientific(value: f64, precision: usize) -> String {
    let (digits, point) = float_data(value);
    let (mantissa, carry) = round_digits(&digits, 1, precision - 1);
    let (mantissa, exponent) = if carry {
        let mut carried = vec![b'1'];
        carried.extend_from_slice(&mantissa[1..]);
        (carried, point)
    } else {
        (mantissa, point - 1)
    };
    let mut out = String::from(sign(value));
    out.push_str(&String::from_utf8_lossy(&mantissa));
    if exponent >= 0 {
        out.push_str(&format!("e+{exponent}"));
    } else {
        out.push_str(&format!("e{exponent}"));
    }
    out
}

/// Formats `value` as `~.Pf` does, with `precision` (at least 1) digits
/// after the point.
pub fn fixed(value: f64, precision: usize) -> String {
    let (mut digits, mut point) = float_data(value);
    if point <= 0 {
        // Prepend zeros so that one whole digit comes before the point.
        let zeros = (1 - point) as usize;
        digits.splice(0..0, std::iter::repeat_n(b'0', zeros));
        point = 1;
    }
    let (text, carry) = round_digits(&digits, point as usize, precision);
    let mut out = String::from(sign(value));
    if carry {
        out.push('1');
    }
    out.push_str(&String::from_utf8_lossy(&text));
    out
}

/// The choice `~.Pg` makes between fixed and scientific notation.
#[derive(Debug, PartialEq, Eq)]
pub enum General {
    /// `~f` with this many digits after the point.
    Fixed(usize),
    /// `~e` with this many significant digits.
    Scientific(usize),
}

/// Chooses the notation of `~.Pg` for `value`, `precision` being at least
/// 1: fixed notation with `P` significant digits for magnitudes from 0.1
/// up to 10^4, else scientific notation.
pub fn general(value: f64, precision: usize) -> General {
    let magnitude = value.abs();
    // The position of the first significant digit, for magnitudes where
    // fixed notation is used; beyond 10^4 there is none.
    let exponent: Option<i64> = if magnitude < 0.1 {
        Some(-2)
    } else if magnitude < 1.0 {
        Some(-1)
    } else if magnitude < 10.0 {
        Some(0)
    } else if magnitude < 100.0 {
        Some(1)
    } else if magnitude < 1000.0 {
        Some(2)
    } else if magnitude < 10000.0 {
        Some(3)
    } else {
        None
    };
    let p = precision as i64;
    match exponent {
        Some(-1) if p <= 1 => General::Fixed((p - 1 - -1) as usize),
        Some(e) if p - 1 > e && e >= -1 => General::Fixed((p - 1 - e) as usize),
        _ if p <= 1 => General::Scientific(2),
        _ => General::Scientific(precision),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_like_erl() {
        let cases: &[(f64, usize, &str)] = &[
            (1.0, 6, "1.00000e+0"),
            (-0.0, 6, "-0.00000e+0"),
            (1.0e-10, 6, "1.00000e-10"),
            (9.9999, 3, "1.00e+1"),
            (1.0e100, 6, "1.00000e+100"),
            (12345.678, 4, "1.235e+4"),
            (1.0 / 3.0, 15, "3.33333333333333e-1"),
        ];
        for &(value, precision, expected) in cases {
            assert_eq!(
                scientific(value, precision),
                expected,
                "{value} {precision}"
            );
        }
    }

    #[test]
    fn fixed_like_erl() {
        let cases: &[(f64, usize, &str)] = &[
            (0.125, 2, "0.13"),
            (2.675, 2, "2.67"),
            (-0.0, 6, "-0.000000"),
            (9.9999, 3, "10.000"),
            (1.0e20, 6, "100000000000000000000.000000"),
            (1.0e-20, 6, "0.000000"),
            (0.95, 1, "0.9"),
            (0.1, 20, "0.10000000000000000555"),
        ];
        for &(value, precision, expected) in cases {
            assert_eq!(fixed(value, precision), expected, "{value} {precision}");
        }
    }

    #[test]
    fn general_picks_notation_like_erl() {
        assert_eq!(general(1.0e4, 6), General::Scientific(6));
        assert_eq!(general(9999.5, 6), General::Fixed(2));
        assert_eq!(general(0.1, 6), General::Fixed(6));
        assert_eq!(general(0.09999, 6), General::Scientific(6));
        assert_eq!(general(0.5, 1), General::Fixed(1));
        assert_eq!(general(100.0, 3), General::Scientific(3));
        assert_eq!(general(5.0, 1), General::Scientific(2));
    }
}
