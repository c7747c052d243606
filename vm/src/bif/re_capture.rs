//! The `{capture, ValueSpec, Type}` option of `re:run`: which groups a
//! match reports and in what form.
//!
//! A [`CaptureSpec`] is parsed against the compiled pattern before the
//! match runs, so an invalid spec raises badarg even when the subject does
//! not match, as in OTP. Results follow OTP 25's `re:run/3`: with `all` or
//! `all_but_first` only the groups up to the highest one set are reported,
//! and a requested group that is unset, unknown or past that point is
//! `{-1,0}`, `[]` or `<<>>`.

use crate::atom::Atom;
use crate::bits::{self, iolist};
use crate::exception::Exception;
use crate::heap::{self, Alloc};
use crate::regex::Regex;
use crate::regex::engine::Captures;
use crate::term::Term;

/// Type in which each captured group is returned.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ValueType {
    Index,
    List,
    Binary,
}

/// One requested value: a group number (`None` for a name that does not
/// exist), or the groups of a duplicated name, of which the first that
/// is set is reported.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Slot {
    Group(Option<usize>),
    FirstSetOf(Vec<usize>),
}

/// Selection of the values a match reports.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Selection {
    All,
    AllButFirst,
    /// The atom `match` instead of values.
    Nothing,
    Slots(Vec<Slot>),
}

/// A parsed capture option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptureSpec {
    selection: Selection,
    value_type: ValueType,
}

impl Default for CaptureSpec {
    fn default() -> Self {
        CaptureSpec {
            selection: Selection::All,
            value_type: ValueType::Index,
        }
    }
}

impl CaptureSpec {
    /// Parses `ValueSpec` and `Type` against `regex`, or raises badarg.
    pub fn parse(values: Term, value_type: Term, regex: &Regex) -> Result<CaptureSpec, Exception> {
        let value_type = match value_type.as_atom().map(Atom::name) {
            Some("index") => ValueType::Index,
            Some("list") => ValueType::List,
            Some("binary") => ValueType::Binary,
            _ => return Err(Exception::badarg()),
        };
        let selection = match values.as_atom().map(Atom::name) {
            Some("all") => Selection::All,
            Some("none") => Selection::Nothing,
            Some("all_but_first") => Selection::AllButFirst,
            Some("first") => Selection::Slots(vec![Slot::Group(Some(0))]),
            Some("all_names") => all_names(regex),
            Some(_) => return Err(Exception::badarg()),
            None if values.is_nil() => Selection::Nothing,
            None => Selection::Slots(value_list(values, regex)?),
        };
        Ok(CaptureSpec {
            selection,
            value_type,
        })
    }

    /// Builds the result of a match: `match` or `{match, Values}`.
    /// `subject_term` is the subject when it was a binary, so `binary`
    /// values can share its bytes.
    pub fn result(
        &self,
        heap: &mut impl Alloc,
        captures: &Captures,
        subject: &[u8],
        subject_term: Option<Term>,
    ) -> Term {
        let ranges: Vec<Option<(usize, usize)>> = match &self.selection {
            Selection::Nothing => return Term::atom(crate::atom::Atom::from_static("match")),
            Selection::All => captures.clone(),
            Selection::AllButFirst => captures[1..].to_vec(),
            Selection::Slots(slots) => slots.iter().map(|slot| pick(slot, captures)).collect(),
        };
        let values: Vec<Term> = ranges
            .into_iter()
            .map(|range| self.value(heap, range, subject, subject_term))
            .collect();
        let list = heap::list(heap, &values);
        let tag = Term::atom(crate::atom::Atom::from_static("match"));
        heap::tuple(heap, &[tag, list])
    }

    fn value(
        &self,
        heap: &mut impl Alloc,
        range: Option<(usize, usize)>,
        subject: &[u8],
        subject_term: Option<Term>,
    ) -> Term {
        match (self.value_type, range) {
            (ValueType::Index, None) => {
                heap::tuple(heap, &[Term::small_unchecked(-1), Term::small_unchecked(0)])
            }
            (ValueType::Index, Some((start, length))) => heap::tuple(
                heap,
                &[
                    Term::small_unchecked(start as i64),
                    Term::small_unchecked(length as i64),
                ],
            ),
            (ValueType::List, None) => Term::NIL,
            (ValueType::List, Some((start, length))) => {
                heap::byte_list(heap, &subject[start..start + length])
            }
            (ValueType::Binary, None) => heap::binary(heap, &[]),
            (ValueType::Binary, Some((start, length))) => match subject_term {
                Some(binary) => {
                    bits::slice_bitstring(heap, binary, start as u64 * 8, length as u64 * 8)
                }
                None => heap::binary(heap, &subject[start..start + length]),
            },
        }
    }
}

