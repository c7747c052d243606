//! Match specifications of the `table` kind: `[{Head, Guards, Body}]`, as
//! `ets:select/2` and `ets:fun2ms/1` use them.
//!
//! [`MatchSpec::compile`] checks a specification and turns it into
//! patterns and expression trees; [`MatchSpec::run`] matches one object
//! against the clauses in order. A compiled specification borrows the
//! terms of the specification (its constants), so it must not outlive the
//! BIF call that compiled it: a collection could move them.
//!
//! Semantics follow OTP 25. The head is matched with `=:=`, and a
//! variable `'$N'` binds at its first occurrence. A guard passes only when
//! it evaluates to `true`, so an exception in a guard fails the guard. An
//! exception in the body makes the clause's result the atom `'EXIT'`.

use std::collections::HashMap;

use crate::atom::{self, Atom};
use crate::bif::BifFn;
use crate::compare;
use crate::heap;
use crate::map;
use crate::process::Process;
use crate::term::Term;

/// Largest variable number OTP accepts in `'$N'`.
const MAX_VARIABLE: u64 = 100_000_000;

/// Deepest nesting of patterns and expressions compiled. Deeper
/// specifications are rejected, so evaluation cannot exhaust the stack.
const MAX_DEPTH: usize = 1_000;

/// Why a specification is invalid, in the words of
/// `erlang:match_spec_test/3`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError(pub String);

/// A head pattern.
#[derive(Debug)]
enum Pattern {
    /// `'_'`.
    Any,
    /// The first occurrence of a variable: binds its slot.
    Bind(usize),
    /// A later occurrence: the term must be `=:=` to the slot's value.
    Check(usize),
    /// A term without variables.
    Literal(Term),
    Tuple(Vec<Pattern>),
    Cons(Box<Pattern>, Box<Pattern>),
    /// Map pattern: literal keys whose values match the patterns.
    Map(Vec<(Term, Pattern)>),
}

/// A guard or body expression.
#[derive(Debug)]
enum Expr {
    Const(Term),
    Var(usize),
    /// `'$_'`: the whole object.
    Object,
    /// `'$$'`: the values of the head's variables in number order.
    Bindings,
    SelfPid,
    Tuple(Vec<Expr>),
    Cons(Box<Expr>, Box<Expr>),
    Map(Vec<(Expr, Expr)>),
    AndAlso(Vec<Expr>),
    OrElse(Vec<Expr>),
    /// Strict n-ary `and` (`true`) or `or` (`false`).
    Strict(bool, Vec<Expr>),
    Call(BifFn, Vec<Expr>),
}

#[derive(Debug)]
struct Clause {
    head: Pattern,
    /// Slots of the head's variables in variable-number order.
    order: Vec<usize>,
    guards: Vec<Expr>,
    body: Vec<Expr>,
}

/// A compiled specification.
#[derive(Debug)]
pub struct MatchSpec {
    clauses: Vec<Clause>,
    slots: usize,
}

/// Result of running a specification on one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No clause matched, or every matching clause's guard failed.
    NoMatch,
    /// The body's value, which may point into the object.
    Value(Term),
    /// The body raised; OTP returns `'EXIT'` for the object.
    Failed,
}

