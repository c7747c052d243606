//! Bounded zlib decompression for compressed terms and the `LitT` chunk,
//! which both store the decompressed size in front of the zlib stream.

use flate2::{Decompress, FlushDecompress, Status};
use std::fmt;

/// The output buffer starts at most this large and doubles from there, so
/// that a false size field in a short input costs little memory.
const INITIAL_CAPACITY: usize = 64 << 10;

/// A failure to decompress zlib data to its declared size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// The declared size is above the caller's limit.
    TooLarge { declared: usize, limit: usize },
    /// The zlib stream is corrupt.
    Corrupt(String),
    /// The zlib stream ends before its end marker.
    Truncated,
    /// The stream decompressed to a size other than the declared one.
    SizeMismatch { declared: usize, actual: SizeFound },
}

/// The decompressed size found when it differed from the declared one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeFound {
    Exactly(usize),
    /// More than declared. Decompression stopped there, so the real size is
    /// unknown.
    MoreThanDeclared,
}

impl fmt::Display for InflateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InflateError::TooLarge { declared, limit } => write!(
                f,
                "declared uncompressed size {declared} exceeds the limit of {limit} bytes"
            ),
            InflateError::Corrupt(reason) => write!(f, "invalid zlib data: {reason}"),
            InflateError::Truncated => write!(f, "zlib data ends before the end of the stream"),
            InflateError::SizeMismatch {
                declared,
                actual: SizeFound::Exactly(actual),
            } => write!(
                f,
                "declared uncompressed size {declared} but the data decompresses to {actual} bytes"
            ),
            InflateError::SizeMismatch {
                declared,
                actual: SizeFound::MoreThanDeclared,
            } => write!(
                f,
                "declared uncompressed size {declared} but the data decompresses to more"
            ),
        }
    }
}

impl std::error::Error for InflateError {}

/// Decompresses the zlib stream at the start of `input`, which must
/// decompress to exactly `declared_size` bytes. Returns the data and the
/// number of input bytes the stream took.
pub(crate) fn inflate(
    input: &[u8],
    declared_size: usize,
    limit: usize,
) -> Result<(Vec<u8>, usize), InflateError> {
    if declared_size > limit {
        return Err(InflateError::TooLarge {
            declared: declared_size,
            limit,
        });
    }
    // One byte beyond the declared size lets a longer stream show itself.
    let max_capacity = declared_size + 1;
    let mut decompress = Decompress::new(true);
    let mut output = Vec::with_capacity(max_capacity.min(INITIAL_CAPACITY));
    loop {
        if output.len() == output.capacity() {
            let target = output.capacity().saturating_mul(2).clamp(1, max_capacity);
            if target <= output.len() {
                break;
            }
            output.reserve_exact(target - output.len());
        }
        let consumed = stream_position(decompress.total_in());
        let rest = input.get(consumed..).unwrap_or_default();
        let produced_before = output.len();
        let status = decompress
            .decompress_vec(rest, &mut output, FlushDecompress::None)
            .map_err(|error| InflateError::Corrupt(error.to_string()))?;
        if output.len() > declared_size {
            return Err(InflateError::SizeMismatch {
                declared: declared_size,
                actual: SizeFound::MoreThanDeclared,
            });
        }
        if status == Status::StreamEnd {
            break;
        }
        let progressed =
            stream_position(decompress.total_in()) != consumed || output.len() != produced_before;
        if !progressed && output.len() < output.capacity() {
            return Err(InflateError::Truncated);
        }
    }
    if output.len() != declared_size {
        return Err(InflateError::SizeMismatch {
            declared: declared_size,
            actual: SizeFound::Exactly(output.len()),
        });
    }
    let consumed = stream_position(decompress.total_in());
    Ok((output, consumed))
}

/// Converts a zlib byte counter, which never exceeds the slice lengths fed
/// to it, to `usize`.
fn stream_position(count: u64) -> usize {
    usize::try_from(count).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    fn compress(data: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn inflate_returns_data_and_consumed_length() {
        let data = vec![7u8; 100_000];
        let mut input = compress(&data);
        let stream_length = input.len();
        input.extend_from_slice(b"tail");
        let (output, consumed) = inflate(&input, data.len(), 1 << 20).unwrap();
        assert_eq!(output, data);
        assert_eq!(consumed, stream_length);
    }

    #[test]
    fn inflate_rejects_wrong_sizes() {
        let input = compress(b"hello");
        let shorter = inflate(&input, 4, 100);
        assert_eq!(
            shorter,
            Err(InflateError::SizeMismatch {
                declared: 4,
                actual: SizeFound::MoreThanDeclared
            })
        );
        let longer = inflate(&input, 6, 100);
        assert_eq!(
            longer,
            Err(InflateError::SizeMismatch {
                declared: 6,
                actual: SizeFound::Exactly(5)
            })
        );
        assert_eq!(
            inflate(&input, 101, 100),
            Err(InflateError::TooLarge {
                declared: 101,
                limit: 100
            })
        );
    }

    #[test]
    fn inflate_rejects_truncated_and_corrupt_streams() {
        let input = compress(&[1u8; 1000]);
        for length in 0..input.len() {
            assert!(
                inflate(&input[..length], 1000, 10_000).is_err(),
                "length {length}"
            );
        }
        assert!(matches!(
            inflate(b"not zlib", 5, 100),
            Err(InflateError::Corrupt(_))
        ));
    }
}
