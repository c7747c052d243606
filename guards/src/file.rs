//! Policy files: Erlang terms in `file:consult` style, one `{Key, Value}.`
//! per specification key, such as
//!
//! ```text
//! %% Let the process format and print, nothing else.
//! {mode, allow}.
//! {mfas, [{io, format, 2}, {io_lib, '_', '_'}]}.
//! {on_violation, kill}.
//! ```
//!
//! The reader takes the subset of Erlang term syntax that specifications
//! use: atoms (bare or quoted), integers, lists, tuples, maps and `%`
//! comments.

use crate::Value;

/// An error in a policy file, with the 1-based line where it was found.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Reads every dot-terminated term of `text`.
pub fn parse(text: &str) -> Result<Vec<Value<String>>, ParseError> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
    };
    let mut terms = Vec::new();
    loop {
        reader.skip_blank();
        if reader.peek().is_none() {
            return Ok(terms);
        }
        terms.push(reader.term(0)?);
        reader.skip_blank();
        match reader.next() {
            Some('.') => {}
            Some(c) => return Err(reader.error(format!("expected '.' after a term, found '{c}'"))),
            None => {
                return Err(reader.error(
                    "expected '.' after the last term, found the end of the file".to_string(),
                ));
            }
        }
    }
}

/// Returns `name` as Erlang source writes the atom: bare when it can be,
/// quoted otherwise.
pub fn quote_atom(name: &str) -> String {
    let mut chars = name.chars();
    let bare = matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
        && !RESERVED.contains(&name);
    if bare {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('\'');
    for c in name.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Words that are Erlang keywords, so an atom of that name is quoted.
const RESERVED: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse",
    "receive", "rem", "try", "when", "xor",
];

/// Deepest nesting of lists, tuples and maps accepted.
const MAX_DEPTH: usize = 64;

struct Reader {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn error(&self, message: String) -> ParseError {
        ParseError {
            line: self.line,
            message,
        }
    }

    fn skip_blank(&mut self) {
        while let Some(c) = self.peek() {
            if c == '%' {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.next();
                }
            } else if c.is_whitespace() {
                self.next();
            } else {
                break;
            }
        }
    }

    fn expect(&mut self, want: char) -> Result<(), ParseError> {
        self.skip_blank();
        match self.next() {
            Some(c) if c == want => Ok(()),
            Some(c) => Err(self.error(format!("expected '{want}', found '{c}'"))),
            None => Err(self.error(format!("expected '{want}', found the end of the file"))),
        }
    }

    fn term(&mut self, depth: usize) -> Result<Value<String>, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("terms nested deeper than {MAX_DEPTH} levels")));
        }
        self.skip_blank();
        match self.peek() {
            Some('[') => {
                self.next();
                Ok(Value::List(self.items(']', depth)?))
            }
            Some('{') => {
                self.next();
                Ok(Value::Tuple(self.items('}', depth)?))
            }
            Some('#') => {
                self.next();
                self.expect('{')?;
                self.map(depth)
            }
            Some('\'') => {
                self.next();
                Ok(Value::Atom(self.quoted_atom()?))
            }
            Some(c) if c.is_ascii_lowercase() => Ok(Value::Atom(self.word())),
            Some(c) if c.is_ascii_digit() || c == '-' => self.integer(),
            Some('_') => Err(self.error(
                "found the variable _: write the wildcard as the quoted atom '_'".to_string(),
            )),
            Some(c) if c.is_ascii_uppercase() => {
                let name = self.word();
                Err(self.error(format!(
                    "found the variable {name}: a policy file holds terms, not variables; \
                     quote atoms that start with a capital letter"
                )))
            }
            Some('"') => {
                Err(self
                    .error("found a string: write module and function names as atoms".to_string()))
            }
            Some(c) => Err(self.error(format!("unexpected character '{c}'"))),
            None => Err(self.error("expected a term, found the end of the file".to_string())),
        }
    }

    fn items(&mut self, close: char, depth: usize) -> Result<Vec<Value<String>>, ParseError> {
        let mut items = Vec::new();
        self.skip_blank();
        if self.peek() == Some(close) {
            self.next();
            return Ok(items);
        }
        loop {
            items.push(self.term(depth + 1)?);
            self.skip_blank();
            match self.next() {
                Some(',') => {}
                Some(c) if c == close => return Ok(items),
                Some(c) => {
                    return Err(self.error(format!("expected ',' or '{close}', found '{c}'")));
                }
                None => {
                    return Err(
                        self.error(format!("expected '{close}', found the end of the file"))
                    );
                }
            }
        }
    }

    fn map(&mut self, depth: usize) -> Result<Value<String>, ParseError> {
        let mut pairs = Vec::new();
        self.skip_blank();
        if self.peek() == Some('}') {
            self.next();
            return Ok(Value::Map(pairs));
        }
        loop {
            let key = self.term(depth + 1)?;
            self.expect('=')?;
            self.expect('>')?;
            let value = self.term(depth + 1)?;
            pairs.push((key, value));
            self.skip_blank();
            match self.next() {
                Some(',') => {}
                Some('}') => return Ok(Value::Map(pairs)),
                Some(c) => return Err(self.error(format!("expected ',' or '}}', found '{c}'"))),
                None => {
                    return Err(self.error("expected '}', found the end of the file".to_string()));
                }
            }
        }
    }

    fn word(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '@' {
                out.push(c);
                self.next();
            } else {
                break;
            }
        }
        out
    }

    fn quoted_atom(&mut self) -> Result<String, ParseError> {
        let mut out = String::new();
        loop {
            match self.next() {
                Some('\'') => return Ok(out),
                Some('\\') => match self.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('s') => out.push(' '),
                    Some(c @ ('\\' | '\'' | '"')) => out.push(c),
                    Some(c) => {
                        return Err(
                            self.error(format!("unsupported escape \\{c} in a quoted atom"))
                        );
                    }
                    None => break,
                },
                Some('\n') => {
                    return Err(self.error("quoted atom runs past the end of the line".to_string()));
                }
                Some(c) => out.push(c),
                None => break,
            }
        }
        Err(self.error("quoted atom is not closed".to_string()))
    }

    fn integer(&mut self) -> Result<Value<String>, ParseError> {
        let mut text = String::new();
        if self.peek() == Some('-') {
            text.push('-');
            self.next();
        }
        while let Some(c) = self.peek().filter(|c| c.is_ascii_digit() || *c == '_') {
            if c != '_' {
                text.push(c);
            }
            self.next();
        }
        text.parse()
            .map(Value::Integer)
            .map_err(|_| self.error(format!("invalid integer {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(s: &str) -> Value<String> {
        Value::Atom(s.to_string())
    }

    #[test]
    fn reads_consult_style_terms() {
        let text = "%% comment\n{mode, allow}.\n{mfas, [{io, format, 2}, {lists, '_', '_'}]}.\n";
        let terms = parse(text).unwrap();
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0], Value::Tuple(vec![atom("mode"), atom("allow")]));
        let Value::Tuple(parts) = &terms[1] else {
            panic!("{:?}", terms[1]);
        };
        assert_eq!(
            parts[1],
            Value::List(vec![
                Value::Tuple(vec![atom("io"), atom("format"), Value::Integer(2)]),
                Value::Tuple(vec![atom("lists"), atom("_"), atom("_")]),
            ])
        );
    }

    #[test]
    fn reads_maps_and_quoted_atoms() {
        let terms = parse("#{'Weird name' => 'it\\'s', x => -3}.").unwrap();
        assert_eq!(
            terms[0],
            Value::Map(vec![
                (atom("Weird name"), atom("it's")),
                (atom("x"), Value::Integer(-3)),
            ])
        );
    }

    #[test]
    fn errors_give_line_and_cause() {
        let cases = [
            ("{mode, allow}\n{mfas, []}.", 2, "expected '.'"),
            ("{mfas, [{m, _, 1}]}.", 1, "'_'"),
            ("{mfas, [{m, F, 1}]}.", 1, "variable F"),
            ("{mode, allow", 1, "end of the file"),
            ("{names, [\"x\"]}.", 1, "string"),
            ("\n\n{mode, 'open}.", 3, "not closed"),
        ];
        for (text, line, cause) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.line, line, "{text:?}: {err}");
            assert!(err.message.contains(cause), "{text:?}: {err}");
        }
    }

    #[test]
    fn deep_nesting_rejected() {
        let text = format!("{}{}.", "[".repeat(100), "]".repeat(100));
        assert!(parse(&text).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn atoms_quoted_only_when_needed() {
        assert_eq!(quote_atom("lists"), "lists");
        assert_eq!(quote_atom("_"), "'_'");
        assert_eq!(quote_atom("-main/0-fun-0-"), "'-main/0-fun-0-'");
        assert_eq!(quote_atom("Elixir.Foo"), "'Elixir.Foo'");
        assert_eq!(quote_atom("receive"), "'receive'");
        assert_eq!(quote_atom("it's"), "'it\\'s'");
    }
}