/// Guard functions a `table` specification may call, with their arity.
/// Each is the `erlang` BIF of the same name.
const GUARD_FUNCTIONS: &[(&str, u32)] = &[
    ("is_atom", 1),
    ("is_binary", 1),
    ("is_bitstring", 1),
    ("is_boolean", 1),
    ("is_float", 1),
    ("is_function", 1),
    ("is_function", 2),
    ("is_integer", 1),
    ("is_list", 1),
    ("is_map", 1),
    ("is_map_key", 2),
    ("is_number", 1),
    ("is_pid", 1),
    ("is_port", 1),
    ("is_reference", 1),
    ("is_tuple", 1),
    ("is_record", 3),
    ("abs", 1),
    ("element", 2),
    ("hd", 1),
    ("tl", 1),
    ("length", 1),
    ("map_get", 2),
    ("map_size", 1),
    ("node", 0),
    ("node", 1),
    ("round", 1),
    ("trunc", 1),
    ("ceil", 1),
    ("floor", 1),
    ("float", 1),
    ("size", 1),
    ("bit_size", 1),
    ("byte_size", 1),
    ("tuple_size", 1),
    ("binary_part", 2),
    ("binary_part", 3),
    ("min", 2),
    ("max", 2),
    ("+", 1),
    ("+", 2),
    ("-", 1),
    ("-", 2),
    ("*", 2),
    ("/", 2),
    ("div", 2),
    ("rem", 2),
    ("band", 2),
    ("bor", 2),
    ("bxor", 2),
    ("bnot", 1),
    ("bsl", 2),
    ("bsr", 2),
    (">", 2),
    (">=", 2),
    ("<", 2),
    ("=<", 2),
    ("=:=", 2),
    ("==", 2),
    ("=/=", 2),
    ("/=", 2),
    ("not", 1),
    ("xor", 2),
];

/// Returns `N` when `a` is the variable `'$N'`.
fn variable_number(a: Atom) -> Option<u64> {
    let digits = a.name().strip_prefix('$')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n <= MAX_VARIABLE)
}

struct Compiler<'a> {
    proc: &'a Process,
    /// Slot of each variable number bound in the current head.
    slots: HashMap<u64, usize>,
}

