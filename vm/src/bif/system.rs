//! BIFs about the running system: time and timers, node names, halting,
//! code queries, and the native calls behind Cordon's I/O
//! server.

use std::io::BufRead;
use std::time::Duration;

use super::{expect_atom, list_to_vec, string_arg};
use crate::atom::{self, Atom};
use crate::copy;
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::Process;
use crate::term::Term;
use crate::vm::{TimerAction, TimerTarget};

// ---- time ----

fn integer(proc: &mut Process, value: i128) -> Term {
    crate::bignum::from_i128(&mut proc.heap, value)
}

/// Nanoseconds in one unit of a time unit argument, or `None` when the
/// argument is not a time unit.
fn unit_nanos(unit: Term) -> Option<i128> {
    if let Some(per_second) = unit.as_small() {
        if per_second <= 0 {
            return None;
        }
        return Some(1_000_000_000 / per_second as i128).filter(|&n| n > 0);
    }
    Some(match unit.as_atom()? {
        atom::SECOND | atom::SECONDS => 1_000_000_000,
        atom::MILLISECOND | atom::MILLI_SECONDS => 1_000_000,
        atom::MICROSECOND | atom::MICRO_SECONDS => 1_000,
        atom::NANOSECOND | atom::NANO_SECONDS | atom::NATIVE | atom::PERF_COUNTER => 1,
        _ => return None,
    })
}

fn monotonic_nanos(proc: &Process) -> i128 {
    // OTP's monotonic time starts at a large negative value; any fixed
    // origin is allowed, and differences are what programs use.
    proc.vm.start.elapsed().as_nanos() as i128 - (1i128 << 59)
}

fn system_nanos() -> i128 {
    let (secs, micros) = crate::time::now_unix();
    secs as i128 * 1_000_000_000 + micros as i128 * 1_000
}

fn monotonic_time_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let n = monotonic_nanos(proc);
    Ok(integer(proc, n))
}

fn monotonic_time_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let per = unit_nanos(args[0]).ok_or_else(Exception::badarg)?;
    let n = monotonic_nanos(proc).div_euclid(per);
    Ok(integer(proc, n))
}

fn system_time_0(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(integer(proc, system_nanos()))
}

fn system_time_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let per = unit_nanos(args[0]).ok_or_else(Exception::badarg)?;
    Ok(integer(proc, system_nanos().div_euclid(per)))
}

fn time_offset_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let offset = system_nanos() - monotonic_nanos(proc);
    Ok(integer(proc, offset))
}

fn time_offset_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let per = unit_nanos(args[0]).ok_or_else(Exception::badarg)?;
    let offset = (system_nanos() - monotonic_nanos(proc)).div_euclid(per);
    Ok(integer(proc, offset))
}

fn convert_time_unit(proc: &mut Process, args: &[Term]) -> BifResult {
    let value = crate::bignum::to_bigint(args[0]).ok_or_else(Exception::badarg)?;
    let from = unit_nanos(args[1]).ok_or_else(Exception::badarg)?;
    let to = unit_nanos(args[2]).ok_or_else(Exception::badarg)?;
    let value = i128::try_from(value).map_err(|_| Exception::badarg())?;
    Ok(integer(proc, (value * from).div_euclid(to)))
}

fn timestamp(proc: &mut Process, _: &[Term]) -> BifResult {
    let (secs, micros) = crate::time::now_unix();
    let mega = Term::small_unchecked(secs / 1_000_000);
    let s = Term::small_unchecked(secs % 1_000_000);
    let us = Term::small_unchecked(micros as i64);
    Ok(heap::tuple(&mut proc.heap, &[mega, s, us]))
}

fn date_time(proc: &mut Process) -> (Term, Term) {
    let (secs, _) = crate::time::now_unix();
    let t = crate::time::from_unix_seconds(secs);
    let small = |v: i64| Term::small_unchecked(v);
    let date = heap::tuple(
        &mut proc.heap,
        &[small(t.year), small(t.month as i64), small(t.day as i64)],
    );
    let time = heap::tuple(
        &mut proc.heap,
        &[
            small(t.hour as i64),
            small(t.minute as i64),
            small(t.second as i64),
        ],
    );
    (date, time)
}

