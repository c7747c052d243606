//! Decoding of the table chunks of a `.beam` file: atoms, imports, exports,
//! local functions, funs, literals, types, attributes and compile info.
//!
//! Atom fields in these tables stay 1-based indices into the atom table,
//! checked to be in range, so that the VM can map each file atom to its own
//! atom once.

use super::error::{LoadErrorKind, LocatedError};
use super::iff::Chunk;
use super::reader::Reader;
use crate::etf::{self, ExtTerm, MAX_ATOM_CHARACTERS};

/// The maximum uncompressed size of a literal table.
///
/// NOTE: OTP's loader has no fixed cap. This one is a guess, far above the
/// literal tables of ordinary modules, that bounds memory on hostile input.
pub const MAX_LITERAL_TABLE_SIZE: usize = 64 << 20;

/// Deflate's maximum compression ratio: a 258-byte match, its longest,
/// takes at least a 1-bit length code and a 1-bit distance code. A larger
/// declared size cannot be the real one.
const MAX_DEFLATE_RATIO: usize = 1032;

/// An entry of the import table (`ImpT`): a function the module calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Import {
    /// 1-based atom index of the module name.
    pub module: u32,
    /// 1-based atom index of the function name.
    pub function: u32,
    pub arity: u8,
}

/// An entry of the export (`ExpT`) or local function (`LocT`) table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabeledFunction {
    /// 1-based atom index of the function name.
    pub function: u32,
    pub arity: u8,
    /// The label of the function's entry point.
    pub label: u32,
}

/// An entry of the fun table (`FunT`): the code behind a fun expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunEntry {
    /// 1-based atom index of the name of the function that implements the
    /// fun, such as `-main/0-fun-0-`.
    pub function: u32,
    /// Arity of that function: the fun's own arity plus `num_free`.
    pub arity: u8,
    pub label: u32,
    pub index: u32,
    /// Number of free variables the fun captures.
    pub num_free: u32,
    pub old_uniq: u32,
}

/// An entry of the type table (`Type`, version 1 in OTP 25): what the
/// compiler proved about a typed register, as `beam_types:encode_ext/1`
/// writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TypeEntry {
    /// A union of the `TypeEntry::*` bits.
    pub type_bits: u16,
    pub min: i64,
    pub max: i64,
}

impl TypeEntry {
    pub const ATOM: u16 = 1 << 0;
    pub const BITSTRING: u16 = 1 << 1;
    pub const BS_MATCHSTATE: u16 = 1 << 2;
    pub const CONS: u16 = 1 << 3;
    pub const FLOAT: u16 = 1 << 4;
    pub const FUN: u16 = 1 << 5;
    pub const INTEGER: u16 = 1 << 6;
    pub const MAP: u16 = 1 << 7;
    pub const NIL: u16 = 1 << 8;
    pub const PID: u16 = 1 << 9;
    pub const PORT: u16 = 1 << 10;
    pub const REFERENCE: u16 = 1 << 11;
    pub const TUPLE: u16 = 1 << 12;
    /// Every type bit, which is how the type `any` is written.
    pub const ANY: u16 = (1 << 13) - 1;

    /// The size of one entry in the chunk.
    const ENCODED_SIZE: usize = 18;

    /// Returns the proven integer range, if any. The compiler writes
    /// `min > max` when it proved no range.
    pub fn integer_range(&self) -> Option<(i64, i64)> {
        (self.min <= self.max).then_some((self.min, self.max))
    }
}

pub(crate) fn parse_atoms(chunk: &Chunk<'_>, utf8: bool) -> Result<Vec<String>, LocatedError> {
    let mut reader = chunk.reader();
    let count_offset = reader.file_offset();
    let count = reader.count("atom", 1)?;
    if count == 0 {
        return Err(LocatedError::new(
            count_offset,
            LoadErrorKind::EmptyAtomTable,
        ));
    }
    let mut atoms = Vec::with_capacity(count);
    for index in 1..=count {
        let offset = reader.file_offset();
        let length = usize::from(reader.u8("atom length")?);
        let bytes = reader.take(length, "atom")?;
        let text = if utf8 {
            std::str::from_utf8(bytes)
                .map_err(|_| {
                    LocatedError::new(
                        offset,
                        LoadErrorKind::InvalidUtf8 {
                            what: "atom",
                            index,
                        },
                    )
                })?
                .to_owned()
        } else {
            bytes.iter().map(|&byte| char::from(byte)).collect()
        };
        if text.chars().count() > MAX_ATOM_CHARACTERS {
            return Err(LocatedError::new(
                offset,
                LoadErrorKind::ValueTooLarge { field: "atom" },
            ));
        }
        atoms.push(text);
    }
    expect_end(&reader, "atom")?;
    Ok(atoms)
}

