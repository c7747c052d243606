//! The `~p` and `~P` layout of OTP 25's `io_lib_pretty:print/2`: terms
//! that do not fit on the rest of the line are broken over several lines
//! and indented.
//!
//! The printer works in two passes. The first builds a tree that records,
//! for every subterm, its text when it is written on one line and that
//! text's length. Lists of printable latin1 characters become strings, and
//! printable binaries become `<<"...">>`. The second pass lays the tree
//! out. A subterm that fits within the line length (80 by default) from
//! its column is written flat. Otherwise its elements go one after another
//! while they fit, and a new line starts below the first element when the
//! next one does not. An element that is not plain text (a list, tuple,
//! map or byte list) forces a line break after it. The exact bounds below
//! were checked against erl's output on many thousand generated terms.
//!
//! A tuple whose first element is an atom is tagged: its elements line up
//! after the tag (`{tag,a,`, then `     b}`). A trial layout first checks
//! that such indentation keeps every line within bounds; failing that the
//! elements are indented 4 columns, then 1.
//!
//! Records are printed as tuples, since `io:format` has no record
//! definitions. Both passes use explicit stacks, so neither long lists nor
//! deep nesting recurse in Rust.

use crate::atom::Atom;
use crate::map;
use crate::print;
use crate::term::Term;

use super::text::{self, Escape};

/// Options of one `~p` or `~P` directive.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The column the term starts in, 1-based; columns below 1 count as 1.
    pub column: i64,
    /// The line length; 0 writes the term on one line.
    pub line_length: i64,
    /// The depth limit of `~P`, or a negative number for none.
    pub depth: i64,
    /// `true` for `~tp`: atoms keep characters above 255, and binaries of
    /// UTF-8 text print as `<<"..."/utf8>>`.
    pub unicode: bool,
    /// `false` for `~lp`: lists and binaries never print as strings.
    pub strings: bool,
}

/// Appends `term` laid out as `io_lib_pretty:print/2` does.
pub fn print(out: &mut Vec<u32>, term: Term, options: &Options) {
    if options.depth == 0 {
        text::push_str(out, "...");
        return;
    }
    let column = options.column.max(1);
    if let Some(atom) = term.as_atom() {
        push_atom(out, atom, options.unicode);
        return;
    }
    if !(term.is_list() || term.is_tuple() || term.is_map() || term.is_bitstring()) {
        push_term(out, term, options.unicode);
        return;
    }
    let tree = Tree::build(term, options);
    let root = tree.root;
    let length = tree.nodes[root].length;
    // Without a chars_limit, OTP bounds the width by the term's length.
    let max_chars = length;
    let line_length = options.line_length;
    if line_length == 0 || (length < line_length - column && length <= max_chars) {
        tree.write(out, root);
        return;
    }

    let mut layout = Layout {
        tree: &tree,
        line_length,
        max_chars,
        tag_indent: -1,
        out: None,
    };
    // Try the tag's own width as the indentation of tagged tuples, then
    // 4 columns, then 1.
    let tag_indent = [-1, 4]
        .into_iter()
        .find(|&indent| {
            layout.tag_indent = indent;
            layout.run(root, column).is_ok()
        })
        .unwrap_or(1);

    layout.tag_indent = tag_indent;
    layout.out = Some(std::mem::take(out));
    // Only the trial returns `NoGood`, so this pass always completes.
    let _ = layout.run(root, column);
    *out = layout.out.take().unwrap_or_default();
}

fn push_atom(out: &mut Vec<u32>, atom: Atom, unicode: bool) {
    let mut written = String::new();
    if unicode {
        print::write_atom_unicode(&mut written, atom.name());
    } else {
        print::write_atom(&mut written, atom.name());
    }
    text::push_str(out, &written);
}

fn push_term(out: &mut Vec<u32>, term: Term, unicode: bool) {
    let mut written = String::new();
    if unicode {
        print::write_term_unicode(&mut written, term);
    } else {
        print::write_term(&mut written, term);
    }
    text::push_str(out, &written);
}

// ---- the tree ----

type NodeId = usize;

/// The end of a list, tuple or map after its elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    None,
    /// The depth limit cut the rest off: `|...` or `,...`.
    Dots,
    /// The improper tail of a list.
    Node(NodeId),
}

#[derive(Debug)]
enum Kind {
    /// Text that is never broken: atoms, numbers, strings, string
    /// binaries, `[]`, `{...}` and the like.
    Text {
        start: usize,
        end: usize,
    },
    /// A bitstring written as numbers, `<<1,2,3>>`, which may break
    /// between bytes.
    Bytes {
        start: usize,
        end: usize,
    },
    List {
        elements: (usize, usize),
        tail: Tail,
    },
    Tuple {
        elements: (usize, usize),
        tail: Tail,
        tagged: bool,
    },
    Map {
        elements: (usize, usize),
        tail: Tail,
    },
    Pair {
        key: NodeId,
        value: NodeId,
    },
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    /// The length of the node written on one line.
    length: i64,
}

