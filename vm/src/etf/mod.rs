//! The Erlang external term format, as `term_to_binary/1,2` and
//! `binary_to_term/1` of Erlang/OTP 25 write and read it.
//!
//! `ExtTerm` is an owned tree that does not depend on the VM's heap, so the
//! loader can decode literals and attributes before any process exists.
//! Decoding normalizes terms so that equal Erlang terms compare equal: lists
//! are flattened and strings become lists of integers, bignums that fit in
//! an `i64` become `Integer`, and a bitstring with a whole number of bytes
//! becomes `Binary`.

mod decode;
mod encode;
mod inflate;
mod leaf;
mod tag;
#[cfg(test)]
mod tests;

pub use decode::{decode, decode_versioned, decode_versioned_with_limits, decode_with_limits};
pub use encode::{MinorVersion, encode, encode_term, encode_with};
pub(crate) use inflate::inflate;
pub use inflate::{InflateError, SizeFound};

use num_bigint::BigInt;
use std::fmt;

/// The version byte that starts every term written by `term_to_binary`.
pub const VERSION: u8 = 131;

/// The maximum number of characters in an atom, as in OTP 25.
pub const MAX_ATOM_CHARACTERS: usize = 255;

/// A term decoded from, or to be encoded to, the external term format.
#[derive(Clone, Debug, PartialEq)]
pub enum ExtTerm {
    /// An integer that fits in an `i64`.
    Integer(i64),
    /// An integer outside the `i64` range.
    BigInteger(BigInt),
    /// A finite float, because Erlang has no NaN or infinity.
    Float(f64),
    Atom(String),
    Tuple(Vec<ExtTerm>),
    /// A non-empty list: its elements and its tail, which is `Nil` for a
    /// proper list. Decoded lists have at least one element and a tail that
    /// is not itself a `List`. The encoder accepts other shapes and writes
    /// them as the equivalent flat list.
    List(Vec<ExtTerm>, Box<ExtTerm>),
    /// The empty list `[]`.
    Nil,
    Binary(Vec<u8>),
    /// A bitstring whose length is not a whole number of bytes. Only the
    /// high `bits_in_last_byte` bits (1 to 7) of the last byte belong to it,
    /// and the decoder clears the others.
    BitBinary {
        bytes: Vec<u8>,
        bits_in_last_byte: u8,
    },
    /// A map, with its pairs in the order they were decoded or are to be
    /// encoded.
    Map(Vec<(ExtTerm, ExtTerm)>),
    Pid(Pid),
    Port(Port),
    Reference(Reference),
    /// An external fun `fun Module:Function/Arity`.
    ExportFun {
        module: String,
        function: String,
        arity: u8,
    },
    /// A local fun, which refers to code in the module that created it.
    LocalFun(Box<LocalFun>),
}

/// A process identifier.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pid {
    pub node: String,
    pub id: u32,
    pub serial: u32,
    pub creation: u32,
}

/// A port identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    pub node: String,
    pub id: u64,
    pub creation: u32,
}

/// A reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub node: String,
    pub creation: u32,
    pub ids: Vec<u32>,
}

/// The fields of `NEW_FUN_EXT`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalFun {
    /// Arity of the fun as called, without the free variables.
    pub arity: u8,
    /// MD5 of the defining module's code.
    pub uniq: [u8; 16],
    /// Index of the fun in the module's fun table.
    pub index: u32,
    pub module: String,
    pub old_index: i64,
    pub old_uniq: i64,
    /// The process that created the fun.
    pub pid: Pid,
    pub free_vars: Vec<ExtTerm>,
}

impl ExtTerm {
    /// Builds an atom term.
    pub fn atom(name: &str) -> ExtTerm {
        ExtTerm::Atom(name.to_owned())
    }

    /// Builds a proper list, or `Nil` when `elements` is empty.
    pub fn proper_list(elements: Vec<ExtTerm>) -> ExtTerm {
        if elements.is_empty() {
            ExtTerm::Nil
        } else {
            ExtTerm::List(elements, Box::new(ExtTerm::Nil))
        }
    }

    /// Builds the list of integers that an Erlang string literal such as
    /// `"abc"` denotes.
    pub fn string(bytes: &[u8]) -> ExtTerm {
        let elements = bytes
            .iter()
            .map(|&b| ExtTerm::Integer(i64::from(b)))
            .collect();
        ExtTerm::proper_list(elements)
    }

    /// Returns the elements of a proper list (`[]` included), or `None` for
    /// anything else.
    pub fn as_proper_list(&self) -> Option<&[ExtTerm]> {
        match self {
            ExtTerm::Nil => Some(&[]),
            ExtTerm::List(elements, tail) if **tail == ExtTerm::Nil => Some(elements),
            _ => None,
        }
    }
}