pub(crate) fn parse_imports(
    chunk: &Chunk<'_>,
    atom_count: usize,
) -> Result<Vec<Import>, LocatedError> {
    let mut reader = chunk.reader();
    let count = reader.count("import", 12)?;
    let mut imports = Vec::with_capacity(count);
    for _ in 0..count {
        let module = read_atom_index(&mut reader, atom_count)?;
        let function = read_atom_index(&mut reader, atom_count)?;
        let arity = read_arity(&mut reader)?;
        imports.push(Import {
            module,
            function,
            arity,
        });
    }
    expect_end(&reader, "import")?;
    Ok(imports)
}

/// Parses `ExpT` or `LocT`, which share one layout.
pub(crate) fn parse_labeled_functions(
    chunk: &Chunk<'_>,
    atom_count: usize,
    label_count: u32,
) -> Result<Vec<LabeledFunction>, LocatedError> {
    let mut reader = chunk.reader();
    let count = reader.count("function", 12)?;
    let mut functions = Vec::with_capacity(count);
    for _ in 0..count {
        let function = read_atom_index(&mut reader, atom_count)?;
        let arity = read_arity(&mut reader)?;
        let label = read_label(&mut reader, label_count)?;
        functions.push(LabeledFunction {
            function,
            arity,
            label,
        });
    }
    expect_end(&reader, "function")?;
    Ok(functions)
}

pub(crate) fn parse_funs(
    chunk: &Chunk<'_>,
    atom_count: usize,
    label_count: u32,
) -> Result<Vec<FunEntry>, LocatedError> {
    let mut reader = chunk.reader();
    let count = reader.count("fun", 24)?;
    let mut funs = Vec::with_capacity(count);
    for _ in 0..count {
        let function = read_atom_index(&mut reader, atom_count)?;
        let arity = read_arity(&mut reader)?;
        let label = read_label(&mut reader, label_count)?;
        let index = reader.u32("fun index")?;
        let free_offset = reader.file_offset();
        let num_free = reader.u32("fun free variable count")?;
        if num_free > u32::from(arity) {
            let kind = LoadErrorKind::FreeVariablesExceedArity {
                free_count: num_free,
                arity: u32::from(arity),
            };
            return Err(LocatedError::new(free_offset, kind));
        }
        let old_uniq = reader.u32("fun old uniq")?;
        funs.push(FunEntry {
            function,
            arity,
            label,
            index,
            num_free,
            old_uniq,
        });
    }
    expect_end(&reader, "fun")?;
    Ok(funs)
}

/// Parses `LitT`: the uncompressed size, then a zlib stream of a literal
/// count and that many entries of a 4-byte size and a versioned term.
pub(crate) fn parse_literals(chunk: &Chunk<'_>) -> Result<Vec<ExtTerm>, LocatedError> {
    let mut reader = chunk.reader();
    let declared = reader.u32("literal table size")?;
    let stream_offset = reader.file_offset();
    let stream = reader.take(reader.remaining(), "literal table")?;
    let limit = MAX_LITERAL_TABLE_SIZE.min(stream.len().saturating_mul(MAX_DEFLATE_RATIO));
    let declared_size = usize::try_from(declared).unwrap_or(usize::MAX);
    if declared_size > limit {
        let kind = LoadErrorKind::LiteralTableTooLarge {
            declared,
            compressed: stream.len(),
            limit,
        };
        return Err(LocatedError::new(chunk.offset, kind));
    }
    let (table, _) = etf::inflate(stream, declared_size, limit)
        .map_err(|error| LocatedError::new(stream_offset, LoadErrorKind::Decompression(error)))?;

    // Offsets inside the decompressed table have no place in the file, so
    // errors there point at the start of the compressed stream.
    let at_stream = |error: LocatedError| LocatedError {
        offset: stream_offset,
        ..error
    };
    let mut table_reader = Reader::new(&table, 0);
    let count = table_reader.count("literal", 4).map_err(at_stream)?;
    let mut literals = Vec::with_capacity(count);
    for index in 0..count {
        let size = table_reader.u32("literal size").map_err(at_stream)?;
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let bytes = table_reader.take(size, "literal").map_err(at_stream)?;
        let literal = decode_whole_term(bytes).map_err(|error| {
            LocatedError::new(stream_offset, LoadErrorKind::Literal { index, error })
        })?;
        literals.push(literal);
    }
    expect_end(&table_reader, "literal").map_err(at_stream)?;
    Ok(literals)
}