fn universaltime(proc: &mut Process, _: &[Term]) -> BifResult {
    let (date, time) = date_time(proc);
    Ok(heap::tuple(&mut proc.heap, &[date, time]))
}

fn date(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(date_time(proc).0)
}

fn time(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(date_time(proc).1)
}

// ---- date and time conversion ----

/// Reads `{{Year, Month, Day}, {Hour, Minute, Second}}`, raising badarg for
/// anything else, an invalid date or time, or a year below `min_year`.
fn datetime_arg(t: Term, min_year: i64) -> Result<crate::time::DateTime, Exception> {
    let pair = |t: Term| -> Option<(Term, Term, Term)> {
        (t.tuple_arity() == Some(3)).then(|| (t.element(0), t.element(1), t.element(2)))
    };
    let field = |t: Term, low: i64, high: i64| -> Option<u32> {
        t.as_small()
            .filter(|v| (low..=high).contains(v))
            .map(|v| v as u32)
    };
    let parse = || -> Option<crate::time::DateTime> {
        if t.tuple_arity() != Some(2) {
            return None;
        }
        let (year, month, day) = pair(t.element(0))?;
        let (hour, minute, second) = pair(t.element(1))?;
        let year = year.as_small().filter(|&y| y >= min_year)?;
        let month = field(month, 1, 12)?;
        let day = field(day, 1, i64::from(crate::time::days_in_month(year, month)))?;
        Some(crate::time::DateTime {
            year,
            month,
            day,
            hour: field(hour, 0, 23)?,
            minute: field(minute, 0, 59)?,
            second: field(second, 0, 59)?,
        })
    };
    parse().ok_or_else(Exception::badarg)
}

/// The earliest year OTP 25 converts between local and universal time.
const MIN_LOCAL_YEAR: i64 = 1902;

/// The earliest year OTP 25's `universaltime_to_posixtime/1` accepts.
const MIN_POSIX_YEAR: i64 = 1600;

fn datetime_term(proc: &mut Process, t: &crate::time::DateTime) -> Term {
    let small = |v: i64| Term::small_unchecked(v);
    let date = heap::tuple(
        &mut proc.heap,
        &[small(t.year), small(t.month.into()), small(t.day.into())],
    );
    let time = heap::tuple(
        &mut proc.heap,
        &[
            small(t.hour.into()),
            small(t.minute.into()),
            small(t.second.into()),
        ],
    );
    heap::tuple(&mut proc.heap, &[date, time])
}

// Cordon's local time zone is UTC (erlang:localtime/0 returns universal
// time), so the conversions between local and universal time only
// validate their argument.

fn localtime_to_universaltime_1(_: &mut Process, args: &[Term]) -> BifResult {
    datetime_arg(args[0], MIN_LOCAL_YEAR)?;
    Ok(args[0])
}

/// With `IsDst` true the local time is read as daylight saving time,
/// one hour ahead of standard time, as mktime(3) does in a UTC zone.
fn localtime_to_universaltime_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let local = datetime_arg(args[0], MIN_LOCAL_YEAR)?;
    match args[1].as_atom() {
        Some(atom::TRUE) => {
            let seconds = crate::time::to_unix_seconds(&local) - 3600;
            let seconds = i64::try_from(seconds).map_err(|_| Exception::badarg())?;
            let universal = crate::time::from_unix_seconds(seconds);
            Ok(datetime_term(proc, &universal))
        }
        Some(atom::FALSE | atom::UNDEFINED) => Ok(args[0]),
        _ => Err(Exception::badarg()),
    }
}

fn universaltime_to_localtime(_: &mut Process, args: &[Term]) -> BifResult {
    datetime_arg(args[0], MIN_LOCAL_YEAR)?;
    Ok(args[0])
}

fn universaltime_to_posixtime(proc: &mut Process, args: &[Term]) -> BifResult {
    let universal = datetime_arg(args[0], MIN_POSIX_YEAR)?;
    let seconds = crate::time::to_unix_seconds(&universal);
    Ok(integer(proc, seconds))
}

