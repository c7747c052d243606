//! Encoding of `ExtTerm` into the bytes `term_to_binary` of OTP 25 writes.
//!
//! The encoder recurses once per level of nesting, like the derived traits
//! of `ExtTerm`, and follows list tails in a loop.

use super::tag::*;
use super::{ExtTerm, LocalFun, Pid, VERSION};
use num_bigint::{BigInt, Sign};

/// The `minor_version` option of `term_to_binary/2`, which selects how
/// floats and atoms are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MinorVersion {
    /// Floats as `FLOAT_EXT` text, atoms as in `V1`.
    V0,
    /// Floats as `NEW_FLOAT_EXT`. Atoms whose characters are all Latin-1 as
    /// `ATOM_EXT`, others as `SMALL_ATOM_UTF8_EXT` or `ATOM_UTF8_EXT`. This
    /// is what `term_to_binary/1` writes in OTP 25.
    V1,
    /// Floats as `NEW_FLOAT_EXT`, every atom as `SMALL_ATOM_UTF8_EXT` or
    /// `ATOM_UTF8_EXT`. The compiler writes literals this way, and it is the
    /// default of `term_to_binary/1` from OTP 26 on.
    #[default]
    V2,
}

/// Appends the version byte and `term` to `out`, with UTF-8 atoms as
/// `term_to_binary(Term, [{minor_version, 2}])` writes them in OTP 25.
pub fn encode(term: &ExtTerm, out: &mut Vec<u8>) {
    encode_with(term, MinorVersion::V2, out);
}

/// Appends the version byte and `term` to `out` as
/// `term_to_binary(Term, [{minor_version, N}])` writes it in OTP 25.
///
/// Terms that Erlang cannot create are written as best they can be. NaN
/// and infinite floats keep their bits, or their C text in `V0`. Atoms over
/// 65535 bytes and references with over 65535 ids are cut short. A
/// `BitBinary` whose bit count is not 1 to 7 is written as a binary.
pub fn encode_with(term: &ExtTerm, minor_version: MinorVersion, out: &mut Vec<u8>) {
    out.push(VERSION);
    encode_term(term, minor_version, out);
}

/// Appends `term` to `out` without the version byte, as it appears nested
/// inside another term.
pub fn encode_term(term: &ExtTerm, minor_version: MinorVersion, out: &mut Vec<u8>) {
    Encoder { minor_version, out }.term(term);
}

struct Encoder<'a> {
    minor_version: MinorVersion,
    out: &'a mut Vec<u8>,
}

