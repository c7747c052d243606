//! Errors for invalid, truncated or unsupported `.beam` files.

use super::iff::ChunkId;
use crate::etf::{EtfError, InflateError};
use std::fmt;

/// A `.beam` file that could not be parsed.
///
/// Its `Display` names the file, the chunk and the byte offset in the file,
/// for example `invalid .beam file "foo.beam": chunk "Code" at file offset
/// 1234: operand tag 7 with unknown extended tag 9`.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub file: String,
    /// The chunk being parsed, or `None` for the IFF container itself.
    pub chunk: Option<ChunkId>,
    /// Offset from the start of the file of the byte that was wrong, or 0
    /// for a missing chunk.
    pub offset: usize,
    pub kind: LoadErrorKind,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid .beam file {:?}: ", self.file)?;
        if let LoadErrorKind::MissingChunk { .. } = self.kind {
            return write!(f, "{}", self.kind);
        }
        if let Some(chunk) = self.chunk {
            write!(f, "chunk \"{chunk}\" ")?;
        }
        write!(f, "at file offset {}: {}", self.offset, self.kind)
    }
}

impl std::error::Error for LoadError {}

/// The reason a `.beam` file was rejected.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadErrorKind {
    /// The data ended inside a field.
    Truncated {
        field: &'static str,
        needed: usize,
        available: usize,
    },
    /// A magic number such as `FOR1` or `BEAM` was wrong.
    BadMagic {
        field: &'static str,
        expected: &'static str,
        found: [u8; 4],
    },
    /// The file is gzip-compressed, as `compile:file(F, [compressed])` writes.
    GzipCompressed,
    ChunkTooLarge {
        size: u32,
        available: usize,
    },
    DuplicateChunk,
    /// A required chunk, or both it and its `alternative`, are missing.
    MissingChunk {
        id: ChunkId,
        alternative: Option<ChunkId>,
    },
    /// A count of entries larger than the rest of the chunk could hold.
    CountTooLarge {
        what: &'static str,
        count: u64,
        available: usize,
    },
    /// Bytes after the last entry of a table of known size.
    TrailingBytes {
        what: &'static str,
        count: usize,
    },
    EmptyAtomTable,
    InvalidUtf8 {
        what: &'static str,
        index: usize,
    },
    /// A version number or instruction set this loader does not know.
    UnsupportedVersion {
        what: &'static str,
        found: u64,
        supported: u64,
    },
    /// The code header declares opcodes newer than OTP 25's.
    MaxOpcodeTooNew {
        max_opcode: u32,
        supported: u8,
    },
    UnknownOpcode {
        opcode: u8,
    },
    ObsoleteOpcode {
        opcode: u8,
        name: &'static str,
    },
    /// An opcode above the maximum the code header declares.
    OpcodeAboveMax {
        opcode: u8,
        name: &'static str,
        max_opcode: u32,
    },
    MissingIntCodeEnd,
    UnknownExtendedTag {
        tag: u64,
    },
    /// A compact term with the wrong tag where only one tag is allowed.
    UnexpectedTag {
        field: &'static str,
        expected: &'static str,
        found: u8,
    },
    /// A compact term whose value does not fit the field it is used for.
    ValueTooLarge {
        field: &'static str,
    },
    /// An integer length prefix that is itself length-prefixed.
    NestedLengthPrefix,
    /// A list or allocation list inside an operand list.
    NestedList,
    UnknownAllocKind {
        kind: u64,
    },
    AtomIndexOutOfRange {
        index: u64,
        atom_count: usize,
    },
    LabelOutOfRange {
        label: u64,
        label_count: u32,
    },
    LiteralIndexOutOfRange {
        index: u64,
        literal_count: usize,
    },
    TypeIndexOutOfRange {
        index: u64,
        type_count: usize,
    },
    RegisterOutOfRange {
        register: char,
        number: u32,
        limit: u32,
    },
    ArityTooLarge {
        arity: u32,
    },
    FreeVariablesExceedArity {
        free_count: u32,
        arity: u32,
    },
    FileIndexOutOfRange {
        index: u64,
        file_count: usize,
    },
    /// The first entry of the type table must be the type `any`.
    FirstTypeNotAny,
    /// The uncompressed size of the literal table is not plausible.
    LiteralTableTooLarge {
        declared: u32,
        compressed: usize,
        limit: usize,
    },
    Decompression(InflateError),
    Literal {
        index: usize,
        error: EtfError,
    },
    Term {
        what: &'static str,
        error: EtfError,
    },
}