fn posixtime_to_universaltime(proc: &mut Process, args: &[Term]) -> BifResult {
    let seconds = crate::bignum::to_bigint(args[0])
        .and_then(|n| i64::try_from(n).ok())
        .ok_or_else(Exception::badarg)?;
    let universal = crate::time::from_unix_seconds(seconds);
    Ok(datetime_term(proc, &universal))
}

// ---- timers ----

fn timer_target(t: Term) -> Result<TimerTarget, Exception> {
    if let Some(pid) = t.as_pid() {
        return Ok(TimerTarget::Pid(pid));
    }
    if let Some(name) = t.as_atom() {
        return Ok(TimerTarget::Name(name));
    }
    Err(Exception::badarg())
}

fn timer_millis(t: Term) -> Result<u64, Exception> {
    match t.as_small() {
        Some(ms) if ms >= 0 => Ok(ms as u64),
        _ => Err(Exception::badarg()),
    }
}

/// Starts a timer for `send_after` (`wrap` false) or `start_timer`, called
/// as the BIF of arity `arity`.
fn start_timer_with(proc: &mut Process, args: &[Term], wrap: bool, arity: u32) -> BifResult {
    let ms = timer_millis(args[0])?;
    let target = timer_target(args[1])?;
    if let (TimerTarget::Name(name), true) = (&target, proc.policy_flags != 0) {
        let bif = if wrap { "start_timer" } else { "send_after" };
        crate::policy::check_name(proc, *name, crate::policy::bif_mfa(bif, arity))?;
    }
    let id = proc.vm.unique();
    let reference = heap::reference(&mut proc.heap, id);
    // start_timer sends {timeout, Ref, Msg}; send_after sends Msg.
    let message = if wrap {
        heap::tuple(
            &mut proc.heap,
            &[Term::atom(atom::TIMEOUT), reference, args[2]],
        )
    } else {
        args[2]
    };
    let (term, fragment) = copy::to_fragment(message);
    proc.vm.start_timer_with_id(
        id,
        Duration::from_millis(ms),
        TimerAction::Send {
            to: target,
            term,
            fragment,
        },
    );
    Ok(reference)
}

fn send_after_3(proc: &mut Process, args: &[Term]) -> BifResult {
    start_timer_with(proc, args, false, 3)
}

fn send_after_4(proc: &mut Process, args: &[Term]) -> BifResult {
    list_to_vec(args[3]).ok_or_else(Exception::badarg)?;
    start_timer_with(proc, &args[..3], false, 4)
}

fn start_timer_3(proc: &mut Process, args: &[Term]) -> BifResult {
    start_timer_with(proc, args, true, 3)
}

fn start_timer_4(proc: &mut Process, args: &[Term]) -> BifResult {
    list_to_vec(args[3]).ok_or_else(Exception::badarg)?;
    start_timer_with(proc, &args[..3], true, 4)
}

fn remaining(proc: &mut Process, left: Option<Duration>) -> Term {
    match left {
        Some(d) => integer(proc, d.as_millis() as i128),
        None => Term::atom(atom::FALSE),
    }
}

fn cancel_timer_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let id = heap::reference_number(args[0]).ok_or_else(Exception::badarg)?;
    let left = proc.vm.cancel_timer(id);
    Ok(remaining(proc, left))
}

/// Options of `cancel_timer/2` and `read_timer/2`.
struct TimerOptions {
    /// `{async, true}`: the result comes as a message, and the BIF returns
    /// `ok`.
    is_async: bool,
    /// `{info, false}`: no result at all (only `cancel_timer/2` takes it).
    info: bool,
}