struct Tree {
    nodes: Vec<Node>,
    /// Element node ids of lists, tuples and maps, each a contiguous run.
    children: Vec<NodeId>,
    /// The characters of `Text` and `Bytes` nodes.
    text: Vec<u32>,
    root: NodeId,
}

/// A node whose children are still being built.
enum Pending {
    List {
        count: usize,
        tail: PendingTail,
    },
    Tuple {
        count: usize,
        dots: bool,
        tagged: bool,
    },
    Map {
        count: usize,
        dots: bool,
    },
    Pair,
}

#[derive(Clone, Copy)]
enum PendingTail {
    None,
    Dots,
    /// The tail's node is the last result.
    Node,
}

enum BuildStep {
    Visit(Term, i64),
    Finish(Pending),
}

impl Tree {
    /// Builds the tree of `term`.
    fn build(term: Term, options: &Options) -> Tree {
        let mut tree = Tree {
            nodes: Vec::new(),
            children: Vec::new(),
            text: Vec::new(),
            root: 0,
        };
        let mut steps = vec![BuildStep::Visit(term, options.depth)];
        let mut results: Vec<NodeId> = Vec::new();
        while let Some(step) = steps.pop() {
            match step {
                BuildStep::Visit(term, depth) => {
                    if let Some(id) = tree.visit(term, depth, options, &mut steps) {
                        results.push(id);
                    }
                }
                BuildStep::Finish(pending) => {
                    let id = tree.finish(pending, &mut results);
                    results.push(id);
                }
            }
        }
        tree.root = results.pop().unwrap_or(0);
        tree
    }

    /// Adds the node of `term` when it is a leaf and returns it; for a
    /// compound term, schedules its children and returns `None`.
    fn visit(
        &mut self,
        term: Term,
        depth: i64,
        options: &Options,
        steps: &mut Vec<BuildStep>,
    ) -> Option<NodeId> {
        if let Some(atom) = term.as_atom() {
            let mut written = Vec::new();
            push_atom(&mut written, atom, options.unicode);
            return Some(self.add_text(&written));
        }
        if term.is_nil() {
            return Some(self.add_str("[]"));
        }
        if term.is_cons() {
            return self.visit_list(term, depth, options, steps);
        }
        if term.is_tuple() {
            return self.visit_tuple(term, depth, steps);
        }
        if term.is_map() {
            return self.visit_map(term, depth, steps);
        }
        if term.is_bitstring() {
            return Some(self.add_bitstring(term, depth, options));
        }
        let mut written = Vec::new();
        push_term(&mut written, term, options.unicode);
        Some(self.add_text(&written))
    }

    fn visit_list(
        &mut self,
        term: Term,
        depth: i64,
        options: &Options,
        steps: &mut Vec<BuildStep>,
    ) -> Option<NodeId> {
        if options.strings && depth != 1 && text::is_printable_latin1_list(term) {
            let chars = text::flat_chars(term).unwrap_or_default();
            let mut written = Vec::with_capacity(chars.len() + 2);
            text::write_string(&mut written, &chars, '"', Escape::Latin1);
            return Some(self.add_text(&written));
        }
        // Element i (from 1) is printed at depth - i; where that depth
        // would reach 1, the rest of the list becomes `...`.
        let mut elements = Vec::new();
        let mut rest = term;
        let mut remaining = depth;
        let tail = loop {
            if rest.is_nil() {
                break PendingTail::None;
            }
            if remaining == 1 {
                break PendingTail::Dots;
            }
            if !rest.is_cons() {
                elements.push((rest, remaining - 1));
                break PendingTail::Node;
            }
            elements.push((rest.head(), remaining - 1));
            rest = rest.tail();
            remaining -= 1;
        };
        let count = elements.len() - usize::from(matches!(tail, PendingTail::Node));
        steps.push(BuildStep::Finish(Pending::List { count, tail }));
        steps.extend(
            elements
                .into_iter()
                .rev()
                .map(|(t, d)| BuildStep::Visit(t, d)),
        );
        None
    }

