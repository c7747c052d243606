//! `io_lib:format/2` of OTP 25: control sequences `~F.P.PadModC` over a
//! list of arguments, producing a flat list of characters.
//!
//! Supported control characters are those of OTP 25: `w p W P s e f g b B
//! x X + # c i n ~`, with field width, precision, pad character and `*`
//! arguments, and the `t` (Unicode) and `l` (no string detection)
//! modifiers. The `chars_limit` option of `io_lib:format/3` is not
//! supported. Any error is a [`FormatError`], which `io_lib:format/2`
//! turns into `badarg`.
//!
//! The column that `~p` starts in (for its line breaking) is the number
//! of characters written since the last newline in the same call, with
//! tabs advancing to the next multiple of 8.

pub mod float;
pub mod pretty;
pub mod text;

use num_bigint::BigInt;
use num_integer::Integer;

use crate::bignum;
use crate::print;
use crate::term::Term;

/// A format string or its arguments that `io_lib:format/2` rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatError;

type Result<T> = std::result::Result<T, FormatError>;

/// The maximum number of characters one field may pad or repeat to. OTP
/// has no limit but would need gigabytes of list cells well before this.
const MAX_FIELD: i64 = 1 << 28;

/// Default line length of `~p`.
const DEFAULT_LINE_LENGTH: i64 = 80;

/// Formats `args` by `format`, as `io_lib:format/2` does, and returns the
/// characters.
pub fn format(format: Term, args: Term) -> Result<Vec<u32>> {
    let format = format_chars(format)?;
    let args = crate::bif::list_to_vec(args).ok_or(FormatError)?;
    let mut formatter = Formatter {
        format: &format,
        position: 0,
        args: &args,
        next_arg: 0,
        out: Vec::new(),
    };
    formatter.run()?;
    if formatter.next_arg != args.len() {
        return Err(FormatError);
    }
    Ok(formatter.out)
}

/// Appends `term` as `io_lib:write/2` prints it: `~w` when `depth` is
/// negative, else `~W` with that depth. `unicode` keeps characters above
/// 255 in atoms, as `~tw` does.
pub fn write(out: &mut Vec<u32>, term: Term, depth: i64, unicode: bool) {
    let mut written = String::new();
    if depth < 0 {
        if unicode {
            print::write_term_unicode(&mut written, term);
        } else {
            print::write_term(&mut written, term);
        }
        text::push_str(out, &written);
        return;
    }
    print::write_term_depth(&mut written, term, depth);
    if unicode {
        push_unescaped(out, &written);
    } else {
        text::push_str(out, &written);
    }
}

/// Appends `written`, the latin1 output of `print::write_term_depth`, with
/// its `\x{HEX}` escapes turned back into characters. Such escapes only
/// come from characters above 255 in quoted atoms, since a backslash of
/// the atom itself is written as `\\`.
fn push_unescaped(out: &mut Vec<u32>, written: &str) {
    let chars: Vec<char> = written.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\\' {
            if chars.get(i + 1) == Some(&'\\') {
                out.extend([u32::from('\\'); 2]);
                i += 2;
                continue;
            }
            if let Some((code, next)) = hex_escape(&chars, i) {
                out.push(code);
                i = next;
                continue;
            }
        }
        out.push(u32::from(chars[i]));
        i += 1;
    }
}

/// Parses `\x{HEX}` at `at`, returning the code and the index after it.
fn hex_escape(chars: &[char], at: usize) -> Option<(u32, usize)> {
    if chars.get(at + 1) != Some(&'x') || chars.get(at + 2) != Some(&'{') {
        return None;
    }
    let close = (at + 3..chars.len()).find(|&i| chars[i] == '}')?;
    let hex: String = chars[at + 3..close].iter().collect();
    let code = u32::from_str_radix(&hex, 16).ok()?;
    Some((code, close + 1))
}

