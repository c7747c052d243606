//! Decoding of the external term format into `ExtTerm`.
//!
//! The decoder keeps open tuples, maps, lists and funs on an explicit stack,
//! so hostile nesting costs heap rather than call stack, and it rejects
//! nesting deeper than `DecodeLimits::max_depth` to keep the recursive
//! traits of `ExtTerm` safe. A list tail that is itself a list is merged
//! into the same list, so a chain of thousands of `LIST_EXT` tails costs no
//! nesting at all. Every length field is checked against the input that is
//! left before anything is allocated for it.

use super::tag::*;
use super::{DecodeLimits, EtfError, EtfErrorKind, ExtTerm, LocalFun, VERSION, inflate};

/// Decodes one term, without a version byte, from the start of `bytes`
/// with the default limits. Returns the term and the number of bytes it
/// took. A compressed term (tag 80) is accepted here.
pub fn decode(bytes: &[u8]) -> Result<(ExtTerm, usize), EtfError> {
    decode_with_limits(bytes, &DecodeLimits::default())
}

/// Decodes one term like `decode`, with the given limits.
pub fn decode_with_limits(
    bytes: &[u8],
    limits: &DecodeLimits,
) -> Result<(ExtTerm, usize), EtfError> {
    decode_at(bytes, 0, limits)
}

/// Decodes one term that starts with the version byte 131, as
/// `term_to_binary` writes it, with the default limits. Returns the term
/// and the number of bytes it took, version byte included.
pub fn decode_versioned(bytes: &[u8]) -> Result<(ExtTerm, usize), EtfError> {
    decode_versioned_with_limits(bytes, &DecodeLimits::default())
}

/// Decodes one versioned term like `decode_versioned`, with the given
/// limits.
pub fn decode_versioned_with_limits(
    bytes: &[u8],
    limits: &DecodeLimits,
) -> Result<(ExtTerm, usize), EtfError> {
    match bytes.split_first() {
        Some((&VERSION, rest)) => {
            let (term, used) = decode_at(rest, 1, limits)?;
            Ok((term, used + 1))
        }
        other => Err(EtfError {
            offset: 0,
            kind: EtfErrorKind::MissingVersion {
                found: other.map(|(&byte, _)| byte),
            },
        }),
    }
}

/// Decodes a term at the start of `bytes`, reporting error offsets as if
/// `bytes` began `base` bytes into the caller's input.
fn decode_at(
    bytes: &[u8],
    base: usize,
    limits: &DecodeLimits,
) -> Result<(ExtTerm, usize), EtfError> {
    if bytes.first() == Some(&COMPRESSED) {
        return decode_compressed(bytes, base, limits);
    }
    let mut decoder = Decoder {
        input: bytes,
        position: 0,
        base,
        limits,
    };
    let term = decoder.term()?;
    Ok((term, decoder.position))
}

/// Decodes `80, UncompressedSize:32, ZlibData`. The decompressed term must
/// fill the decompressed data exactly. Error offsets inside it are offsets
/// in the decompressed data.
fn decode_compressed(
    bytes: &[u8],
    base: usize,
    limits: &DecodeLimits,
) -> Result<(ExtTerm, usize), EtfError> {
    let mut header = Decoder {
        input: bytes,
        position: 1,
        base,
        limits,
    };
    let declared = header.u32()?;
    let declared = usize::try_from(declared).unwrap_or(usize::MAX);
    let stream = bytes.get(header.position..).unwrap_or_default();
    let (data, consumed) = inflate(stream, declared, limits.max_uncompressed_size)
        .map_err(|error| header.error_at(0, EtfErrorKind::Compression(error)))?;
    let mut inner = Decoder {
        input: &data,
        position: 0,
        base: 0,
        limits,
    };
    let term = inner.term()?;
    let left = data.len() - inner.position;
    if left != 0 {
        return Err(inner.error_at(inner.position, EtfErrorKind::TrailingBytes { count: left }));
    }
    Ok((term, header.position + consumed))
}

fn unsupported(tag: u8, name: &'static str) -> EtfErrorKind {
    EtfErrorKind::UnsupportedTag { tag, name }
}