    fn visit_tuple(
        &mut self,
        term: Term,
        depth: i64,
        steps: &mut Vec<BuildStep>,
    ) -> Option<NodeId> {
        let elements = term.tuple_elements();
        if elements.is_empty() {
            return Some(self.add_str("{}"));
        }
        if depth == 1 {
            return Some(self.add_str("{...}"));
        }
        let mut visits = Vec::new();
        let mut remaining = depth;
        let mut dots = false;
        for &element in elements {
            if remaining == 1 {
                dots = true;
                break;
            }
            visits.push(BuildStep::Visit(element, remaining - 1));
            remaining -= 1;
        }
        let tagged = elements[0].is_atom() && elements.len() > 1;
        steps.push(BuildStep::Finish(Pending::Tuple {
            count: visits.len(),
            dots,
            tagged,
        }));
        steps.extend(visits.into_iter().rev());
        None
    }

    fn visit_map(&mut self, term: Term, depth: i64, steps: &mut Vec<BuildStep>) -> Option<NodeId> {
        if map::size(term) == 0 {
            return Some(self.add_str("#{}"));
        }
        if depth == 1 {
            return Some(self.add_str("#{...}"));
        }
        // Pairs are printed at depth - 1; after depth - 1 of them the rest
        // of the map becomes `...`.
        // NOTE: maps of more than 32 keys come in the order of `crate::map`,
        // which differs from OTP's where atoms are keys.
        let mut pairs = Vec::new();
        let mut remaining = depth;
        let mut dots = false;
        for (key, value) in map::iter_fold_order(term) {
            if remaining == 1 {
                dots = true;
                break;
            }
            pairs.push((key, value));
            remaining -= 1;
        }
        steps.push(BuildStep::Finish(Pending::Map {
            count: pairs.len(),
            dots,
        }));
        for &(key, value) in pairs.iter().rev() {
            steps.push(BuildStep::Finish(Pending::Pair));
            steps.push(BuildStep::Visit(value, depth - 1));
            steps.push(BuildStep::Visit(key, depth - 1));
        }
        None
    }

    fn finish(&mut self, pending: Pending, results: &mut Vec<NodeId>) -> NodeId {
        match pending {
            Pending::List { count, tail } => {
                let tail = match tail {
                    PendingTail::None => Tail::None,
                    PendingTail::Dots => Tail::Dots,
                    PendingTail::Node => Tail::Node(results.pop().unwrap_or(0)),
                };
                let elements = self.take_children(results, count);
                let length = self.sequence_length(elements, tail, 2);
                self.add(Kind::List { elements, tail }, length)
            }
            Pending::Tuple {
                count,
                dots,
                tagged,
            } => {
                let tail = if dots { Tail::Dots } else { Tail::None };
                let elements = self.take_children(results, count);
                let length = self.sequence_length(elements, tail, 2);
                self.add(
                    Kind::Tuple {
                        elements,
                        tail,
                        tagged,
                    },
                    length,
                )
            }
            Pending::Map { count, dots } => {
                let tail = if dots { Tail::Dots } else { Tail::None };
                let elements = self.take_children(results, count);
                let length = self.sequence_length(elements, tail, 3);
                self.add(Kind::Map { elements, tail }, length)
            }
            Pending::Pair => {
                let value = results.pop().unwrap_or(0);
                let key = results.pop().unwrap_or(0);
                let length = self.nodes[key].length + 4 + self.nodes[value].length;
                self.add(Kind::Pair { key, value }, length)
            }
        }
    }

    /// Moves the last `count` results into `children`, in order.
    fn take_children(&mut self, results: &mut Vec<NodeId>, count: usize) -> (usize, usize) {
        let start = self.children.len();
        let from = results.len().saturating_sub(count);
        self.children.extend(results.drain(from..));
        (start, self.children.len())
    }

    /// Returns the length of a sequence written with `brackets` characters
    /// of brackets: elements joined by commas, then `|...`, `,...` or
    /// `|Tail`, or just `...` when there are no elements.
    fn sequence_length(&self, elements: (usize, usize), tail: Tail, brackets: i64) -> i64 {
        let ids = &self.children[elements.0..elements.1];
        let mut length = brackets;
        length += ids.iter().map(|&id| self.nodes[id].length).sum::<i64>();
        length += ids.len().saturating_sub(1) as i64;
        let tail_length = match tail {
            Tail::None => 0,
            Tail::Dots => 3,
            Tail::Node(id) => self.nodes[id].length,
        };
        if ids.is_empty() {
            length + tail_length
        } else if tail == Tail::None {
            length
        } else {
            length + 1 + tail_length
        }
    }

    fn add(&mut self, kind: Kind, length: i64) -> NodeId {
        self.nodes.push(Node { kind, length });
        self.nodes.len() - 1
    }

    fn add_text(&mut self, chars: &[u32]) -> NodeId {
        let start = self.text.len();
        self.text.extend_from_slice(chars);
        let length = text::chars_length(chars) as i64;
        let end = self.text.len();
        self.add(Kind::Text { start, end }, length)
    }

