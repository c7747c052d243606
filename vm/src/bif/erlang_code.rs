//! BIFs about funs, loaded code and the text of identifiers:
//! `fun_info/1,2`, `fun_to_list/1`, `make_fun/3`, `get_module_info/1,2`,
//! `check_process_code/2,3`, `purge_module/1`, `bump_reductions/1`, and
//! `pid_to_list/1`, `ref_to_list/1`, `port_to_list/1` with their inverses.
//!
//! Identifiers print as OTP prints local ones: a pid number is split into
//! a 15-bit id and a serial above it (`<0.Id.Serial>`), the split
//! `etf_heap` uses, and a reference into the three numbers of
//! [`compare::ref_numbers`], highest first (`#Ref<0.N2.N1.N0>`).

use crate::atom::{self, Atom};
use crate::code::Module;
use crate::compare;
use crate::copy;
use crate::exception::{BifResult, Exception};
use crate::fun;
use crate::heap::{self, Fragment};
use crate::process::{Process, Signal};
use crate::term::{HeaderTag, Term};

// ---- funs ----

/// Returns the `{Item, Value}` of `fun_info/2`, with `undefined` for items
/// that do not apply to the fun's kind.
fn fun_info_item(proc: &mut Process, f: Term, item: Atom) -> BifResult {
    let undefined = Term::atom(atom::UNDEFINED);
    let value = match f.boxed_tag() {
        Some(HeaderTag::Fun) => {
            let entry = fun::closure_entry(f);
            match item {
                atom::ARITY => Term::small_unchecked(i64::from(entry.fun_arity())),
                atom::MODULE => Term::atom(entry.module),
                atom::NAME => Term::atom(entry.function),
                atom::ENV => {
                    let env = fun::closure_env(f).to_vec();
                    heap::list(&mut proc.heap, &env)
                }
                atom::TYPE => Term::atom(atom::LOCAL),
                atom::UNIQ => Term::small_unchecked(i64::from(entry.old_uniq)),
                atom::INDEX | atom::NEW_INDEX => Term::small_unchecked(i64::from(entry.index)),
                // The module's MD5, as in OTP. The current version of the
                // module is used in place of the one that created the fun.
                atom::NEW_UNIQ => match proc.vm.code.current(entry.module) {
                    Some(module) => heap::binary(&mut proc.heap, &module.md5),
                    None => undefined,
                },
                atom::PID => fun::closure_creator(f),
                _ => return Err(Exception::badarg()),
            }
        }
        Some(HeaderTag::Export) => {
            let export = fun::export_of(f);
            match item {
                atom::ARITY => Term::small_unchecked(i64::from(export.arity)),
                atom::MODULE => Term::atom(export.module),
                atom::NAME => Term::atom(export.function),
                atom::ENV => Term::NIL,
                atom::TYPE => Term::atom(atom::EXTERNAL),
                atom::UNIQ | atom::INDEX | atom::NEW_INDEX | atom::NEW_UNIQ | atom::PID => {
                    undefined
                }
                _ => return Err(Exception::badarg()),
            }
        }
        _ => return Err(Exception::badarg()),
    };
    Ok(heap::tuple(&mut proc.heap, &[Term::atom(item), value]))
}

/// `erlang:fun_info_mfa/1`: `{Module, Name, Arity}` of a fun, where a
/// local fun's name is the compiler's name for it.
fn fun_info_mfa(proc: &mut Process, args: &[Term]) -> BifResult {
    let (module, function, arity) = match args[0].boxed_tag() {
        Some(HeaderTag::Fun) => {
            let entry = fun::closure_entry(args[0]);
            (entry.module, entry.function, entry.fun_arity())
        }
        Some(HeaderTag::Export) => {
            let export = fun::export_of(args[0]);
            (export.module, export.function, export.arity)
        }
        _ => return Err(Exception::badarg()),
    };
    let arity = Term::small_unchecked(i64::from(arity));
    Ok(heap::tuple(
        &mut proc.heap,
        &[Term::atom(module), Term::atom(function), arity],
    ))
}

fn fun_info_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let item = super::expect_atom(args[1])?;
    let pair = fun_info_item(proc, args[0], item)?;
    check_fun_info_pids(proc, pair, 2)?;
    Ok(pair)
}