/// Returns the characters of a format: a list of characters, where nested
/// lists of characters are copied literally, a binary (taken byte by
/// byte) or an atom.
fn format_chars(format: Term) -> Result<Vec<Item>> {
    if let Some(atom) = format.as_atom() {
        return Ok(atom.name().chars().map(|c| Item::Char(c.into())).collect());
    }
    if format.is_bitstring() {
        let bytes = crate::bits::binary_bytes(format).ok_or(FormatError)?;
        return Ok(bytes.iter().map(|&b| Item::Char(b.into())).collect());
    }
    let mut items = Vec::new();
    let mut list = format;
    while list.is_cons() {
        let head = list.head();
        if let Some(c) = char_value(head) {
            items.push(Item::Char(c));
        } else if head.is_list() {
            // OTP copies a nested list to the output without looking for
            // control sequences in it.
            let chars = text::unicode_chars(head).ok_or(FormatError)?;
            items.extend(chars.into_iter().map(Item::Literal));
        } else {
            return Err(FormatError);
        }
        list = list.tail();
    }
    if !list.is_nil() {
        return Err(FormatError);
    }
    Ok(items)
}

fn char_value(t: Term) -> Option<u32> {
    t.as_small().and_then(|c| u32::try_from(c).ok())
}

/// A character of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Char(u32),
    /// A character from a nested list, never part of a control sequence.
    Literal(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Adjust {
    Left,
    Right,
}

/// The parts of a control sequence before its control character.
#[derive(Debug, Clone, Copy)]
struct Spec {
    width: Option<i64>,
    adjust: Adjust,
    precision: Option<i64>,
    pad: u32,
    unicode: bool,
    strings: bool,
}

struct Formatter<'a> {
    format: &'a [Item],
    position: usize,
    args: &'a [Term],
    next_arg: usize,
    out: Vec<u32>,
}

