//! The `code` module's functions, served by the VM's code server instead of
//! OTP's `code_server` process, which Cordon does not run.

use std::path::PathBuf;

use super::expect_atom;
use crate::atom::{self, Atom};
use crate::code::{CodeServer, LoadFailure};
use crate::exception::{BifResult, Exception};
use crate::heap;
use crate::process::Process;
use crate::term::Term;

/// Returns a file name argument, a string or a UTF-8 binary, as a Rust
/// string.
fn name_arg(t: Term) -> Option<String> {
    if let Some(bytes) = heap::bitstring(t).and_then(|b| b.as_bytes()) {
        return String::from_utf8(bytes.to_vec()).ok();
    }
    super::string_arg(t)
}

fn tagged(proc: &mut Process, tag: &str, value: Term) -> Term {
    heap::tuple(&mut proc.heap, &[Term::atom(Atom::from_static(tag)), value])
}

fn error(proc: &mut Process, reason: &str) -> Term {
    let r = Term::atom(Atom::from_static(reason));
    heap::tuple(&mut proc.heap, &[Term::atom(atom::ERROR), r])
}

/// The file name `code:which/1` and `code:is_loaded/1` report.
fn origin_term(proc: &mut Process, origin: &str) -> Term {
    if origin.starts_with("(cordon)/") {
        Term::atom(Atom::from_static("preloaded"))
    } else {
        heap::char_list(&mut proc.heap, origin)
    }
}

fn is_loaded(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    match proc.vm.code.current(m) {
        Some(module) => {
            let origin = origin_term(proc, &module.origin);
            Ok(tagged(proc, "file", origin))
        }
        None => Ok(Term::atom(atom::FALSE)),
    }
}

fn which(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    if let Some(module) = proc.vm.code.current(m) {
        return Ok(origin_term(proc, &module.origin));
    }
    match proc.vm.code.find_object_code(m) {
        Ok((_, origin)) => Ok(origin_term(proc, &origin)),
        Err(_) => Ok(Term::atom(Atom::from_static("non_existing"))),
    }
}

fn all_loaded(proc: &mut Process, _: &[Term]) -> BifResult {
    let mut items = Vec::new();
    for m in proc.vm.code.loaded_modules() {
        if let Some(module) = proc.vm.code.current(m) {
            let origin = origin_term(proc, &module.origin);
            items.push(heap::tuple(&mut proc.heap, &[Term::atom(m), origin]));
        }
    }
    Ok(heap::list(&mut proc.heap, &items))
}

fn get_path(proc: &mut Process, _: &[Term]) -> BifResult {
    let paths: Vec<String> = proc
        .vm
        .code
        .paths()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let items: Vec<Term> = paths
        .iter()
        .map(|p| heap::char_list(&mut proc.heap, p))
        .collect();
    Ok(heap::list(&mut proc.heap, &items))
}

fn add_path_with(proc: &mut Process, dir: Term, front: bool) -> BifResult {
    let dir = name_arg(dir).ok_or_else(Exception::badarg)?;
    let path = PathBuf::from(&dir);
    if !path.is_dir() {
        return Ok(error(proc, "bad_directory"));
    }
    if front {
        proc.vm.code.add_path_front(path);
    } else {
        proc.vm.code.add_path_back(path);
    }
    Ok(Term::atom(atom::TRUE))
}

fn add_patha(proc: &mut Process, args: &[Term]) -> BifResult {
    add_path_with(proc, args[0], true)
}

fn add_pathz(proc: &mut Process, args: &[Term]) -> BifResult {
    add_path_with(proc, args[0], false)
}

fn load_result(proc: &mut Process, m: Term, result: Result<(), LoadFailure>) -> Term {
    match result {
        Ok(()) => tagged(proc, "module", m),
        Err(LoadFailure::NotFound(_)) => error(proc, "nofile"),
        Err(LoadFailure::Io(..)) => error(proc, "nofile"),
        Err(LoadFailure::OnLoadRestricted(_)) => error(proc, "on_load_failure"),
        Err(LoadFailure::Invalid(message)) => {
            log::warn!("{message}");
            error(proc, "badfile")
        }
    }
}

