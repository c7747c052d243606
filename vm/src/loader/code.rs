//! The `Code` chunk: its header and the instruction stream, decoded into
//! generic instructions with operands checked against the module's tables.

use super::compact::{self, Operand};
use super::error::{LoadErrorKind, LocatedError};
use super::iff::Chunk;
use super::reader::Reader;
use crate::opcodes::{MAX_OPCODE, Opcode, obsolete_opcode_name};

/// The number of x registers in OTP 25 (`MAX_REG` in `erl_vm.h`), and so
/// the limit on x register numbers in operands.
pub const MAX_X_REGISTERS: u32 = 1024;

/// The instruction set number `beam_opcodes:format_number/0` returns in
/// OTP 25.
const INSTRUCTION_SET: u32 = 0;

/// The fields of the `Code` chunk header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeHeader {
    /// Format number of the instruction set, always 0.
    pub instruction_set: u32,
    /// The highest opcode the module uses.
    pub max_opcode: u32,
    /// One more than the highest label number.
    pub label_count: u32,
    pub function_count: u32,
}

/// One instruction of the generic instruction set, as stored in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct GenericOp {
    pub opcode: Opcode,
    /// `opcode.arity()` operands.
    pub args: Vec<Operand>,
    /// Byte offset of the opcode from the start of the `Code` chunk's data.
    pub offset: usize,
}

/// Sizes of the tables that operands index into.
pub(crate) struct OperandBounds {
    pub atom_count: usize,
    pub literal_count: usize,
    pub type_count: usize,
    pub label_count: u32,
}

/// Parses the header of the `Code` chunk. Returns it and the offset of the
/// first instruction in the chunk's data.
pub(crate) fn parse_code_header(chunk: &Chunk<'_>) -> Result<(CodeHeader, usize), LocatedError> {
    let mut reader = chunk.reader();
    let header_size = reader.u32("code header size")?;

    let header_offset = reader.file_offset();
    let header_size = usize::try_from(header_size).unwrap_or(usize::MAX);
    let header_bytes = reader.take(header_size, "code header")?;
    let mut header = Reader::new(header_bytes, header_offset);

    let instruction_set = header.u32("code header")?;
    if instruction_set != INSTRUCTION_SET {
        let kind = LoadErrorKind::UnsupportedVersion {
            what: "instruction set",
            found: u64::from(instruction_set),
            supported: u64::from(INSTRUCTION_SET),
        };
        return Err(LocatedError::new(header_offset, kind));
    }

    let max_opcode_offset = header.file_offset();
    let max_opcode = header.u32("code header")?;
    if max_opcode > u32::from(MAX_OPCODE) {
        let kind = LoadErrorKind::MaxOpcodeTooNew {
            max_opcode,
            supported: MAX_OPCODE,
        };
        return Err(LocatedError::new(max_opcode_offset, kind));
    }

    let label_count = header.u32("code header")?;
    let function_count = header.u32("code header")?;
    let code_header = CodeHeader {
        instruction_set,
        max_opcode,
        label_count,
        function_count,
    };
    Ok((code_header, reader.position()))
}

/// Decodes the instructions up to and including `int_code_end`. Bytes
/// after it are ignored, as OTP's loader does.
pub(crate) fn decode_ops(
    chunk: &Chunk<'_>,
    code_start: usize,
    header: &CodeHeader,
    bounds: &OperandBounds,
) -> Result<Vec<GenericOp>, LocatedError> {
    let code = chunk.data.get(code_start..).unwrap_or_default();
    let mut reader = Reader::new(code, chunk.offset + code_start);
    let mut ops = Vec::new();
    loop {
        if reader.is_empty() {
            return Err(reader.error(LoadErrorKind::MissingIntCodeEnd));
        }
        let opcode_offset = reader.file_offset();
        let offset = code_start + reader.position();
        let number = reader.u8("opcode")?;
        let opcode = lookup_opcode(number, header.max_opcode)
            .map_err(|kind| LocatedError::new(opcode_offset, kind))?;
        let mut args = Vec::with_capacity(opcode.arity());
        for _ in 0..opcode.arity() {
            let operand_offset = reader.file_offset();
            let operand = compact::read_operand(&mut reader)?;
            check_operand(&operand, bounds)
                .map_err(|kind| LocatedError::new(operand_offset, kind))?;
            args.push(operand);
        }
        ops.push(GenericOp {
            opcode,
            args,
            offset,
        });
        if opcode == Opcode::IntCodeEnd {
            return Ok(ops);
        }
    }
}

fn lookup_opcode(number: u8, max_opcode: u32) -> Result<Opcode, LoadErrorKind> {
    let Some(opcode) = Opcode::from_u8(number) else {
        return Err(match obsolete_opcode_name(number) {
            Some(name) => LoadErrorKind::ObsoleteOpcode {
                opcode: number,
                name,
            },
            None => LoadErrorKind::UnknownOpcode { opcode: number },
        });
    };
    if u32::from(number) > max_opcode {
        return Err(LoadErrorKind::OpcodeAboveMax {
            opcode: number,
            name: opcode.name(),
            max_opcode,
        });
    }
    Ok(opcode)
}

/// Checks that an operand's table indices and register numbers are in
/// range. Meanings that depend on the instruction, such as the import
/// index of `call_ext`, are left to the instruction loader.
fn check_operand(operand: &Operand, bounds: &OperandBounds) -> Result<(), LoadErrorKind> {
    match *operand {
        Operand::Atom(index) if index as usize > bounds.atom_count => {
            Err(LoadErrorKind::AtomIndexOutOfRange {
                index: u64::from(index),
                atom_count: bounds.atom_count,
            })
        }
        Operand::Label(label) if label >= bounds.label_count => {
            Err(LoadErrorKind::LabelOutOfRange {
                label: u64::from(label),
                label_count: bounds.label_count,
            })
        }
        Operand::Literal(index) if index as usize >= bounds.literal_count => {
            Err(LoadErrorKind::LiteralIndexOutOfRange {
                index: u64::from(index),
                literal_count: bounds.literal_count,
            })
        }
        Operand::X(register) | Operand::TypedX { register, .. } if register >= MAX_X_REGISTERS => {
            Err(LoadErrorKind::RegisterOutOfRange {
                register: 'x',
                number: register,
                limit: MAX_X_REGISTERS,
            })
        }
        Operand::TypedX { type_index, .. } | Operand::TypedY { type_index, .. }
            if type_index as usize >= bounds.type_count =>
        {
            Err(LoadErrorKind::TypeIndexOutOfRange {
                index: u64::from(type_index),
                type_count: bounds.type_count,
            })
        }
        Operand::List(ref elements) => elements
            .iter()
            .try_for_each(|element| check_operand(element, bounds)),
        _ => Ok(()),
    }
}