impl Formatter<'_> {
    fn run(&mut self) -> Result<()> {
        while let Some(&item) = self.format.get(self.position) {
            self.position += 1;
            match item {
                Item::Char(c) if c == u32::from('~') => self.control()?,
                Item::Char(c) | Item::Literal(c) => self.out.push(c),
            }
        }
        Ok(())
    }

    fn peek(&self) -> Option<u32> {
        match self.format.get(self.position) {
            Some(&Item::Char(c)) => Some(c),
            _ => None,
        }
    }

    fn peek_is(&self, c: char) -> bool {
        self.peek() == Some(u32::from(c))
    }

    fn next_char(&mut self) -> Result<u32> {
        let c = self.peek().ok_or(FormatError)?;
        self.position += 1;
        Ok(c)
    }

    fn arg(&mut self) -> Result<Term> {
        let arg = *self.args.get(self.next_arg).ok_or(FormatError)?;
        self.next_arg += 1;
        Ok(arg)
    }

    /// Reads a field value: digits, or `*` taking an integer argument.
    fn field_value(&mut self) -> Result<Option<i64>> {
        if self.peek_is('*') {
            let value = self.args.get(self.next_arg).and_then(|a| a.as_small());
            // Without an integer argument the `*` stays in the format,
            // where no control character can follow it.
            let value = value.ok_or(FormatError)?;
            self.position += 1;
            self.next_arg += 1;
            return Ok(Some(value));
        }
        let mut value: Option<i64> = None;
        while let Some(c) = self.peek().filter(|c| (0x30..=0x39).contains(c)) {
            let digit = i64::from(c - 0x30);
            value = Some(value.unwrap_or(0).saturating_mul(10).saturating_add(digit));
            self.position += 1;
        }
        Ok(value)
    }

    /// Parses a control sequence after its `~` and appends its output.
    fn control(&mut self) -> Result<()> {
        let (width, adjust) = if self.peek_is('-') {
            self.position += 1;
            // OTP rejects `~-` without a number after it.
            let value = self.field_value()?.ok_or(FormatError)?;
            width_and_adjust(Some(-value))
        } else {
            width_and_adjust(self.field_value()?)
        };
        let precision = if self.peek_is('.') {
            self.position += 1;
            self.field_value()?
        } else {
            None
        };
        let mut pad = u32::from(' ');
        if self.peek_is('.') {
            match self.format.get(self.position + 1) {
                Some(&Item::Char(c)) if c == u32::from('*') => {
                    self.position += 2;
                    // NOTE: OTP pads with any term given here; only
                    // characters are supported.
                    pad = char_value(self.arg()?).ok_or(FormatError)?;
                }
                Some(&Item::Char(c)) => {
                    self.position += 2;
                    pad = c;
                }
                _ => {}
            }
        }
        let mut spec = Spec {
            width,
            adjust,
            precision,
            pad,
            unicode: false,
            strings: true,
        };
        loop {
            if self.peek_is('t') {
                spec.unicode = true;
            } else if self.peek_is('l') {
                spec.strings = false;
            } else {
                break;
            }
            self.position += 1;
        }
        let control = char::from_u32(self.next_char()?).ok_or(FormatError)?;
        self.dispatch(control, &spec)
    }

    fn dispatch(&mut self, control: char, spec: &Spec) -> Result<()> {
        match control {
            'w' => {
                let term = self.arg()?;
                let mut written = Vec::new();
                write(&mut written, term, -1, spec.unicode);
                self.term(written, spec)
            }
            'W' => {
                let term = self.arg()?;
                let depth = depth_arg(self.arg()?)?;
                let mut written = Vec::new();
                write(&mut written, term, depth, spec.unicode);
                self.term(written, spec)
            }
            'p' => {
                let term = self.arg()?;
                self.pretty(term, -1, spec)
            }
            'P' => {
                let term = self.arg()?;
                let depth = depth_arg(self.arg()?)?;
                self.pretty(term, depth, spec)
            }
            's' => {
                let arg = self.arg()?;
                self.string(arg, spec)
            }
            'e' | 'f' | 'g' => {
                let value = self.arg()?.as_float().ok_or(FormatError)?;
                self.float(control, value, spec)
            }
            'b' | 'B' => {
                let value = integer_arg(self.arg()?)?;
                let base = base(spec.precision)?;
                let digits = integer_text(&value, base, control == 'b', &[]);
                self.term(
                    digits,
                    &Spec {
                        precision: None,
                        ..*spec
                    },
                )
            }
            'x' | 'X' => {
                let value = integer_arg(self.arg()?)?;
                let prefix = prefix_arg(self.arg()?)?;
                let base = base(spec.precision)?;
                let digits = integer_text(&value, base, control == 'x', &prefix);
                self.term(
                    digits,
                    &Spec {
                        precision: None,
                        ..*spec
                    },
                )
            }
            '+' | '#' => {
                let value = integer_arg(self.arg()?)?;
                let base = base(spec.precision)?;
                let mut prefix = Vec::new();
                text::push_str(&mut prefix, &format!("{base}#"));
                let digits = integer_text(&value, base, control == '+', &prefix);
                self.term(
                    digits,
                    &Spec {
                        precision: None,
                        ..*spec
                    },
                )
            }
            'c' => {
                let arg = self.arg()?;
                let c = if spec.unicode {
                    // NOTE: OTP passes any integer through; values outside
                    // 0..=u32::MAX are rejected here.
                    char_value(arg).ok_or(FormatError)?
                } else {
                    latin1_byte(arg)?
                };
                self.char(c, spec)
            }
            '~' => self.char(u32::from('~'), spec),
            'n' => match (spec.width, spec.adjust) {
                (None, _) => {
                    self.out.push(u32::from('\n'));
                    Ok(())
                }
                (Some(count), Adjust::Right) => self.repeat(u32::from('\n'), count),
                (Some(_), Adjust::Left) => Err(FormatError),
            },
            'i' => self.arg().map(|_| ()),
            _ => Err(FormatError),
        }
    }

    /// Appends `count` copies of `c`.
    fn repeat(&mut self, c: u32, count: i64) -> Result<()> {
        push_repeated(&mut self.out, c, count)
    }

    /// Appends `data` padded with `pad` on the side `adjust` names.
    fn adjust(&mut self, data: &[u32], pad: u32, pad_count: i64, adjust: Adjust) -> Result<()> {
        match adjust {
            Adjust::Left => {
                self.out.extend_from_slice(data);
                self.repeat(pad, pad_count)
            }
            Adjust::Right => {
                self.repeat(pad, pad_count)?;
                self.out.extend_from_slice(data);
                Ok(())
            }
        }
    }

    /// Appends a written term or number in its field: padded to the width,
    /// or all `*` when it does not fit.
    fn term(&mut self, written: Vec<u32>, spec: &Spec) -> Result<()> {
        let (width, precision) = match (spec.width, spec.precision) {
            (None, None) => {
                self.out.extend(written);
                return Ok(());
            }
            (None, Some(precision)) => (precision, Some(precision)),
            (Some(width), precision) => (width, precision),
        };
        let length = text::chars_length(&written) as i64;
        let room = length.min(precision.map_or(width, |p| p.min(width)));
        if length > room {
            let mut stars = Vec::new();
            push_repeated(&mut stars, u32::from('*'), room)?;
            self.adjust(&stars, spec.pad, width - room, spec.adjust)
        } else {
            self.adjust(&written, spec.pad, width - length, spec.adjust)
        }
    }

    /// Appends `~p` and `~P` output. The width is the line length and the
    /// precision the column.
    fn pretty(&mut self, term: Term, depth: i64, spec: &Spec) -> Result<()> {
        if spec.adjust == Adjust::Left {
            return Err(FormatError);
        }
        let column = match spec.precision {
            Some(column) => column,
            None => self.column() + 1,
        };
        let options = pretty::Options {
            column,
            line_length: spec.width.unwrap_or(DEFAULT_LINE_LENGTH),
            depth,
            unicode: spec.unicode,
            strings: spec.strings,
        };
        pretty::print(&mut self.out, term, &options);
        Ok(())
    }

    /// Returns the number of characters written since the last newline,
    /// as `io_lib:indentation/2` counts them.
    fn column(&self) -> i64 {
        let start = self
            .out
            .iter()
            .rposition(|&c| c == u32::from('\n'))
            .map_or(0, |i| i + 1);
        self.out[start..].iter().fold(0, |column, &c| {
            if c == u32::from('\t') {
                (column + 8) / 8 * 8
            } else {
                column + 1
            }
        })
    }

    /// Appends `~s` and `~ts` output: truncated to the precision, then
    /// padded to the width.
    fn string(&mut self, arg: Term, spec: &Spec) -> Result<()> {
        let chars = match arg.as_atom() {
            Some(atom) => {
                let chars: Vec<u32> = atom.name().chars().map(u32::from).collect();
                if !spec.unicode && chars.iter().any(|&c| c > 255) {
                    return Err(FormatError);
                }
                chars
            }
            None if spec.unicode => text::unicode_chars(arg).ok_or(FormatError)?,
            None => text::latin1_chars(arg).ok_or(FormatError)?,
        };
        let length = text::chars_length(&chars) as i64;
        match (spec.width, spec.precision) {
            (None, None) => {
                self.out.extend(chars);
                Ok(())
            }
            (Some(width), None) => self.string_field(&chars, width, spec.adjust, length, spec),
            (None, Some(precision)) => {
                self.string_field(&chars, precision, Adjust::Left, length, spec)
            }
            (Some(width), Some(precision)) if width > precision => {
                if length > precision {
                    let truncated = truncate(&chars, precision, spec.unicode)?.to_vec();
                    self.adjust(&truncated, spec.pad, width - precision, spec.adjust)
                } else {
                    let mut padded = chars;
                    push_repeated(&mut padded, spec.pad, precision - length)?;
                    self.adjust(&padded, spec.pad, width - precision, spec.adjust)
                }
            }
            (Some(width), Some(precision)) if width == precision => {
                self.string_field(&chars, width, spec.adjust, length, spec)
            }
            _ => Err(FormatError),
        }
    }

    fn string_field(
        &mut self,
        chars: &[u32],
        width: i64,
        adjust: Adjust,
        length: i64,
        spec: &Spec,
    ) -> Result<()> {
        if length > width {
            let truncated = truncate(chars, width, spec.unicode)?;
            self.out.extend_from_slice(truncated);
            Ok(())
        } else {
            self.adjust(chars, spec.pad, width - length, adjust)
        }
    }

    /// Appends `~c` and `~~` output: the character repeated precision (or
    /// width) times, then padded to the width.
    fn char(&mut self, c: u32, spec: &Spec) -> Result<()> {
        match (spec.width, spec.precision) {
            (None, None) => {
                self.out.push(c);
                Ok(())
            }
            (Some(count), None) | (None, Some(count)) => self.repeat(c, count),
            (Some(width), Some(precision)) if width >= precision => {
                let mut repeated = Vec::new();
                push_repeated(&mut repeated, c, precision)?;
                self.adjust(&repeated, spec.pad, width - precision, spec.adjust)
            }
            _ => Err(FormatError),
        }
    }

    /// Appends `~e`, `~f` and `~g` output, padded to the width.
    fn float(&mut self, control: char, value: f64, spec: &Spec) -> Result<()> {
        let precision = spec.precision.unwrap_or(6);
        let written = match control {
            'e' if precision >= 2 => float::scientific(value, precision as usize),
            'f' if precision >= 1 => float::fixed(value, precision as usize),
            'g' if precision >= 1 => match float::general(value, precision as usize) {
                float::General::Fixed(p) => float::fixed(value, p),
                float::General::Scientific(p) => float::scientific(value, p),
            },
            _ => return Err(FormatError),
        };
        let mut chars = Vec::new();
        text::push_str(&mut chars, &written);
        match spec.width {
            None => {
                self.out.extend(chars);
                Ok(())
            }
            Some(width) => self.term(
                chars,
                &Spec {
                    precision: Some(width),
                    ..*spec
                },
            ),
        }
    }
}

