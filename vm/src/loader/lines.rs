//! The line table (`Line` chunk), which maps the operand of each `line`
//! instruction to a source file and line number.
//!
//! The chunk contains a version, flags, the number of `line` instructions, the
//! number of locations and the number of file names, then the locations as
//! compact terms, then the file names. A location is an `i` term with the
//! line number, preceded by an `a` term with a file name index whenever the
//! file changes. File name index 0 is the module's own `.erl` file and is
//! not stored.

use super::compact::{self, RawValue};
use super::error::{LoadErrorKind, LocatedError};
use super::iff::Chunk;

/// The decoded `Line` chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineTable {
    /// Number of `line` instructions in the code.
    pub instruction_count: u32,
    /// File names by index. Index 0 is `<module>.erl`, which the chunk
    /// implies rather than stores, and so is any empty name.
    pub file_names: Vec<String>,
    /// Locations in chunk order. The operand `n` of a `line` instruction
    /// refers to `locations[n - 1]`, and 0 means no location.
    pub locations: Vec<LineLocation>,
}

/// A source location.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineLocation {
    /// Index into `LineTable::file_names`.
    pub file: u32,
    pub line: u32,
}

impl LineTable {
    /// Returns the location for the operand of a `line` instruction, or
    /// `None` for 0 and for indices past the table.
    pub fn location(&self, operand: u32) -> Option<&LineLocation> {
        let index = usize::try_from(operand.checked_sub(1)?).ok()?;
        self.locations.get(index)
    }

    /// Returns the file name of a location.
    pub fn file_name(&self, location: &LineLocation) -> Option<&str> {
        self.file_names
            .get(location.file as usize)
            .map(String::as_str)
    }
}

/// Parses the `Line` chunk. Returns `None` for a version other than 0,
/// which OTP's loader skips as well because line information is optional.
pub(crate) fn parse_lines(
    chunk: &Chunk<'_>,
    module: &str,
) -> Result<Option<LineTable>, LocatedError> {
    let mut reader = chunk.reader();
    if reader.u32("line table version")? != 0 {
        return Ok(None);
    }
    let _flags = reader.u32("line table flags")?;
    let instruction_count = reader.u32("line instruction count")?;
    let location_count = reader.u32("line location count")?;
    let name_count_offset = reader.file_offset();
    let name_count = reader.u32("file name count")?;
    let location_count = reader.check_count("line location", u64::from(location_count), 1)?;
    // Each file name takes at least its 2-byte length.
    let name_count = reader
        .check_count("file name", u64::from(name_count), 2)
        .map_err(|error| LocatedError {
            offset: name_count_offset,
            ..error
        })?;

    let mut locations = Vec::with_capacity(location_count);
    let mut file = 0u32;
    while locations.len() < location_count {
        let offset = reader.file_offset();
        let (tag, raw) = compact::read_raw(&mut reader)?;
        match tag {
            compact::tag::ATOM => {
                let index = raw.unsigned().unwrap_or(u64::MAX);
                if index > name_count as u64 {
                    let kind = LoadErrorKind::FileIndexOutOfRange {
                        index,
                        file_count: name_count + 1,
                    };
                    return Err(LocatedError::new(offset, kind));
                }
                // `index <= name_count`, which came from a `u32`.
                file = index as u32;
            }
            compact::tag::INTEGER => {
                let line = line_number(raw).ok_or(LocatedError::new(
                    offset,
                    LoadErrorKind::ValueTooLarge {
                        field: "line number",
                    },
                ))?;
                locations.push(LineLocation { file, line });
            }
            found => {
                let kind = LoadErrorKind::UnexpectedTag {
                    field: "line table item",
                    expected: "an atom (tag 2) or an integer (tag 1)",
                    found,
                };
                return Err(LocatedError::new(offset, kind));
            }
        }
    }

    let mut file_names = Vec::with_capacity(name_count + 1);
    file_names.push(format!("{module}.erl"));
    for index in 1..=name_count {
        let offset = reader.file_offset();
        let length = usize::from(reader.u16("file name length")?);
        let bytes = reader.take(length, "file name")?;
        let name = std::str::from_utf8(bytes).map_err(|_| {
            LocatedError::new(
                offset,
                LoadErrorKind::InvalidUtf8 {
                    what: "file name",
                    index,
                },
            )
        })?;
        let name = if name.is_empty() {
            file_names[0].clone()
        } else {
            name.to_owned()
        };
        file_names.push(name);
    }
    super::chunks::expect_end(&reader, "file name")?;
    Ok(Some(LineTable {
        instruction_count,
        file_names,
        locations,
    }))
}

/// Returns a line number, which must be a non-negative `i` term that fits
/// in a `u32`.
fn line_number(raw: RawValue<'_>) -> Option<u32> {
    match raw.signed() {
        compact::Operand::Integer(value) => u32::try_from(value).ok(),
        _ => None,
    }
}
