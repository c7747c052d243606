//! Conversions between numbers and text: `integer_to_list/1,2`,
//! `list_to_integer/1,2`, `float_to_list/1,2`, `float_to_binary/1,2` and
//! `list_to_float/1`.

use num_bigint::BigInt;

use super::erlang_float_format as float_format;
use crate::atom;
use crate::bignum;
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::Process;
use crate::term::Term;

// ---- integers ----

/// Returns the base argument of the `/2` variants when it is in `2..=36`.
fn expect_base(t: Term) -> Result<u32, Exception> {
    t.as_small()
        .filter(|b| (2..=36).contains(b))
        .map(|b| b as u32)
        .ok_or_else(Exception::badarg)
}

/// Formats an integer term in `base` with upper-case digits, as
/// `integer_to_list/2` does. Returns `None` for other terms.
pub(crate) fn integer_text(t: Term, base: u32) -> Option<String> {
    if let Some(v) = t.as_small() {
        let mut digits = Vec::new();
        let mut magnitude = v.unsigned_abs();
        loop {
            let d = (magnitude % u64::from(base)) as u32;
            digits.push(char::from_digit(d, base)?.to_ascii_uppercase());
            magnitude /= u64::from(base);
            if magnitude == 0 {
                break;
            }
        }
        if v < 0 {
            digits.push('-');
        }
        return Some(digits.into_iter().rev().collect());
    }
    let big = bignum::to_bigint(t)?;
    Some(big.to_str_radix(base).to_ascii_uppercase())
}

fn integer_to_list_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let text = integer_text(args[0], 10).ok_or_else(Exception::badarg)?;
    Ok(heap::byte_list(&mut proc.heap, text.as_bytes()))
}

fn integer_to_list_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let base = expect_base(args[1])?;
    let text = integer_text(args[0], base).ok_or_else(Exception::badarg)?;
    Ok(heap::byte_list(&mut proc.heap, text.as_bytes()))
}

/// Returns the bytes of a proper list of integers in `0..=255`, or `None`
/// for anything else.
fn byte_string(mut list: Term) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    while list.is_cons() {
        let b = u8::try_from(list.head().as_small()?).ok()?;
        bytes.push(b);
        list = list.tail();
    }
    list.is_nil().then_some(bytes)
}

/// Parses an optional sign followed by one or more digits of `base`, upper
/// or lower case, with nothing else around them.
pub(crate) fn parse_integer(text: &[u8], base: u32) -> Option<BigInt> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(|&d| (d as char).is_digit(base)) {
        return None;
    }
    let magnitude = BigInt::parse_bytes(digits, base)?;
    Some(if negative { -magnitude } else { magnitude })
}

fn list_to_integer_with(proc: &mut Process, list: Term, base: u32) -> BifResult {
    let text = byte_string(list).ok_or_else(Exception::badarg)?;
    let value = parse_integer(&text, base).ok_or_else(Exception::badarg)?;
    Ok(bignum::from_bigint(&mut proc.heap, &value))
}

fn list_to_integer_1(proc: &mut Process, args: &[Term]) -> BifResult {
    list_to_integer_with(proc, args[0], 10)
}

fn list_to_integer_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let base = expect_base(args[1])?;
    list_to_integer_with(proc, args[0], base)
}

// ---- floats ----

/// The notation `float_to_list/2` options select.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FloatFormat {
    /// No notation option: `%.20e`.
    Legacy,
    Short,
    Decimals(i64),
    Scientific(i64),
}

/// Parses `float_to_list/2` options as OTP 25 does: the last notation
/// option wins, `compact` only affects `{decimals, N}`, and any other
/// element or an improper list raises badarg.
fn parse_float_options(mut options: Term) -> Result<(FloatFormat, bool), Exception> {
    let mut format = FloatFormat::Legacy;
    let mut compact = false;
    while options.is_cons() {
        let option = options.head();
        if option == Term::atom(atom::COMPACT) {
            compact = true;
        } else if option == Term::atom(atom::SHORT) {
            format = FloatFormat::Short;
        } else if option.tuple_arity() == Some(2) {
            let value = option.element(1).as_small().ok_or_else(Exception::badarg)?;
            format = match option.element(0).as_atom() {
                Some(atom::DECIMALS) => FloatFormat::Decimals(value),
                Some(atom::SCIENTIFIC) => FloatFormat::Scientific(value),
                _ => return Err(Exception::badarg()),
            };
        } else {
            return Err(Exception::badarg());
        }
        options = options.tail();
    }
    if !options.is_nil() {
        return Err(Exception::badarg());
    }
    Ok((format, compact))
}