impl Compiler<'_> {
    fn pattern(&mut self, t: Term, depth: usize) -> Result<Pattern, SpecError> {
        if depth > MAX_DEPTH {
            return Err(SpecError("Match expression is too deeply nested.".into()));
        }
        if !self.has_variables(t) {
            return Ok(Pattern::Literal(t));
        }
        if let Some(a) = t.as_atom() {
            if a.name() == "_" {
                return Ok(Pattern::Any);
            }
            let n = variable_number(a).expect("has_variables found a variable");
            let next = self.slots.len();
            return Ok(match self.slots.get(&n) {
                Some(&slot) => Pattern::Check(slot),
                None => {
                    self.slots.insert(n, next);
                    Pattern::Bind(next)
                }
            });
        }
        if t.is_cons() {
            let head = self.pattern(t.head(), depth + 1)?;
            let tail = self.pattern(t.tail(), depth + 1)?;
            return Ok(Pattern::Cons(Box::new(head), Box::new(tail)));
        }
        if t.is_tuple() {
            let items = t
                .tuple_elements()
                .iter()
                .map(|&e| self.pattern(e, depth + 1))
                .collect::<Result<_, _>>()?;
            return Ok(Pattern::Tuple(items));
        }
        // Only maps remain: has_variables looks inside nothing else.
        let mut pairs = Vec::new();
        for (k, v) in map::iter(t) {
            if self.has_variables(k) {
                return Err(SpecError(
                    "Map keys in match heads must be literals.".into(),
                ));
            }
            pairs.push((k, self.pattern(v, depth + 1)?));
        }
        Ok(Pattern::Map(pairs))
    }

    /// Returns whether `t` contains `'_'` or a variable.
    fn has_variables(&self, t: Term) -> bool {
        let mut pending = vec![t];
        while let Some(t) = pending.pop() {
            if let Some(a) = t.as_atom() {
                if a.name() == "_" || variable_number(a).is_some() {
                    return true;
                }
            } else if t.is_cons() {
                pending.push(t.head());
                pending.push(t.tail());
            } else if t.is_tuple() {
                pending.extend_from_slice(t.tuple_elements());
            } else if t.is_map() {
                for (k, v) in map::iter(t) {
                    pending.push(k);
                    pending.push(v);
                }
            }
        }
        false
    }

    fn expr(&self, t: Term, depth: usize) -> Result<Expr, SpecError> {
        if depth > MAX_DEPTH {
            return Err(SpecError("Match expression is too deeply nested.".into()));
        }
        if let Some(a) = t.as_atom() {
            return match a.name() {
                "$_" => Ok(Expr::Object),
                "$$" => Ok(Expr::Bindings),
                _ => match variable_number(a) {
                    Some(n) => match self.slots.get(&n) {
                        Some(&slot) => Ok(Expr::Var(slot)),
                        None => Err(SpecError(format!("Variable ${n} is unbound."))),
                    },
                    None => Ok(Expr::Const(t)),
                },
            };
        }
        if t.is_cons() {
            let head = self.expr(t.head(), depth + 1)?;
            let tail = self.expr(t.tail(), depth + 1)?;
            return Ok(Expr::Cons(Box::new(head), Box::new(tail)));
        }
        if t.is_map() {
            let mut pairs = Vec::new();
            for (k, v) in map::iter(t) {
                pairs.push((self.expr(k, depth + 1)?, self.expr(v, depth + 1)?));
            }
            return Ok(Expr::Map(pairs));
        }
        let Some(arity) = t.tuple_arity() else {
            return Ok(Expr::Const(t));
        };
        let items = t.tuple_elements();
        if arity == 0 {
            return Err(SpecError("Empty tuple is not an expression.".into()));
        }
        if arity == 1 && items[0].is_tuple() {
            let parts = items[0]
                .tuple_elements()
                .iter()
                .map(|&e| self.expr(e, depth + 1))
                .collect::<Result<_, _>>()?;
            return Ok(Expr::Tuple(parts));
        }
        let Some(function) = items[0].as_atom() else {
            return Err(SpecError(format!(
                "{} is neither a function call nor a constant.",
                crate::print::term_to_string(t)
            )));
        };
        let args = &items[1..];
        let compile_args = |args: &[Term]| -> Result<Vec<Expr>, SpecError> {
            args.iter().map(|&a| self.expr(a, depth + 1)).collect()
        };
        match (function.name(), args.len()) {
            ("const", 1) => return Ok(Expr::Const(args[0])),
            ("self", 0) => return Ok(Expr::SelfPid),
            ("andalso", n) if n > 0 => return Ok(Expr::AndAlso(compile_args(args)?)),
            ("orelse", n) if n > 0 => return Ok(Expr::OrElse(compile_args(args)?)),
            ("and", n) if n > 0 => return Ok(Expr::Strict(true, compile_args(args)?)),
            ("or", n) if n > 0 => return Ok(Expr::Strict(false, compile_args(args)?)),
            _ => {}
        }
        let arity = args.len() as u32;
        let known = GUARD_FUNCTIONS.contains(&(function.name(), arity));
        let bif = known
            .then(|| self.proc.vm.code.bif(atom::ERLANG, function, arity))
            .flatten()
            .ok_or_else(|| {
                SpecError(format!(
                    "Function {}/{arity} does_not_exist.",
                    function.name()
                ))
            })?;
        Ok(Expr::Call(bif.f, compile_args(args)?))
    }
}

