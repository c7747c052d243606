//! MFA patterns and the set that matches a call against many of them in
//! constant time.

use std::collections::HashSet;

use crate::{AtomName, Mfa};

/// One `{M, F, A}` pattern: `None` stands for `'_'`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Pattern<A> {
    pub module: A,
    pub function: Option<A>,
    pub arity: Option<u32>,
}

/// Patterns stored by their exact key. A call probes at most four keys,
/// one per wildcard shape, and only the shapes that some pattern uses, so
/// a match costs the same with 10 patterns as with 10,000.
#[derive(Clone, Debug)]
pub(crate) struct PatternSet<A> {
    keys: HashSet<Pattern<A>, ahash::RandomState>,
    /// Bit `shape(function_wild, arity_wild)` is set when a pattern of
    /// that shape exists.
    shapes: u8,
}

fn shape(function_wild: bool, arity_wild: bool) -> u8 {
    1 << ((function_wild as u8) << 1 | arity_wild as u8)
}

impl<A: AtomName> PatternSet<A> {
    pub(crate) fn new(patterns: &[Pattern<A>]) -> PatternSet<A> {
        let mut keys = HashSet::with_capacity_and_hasher(patterns.len(), ahash::RandomState::new());
        let mut shapes = 0;
        for p in patterns {
            keys.insert(*p);
            shapes |= shape(p.function.is_none(), p.arity.is_none());
        }
        PatternSet { keys, shapes }
    }

    pub(crate) fn matches(&self, mfa: &Mfa<A>) -> bool {
        for (function_wild, arity_wild) in
            [(false, false), (false, true), (true, false), (true, true)]
        {
            if self.shapes & shape(function_wild, arity_wild) == 0 {
                continue;
            }
            let key = Pattern {
                module: mfa.module,
                function: (!function_wild).then_some(mfa.function),
                arity: (!arity_wild).then_some(mfa.arity),
            };
            if self.keys.contains(&key) {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mfa(m: &'static str, f: &'static str, a: u32) -> Mfa<&'static str> {
        Mfa {
            module: m,
            function: f,
            arity: a,
        }
    }

    fn pattern(m: &'static str, f: Option<&'static str>, a: Option<u32>) -> Pattern<&'static str> {
        Pattern {
            module: m,
            function: f,
            arity: a,
        }
    }

    #[test]
    fn exact_pattern_matches_only_itself() {
        let set = PatternSet::new(&[pattern("lists", Some("map"), Some(2))]);
        assert!(set.matches(&mfa("lists", "map", 2)));
        assert!(!set.matches(&mfa("lists", "map", 3)));
        assert!(!set.matches(&mfa("lists", "foldl", 2)));
        assert!(!set.matches(&mfa("maps", "map", 2)));
    }

    #[test]
    fn wildcards_match_any_function_or_arity() {
        let set = PatternSet::new(&[
            pattern("lists", None, None),
            pattern("maps", Some("get"), None),
            pattern("os", None, Some(0)),
        ]);
        assert!(set.matches(&mfa("lists", "anything", 7)));
        assert!(set.matches(&mfa("maps", "get", 2)));
        assert!(set.matches(&mfa("maps", "get", 3)));
        assert!(!set.matches(&mfa("maps", "put", 3)));
        assert!(set.matches(&mfa("os", "getpid", 0)));
        assert!(!set.matches(&mfa("os", "cmd", 1)));
    }

    #[test]
    fn empty_set_matches_nothing() {
        let set = PatternSet::<&'static str>::new(&[]);
        assert!(!set.matches(&mfa("erlang", "halt", 0)));
    }
}
