//! Printing terms as `io_lib:write/1,2` does, which is the `~w` and `~W`
//! format of `io:format` in OTP 25.
//!
//! `~w` uses the latin1 encoding: in quoted atoms, characters above 255
//! are written as `\x{...}`. `~tw` writes them as they are, and so do the
//! `_unicode` variants here. Strings are lists under `~w`, so `"hi"` prints as
//! `[104,105]`, and binaries print as byte lists: `<<"abc">>` is
//! `<<97,98,99>>`.

use std::fmt::Write;

use num_bigint::BigInt;

use crate::atom::Atom;
use crate::compare;
use crate::fun;
use crate::heap;
use crate::map;
use crate::term::{HeaderTag, Term};

/// Depth meaning "no limit", as in `io_lib:write(Term, -1)`.
pub const UNLIMITED_DEPTH: i64 = -1;

/// Appends `t` as `io_lib:write/1` (`~w`) prints it.
pub fn write_term(out: &mut String, t: Term) {
    Printer::new(out, false).write(t, UNLIMITED_DEPTH);
}

/// Appends `t` like [`write_term`], but with printable lists as strings,
/// the way erl shows terms in boot errors and crash reports.
pub fn write_term_readable(out: &mut String, t: Term) {
    let mut printer = Printer::new(out, false);
    printer.strings = true;
    printer.write(t, UNLIMITED_DEPTH);
}

/// Returns `true` for a non-empty proper list of the characters
/// `io_lib:printable_latin1_list/1` accepts.
fn is_printable_latin1(mut t: Term) -> bool {
    if !t.is_cons() {
        return false;
    }
    while t.is_cons() {
        let printable = t
            .head()
            .as_small()
            .is_some_and(|c| matches!(c, 32..=126 | 160..=255 | 8..=13 | 27));
        if !printable {
            return false;
        }
        t = t.tail();
    }
    t.is_nil()
}

/// Appends a printable latin1 list as a quoted string.
fn write_string(out: &mut String, mut t: Term) {
    out.push('"');
    while t.is_cons() {
        let c = t.head().as_small().unwrap_or(0) as u32;
        match c {
            8 => out.push_str("\\b"),
            9 => out.push_str("\\t"),
            10 => out.push_str("\\n"),
            11 => out.push_str("\\v"),
            12 => out.push_str("\\f"),
            13 => out.push_str("\\r"),
            27 => out.push_str("\\e"),
            34 => out.push_str("\\\""),
            92 => out.push_str("\\\\"),
            _ => out.push(char::from_u32(c).unwrap_or('?')),
        }
        t = t.tail();
    }
    out.push('"');
}

/// Appends `t` as `~tw` prints it: like [`write_term`], but characters
/// above 255 in atoms are not escaped.
pub fn write_term_unicode(out: &mut String, t: Term) {
    Printer::new(out, true).write(t, UNLIMITED_DEPTH);
}

/// Appends `t` as `io_lib:write(T, Depth)` (`~W`) prints it: parts nested
/// deeper than `depth`, or beyond `depth` elements into a list, tuple,
/// map or binary, become `...`. A negative depth means no limit.
pub fn write_term_depth(out: &mut String, t: Term, depth: i64) {
    if depth == 0 {
        out.push_str("...");
        return;
    }
    Printer::new(out, false).write(t, depth.max(UNLIMITED_DEPTH));
}

/// Returns `t` as `~w` prints it.
pub fn term_to_string(t: Term) -> String {
    let mut out = String::new();
    write_term(&mut out, t);
    out
}

// ---- atoms ----

/// Words that `erl_scan:reserved_word/1` reports in OTP 25 with no
/// features enabled. `maybe` and `else` only become reserved with the
/// `maybe_expr` feature.
const RESERVED_WORDS: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
    "rem", "try", "when", "xor",
];

/// Returns `true` for the lowercase letters that may start an unquoted
/// atom: `a..z` and Latin-1 `ß..ÿ` except `÷`.
fn is_lower(c: char) -> bool {
    c.is_ascii_lowercase() || (('\u{DF}'..='\u{FF}').contains(&c) && c != '\u{F7}')
}

fn is_name_char(c: char) -> bool {
    is_lower(c)
        || c.is_ascii_uppercase()
        || (('\u{C0}'..='\u{DE}').contains(&c) && c != '\u{D7}')
        || c.is_ascii_digit()
        || c == '_'
        || c == '@'
}

/// Returns `true` when an atom with this name prints in single quotes:
/// when it is a reserved word, or does not start with a lowercase letter,
/// or contains a character other than letters, digits, `_` and `@`.
pub fn atom_needs_quotes(name: &str) -> bool {
    if RESERVED_WORDS.contains(&name) {
        return true;
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if is_lower(first) => !chars.all(is_name_char),
        _ => true,
    }
}

/// Appends an atom name as `~w` prints it, quoted and escaped when needed.
pub fn write_atom(out: &mut String, name: &str) {
    write_atom_encoded(out, name, false);
}

/// Appends an atom name as `~tw` prints it.
pub fn write_atom_unicode(out: &mut String, name: &str) {
    write_atom_encoded(out, name, true);
}

fn write_atom_encoded(out: &mut String, name: &str, unicode: bool) {
    if !atom_needs_quotes(name) {
        out.push_str(name);
        return;
    }
    out.push('\'');
    for c in name.chars() {
        push_quoted_char(out, c, '\'', unicode);
    }
    out.push('\'');
}

