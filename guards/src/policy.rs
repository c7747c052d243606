//! One policy layer and how it is built from a specification.
//!
//! A specification is a map (or, in a policy file, a list of `{Key,
//! Value}` pairs) with the keys `mode`, `mfas`, `spawn`, `inherit`,
//! `names`, `trusted` and `on_violation`. Omitted keys take these
//! defaults: `mode => allow`, `mfas => []`, `spawn` false in allow mode
//! and true in deny mode, `inherit => true`, `names` `[]` in allow mode and
//! `all` in deny mode, `trusted => []`, `on_violation => error`.

use std::collections::HashSet;

use crate::pattern::{Pattern, PatternSet};
use crate::{Action, AtomName, Caller, Mfa, Mode, Value};

/// Largest arity a pattern may name, the largest arity of an Erlang
/// function.
const MAX_ARITY: i64 = 255;

/// The registered names a layer lets a process use.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Names<A> {
    All,
    Only(Vec<A>),
}

/// An invalid specification, with a message that names the offending
/// value.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SpecError(pub String);

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SpecError {}

/// One layer of a process's policy. Immutable once built.
#[derive(Clone, Debug)]
pub struct Policy<A> {
    pub mode: Mode,
    /// The patterns in the order the specification gave them.
    pub patterns: Vec<Pattern<A>>,
    set: PatternSet<A>,
    pub spawn: bool,
    pub inherit: bool,
    pub names: Names<A>,
    pub trusted: Vec<A>,
    trusted_set: HashSet<A, ahash::RandomState>,
    pub action: Action,
    /// Set on the layer that `--learn` adds: it records calls instead of
    /// judging them.
    pub learning: bool,
}

/// The keys of a specification, in the order [`Policy::to_value`] writes
/// them.
pub const KEYS: [&str; 7] = [
    "mode",
    "mfas",
    "spawn",
    "inherit",
    "names",
    "trusted",
    "on_violation",
];

impl<A: AtomName> Policy<A> {
    /// Builds a layer from a specification map.
    pub fn from_map(spec: &Value<A>) -> Result<Policy<A>, SpecError> {
        match spec {
            Value::Map(pairs) => Policy::from_pairs(pairs),
            other => Err(SpecError(format!(
                "invalid policy {other}: expected a map such as #{{mode => allow, mfas => [...]}}"
            ))),
        }
    }

    /// Builds a layer from `{Key, Value}` pairs; each key may appear once.
    pub fn from_pairs(pairs: &[(Value<A>, Value<A>)]) -> Result<Policy<A>, SpecError> {
        let mut given: [Option<&Value<A>>; 7] = [None; 7];
        for (key, value) in pairs {
            let slot = match key {
                Value::Atom(a) => KEYS.iter().position(|k| *k == a.name()),
                _ => None,
            };
            let Some(slot) = slot else {
                return Err(SpecError(format!(
                    "invalid policy key {key}: expected one of {}",
                    KEYS.join(", ")
                )));
            };
            if given[slot].is_some() {
                return Err(SpecError(format!("policy key {key} is given twice")));
            }
            given[slot] = Some(value);
        }
        let [mode, mfas, spawn, inherit, names, trusted, action] = given;
        let mode = match mode {
            None => Mode::Allow,
            Some(v) => match atom_name(v) {
                Some("allow") => Mode::Allow,
                Some("deny") => Mode::Deny,
                _ => return Err(bad_value("mode", v, "allow or deny")),
            },
        };
        let patterns = match mfas {
            None => Vec::new(),
            Some(v) => parse_patterns(v)?,
        };
        let spawn = match spawn {
            None => mode == Mode::Deny,
            Some(v) => parse_bool("spawn", v)?,
        };
        let inherit = match inherit {
            None => true,
            Some(v) => parse_bool("inherit", v)?,
        };
        if spawn && !inherit {
            return Err(SpecError(
                "invalid policy: spawn => true needs inherit => true, because children \
                 of a layer that is not inherited would run with fewer restrictions \
                 than their parent"
                    .to_string(),
            ));
        }
        let names = match names {
            None if mode == Mode::Allow => Names::Only(Vec::new()),
            None => Names::All,
            Some(v) if atom_name(v) == Some("all") => Names::All,
            Some(v) => Names::Only(parse_atoms("names", v, "a list of atoms or all")?),
        };
        let trusted = match trusted {
            None => Vec::new(),
            Some(v) => parse_atoms("trusted", v, "a list of module names")?,
        };
        let action = match action {
            None => Action::Error,
            Some(v) => match atom_name(v) {
                Some("error") => Action::Error,
                Some("kill") => Action::Kill,
                Some("log") => Action::Log,
                _ => return Err(bad_value("on_violation", v, "error, kill or log")),
            },
        };
        Ok(Policy::new(
            mode, patterns, spawn, inherit, names, trusted, action,
        ))
    }