/// Parses a timer option list. Anything but `{async, Bool}` (and
/// `{info, Bool}` when `info_allowed`) raises badarg, as in OTP 25.
fn timer_options(list: Term, info_allowed: bool) -> Result<TimerOptions, Exception> {
    let mut options = TimerOptions {
        is_async: false,
        info: true,
    };
    for option in list_to_vec(list).ok_or_else(Exception::badarg)? {
        if option.tuple_arity() != Some(2) {
            return Err(Exception::badarg());
        }
        let value = match option.element(1).as_atom() {
            Some(atom::TRUE) => true,
            Some(atom::FALSE) => false,
            _ => return Err(Exception::badarg()),
        };
        match option.element(0).as_atom() {
            Some(atom::ASYNC) => options.is_async = value,
            Some(atom::INFO) if info_allowed => options.info = value,
            _ => return Err(Exception::badarg()),
        }
    }
    Ok(options)
}

/// Finishes `cancel_timer/2` or `read_timer/2` (`bif`): returns `result`,
/// sends it to the caller as `{Bif, TRef, Result}` when asynchronous, or
/// drops it when `{info, false}` was given.
fn timer_reply(
    proc: &mut Process,
    bif: &'static str,
    reference: Term,
    left: Option<Duration>,
    options: &TimerOptions,
) -> BifResult {
    if !options.info {
        return Ok(Term::atom(atom::OK));
    }
    let result = remaining(proc, left);
    if !options.is_async {
        return Ok(result);
    }
    let msg = heap::tuple(
        &mut proc.heap,
        &[Term::atom(Atom::from_static(bif)), reference, result],
    );
    crate::interp::send(proc, proc.pid(), msg, ("send", 2))?;
    Ok(Term::atom(atom::OK))
}

fn cancel_timer_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let id = heap::reference_number(args[0]).ok_or_else(Exception::badarg)?;
    let options = timer_options(args[1], true)?;
    let left = proc.vm.cancel_timer(id);
    timer_reply(proc, "cancel_timer", args[0], left, &options)
}

fn read_timer_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let id = heap::reference_number(args[0]).ok_or_else(Exception::badarg)?;
    let left = proc.vm.read_timer(id);
    Ok(remaining(proc, left))
}

fn read_timer_2(proc: &mut Process, args: &[Term]) -> BifResult {
    let id = heap::reference_number(args[0]).ok_or_else(Exception::badarg)?;
    let options = timer_options(args[1], false)?;
    let left = proc.vm.read_timer(id);
    timer_reply(proc, "read_timer", args[0], left, &options)
}

// ---- nodes, halting, system ----

fn node_0(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(atom::NONODE))
}

fn node_1(_: &mut Process, args: &[Term]) -> BifResult {
    if args[0].is_pid() || args[0].is_port() || args[0].is_reference() {
        Ok(Term::atom(atom::NONODE))
    } else {
        Err(Exception::badarg())
    }
}

fn nodes_0(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::NIL)
}

fn is_alive(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(atom::FALSE))
}

fn halt_with(proc: &mut Process, status: Term) -> BifResult {
    let code = if let Some(n) = status.as_small() {
        if n < 0 {
            return Err(Exception::badarg());
        }
        (n & 0xFF) as i32
    } else if status == Term::atom(Atom::from_static("abort")) {
        134
    } else if heap::bitstring(status).is_some() || super::list_length(status).is_some() {
        // A string status is a slogan: erl prints it and exits with 1.
        let text = match heap::bitstring(status).and_then(|b| b.as_bytes()) {
            Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            None => super::list_to_vec(status)
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c.as_small().and_then(|c| char::from_u32(c as u32)))
                .collect(),
        };
        proc.vm.flush_output();
        proc.vm.write_stderr(format!("{text}\n").as_bytes());
        1
    } else {
        return Err(Exception::badarg());
    };
    proc.vm.flush_output();
    proc.vm.request_halt(code);
    // The process stops here; the scheduler sees the halt next.
    let reason = Term::atom(atom::KILLED);
    proc.pending_exit = Some(reason);
    Err(Exception::new(crate::exception::Class::Exit, reason))
}

fn halt_0(proc: &mut Process, _: &[Term]) -> BifResult {
    halt_with(proc, Term::small_unchecked(0))
}

fn halt_1(proc: &mut Process, args: &[Term]) -> BifResult {
    halt_with(proc, args[0])
}

fn halt_2(proc: &mut Process, args: &[Term]) -> BifResult {
    list_to_vec(args[1]).ok_or_else(Exception::badarg)?;
    halt_with(proc, args[0])
}