/// Appends one character of a quoted atom or string, escaped as
/// `io_lib:write_string/2` does.
fn push_quoted_char(out: &mut String, c: char, quote: char, unicode: bool) {
    let code = c as u32;
    match c {
        _ if c == quote => {
            out.push('\\');
            out.push(c);
        }
        '\\' => out.push_str("\\\\"),
        ' '..='~' => out.push(c),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{0B}' => out.push_str("\\v"),
        '\u{08}' => out.push_str("\\b"),
        '\u{0C}' => out.push_str("\\f"),
        '\u{1B}' => out.push_str("\\e"),
        '\u{7F}' => out.push_str("\\d"),
        _ if code < 0xA0 => {
            let _ = write!(out, "\\{}{}{}", code >> 6, (code >> 3) & 7, code & 7);
        }
        _ if unicode || code <= 0xFF => out.push(c),
        _ => {
            let _ = write!(out, "\\x{{{code:X}}}");
        }
    }
}

// ---- floats ----

/// Formats a float as `io_lib_format:fwrite_g/1` and
/// `float_to_list(F, [short])` do in OTP 25: the shortest digits that read
/// back as the same float, in fixed notation (`123456789.0`, `0.0001`) or
/// scientific notation (`1.0e21`, `1.0e-5`), whichever is shorter, with
/// fixed winning ties. Integers of 2^53 and above always use scientific
/// notation, since their shortest digits may not be the integer's own
/// (`9007199254740993.0` prints as `9.007199254740992e15`).
pub fn format_float_short(f: f64) -> String {
    if !f.is_finite() {
        // Erlang floats are always finite, so this only keeps printing
        // total.
        return if f.is_nan() {
            "nan".to_string()
        } else if f > 0.0 {
            "inf".to_string()
        } else {
            "-inf".to_string()
        };
    }
    let (digits, exponent) = shortest_digits(f);
    let mut out = String::with_capacity(26);
    if f.is_sign_negative() {
        out.push('-');
    }
    if use_fixed_notation(&digits, exponent) {
        push_fixed(&mut out, &digits, exponent);
    } else {
        push_scientific(&mut out, &digits, exponent);
    }
    out
}

/// Returns the shortest round-trip decimal digits of `|f|` and the power of
/// ten of the last digit: `|f| = digits * 10^exponent`, with no trailing
/// zero digit (zero is the single digit `0`).
fn shortest_digits(f: f64) -> (String, i32) {
    // Rust's `{:e}` writes the shortest round-trip digits, choosing the
    // candidate closest to the exact value, as Ryu (used by OTP) does.
    let text = format!("{:e}", f.abs());
    let (mantissa, scientific) = text.split_once('e').unwrap_or((&text, "0"));
    let scientific: i32 = scientific.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let exponent = scientific - (digits.len() as i32 - 1);
    break_tie_to_even(f.abs(), digits, exponent)
}

/// Applies Ryu's tie rule to shortest digits. When the exact value lies
/// halfway between two shortest candidates that both read back as `f`,
/// Ryu picks the one with an even last digit, while Rust rounds the tie
/// up: 1437481447416414.25 prints as `1437481447416414.2` in OTP.
fn break_tie_to_even(f: f64, digits: String, exponent: i32) -> (String, i32) {
    // Two shortest candidates can only both round-trip when their spacing
    // is below the float's spacing, which takes at least 16 digits.
    if digits.len() < 16 {
        return (digits, exponent);
    }
    let Ok(value) = digits.parse::<u64>() else {
        return (digits, exponent);
    };
    if value % 2 == 0 {
        return (digits, exponent);
    }
    for neighbour in [value - 1, value + 1] {
        if !is_exact_midpoint(f, value + neighbour, exponent) {
            continue;
        }
        let text = format!("{neighbour}e{exponent}");
        if text.parse::<f64>() == Ok(f) {
            let text = neighbour.to_string();
            let significant = text.trim_end_matches('0');
            let exponent = exponent + (text.len() - significant.len()) as i32;
            return (significant.to_string(), exponent);
        }
    }
    (digits, exponent)
}

/// Returns `true` when `f` is exactly `sum / 2 * 10^exponent`.
fn is_exact_midpoint(f: f64, sum: u64, exponent: i32) -> bool {
    let bits = f.to_bits();
    let biased = ((bits >> 52) & 0x7FF) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, power_of_two) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    // Compare 2 * mantissa * 2^power_of_two with sum * 10^exponent, with
    // negative powers moved to the other side.
    let mut left = BigInt::from(mantissa) * 2;
    let mut right = BigInt::from(sum);
    if power_of_two >= 0 {
        left <<= power_of_two as u32;
    } else {
        right <<= power_of_two.unsigned_abs();
    }
    let ten = BigInt::from(10);
    if exponent >= 0 {
        right *= ten.pow(exponent as u32);
    } else {
        left *= ten.pow(exponent.unsigned_abs());
    }
    left == right
}

/// Chooses between fixed and scientific notation as OTP 25's `to_chars`
/// does for the `short` format.
fn use_fixed_notation(digits: &str, exponent: i32) -> bool {
    let length = digits.len() as i32;
    let scientific_exponent = exponent + length - 1;
    let (lower, upper) = if length == 1 {
        (-4, 2)
    } else if scientific_exponent >= 10 {
        (-(length + 2), 2)
    } else {
        (-(length + 2), 1)
    };
    if exponent < lower || exponent > upper {
        return false;
    }
    // Integers from 2^53 up may have shortest digits that differ from the
    // integer itself, so OTP prints them in scientific notation.
    let value: u64 = digits.parse().unwrap_or(0);
    let beyond_exact = match exponent {
        0 => value >= 1 << 53,
        1 => value > (1u64 << 52) / 5,
        2 => value > (1u64 << 51) / 25,
        _ => false,
    };
    !beyond_exact
}