/// A container whose nested terms are still being decoded.
enum Frame {
    Tuple {
        elements: Vec<ExtTerm>,
        arity: usize,
    },
    /// `key` is a decoded key whose value comes next.
    Map {
        pairs: Vec<(ExtTerm, ExtTerm)>,
        key: Option<ExtTerm>,
        arity: usize,
    },
    /// `remaining` more elements of the current `LIST_EXT` follow.
    ListElements {
        elements: Vec<ExtTerm>,
        remaining: usize,
    },
    /// All elements are read and the tail comes next.
    ListTail { elements: Vec<ExtTerm> },
    Fun {
        fun: LocalFun,
        free_count: usize,
        size_offset: usize,
        declared: u32,
    },
}

enum Step {
    Value(ExtTerm),
    Opened,
}

/// The part of a list that follows a segment.
enum ListNext {
    /// This many elements of a further `LIST_EXT`.
    Elements(usize),
    /// A tail that is not a list.
    Tail,
    /// Nothing: the list ended with a `STRING_EXT`, whose tail is `[]`.
    Finished,
}

/// Builds the term for a list, which is its tail when it has no elements.
fn finish_list(elements: Vec<ExtTerm>, tail: ExtTerm) -> ExtTerm {
    if elements.is_empty() {
        tail
    } else {
        ExtTerm::List(elements, Box::new(tail))
    }
}

pub(super) struct Decoder<'a> {
    input: &'a [u8],
    pub(super) position: usize,
    /// Offset of `input` in the caller's buffer, added to error offsets.
    base: usize,
    limits: &'a DecodeLimits,
}

impl<'a> Decoder<'a> {
    pub(super) fn error_at(&self, offset: usize, kind: EtfErrorKind) -> EtfError {
        EtfError {
            offset: self.base + offset,
            kind,
        }
    }

    pub(super) fn remaining(&self) -> usize {
        self.input.len() - self.position
    }