    /// Builds a layer from parts that are already valid.
    pub fn new(
        mode: Mode,
        patterns: Vec<Pattern<A>>,
        spawn: bool,
        inherit: bool,
        names: Names<A>,
        trusted: Vec<A>,
        action: Action,
    ) -> Policy<A> {
        let set = PatternSet::new(&patterns);
        let trusted_set = trusted.iter().copied().collect();
        Policy {
            mode,
            patterns,
            set,
            spawn,
            inherit,
            names,
            trusted,
            trusted_set,
            action,
            learning: false,
        }
    }

    /// Returns the layer that `--learn` adds: an empty allowlist that logs,
    /// so every checked call, name and spawn is reported to it.
    pub fn learning() -> Policy<A> {
        let mut layer = Policy::new(
            Mode::Allow,
            Vec::new(),
            false,
            true,
            Names::Only(Vec::new()),
            Vec::new(),
            Action::Log,
        );
        layer.learning = true;
        layer
    }

    /// Returns whether this layer lets `caller` call `mfa`.
    pub fn permits_call(&self, mfa: &Mfa<A>, caller: Caller<A>) -> bool {
        if let Caller::Static(Some(module)) = caller {
            if self.trusted_set.contains(&module) {
                return true;
            }
        }
        let listed = self.set.matches(mfa);
        match self.mode {
            Mode::Allow => listed,
            Mode::Deny => !listed,
        }
    }

    /// Returns whether this layer lets the process use the registered name.
    pub fn permits_name(&self, name: A) -> bool {
        match &self.names {
            Names::All => true,
            Names::Only(names) => names.contains(&name),
        }
    }

    /// Returns the layer as a specification map with every key present,
    /// using `atom` to make the atoms it needs.
    pub fn to_value(&self, atom: &mut impl FnMut(&str) -> A) -> Value<A> {
        let mut word = |s: &str| Value::Atom(atom(s));
        let mode = word(match self.mode {
            Mode::Allow => "allow",
            Mode::Deny => "deny",
        });
        let wildcard = word("_");
        let mfas = self
            .patterns
            .iter()
            .map(|p| {
                Value::Tuple(vec![
                    Value::Atom(p.module),
                    p.function.map_or(wildcard.clone(), Value::Atom),
                    p.arity
                        .map_or(wildcard.clone(), |a| Value::Integer(a as i64)),
                ])
            })
            .collect();
        let names = match &self.names {
            Names::All => word("all"),
            Names::Only(names) => Value::List(names.iter().map(|&n| Value::Atom(n)).collect()),
        };
        let trusted = Value::List(self.trusted.iter().map(|&m| Value::Atom(m)).collect());
        let values = [
            mode,
            Value::List(mfas),
            word(if self.spawn { "true" } else { "false" }),
            word(if self.inherit { "true" } else { "false" }),
            names,
            trusted,
            word(self.action.name()),
        ];
        Value::Map(KEYS.iter().map(|k| word(k)).zip(values).collect())
    }
}

fn atom_name<A: AtomName>(v: &Value<A>) -> Option<&str> {
    match v {
        Value::Atom(a) => Some(a.name()),
        _ => None,
    }
}