    fn add_str(&mut self, s: &str) -> NodeId {
        let mut chars = Vec::with_capacity(s.len());
        text::push_str(&mut chars, s);
        self.add_text(&chars)
    }

    fn add_bitstring(&mut self, term: Term, depth: i64, options: &Options) -> NodeId {
        let Some((bytes, bits)) = crate::bits::bitstring_bytes(term) else {
            return self.add_str("<<>>");
        };
        if bits == 0 {
            return self.add_str("<<>>");
        }
        if depth == 1 {
            return self.add_str("<<...>>");
        }
        if options.strings
            && bits % 8 == 0
            && let Some(string) = binary_string(&bytes, depth - 1, options.unicode)
        {
            let mut written = Vec::new();
            text::push_str(&mut written, "<<");
            text::write_string(&mut written, &string.chars, '"', Escape::Latin1);
            let suffix = match (string.utf8, string.truncated) {
                (false, false) => ">>",
                (true, false) => "/utf8>>",
                (false, true) => "...>>",
                (true, true) => "/utf8...>>",
            };
            text::push_str(&mut written, suffix);
            return self.add_text(&written);
        }
        let mut written = String::new();
        print::write_term_depth(&mut written, term, depth);
        let start = self.text.len();
        text::push_str(&mut self.text, &written);
        let end = self.text.len();
        self.add(Kind::Bytes { start, end }, (end - start) as i64)
    }

    /// Appends node `id` written on one line.
    fn write(&self, out: &mut Vec<u32>, id: NodeId) {
        enum Step<'s> {
            Node(NodeId),
            Str(&'s str),
        }
        let mut steps = vec![Step::Node(id)];
        while let Some(step) = steps.pop() {
            let id = match step {
                Step::Str(s) => {
                    text::push_str(out, s);
                    continue;
                }
                Step::Node(id) => id,
            };
            let (open, elements, tail, separator, close) = match self.nodes[id].kind {
                Kind::Text { start, end } | Kind::Bytes { start, end } => {
                    out.extend_from_slice(&self.text[start..end]);
                    continue;
                }
                Kind::Pair { key, value } => {
                    steps.extend([Step::Node(value), Step::Str(" => "), Step::Node(key)]);
                    continue;
                }
                Kind::List { elements, tail } => ("[", elements, tail, "|", "]"),
                Kind::Tuple { elements, tail, .. } => ("{", elements, tail, ",", "}"),
                Kind::Map { elements, tail } => ("#{", elements, tail, ",", "}"),
            };
            let ids = &self.children[elements.0..elements.1];
            text::push_str(out, open);
            steps.push(Step::Str(close));
            match tail {
                Tail::None => {}
                Tail::Dots if ids.is_empty() => steps.push(Step::Str("...")),
                Tail::Dots => {
                    steps.push(Step::Str("..."));
                    steps.push(Step::Str(separator));
                }
                Tail::Node(tail) => {
                    steps.push(Step::Node(tail));
                    steps.push(Step::Str(separator));
                }
            }
            for (i, &child) in ids.iter().enumerate().rev() {
                steps.push(Step::Node(child));
                if i > 0 {
                    steps.push(Step::Str(","));
                }
            }
        }
    }

    /// Returns the elements and tail of a list, tuple or map node.
    fn sequence(&self, id: NodeId) -> (&[NodeId], Tail) {
        match self.nodes[id].kind {
            Kind::List { elements, tail }
            | Kind::Tuple { elements, tail, .. }
            | Kind::Map { elements, tail } => (&self.children[elements.0..elements.1], tail),
            _ => (&[], Tail::None),
        }
    }

    /// Returns `true` for plain text, which `io_lib_pretty` may put on a
    /// line after other elements.
    fn is_text(&self, id: NodeId) -> bool {
        matches!(self.nodes[id].kind, Kind::Text { .. })
    }

    /// Returns `true` for a map pair whose key and value are plain text.
    fn is_text_pair(&self, id: NodeId) -> bool {
        match self.nodes[id].kind {
            Kind::Pair { key, value } => self.is_text(key) && self.is_text(value),
            _ => false,
        }
    }
}

/// A binary that prints as a string.
struct BinaryString {
    chars: Vec<u32>,
    /// Printed with the `/utf8` suffix.
    utf8: bool,
    /// Only a prefix of the binary, followed by `...`.
    truncated: bool,
}