fn pick(slot: &Slot, captures: &Captures) -> Option<(usize, usize)> {
    let is_set = |group: &usize| captures.get(*group).copied().flatten().is_some();
    let group = match slot {
        Slot::Group(group) => (*group)?,
        Slot::FirstSetOf(groups) => *groups.iter().find(|g| is_set(g))?,
    };
    captures.get(group).copied().flatten()
}

/// The slots of `all_names`: one per distinct name, in name-table order.
/// A pattern without names reports `match`, as in OTP.
fn all_names(regex: &Regex) -> Selection {
    let names = regex.names();
    if names.is_empty() {
        return Selection::Nothing;
    }
    let mut slots = Vec::new();
    let mut previous: Option<&[u8]> = None;
    for entry in names {
        if regex.dupnames() && previous == Some(entry.name.as_slice()) {
            continue;
        }
        previous = Some(&entry.name);
        slots.push(slot_for_name(regex, &entry.name));
    }
    Selection::Slots(slots)
}

fn value_list(mut list: Term, regex: &Regex) -> Result<Vec<Slot>, Exception> {
    let mut slots = Vec::new();
    while list.is_cons() {
        slots.push(value_slot(list.head(), regex)?);
        list = list.tail();
    }
    if !list.is_nil() {
        return Err(Exception::badarg());
    }
    Ok(slots)
}

fn value_slot(value: Term, regex: &Regex) -> Result<Slot, Exception> {
    if let Some(n) = value.as_small() {
        // OTP takes group numbers as a non-negative C int; a number past
        // the last group is reported as unset.
        return match usize::try_from(n) {
            Ok(n) if n <= i32::MAX as usize => Ok(Slot::Group(Some(n))),
            _ => Err(Exception::badarg()),
        };
    }
    let name = if let Some(atom) = value.as_atom() {
        atom.name().as_bytes().to_vec()
    } else if value.is_bitstring() || value.is_cons() || value.is_nil() {
        iolist::iolist_bytes(value).map_err(|_| Exception::badarg())?
    } else {
        return Err(Exception::badarg());
    };
    // PCRE2 looks names up as C strings, so a NUL ends the name.
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    Ok(slot_for_name(regex, &name[..end]))
}

fn slot_for_name(regex: &Regex, name: &[u8]) -> Slot {
    let groups: Vec<usize> = regex
        .names()
        .iter()
        .filter(|entry| entry.name == name)
        .map(|entry| entry.group)
        .collect();
    match groups.as_slice() {
        [] => Slot::Group(None),
        [group] => Slot::Group(Some(*group)),
        _ => Slot::FirstSetOf(groups),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heap::Heap;
    use crate::regex::CompileSpec;

    fn regex(pattern: &str, options: u32) -> Regex {
        let spec = CompileSpec {
            options,
            ..CompileSpec::default()
        };
        Regex::compile(pattern.as_bytes(), &spec).unwrap()
    }

    fn atom(name: &str) -> Term {
        Term::atom(Atom::from_static(name))
    }

    #[test]
    fn all_names_dedups_duplicate_names() {
        let regex = regex(
            "(?<b>x)|(?<a>y)|(?<b>z)",
            crate::regex::engine::PCRE2_DUPNAMES,
        );
        let spec = CaptureSpec::parse(atom("all_names"), atom("index"), &regex).unwrap();
        assert_eq!(
            spec.selection,
            Selection::Slots(vec![Slot::Group(Some(2)), Slot::FirstSetOf(vec![1, 3])])
        );
    }

    #[test]
    fn unknown_name_is_unset() {
        let regex = regex("(?<n>x)", 0);
        let mut heap = Heap::with_capacity(64);
        let names = heap::list(&mut heap, &[atom("zz")]);
        let spec = CaptureSpec::parse(names, atom("index"), &regex).unwrap();
        assert_eq!(spec.selection, Selection::Slots(vec![Slot::Group(None)]));
    }

    #[test]
    fn invalid_specs_raise_badarg() {
        let regex = regex("(x)", 0);
        let mut heap = Heap::with_capacity(64);
        let negative = heap::list(&mut heap, &[Term::small_unchecked(-1)]);
        let one = heap::float(&mut heap, 1.0);
        let float = heap::list(&mut heap, &[one]);
        assert!(CaptureSpec::parse(negative, atom("index"), &regex).is_err());
        assert!(CaptureSpec::parse(float, atom("index"), &regex).is_err());
        assert!(CaptureSpec::parse(atom("bad"), atom("index"), &regex).is_err());
        assert!(CaptureSpec::parse(atom("all"), atom("bad"), &regex).is_err());
    }

    #[test]
    fn first_set_of_duplicates_is_picked() {
        let slot = Slot::FirstSetOf(vec![1, 2]);
        let captures = vec![Some((0, 1)), None, Some((0, 1))];
        assert_eq!(pick(&slot, &captures), Some((0, 1)));
        let captures = vec![Some((0, 1)), None];
        assert_eq!(pick(&slot, &captures), None);
    }
}