fn bad_value<A: AtomName>(key: &str, v: &Value<A>, expected: &str) -> SpecError {
    SpecError(format!(
        "invalid policy value {key} => {v}: expected {expected}"
    ))
}

fn parse_bool<A: AtomName>(key: &str, v: &Value<A>) -> Result<bool, SpecError> {
    match atom_name(v) {
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        _ => Err(bad_value(key, v, "true or false")),
    }
}

fn parse_atoms<A: AtomName>(key: &str, v: &Value<A>, expected: &str) -> Result<Vec<A>, SpecError> {
    let Value::List(items) = v else {
        return Err(bad_value(key, v, expected));
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            Value::Atom(a) => out.push(*a),
            _ => return Err(bad_value(key, v, expected)),
        }
    }
    Ok(out)
}

fn parse_patterns<A: AtomName>(v: &Value<A>) -> Result<Vec<Pattern<A>>, SpecError> {
    let Value::List(items) = v else {
        return Err(bad_value(
            "mfas",
            v,
            "a list of {Module, Function, Arity} patterns",
        ));
    };
    items.iter().map(parse_pattern).collect()
}

fn parse_pattern<A: AtomName>(v: &Value<A>) -> Result<Pattern<A>, SpecError> {
    let invalid = || {
        SpecError(format!(
            "invalid MFA pattern {v}: expected {{Module, Function, Arity}} with a module \
             name, a function name or '_', and an arity from 0 to {MAX_ARITY} or '_'"
        ))
    };
    let Value::Tuple(parts) = v else {
        return Err(invalid());
    };
    let [m, f, a] = parts.as_slice() else {
        return Err(invalid());
    };
    let module = match m {
        Value::Atom(m) if m.name() != "_" => *m,
        _ => return Err(invalid()),
    };
    let function = match f {
        Value::Atom(f) if f.name() == "_" => None,
        Value::Atom(f) => Some(*f),
        _ => return Err(invalid()),
    };
    let arity = match a {
        Value::Atom(a) if a.name() == "_" => None,
        Value::Integer(n) if (0..=MAX_ARITY).contains(n) => Some(*n as u32),
        _ => return Err(invalid()),
    };
    Ok(Pattern {
        module,
        function,
        arity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type V = Value<&'static str>;

    fn atom(s: &'static str) -> V {
        Value::Atom(s)
    }

    fn spec(pairs: Vec<(&'static str, V)>) -> V {
        Value::Map(pairs.into_iter().map(|(k, v)| (atom(k), v)).collect())
    }

    fn mfa(m: &'static str, f: &'static str, a: u32) -> Mfa<&'static str> {
        Mfa {
            module: m,
            function: f,
            arity: a,
        }
    }

    #[test]
    fn empty_spec_takes_allow_defaults() {
        let p = Policy::from_map(&spec(vec![])).unwrap();
        assert_eq!(p.mode, Mode::Allow);
        assert!(p.patterns.is_empty());
        assert!(!p.spawn);
        assert!(p.inherit);
        assert_eq!(p.names, Names::Only(vec![]));
        assert_eq!(p.action, Action::Error);
    }

    #[test]
    fn deny_mode_defaults_allow_spawn_and_names() {
        let p = Policy::from_map(&spec(vec![("mode", atom("deny"))])).unwrap();
        assert!(p.spawn);
        assert_eq!(p.names, Names::All);
    }

    #[test]
    fn spawn_without_inherit_rejected() {
        let s = spec(vec![("spawn", atom("true")), ("inherit", atom("false"))]);
        let err = Policy::from_map(&s).unwrap_err();
        assert!(err.0.contains("inherit"), "{err}");
    }

    #[test]
    fn invalid_specs_name_the_value() {
        let cases = [
            (atom("allow"), "allow"),
            (spec(vec![("mode", atom("alow"))]), "alow"),
            (spec(vec![("colour", atom("red"))]), "colour"),
            (spec(vec![("mfas", atom("all"))]), "all"),
            (
                spec(vec![(
                    "mfas",
                    Value::List(vec![Value::Tuple(vec![atom("_"), atom("_"), atom("_")])]),
                )]),
                "{'_','_','_'}",
            ),
            (
                spec(vec![(
                    "mfas",
                    Value::List(vec![Value::Tuple(vec![
                        atom("m"),
                        atom("f"),
                        Value::Integer(256),
                    ])]),
                )]),
                "256",
            ),
            (
                spec(vec![("names", Value::List(vec![Value::Integer(1)]))]),
                "[1]",
            ),
            (spec(vec![("on_violation", atom("warn"))]), "warn"),
            (spec(vec![("spawn", atom("yes"))]), "yes"),
        ];
        for (s, shown) in cases {
            let err = Policy::from_map(&s).unwrap_err();
            assert!(err.0.contains(shown), "{err} should name {shown}");
        }
    }

    #[test]
    fn duplicate_key_rejected() {
        let s = Value::Map(vec![
            (atom("mode"), atom("allow")),
            (atom("mode"), atom("deny")),
        ]);
        assert!(Policy::from_map(&s).is_err());
    }

    #[test]
    fn allowlist_permits_listed_calls() {
        let s = spec(vec![(
            "mfas",
            Value::List(vec![Value::Tuple(vec![
                atom("lists"),
                atom("_"),
                atom("_"),
            ])]),
        )]);
        let p = Policy::from_map(&s).unwrap();
        assert!(p.permits_call(&mfa("lists", "map", 2), Caller::Dynamic));
        assert!(!p.permits_call(&mfa("os", "cmd", 1), Caller::Dynamic));
    }

    #[test]
    fn denylist_rejects_listed_calls() {
        let s = spec(vec![
            ("mode", atom("deny")),
            (
                "mfas",
                Value::List(vec![Value::Tuple(vec![
                    atom("os"),
                    atom("cmd"),
                    Value::Integer(1),
                ])]),
            ),
        ]);
        let p = Policy::from_map(&s).unwrap();
        assert!(!p.permits_call(&mfa("os", "cmd", 1), Caller::Dynamic));
        assert!(p.permits_call(&mfa("os", "getpid", 0), Caller::Dynamic));
    }

    #[test]
    fn trusted_module_skips_static_calls_only() {
        let s = spec(vec![("trusted", Value::List(vec![atom("io")]))]);
        let p = Policy::from_map(&s).unwrap();
        let target = mfa("erlang", "group_leader", 0);
        assert!(p.permits_call(&target, Caller::Static(Some("io"))));
        assert!(!p.permits_call(&target, Caller::Static(Some("mine"))));
        assert!(!p.permits_call(&target, Caller::Static(None)));
        assert!(!p.permits_call(&target, Caller::Dynamic));
    }

    #[test]
    fn to_value_round_trips() {
        let s = spec(vec![
            ("mode", atom("deny")),
            (
                "mfas",
                Value::List(vec![Value::Tuple(vec![
                    atom("os"),
                    atom("_"),
                    Value::Integer(1),
                ])]),
            ),
            ("names", Value::List(vec![atom("logger")])),
            ("on_violation", atom("kill")),
        ]);
        let p = Policy::from_map(&s).unwrap();
        let names: &[&'static str] = &[
            "mode",
            "mfas",
            "spawn",
            "inherit",
            "names",
            "trusted",
            "on_violation",
            "deny",
            "allow",
            "_",
            "all",
            "true",
            "false",
            "kill",
            "error",
            "log",
        ];
        let back = p.to_value(&mut |s| *names.iter().find(|n| **n == s).unwrap());
        let q = Policy::from_map(&back).unwrap();
        assert_eq!(q.mode, Mode::Deny);
        assert_eq!(q.patterns, p.patterns);
        assert_eq!(q.names, p.names);
        assert_eq!(q.action, Action::Kill);
        assert!(q.spawn);
    }
}