/// Judges a fun_info result that contains pids (a local fun's creator, or
/// pids it captured) as pid forging by fun_info/`arity`.
fn check_fun_info_pids(proc: &mut Process, info: Term, arity: u32) -> Result<(), Exception> {
    if proc.policy_flags != 0 && crate::policy::holds_capability(info) {
        crate::policy::check_forge(proc, crate::policy::bif_mfa("fun_info", arity))?;
    }
    Ok(())
}

/// `fun_info/1`: the defined items, in the order OTP's Erlang
/// implementation collects them (the reverse of its key list).
fn fun_info_1(proc: &mut Process, args: &[Term]) -> BifResult {
    if !args[0].is_function() {
        return Err(Exception::badarg());
    }
    let keys = [
        atom::TYPE,
        atom::ENV,
        atom::ARITY,
        atom::NAME,
        atom::UNIQ,
        atom::INDEX,
        atom::NEW_UNIQ,
        atom::NEW_INDEX,
        atom::MODULE,
        atom::PID,
    ];
    let mut items = Vec::with_capacity(keys.len());
    for key in keys {
        let pair = fun_info_item(proc, args[0], key)?;
        if pair.element(1) != Term::atom(atom::UNDEFINED) {
            items.push(pair);
        }
    }
    items.reverse();
    let info = heap::list(&mut proc.heap, &items);
    check_fun_info_pids(proc, info, 1)?;
    Ok(info)
}

/// `fun_to_list/1`: the fun as `~w` prints it, `#Fun<Module.Index.Uniq>`
/// for a local fun (module unquoted) and `fun Module:Name/Arity` for an
/// export fun (atoms quoted where needed).
fn fun_to_list(proc: &mut Process, args: &[Term]) -> BifResult {
    if !args[0].is_function() {
        return Err(Exception::badarg());
    }
    let text = crate::print::term_to_string(args[0]);
    Ok(heap::char_list(&mut proc.heap, &text))
}

/// `make_fun(Module, Name, Arity)`: the export fun `fun Module:Name/Arity`,
/// whether or not it is defined.
fn make_fun(proc: &mut Process, args: &[Term]) -> BifResult {
    let module = super::expect_atom(args[0])?;
    let function = super::expect_atom(args[1])?;
    let arity = args[2]
        .as_small()
        .filter(|a| (0..=255).contains(a))
        .ok_or_else(Exception::badarg)? as u32;
    let export = proc.vm.code.export(module, function, arity);
    Ok(fun::make_export_fun(&mut proc.heap, export))
}

// ---- loaded code ----

fn loaded_module(proc: &Process, name: Term) -> Result<&'static Module, Exception> {
    let name = super::expect_atom(name)?;
    proc.vm.code.current(name).ok_or_else(Exception::badarg)
}

/// Builds `[{Name, Arity}]` for the functions of `module` in code order,
/// only the exported ones when `exported_only` is set (OTP lists exports
/// in code order too).
fn function_list(proc: &mut Process, module: &Module, exported_only: bool) -> Term {
    let mut pairs = Vec::with_capacity(module.functions.len());
    for f in module.functions.iter() {
        if exported_only && module.exported(f.name, f.arity).is_none() {
            continue;
        }
        let arity = Term::small_unchecked(i64::from(f.arity));
        pairs.push(heap::tuple(&mut proc.heap, &[Term::atom(f.name), arity]));
    }
    heap::list(&mut proc.heap, &pairs)
}

/// Returns one item of `Module:module_info/1`. The attribute and compile
/// lists live in the module's literal area, which outlives the process.
fn module_info_item(proc: &mut Process, module: &Module, item: Atom) -> BifResult {
    Ok(match item {
        atom::MODULE => Term::atom(module.name),
        atom::EXPORTS => function_list(proc, module, true),
        atom::FUNCTIONS => function_list(proc, module, false),
        atom::ATTRIBUTES => module.attributes,
        atom::COMPILE => module.compile_info,
        atom::MD5 => heap::binary(&mut proc.heap, &module.md5),
        atom::NATIVE => Term::atom(atom::FALSE),
        _ if item.name() == "nifs" => Term::NIL,
        _ => return Err(Exception::badarg()),
    })
}

