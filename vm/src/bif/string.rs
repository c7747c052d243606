//! The `string` module's native number parsers, which `string:to_integer/1`
//! and `string:to_float/1` call.

use num_bigint::BigInt;

use crate::atom::{self, Atom};
use crate::exception::BifResult;
use crate::heap;
use crate::process::Process;
use crate::term::Term;

/// Collects the leading characters of a list, stopping at a non-character
/// or an improper tail. Returns `None` when `t` is not a list.
fn leading_chars(t: Term) -> Option<(Vec<u32>, Vec<Term>)> {
    if !t.is_list() {
        return None;
    }
    let mut chars = Vec::new();
    let mut cells = Vec::new();
    let mut rest = t;
    while rest.is_cons() {
        match rest.head().as_small().and_then(|c| u32::try_from(c).ok()) {
            Some(c) => {
                chars.push(c);
                cells.push(rest);
            }
            None => break,
        }
        rest = rest.tail();
    }
    Some((chars, cells))
}

/// Returns the list from character `index` on: the original cell when it
/// exists, or the tail after the last character.
fn rest_from(t: Term, cells: &[Term], index: usize) -> Term {
    match cells.get(index) {
        Some(&cell) => cell,
        None => match cells.last() {
            Some(&last) => last.tail(),
            None => t,
        },
    }
}

fn error(proc: &mut Process, reason: &str) -> Term {
    let r = Term::atom(Atom::from_static(reason));
    heap::tuple(&mut proc.heap, &[Term::atom(atom::ERROR), r])
}

fn is_digit(c: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&c)
}

fn sign_len(chars: &[u32]) -> usize {
    usize::from(
        chars
            .first()
            .is_some_and(|&c| c == '+' as u32 || c == '-' as u32),
    )
}

fn digits_from(chars: &[u32], start: usize) -> usize {
    chars[start..].iter().take_while(|&&c| is_digit(c)).count()
}

fn text(chars: &[u32]) -> String {
    chars.iter().filter_map(|&c| char::from_u32(c)).collect()
}

fn list_to_integer(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some((chars, cells)) = leading_chars(args[0]) else {
        return Ok(error(proc, "not_a_list"));
    };
    let sign = sign_len(&chars);
    let digits = digits_from(&chars, sign);
    if digits == 0 {
        return Ok(error(proc, "no_integer"));
    }
    let end = sign + digits;
    let value: BigInt = text(&chars[..end]).parse().unwrap_or_default();
    let n = crate::bignum::from_bigint(&mut proc.heap, &value);
    let rest = rest_from(args[0], &cells, end);
    Ok(heap::tuple(&mut proc.heap, &[n, rest]))
}

/// Parses an Erlang float: `[+-]D+.D+([eE][+-]?D+)?`. An exponent part
/// without digits is left in the rest, as OTP does.
fn list_to_float(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some((chars, cells)) = leading_chars(args[0]) else {
        return Ok(error(proc, "not_a_list"));
    };
    let sign = sign_len(&chars);
    let whole = digits_from(&chars, sign);
    let dot = sign + whole;
    if whole == 0 || chars.get(dot) != Some(&('.' as u32)) {
        return Ok(error(proc, "no_float"));
    }
    let fraction = digits_from(&chars, dot + 1);
    if fraction == 0 {
        return Ok(error(proc, "no_float"));
    }
    let mut end = dot + 1 + fraction;
    if chars
        .get(end)
        .is_some_and(|&c| c == 'e' as u32 || c == 'E' as u32)
    {
        let exp_sign = usize::from(
            chars
                .get(end + 1)
                .is_some_and(|&c| c == '+' as u32 || c == '-' as u32),
        );
        let exp_digits = digits_from(&chars, end + 1 + exp_sign);
        if exp_digits > 0 {
            end += 1 + exp_sign + exp_digits;
        }
    }
    let value: f64 = match text(&chars[..end]).parse() {
        Ok(v) => v,
        Err(_) => return Ok(error(proc, "no_float")),
    };
    if !value.is_finite() {
        return Ok(error(proc, "no_float"));
    }
    let f = heap::float(&mut proc.heap, value);
    let rest = rest_from(args[0], &cells, end);
    Ok(heap::tuple(&mut proc.heap, &[f, rest]))
}

crate::bif_table![
    ("string", "list_to_integer", 1, list_to_integer),
    ("string", "list_to_float", 1, list_to_float),
];
