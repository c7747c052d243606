//! The compact term encoding of instruction operands in the `Code` chunk,
//! as `beam_asm:encode/2` of OTP 25 writes it.
//!
//! The low 3 bits of the first byte are the tag. Bit 3 clear means the
//! value is the high 4 bits. Bits 3 and 4 equal to `01` mean an 11-bit
//! value: the high 3 bits, then the next byte. Both set mean the value
//! follows in `(byte >> 5) + 2` big-endian bytes, or, when that field is 7,
//! in a count of bytes given by a nested `u` term plus 9. Values of tag `i`
//! are two's complement, others unsigned. Tag `z` takes its extended tag
//! from the value and then reads further terms.

use super::error::{LoadErrorKind, LocatedError};
use super::reader::Reader;
use num_bigint::BigInt;

const TAG_U: u8 = 0;
const TAG_I: u8 = 1;
const TAG_A: u8 = 2;
const TAG_X: u8 = 3;
const TAG_Y: u8 = 4;
const TAG_F: u8 = 5;
const TAG_H: u8 = 6;

const EXTENDED_FLOAT: u64 = 0;
const EXTENDED_LIST: u64 = 1;
const EXTENDED_FLOAT_REGISTER: u64 = 2;
const EXTENDED_ALLOC_LIST: u64 = 3;
const EXTENDED_LITERAL: u64 = 4;
const EXTENDED_TYPED_REGISTER: u64 = 5;

/// One decoded instruction operand.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// Tag `u`: an unsigned number whose meaning depends on the instruction,
    /// such as an arity, an import index or a string table offset.
    Unsigned(u64),
    /// Tag `i`: an integer that fits in an `i64`.
    Integer(i64),
    /// Tag `i`: an integer outside the `i64` range.
    BigInteger(BigInt),
    /// Tag `a` with index 0, which encodes `[]`.
    Nil,
    /// Tag `a`: a 1-based index into the atom table, so `BeamFile::atoms[i - 1]`.
    Atom(u32),
    X(u32),
    Y(u32),
    /// Tag `f`: a label, where 0 means that a failure raises an exception
    /// instead of jumping.
    Label(u32),
    /// Tag `h`: a character.
    Char(u32),
    /// Extended tag 0. OTP 25 stores floats as literals instead.
    Float(f64),
    /// Extended tag 1: an operand list, as in `select_val`.
    List(Vec<Operand>),
    /// Extended tag 2: a float register.
    FloatReg(u32),
    /// Extended tag 3: heap needs by kind, as in `test_heap`.
    AllocList(Vec<(AllocKind, u32)>),
    /// Extended tag 4: a 0-based index into `BeamFile::literals`.
    Literal(u32),
    /// Extended tag 5: an x register with an index into `BeamFile::types`.
    TypedX {
        register: u32,
        type_index: u32,
    },
    /// Extended tag 5: a y register with an index into `BeamFile::types`.
    TypedY {
        register: u32,
        type_index: u32,
    },
}

/// The kind of heap space an allocation list entry requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocKind {
    Words,
    Floats,
    Funs,
}

/// The value of a compact term before its tag gives it a meaning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RawValue<'a> {
    /// A value from the 4-bit or 11-bit forms.
    Small(u64),
    /// The big-endian bytes of the multi-byte form.
    Bytes(&'a [u8]),
}

impl RawValue<'_> {
    /// Returns the value read as unsigned, or `None` above `u64::MAX`.
    pub fn unsigned(self) -> Option<u64> {
        match self {
            RawValue::Small(value) => Some(value),
            RawValue::Bytes(bytes) => {
                let start = bytes
                    .iter()
                    .position(|&byte| byte != 0)
                    .unwrap_or(bytes.len());
                let significant = &bytes[start..];
                if significant.len() > 8 {
                    return None;
                }
                Some(
                    significant
                        .iter()
                        .fold(0, |value, &byte| (value << 8) | u64::from(byte)),
                )
            }
        }
    }

    /// Returns the value read as two's complement, the way tag `i` is.
    pub fn signed(self) -> Operand {
        match self {
            // The short forms hold at most 11 bits.
            RawValue::Small(value) => Operand::Integer(value as i64),
            RawValue::Bytes(bytes) => {
                let value = BigInt::from_signed_bytes_be(bytes);
                match i64::try_from(&value) {
                    Ok(small) => Operand::Integer(small),
                    Err(_) => Operand::BigInteger(value),
                }
            }
        }
    }
}