/// Decides whether a binary prints as a string under `~p`. `depth` is
/// the binary's depth less one, or
/// negative for no limit. With a limit, at most `4 * depth` characters
/// are looked at, and a printable prefix of at least `depth` characters
/// is printed followed by `...`.
fn binary_string(bytes: &[u8], depth: i64, unicode: bool) -> Option<BinaryString> {
    let limit = if depth >= 0 {
        (4 * depth as u64).min(bytes.len() as u64) as usize
    } else {
        bytes.len()
    };
    if unicode && let Some(found) = utf8_string(bytes, limit, depth) {
        return found;
    }
    latin1_string(bytes, limit, depth)
}

/// Tests the first `limit` bytes for latin1 text, the first 20 of them
/// before the rest.
fn latin1_string(bytes: &[u8], limit: usize, depth: i64) -> Option<BinaryString> {
    let first = limit.min(20);
    let printable_prefix = |range: std::ops::Range<usize>| {
        range
            .clone()
            .find(|&i| !text::is_printable_latin1(u32::from(bytes[i])))
            .unwrap_or(range.end)
    };
    let prefix = |count: usize, truncated: bool| {
        Some(BinaryString {
            chars: bytes[..count].iter().map(|&b| u32::from(b)).collect(),
            utf8: false,
            truncated,
        })
    };
    let end_of_first = printable_prefix(0..first);
    if end_of_first < first {
        // A printable prefix of at least `depth` characters still prints.
        return if depth > 0 && end_of_first as i64 >= depth {
            prefix(end_of_first, true)
        } else {
            None
        };
    }
    if first == bytes.len() {
        return prefix(first, false);
    }
    if first == limit {
        return prefix(first, true);
    }
    let end = printable_prefix(first..limit);
    if end == limit && limit == bytes.len() {
        prefix(limit, false)
    } else if depth > 0 && end as i64 >= depth {
        prefix(end, true)
    } else {
        None
    }
}

/// Tests a binary for UTF-8 text, as `~tp` does. Returns `None` when the
/// first `limit` characters are not valid UTF-8, so the latin1 test
/// applies, and `Some(None)` when the binary does not print as a string.
fn utf8_string(bytes: &[u8], limit: usize, depth: i64) -> Option<Option<BinaryString>> {
    // Decode up to `limit` characters; a character cut off by the end of
    // the binary makes it invalid.
    let mut chars = Vec::new();
    let mut offsets = Vec::new();
    let mut at = 0;
    while at < bytes.len() && chars.len() < limit {
        let width = utf8_width(bytes[at])?;
        let slice = bytes.get(at..at + width)?;
        let c = std::str::from_utf8(slice).ok()?.chars().next()?;
        chars.push(u32::from(c));
        offsets.push(at);
        at += width;
    }

    // Printable characters, with io:printable_range() being latin1.
    let printable_count = chars
        .iter()
        .position(|&c| !text::is_printable_latin1(c))
        .unwrap_or(chars.len());
    let consumed = offsets.get(printable_count).copied().unwrap_or(at);
    if consumed == bytes.len() {
        chars.truncate(printable_count);
        let utf8 = bytes.len() != chars.len();
        return Some(Some(BinaryString {
            chars,
            utf8,
            truncated: false,
        }));
    }
    if depth > 0 && printable_count as i64 >= depth {
        chars.truncate(printable_count);
        let utf8 = consumed != chars.len();
        return Some(Some(BinaryString {
            chars,
            utf8,
            truncated: true,
        }));
    }
    Some(None)
}

