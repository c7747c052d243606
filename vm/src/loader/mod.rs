//! Parsing of the `.beam` files `erlc` of Erlang/OTP 25 writes, into a
//! `BeamFile` of decoded tables and generic instructions.
//!
//! This layer checks structure only: sizes, counts, encodings, opcodes and
//! the table indices in operands. It turns no instruction into executable
//! code. `parse_beam` returns a `LoadError` for any input it cannot parse
//! and does not panic. Every allocation is bounded by the input length,
//! apart from the literal table, which decompresses to at most
//! `MAX_LITERAL_TABLE_SIZE` bytes.

mod chunks;
mod code;
mod compact;
mod error;
mod iff;
mod lines;
mod reader;

pub use chunks::{FunEntry, Import, LabeledFunction, MAX_LITERAL_TABLE_SIZE, TypeEntry};
pub use code::{CodeHeader, GenericOp, MAX_X_REGISTERS};
pub use compact::{AllocKind, Operand};
pub use error::{LoadError, LoadErrorKind};
pub use iff::ChunkId;
pub use lines::{LineLocation, LineTable};

use crate::etf::ExtTerm;
use error::LocatedError;
use iff::Chunk;

/// The decoded contents of a `.beam` file.
///
/// Atom references (`Operand::Atom`, `Import`, `LabeledFunction`,
/// `FunEntry`) are 1-based indices into `atoms`, as in the file, and `atom`
/// resolves them.
#[derive(Clone, Debug, PartialEq)]
pub struct BeamFile {
    /// The module name, which is the first atom.
    pub module: String,
    /// The atom table. Atom index `i` is `atoms[i - 1]`.
    pub atoms: Vec<String>,
    pub code_header: CodeHeader,
    /// The instructions, ending with `int_code_end`.
    pub ops: Vec<GenericOp>,
    pub imports: Vec<Import>,
    pub exports: Vec<LabeledFunction>,
    /// Non-exported functions, from the optional `LocT` chunk.
    pub locals: Vec<LabeledFunction>,
    pub funs: Vec<FunEntry>,
    /// The literal table, indexed by `Operand::Literal`.
    pub literals: Vec<ExtTerm>,
    /// The string table that `bs_put_string` and `bs_match_string` take
    /// bytes from.
    pub strings: Vec<u8>,
    /// The line table, or `None` when the file has no `Line` chunk or one of
    /// a version other than 0.
    pub lines: Option<LineTable>,
    /// The type table, indexed by typed register operands. Empty when the
    /// file has no `Type` chunk.
    pub types: Vec<TypeEntry>,
    /// The `Attr` chunk: the module attributes as a list of
    /// `{Name, Values}` tuples.
    pub attributes: Option<ExtTerm>,
    /// The `CInf` chunk: the compiler version and options, and the source path
    /// unless the module was compiled with `+deterministic`.
    pub compile_info: Option<ExtTerm>,
}

impl BeamFile {
    /// Returns the name of the atom with 1-based `index`, or `None` when it
    /// is 0 or past the table.
    pub fn atom(&self, index: u32) -> Option<&str> {
        let position = usize::try_from(index.checked_sub(1)?).ok()?;
        self.atoms.get(position).map(String::as_str)
    }
}