fn push_fixed(out: &mut String, digits: &str, exponent: i32) {
    let whole_digits = digits.len() as i32 + exponent;
    if exponent >= 0 {
        out.push_str(digits);
        for _ in 0..exponent {
            out.push('0');
        }
        out.push_str(".0");
    } else if whole_digits > 0 {
        let (whole, fraction) = digits.split_at(whole_digits as usize);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    } else {
        out.push_str("0.");
        for _ in 0..-whole_digits {
            out.push('0');
        }
        out.push_str(digits);
    }
}

fn push_scientific(out: &mut String, digits: &str, exponent: i32) {
    let (first, rest) = digits.split_at(1);
    out.push_str(first);
    out.push('.');
    if rest.is_empty() {
        out.push('0');
    } else {
        out.push_str(rest);
    }
    let _ = write!(out, "e{}", exponent + digits.len() as i32 - 1);
}

// ---- terms ----

/// Pending output of a printer.
enum Item {
    Term(Term, i64),
    Text(&'static str),
    /// The rest of a list after an element, printed at the given depth.
    ListTail(Term, i64),
}

struct Printer<'a> {
    out: &'a mut String,
    unicode: bool,
    /// Print printable lists as strings.
    strings: bool,
    stack: Vec<Item>,
}

impl<'a> Printer<'a> {
    fn new(out: &'a mut String, unicode: bool) -> Printer<'a> {
        Printer {
            out,
            unicode,
            strings: false,
            stack: Vec::new(),
        }
    }

    /// Prints `t` and everything it contains, using an explicit stack so
    /// neither long lists nor deep nesting recurse.
    fn write(&mut self, t: Term, depth: i64) {
        self.stack.push(Item::Term(t, depth));
        while let Some(item) = self.stack.pop() {
            match item {
                Item::Text(text) => self.out.push_str(text),
                Item::Term(t, depth) => self.write_one(t, depth),
                Item::ListTail(t, depth) => self.write_tail(t, depth),
            }
        }
    }

    fn write_one(&mut self, t: Term, depth: i64) {
        if depth == 0 {
            self.out.push_str("...");
            return;
        }
        if let Some(v) = t.as_small() {
            let _ = write!(self.out, "{v}");
        } else if let Some(a) = t.as_atom() {
            write_atom_encoded(self.out, a.name(), self.unicode);
        } else if t.is_nil() {
            self.out.push_str("[]");
        } else if let Some(n) = t.as_pid() {
            let _ = write!(self.out, "<0.{n}.0>");
        } else if let Some(n) = t.as_port() {
            let _ = write!(self.out, "#Port<0.{n}>");
        } else if t.is_cons() {
            if depth == 1 {
                self.out.push_str("[...]");
                return;
            }
            if self.strings && is_printable_latin1(t) {
                write_string(self.out, t);
                return;
            }
            self.out.push('[');
            self.stack.push(Item::Text("]"));
            self.stack.push(Item::ListTail(t.tail(), depth - 1));
            self.stack.push(Item::Term(t.head(), depth - 1));
        } else if t.is_boxed() {
            self.write_boxed(t, depth);
        } else if t.is_none() {
            self.out.push_str("THE_NON_VALUE");
        } else {
            let _ = write!(self.out, "#Word<{:#x}>", t.raw());
        }
    }

    /// Prints what follows an element of a list: `,` and the next element,
    /// `|` and an improper tail, or nothing at the end.
    fn write_tail(&mut self, t: Term, depth: i64) {
        if t.is_nil() {
            return;
        }
        if depth == 1 {
            self.out.push_str("|...");
            return;
        }
        if t.is_cons() {
            self.out.push(',');
            self.stack.push(Item::ListTail(t.tail(), depth - 1));
            self.stack.push(Item::Term(t.head(), depth - 1));
        } else {
            self.out.push('|');
            self.stack.push(Item::Term(t, depth - 1));
        }
    }

    fn write_boxed(&mut self, t: Term, depth: i64) {
        match t.boxed_tag() {
            Some(HeaderTag::PosBig | HeaderTag::NegBig) => {
                if let Some(n) = crate::bignum::to_bigint(t) {
                    let _ = write!(self.out, "{n}");
                }
            }
            Some(HeaderTag::Float) => {
                let f = t.as_float().unwrap_or(0.0);
                self.out.push_str(&format_float_short(f));
            }
            Some(HeaderTag::Tuple) => self.write_tuple(t, depth),
            Some(HeaderTag::Map) => self.write_map(t, depth),
            Some(HeaderTag::HeapBin | HeaderTag::RefcBin | HeaderTag::SubBin) => {
                self.write_bitstring(t, depth)
            }
            Some(HeaderTag::Ref) => {
                let [n0, n1, n2] = compare::ref_numbers(t);
                let _ = write!(self.out, "#Ref<0.{n2}.{n1}.{n0}>");
            }
            Some(HeaderTag::Fun) => {
                let entry = fun::closure_entry(t);
                // erlang:fun_to_list/1 writes the module name unquoted.
                let _ = write!(
                    self.out,
                    "#Fun<{}.{}.{}>",
                    entry.module.name(),
                    entry.index,
                    entry.old_uniq
                );
            }
            Some(HeaderTag::Export) => {
                let export = fun::export_of(t);
                self.out.push_str("fun ");
                write_atom_encoded(self.out, export.module.name(), self.unicode);
                self.out.push(':');
                write_atom_encoded(self.out, export.function.name(), self.unicode);
                let _ = write!(self.out, "/{}", export.arity);
            }
            Some(HeaderTag::MatchCtx) => self.out.push_str("#MatchState<>"),
            None => {
                let _ = write!(self.out, "#Word<{:#x}>", t.raw());
            }
        }
    }

    fn write_tuple(&mut self, t: Term, depth: i64) {
        let elements = t.tuple_elements();
        let Some((&first, rest)) = elements.split_first() else {
            self.out.push_str("{}");
            return;
        };
        if depth == 1 {
            self.out.push_str("{...}");
            return;
        }
        self.out.push('{');
        // Element i (1-based) after the first is printed at depth - i, and
        // the tuple is cut off with `,...` where that depth reaches 1.
        let mut items = vec![Item::Term(first, depth - 1)];
        let mut element_depth = depth - 1;
        for &element in rest {
            if element_depth == 1 {
                items.push(Item::Text(",..."));
                break;
            }
            items.push(Item::Text(","));
            items.push(Item::Term(element, element_depth - 1));
            element_depth -= 1;
        }
        items.push(Item::Text("}"));
        self.stack.extend(items.into_iter().rev());
    }

    fn write_map(&mut self, t: Term, depth: i64) {
        // io_lib prints `#{}` for any map at depth 1.
        if depth == 1 {
            self.out.push_str("#{}");
            return;
        }
        // NOTE: maps of more than 32 keys print in the trie order of
        // `crate::map`, which matches OTP only where its key hashes do.
        let pairs: Vec<(Term, Term)> = map::iter_fold_order(t).collect();
        let Some((&(key, value), rest)) = pairs.split_first() else {
            self.out.push_str("#{}");
            return;
        };
        self.out.push_str("#{");
        // Every pair is printed at depth - 1; the count of pairs is cut off
        // with `,...` once depth - 1 pairs are out, even when none remain.
        let pair_depth = depth - 1;
        let mut items = vec![
            Item::Term(key, pair_depth),
            Item::Text(" => "),
            Item::Term(value, pair_depth),
        ];
        let mut remaining = pair_depth;
        let mut rest = rest.iter();
        loop {
            if remaining == 1 {
                items.push(Item::Text(",..."));
                break;
            }
            let Some(&(key, value)) = rest.next() else {
                break;
            };
            items.push(Item::Text(","));
            items.push(Item::Term(key, pair_depth));
            items.push(Item::Text(" => "));
            items.push(Item::Term(value, pair_depth));
            remaining -= 1;
        }
        items.push(Item::Text("}"));
        self.stack.extend(items.into_iter().rev());
    }

    /// Prints a bitstring as `io_lib` does: bytes separated by commas,
    /// then any trailing bits as `Value:Size`, cut off with `...` where the
    /// depth runs out.
    fn write_bitstring(&mut self, t: Term, depth: i64) {
        let Some(bits) = heap::bitstring(t) else {
            return;
        };
        let bytes = compare::aligned_bytes(&bits);
        let whole = (bits.bit_size / 8) as usize;
        let trailing = (bits.bit_size % 8) as u32;
        self.out.push_str("<<");
        let mut remaining = depth;
        let mut index = 0;
        loop {
            if index == whole && trailing == 0 {
                break;
            }
            if remaining == 1 {
                self.out.push_str("...");
                break;
            }
            if index == whole {
                let value = bytes[whole] >> (8 - trailing);
                let _ = write!(self.out, "{value}:{trailing}");
                break;
            }
            let _ = write!(self.out, "{}", bytes[index]);
            index += 1;
            if index == whole && trailing == 0 {
                break;
            }
            self.out.push(',');
            remaining -= 1;
        }
        self.out.push_str(">>");
    }
}

/// Returns the name of an atom as `~w` prints it.
pub fn atom_to_string(atom: Atom) -> String {
    let mut out = String::new();
    write_atom(&mut out, atom.name());
    out
}

/// Test support shared by the term modules: builds terms from Erlang
/// syntax, so tests state their inputs as `erl` prints them.
#[cfg(test)]
pub(crate) mod test_syntax {
    use num_bigint::BigInt;