fn init_stop(proc: &mut Process, _: &[Term]) -> BifResult {
    proc.vm.flush_output();
    proc.vm.request_halt(0);
    Ok(Term::atom(atom::OK))
}

fn init_stop_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let code = match args[0].as_small() {
        Some(n) if n >= 0 => (n & 0xFF) as i32,
        _ => return Err(Exception::badarg()),
    };
    proc.vm.flush_output();
    proc.vm.request_halt(code);
    Ok(Term::atom(atom::OK))
}

/// The flags `erl -noshell` would report to init:get_arguments/0.
fn init_arguments() -> Vec<(&'static str, Vec<String>)> {
    let root = crate::code::CodeServer::find_otp_root()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "/usr/lib/erlang".to_owned());
    let home = std::env::var("HOME").unwrap_or_default();
    vec![
        ("root", vec![root]),
        ("progname", vec!["erl".to_owned()]),
        ("home", vec![home]),
        ("noshell", vec![]),
    ]
}

fn argument_values(proc: &mut Process, values: &[String]) -> Term {
    let items: Vec<Term> = values
        .iter()
        .map(|v| heap::char_list(&mut proc.heap, v))
        .collect();
    heap::list(&mut proc.heap, &items)
}

fn init_get_arguments(proc: &mut Process, _: &[Term]) -> BifResult {
    let mut items = Vec::new();
    for (flag, values) in init_arguments() {
        let values = argument_values(proc, &values);
        let flag = Term::atom(Atom::from_static(flag));
        items.push(heap::tuple(&mut proc.heap, &[flag, values]));
    }
    Ok(heap::list(&mut proc.heap, &items))
}

fn init_get_argument(proc: &mut Process, args: &[Term]) -> BifResult {
    let flag = expect_atom(args[0])?;
    for (name, values) in init_arguments() {
        if name == flag.name() {
            let values = argument_values(proc, &values);
            let list = heap::list(&mut proc.heap, &[values]);
            return Ok(heap::tuple(&mut proc.heap, &[Term::atom(atom::OK), list]));
        }
    }
    Ok(Term::atom(atom::ERROR))
}

fn init_get_plain_arguments(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::NIL)
}

fn system_info(proc: &mut Process, args: &[Term]) -> BifResult {
    let item = expect_atom(args[0])?;
    let value = match item.name() {
        "otp_release" => heap::char_list(&mut proc.heap, "25"),
        "version" => heap::char_list(&mut proc.heap, "13.1.5"),
        "machine" => heap::char_list(&mut proc.heap, "BEAM"),
        "os_type" => {
            // OTP names the family unix or win32, then the OS in lower case.
            let (family, name) = match std::env::consts::OS {
                "windows" => ("win32", "nt"),
                "macos" => ("unix", "darwin"),
                other => ("unix", other),
            };
            let family = Term::atom(Atom::from_static(family));
            let name = Term::atom(Atom::from_static(name));
            heap::tuple(&mut proc.heap, &[family, name])
        }
        "wordsize" => Term::small_unchecked(8),
        "process_count" => Term::small_unchecked(proc.vm.process_count() as i64),
        "process_limit" => Term::small_unchecked(262_144),
        "atom_count" => Term::small_unchecked(Atom::count() as i64),
        "atom_limit" => Term::small_unchecked(crate::atom::MAX_ATOMS as i64),
        "schedulers" | "schedulers_online" | "logical_processors" => Term::small_unchecked(1),
        "thread_pool_size" => Term::small_unchecked(0),
        "smp_support" | "threads" => Term::atom(atom::TRUE),
        "debug_compiled" => Term::atom(atom::FALSE),
        "system_architecture" => heap::char_list(&mut proc.heap, std::env::consts::ARCH),
        "emu_flavor" => Term::atom(Atom::from_static("emu")),
        "emu_type" => Term::atom(Atom::from_static("opt")),
        "start_time" => Term::small_unchecked(0),
        "build_type" => Term::atom(Atom::from_static("opt")),
        "hipe_architecture" => Term::atom(atom::UNDEFINED),
        "dist_ctrl" => Term::NIL,
        "creation" => Term::small_unchecked(0),
        _ => return Err(Exception::badarg()),
    };
    Ok(value)
}