    pub(super) fn take(&mut self, count: usize) -> Result<&'a [u8], EtfError> {
        let available = self.remaining();
        if count > available {
            let kind = EtfErrorKind::UnexpectedEnd {
                needed: count,
                available,
            };
            return Err(self.error_at(self.position, kind));
        }
        let bytes = &self.input[self.position..self.position + count];
        self.position += count;
        Ok(bytes)
    }

    pub(super) fn array<const N: usize>(&mut self) -> Result<[u8; N], EtfError> {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    pub(super) fn peek(&self) -> Result<u8, EtfError> {
        match self.input.get(self.position) {
            Some(&byte) => Ok(byte),
            None => Err(self.error_at(
                self.position,
                EtfErrorKind::UnexpectedEnd {
                    needed: 1,
                    available: 0,
                },
            )),
        }
    }

    pub(super) fn u8(&mut self) -> Result<u8, EtfError> {
        Ok(self.array::<1>()?[0])
    }

    pub(super) fn u16(&mut self) -> Result<u16, EtfError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(super) fn u32(&mut self) -> Result<u32, EtfError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(super) fn u64(&mut self) -> Result<u64, EtfError> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    /// Checks that `count` items of at least `min_item_size` bytes each fit
    /// in the input that is left, and returns `count` as a `usize`.
    pub(super) fn check_count(
        &self,
        what: &'static str,
        count: u64,
        min_item_size: usize,
    ) -> Result<usize, EtfError> {
        let available = self.remaining();
        let needed = u128::from(count) * min_item_size as u128;
        if needed > available as u128 {
            let kind = EtfErrorKind::LengthTooLarge {
                what,
                length: count,
                available,
            };
            return Err(self.error_at(self.position, kind));
        }
        // `count * min_item_size <= available` with `min_item_size >= 1`.
        Ok(count as usize)
    }

    pub(super) fn length32(
        &mut self,
        what: &'static str,
        min_item_size: usize,
    ) -> Result<usize, EtfError> {
        let count = self.u32()?;
        self.check_count(what, u64::from(count), min_item_size)
    }

    /// Decodes one term with an explicit stack of open containers, so that
    /// nesting costs heap rather than call stack.
    fn term(&mut self) -> Result<ExtTerm, EtfError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            let mut value = match self.start_term(&mut stack)? {
                Step::Value(value) => value,
                Step::Opened => continue,
            };
            // Hand the finished value to the open containers, closing each
            // one that it completes.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(value);
                };
                match self.add_to_frame(frame, value)? {
                    Some(finished) => {
                        stack.pop();
                        value = finished;
                    }
                    None => break,
                }
            }
        }
    }

    /// Opens a container frame, unless that would nest deeper than the
    /// limit.
    fn open(&self, stack: &mut Vec<Frame>, frame: Frame) -> Result<Step, EtfError> {
        if stack.len() >= self.limits.max_depth {
            let kind = EtfErrorKind::NestingTooDeep {
                limit: self.limits.max_depth,
            };
            return Err(self.error_at(self.position, kind));
        }
        stack.push(frame);
        Ok(Step::Opened)
    }

    /// Reads a tag and either decodes a whole term without nested terms or
    /// opens a frame for a container whose elements follow.
    fn start_term(&mut self, stack: &mut Vec<Frame>) -> Result<Step, EtfError> {
        let tag_offset = self.position;
        let tag = self.u8()?;
        let term = match tag {
            SMALL_INTEGER_EXT | INTEGER_EXT | SMALL_BIG_EXT | LARGE_BIG_EXT => {
                self.integer_body(tag)?
            }
            FLOAT_EXT => self.float_text()?,
            NEW_FLOAT_EXT => {
                let value = f64::from_bits(self.u64()?);
                self.finite(value, tag_offset)?
            }
            ATOM_EXT | SMALL_ATOM_EXT | ATOM_UTF8_EXT | SMALL_ATOM_UTF8_EXT => {
                ExtTerm::Atom(self.atom_text(tag)?)
            }
            SMALL_TUPLE_EXT | LARGE_TUPLE_EXT => {
                let arity = match tag {
                    SMALL_TUPLE_EXT => usize::from(self.u8()?),
                    _ => self.u32()? as usize,
                };
                let arity = self.check_count("tuple", arity as u64, 1)?;
                if arity == 0 {
                    return Ok(Step::Value(ExtTerm::Tuple(Vec::new())));
                }
                let elements = Vec::with_capacity(arity);
                return self.open(stack, Frame::Tuple { elements, arity });
            }
            NIL_EXT => ExtTerm::Nil,
            STRING_EXT => {
                let mut elements = Vec::new();
                self.string_elements(&mut elements)?;
                finish_list(elements, ExtTerm::Nil)
            }
            LIST_EXT => {
                let mut elements = Vec::new();
                return match self.continue_list(&mut elements, true)? {
                    ListNext::Elements(remaining) => self.open(
                        stack,
                        Frame::ListElements {
                            elements,
                            remaining,
                        },
                    ),
                    ListNext::Tail => self.open(stack, Frame::ListTail { elements }),
                    ListNext::Finished => Ok(Step::Value(finish_list(elements, ExtTerm::Nil))),
                };
            }
            BINARY_EXT => {
                let length = self.length32("binary", 1)?;
                ExtTerm::Binary(self.take(length)?.to_vec())
            }
            BIT_BINARY_EXT => self.bit_binary()?,
            MAP_EXT => {
                let arity = self.length32("map", 2)?;
                if arity == 0 {
                    return Ok(Step::Value(ExtTerm::Map(Vec::new())));
                }
                let pairs = Vec::with_capacity(arity);
                return self.open(
                    stack,
                    Frame::Map {
                        pairs,
                        key: None,
                        arity,
                    },
                );
            }
            PID_EXT | NEW_PID_EXT => ExtTerm::Pid(self.pid_body(tag)?),
            PORT_EXT | NEW_PORT_EXT | V4_PORT_EXT => ExtTerm::Port(self.port_body(tag)?),
            REFERENCE_EXT | NEW_REFERENCE_EXT | NEWER_REFERENCE_EXT => {
                ExtTerm::Reference(self.reference_body(tag)?)
            }
            EXPORT_EXT => self.export_body()?,
            NEW_FUN_EXT => {
                let (fun, free_count, size_offset, declared) = self.new_fun_header()?;
                if free_count > 0 {
                    return self.open(
                        stack,
                        Frame::Fun {
                            fun,
                            free_count,
                            size_offset,
                            declared,
                        },
                    );
                }
                self.check_fun_size(size_offset, declared)?;
                ExtTerm::LocalFun(Box::new(fun))
            }
            COMPRESSED => {
                let kind = unsupported(tag, "compressed term inside a term");
                return Err(self.error_at(tag_offset, kind));
            }
            ATOM_CACHE_REF => {
                let kind = unsupported(tag, "ATOM_CACHE_REF, used only in distribution");
                return Err(self.error_at(tag_offset, kind));
            }
            FUN_EXT => {
                let kind = unsupported(tag, "FUN_EXT, removed in OTP 23");
                return Err(self.error_at(tag_offset, kind));
            }
            _ => return Err(self.error_at(tag_offset, EtfErrorKind::UnknownTag(tag))),
        };
        Ok(Step::Value(term))
    }

    /// Adds a finished term to the innermost open container. Returns the
    /// container's term when that completes it.
    fn add_to_frame(
        &mut self,
        frame: &mut Frame,
        value: ExtTerm,
    ) -> Result<Option<ExtTerm>, EtfError> {
        let finished = match frame {
            Frame::Tuple { elements, arity } => {
                elements.push(value);
                (elements.len() == *arity).then(|| ExtTerm::Tuple(std::mem::take(elements)))
            }
            Frame::Map { pairs, key, arity } => {
                match key.take() {
                    None => *key = Some(value),
                    Some(key) => pairs.push((key, value)),
                }
                (pairs.len() == *arity).then(|| ExtTerm::Map(std::mem::take(pairs)))
            }
            Frame::ListElements {
                elements,
                remaining,
            } => {
                elements.push(value);
                *remaining -= 1;
                if *remaining > 0 {
                    return Ok(None);
                }
                let mut elements = std::mem::take(elements);
                match self.continue_list(&mut elements, false)? {
                    ListNext::Elements(count) => {
                        *frame = Frame::ListElements {
                            elements,
                            remaining: count,
                        };
                        None
                    }
                    ListNext::Tail => {
                        *frame = Frame::ListTail { elements };
                        None
                    }
                    ListNext::Finished => Some(finish_list(elements, ExtTerm::Nil)),
                }
            }
            Frame::ListTail { elements } => Some(finish_list(std::mem::take(elements), value)),
            Frame::Fun {
                fun,
                free_count,
                size_offset,
                declared,
            } => {
                fun.free_vars.push(value);
                if fun.free_vars.len() < *free_count {
                    return Ok(None);
                }
                self.check_fun_size(*size_offset, *declared)?;
                // The caller pops the frame, so its fun can be left empty.
                Some(ExtTerm::LocalFun(Box::new(std::mem::take(fun))))
            }
        };
        Ok(finished)
    }

    /// Reads what follows in a list: first the length of a `LIST_EXT` if
    /// its tag was just read, then, while no elements are due, the tail. A
    /// tail that is itself a `LIST_EXT` or `STRING_EXT` is merged into
    /// `elements`, so that long chains of tails cost no nesting.
    fn continue_list(
        &mut self,
        elements: &mut Vec<ExtTerm>,
        mut list_tag_read: bool,
    ) -> Result<ListNext, EtfError> {
        loop {
            if list_tag_read {
                let length = self.length32("list", 1)?;
                if length > 0 {
                    elements.reserve(length);
                    return Ok(ListNext::Elements(length));
                }
            }
            match self.peek()? {
                LIST_EXT => {
                    self.position += 1;
                    list_tag_read = true;
                }
                STRING_EXT => {
                    self.position += 1;
                    self.string_elements(elements)?;
                    return Ok(ListNext::Finished);
                }
                _ => return Ok(ListNext::Tail),
            }
        }
    }

    fn string_elements(&mut self, elements: &mut Vec<ExtTerm>) -> Result<(), EtfError> {
        let length = usize::from(self.u16()?);
        let bytes = self.take(length)?;
        elements.extend(bytes.iter().map(|&byte| ExtTerm::Integer(i64::from(byte))));
        Ok(())
    }
}