    use crate::atom::Atom;
    use crate::bignum;
    use crate::fun::{self, Export, FunEntry};
    use crate::heap::{self, Heap};
    use crate::map;
    use crate::term::{CodePtr, HeaderTag, Term};

    /// Builds the term written as `text`. The syntax covers integers of
    /// any size, floats, atoms (quoted ones with `\\`, `\'`, `\n`, `\t`,
    /// octal `\ooo` and `\x{...}` escapes), strings (as lists), lists,
    /// tuples, maps, binaries whose segments are strings, bytes and
    /// `Value:Size`, pids `<0.N.0>` and ports `#Port<0.N>`.
    ///
    /// # Panics
    /// Panics on any other syntax, naming the position.
    pub(crate) fn parse(heap: &mut Heap, text: &str) -> Term {
        let chars: Vec<char> = text.chars().collect();
        let mut reader = Reader { chars, pos: 0 };
        let t = reader.term(heap);
        reader.skip_space();
        assert_eq!(reader.pos, reader.chars.len(), "trailing text in {text:?}");
        t
    }

    /// Builds a reference with the given counter and second word.
    pub(crate) fn make_ref(heap: &mut Heap, counter: u64, high: u64) -> Term {
        let (t, body) = heap::alloc_boxed(heap, HeaderTag::Ref, 2);
        // SAFETY: the body has two words.
        unsafe {
            *body = counter;
            *body.add(1) = high;
        }
        t
    }