fn statistics(proc: &mut Process, args: &[Term]) -> BifResult {
    let item = expect_atom(args[0])?;
    let ms = proc.vm.start.elapsed().as_millis() as i64;
    let pair = |proc: &mut Process, a: i64, b: i64| {
        heap::tuple(
            &mut proc.heap,
            &[Term::small_unchecked(a), Term::small_unchecked(b)],
        )
    };
    Ok(match item.name() {
        "runtime" | "wall_clock" => pair(proc, ms, 0),
        "reductions" | "exact_reductions" => pair(proc, proc.reductions as i64, 0),
        "run_queue" => Term::small_unchecked(0),
        "garbage_collection" => {
            let z = Term::small_unchecked(0);
            heap::tuple(&mut proc.heap, &[z, z, z])
        }
        "context_switches" => pair(proc, 0, 0),
        "io" => {
            let z = Term::small_unchecked(0);
            let input = heap::tuple(&mut proc.heap, &[Term::atom(Atom::from_static("input")), z]);
            let output = heap::tuple(
                &mut proc.heap,
                &[Term::atom(Atom::from_static("output")), z],
            );
            heap::tuple(&mut proc.heap, &[input, output])
        }
        _ => return Err(Exception::badarg()),
    })
}

fn unique_integer_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let n = proc.vm.unique() as i128;
    Ok(integer(proc, n))
}

fn unique_integer_1(proc: &mut Process, args: &[Term]) -> BifResult {
    list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    unique_integer_0(proc, args)
}

fn module_loaded(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    let code = &proc.vm.code;
    Ok(Term::boolean(
        code.current(m).is_some() || code.is_native_module(m),
    ))
}

fn function_exported(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    let f = expect_atom(args[1])?;
    let a = args[2].as_small().ok_or_else(Exception::badarg)?;
    if a < 0 || a > 255 {
        return Err(Exception::badarg());
    }
    let exported = proc
        .vm
        .code
        .current(m)
        .is_some_and(|module| module.exported(f, a as u32).is_some())
        || proc.vm.code.bif(m, f, a as u32).is_some();
    Ok(Term::boolean(exported))
}

fn is_builtin(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    let f = expect_atom(args[1])?;
    let a = args[2].as_small().ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(
        a >= 0 && proc.vm.code.bif(m, f, a as u32).is_some(),
    ))
}

fn display(proc: &mut Process, args: &[Term]) -> BifResult {
    let mut text = String::new();
    crate::print::write_term(&mut text, args[0]);
    text.push('\n');
    proc.vm.flush_output();
    proc.vm.write_stdout(text.as_bytes());
    proc.vm.flush_output();
    Ok(Term::atom(atom::TRUE))
}

/// `erlang:display_string/1`: writes a list of code points, UTF-8 encoded,
/// to standard error as OTP 25 does. A binary raises badarg.
fn display_string(proc: &mut Process, args: &[Term]) -> BifResult {
    let text = string_arg(args[0]).ok_or_else(Exception::badarg)?;
    proc.vm.flush_output();
    proc.vm.write_stderr(text.as_bytes());
    Ok(Term::atom(atom::TRUE))
}

/// `erlang:display_nl/0`: writes a newline to standard error.
fn display_nl(proc: &mut Process, _: &[Term]) -> BifResult {
    proc.vm.flush_output();
    proc.vm.write_stderr(b"\n");
    Ok(Term::atom(atom::TRUE))
}

fn dflag_unicode_io(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(atom::TRUE))
}

fn printable_range(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(atom::LATIN1))
}

// ---- os ----

fn os_getenv_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let name = string_arg(args[0]).ok_or_else(Exception::badarg)?;
    match std::env::var_os(&name) {
        Some(value) => Ok(heap::char_list(&mut proc.heap, &value.to_string_lossy())),
        None => Ok(Term::atom(atom::FALSE)),
    }
}