impl MatchSpec {
    /// Compiles the specification `spec`, a list of `{Head, Guards,
    /// Body}`.
    pub fn compile(proc: &Process, spec: Term) -> Result<MatchSpec, SpecError> {
        let clauses = crate::bif::list_to_vec(spec)
            .ok_or_else(|| SpecError("Match specification must be a list.".into()))?;
        let mut compiler = Compiler {
            proc,
            slots: HashMap::new(),
        };
        let mut compiled = Vec::with_capacity(clauses.len());
        let mut slots = 0;
        for clause in clauses {
            if clause.tuple_arity() != Some(3) {
                return Err(SpecError(
                    "Match clause is not a tuple of three elements.".into(),
                ));
            }
            compiler.slots.clear();
            let head = compiler.pattern(clause.element(0), 0)?;
            let guards = crate::bif::list_to_vec(clause.element(1))
                .ok_or_else(|| SpecError("Guard conditions must be a list.".into()))?;
            let body = crate::bif::list_to_vec(clause.element(2))
                .filter(|b| !b.is_empty())
                .ok_or_else(|| SpecError("Body must be a non-empty list.".into()))?;
            let guards = guards
                .into_iter()
                .map(|g| compiler.expr(g, 0))
                .collect::<Result<_, _>>()?;
            let body = body
                .into_iter()
                .map(|b| compiler.expr(b, 0))
                .collect::<Result<_, _>>()?;
            let mut numbered: Vec<(u64, usize)> =
                compiler.slots.iter().map(|(&n, &s)| (n, s)).collect();
            numbered.sort_unstable();
            slots = slots.max(numbered.len());
            compiled.push(Clause {
                head,
                order: numbered.into_iter().map(|(_, s)| s).collect(),
                guards,
                body,
            });
        }
        Ok(MatchSpec {
            clauses: compiled,
            slots,
        })
    }

    /// Returns the keys every clause's head fixes at `keypos`, or `None`
    /// when some clause can match any key, so the caller can look the
    /// keys up instead of scanning the table.
    pub fn bound_keys(&self, keypos: usize) -> Option<Vec<Term>> {
        let mut keys = Vec::with_capacity(self.clauses.len());
        for clause in &self.clauses {
            match &clause.head {
                Pattern::Tuple(items) => match items.get(keypos - 1)? {
                    Pattern::Literal(k) => keys.push(*k),
                    _ => return None,
                },
                // A head that is a non-tuple constant matches no object.
                Pattern::Literal(t) if !t.is_tuple() => {}
                Pattern::Literal(t) if t.tuple_arity() >= Some(keypos) => {
                    keys.push(t.element(keypos - 1))
                }
                Pattern::Literal(_) => {}
                _ => return None,
            }
        }
        Some(keys)
    }

    /// Runs the clauses on `object` in order; the first whose head
    /// matches and whose guards pass gives the outcome.
    pub fn run(&self, proc: &mut Process, object: Term) -> Outcome {
        let mut bindings = vec![Term::NONE; self.slots];
        for clause in &self.clauses {
            if !matches(&clause.head, object, &mut bindings) {
                continue;
            }
            let mut env = Env {
                object,
                bindings: &bindings,
                order: &clause.order,
            };
            let passed = clause
                .guards
                .iter()
                .all(|g| matches!(eval(proc, &mut env, g), Ok(t) if t == Term::atom(atom::TRUE)));
            if !passed {
                continue;
            }
            let mut value = Term::NIL;
            for b in &clause.body {
                match eval(proc, &mut env, b) {
                    Ok(v) => value = v,
                    Err(()) => return Outcome::Failed,
                }
            }
            return Outcome::Value(value);
        }
        Outcome::NoMatch
    }
}

fn matches(p: &Pattern, t: Term, bindings: &mut [Term]) -> bool {
    match p {
        Pattern::Any => true,
        Pattern::Bind(slot) => {
            bindings[*slot] = t;
            true
        }
        Pattern::Check(slot) => compare::exact_eq(bindings[*slot], t),
        Pattern::Literal(lit) => compare::exact_eq(*lit, t),
        Pattern::Tuple(items) => {
            t.tuple_arity() == Some(items.len())
                && items
                    .iter()
                    .zip(t.tuple_elements())
                    .all(|(p, &e)| matches(p, e, bindings))
        }
        Pattern::Cons(head, tail) => {
            t.is_cons() && matches(head, t.head(), bindings) && matches(tail, t.tail(), bindings)
        }
        Pattern::Map(pairs) => {
            t.is_map()
                && pairs
                    .iter()
                    .all(|(k, p)| map::get(t, *k).is_some_and(|v| matches(p, v, bindings)))
        }
    }
}

struct Env<'a> {
    object: Term,
    bindings: &'a [Term],
    order: &'a [usize],
}