/// `get_module_info(Module)`, which `Module:module_info/0` calls.
fn get_module_info_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let module = loaded_module(proc, args[0])?;
    let keys = [
        atom::MODULE,
        atom::EXPORTS,
        atom::ATTRIBUTES,
        atom::COMPILE,
        atom::MD5,
    ];
    let mut items = Vec::with_capacity(keys.len());
    for key in keys {
        let value = module_info_item(proc, module, key)?;
        items.push(heap::tuple(&mut proc.heap, &[Term::atom(key), value]));
    }
    Ok(heap::list(&mut proc.heap, &items))
}

/// `get_module_info(Module, Item)`, which `Module:module_info/1` calls.
fn get_module_info_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let module = loaded_module(proc, args[0])?;
    let item = super::expect_atom(args[1])?;
    module_info_item(proc, module, item)
}

/// Checks the pid and module arguments of `check_process_code/2,3`.
fn check_process_code_args(args: &[Term]) -> Result<(), Exception> {
    if args[0].is_pid() && args[1].is_atom() {
        Ok(())
    } else {
        Err(Exception::badarg())
    }
}

/// `check_process_code(Pid, Module)`: `false`, because no module here ever
/// has old code that a process could still run.
fn check_process_code_2(_: &mut Process, args: &[Term]) -> BifResult {
    check_process_code_args(args)?;
    Ok(Term::atom(atom::FALSE))
}

/// `check_process_code(Pid, Module, [{allow_gc, Bool} | {async, Ref}])`.
/// With `{async, Ref}` the result arrives as the message
/// `{check_process_code, Ref, false}` and the call returns `async`.
fn check_process_code_3(proc: &mut Process, args: &[Term]) -> BifResult {
    check_process_code_args(args)?;
    let mut request = None;
    let mut options = args[2];
    while options.is_cons() {
        let option = options.head();
        if option.tuple_arity() != Some(2) {
            return Err(Exception::badarg());
        }
        let value = option.element(1);
        match option.element(0).as_atom().map(Atom::name) {
            Some("allow_gc")
                if value
                    .as_atom()
                    .is_some_and(|a| a == atom::TRUE || a == atom::FALSE) => {}
            Some("async") => request = Some(value),
            _ => return Err(Exception::badarg()),
        }
        options = options.tail();
    }
    if !options.is_nil() {
        return Err(Exception::badarg());
    }
    let Some(request) = request else {
        return Ok(Term::atom(atom::FALSE));
    };
    let mut fragment = Fragment::with_capacity(copy::size_of(request) + 4);
    let request = copy::copy(&mut fragment, request);
    let reply = heap::tuple(
        &mut fragment,
        &[
            Term::atom(Atom::from_static("check_process_code")),
            request,
            Term::atom(atom::FALSE),
        ],
    );
    proc.vm.send_signal(
        proc.id,
        Signal::Message {
            term: reply,
            fragment: Some(fragment),
        },
    );
    Ok(Term::atom(Atom::from_static("async")))
}

/// `purge_module(Module)` raises badarg when the module has no old code,
/// which is always the case here.
fn purge_module(_: &mut Process, _: &[Term]) -> BifResult {
    Err(Exception::badarg())
}

/// `bump_reductions(N)` for a non-negative small integer `N`.
fn bump_reductions(proc: &mut Process, args: &[Term]) -> BifResult {
    let n = args[0]
        .as_small()
        .filter(|&n| n >= 0)
        .ok_or_else(Exception::badarg)?;
    proc.reductions = proc.reductions.saturating_add(n as u64);
    Ok(Term::atom(atom::TRUE))
}

// ---- identifiers as text ----

/// Bits of a pid's id below its serial, and the widths OTP allows.
const PID_ID_BITS: u32 = 15;
const PID_SERIAL_BITS: u32 = 13;
/// Bits of the counter word of a reference that `N0`, `N1` and `N2` hold
/// (see [`compare::ref_numbers`]).
const REF_N0_BITS: u32 = 18;
const REF_N2_COUNTER_BITS: u32 = 14;

pub(crate) fn pid_text(number: u64) -> String {
    let id = number & ((1 << PID_ID_BITS) - 1);
    let serial = number >> PID_ID_BITS;
    format!("<0.{id}.{serial}>")
}

pub(crate) fn ref_text(reference: Term) -> String {
    let [n0, n1, n2] = compare::ref_numbers(reference);
    format!("#Ref<0.{n2}.{n1}.{n0}>")
}