/// Formats a float term as `float_to_list(Float, Options)` does.
fn float_text(value: Term, options: Term) -> Result<String, Exception> {
    let f = value.as_float().ok_or_else(Exception::badarg)?;
    let (format, compact) = parse_float_options(options)?;
    let text = match format {
        FloatFormat::Legacy => Some(float_format::legacy(f)),
        FloatFormat::Short => Some(crate::print::format_float_short(f)),
        FloatFormat::Decimals(n) => float_format::fixed(f, n, compact),
        FloatFormat::Scientific(n) => float_format::scientific(f, n),
    };
    text.ok_or_else(Exception::badarg)
}

fn float_to_list_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let text = float_text(args[0], Term::NIL)?;
    Ok(heap::byte_list(&mut proc.heap, text.as_bytes()))
}

fn float_to_list_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let text = float_text(args[0], args[1])?;
    Ok(heap::byte_list(&mut proc.heap, text.as_bytes()))
}

fn float_to_binary_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let text = float_text(args[0], Term::NIL)?;
    Ok(heap::binary(&mut proc.heap, text.as_bytes()))
}

fn float_to_binary_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let text = float_text(args[0], args[1])?;
    Ok(heap::binary(&mut proc.heap, text.as_bytes()))
}

fn list_to_float(proc: &mut Process, args: &[Term]) -> BifResult {
    let text = byte_string(args[0]).ok_or_else(Exception::badarg)?;
    let value = float_format::parse(&text).ok_or_else(Exception::badarg)?;
    Ok(heap::float(&mut proc.heap, value))
}

crate::bif_table![
    ("erlang", "integer_to_list", 1, integer_to_list_1),
    ("erlang", "integer_to_list", 2, integer_to_list_2),
    ("erlang", "list_to_integer", 1, list_to_integer_1),
    ("erlang", "list_to_integer", 2, list_to_integer_2),
    ("erlang", "float_to_list", 1, float_to_list_1),
    ("erlang", "float_to_list", 2, float_to_list_2),
    ("erlang", "float_to_binary", 1, float_to_binary_1),
    ("erlang", "float_to_binary", 2, float_to_binary_2),
    ("erlang", "list_to_float", 1, list_to_float),
];

#[cfg(test)]
mod tests {
    use super::super::erlang::test_support::check;
    use super::*;

    // Expected outputs were printed by Erlang/OTP 25 (erts 13.1.5).

    fn chars(text: &str) -> String {
        let codes: Vec<String> = text.bytes().map(|b| b.to_string()).collect();
        format!("[{}]", codes.join(","))
    }

    #[test]
    fn integer_to_list_in_bases() {
        let cases: &[(&str, &str, &str)] = &[
            ("0", "10", "0"),
            ("-255", "16", "-FF"),
            ("255", "36", "73"),
            ("1180591620717411303424", "36", "6X5KXTVUWILUKG"),
            ("-18446744073709551616", "16", "-10000000000000000"),
            ("123456789", "2", "111010110111100110100010101"),
        ];
        let mut proc = super::super::erlang::test_support::process();
        for &(value, base, expected) in cases {
            let got = super::super::erlang::test_support::call(
                &mut proc,
                integer_to_list_2,
                &[value, base],
            );
            assert_eq!(got, chars(expected), "integer_to_list({value}, {base})");
        }
        check(
            integer_to_list_2,
            "integer_to_list",
            &[
                (&["1", "37"], "error:badarg"),
                (&["1", "1"], "error:badarg"),
                (&["1.0", "10"], "error:badarg"),
            ],
        );
        check(
            integer_to_list_1,
            "integer_to_list",
            &[(&["-12"], "[45,49,50]"), (&["a"], "error:badarg")],
        );
    }

    #[test]
    fn list_to_integer_errors() {
        check(
            list_to_integer_1,
            "list_to_integer",
            &[
                (&["\"+\""], "error:badarg"),
                (&["\"-\""], "error:badarg"),
                (&["\"\""], "error:badarg"),
                (&["\"+12\""], "12"),
                (&["\"-0012\""], "-12"),
                (&["\"1 \""], "error:badarg"),
                (&["[49|50]"], "error:badarg"),
                (&["\"--1\""], "error:badarg"),
                (&["\"+-1\""], "error:badarg"),
                (
                    &["\"123456789012345678901234567890\""],
                    "123456789012345678901234567890",
                ),
                (&["[49,256]"], "error:badarg"),
                (&["a"], "error:badarg"),
            ],
        );
        check(
            list_to_integer_2,
            "list_to_integer",
            &[
                (&["\"ff\"", "16"], "255"),
                (&["\"FF\"", "16"], "255"),
                (&["\"z\"", "36"], "35"),
                (&["\"-Zz\"", "36"], "-1295"),
                (
                    &["\"7fffffffffffffffffff\"", "16"],
                    "604462909807314587353087",
                ),
                (&["\"12\"", "2"], "error:badarg"),
                (&["\"12\"", "37"], "error:badarg"),
                (&["\"12\"", "a"], "error:badarg"),
                (&["\"12\"", "1180591620717411303424"], "error:badarg"),
            ],
        );
    }