/// Evaluates `e`; `Err` stands for any exception, which the caller turns
/// into a failed guard or an `'EXIT'` result.
fn eval(proc: &mut Process, env: &mut Env, e: &Expr) -> Result<Term, ()> {
    Ok(match e {
        Expr::Const(t) => *t,
        Expr::Var(slot) => env.bindings[*slot],
        Expr::Object => env.object,
        Expr::Bindings => {
            let values: Vec<Term> = env.order.iter().map(|&s| env.bindings[s]).collect();
            heap::list(&mut proc.heap, &values)
        }
        Expr::SelfPid => Term::pid(proc.id),
        Expr::Tuple(items) => {
            let values = eval_all(proc, env, items)?;
            heap::tuple(&mut proc.heap, &values)
        }
        Expr::Cons(head, tail) => {
            let h = eval(proc, env, head)?;
            let t = eval(proc, env, tail)?;
            heap::cons(&mut proc.heap, h, t)
        }
        Expr::Map(pairs) => {
            let mut values = Vec::with_capacity(pairs.len());
            for (k, v) in pairs {
                values.push((eval(proc, env, k)?, eval(proc, env, v)?));
            }
            map::from_pairs(&mut proc.heap, &values)
        }
        Expr::AndAlso(items) => {
            for item in items {
                let v = eval(proc, env, item)?;
                if v == Term::atom(atom::FALSE) {
                    return Ok(v);
                }
                if v != Term::atom(atom::TRUE) {
                    return Err(());
                }
            }
            Term::atom(atom::TRUE)
        }
        Expr::OrElse(items) => {
            for item in items {
                let v = eval(proc, env, item)?;
                if v == Term::atom(atom::TRUE) {
                    return Ok(v);
                }
                if v != Term::atom(atom::FALSE) {
                    return Err(());
                }
            }
            Term::atom(atom::FALSE)
        }
        Expr::Strict(all, items) => {
            let mut result = *all;
            for v in eval_all(proc, env, items)? {
                let b = match v.as_atom() {
                    Some(atom::TRUE) => true,
                    Some(atom::FALSE) => false,
                    _ => return Err(()),
                };
                result = if *all { result && b } else { result || b };
            }
            Term::boolean(result)
        }
        Expr::Call(f, args) => {
            let values = eval_all(proc, env, args)?;
            f(proc, &values).map_err(|_| ())?
        }
    })
}