/// Parses a `.beam` file. `file_name` only names the file in errors.
///
/// The chunks `AtU8` (or the older Latin-1 `Atom`), `Code`, `ImpT` and
/// `ExpT` are required. `StrT`, `LocT`, `FunT`, `LitT`, `Line`, `Type`,
/// `Attr` and `CInf` are decoded when present. Other chunks, such as
/// `Dbgi`, `Docs`, `Meta` and `ExCh`, are skipped.
pub fn parse_beam(bytes: &[u8], file_name: &str) -> Result<BeamFile, LoadError> {
    let chunks = iff::read_chunks(bytes).map_err(|error| error.in_file(file_name, None))?;
    let table = ChunkTable { chunks, file_name };
    table.check_duplicates()?;

    let code = table.require(ChunkId::CODE, None)?;
    let (code_header, code_start) = table.parse(&code, code::parse_code_header)?;
    let label_count = code_header.label_count;

    let atoms = match table.find(ChunkId::ATOM_UTF8) {
        Some(chunk) => table.parse(&chunk, |chunk| chunks::parse_atoms(chunk, true))?,
        None => {
            let chunk = table.require(ChunkId::ATOM_LATIN1, Some(ChunkId::ATOM_UTF8))?;
            table.parse(&chunk, |chunk| chunks::parse_atoms(chunk, false))?
        }
    };
    let atom_count = atoms.len();
    let imports = table.parse(&table.require(ChunkId::IMPORTS, None)?, |chunk| {
        chunks::parse_imports(chunk, atom_count)
    })?;
    let labeled =
        |chunk: &Chunk<'_>| chunks::parse_labeled_functions(chunk, atom_count, label_count);
    let exports = table.parse(&table.require(ChunkId::EXPORTS, None)?, labeled)?;
    let locals = table
        .parse_optional(ChunkId::LOCALS, labeled)?
        .unwrap_or_default();
    let funs = table
        .parse_optional(ChunkId::FUNS, |chunk| {
            chunks::parse_funs(chunk, atom_count, label_count)
        })?
        .unwrap_or_default();
    let literals = table
        .parse_optional(ChunkId::LITERALS, chunks::parse_literals)?
        .unwrap_or_default();
    let types = table
        .parse_optional(ChunkId::TYPES, chunks::parse_types)?
        .unwrap_or_default();
    let strings = table
        .find(ChunkId::STRINGS)
        .map(|chunk| chunk.data.to_vec())
        .unwrap_or_default();
    let module = atoms[0].clone();
    let lines = table
        .parse_optional(ChunkId::LINES, |chunk| lines::parse_lines(chunk, &module))?
        .flatten();

    let bounds = code::OperandBounds {
        atom_count,
        literal_count: literals.len(),
        type_count: types.len(),
        label_count,
    };
    let ops = table.parse(&code, |chunk| {
        code::decode_ops(chunk, code_start, &code_header, &bounds)
    })?;

    let attributes = table.parse_optional(ChunkId::ATTRIBUTES, |chunk| {
        chunks::parse_term(chunk, "attributes")
    })?;
    let compile_info = table.parse_optional(ChunkId::COMPILE_INFO, |chunk| {
        chunks::parse_term(chunk, "compile info")
    })?;

    Ok(BeamFile {
        module,
        atoms,
        code_header,
        ops,
        imports,
        exports,
        locals,
        funs,
        literals,
        strings,
        lines,
        types,
        attributes,
        compile_info,
    })
}

/// The chunks of one file, with the file name for errors.
struct ChunkTable<'a> {
    chunks: Vec<Chunk<'a>>,
    file_name: &'a str,
}

/// The chunks `parse_beam` decodes, each of which may appear only once.
const DECODED_CHUNKS: [ChunkId; 13] = [
    ChunkId::ATOM_UTF8,
    ChunkId::ATOM_LATIN1,
    ChunkId::CODE,
    ChunkId::STRINGS,
    ChunkId::IMPORTS,
    ChunkId::EXPORTS,
    ChunkId::LOCALS,
    ChunkId::FUNS,
    ChunkId::LITERALS,
    ChunkId::LINES,
    ChunkId::TYPES,
    ChunkId::ATTRIBUTES,
    ChunkId::COMPILE_INFO,
];

impl<'a> ChunkTable<'a> {
    /// Rejects a second copy of any chunk in `DECODED_CHUNKS`, in one pass
    /// so that a file of many tiny chunks costs linear time.
    fn check_duplicates(&self) -> Result<(), LoadError> {
        let mut seen = [false; DECODED_CHUNKS.len()];
        for chunk in &self.chunks {
            let Some(index) = DECODED_CHUNKS.iter().position(|&id| id == chunk.id) else {
                continue;
            };
            if seen[index] {
                let error = LocatedError::new(chunk.offset, LoadErrorKind::DuplicateChunk);
                return Err(error.in_file(self.file_name, Some(chunk.id)));
            }
            seen[index] = true;
        }
        Ok(())
    }

    fn find(&self, id: ChunkId) -> Option<Chunk<'a>> {
        self.chunks.iter().find(|chunk| chunk.id == id).copied()
    }

    /// Returns chunk `id`, or an error for its absence that also names
    /// `alternative` when the caller would have accepted that chunk instead.
    fn require(&self, id: ChunkId, alternative: Option<ChunkId>) -> Result<Chunk<'a>, LoadError> {
        self.find(id).ok_or_else(|| LoadError {
            file: self.file_name.to_owned(),
            chunk: None,
            offset: 0,
            kind: LoadErrorKind::MissingChunk { id, alternative },
        })
    }

    fn parse<T>(
        &self,
        chunk: &Chunk<'a>,
        parse: impl FnOnce(&Chunk<'a>) -> Result<T, LocatedError>,
    ) -> Result<T, LoadError> {
        parse(chunk).map_err(|error| error.in_file(self.file_name, Some(chunk.id)))
    }

    fn parse_optional<T>(
        &self,
        id: ChunkId,
        parse: impl FnOnce(&Chunk<'a>) -> Result<T, LocatedError>,
    ) -> Result<Option<T>, LoadError> {
        self.find(id)
            .map(|chunk| self.parse(&chunk, parse))
            .transpose()
    }
}