/// Turns a signed field width into a width and an adjustment.
fn width_and_adjust(value: Option<i64>) -> (Option<i64>, Adjust) {
    match value {
        Some(v) if v < 0 => (Some(v.saturating_neg()), Adjust::Left),
        Some(v) => (Some(v), Adjust::Right),
        None => (None, Adjust::Right),
    }
}

fn push_repeated(out: &mut Vec<u32>, c: u32, count: i64) -> Result<()> {
    if !(0..=MAX_FIELD).contains(&count) {
        return Err(FormatError);
    }
    out.extend(std::iter::repeat_n(c, count as usize));
    Ok(())
}

/// Returns the first `count` characters (grapheme clusters for `~ts`).
fn truncate(chars: &[u32], count: i64, unicode: bool) -> Result<&[u32]> {
    let count = usize::try_from(count).map_err(|_| FormatError)?;
    if unicode {
        Ok(text::grapheme_prefix(chars, count))
    } else {
        Ok(&chars[..count.min(chars.len())])
    }
}

/// Returns the depth argument of `~W` and `~P`: any integer, bignums
/// meaning no practical limit.
fn depth_arg(arg: Term) -> Result<i64> {
    if let Some(depth) = arg.as_small() {
        return Ok(depth);
    }
    if arg.is_integer() {
        return Ok(if bignum::is_negative(arg) {
            -1
        } else {
            i64::MAX
        });
    }
    Err(FormatError)
}

