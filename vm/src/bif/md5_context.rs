//! `erlang:md5_init/0`, `md5_update/2` and `md5_final/1`.
//!
//! The context is an 88-byte binary laid out as OTP 25 lays out its
//! `MD5_CTX` on a little-endian machine: the four state words, the message
//! length in bits as two 32-bit words (low word first), then the 64-byte
//! block buffer. The md-5 crate does not expose its state, so this file
//! runs the MD5 compression function of RFC 1321 itself.

use crate::bits::iolist;
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::Process;
use crate::term::Term;

const CONTEXT_BYTES: usize = 88;
const BLOCK_BYTES: usize = 64;
const INITIAL_STATE: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];

/// Left-rotation amounts for each step, four per round (RFC 1321, 3.4).
const SHIFTS: [[u32; 4]; 4] = [
    [7, 12, 17, 22],
    [5, 9, 14, 20],
    [4, 11, 16, 23],
    [6, 10, 15, 21],
];

/// Computes the additive constants, `floor(abs(sin(i + 1)) * 2^32)` for step `i`
/// (RFC 1321, 3.4). A unit test checks the digests against the md-5 crate.
fn sine_constants() -> [u32; 64] {
    let mut table = [0u32; 64];
    for (i, entry) in table.iter_mut().enumerate() {
        *entry = (((i + 1) as f64).sin().abs() * 4_294_967_296.0) as u32;
    }
    table
}

/// Runs the MD5 compression function on one 64-byte block.
fn compress(state: &mut [u32; 4], block: &[u8]) {
    let constants = sine_constants();
    let mut words = [0u32; 16];
    for (word, chunk) in words.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    let [mut a, mut b, mut c, mut d] = *state;
    for step in 0..64 {
        let round = step / 16;
        let (mixed, index) = match round {
            0 => ((b & c) | (!b & d), step),
            1 => ((b & d) | (c & !d), (5 * step + 1) % 16),
            2 => (b ^ c ^ d, (3 * step + 5) % 16),
            _ => (c ^ (b | !d), (7 * step) % 16),
        };
        let sum = a
            .wrapping_add(mixed)
            .wrapping_add(constants[step])
            .wrapping_add(words[index]);
        let rotated = sum.rotate_left(SHIFTS[round][step % 4]);
        a = d;
        d = c;
        c = b;
        b = b.wrapping_add(rotated);
    }
    for (word, add) in state.iter_mut().zip([a, b, c, d]) {
        *word = word.wrapping_add(add);
    }
}

/// An MD5 computation in progress: the state words, the length in bits of
/// the message so far, and the bytes of the block not yet compressed.
struct Context {
    state: [u32; 4],
    bit_length: u64,
    buffer: [u8; BLOCK_BYTES],
}

impl Context {
    fn new() -> Context {
        Context {
            state: INITIAL_STATE,
            bit_length: 0,
            buffer: [0; BLOCK_BYTES],
        }
    }

    /// Reads a context binary. Any binary of 88 bytes is one, as in OTP.
    fn decode(t: Term) -> Result<Context, Exception> {
        heap::bitstring(t)
            .and_then(|b| b.as_bytes())
            .and_then(Context::from_bytes)
            .ok_or_else(Exception::badarg)
    }

    fn from_bytes(bytes: &[u8]) -> Option<Context> {
        if bytes.len() != CONTEXT_BYTES {
            return None;
        }
        let word =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let mut buffer = [0u8; BLOCK_BYTES];
        buffer.copy_from_slice(&bytes[24..]);
        Some(Context {
            state: [word(0), word(4), word(8), word(12)],
            bit_length: u64::from(word(16)) | (u64::from(word(20)) << 32),
            buffer,
        })
    }

    fn encode(&self) -> [u8; CONTEXT_BYTES] {
        let mut bytes = [0u8; CONTEXT_BYTES];
        for (i, word) in self.state.iter().enumerate() {
            bytes[i * 4..i * 4 + 4].copy_from_slice(&word.to_le_bytes());
        }
        bytes[16..20].copy_from_slice(&(self.bit_length as u32).to_le_bytes());
        bytes[20..24].copy_from_slice(&((self.bit_length >> 32) as u32).to_le_bytes());
        bytes[24..].copy_from_slice(&self.buffer);
        bytes
    }

    fn update(&mut self, mut data: &[u8]) {
        let mut filled = (self.bit_length / 8 % BLOCK_BYTES as u64) as usize;
        self.bit_length = self.bit_length.wrapping_add((data.len() as u64) << 3);
        while !data.is_empty() {
            let take = (BLOCK_BYTES - filled).min(data.len());
            self.buffer[filled..filled + take].copy_from_slice(&data[..take]);
            filled += take;
            data = &data[take..];
            if filled == BLOCK_BYTES {
                let block = self.buffer;
                compress(&mut self.state, &block);
                filled = 0;
            }
        }
    }

    /// Pads the message as RFC 1321 (3.1, 3.2) requires and returns the
    /// 16-byte digest.
    fn finish(mut self) -> [u8; 16] {
        let bit_length = self.bit_length;
        let filled = (bit_length / 8 % BLOCK_BYTES as u64) as usize;
        let pad_len = if filled < 56 {
            56 - filled
        } else {
            120 - filled
        };
        let mut padding = vec![0u8; pad_len];
        padding[0] = 0x80;
        self.update(&padding);
        self.update(&bit_length.to_le_bytes());
        let mut digest = [0u8; 16];
        for (i, word) in self.state.iter().enumerate() {
            digest[i * 4..i * 4 + 4].copy_from_slice(&word.to_le_bytes());
        }
        digest
    }
}

fn md5_init(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(heap::binary(&mut proc.heap, &Context::new().encode()))
}

fn md5_update(proc: &mut Process, args: &[Term]) -> BifResult {
    let mut context = Context::decode(args[0])?;
    let data = iolist::iolist_bytes(args[1])?;
    context.update(&data);
    Ok(heap::binary(&mut proc.heap, &context.encode()))
}

fn md5_final(proc: &mut Process, args: &[Term]) -> BifResult {
    let context = Context::decode(args[0])?;
    Ok(heap::binary(&mut proc.heap, &context.finish()))
}

crate::bif_table![
    ("erlang", "md5_init", 0, md5_init),
    ("erlang", "md5_update", 2, md5_update),
    ("erlang", "md5_final", 1, md5_final),
];

#[cfg(test)]
mod tests {
    use super::*;
    use md5::{Digest, Md5};

    fn digest_in_pieces(data: &[u8], piece: usize) -> [u8; 16] {
        let mut context = Context::new();
        for chunk in data.chunks(piece.max(1)) {
            context = Context::from_bytes(&context.encode()).expect("88 bytes");
            context.update(chunk);
        }
        context.finish()
    }

    #[test]
    fn md5_context_matches_md5_crate() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        for len in [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
            let expected = Md5::digest(&data[..len]);
            for piece in [1, 7, 64, 1000] {
                assert_eq!(
                    digest_in_pieces(&data[..len], piece)[..],
                    expected[..],
                    "length {len}, pieces of {piece}"
                );
            }
        }
    }
}