pub(crate) fn port_text(number: u64) -> String {
    format!("#Port<0.{number}>")
}

/// Parses `prefix`, then dot-separated decimal numbers, then `>`, with
/// nothing after. Returns `count` numbers, or `None`.
fn parse_dotted(text: &[u8], prefix: &str, count: usize) -> Option<Vec<u64>> {
    let body = text.strip_prefix(prefix.as_bytes())?.strip_suffix(b">")?;
    let numbers: Vec<u64> = body
        .split(|&b| b == b'.')
        .map(|part| {
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        })
        .collect::<Option<_>>()?;
    (numbers.len() == count).then_some(numbers)
}

/// Returns the characters of a proper list of code points below 256.
fn latin1_text(mut list: Term) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    while list.is_cons() {
        bytes.push(u8::try_from(list.head().as_small()?).ok()?);
        list = list.tail();
    }
    list.is_nil().then_some(bytes)
}

/// Parses `<0.Id.Serial>`. Only node 0, the local node, is accepted.
pub(crate) fn parse_pid(text: &[u8]) -> Option<u64> {
    let n = parse_dotted(text, "<", 3)?;
    let (node, id, serial) = (n[0], n[1], n[2]);
    (node == 0 && id < 1 << PID_ID_BITS && serial < 1 << PID_SERIAL_BITS)
        .then_some(id | (serial << PID_ID_BITS))
}

/// Parses `#Ref<0.N2.N1.N0>` into the two words of a reference: the
/// counter and the word above it, the inverse of
/// [`compare::ref_numbers`].
pub(crate) fn parse_ref(text: &[u8]) -> Option<(u64, u64)> {
    let n = parse_dotted(text, "#Ref<", 4)?;
    let (node, n2, n1, n0) = (n[0], n[1], n[2], n[3]);
    if node != 0 || n2 > 0xFFFF_FFFF || n1 > 0xFFFF_FFFF || n0 >= 1 << REF_N0_BITS {
        return None;
    }
    let low_n2 = n2 & ((1 << REF_N2_COUNTER_BITS) - 1);
    let counter = n0 | (n1 << REF_N0_BITS) | (low_n2 << (REF_N0_BITS + 32));
    Some((counter, n2 >> REF_N2_COUNTER_BITS))
}

/// Parses `#Port<0.N>` with `N` below 2^32.
pub(crate) fn parse_port(text: &[u8]) -> Option<u64> {
    let n = parse_dotted(text, "#Port<", 2)?;
    (n[0] == 0 && n[1] <= 0xFFFF_FFFF).then_some(n[1])
}

fn pid_to_list(proc: &mut Process, args: &[Term]) -> BifResult {
    let number = args[0].as_pid().ok_or_else(Exception::badarg)?;
    Ok(heap::char_list(&mut proc.heap, &pid_text(number)))
}

fn list_to_pid(_: &mut Process, args: &[Term]) -> BifResult {
    let text = latin1_text(args[0]).ok_or_else(Exception::badarg)?;
    parse_pid(&text)
        .map(Term::pid)
        .ok_or_else(Exception::badarg)
}

fn ref_to_list(proc: &mut Process, args: &[Term]) -> BifResult {
    if !args[0].is_reference() {
        return Err(Exception::badarg());
    }
    Ok(heap::char_list(&mut proc.heap, &ref_text(args[0])))
}

fn list_to_ref(proc: &mut Process, args: &[Term]) -> BifResult {
    if proc.policy_flags != 0 {
        // A reference may be an alias, which is a capability like a pid.
        crate::policy::check_forge(proc, crate::policy::bif_mfa("list_to_ref", 1))?;
    }
    let text = latin1_text(args[0]).ok_or_else(Exception::badarg)?;
    let (counter, high) = parse_ref(&text).ok_or_else(Exception::badarg)?;
    let reference = heap::reference(&mut proc.heap, counter);
    // The reference was just built and nothing else refers to it yet.
    reference.set_word(1, high);
    Ok(reference)
}

fn port_to_list(proc: &mut Process, args: &[Term]) -> BifResult {
    let number = args[0].as_port().ok_or_else(Exception::badarg)?;
    Ok(heap::char_list(&mut proc.heap, &port_text(number)))
}

fn list_to_port(_: &mut Process, args: &[Term]) -> BifResult {
    let text = latin1_text(args[0]).ok_or_else(Exception::badarg)?;
    parse_port(&text)
        .map(Term::port)
        .ok_or_else(Exception::badarg)
}