/// Reads the tag and raw value of one compact term.
pub(crate) fn read_raw<'a>(reader: &mut Reader<'a>) -> Result<(u8, RawValue<'a>), LocatedError> {
    read_raw_with_prefix(reader, true)
}

fn read_raw_with_prefix<'a>(
    reader: &mut Reader<'a>,
    allow_length_prefix: bool,
) -> Result<(u8, RawValue<'a>), LocatedError> {
    let first_offset = reader.file_offset();
    let first = reader.u8("operand")?;
    let tag = first & 0b111;
    if first & 0b1000 == 0 {
        return Ok((tag, RawValue::Small(u64::from(first >> 4))));
    }
    if first & 0b1_0000 == 0 {
        let low = reader.u8("operand")?;
        let value = (u64::from(first & 0b1110_0000) << 3) | u64::from(low);
        return Ok((tag, RawValue::Small(value)));
    }
    let length_code = first >> 5;
    let length = if length_code < 7 {
        usize::from(length_code) + 2
    } else {
        if !allow_length_prefix {
            return Err(LocatedError::new(
                first_offset,
                LoadErrorKind::NestedLengthPrefix,
            ));
        }
        let prefix_offset = reader.file_offset();
        let (prefix_tag, prefix) = read_raw_with_prefix(reader, false)?;
        if prefix_tag != TAG_U {
            let kind = LoadErrorKind::UnexpectedTag {
                field: "integer length prefix",
                expected: "an unsigned (tag 0)",
                found: prefix_tag,
            };
            return Err(LocatedError::new(prefix_offset, kind));
        }
        let count = prefix.unsigned().unwrap_or(u64::MAX).saturating_add(9);
        reader.check_count("integer byte", count, 1)?
    };
    Ok((
        tag,
        RawValue::Bytes(reader.take(length, "integer operand")?),
    ))
}

/// Reads one operand of an instruction.
pub(crate) fn read_operand(reader: &mut Reader<'_>) -> Result<Operand, LocatedError> {
    read_operand_at(reader, false)
}

fn read_operand_at(reader: &mut Reader<'_>, inside_list: bool) -> Result<Operand, LocatedError> {
    let offset = reader.file_offset();
    let (tag, raw) = read_raw(reader)?;
    let too_large = |field| LocatedError::new(offset, LoadErrorKind::ValueTooLarge { field });
    let index = |field| {
        raw.unsigned()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or(too_large(field))
    };
    let operand = match tag {
        TAG_U => Operand::Unsigned(raw.unsigned().ok_or(too_large("unsigned operand"))?),
        TAG_I => raw.signed(),
        TAG_A => match index("atom index")? {
            0 => Operand::Nil,
            atom => Operand::Atom(atom),
        },
        TAG_X => Operand::X(index("x register")?),
        TAG_Y => Operand::Y(index("y register")?),
        TAG_F => Operand::Label(index("label")?),
        TAG_H => Operand::Char(index("character")?),
        // Tag 7 (`z`), the only one left of the eight 3-bit tags.
        _ => {
            let extended = raw.unsigned().ok_or(too_large("extended tag"))?;
            read_extended(reader, offset, extended, inside_list)?
        }
    };
    Ok(operand)
}