impl fmt::Display for LoadErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LoadErrorKind::*;
        match self {
            Truncated {
                field,
                needed,
                available,
            } => write!(
                f,
                "truncated {field}: needs {needed} bytes but only {available} are left"
            ),
            BadMagic {
                field,
                expected,
                found,
            } => write!(
                f,
                "expected {field} \"{expected}\", found \"{}\"",
                ChunkId(*found)
            ),
            GzipCompressed => write!(
                f,
                "file is gzip-compressed; decompress it with gunzip first"
            ),
            ChunkTooLarge { size, available } => write!(
                f,
                "chunk size {size} (padded to 4 bytes) exceeds the {available} bytes left in the file"
            ),
            DuplicateChunk => write!(f, "chunk appears more than once"),
            MissingChunk {
                id,
                alternative: None,
            } => {
                write!(f, "required chunk \"{id}\" is missing")
            }
            MissingChunk {
                id,
                alternative: Some(alternative),
            } => {
                write!(f, "required chunk \"{id}\" or \"{alternative}\" is missing")
            }
            CountTooLarge {
                what,
                count,
                available,
            } => write!(
                f,
                "{what} count {count} is more than the {available} bytes left could hold"
            ),
            TrailingBytes { what, count } => {
                write!(f, "{count} unexpected bytes after the last {what}")
            }
            EmptyAtomTable => write!(f, "atom table is empty, so the module has no name"),
            InvalidUtf8 { what, index } => write!(f, "{what} {index} is not valid UTF-8"),
            UnsupportedVersion {
                what,
                found,
                supported,
            } => write!(
                f,
                "unsupported {what} {found}, only {supported} is supported"
            ),
            MaxOpcodeTooNew {
                max_opcode,
                supported,
            } => write!(
                f,
                "module uses opcodes up to {max_opcode} but OTP 25 defines only up to \
                 {supported}; recompile it with OTP 25"
            ),
            UnknownOpcode { opcode } => write!(f, "unknown opcode {opcode}"),
            ObsoleteOpcode { opcode, name } => write!(
                f,
                "obsolete opcode {opcode} ({name}) that OTP 25 cannot load; recompile the \
                 module with OTP 25"
            ),
            OpcodeAboveMax {
                opcode,
                name,
                max_opcode,
            } => write!(
                f,
                "opcode {opcode} ({name}) is above the max opcode {max_opcode} in the code header"
            ),
            MissingIntCodeEnd => write!(f, "code ends without an int_code_end instruction"),
            UnknownExtendedTag { tag } => {
                write!(f, "operand tag 7 with unknown extended tag {tag}")
            }
            UnexpectedTag {
                field,
                expected,
                found,
            } => {
                write!(f, "{field} must be {expected}, found operand tag {found}")
            }
            ValueTooLarge { field } => write!(f, "{field} is too large"),
            NestedLengthPrefix => {
                write!(f, "integer length prefix is itself length-prefixed")
            }
            NestedList => write!(f, "list operand inside a list operand"),
            UnknownAllocKind { kind } => write!(f, "unknown allocation list kind {kind}"),
            AtomIndexOutOfRange { index, atom_count } => write!(
                f,
                "atom index {index} out of range, the atom table has {atom_count} atoms"
            ),
            LabelOutOfRange { label, label_count } => write!(
                f,
                "label {label} out of range, the code header declares {label_count} labels"
            ),
            LiteralIndexOutOfRange {
                index,
                literal_count,
            } => write!(
                f,
                "literal index {index} out of range, the literal table has {literal_count} entries"
            ),
            TypeIndexOutOfRange { index, type_count } => write!(
                f,
                "type index {index} out of range, the type table has {type_count} entries"
            ),
            RegisterOutOfRange {
                register,
                number,
                limit,
            } => write!(
                f,
                "register {register}{number} out of range, the limit is {limit}"
            ),
            ArityTooLarge { arity } => write!(f, "arity {arity} exceeds the maximum of 255"),
            FreeVariablesExceedArity { free_count, arity } => write!(
                f,
                "fun has {free_count} free variables but its function has arity {arity}"
            ),
            FileIndexOutOfRange { index, file_count } => write!(
                f,
                "file name index {index} out of range, the line table has {file_count} file names"
            ),
            FirstTypeNotAny => write!(f, "first type table entry is not the type any"),
            LiteralTableTooLarge {
                declared,
                compressed,
                limit,
            } => write!(
                f,
                "uncompressed literal table size {declared} is implausible for {compressed} \
                 compressed bytes (limit {limit} bytes)"
            ),
            Decompression(error) => write!(f, "literal table: {error}"),
            Literal { index, error } => write!(f, "literal {index}: {error}"),
            Term { what, error } => write!(f, "{what}: {error}"),
        }
    }
}

/// A `LoadErrorKind` at a file offset, before the file name and chunk are
/// attached.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LocatedError {
    pub offset: usize,
    pub kind: LoadErrorKind,
}

impl LocatedError {
    pub fn new(offset: usize, kind: LoadErrorKind) -> Self {
        LocatedError { offset, kind }
    }

    pub fn in_file(self, file: &str, chunk: Option<ChunkId>) -> LoadError {
        LoadError {
            file: file.to_owned(),
            chunk,
            offset: self.offset,
            kind: self.kind,
        }
    }
}
