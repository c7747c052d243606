//! Decoding of the terms that contain no nested terms, and of the fixed
//! fields of `NEW_FUN_EXT`, for the decoder in `decode.rs`.

use super::decode::Decoder;
use super::tag::*;
use super::{EtfError, EtfErrorKind, ExtTerm, LocalFun, MAX_ATOM_CHARACTERS, Pid, Port, Reference};
use num_bigint::{BigInt, Sign};

impl Decoder<'_> {
    pub(super) fn integer_body(&mut self, tag: u8) -> Result<ExtTerm, EtfError> {
        Ok(match tag {
            SMALL_INTEGER_EXT => ExtTerm::Integer(i64::from(self.u8()?)),
            INTEGER_EXT => ExtTerm::Integer(i64::from(self.u32()? as i32)),
            SMALL_BIG_EXT => {
                let digits = usize::from(self.u8()?);
                self.big(digits)?
            }
            _ => {
                let digits = self.length32("bignum", 1)?;
                self.big(digits)?
            }
        })
    }

    fn big(&mut self, digit_count: usize) -> Result<ExtTerm, EtfError> {
        let sign_offset = self.position;
        let sign = match self.u8()? {
            0 => Sign::Plus,
            1 => Sign::Minus,
            other => {
                return Err(self.error_at(sign_offset, EtfErrorKind::InvalidBigSign(other)));
            }
        };
        let digits = self.take(digit_count)?;
        let value = BigInt::from_bytes_le(sign, digits);
        Ok(match i64::try_from(&value) {
            Ok(small) => ExtTerm::Integer(small),
            Err(_) => ExtTerm::BigInteger(value),
        })
    }

    pub(super) fn finite(&self, value: f64, offset: usize) -> Result<ExtTerm, EtfError> {
        if value.is_finite() {
            Ok(ExtTerm::Float(value))
        } else {
            Err(self.error_at(offset, EtfErrorKind::NonFiniteFloat))
        }
    }

    /// Decodes the 31-byte `printf("%.20e")` text of `FLOAT_EXT`.
    pub(super) fn float_text(&mut self) -> Result<ExtTerm, EtfError> {
        let offset = self.position;
        let field = self.take(FLOAT_EXT_TEXT_LENGTH)?;
        let text_length = field
            .iter()
            .position(|&byte| byte == 0)
            .unwrap_or(field.len());
        let invalid = || self.error_at(offset, EtfErrorKind::InvalidFloatString);
        let text = std::str::from_utf8(&field[..text_length]).map_err(|_| invalid())?;
        let value: f64 = text.trim().parse().map_err(|_| invalid())?;
        self.finite(value, offset)
    }

    /// Decodes the length and text of an atom whose tag was already read.
    pub(super) fn atom_text(&mut self, tag: u8) -> Result<String, EtfError> {
        let offset = self.position;
        let length = match tag {
            SMALL_ATOM_EXT | SMALL_ATOM_UTF8_EXT => usize::from(self.u8()?),
            _ => usize::from(self.u16()?),
        };
        let bytes = self.take(length)?;
        let text = match tag {
            ATOM_UTF8_EXT | SMALL_ATOM_UTF8_EXT => std::str::from_utf8(bytes)
                .map_err(|_| self.error_at(offset, EtfErrorKind::InvalidUtf8Atom))?
                .to_owned(),
            // Latin-1 maps each byte to the code point of the same value.
            _ => bytes.iter().map(|&byte| char::from(byte)).collect(),
        };
        let characters = text.chars().count();
        if characters > MAX_ATOM_CHARACTERS {
            return Err(self.error_at(offset, EtfErrorKind::AtomTooLong { characters }));
        }
        Ok(text)
    }

    /// Decodes a field that must be an atom, such as a node name.
    fn atom(&mut self, field: &'static str) -> Result<String, EtfError> {
        let offset = self.position;
        let tag = self.u8()?;
        match tag {
            ATOM_EXT | SMALL_ATOM_EXT | ATOM_UTF8_EXT | SMALL_ATOM_UTF8_EXT => self.atom_text(tag),
            found => {
                let kind = EtfErrorKind::UnexpectedTag {
                    field,
                    expected: "an atom",
                    found,
                };
                Err(self.error_at(offset, kind))
            }
        }
    }

    /// Decodes a field that must be an integer that fits in an `i64`.
    fn integer(&mut self, field: &'static str) -> Result<i64, EtfError> {
        let offset = self.position;
        let tag = self.peek()?;
        if !matches!(
            tag,
            SMALL_INTEGER_EXT | INTEGER_EXT | SMALL_BIG_EXT | LARGE_BIG_EXT
        ) {
            let kind = EtfErrorKind::UnexpectedTag {
                field,
                expected: "an integer",
                found: tag,
            };
            return Err(self.error_at(offset, kind));
        }
        self.position += 1;
        match self.integer_body(tag)? {
            ExtTerm::Integer(value) => Ok(value),
            _ => Err(self.error_at(offset, EtfErrorKind::IntegerOutOfRange { field })),
        }
    }

    pub(super) fn pid_body(&mut self, tag: u8) -> Result<Pid, EtfError> {
        let node = self.atom("pid node")?;
        let id = self.u32()?;
        let serial = self.u32()?;
        let creation = match tag {
            PID_EXT => u32::from(self.u8()?),
            _ => self.u32()?,
        };
        Ok(Pid {
            node,
            id,
            serial,
            creation,
        })
    }

    pub(super) fn port_body(&mut self, tag: u8) -> Result<Port, EtfError> {
        let node = self.atom("port node")?;
        let id = match tag {
            V4_PORT_EXT => self.u64()?,
            _ => u64::from(self.u32()?),
        };
        let creation = match tag {
            PORT_EXT => u32::from(self.u8()?),
            _ => self.u32()?,
        };
        Ok(Port { node, id, creation })
    }

    pub(super) fn reference_body(&mut self, tag: u8) -> Result<Reference, EtfError> {
        if tag == REFERENCE_EXT {
            let node = self.atom("reference node")?;
            let id = self.u32()?;
            let creation = u32::from(self.u8()?);
            return Ok(Reference {
                node,
                creation,
                ids: vec![id],
            });
        }
        let count = self.u16()?;
        let node = self.atom("reference node")?;
        let creation = match tag {
            NEW_REFERENCE_EXT => u32::from(self.u8()?),
            _ => self.u32()?,
        };
        let count = self.check_count("reference id", u64::from(count), 4)?;
        let mut ids = Vec::with_capacity(count);
        for _ in 0..count {
            ids.push(self.u32()?);
        }
        Ok(Reference {
            node,
            creation,
            ids,
        })
    }

    pub(super) fn export_body(&mut self) -> Result<ExtTerm, EtfError> {
        let module = self.atom("EXPORT_EXT module")?;
        let function = self.atom("EXPORT_EXT function")?;
        let arity_offset = self.position;
        let arity_tag = self.u8()?;
        if arity_tag != SMALL_INTEGER_EXT {
            let kind = EtfErrorKind::UnexpectedTag {
                field: "EXPORT_EXT arity",
                expected: "SMALL_INTEGER_EXT",
                found: arity_tag,
            };
            return Err(self.error_at(arity_offset, kind));
        }
        let arity = self.u8()?;
        Ok(ExtTerm::ExportFun {
            module,
            function,
            arity,
        })
    }

    /// Decodes the fields of `NEW_FUN_EXT` up to its free variables. Returns
    /// the fun without them, their count, and the offset and value of the
    /// size field.
    pub(super) fn new_fun_header(&mut self) -> Result<(LocalFun, usize, usize, u32), EtfError> {
        let size_offset = self.position;
        let declared = self.u32()?;
        let arity = self.u8()?;
        let uniq = self.array::<16>()?;
        let index = self.u32()?;
        let free_count = self.u32()?;
        let module = self.atom("NEW_FUN_EXT module")?;
        let old_index = self.integer("NEW_FUN_EXT old index")?;
        let old_uniq = self.integer("NEW_FUN_EXT old uniq")?;
        let pid_offset = self.position;
        let pid_tag = self.u8()?;
        if !matches!(pid_tag, PID_EXT | NEW_PID_EXT) {
            let kind = EtfErrorKind::UnexpectedTag {
                field: "NEW_FUN_EXT pid",
                expected: "a pid",
                found: pid_tag,
            };
            return Err(self.error_at(pid_offset, kind));
        }
        let pid = self.pid_body(pid_tag)?;
        let free_count = self.check_count("fun environment", u64::from(free_count), 1)?;
        let free_vars = Vec::with_capacity(free_count);
        let fun = LocalFun {
            arity,
            uniq,
            index,
            module,
            old_index,
            old_uniq,
            pid,
            free_vars,
        };
        Ok((fun, free_count, size_offset, declared))
    }

    /// Checks the size field of a fun whose free variables are all read,
    /// which counts from the field itself to the end of the fun.
    pub(super) fn check_fun_size(&self, size_offset: usize, declared: u32) -> Result<(), EtfError> {
        let actual = self.position - size_offset;
        if usize::try_from(declared).ok() != Some(actual) {
            let kind = EtfErrorKind::FunSizeMismatch { declared, actual };
            return Err(self.error_at(size_offset, kind));
        }
        Ok(())
    }

    pub(super) fn bit_binary(&mut self) -> Result<ExtTerm, EtfError> {
        let length = self.length32("bitstring", 1)?;
        let bits_offset = self.position;
        let bits = self.u8()?;
        let valid = if length == 0 {
            bits == 0
        } else {
            (1..=8).contains(&bits)
        };
        if !valid {
            let kind = EtfErrorKind::InvalidBitCount { bits, length };
            return Err(self.error_at(bits_offset, kind));
        }
        let mut bytes = self.take(length)?.to_vec();
        if bits == 8 || length == 0 {
            return Ok(ExtTerm::Binary(bytes));
        }
        if let Some(last) = bytes.last_mut() {
            *last &= 0xFF << (8 - bits);
        }
        Ok(ExtTerm::BitBinary {
            bytes,
            bits_in_last_byte: bits,
        })
    }
}