/// Returns the length of the UTF-8 sequence that `lead` starts.
fn utf8_width(lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7F => Some(1),
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

// ---- layout ----

/// Raised by the trial layout when a tagged tuple's indentation does not
/// fit.
struct NoGood;

enum Task {
    Str(&'static str),
    /// A line break, then spaces up to the column.
    Newline(i64),
    /// Write the node on one line.
    Write(NodeId),
    /// Lay the node out.
    Node {
        id: NodeId,
        column: i64,
        last_depth: i64,
        width: i64,
    },
    /// The elements of a list or tuple from `next` on.
    ListTail {
        id: NodeId,
        next: usize,
        first_column: i64,
        column: i64,
        last_depth: i64,
        separator: &'static str,
        width: i64,
    },
    /// The pairs of a map from `next` on.
    PairsTail {
        id: NodeId,
        next: usize,
        first_column: i64,
        column: i64,
        last_depth: i64,
        width: i64,
    },
}

/// One layout pass. Without output it is the trial of a tag indentation,
/// which fails with [`NoGood`], and with output it writes the layout.
/// Columns are 1-based. `last_depth` counts the closing brackets that
/// follow on the same line, and `width` the characters already on the
/// line, both as OTP counts them.
struct Layout<'t> {
    tree: &'t Tree,
    line_length: i64,
    max_chars: i64,
    /// The indentation of tagged tuples' elements, or -1 for the tag's
    /// width plus 2.
    tag_indent: i64,
    out: Option<Vec<u32>>,
}

impl Layout<'_> {
    fn run(&mut self, root: NodeId, column: i64) -> Result<(), NoGood> {
        let mut tasks = vec![Task::Node {
            id: root,
            column,
            last_depth: 0,
            width: 0,
        }];
        while let Some(task) = tasks.pop() {
            match task {
                Task::Str(s) => self.emit_str(s),
                Task::Newline(column) => {
                    if let Some(out) = self.out.as_mut() {
                        out.push(u32::from('\n'));
                        out.extend(std::iter::repeat_n(
                            u32::from(' '),
                            (column - 1).max(0) as usize,
                        ));
                    }
                }
                Task::Write(id) => {
                    if let Some(out) = self.out.as_mut() {
                        self.tree.write(out, id);
                    }
                }
                Task::Node {
                    id,
                    column,
                    last_depth,
                    width,
                } => self.node(&mut tasks, id, column, last_depth, width)?,
                Task::ListTail {
                    id,
                    next,
                    first_column,
                    column,
                    last_depth,
                    separator,
                    width,
                } => self.list_tail(
                    &mut tasks,
                    id,
                    next,
                    (first_column, column),
                    last_depth,
                    separator,
                    width,
                ),
                Task::PairsTail {
                    id,
                    next,
                    first_column,
                    column,
                    last_depth,
                    width,
                } => self.pairs_tail(
                    &mut tasks,
                    id,
                    next,
                    (first_column, column),
                    last_depth,
                    width,
                ),
            }
        }
        Ok(())
    }

    fn emit_str(&mut self, s: &str) {
        if let Some(out) = self.out.as_mut() {
            text::push_str(out, s);
        }
    }

    fn emit_text(&mut self, start: usize, end: usize) {
        if let Some(out) = self.out.as_mut() {
            out.extend_from_slice(&self.tree.text[start..end]);
        }
    }

    fn length(&self, id: NodeId) -> i64 {
        self.tree.nodes[id].length
    }

    /// Returns `true` when `length` characters fit before the line end
    /// with `last_depth` closing brackets after them.
    fn fits(&self, length: i64, column: i64, last_depth: i64, width: i64) -> bool {
        length < self.line_length - column - last_depth
            && length + width + last_depth <= self.max_chars
    }

    /// Returns `true` when an element of `length` characters (its comma
    /// included) may follow the previous one on the same line.
    fn fits_after(
        &self,
        length: i64,
        column: i64,
        last_depth: i64,
        width: i64,
        is_text: bool,
    ) -> bool {
        is_text
            && if last_depth == 0 {
                length + 1 < self.line_length - column && width + length < self.max_chars
            } else {
                length < self.line_length - column - last_depth
                    && width + length + last_depth <= self.max_chars
            }
    }

    /// Lays out one node that starts at `column`.
    fn node(
        &mut self,
        tasks: &mut Vec<Task>,
        id: NodeId,
        column: i64,
        last_depth: i64,
        width: i64,
    ) -> Result<(), NoGood> {
        if self.fits(self.length(id), column, last_depth, width) {
            tasks.push(Task::Write(id));
            return Ok(());
        }
        match self.tree.nodes[id].kind {
            Kind::Text { start, end } => self.emit_text(start, end),
            Kind::Bytes { start, end } => self.bytes(start, end, column + 2, last_depth, width),
            Kind::Pair { .. } => tasks.push(Task::Write(id)),
            Kind::List { .. } => {
                self.emit_str("[");
                tasks.push(Task::Str("]"));
                self.list(tasks, id, 0, column + 1, last_depth, "|", width + 1);
            }
            Kind::Tuple { tagged: false, .. } => {
                self.emit_str("{");
                tasks.push(Task::Str("}"));
                self.list(tasks, id, 0, column + 1, last_depth, ",", width + 1);
            }
            Kind::Tuple { tagged: true, .. } => {
                self.emit_str("{");
                tasks.push(Task::Str("}"));
                self.tagged_tuple(tasks, id, column, last_depth, width + 1)?;
            }
            Kind::Map { .. } => {
                self.emit_str("#{");
                tasks.push(Task::Str("}"));
                self.map(tasks, id, column + 2, last_depth, width + 1);
            }
        }
        Ok(())
    }

    /// Schedules the first element from `start` on and the rest of a list
    /// or tuple.
    #[allow(clippy::too_many_arguments)]
    fn list(
        &mut self,
        tasks: &mut Vec<Task>,
        id: NodeId,
        start: usize,
        column: i64,
        last_depth: i64,
        separator: &'static str,
        width: i64,
    ) {
        let (elements, tail) = self.tree.sequence(id);
        let Some(&first) = elements.get(start) else {
            if tail == Tail::Dots {
                tasks.push(Task::Str("..."));
            }
            return;
        };
        let more = start + 1 < elements.len();
        let first_depth = if more { 0 } else { last_depth + 1 };
        let (task, first_width) = self.element(first, column, first_depth, width);
        tasks.push(Task::ListTail {
            id,
            next: start + 1,
            first_column: column,
            column: column + first_width,
            last_depth,
            separator,
            width: width + first_width,
        });
        tasks.push(task);
    }

    /// Returns the task that lays out an element and the width it takes:
    /// its length when it is text written flat, else the line length, so
    /// that the next element starts a new line.
    fn element(&self, id: NodeId, column: i64, last_depth: i64, width: i64) -> (Task, i64) {
        let length = self.length(id);
        if self.fits(length, column, last_depth, width) && self.tree.is_text(id) {
            (Task::Write(id), length)
        } else {
            let task = Task::Node {
                id,
                column,
                last_depth,
                width,
            };
            (task, self.line_length)
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn list_tail(
        &mut self,
        tasks: &mut Vec<Task>,
        id: NodeId,
        next: usize,
        (first_column, column): (i64, i64),
        last_depth: i64,
        separator: &'static str,
        width: i64,
    ) {
        let (elements, tail) = self.tree.sequence(id);
        if let Some(&element) = elements.get(next) {
            let more = next + 1 < elements.len();
            let element_depth = if more { 0 } else { last_depth + 1 };
            let length = 1 + self.length(element);
            let is_text = self.tree.is_text(element);
            let mut continuation = Task::ListTail {
                id,
                next: next + 1,
                first_column,
                column: column + length,
                last_depth,
                separator,
                width: width + length,
            };
            if self.fits_after(length, column, element_depth, width, is_text) {
                self.emit_str(",");
                tasks.push(continuation);
                tasks.push(Task::Write(element));
            } else {
                let (task, element_width) = self.element(element, first_column, element_depth, 0);
                if let Task::ListTail { column, width, .. } = &mut continuation {
                    *column = first_column + element_width;
                    *width = element_width;
                }
                self.emit_str(",");
                tasks.push(continuation);
                tasks.push(task);
                tasks.push(Task::Newline(first_column));
            }
            return;
        }
        match tail {
            Tail::None => {}
            Tail::Dots => {
                self.emit_str(separator);
                self.emit_str("...");
            }
            Tail::Node(tail) => {
                let length = self.length(tail);
                self.emit_str(separator);
                let inline = length + 1 < self.line_length - column - (last_depth + 1)
                    && length + 1 + width + (last_depth + 1) <= self.max_chars
                    && self.tree.is_text(tail);
                if inline {
                    tasks.push(Task::Write(tail));
                } else if self.out.is_none() {
                    // OTP's trial checks the tail at the column after the
                    // last element, not where the layout puts it, so
                    // tagged tuples inside a long improper tail make the
                    // trial fail.
                    tasks.push(Task::Node {
                        id: tail,
                        column,
                        last_depth: last_depth + 1,
                        width: 0,
                    });
                } else {
                    tasks.push(Task::Node {
                        id: tail,
                        column: first_column,
                        last_depth: last_depth + 1,
                        width: 0,
                    });
                    tasks.push(Task::Newline(first_column));
                }
            }
        }
    }

    /// Lays out a tuple whose first element is an atom.
    fn tagged_tuple(
        &mut self,
        tasks: &mut Vec<Task>,
        id: NodeId,
        column: i64,
        last_depth: i64,
        width: i64,
    ) -> Result<(), NoGood> {
        let (elements, _) = self.tree.sequence(id);
        let Some(&tag) = elements.first() else {
            return Ok(());
        };
        let tag_length = self.length(tag);
        let tag_indent = tag_length + 2;
        let tag_column = column + tag_indent;
        let checking = self.out.is_none();
        if self.tag_indent > 0 && tag_indent > self.tag_indent {
            let first_column = column + self.tag_indent;
            let bounded = self.max_chars + first_column <= self.line_length
                || first_column <= self.line_length / 2;
            if checking && !bounded {
                return Err(NoGood);
            }
            tasks.push(Task::ListTail {
                id,
                next: 1,
                first_column,
                column: tag_column,
                last_depth,
                separator: ",",
                width: width + tag_length,
            });
            tasks.push(Task::Write(tag));
        } else {
            let bounded =
                self.max_chars + tag_column < self.line_length || tag_column < self.line_length / 2;
            if checking && !bounded {
                return Err(NoGood);
            }
            self.list(
                tasks,
                id,
                1,
                tag_column,
                last_depth,
                ",",
                width + tag_length + 1,
            );
            tasks.push(Task::Str(","));
            tasks.push(Task::Write(tag));
        }
        Ok(())
    }

    /// Lays out the pairs of a map.
    fn map(&mut self, tasks: &mut Vec<Task>, id: NodeId, column: i64, last_depth: i64, width: i64) {
        let (pairs, tail) = self.tree.sequence(id);
        let Some(&first) = pairs.first() else {
            if tail == Tail::Dots {
                tasks.push(Task::Str("..."));
            }
            return;
        };
        let first_depth = if pairs.len() > 1 { 0 } else { last_depth + 1 };
        let (pair_tasks, pair_width) = self.pair(first, column, first_depth, width);
        tasks.push(Task::PairsTail {
            id,
            next: 1,
            first_column: column,
            column: column + pair_width,
            last_depth,
            width: pair_width,
        });
        tasks.extend(pair_tasks.into_iter().rev());
    }

    /// Returns the tasks that lay out a map pair, in order, and the width
    /// it takes.
    fn pair(&self, id: NodeId, column: i64, last_depth: i64, width: i64) -> (Vec<Task>, i64) {
        let length = self.length(id);
        if self.fits(length, column, last_depth, width) {
            let pair_width = if self.tree.is_text_pair(id) {
                length
            } else {
                self.line_length
            };
            return (vec![Task::Write(id)], pair_width);
        }
        let Kind::Pair { key, value } = self.tree.nodes[id].kind else {
            return (vec![Task::Write(id)], self.line_length);
        };
        let indent = if self.tag_indent > 0 {
            self.tag_indent
        } else {
            4
        };
        let tasks = vec![
            Task::Node {
                id: key,
                column,
                last_depth,
                width,
            },
            Task::Str(" =>"),
            Task::Newline(column + indent),
            Task::Node {
                id: value,
                column: column + indent,
                last_depth,
                width: 0,
            },
        ];
        (tasks, self.line_length)
    }

    fn pairs_tail(
        &mut self,
        tasks: &mut Vec<Task>,
        id: NodeId,
        next: usize,
        (first_column, column): (i64, i64),
        last_depth: i64,
        width: i64,
    ) {
        let (pairs, tail) = self.tree.sequence(id);
        let Some(&pair) = pairs.get(next) else {
            if tail == Tail::Dots {
                self.emit_str(",...");
            }
            return;
        };
        let more = next + 1 < pairs.len();
        let pair_depth = if more { 0 } else { last_depth + 1 };
        let length = 1 + self.length(pair);
        let is_text = self.tree.is_text_pair(pair);
        self.emit_str(",");
        if self.fits_after(length, column, pair_depth, width, is_text) {
            tasks.push(Task::PairsTail {
                id,
                next: next + 1,
                first_column,
                column: column + length,
                last_depth,
                width: width + length,
            });
            tasks.push(Task::Write(pair));
        } else {
            let (pair_tasks, pair_width) = self.pair(pair, first_column, pair_depth, 0);
            tasks.push(Task::PairsTail {
                id,
                next: next + 1,
                first_column,
                column: first_column + pair_width,
                last_depth,
                width: pair_width,
            });
            tasks.extend(pair_tasks.into_iter().rev());
            tasks.push(Task::Newline(first_column));
        }
    }

    /// Writes a byte list that does not fit, breaking lines between
    /// bytes. `column` is that of the first byte.
    fn bytes(&mut self, start: usize, end: usize, column: i64, last_depth: i64, width: i64) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        let written = &self.tree.text[start..end];
        // The text is `<<` bytes `>>`, the bytes separated by commas.
        let inner = if written.len() >= 4 {
            &written[2..written.len() - 2]
        } else {
            &[][..]
        };
        let room = (self.line_length - column)
            .min(self.max_chars - 4 - width)
            .saturating_sub(last_depth)
            .max(8);
        let pieces: Vec<&[u32]> = inner.split(|&c| c == u32::from(',')).collect();
        text::push_str(out, "<<");
        let mut left = room;
        let newline = |out: &mut Vec<u32>| {
            out.push(u32::from('\n'));
            out.extend(std::iter::repeat_n(
                u32::from(' '),
                (column - 1).max(0) as usize,
            ));
        };
        for (i, piece) in pieces.iter().enumerate() {
            let last = i + 1 == pieces.len();
            if last {
                if piece.len() as i64 > left {
                    newline(out);
                }
                out.extend_from_slice(piece);
                break;
            }
            let length = piece.len() as i64 + 1;
            if left - length < 0 {
                newline(out);
                left = room - length;
            } else {
                left -= length;
            }
            out.extend_from_slice(piece);
            out.push(u32::from(','));
        }
        text::push_str(out, ">>");
    }
}