fn integer_arg(arg: Term) -> Result<BigInt> {
    if let Some(value) = arg.as_small() {
        return Ok(BigInt::from(value));
    }
    bignum::to_bigint(arg).ok_or(FormatError)
}

/// The low byte of an integer, as `~c` takes it (`C band 255`).
fn latin1_byte(arg: Term) -> Result<u32> {
    let value = integer_arg(arg)?;
    let byte = value.mod_floor(&BigInt::from(256));
    u32::try_from(byte).map_err(|_| FormatError)
}

/// The base of `~b ~B ~x ~X ~+ ~#`: the precision, 10 by default, from 2
/// to 36.
fn base(precision: Option<i64>) -> Result<u32> {
    let base = precision.unwrap_or(10);
    if (2..=36).contains(&base) {
        Ok(base as u32)
    } else {
        Err(FormatError)
    }
}

/// The prefix argument of `~x` and `~X`: an atom's name or a deep list of
/// characters.
fn prefix_arg(arg: Term) -> Result<Vec<u32>> {
    if let Some(atom) = arg.as_atom() {
        return Ok(atom.name().chars().map(u32::from).collect());
    }
    if !arg.is_list() {
        return Err(FormatError);
    }
    let chars = text::unicode_chars(arg).ok_or(FormatError)?;
    // io_lib:deep_char_list/1 takes no binaries, and only Unicode
    // characters.
    let valid = chars
        .iter()
        .all(|&c| matches!(c, 0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF));
    if !valid || contains_binary(arg) {
        return Err(FormatError);
    }
    Ok(chars)
}

/// Returns `true` when a deep list contains a binary anywhere.
fn contains_binary(t: Term) -> bool {
    let mut pending = vec![t];
    while let Some(mut list) = pending.pop() {
        while list.is_cons() {
            let head = list.head();
            if head.is_bitstring() {
                return true;
            }
            if head.is_list() {
                pending.push(head);
            }
            list = list.tail();
        }
        if list.is_bitstring() {
            return true;
        }
    }
    false
}

/// Writes an integer in `base`, with its sign, then `prefix`, then the
/// digits: `-16#ff`.
fn integer_text(value: &BigInt, base: u32, lowercase: bool, prefix: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    if value.sign() == num_bigint::Sign::Minus {
        out.push(u32::from('-'));
    }
    out.extend_from_slice(prefix);
    let digits = value.magnitude().to_str_radix(base);
    let digits = if lowercase {
        digits
    } else {
        digits.to_ascii_uppercase()
    };
    text::push_str(&mut out, &digits);
    out
}

#[cfg(test)]
mod tests;
