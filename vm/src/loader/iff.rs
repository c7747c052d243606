//! The IFF container of `.beam` files: `"FOR1"`, the form size, `"BEAM"`,
//! then chunks of a 4-byte id, a 4-byte size and data padded to a multiple
//! of 4 bytes. All numbers are big-endian.

use super::error::{LoadErrorKind, LocatedError};
use super::reader::Reader;
use std::fmt;

/// The four-character id of a chunk, such as `Code`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChunkId(pub [u8; 4]);

impl ChunkId {
    pub const ATOM_UTF8: ChunkId = ChunkId(*b"AtU8");
    pub const ATOM_LATIN1: ChunkId = ChunkId(*b"Atom");
    pub const CODE: ChunkId = ChunkId(*b"Code");
    pub const STRINGS: ChunkId = ChunkId(*b"StrT");
    pub const IMPORTS: ChunkId = ChunkId(*b"ImpT");
    pub const EXPORTS: ChunkId = ChunkId(*b"ExpT");
    pub const LOCALS: ChunkId = ChunkId(*b"LocT");
    pub const FUNS: ChunkId = ChunkId(*b"FunT");
    pub const LITERALS: ChunkId = ChunkId(*b"LitT");
    pub const LINES: ChunkId = ChunkId(*b"Line");
    pub const TYPES: ChunkId = ChunkId(*b"Type");
    pub const ATTRIBUTES: ChunkId = ChunkId(*b"Attr");
    pub const COMPILE_INFO: ChunkId = ChunkId(*b"CInf");
}

/// Shows printable ASCII as is and other bytes as `\xNN`.
impl fmt::Display for ChunkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &byte in &self.0 {
            if byte.is_ascii_graphic() || byte == b' ' {
                write!(f, "{}", char::from(byte))?;
            } else {
                write!(f, "\\x{byte:02x}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for ChunkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChunkId(\"{self}\")")
    }
}

/// One chunk of the file, borrowed from the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Chunk<'a> {
    pub id: ChunkId,
    /// The chunk's data without its padding.
    pub data: &'a [u8],
    /// File offset of `data[0]`.
    pub offset: usize,
}

impl<'a> Chunk<'a> {
    pub fn reader(&self) -> Reader<'a> {
        Reader::new(self.data, self.offset)
    }
}

/// Splits a `.beam` file into its chunks, in file order. Bytes after the
/// end of the form that its size declares are ignored.
pub(crate) fn read_chunks(bytes: &[u8]) -> Result<Vec<Chunk<'_>>, LocatedError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(LocatedError::new(0, LoadErrorKind::GzipCompressed));
    }
    let mut header = Reader::new(bytes, 0);
    expect_magic(&mut header, "IFF header", "FOR1")?;
    let size_offset = header.file_offset();
    let form_size = header.u32("form size")?;
    let available = header.remaining();
    let form_size = usize::try_from(form_size).unwrap_or(usize::MAX);
    if form_size > available {
        let kind = LoadErrorKind::Truncated {
            field: "form",
            needed: form_size,
            available,
        };
        return Err(LocatedError::new(size_offset, kind));
    }
    let form = header.take(form_size, "form")?;
    let mut reader = Reader::new(form, header.file_offset() - form_size);
    expect_magic(&mut reader, "form type", "BEAM")?;

    let mut chunks = Vec::new();
    while !reader.is_empty() {
        let id = ChunkId(reader.array::<4>("chunk header")?);
        let size_offset = reader.file_offset();
        let size = reader.u32("chunk header")?;
        let padded = (u64::from(size) + 3) & !3;
        let available = reader.remaining();
        if padded > available as u64 {
            let kind = LoadErrorKind::ChunkTooLarge { size, available };
            return Err(LocatedError::new(size_offset, kind));
        }
        let offset = reader.file_offset();
        // `padded <= available`, so both fit in `usize`.
        let data = reader.take(size as usize, "chunk")?;
        reader.take(padded as usize - size as usize, "chunk padding")?;
        chunks.push(Chunk { id, data, offset });
    }
    Ok(chunks)
}

fn expect_magic(
    reader: &mut Reader<'_>,
    field: &'static str,
    expected: &'static str,
) -> Result<(), LocatedError> {
    let offset = reader.file_offset();
    let found = reader.array::<4>(field)?;
    if found != expected.as_bytes() {
        let kind = LoadErrorKind::BadMagic {
            field,
            expected,
            found,
        };
        return Err(LocatedError::new(offset, kind));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(chunks: &[u8]) -> Vec<u8> {
        let mut bytes = b"FOR1".to_vec();
        bytes.extend_from_slice(&(chunks.len() as u32 + 4).to_be_bytes());
        bytes.extend_from_slice(b"BEAM");
        bytes.extend_from_slice(chunks);
        bytes
    }

    #[test]
    fn read_chunks_splits_padded_chunks() {
        let bytes = form(b"AtU8\0\0\0\x05abcde\0\0\0StrT\0\0\0\0");
        let chunks = read_chunks(&bytes).unwrap();
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].id, ChunkId::ATOM_UTF8);
        assert_eq!(chunks[0].data, b"abcde");
        assert_eq!(chunks[0].offset, 20);
        assert_eq!(chunks[1].id, ChunkId::STRINGS);
        assert_eq!(chunks[1].data, b"");
    }

    #[test]
    fn read_chunks_rejects_missing_padding() {
        let bytes = form(b"AtU8\0\0\0\x05abcde");
        let error = read_chunks(&bytes).unwrap_err();
        assert_eq!(
            error.kind,
            LoadErrorKind::ChunkTooLarge {
                size: 5,
                available: 5
            }
        );
        assert_eq!(error.offset, 16);
    }

    #[test]
    fn read_chunks_rejects_bad_headers() {
        let gzip = read_chunks(&[0x1f, 0x8b, 8, 0]).unwrap_err();
        assert_eq!(gzip.kind, LoadErrorKind::GzipCompressed);
        let wrong_form = read_chunks(b"FOR1\0\0\0\x04ELF\x7f").unwrap_err();
        assert!(matches!(
            wrong_form.kind,
            LoadErrorKind::BadMagic {
                field: "form type",
                ..
            }
        ));
        let too_long = read_chunks(b"FOR1\0\0\0\x08BEAM").unwrap_err();
        assert!(matches!(
            too_long.kind,
            LoadErrorKind::Truncated { field: "form", .. }
        ));
    }

    #[test]
    fn chunk_id_display_escapes_unprintable_bytes() {
        assert_eq!(ChunkId(*b"Co\0\xff").to_string(), "Co\\x00\\xff");
    }
}