crate::bif_table![
    ("erlang", "fun_info", 1, fun_info_1),
    ("erlang", "fun_info", 2, fun_info_2),
    ("erlang", "fun_info_mfa", 1, fun_info_mfa),
    ("erlang", "fun_to_list", 1, fun_to_list),
    ("erlang", "make_fun", 3, make_fun),
    ("erlang", "get_module_info", 1, get_module_info_1),
    ("erlang", "get_module_info", 2, get_module_info_2),
    ("erlang", "check_process_code", 2, check_process_code_2),
    ("erlang", "check_process_code", 3, check_process_code_3),
    ("erlang", "purge_module", 1, purge_module),
    ("erlang", "bump_reductions", 1, bump_reductions),
    ("erlang", "pid_to_list", 1, pid_to_list),
    ("erlang", "list_to_pid", 1, list_to_pid),
    ("erlang", "ref_to_list", 1, ref_to_list),
    ("erlang", "list_to_ref", 1, list_to_ref),
    ("erlang", "port_to_list", 1, port_to_list),
    ("erlang", "list_to_port", 1, list_to_port),
];

#[cfg(test)]
mod tests {
    use super::super::erlang::test_support::{call, check, process};
    use super::*;
    use crate::bits::test_terms::show;
    use crate::fun::FunEntry;
    use crate::term::CodePtr;