fn read_extended(
    reader: &mut Reader<'_>,
    offset: usize,
    extended: u64,
    inside_list: bool,
) -> Result<Operand, LocatedError> {
    let nested = matches!(extended, EXTENDED_LIST | EXTENDED_ALLOC_LIST);
    if nested && inside_list {
        return Err(LocatedError::new(offset, LoadErrorKind::NestedList));
    }
    let operand = match extended {
        EXTENDED_FLOAT => Operand::Float(f64::from_bits(reader.u64("float operand")?)),
        EXTENDED_LIST => {
            let length = read_unsigned(reader, "list length")?;
            let length = reader.check_count("list element", length, 1)?;
            let mut elements = Vec::with_capacity(length);
            for _ in 0..length {
                elements.push(read_operand_at(reader, true)?);
            }
            Operand::List(elements)
        }
        EXTENDED_FLOAT_REGISTER => Operand::FloatReg(read_u32(reader, "float register")?),
        EXTENDED_ALLOC_LIST => {
            let length = read_unsigned(reader, "allocation list length")?;
            let length = reader.check_count("allocation list entry", length, 2)?;
            let mut entries = Vec::with_capacity(length);
            for _ in 0..length {
                let kind_offset = reader.file_offset();
                let kind = match read_unsigned(reader, "allocation kind")? {
                    0 => AllocKind::Words,
                    1 => AllocKind::Floats,
                    2 => AllocKind::Funs,
                    kind => {
                        let kind = LoadErrorKind::UnknownAllocKind { kind };
                        return Err(LocatedError::new(kind_offset, kind));
                    }
                };
                entries.push((kind, read_u32(reader, "allocation size")?));
            }
            Operand::AllocList(entries)
        }
        EXTENDED_LITERAL => Operand::Literal(read_u32(reader, "literal index")?),
        EXTENDED_TYPED_REGISTER => {
            let register_offset = reader.file_offset();
            let (tag, raw) = read_raw(reader)?;
            let too_large = LoadErrorKind::ValueTooLarge {
                field: "typed register",
            };
            let register = raw
                .unsigned()
                .and_then(|value| u32::try_from(value).ok())
                .ok_or(LocatedError::new(register_offset, too_large))?;
            let type_index = read_u32(reader, "type index")?;
            match tag {
                TAG_X => Operand::TypedX {
                    register,
                    type_index,
                },
                TAG_Y => Operand::TypedY {
                    register,
                    type_index,
                },
                found => {
                    let kind = LoadErrorKind::UnexpectedTag {
                        field: "typed register",
                        expected: "an x or y register (tag 3 or 4)",
                        found,
                    };
                    return Err(LocatedError::new(register_offset, kind));
                }
            }
        }
        tag => {
            return Err(LocatedError::new(
                offset,
                LoadErrorKind::UnknownExtendedTag { tag },
            ));
        }
    };
    Ok(operand)
}

/// Reads a compact term that must have tag `u`.
pub(crate) fn read_unsigned(
    reader: &mut Reader<'_>,
    field: &'static str,
) -> Result<u64, LocatedError> {
    let offset = reader.file_offset();
    let (tag, raw) = read_raw(reader)?;
    if tag != TAG_U {
        let kind = LoadErrorKind::UnexpectedTag {
            field,
            expected: "an unsigned (tag 0)",
            found: tag,
        };
        return Err(LocatedError::new(offset, kind));
    }
    raw.unsigned().ok_or(LocatedError::new(
        offset,
        LoadErrorKind::ValueTooLarge { field },
    ))
}

fn read_u32(reader: &mut Reader<'_>, field: &'static str) -> Result<u32, LocatedError> {
    let offset = reader.file_offset();
    let value = read_unsigned(reader, field)?;
    u32::try_from(value)
        .map_err(|_| LocatedError::new(offset, LoadErrorKind::ValueTooLarge { field }))
}

/// The tags of compact terms, for the line table, which uses `a` and `i`.
pub(crate) mod tag {
    pub const ATOM: u8 = super::TAG_A;
    pub const INTEGER: u8 = super::TAG_I;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<Operand, LocatedError> {
        let mut reader = Reader::new(bytes, 0);
        let operand = read_operand(&mut reader)?;
        assert!(reader.is_empty(), "bytes left over after {operand:?}");
        Ok(operand)
    }

    /// Cases from the comment above `decode_int` in OTP 25's `beam_disasm.erl`.
    #[test]
    fn integers_decode_like_beam_disasm() {
        assert_eq!(decode(&[81]), Ok(Operand::Integer(5)));
        assert_eq!(decode(&[105, 232]), Ok(Operand::Integer(1000)));
        assert_eq!(decode(&[233, 255]), Ok(Operand::Integer(2047)));
        assert_eq!(decode(&[25, 8, 0]), Ok(Operand::Integer(2048)));
        assert_eq!(decode(&[25, 255, 255]), Ok(Operand::Integer(-1)));
        assert_eq!(
            decode(&[121, 255, 0, 0, 0, 1]),
            Ok(Operand::Integer(-4294967295))
        );
        assert_eq!(
            decode(&[121, 0, 255, 255, 255, 255]),
            Ok(Operand::Integer(4294967295))
        );
        assert_eq!(
            decode(&[121, 99, 255, 255, 255, 157]),
            Ok(Operand::Integer(429496729501))
        );
    }