fn eval_all(proc: &mut Process, env: &mut Env, items: &[Expr]) -> Result<Vec<Term>, ()> {
    items.iter().map(|i| eval(proc, env, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::MatchSpec;
    use crate::bif::erlang::test_support::check;
    use crate::bif::ets_select::BIFS;
    use crate::bits::test_terms::parse;

    fn match_spec_test() -> crate::bif::BifFn {
        BIFS.iter()
            .find(|d| d.function == "match_spec_test")
            .expect("match_spec_test is in the table")
            .f
    }

    #[test]
    fn heads_bind_and_check_variables() {
        check(
            match_spec_test(),
            "match_spec_test",
            &[
                (
                    &["{a,1}", "[{{'$1','$2'},[],['$$']}]", "table"],
                    "{ok,[a,1],[],[]}",
                ),
                (
                    &["{a,a}", "[{{'$1','$1'},[],['$1']}]", "table"],
                    "{ok,a,[],[]}",
                ),
                (
                    &["{a,b}", "[{{'$1','$1'},[],['$1']}]", "table"],
                    "{ok,false,[],[]}",
                ),
                (
                    &["{1,2}", "[{{'$1','$1'},[],['$1']}]", "table"],
                    "{ok,false,[],[]}",
                ),
                (
                    &["{b,x}", "[{{'$2','_'},[],['$_']}]", "table"],
                    "{ok,{b,x},[],[]}",
                ),
                (
                    &["{[1,2],3}", "[{{['$1','_'],'_'},[],['$1']}]", "table"],
                    "{ok,1,[],[]}",
                ),
            ],
        );
    }

    #[test]
    fn guards_fail_on_errors_and_non_booleans() {
        check(
            match_spec_test(),
            "match_spec_test",
            &[
                (
                    &["{a,1}", "[{{'$1','$2'},[{'>','$2',0}],[ok]}]", "table"],
                    "{ok,ok,[],[]}",
                ),
                (
                    &["{a,1}", "[{{'$1','$2'},[{'>','$1',0}],[ok]}]", "table"],
                    "{ok,ok,[],[]}",
                ),
                (
                    &["{a,1}", "[{{'$1','$2'},[{'+','$1',1}],[ok]}]", "table"],
                    "{ok,false,[],[]}",
                ),
                (
                    &["{a,1}", "[{{'$1','$2'},[{'+','$2',1}],[ok]}]", "table"],
                    "{ok,false,[],[]}",
                ),
                (
                    &[
                        "{a,1}",
                        "[{'_',[{element,5,'$_'}],[one]},{'_',[],[two]}]",
                        "table",
                    ],
                    "{ok,two,[],[]}",
                ),
                (
                    &[
                        "{a,1}",
                        "[{'_',[{'orelse',true,{element,5,'$_'}}],[ok]}]",
                        "table",
                    ],
                    "{ok,ok,[],[]}",
                ),
                (
                    &[
                        "{a,1}",
                        "[{'_',[{'or',true,{element,5,'$_'}}],[ok]}]",
                        "table",
                    ],
                    "{ok,false,[],[]}",
                ),
            ],
        );
    }

    #[test]
    fn bodies_build_terms() {
        check(
            match_spec_test(),
            "match_spec_test",
            &[
                (
                    &["{a,1}", "[{{'$1','$2'},[],[{{'$2','$1'}}]}]", "table"],
                    "{ok,{1,a},[],[]}",
                ),
                (
                    &["{a,1}", "[{{'$1','$2'},[],[['$1'|'$2']]}]", "table"],
                    "{ok,[a|1],[],[]}",
                ),
                (
                    &["{a,1}", "[{{'$1','$2'},[],[{const,'$1'}]}]", "table"],
                    "{ok,'$1',[],[]}",
                ),
                (
                    &["{a,1}", "[{{'$1','$2'},[],[x,'$2']}]", "table"],
                    "{ok,1,[],[]}",
                ),
                (
                    &[
                        "{a,1}",
                        "[{{'$1','$2'},[],[{'*',{'+','$2',2},3}]}]",
                        "table",
                    ],
                    "{ok,9,[],[]}",
                ),
                (
                    &["{a,1}", "[{{'$1','$2'},[],[{hd,'$1'}]}]", "table"],
                    "{ok,'EXIT',[],[]}",
                ),
            ],
        );
    }

    #[test]
    fn invalid_specs_are_reported() {
        let mut proc = crate::bif::erlang::test_support::process();
        let cases = [
            ("[{{'$1'},[],['$2']}]", "Variable $2 is unbound."),
            (
                "[{'_',[{nosuch,1}],[x]}]",
                "Function nosuch/1 does_not_exist.",
            ),
            (
                "[{'_',[]}]",
                "Match clause is not a tuple of three elements.",
            ),
            ("[{'_',[],[]}]", "Body must be a non-empty list."),
            ("[{'_',x,[a]}]", "Guard conditions must be a list."),
            ("[{'_',[],[{}]}]", "Empty tuple is not an expression."),
            ("{'_',[],[a]}", "Match specification must be a list."),
        ];
        for (spec, message) in cases {
            let term = parse(&mut proc.heap, spec);
            let error = MatchSpec::compile(&proc, term).expect_err(spec);
            assert_eq!(error.0, message, "{spec}");
        }
        check(
            match_spec_test(),
            "match_spec_test",
            &[(&["{a,1}", "[{'_',[],[x]}]", "other"], "error:badarg")],
        );
    }
}