    #[test]
    fn float_to_list_options() {
        check(
            float_to_list_2,
            "float_to_list",
            &[
                (
                    &["1.5", "[{decimals,2},{scientific,3}]"],
                    &chars("1.500e+00"),
                ),
                (&["1.5", "[{scientific,3},{decimals,2}]"], &chars("1.50")),
                (&["1.5", "[short,{decimals,2}]"], &chars("1.50")),
                (&["1.5", "[{decimals,2},short]"], &chars("1.5")),
                (&["1.5", "[compact,{scientific,2}]"], &chars("1.50e+00")),
                (&["1.5", "[{scientific,-1}]"], &chars("1.500000e+00")),
                (&["2.675", "[{decimals,2}]"], &chars("2.67")),
                (&["0.125", "[{decimals,2}]"], &chars("0.13")),
                (&["1.5", "[{decimals,254}]"], "error:badarg"),
                (&["1.5", "[{decimals,-1}]"], "error:badarg"),
                (&["1.5", "[bad]"], "error:badarg"),
                (&["1.5", "[{decimals,2}|x]"], "error:badarg"),
                (&["1.5", "x"], "error:badarg"),
                (&["1.5", "[{decimals,1.0}]"], "error:badarg"),
                (&["1.5e300", "[{decimals,0}]"], "error:badarg"),
                (&["1", "[]"], "error:badarg"),
            ],
        );
        check(
            float_to_list_1,
            "float_to_list",
            &[(&["0.1"], &chars("1.00000000000000005551e-01"))],
        );
        check(
            float_to_binary_2,
            "float_to_binary",
            &[
                (&["1.5", "[short]"], "<<49,46,53>>"),
                (&["2.5", "[{decimals,0}]"], "<<51>>"),
            ],
        );
    }

    #[test]
    fn float_to_list_short_matches_otp() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1.0e20, "1.0e20"),
            (1.0e-20, "1.0e-20"),
            (123456789.0, "123456789.0"),
            (-0.0, "-0.0"),
            (5.0e-324, "5.0e-324"),
            (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (1.0e15, "1.0e15"),
            (12345678901234567.0, "1.2345678901234568e16"),
            (0.001, "0.001"),
            (1.0e-5, "1.0e-5"),
            (9007199254740992.0, "9.007199254740992e15"),
            (123456789012.0, "123456789012.0"),
            (0.000123, "1.23e-4"),
            (0.0001, "0.0001"),
            (1000.0, "1.0e3"),
            (12300000.0, "1.23e7"),
            (4503599627370495.5, "4503599627370495.5"),
            (4503599627370497.0, "4503599627370497.0"),
            (3.602879701896397e16, "3.602879701896397e16"),
            (-(1049403755532505.0 + 0.25), "-1049403755532505.2"),
        ];
        let mut proc = super::super::erlang::test_support::process();
        for (value, expected) in cases {
            let float = heap::float(&mut proc.heap, value);
            let options = heap::list(&mut proc.heap, &[Term::atom(atom::SHORT)]);
            let text = float_to_list_2(&mut proc, &[float, options]).expect("a float");
            let bytes: Vec<u8> = super::super::list_to_vec(text)
                .expect("a list")
                .iter()
                .filter_map(|c| c.as_small().map(|c| c as u8))
                .collect();
            assert_eq!(
                String::from_utf8_lossy(&bytes),
                expected,
                "[short] of {value:e}"
            );
        }
    }

    #[test]
    fn list_to_float_syntax() {
        check(
            list_to_float,
            "list_to_float",
            &[
                (&["\"1.0\""], "1.0"),
                (&["\"1\""], "error:badarg"),
                (&["\"1,5\""], "1.5"),
                (&["\"+1.5\""], "1.5"),
                (&["\"1.5E+3\""], "1500.0"),
                (&["\"1.e3\""], "error:badarg"),
                (&["\"1.0e400\""], "error:badarg"),
                (&["\"1.0e-400\""], "0.0"),
                (&["\".5\""], "error:badarg"),
                (&["\"1.5 \""], "error:badarg"),
                (&["\"-0.0\""], "-0.0"),
                (&["[49,46,48|x]"], "error:badarg"),
            ],
        );
    }
}