    /// Builds a closure over a fun entry that no loaded module owns.
    fn closure(proc: &mut Process, env: &[Term]) -> Term {
        let entry: &'static FunEntry = Box::leak(Box::new(FunEntry {
            module: Atom::from_static("t5"),
            function: Atom::from_static("-main/0-fun-0-"),
            arity: 1 + env.len() as u32,
            num_free: env.len() as u32,
            index: 1,
            old_uniq: 103_602_689,
            code: CodePtr {
                module: 0,
                index: 0,
            },
            permitted: std::sync::atomic::AtomicU64::new(0),
        }));
        let creator = proc.pid();
        fun::make_closure(&mut proc.heap, entry, creator, env)
    }

    #[test]
    fn fun_info_of_local_fun() {
        let mut proc = process();
        let f = closure(&mut proc, &[Term::small_unchecked(5)]);
        let info = fun_info_1(&mut proc, &[f]).expect("a fun");
        // OTP 25 lists [pid, module, new_index, new_uniq, index, uniq,
        // name, arity, env, type]; new_uniq is left out here because the
        // module is not loaded.
        assert_eq!(
            show(info),
            "[{pid,<0.1.0>},{module,t5},{new_index,1},{index,1},{uniq,103602689},\
             {name,'-main/0-fun-0-'},{arity,1},{env,[5]},{type,local}]"
        );
        let item = fun_info_2(&mut proc, &[f, Term::atom(atom::ARITY)]).expect("an item");
        assert_eq!(show(item), "{arity,1}");
        let text = fun_to_list(&mut proc, &[f]).expect("a fun");
        let text: String = crate::bif::list_to_vec(text)
            .expect("a list")
            .iter()
            .filter_map(|c| c.as_small().and_then(|c| char::from_u32(c as u32)))
            .collect();
        assert_eq!(text, "#Fun<t5.1.103602689>");
    }

    #[test]
    fn export_funs() {
        let mut proc = process();
        assert_eq!(call(&mut proc, make_fun, &["a", "b", "-1"]), "error:badarg");
        assert_eq!(
            call(&mut proc, make_fun, &["a", "b", "256"]),
            "error:badarg"
        );
        assert_eq!(
            call(&mut proc, make_fun, &["a", "\"b\"", "1"]),
            "error:badarg"
        );
        let lists = Term::atom(Atom::from_static("lists"));
        let map = Term::atom(Atom::from_static("map"));
        let f =
            make_fun(&mut proc, &[lists, map, Term::small_unchecked(2)]).expect("an export fun");
        let info = fun_info_1(&mut proc, &[f]).expect("a fun");
        assert_eq!(
            show(info),
            "[{module,lists},{name,map},{arity,2},{env,[]},{type,external}]"
        );
        let index = fun_info_2(&mut proc, &[f, Term::atom(atom::INDEX)]).expect("an item");
        assert_eq!(show(index), "{index,undefined}");
        let bad = fun_info_2(&mut proc, &[f, Term::atom(Atom::from_static("bad"))]);
        assert_eq!(bad, Err(Exception::badarg()));
        assert_eq!(call(&mut proc, fun_info_2, &["x", "arity"]), "error:badarg");
        assert_eq!(call(&mut proc, fun_info_1, &["x"]), "error:badarg");
        assert_eq!(call(&mut proc, fun_to_list, &["x"]), "error:badarg");
    }

    #[test]
    fn code_bifs_without_old_code() {
        check(
            get_module_info_1,
            "get_module_info",
            &[
                (&["no_such_module_loaded"], "error:badarg"),
                (&["\"x\""], "error:badarg"),
            ],
        );
        check(
            purge_module,
            "purge_module",
            &[(&["lists"], "error:badarg"), (&["\"x\""], "error:badarg")],
        );
        check(
            bump_reductions,
            "bump_reductions",
            &[
                (&["1"], "true"),
                (&["-1"], "error:badarg"),
                (&["a"], "error:badarg"),
            ],
        );

        let mut proc = process();
        let pid = proc.pid();
        let module = Term::atom(Atom::from_static("t5"));
        assert_eq!(
            check_process_code_2(&mut proc, &[pid, module]),
            Ok(Term::atom(atom::FALSE))
        );
        assert_eq!(
            check_process_code_2(&mut proc, &[module, module]),
            Err(Exception::badarg())
        );
        let allow_gc = crate::bits::test_terms::parse(&mut proc.heap, "[{allow_gc,false}]");
        assert_eq!(
            check_process_code_3(&mut proc, &[pid, module, allow_gc]),
            Ok(Term::atom(atom::FALSE))
        );
        let bad = crate::bits::test_terms::parse(&mut proc.heap, "[{allow_gc,x}]");
        assert_eq!(
            check_process_code_3(&mut proc, &[pid, module, bad]),
            Err(Exception::badarg())
        );
    }

    #[test]
    fn pid_text_round_trips() {
        for number in [0, 1, 9, 32_767, 32_768, (8_191 << 15) | 32_767] {
            let text = pid_text(number);
            assert_eq!(parse_pid(text.as_bytes()), Some(number), "{text}");
        }
        assert_eq!(pid_text(9), "<0.9.0>");
        assert_eq!(pid_text(32_768 + 5), "<0.5.1>");
    }

    #[test]
    fn parse_pid_matches_otp() {
        // Accepted and rejected by list_to_pid/1 in OTP 25.
        assert_eq!(parse_pid(b"<0.32767.8191>"), Some((8_191 << 15) | 32_767));
        assert_eq!(parse_pid(b"<0.01.0>"), Some(1));
        for text in [
            "<0.32768.0>",
            "<0.1.8192>",
            "<1.1.0>",
            "<0.1.0",
            "< 0.1.0>",
            "<0.1.0>x",
            "<0..0>",
            "<0.1>",
        ] {
            assert_eq!(parse_pid(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn ref_text_round_trips() {
        let mut proc = process();
        for text in [
            "#Ref<0.1504009366.3692822529.192072>",
            "#Ref<0.1.2.3>",
            "#Ref<0.0.0.0>",
        ] {
            let chars = format!("\"{text}\"");
            let reference = call(&mut proc, list_to_ref, &[&chars]);
            assert!(reference.starts_with("<boxed Some(Ref)"), "{reference}");
            let parsed = parse_ref(text.as_bytes()).expect("valid text");
            let term = heap::reference(&mut proc.heap, parsed.0);
            term.set_word(1, parsed.1);
            assert_eq!(ref_text(term), text);
        }
        assert_eq!(parse_ref(b"#Ref<0.1.2.262144>"), None);
        assert_eq!(parse_ref(b"#Ref<0.4294967296.2.3>"), None);
        assert_eq!(parse_ref(b"#Ref<0.1.2>"), None);
        assert_eq!(parse_ref(b"#Ref<1.1.2.3>"), None);
    }

    #[test]
    fn port_text_round_trips() {
        assert_eq!(port_text(5), "#Port<0.5>");
        assert_eq!(parse_port(b"#Port<0.5>"), Some(5));
        assert_eq!(parse_port(b"#Port<1.5>"), None);
    }
}