fn os_getenv_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let pairs: Vec<String> = std::env::vars_os()
        .map(|(k, v)| format!("{}={}", k.to_string_lossy(), v.to_string_lossy()))
        .collect();
    let items: Vec<Term> = pairs
        .iter()
        .map(|p| heap::char_list(&mut proc.heap, p))
        .collect();
    Ok(heap::list(&mut proc.heap, &items))
}

fn os_env(proc: &mut Process, _: &[Term]) -> BifResult {
    let pairs: Vec<(String, String)> = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .collect();
    let mut items = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        let k = heap::char_list(&mut proc.heap, &k);
        let v = heap::char_list(&mut proc.heap, &v);
        items.push(heap::tuple(&mut proc.heap, &[k, v]));
    }
    Ok(heap::list(&mut proc.heap, &items))
}

// NOTE: changing the environment of the OS process is not thread-safe in
// Rust; it is sound here only while one scheduler thread runs Erlang code.
fn os_putenv(_: &mut Process, args: &[Term]) -> BifResult {
    let name = string_arg(args[0]).ok_or_else(Exception::badarg)?;
    let value = string_arg(args[1]).ok_or_else(Exception::badarg)?;
    if name.is_empty() || name.contains('=') || name.contains('\0') || value.contains('\0') {
        return Err(Exception::badarg());
    }
    // SAFETY: only the one scheduler thread reads or writes the
    // environment while the VM runs.
    unsafe { std::env::set_var(name, value) };
    Ok(Term::atom(atom::TRUE))
}

fn os_unsetenv(_: &mut Process, args: &[Term]) -> BifResult {
    let name = string_arg(args[0]).ok_or_else(Exception::badarg)?;
    if name.is_empty() || name.contains('=') || name.contains('\0') {
        return Err(Exception::badarg());
    }
    // SAFETY: as for os_putenv.
    unsafe { std::env::remove_var(name) };
    Ok(Term::atom(atom::TRUE))
}

fn os_getpid(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(heap::char_list(
        &mut proc.heap,
        &std::process::id().to_string(),
    ))
}

fn os_perf_counter_0(proc: &mut Process, _: &[Term]) -> BifResult {
    let n = proc.vm.start.elapsed().as_nanos() as i128;
    Ok(integer(proc, n))
}

fn os_perf_counter_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let per = unit_nanos(args[0]).ok_or_else(Exception::badarg)?;
    let n = proc.vm.start.elapsed().as_nanos() as i128 / per;
    Ok(integer(proc, n))
}

// ---- Cordon's native I/O ----

fn write_stdout(proc: &mut Process, args: &[Term]) -> BifResult {
    let bytes = heap::bitstring(args[0])
        .and_then(|b| b.as_bytes())
        .ok_or_else(Exception::badarg)?;
    let owned = bytes.to_vec();
    proc.vm.write_stdout(&owned);
    // Each I/O request reaches the terminal before the next one, as with
    // erl, so a crash loses nothing already printed.
    proc.vm.flush_output();
    Ok(Term::atom(atom::OK))
}

fn write_stderr(proc: &mut Process, args: &[Term]) -> BifResult {
    let bytes = heap::bitstring(args[0])
        .and_then(|b| b.as_bytes())
        .ok_or_else(Exception::badarg)?;
    let owned = bytes.to_vec();
    proc.vm.write_stderr(&owned);
    Ok(Term::atom(atom::OK))
}

fn read_result(proc: &mut Process, result: std::io::Result<Vec<u8>>) -> Term {
    match result {
        Ok(bytes) if bytes.is_empty() => Term::atom(Atom::from_static("eof")),
        Ok(bytes) => heap::binary(&mut proc.heap, &bytes),
        Err(e) => {
            let reason = heap::char_list(&mut proc.heap, &e.to_string());
            heap::tuple(&mut proc.heap, &[Term::atom(atom::ERROR), reason])
        }
    }
}

// NOTE: reading standard input blocks the scheduler thread, and with it
// every other process, until a line arrives.
fn read_line(proc: &mut Process, _: &[Term]) -> BifResult {
    proc.vm.flush_output();
    let mut line = Vec::new();
    let result = std::io::stdin()
        .lock()
        .read_until(b'\n', &mut line)
        .map(|_| line);
    Ok(read_result(proc, result))
}