/// Limits that protect the decoder from hostile input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeLimits {
    /// The maximum nesting of tuples, maps, list elements and fun
    /// environments. A list's tail does not count, so long lists decode
    /// whatever their length. The default keeps the recursive `Drop`,
    /// `Clone`, `PartialEq` and `Debug` of `ExtTerm` within a 2 MiB thread
    /// stack, which a unit test checks in debug builds.
    ///
    /// NOTE: OTP has no such limit, so deeper terms that `binary_to_term`
    /// accepts, such as long left-nested iolists, are rejected here.
    pub max_depth: usize,
    /// The maximum size in bytes of a compressed term (tag 80) once
    /// decompressed.
    pub max_uncompressed_size: usize,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_depth: 1_000,
            max_uncompressed_size: 64 << 20,
        }
    }
}

/// A failure to decode the external term format.
#[derive(Clone, Debug, PartialEq)]
pub struct EtfError {
    /// Byte offset in the input where the problem was found. Inside a
    /// compressed term it is the offset in the decompressed data.
    pub offset: usize,
    pub kind: EtfErrorKind,
}

/// The reason an external term was rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum EtfErrorKind {
    /// The input ended inside a term.
    UnexpectedEnd {
        needed: usize,
        available: usize,
    },
    MissingVersion {
        found: Option<u8>,
    },
    UnknownTag(u8),
    /// A tag OTP 25 defines but this decoder rejects, such as atom cache
    /// references, which only occur in distribution messages.
    UnsupportedTag {
        tag: u8,
        name: &'static str,
    },
    /// A length field larger than the input that is left could hold.
    LengthTooLarge {
        what: &'static str,
        length: u64,
        available: usize,
    },
    InvalidUtf8Atom,
    AtomTooLong {
        characters: usize,
    },
    NestingTooDeep {
        limit: usize,
    },
    NonFiniteFloat,
    InvalidFloatString,
    InvalidBigSign(u8),
    InvalidBitCount {
        bits: u8,
        length: usize,
    },
    /// A field that must hold a term of one kind held another tag.
    UnexpectedTag {
        field: &'static str,
        expected: &'static str,
        found: u8,
    },
    IntegerOutOfRange {
        field: &'static str,
    },
    FunSizeMismatch {
        declared: u32,
        actual: usize,
    },
    Compression(InflateError),
    /// Bytes left over after a term that must fill its input.
    TrailingBytes {
        count: usize,
    },
}

impl fmt::Display for EtfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid external term at byte {}: {}",
            self.offset, self.kind
        )
    }
}

impl std::error::Error for EtfError {}

impl fmt::Display for EtfErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EtfErrorKind::UnexpectedEnd { needed, available } => {
                write!(
                    f,
                    "input ends early: {needed} bytes needed, {available} left"
                )
            }
            EtfErrorKind::MissingVersion { found: Some(byte) } => {
                write!(f, "expected version byte {VERSION}, found {byte}")
            }
            EtfErrorKind::MissingVersion { found: None } => {
                write!(f, "expected version byte {VERSION}, found end of input")
            }
            EtfErrorKind::UnknownTag(tag) => write!(f, "unknown tag {tag}"),
            EtfErrorKind::UnsupportedTag { tag, name } => {
                write!(f, "unsupported tag {tag} ({name})")
            }
            EtfErrorKind::LengthTooLarge {
                what,
                length,
                available,
            } => {
                write!(
                    f,
                    "{what} length {length} exceeds the {available} bytes left"
                )
            }
            EtfErrorKind::InvalidUtf8Atom => write!(f, "atom text is not valid UTF-8"),
            EtfErrorKind::AtomTooLong { characters } => write!(
                f,
                "atom has {characters} characters, more than the maximum of {MAX_ATOM_CHARACTERS}"
            ),
            EtfErrorKind::NestingTooDeep { limit } => {
                write!(f, "terms nested deeper than the limit of {limit} levels")
            }
            EtfErrorKind::NonFiniteFloat => write!(f, "float is NaN or infinite"),
            EtfErrorKind::InvalidFloatString => write!(f, "invalid FLOAT_EXT text"),
            EtfErrorKind::InvalidBigSign(sign) => {
                write!(f, "invalid bignum sign byte {sign}, expected 0 or 1")
            }
            EtfErrorKind::InvalidBitCount { bits, length } => write!(
                f,
                "invalid bit count {bits} in the last byte of a {length}-byte bitstring"
            ),
            EtfErrorKind::UnexpectedTag {
                field,
                expected,
                found,
            } => {
                write!(f, "{field} must be {expected}, found tag {found}")
            }
            EtfErrorKind::IntegerOutOfRange { field } => {
                write!(f, "{field} is out of range")
            }
            EtfErrorKind::FunSizeMismatch { declared, actual } => write!(
                f,
                "NEW_FUN_EXT declares {declared} bytes but its fields take {actual}"
            ),
            EtfErrorKind::Compression(error) => write!(f, "compressed term: {error}"),
            EtfErrorKind::TrailingBytes { count } => {
                write!(f, "{count} bytes left over after the term")
            }
        }
    }
}