pub(crate) fn parse_types(chunk: &Chunk<'_>) -> Result<Vec<TypeEntry>, LocatedError> {
    let mut reader = chunk.reader();
    let version_offset = reader.file_offset();
    let version = reader.u32("type table version")?;
    if version != 1 {
        let kind = LoadErrorKind::UnsupportedVersion {
            what: "type table version",
            found: u64::from(version),
            supported: 1,
        };
        return Err(LocatedError::new(version_offset, kind));
    }
    let count_offset = reader.file_offset();
    let count = reader.count("type", TypeEntry::ENCODED_SIZE)?;
    let mut types = Vec::with_capacity(count);
    for _ in 0..count {
        let type_bits = reader.u16("type bits")?;
        let min = reader.u64("type minimum")? as i64;
        let max = reader.u64("type maximum")? as i64;
        types.push(TypeEntry {
            type_bits,
            min,
            max,
        });
    }
    expect_end(&reader, "type")?;
    match types.first() {
        Some(any) if any.type_bits == TypeEntry::ANY && any.integer_range().is_none() => Ok(types),
        _ => Err(LocatedError::new(
            count_offset,
            LoadErrorKind::FirstTypeNotAny,
        )),
    }
}

/// Parses `Attr` or `CInf`, each one versioned term filling the chunk.
pub(crate) fn parse_term(chunk: &Chunk<'_>, what: &'static str) -> Result<ExtTerm, LocatedError> {
    decode_whole_term(chunk.data)
        .map_err(|error| LocatedError::new(chunk.offset, LoadErrorKind::Term { what, error }))
}

/// Decodes a versioned term that must take all of `bytes`.
fn decode_whole_term(bytes: &[u8]) -> Result<ExtTerm, etf::EtfError> {
    let (term, used) = etf::decode_versioned(bytes)?;
    if used != bytes.len() {
        let kind = etf::EtfErrorKind::TrailingBytes {
            count: bytes.len() - used,
        };
        return Err(etf::EtfError { offset: used, kind });
    }
    Ok(term)
}

fn read_atom_index(reader: &mut Reader<'_>, atom_count: usize) -> Result<u32, LocatedError> {
    let offset = reader.file_offset();
    let index = reader.u32("atom index")?;
    if index == 0 || index as usize > atom_count {
        let kind = LoadErrorKind::AtomIndexOutOfRange {
            index: u64::from(index),
            atom_count,
        };
        return Err(LocatedError::new(offset, kind));
    }
    Ok(index)
}

fn read_arity(reader: &mut Reader<'_>) -> Result<u8, LocatedError> {
    let offset = reader.file_offset();
    let arity = reader.u32("arity")?;
    u8::try_from(arity)
        .map_err(|_| LocatedError::new(offset, LoadErrorKind::ArityTooLarge { arity }))
}

fn read_label(reader: &mut Reader<'_>, label_count: u32) -> Result<u32, LocatedError> {
    let offset = reader.file_offset();
    let label = reader.u32("label")?;
    if label >= label_count {
        let kind = LoadErrorKind::LabelOutOfRange {
            label: u64::from(label),
            label_count,
        };
        return Err(LocatedError::new(offset, kind));
    }
    Ok(label)
}

pub(crate) fn expect_end(reader: &Reader<'_>, what: &'static str) -> Result<(), LocatedError> {
    match reader.remaining() {
        0 => Ok(()),
        count => Err(reader.error(LoadErrorKind::TrailingBytes { what, count })),
    }
}