impl Encoder<'_> {
    fn u16(&mut self, value: u16) {
        self.out.extend_from_slice(&value.to_be_bytes());
    }

    fn u32(&mut self, value: u32) {
        self.out.extend_from_slice(&value.to_be_bytes());
    }

    /// Writes a 32-bit length field, saturated at `u32::MAX` for lengths
    /// that the format cannot represent.
    fn length32(&mut self, length: usize) {
        self.u32(u32::try_from(length).unwrap_or(u32::MAX));
    }

    fn term(&mut self, term: &ExtTerm) {
        match term {
            ExtTerm::Integer(value) => self.integer(*value),
            ExtTerm::BigInteger(value) => match i64::try_from(value) {
                Ok(small) => self.integer(small),
                Err(_) => self.big(value),
            },
            ExtTerm::Float(value) => self.float(*value),
            ExtTerm::Atom(name) => self.atom(name),
            ExtTerm::Tuple(elements) => {
                match u8::try_from(elements.len()) {
                    Ok(arity) => self.out.extend_from_slice(&[SMALL_TUPLE_EXT, arity]),
                    Err(_) => {
                        self.out.push(LARGE_TUPLE_EXT);
                        self.length32(elements.len());
                    }
                }
                for element in elements {
                    self.term(element);
                }
            }
            ExtTerm::List(..) => self.list(term),
            ExtTerm::Nil => self.out.push(NIL_EXT),
            ExtTerm::Binary(bytes) => self.binary(bytes),
            ExtTerm::BitBinary {
                bytes,
                bits_in_last_byte,
            } => self.bit_binary(bytes, *bits_in_last_byte),
            ExtTerm::Map(pairs) => {
                self.out.push(MAP_EXT);
                self.length32(pairs.len());
                for (key, value) in pairs {
                    self.term(key);
                    self.term(value);
                }
            }
            ExtTerm::Pid(pid) => self.pid(pid),
            ExtTerm::Port(port) => {
                match u32::try_from(port.id) {
                    Ok(id) => {
                        self.out.push(NEW_PORT_EXT);
                        self.atom(&port.node);
                        self.u32(id);
                    }
                    Err(_) => {
                        self.out.push(V4_PORT_EXT);
                        self.atom(&port.node);
                        self.out.extend_from_slice(&port.id.to_be_bytes());
                    }
                }
                self.u32(port.creation);
            }
            ExtTerm::Reference(reference) => {
                let ids = &reference.ids[..reference.ids.len().min(usize::from(u16::MAX))];
                self.out.push(NEWER_REFERENCE_EXT);
                self.u16(ids.len() as u16);
                self.atom(&reference.node);
                self.u32(reference.creation);
                for &id in ids {
                    self.u32(id);
                }
            }
            ExtTerm::ExportFun {
                module,
                function,
                arity,
            } => {
                self.out.push(EXPORT_EXT);
                self.atom(module);
                self.atom(function);
                self.out.extend_from_slice(&[SMALL_INTEGER_EXT, *arity]);
            }
            ExtTerm::LocalFun(fun) => self.local_fun(fun),
        }
    }

    fn integer(&mut self, value: i64) {
        if let Ok(byte) = u8::try_from(value) {
            self.out.extend_from_slice(&[SMALL_INTEGER_EXT, byte]);
        } else if let Ok(word) = i32::try_from(value) {
            self.out.push(INTEGER_EXT);
            self.out.extend_from_slice(&word.to_be_bytes());
        } else {
            self.big(&BigInt::from(value));
        }
    }

    fn big(&mut self, value: &BigInt) {
        let (sign, digits) = value.to_bytes_le();
        match u8::try_from(digits.len()) {
            Ok(count) => self.out.extend_from_slice(&[SMALL_BIG_EXT, count]),
            Err(_) => {
                self.out.push(LARGE_BIG_EXT);
                self.length32(digits.len());
            }
        }
        self.out.push(u8::from(sign == Sign::Minus));
        self.out.extend_from_slice(&digits);
    }

    fn float(&mut self, value: f64) {
        if self.minor_version != MinorVersion::V0 {
            self.out.push(NEW_FLOAT_EXT);
            self.out.extend_from_slice(&value.to_bits().to_be_bytes());
            return;
        }
        self.out.push(FLOAT_EXT);
        let text = c_exponent_text(value);
        let mut field = [0u8; FLOAT_EXT_TEXT_LENGTH];
        let length = text.len().min(FLOAT_EXT_TEXT_LENGTH);
        field[..length].copy_from_slice(&text.as_bytes()[..length]);
        self.out.extend_from_slice(&field);
    }

    fn atom(&mut self, name: &str) {
        let latin1 = name.chars().all(|c| u32::from(c) <= 0xFF);
        if self.minor_version != MinorVersion::V2 && latin1 {
            let bytes: Vec<u8> = name.chars().map(|c| u32::from(c) as u8).collect();
            let bytes = &bytes[..bytes.len().min(usize::from(u16::MAX))];
            self.out.push(ATOM_EXT);
            self.u16(bytes.len() as u16);
            self.out.extend_from_slice(bytes);
            return;
        }
        let name = truncate_at_char_boundary(name, usize::from(u16::MAX));
        match u8::try_from(name.len()) {
            Ok(length) => self.out.extend_from_slice(&[SMALL_ATOM_UTF8_EXT, length]),
            Err(_) => {
                self.out.push(ATOM_UTF8_EXT);
                self.u16(name.len() as u16);
            }
        }
        self.out.extend_from_slice(name.as_bytes());
    }

    /// Writes a list, flattening tails that are lists, as `STRING_EXT` when
    /// `term_to_binary` would: a proper list of fewer than 65536 integers
    /// that are all bytes.
    fn list(&mut self, term: &ExtTerm) {
        let mut elements: Vec<&ExtTerm> = Vec::new();
        let mut tail = term;
        while let ExtTerm::List(items, next) = tail {
            elements.extend(items);
            tail = next;
        }
        if elements.is_empty() {
            self.term(tail);
            return;
        }
        let bytes: Option<Vec<u8>> = match tail {
            ExtTerm::Nil if elements.len() <= usize::from(u16::MAX) => {
                elements.iter().map(|element| byte_value(element)).collect()
            }
            _ => None,
        };
        if let Some(bytes) = bytes {
            self.out.push(STRING_EXT);
            self.u16(bytes.len() as u16);
            self.out.extend_from_slice(&bytes);
            return;
        }
        self.out.push(LIST_EXT);
        self.length32(elements.len());
        for element in elements {
            self.term(element);
        }
        self.term(tail);
    }

    fn binary(&mut self, bytes: &[u8]) {
        self.out.push(BINARY_EXT);
        self.length32(bytes.len());
        self.out.extend_from_slice(bytes);
    }

    fn bit_binary(&mut self, bytes: &[u8], bits: u8) {
        let Some((&last, whole)) = bytes.split_last() else {
            self.binary(bytes);
            return;
        };
        if !(1..=7).contains(&bits) {
            self.binary(bytes);
            return;
        }
        self.out.push(BIT_BINARY_EXT);
        self.length32(bytes.len());
        self.out.push(bits);
        self.out.extend_from_slice(whole);
        self.out.push(last & (0xFF << (8 - bits)));
    }

    fn pid(&mut self, pid: &Pid) {
        self.out.push(NEW_PID_EXT);
        self.atom(&pid.node);
        self.u32(pid.id);
        self.u32(pid.serial);
        self.u32(pid.creation);
    }

    fn local_fun(&mut self, fun: &LocalFun) {
        self.out.push(NEW_FUN_EXT);
        let size_offset = self.out.len();
        self.u32(0);
        self.out.push(fun.arity);
        self.out.extend_from_slice(&fun.uniq);
        self.u32(fun.index);
        self.length32(fun.free_vars.len());
        self.atom(&fun.module);
        self.integer(fun.old_index);
        self.integer(fun.old_uniq);
        self.pid(&fun.pid);
        for free_var in &fun.free_vars {
            self.term(free_var);
        }
        // The size counts from the size field itself to the end of the fun.
        let size = u32::try_from(self.out.len() - size_offset).unwrap_or(u32::MAX);
        self.out[size_offset..size_offset + 4].copy_from_slice(&size.to_be_bytes());
    }
}

fn byte_value(term: &ExtTerm) -> Option<u8> {
    match term {
        ExtTerm::Integer(value) => u8::try_from(*value).ok(),
        _ => None,
    }
}

fn truncate_at_char_boundary(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Formats `value` as C's `printf("%.20e")` does, which `FLOAT_EXT` uses:
/// 20 digits after the point and an exponent of at least two digits with a
/// sign, as in `1.50000000000000000000e+00`.
fn c_exponent_text(value: f64) -> String {
    let rust_text = format!("{value:.20e}");
    let Some((mantissa, exponent)) = rust_text.split_once('e') else {
        return rust_text;
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        return rust_text;
    };
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
}