    /// Builds a closure of a lambda that lives for the rest of the tests.
    pub(crate) fn make_closure(
        heap: &mut Heap,
        module: &str,
        index: u32,
        old_uniq: u32,
        env: &[Term],
    ) -> Term {
        let entry: &'static FunEntry = Box::leak(Box::new(FunEntry {
            module: Atom::from_static(module),
            function: Atom::from_static("-test/0-fun-0-"),
            arity: env.len() as u32,
            num_free: env.len() as u32,
            index,
            old_uniq,
            code: CodePtr {
                module: 0,
                index: 0,
            },
            permitted: std::sync::atomic::AtomicU64::new(0),
        }));
        fun::make_closure(heap, entry, Term::pid(0), env)
    }

    /// Builds `fun M:F/A`.
    pub(crate) fn make_export_fun(
        heap: &mut Heap,
        module: &str,
        function: &str,
        arity: u32,
    ) -> Term {
        let export: &'static Export = Box::leak(Box::new(Export::new(
            Atom::from_static(module),
            Atom::from_static(function),
            arity,
            None,
        )));
        fun::make_export_fun(heap, export)
    }

    struct Reader {
        chars: Vec<char>,
        pos: usize,
    }

    impl Reader {
        fn skip_space(&mut self) {
            while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
                self.pos += 1;
            }
        }

        fn peek(&mut self) -> char {
            self.skip_space();
            self.chars.get(self.pos).copied().unwrap_or('\0')
        }

        fn starts_with(&mut self, token: &str) -> bool {
            self.skip_space();
            let token: Vec<char> = token.chars().collect();
            self.chars[self.pos..].starts_with(&token)
        }

        fn expect(&mut self, token: &str) {
            assert!(
                self.starts_with(token),
                "expected {token:?} at {}",
                self.pos
            );
            self.pos += token.chars().count();
        }

        fn term(&mut self, heap: &mut Heap) -> Term {
            if self.starts_with("<<") {
                return self.binary(heap);
            }
            if self.starts_with("<0.") {
                self.expect("<0.");
                let n = self.digits();
                self.expect(".0>");
                return Term::pid(n.parse().expect("pid number"));
            }
            if self.starts_with("#Port<0.") {
                self.expect("#Port<0.");
                let n = self.digits();
                self.expect(">");
                return Term::port(n.parse().expect("port number"));
            }
            if self.starts_with("#{") {
                return self.map(heap);
            }
            match self.peek() {
                '[' => self.list(heap),
                '{' => {
                    self.expect("{");
                    let items = self.sequence(heap, '}');
                    self.expect("}");
                    heap::tuple(heap, &items)
                }
                '"' => {
                    self.pos += 1;
                    let s = self.quoted('"');
                    heap::char_list(heap, &s)
                }
                '\'' => {
                    self.pos += 1;
                    let name = self.quoted('\'');
                    Term::atom(Atom::from_static(&name))
                }
                c if c == '-' || c.is_ascii_digit() => self.number(heap),
                c if c.is_alphabetic() => {
                    let start = self.pos;
                    while self
                        .chars
                        .get(self.pos)
                        .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '@')
                    {
                        self.pos += 1;
                    }
                    let name: String = self.chars[start..self.pos].iter().collect();
                    Term::atom(Atom::from_static(&name))
                }
                c => panic!("unexpected {c:?} at {}", self.pos),
            }
        }

        fn sequence(&mut self, heap: &mut Heap, close: char) -> Vec<Term> {
            let mut items = Vec::new();
            if self.peek() == close {
                return items;
            }
            loop {
                items.push(self.term(heap));
                if self.peek() != ',' {
                    return items;
                }
                self.pos += 1;
            }
        }

        fn list(&mut self, heap: &mut Heap) -> Term {
            self.expect("[");
            let items = self.sequence(heap, ']');
            let tail = if self.peek() == '|' {
                self.pos += 1;
                self.term(heap)
            } else {
                Term::NIL
            };
            self.expect("]");
            heap::list_with_tail(heap, &items, tail)
        }

        fn map(&mut self, heap: &mut Heap) -> Term {
            self.expect("#{");
            let mut pairs = Vec::new();
            if self.peek() != '}' {
                loop {
                    let key = self.term(heap);
                    self.expect("=>");
                    let value = self.term(heap);
                    pairs.push((key, value));
                    if self.peek() != ',' {
                        break;
                    }
                    self.pos += 1;
                }
            }
            self.expect("}");
            map::from_pairs(heap, &pairs)
        }

        /// Reads up to the closing quote, decoding escapes.
        fn quoted(&mut self, quote: char) -> String {
            let mut out = String::new();
            loop {
                let c = self.chars[self.pos];
                self.pos += 1;
                if c == quote {
                    return out;
                }
                if c != '\\' {
                    out.push(c);
                    continue;
                }
                let escaped = self.chars[self.pos];
                self.pos += 1;
                match escaped {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'x' => {
                        self.expect("{");
                        let start = self.pos;
                        while self.chars[self.pos] != '}' {
                            self.pos += 1;
                        }
                        let hex: String = self.chars[start..self.pos].iter().collect();
                        self.pos += 1;
                        let code = u32::from_str_radix(&hex, 16).expect("hex escape");
                        out.push(char::from_u32(code).expect("code point"));
                    }
                    '0'..='7' => {
                        let octal: String = self.chars[self.pos - 1..self.pos + 2].iter().collect();
                        self.pos += 2;
                        let code = u32::from_str_radix(&octal, 8).expect("octal escape");
                        out.push(char::from_u32(code).expect("code point"));
                    }
                    other => out.push(other),
                }
            }
        }

        fn digits(&mut self) -> String {
            self.skip_space();
            let start = self.pos;
            if self.chars.get(self.pos) == Some(&'-') {
                self.pos += 1;
            }
            while self.chars.get(self.pos).is_some_and(char::is_ascii_digit) {
                self.pos += 1;
            }
            self.chars[start..self.pos].iter().collect()
        }

        fn number(&mut self, heap: &mut Heap) -> Term {
            let start = self.pos;
            let whole = self.digits();
            let is_float = self.chars.get(self.pos) == Some(&'.')
                && self
                    .chars
                    .get(self.pos + 1)
                    .is_some_and(char::is_ascii_digit);
            if !is_float {
                let n: BigInt = whole.parse().expect("integer");
                return bignum::from_bigint(heap, &n);
            }
            self.pos += 1;
            while self
                .chars
                .get(self.pos)
                .is_some_and(|c| c.is_ascii_digit() || *c == 'e' || *c == '-' || *c == '+')
            {
                self.pos += 1;
            }
            let text: String = self.chars[start..self.pos].iter().collect();
            heap::float(heap, text.parse().expect("float"))
        }

        fn binary(&mut self, heap: &mut Heap) -> Term {
            self.expect("<<");
            let mut bits: Vec<bool> = Vec::new();
            let mut push = |value: u64, size: u32| {
                for i in (0..size).rev() {
                    bits.push((value >> i) & 1 == 1);
                }
            };
            if self.peek() != '>' {
                loop {
                    if self.peek() == '"' {
                        self.pos += 1;
                        for b in self.quoted('"').bytes() {
                            push(u64::from(b), 8);
                        }
                    } else {
                        let value: i64 = self.digits().parse().expect("segment value");
                        let size = if self.peek() == ':' {
                            self.pos += 1;
                            self.digits().parse().expect("segment size")
                        } else {
                            8
                        };
                        push(value as u64, size);
                    }
                    if self.peek() != ',' {
                        break;
                    }
                    self.pos += 1;
                }
            }
            self.expect(">>");
            let mut bytes = vec![0u8; bits.len().div_ceil(8)];
            for (i, &bit) in bits.iter().enumerate() {
                if bit {
                    bytes[i / 8] |= 0x80 >> (i % 8);
                }
            }
            let binary = heap::binary(heap, &bytes);
            if bits.len().is_multiple_of(8) {
                binary
            } else {
                heap::sub_binary(heap, binary, 0, bits.len() as u64)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_syntax::{make_closure, make_export_fun, make_ref, parse};
    use super::*;
    use crate::heap::Heap;

    fn show(t: Term) -> String {
        term_to_string(t)
    }

    /// Terms that `erl` (OTP 25) prints under `~w` exactly as written.
    const ROUND_TRIP: &[&str] = &[
        "0",
        "-5",
        "1180591620717411303424",
        "-1180591620717411303424",
        "1.0",
        "-0.0",
        "[]",
        "{}",
        "#{}",
        "[1,2,3]",
        "[a|b]",
        "[1,2|3]",
        "[[]]",
        "[{}]",
        "{[]}",
        "[<<>>]",
        "{a,[120],[1.5]}",
        "#{a => 1,b => [x]}",
        "#{1 => 2,{a} => 1,[115] => 3}",
        "#{-1 => e,0 => h,1 => c,2 => a,-1.0 => f,0.0 => i,1.0 => b,3.0 => d}",
        "<<>>",
        "<<1,2,3>>",
        "<<97,98,99>>",
        "<<1:3>>",
        "<<97,98,1:2>>",
        "<<255,3:7>>",
        "<0.9.0>",
        "#Port<0.0>",
        "[-1.5]",
        "{1.0e-10}",
        "'hello world'",
        "'A'",
        "''",
        "'it\\'s'",
        "'a\\\\b'",
        "'a\\nb'",
        "{'case','end',ok,a@b,'a.b'}",
    ];

    #[test]
    fn terms_print_like_erl() {
        let mut heap = Heap::default();
        for text in ROUND_TRIP {
            let t = parse(&mut heap, text);
            assert_eq!(show(t), *text);
        }
    }

    #[test]
    fn strings_and_binaries_print_as_numbers() {
        let mut heap = Heap::default();
        let cases = [
            ("\"hi\"", "[104,105]"),
            ("<<\"abc\">>", "<<97,98,99>>"),
            ("#{1.0 => a,2 => b}", "#{2 => b,1.0 => a}"),
            ("#{0.0 => a,-0.0 => b}", "#{0.0 => b}"),
        ];
        for (input, expected) in cases {
            let t = parse(&mut heap, input);
            assert_eq!(show(t), expected, "{input}");
        }
    }

    /// Atom names and how `~w` prints them, from `erl` (OTP 25).
    const ATOMS: &[(&str, &str)] = &[
        ("hello", "hello"),
        ("Hello", "'Hello'"),
        ("case", "'case'"),
        ("hello world", "'hello world'"),
        ("a@b", "a@b"),
        ("a.b", "'a.b'"),
        ("", "''"),
        ("\u{e9}", "\u{e9}"),
        ("\u{e9}a", "\u{e9}a"),
        ("\u{c9}a", "'\u{c9}a'"),
        ("\u{df}x", "\u{df}x"),
        ("\u{f7}", "'\u{f7}'"),
        ("a\u{f7}", "'a\u{f7}'"),
        ("a\u{de}", "a\u{de}"),
        ("a\u{d7}", "'a\u{d7}'"),
        ("\u{100}", "'\\x{100}'"),
        ("a\u{100}", "'a\\x{100}'"),
        ("\u{1F600}", "'\\x{1F600}'"),
        ("it's", "'it\\'s'"),
        ("a\\b", "'a\\\\b'"),
        ("a\nb", "'a\\nb'"),
        ("a\tb", "'a\\tb'"),
        ("\u{1}", "'\\001'"),
        ("\u{7f}", "'\\d'"),
        ("\u{80}", "'\\200'"),
        ("\u{9f}", "'\\237'"),
        ("\u{a0}", "'\u{a0}'"),
        ("a\u{a0}", "'a\u{a0}'"),
        ("\u{8}\u{b}\u{c}\u{1b}\r", "'\\b\\v\\f\\e\\r'"),
        ("andalso", "'andalso'"),
        ("maybe", "maybe"),
        ("else", "else"),
        ("cond", "'cond'"),
        ("query", "query"),
        ("spec", "spec"),
        ("_", "'_'"),
        ("_a", "'_a'"),
        ("a_", "a_"),
        ("a1", "a1"),
        ("1a", "'1a'"),
        ("a\"b", "'a\"b'"),
        ("a$b", "'a$b'"),
        ("nil", "nil"),
    ];

    #[test]
    fn atoms_quote_like_erl() {
        for &(name, expected) in ATOMS {
            let mut out = String::new();
            write_atom(&mut out, name);
            assert_eq!(out, expected, "atom {name:?}");
        }
        for word in RESERVED_WORDS {
            assert!(atom_needs_quotes(word), "{word} is reserved");
        }
    }

    #[test]
    fn unicode_atoms_keep_characters() {
        let mut out = String::new();
        write_atom_unicode(&mut out, "a\u{100}");
        assert_eq!(out, "'a\u{100}'");
        let mut out = String::new();
        write_term_unicode(&mut out, Term::atom(Atom::from_static("\u{1F600}x")));
        assert_eq!(out, "'\u{1F600}x'");
    }

    /// Floats and their `~w` text from `erl` (OTP 25), as bit patterns so
    /// the inputs are exact.
    const FLOATS: &[(u64, &str)] = &[
        (0x3ff0000000000000, "1.0"),
        (0x3fb999999999999a, "0.1"),
        (0x444b1ae4d6e2ef50, "1.0e21"),
        (0x3ee4f8b588e368f1, "1.0e-5"),
        (0x419d6f3454000000, "123456789.0"),
        (0x0000000000000000, "0.0"),
        (0x8000000000000000, "-0.0"),
        (0x4059000000000000, "100.0"),
        (0x408f400000000000, "1.0e3"),
        (0x430c6bf526340000, "1.0e15"),
        (0x43b12210f47de981, "1.2345678901234568e18"),
        (0x43e5ee0f8d9e2bb1, "1.2641740961376733e19"),
        (0x3f50624dd2f1a9fc, "0.001"),
        (0x3f1a36e2eb1c432d, "0.0001"),
        (0x3f2012f2d4a4ec27, "1.2263502351026018e-4"),
        (0x400921f9f01b866e, "3.14159"),
        (0x7fefffffffffffff, "1.7976931348623157e308"),
        (0x0000000000000001, "5.0e-324"),
        (0x0010000000000000, "2.2250738585072014e-308"),
        (0x4340000000000000, "9.007199254740992e15"),
        (0x40c81cd6c8b43958, "12345.678"),
        (0x3fe5555555555555, "0.6666666666666666"),
        (0x43f0c1c5b2f5a2a0, "1.9319416760446878e19"),
        (0x4330f5f6d3cba6fe, "4774040091469566.0"),
        (0x44e0000000000000, "6.044629098073146e23"),
        (0x43146d86ec2d8979, "1437481447416414.2"),
        (0xc2e97882755a74c4, "-224043003990950.12"),
        (0x2a6a6ce32c1a0ed0, "2.3043695068794426e-104"),
        (0x43d73160b3038a87, "6.684893034823949e18"),
        (0xc08e373333333334, "-966.9000000000001"),
        (0x3eb0c6f7a0b5ed8d, "1.0e-6"),
        (0x3ea4b66dc33f6acd, "6.172839506172839e-7"),
        (0x4202a05f20000000, "1.0e10"),
        (0x4202a05f20040000, "10000000000.5"),
    ];

    #[test]
    fn floats_print_like_erl() {
        for &(bits, expected) in FLOATS {
            let f = f64::from_bits(bits);
            assert_eq!(format_float_short(f), expected, "bits {bits:#x}");
        }
    }

    /// `io_lib:write(Term, Depth)` output from `erl` (OTP 25).
    const DEPTH_CASES: &[(&str, i64, &str)] = &[
        ("[1,2,3]", 1, "[...]"),
        ("[1,2,3]", 2, "[1|...]"),
        ("[1,2,3]", 3, "[1,2|...]"),
        ("[1,2,3]", 4, "[1,2,3]"),
        ("[1,2|3]", 1, "[...]"),
        ("[1,2|3]", 2, "[1|...]"),
        ("[1,2|3]", 3, "[1,2|...]"),
        ("[1,2|3]", 4, "[1,2|3]"),
        ("{a,b,c}", 1, "{...}"),
        ("{a,b,c}", 2, "{a,...}"),
        ("{a,b,c}", 3, "{a,b,...}"),
        ("{a,b,c}", 4, "{a,b,c}"),
        ("{a,{b,{c}}}", 1, "{...}"),
        ("{a,{b,{c}}}", 2, "{a,...}"),
        ("{a,{b,{c}}}", 3, "{a,{...}}"),
        ("{a,{b,{c}}}", 4, "{a,{b,...}}"),
        ("#{a => 1}", 1, "#{}"),
        ("#{a => 1}", 2, "#{a => 1,...}"),
        ("#{a => 1}", 3, "#{a => 1}"),
        ("#{a => 1}", 4, "#{a => 1}"),
        ("#{a => 1,b => 2,c => 3}", 1, "#{}"),
        ("#{a => 1,b => 2,c => 3}", 2, "#{a => 1,...}"),
        ("#{a => 1,b => 2,c => 3}", 3, "#{a => 1,b => 2,...}"),
        ("#{a => 1,b => 2,c => 3}", 4, "#{a => 1,b => 2,c => 3,...}"),
        ("<<1,2,3>>", 1, "<<...>>"),
        ("<<1,2,3>>", 2, "<<1,...>>"),
        ("<<1,2,3>>", 3, "<<1,2,...>>"),
        ("<<1,2,3>>", 4, "<<1,2,3>>"),
        ("<<1,2,3:3>>", 1, "<<...>>"),
        ("<<1,2,3:3>>", 2, "<<1,...>>"),
        ("<<1,2,3:3>>", 3, "<<1,2,...>>"),
        ("<<1,2,3:3>>", 4, "<<1,2,3:3>>"),
        ("<<5:3>>", 1, "<<...>>"),
        ("<<5:3>>", 2, "<<5:3>>"),
        ("<<5:3>>", 3, "<<5:3>>"),
        ("<<5:3>>", 4, "<<5:3>>"),
        ("<<1>>", 1, "<<...>>"),
        ("<<1>>", 2, "<<1>>"),
        ("<<1>>", 3, "<<1>>"),
        ("<<1>>", 4, "<<1>>"),
        ("<<>>", 1, "<<>>"),
        ("<<>>", 2, "<<>>"),
        ("<<>>", 3, "<<>>"),
        ("<<>>", 4, "<<>>"),
        ("{}", 1, "{}"),
        ("{}", 2, "{}"),
        ("{}", 3, "{}"),
        ("{}", 4, "{}"),
        ("[]", 1, "[]"),
        ("[]", 2, "[]"),
        ("[]", 3, "[]"),
        ("[]", 4, "[]"),
        ("[[[]]]", 1, "[...]"),
        ("[[[]]]", 2, "[[...]]"),
        ("[[[]]]", 3, "[[[]]]"),
        ("[[[]]]", 4, "[[[]]]"),
        ("[97,98,99]", 1, "[...]"),
        ("[97,98,99]", 2, "[97|...]"),
        ("[97,98,99]", 3, "[97,98|...]"),
        ("[97,98,99]", 4, "[97,98,99]"),
        ("{[1,2],#{k => [v]}}", 1, "{...}"),
        ("{[1,2],#{k => [v]}}", 2, "{[...],...}"),
        ("{[1,2],#{k => [v]}}", 3, "{[1|...],#{}}"),
        ("{[1,2],#{k => [v]}}", 4, "{[1,2],#{k => [...],...}}"),
        ("[a|b]", 1, "[...]"),
        ("[a|b]", 2, "[a|...]"),
        ("[a|b]", 3, "[a|b]"),
        ("[a|b]", 4, "[a|b]"),
    ];

    #[test]
    fn depth_limits_like_erl() {
        let mut heap = Heap::default();
        for &(input, depth, expected) in DEPTH_CASES {
            let t = parse(&mut heap, input);
            let mut out = String::new();
            write_term_depth(&mut out, t, depth);
            assert_eq!(out, expected, "{input} at depth {depth}");
        }
        let mut out = String::new();
        write_term_depth(&mut out, Term::NIL, 0);
        assert_eq!(out, "...");
    }

    #[test]
    fn funs_refs_and_ports_print_like_erl() {
        let mut heap = Heap::default();
        let closure = make_closure(&mut heap, "p1", 1, 99019283, &[]);
        assert_eq!(show(closure), "#Fun<p1.1.99019283>");
        let quoted_module = make_closure(&mut heap, "Foo", 0, 33264260, &[Term::NIL]);
        assert_eq!(show(quoted_module), "#Fun<Foo.0.33264260>");
        let export = make_export_fun(&mut heap, "lists", "map", 2);
        assert_eq!(show(export), "fun lists:map/2");
        let operator = make_export_fun(&mut heap, "erlang", "+", 2);
        assert_eq!(show(operator), "fun erlang:'+'/2");
        let spaced = make_export_fun(&mut heap, "a b", "c d", 0);
        assert_eq!(show(spaced), "fun 'a b':'c d'/0");
        let reference = make_ref(&mut heap, (3 << 50) | (2 << 18) | 1, 0);
        assert_eq!(show(reference), "#Ref<0.3.2.1>");
        let high = make_ref(&mut heap, 0, 1);
        assert_eq!(show(high), "#Ref<0.16384.0.0>");
        assert_eq!(show(Term::port(7)), "#Port<0.7>");
        assert_eq!(show(Term::pid(40000)), "<0.40000.0>");
    }

    #[test]
    fn unaligned_bitstrings_print_their_bits() {
        let mut heap = Heap::default();
        let bytes = heap::binary(&mut heap, &[0b1010_1010, 0b1111_0000, 0b0101_0101]);
        let sub = heap::sub_binary(&mut heap, bytes, 3, 11);
        // Bits 3..14: 0101_0111 then 100.
        assert_eq!(show(sub), "<<87,4:3>>");
        let byte_aligned = heap::sub_binary(&mut heap, bytes, 4, 16);
        assert_eq!(show(byte_aligned), "<<175,5>>");
    }

    #[test]
    fn long_and_deep_terms_print() {
        let mut heap = Heap::default();
        let mut list = Term::NIL;
        for _ in 0..1_000_000 {
            list = heap::cons(&mut heap, Term::small_unchecked(7), list);
        }
        let text = show(list);
        assert_eq!(text.len(), 2 * 1_000_000 + 1);
        assert!(text.starts_with("[7,7,") && text.ends_with(",7]"));
        let mut nested = Term::NIL;
        for _ in 0..200_000 {
            nested = heap::tuple(&mut heap, &[nested]);
        }
        let text = show(nested);
        assert_eq!(text.len(), 2 * 200_000 + 2);
    }
}