    #[test]
    fn big_integers_use_the_length_prefix() {
        // 2^80 takes 11 bytes: 0b111 length code, then u(11 - 9 = 2).
        let mut bytes = vec![0b1111_1001, 0x20, 1];
        bytes.extend_from_slice(&[0; 10]);
        let expected = BigInt::from(1u8) << 80usize;
        assert_eq!(decode(&bytes), Ok(Operand::BigInteger(expected)));
        // -2^80 in 11 bytes of two's complement.
        let mut bytes = vec![0b1111_1001, 0x20, 0xff];
        bytes.extend_from_slice(&[0; 10]);
        let expected = -(BigInt::from(1u8) << 80usize);
        assert_eq!(decode(&bytes), Ok(Operand::BigInteger(expected)));
    }

    #[test]
    fn simple_tags_decode() {
        assert_eq!(decode(&[0x30]), Ok(Operand::Unsigned(3)));
        assert_eq!(decode(&[0x02]), Ok(Operand::Nil));
        assert_eq!(decode(&[0x12]), Ok(Operand::Atom(1)));
        assert_eq!(decode(&[0x23]), Ok(Operand::X(2)));
        assert_eq!(decode(&[0x44]), Ok(Operand::Y(4)));
        assert_eq!(decode(&[0x55]), Ok(Operand::Label(5)));
        assert_eq!(decode(&[0x66]), Ok(Operand::Char(6)));
        // An unsigned value with its high bit set carries a leading zero byte.
        let mut bytes = vec![0b1111_1000, 0x00, 0x00];
        bytes.extend_from_slice(&u64::MAX.to_be_bytes());
        assert_eq!(decode(&bytes), Ok(Operand::Unsigned(u64::MAX)));
    }

    #[test]
    fn extended_tags_decode() {
        let list = [0x17, 0x20, 0x12, 0x55];
        assert_eq!(
            decode(&list),
            Ok(Operand::List(vec![Operand::Atom(1), Operand::Label(5)]))
        );
        assert_eq!(decode(&[0x27, 0x30]), Ok(Operand::FloatReg(3)));
        let alloc = [0x37, 0x20, 0x00, 0x50, 0x10, 0x20];
        let entries = vec![(AllocKind::Words, 5), (AllocKind::Floats, 2)];
        assert_eq!(decode(&alloc), Ok(Operand::AllocList(entries)));
        assert_eq!(decode(&[0x47, 0x70]), Ok(Operand::Literal(7)));
        let typed = [0x57, 0x13, 0x20];
        assert_eq!(
            decode(&typed),
            Ok(Operand::TypedX {
                register: 1,
                type_index: 2
            })
        );
        let mut float = vec![0x07];
        float.extend_from_slice(&1.5f64.to_bits().to_be_bytes());
        assert_eq!(decode(&float), Ok(Operand::Float(1.5)));
    }

    #[test]
    fn invalid_operands_are_rejected() {
        let huge = u64::from(u32::MAX);
        let cases: [(&[u8], LoadErrorKind); 6] = [
            (&[0x97], LoadErrorKind::UnknownExtendedTag { tag: 9 }),
            (&[0x17, 0x10, 0x17, 0x00], LoadErrorKind::NestedList),
            (
                &[0x17, 0b0101_1000, 0xff, 0xff, 0xff, 0xff],
                LoadErrorKind::CountTooLarge {
                    what: "list element",
                    count: huge,
                    available: 0,
                },
            ),
            (
                &[0x57, 0x12, 0x00],
                LoadErrorKind::UnexpectedTag {
                    field: "typed register",
                    expected: "an x or y register (tag 3 or 4)",
                    found: 2,
                },
            ),
            (&[0xf9, 0xf8], LoadErrorKind::NestedLengthPrefix),
            (
                &[0xf9, 0b0101_1000, 0xff, 0xff, 0xff, 0xff],
                LoadErrorKind::CountTooLarge {
                    what: "integer byte",
                    count: huge + 9,
                    available: 0,
                },
            ),
        ];
        for (bytes, expected) in cases {
            assert_eq!(decode(bytes).unwrap_err().kind, expected, "{bytes:02x?}");
        }

        let wide_register = decode(&[0b0111_1011, 1, 0, 0, 0, 0]).unwrap_err();
        assert_eq!(
            wide_register.kind,
            LoadErrorKind::ValueTooLarge {
                field: "x register"
            }
        );

        let unknown = decode(&[0x97]).unwrap_err();
        assert_eq!(
            unknown.kind.to_string(),
            "operand tag 7 with unknown extended tag 9"
        );

        for length in 0..3 {
            let truncated = decode(&[25, 8, 0][..length]);
            assert!(truncated.is_err(), "length {length}");
        }
    }
}
