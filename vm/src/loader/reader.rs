//! A bounds-checked big-endian reader over part of a `.beam` file that
//! reports errors at file offsets.

use super::error::{LoadErrorKind, LocatedError};

pub(crate) struct Reader<'a> {
    data: &'a [u8],
    position: usize,
    /// File offset of `data[0]`.
    base: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], base: usize) -> Self {
        Reader {
            data,
            position: 0,
            base,
        }
    }

    /// Returns the file offset of the next byte.
    pub fn file_offset(&self) -> usize {
        self.base + self.position
    }

    /// Returns the offset of the next byte from the start of `data`.
    pub fn position(&self) -> usize {
        self.position
    }

    pub fn remaining(&self) -> usize {
        self.data.len() - self.position
    }

    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    pub fn error(&self, kind: LoadErrorKind) -> LocatedError {
        LocatedError::new(self.file_offset(), kind)
    }

    pub fn take(&mut self, count: usize, field: &'static str) -> Result<&'a [u8], LocatedError> {
        let available = self.remaining();
        if count > available {
            return Err(self.error(LoadErrorKind::Truncated {
                field,
                needed: count,
                available,
            }));
        }
        let bytes = &self.data[self.position..self.position + count];
        self.position += count;
        Ok(bytes)
    }

    pub fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], LocatedError> {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N, field)?);
        Ok(array)
    }

    pub fn u8(&mut self, field: &'static str) -> Result<u8, LocatedError> {
        Ok(self.array::<1>(field)?[0])
    }

    pub fn u16(&mut self, field: &'static str) -> Result<u16, LocatedError> {
        Ok(u16::from_be_bytes(self.array(field)?))
    }

    pub fn u32(&mut self, field: &'static str) -> Result<u32, LocatedError> {
        Ok(u32::from_be_bytes(self.array(field)?))
    }

    pub fn u64(&mut self, field: &'static str) -> Result<u64, LocatedError> {
        Ok(u64::from_be_bytes(self.array(field)?))
    }

    /// Reads a 32-bit count of entries that take at least `min_entry_size`
    /// bytes each, and checks that they fit in the data that is left.
    pub fn count(
        &mut self,
        what: &'static str,
        min_entry_size: usize,
    ) -> Result<usize, LocatedError> {
        let offset = self.file_offset();
        let count = self.u32(what)?;
        self.check_count(what, u64::from(count), min_entry_size)
            .map_err(|error| LocatedError { offset, ..error })
    }

    /// Checks that `count` entries of at least `min_entry_size` bytes each
    /// fit in the data that is left.
    pub fn check_count(
        &self,
        what: &'static str,
        count: u64,
        min_entry_size: usize,
    ) -> Result<usize, LocatedError> {
        let available = self.remaining();
        if u128::from(count) * min_entry_size as u128 > available as u128 {
            return Err(self.error(LoadErrorKind::CountTooLarge {
                what,
                count,
                available,
            }));
        }
        usize::try_from(count).map_err(|_| {
            self.error(LoadErrorKind::CountTooLarge {
                what,
                count,
                available,
            })
        })
    }
}