crate::bif_table![
    ("erlang", "monotonic_time", 0, monotonic_time_0),
    ("erlang", "monotonic_time", 1, monotonic_time_1),
    ("erlang", "system_time", 0, system_time_0),
    ("erlang", "system_time", 1, system_time_1),
    ("os", "system_time", 0, system_time_0),
    ("os", "system_time", 1, system_time_1),
    ("erlang", "time_offset", 0, time_offset_0),
    ("erlang", "time_offset", 1, time_offset_1),
    ("erlang", "convert_time_unit", 3, convert_time_unit),
    ("erlang", "timestamp", 0, timestamp),
    ("os", "timestamp", 0, timestamp),
    ("erlang", "now", 0, timestamp),
    ("erlang", "universaltime", 0, universaltime),
    ("erlang", "localtime", 0, universaltime),
    (
        "erlang",
        "localtime_to_universaltime",
        1,
        localtime_to_universaltime_1
    ),
    (
        "erlang",
        "localtime_to_universaltime",
        2,
        localtime_to_universaltime_2
    ),
    (
        "erlang",
        "universaltime_to_localtime",
        1,
        universaltime_to_localtime
    ),
    (
        "erlang",
        "universaltime_to_posixtime",
        1,
        universaltime_to_posixtime
    ),
    (
        "erlang",
        "posixtime_to_universaltime",
        1,
        posixtime_to_universaltime
    ),
    ("erlang", "date", 0, date),
    ("erlang", "time", 0, time),
    ("erlang", "send_after", 3, send_after_3),
    ("erlang", "send_after", 4, send_after_4),
    ("erlang", "start_timer", 3, start_timer_3),
    ("erlang", "start_timer", 4, start_timer_4),
    ("erlang", "cancel_timer", 1, cancel_timer_1),
    ("erlang", "cancel_timer", 2, cancel_timer_2),
    ("erlang", "read_timer", 1, read_timer_1),
    ("erlang", "read_timer", 2, read_timer_2),
    ("erlang", "node", 0, node_0, guard),
    ("erlang", "node", 1, node_1, guard),
    ("erlang", "nodes", 0, nodes_0),
    ("erlang", "is_alive", 0, is_alive),
    ("erlang", "halt", 0, halt_0),
    ("erlang", "halt", 1, halt_1),
    ("erlang", "halt", 2, halt_2),
    ("init", "stop", 0, init_stop),
    ("init", "stop", 1, init_stop_1),
    ("init", "get_argument", 1, init_get_argument),
    ("init", "get_arguments", 0, init_get_arguments),
    ("init", "get_plain_arguments", 0, init_get_plain_arguments),
    ("erlang", "system_info", 1, system_info),
    ("erlang", "statistics", 1, statistics),
    ("erlang", "unique_integer", 0, unique_integer_0),
    ("erlang", "unique_integer", 1, unique_integer_1),
    ("erlang", "module_loaded", 1, module_loaded),
    ("erlang", "function_exported", 3, function_exported),
    ("erlang", "is_builtin", 3, is_builtin),
    ("erlang", "display", 1, display),
    ("erlang", "display_string", 1, display_string),
    ("erlang", "display_nl", 0, display_nl),
    ("net_kernel", "dflag_unicode_io", 1, dflag_unicode_io),
    ("io", "printable_range", 0, printable_range),
    ("os", "getenv", 0, os_getenv_0),
    ("os", "getenv", 1, os_getenv_1),
    ("os", "env", 0, os_env),
    ("os", "putenv", 2, os_putenv),
    ("os", "unsetenv", 1, os_unsetenv),
    ("os", "getpid", 0, os_getpid),
    ("os", "perf_counter", 0, os_perf_counter_0),
    ("os", "perf_counter", 1, os_perf_counter_1),
    ("cordon_native", "write_stdout", 1, write_stdout),
    ("cordon_native", "write_stderr", 1, write_stderr),
    ("cordon_native", "read_line", 0, read_line),
];