fn load_file(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    let code = &proc.vm.code;
    let result = code
        .find_object_code(m)
        .and_then(|(bytes, origin)| code.load_binary(&bytes, &origin).map(|_| ()));
    Ok(load_result(proc, args[0], result))
}

fn load_binary(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    let file = name_arg(args[1]).ok_or_else(Exception::badarg)?;
    let bytes = heap::bitstring(args[2])
        .and_then(|b| b.as_bytes())
        .ok_or_else(Exception::badarg)?
        .to_vec();
    let result = match proc.vm.code.load_binary(&bytes, &file) {
        Ok(module) if module.name == m => Ok(()),
        Ok(_) => Err(LoadFailure::Invalid(format!(
            "{file} does not define module '{m}'"
        ))),
        Err(e) => Err(e),
    };
    Ok(load_result(proc, args[0], result))
}

fn get_object_code(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    match proc.vm.code.find_object_code(m) {
        Ok((bytes, origin)) => {
            let bin = heap::binary(&mut proc.heap, &bytes);
            let file = heap::char_list(&mut proc.heap, &origin);
            Ok(heap::tuple(&mut proc.heap, &[args[0], bin, file]))
        }
        Err(_) => Ok(Term::atom(atom::ERROR)),
    }
}

fn otp_root() -> String {
    CodeServer::find_otp_root()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "/usr/lib/erlang".to_owned())
}

fn root_dir(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(heap::char_list(&mut proc.heap, &otp_root()))
}

fn lib_dir_0(proc: &mut Process, _: &[Term]) -> BifResult {
    Ok(heap::char_list(
        &mut proc.heap,
        &format!("{}/lib", otp_root()),
    ))
}

/// Returns the application directory of `app`: the parent of the `ebin`
/// directory on the code path whose name starts with the application name.
fn app_dir(proc: &Process, app: Atom) -> Option<PathBuf> {
    let name = app.name();
    proc.vm.code.paths().into_iter().find_map(|ebin| {
        let dir = ebin.parent()?;
        let base = dir.file_name()?.to_string_lossy().into_owned();
        let matches = base == name
            || base
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('-'));
        (matches && ebin.file_name().is_some_and(|n| n == "ebin")).then(|| dir.to_path_buf())
    })
}

fn lib_dir_1(proc: &mut Process, args: &[Term]) -> BifResult {
    let app = expect_atom(args[0])?;
    match app_dir(proc, app) {
        Some(dir) => Ok(heap::char_list(&mut proc.heap, &dir.display().to_string())),
        None => Ok(error(proc, "bad_name")),
    }
}

fn priv_dir(proc: &mut Process, args: &[Term]) -> BifResult {
    let app = expect_atom(args[0])?;
    match app_dir(proc, app) {
        Some(dir) => {
            let priv_dir = dir.join("priv").display().to_string();
            Ok(heap::char_list(&mut proc.heap, &priv_dir))
        }
        None => Ok(error(proc, "bad_name")),
    }
}

/// With no old code kept, there is never anything to purge.
fn purge(_: &mut Process, args: &[Term]) -> BifResult {
    expect_atom(args[0])?;
    Ok(Term::atom(atom::FALSE))
}

fn soft_purge(_: &mut Process, args: &[Term]) -> BifResult {
    expect_atom(args[0])?;
    Ok(Term::atom(atom::TRUE))
}

crate::bif_table![
    ("code", "is_loaded", 1, is_loaded),
    ("code", "which", 1, which),
    ("code", "all_loaded", 0, all_loaded),
    ("code", "get_path", 0, get_path),
    ("code", "add_patha", 1, add_patha),
    ("code", "add_pathz", 1, add_pathz),
    ("code", "add_path", 1, add_pathz),
    ("code", "load_file", 1, load_file),
    ("code", "load_binary", 3, load_binary),
    ("code", "get_object_code", 1, get_object_code),
    ("code", "root_dir", 0, root_dir),
    ("code", "lib_dir", 0, lib_dir_0),
    ("code", "lib_dir", 1, lib_dir_1),
    ("code", "priv_dir", 1, priv_dir),
    ("code", "purge", 1, purge),
    ("code", "soft_purge", 1, soft_purge),
];
