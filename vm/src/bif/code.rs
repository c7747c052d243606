//! The `code` module's functions, served by the VM's code server instead of
//! OTP's `code_server` process, which Cordon does not run.

use std::path::PathBuf;

use std::path::Path;

use super::{expect_atom, list_to_vec};
use crate::atom::{self, Atom};
use crate::code::{CodeServer, LoadFailure, LoadModuleFailure};
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

/// Returns the module argument of a `code` function. OTP's code.erl guards
/// these with `is_atom/1`, so anything else raises `function_clause`.
fn module_arg(t: Term) -> Result<Atom, Exception> {
    t.as_atom()
        .ok_or_else(|| Exception::error(Term::atom(atom::FUNCTION_CLAUSE)))
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
    let m = module_arg(args[0])?;
    match proc.vm.code.current(m) {
        Some(module) => {
            let origin = origin_term(proc, &module.origin);
            Ok(tagged(proc, "file", origin))
        }
        None if proc.vm.code.is_native_module(m) => {
            let preloaded = Term::atom(Atom::from_static("preloaded"));
            Ok(tagged(proc, "file", preloaded))
        }
        None => Ok(Term::atom(atom::FALSE)),
    }
}

fn which(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = module_arg(args[0])?;
    if let Some(module) = proc.vm.code.current(m) {
        return Ok(origin_term(proc, &module.origin));
    }
    if proc.vm.code.is_native_module(m) {
        return Ok(Term::atom(Atom::from_static("preloaded")));
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

/// Returns a directory of the code path as given, without trailing
/// slashes, so that "dir" and "dir/" name the same entry.
fn dir_arg(t: Term) -> Option<PathBuf> {
    let dir = name_arg(t)?;
    let trimmed = dir.trim_end_matches('/');
    Some(PathBuf::from(if trimmed.is_empty() {
        "/"
    } else {
        trimmed
    }))
}

/// Adds `dir` to the front of the code path, moving it there if it is
/// already on it, or to the back unless it is already on it, as
/// `code:add_patha/1` and `code:add_pathz/1` do.
fn add_path_with(proc: &mut Process, dir: Term, front: bool) -> BifResult {
    let path = dir_arg(dir).ok_or_else(Exception::badarg)?;
    if !path.is_dir() {
        return Ok(error(proc, "bad_directory"));
    }
    let code = &proc.vm.code;
    if front {
        code.remove_path(|p| p == path);
        code.add_path_front(path);
    } else if !code.paths().contains(&path) {
        code.add_path_back(path);
    }
    Ok(Term::atom(atom::TRUE))
}

/// `code:add_pathsa/1` and `code:add_pathsz/1`: each directory as by
/// add_patha or add_pathz, skipping those that do not exist.
fn add_paths_with(proc: &mut Process, dirs: Term, front: bool) -> BifResult {
    let dirs = list_to_vec(dirs).ok_or_else(Exception::badarg)?;
    for dir in dirs {
        add_path_with(proc, dir, front)?;
    }
    Ok(Term::atom(atom::OK))
}

fn add_pathsa(proc: &mut Process, args: &[Term]) -> BifResult {
    add_paths_with(proc, args[0], true)
}

fn add_pathsz(proc: &mut Process, args: &[Term]) -> BifResult {
    add_paths_with(proc, args[0], false)
}

/// Returns whether `ebin` is the `ebin` directory of application `app`,
/// `.../APP/ebin` or `.../APP-VSN/ebin`.
fn is_app_ebin(ebin: &Path, app: &str) -> bool {
    let Some(dir) = ebin.parent().filter(|_| ebin.ends_with("ebin")) else {
        return false;
    };
    let Some(base) = dir.file_name().map(|b| b.to_string_lossy()) else {
        return false;
    };
    base == app
        || base
            .strip_prefix(app)
            .is_some_and(|rest| rest.starts_with('-'))
}

/// `code:del_path(NameOrDir)`: removes an application's `ebin` directory,
/// named by the application, or a directory named by itself.
fn del_path(proc: &mut Process, args: &[Term]) -> BifResult {
    let code = &proc.vm.code;
    let removed = if let Some(app) = args[0].as_atom() {
        code.remove_path(|p| is_app_ebin(p, app.name()))
    } else {
        match dir_arg(args[0]) {
            Some(dir) => code.remove_path(|p| p == dir),
            None => return Ok(error(proc, "bad_name")),
        }
    };
    Ok(Term::boolean(removed))
}

/// `code:replace_path(Name, Dir)`: puts `Dir` where application `Name`'s
/// directory is, or adds it at the end when the path has none.
fn replace_path(proc: &mut Process, args: &[Term]) -> BifResult {
    let Some(app) = args[0]
        .as_atom()
        .map(|a| a.name().to_owned())
        .or_else(|| name_arg(args[0]))
    else {
        return Ok(error(proc, "bad_name"));
    };
    let Some(dir) = dir_arg(args[1]) else {
        return Ok(error(proc, "bad_directory"));
    };
    if !dir.is_dir() {
        return Ok(error(proc, "bad_directory"));
    }
    let code = &proc.vm.code;
    if !code.replace_path(|p| is_app_ebin(p, &app), dir.clone()) {
        code.add_path_back(dir);
    }
    Ok(Term::atom(atom::TRUE))
}

/// `code:set_path(Dirs)`: every directory must exist, or nothing changes.
fn set_path(proc: &mut Process, args: &[Term]) -> BifResult {
    let dirs = list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let mut paths = Vec::with_capacity(dirs.len());
    for dir in dirs {
        match dir_arg(dir) {
            Some(path) if path.is_dir() => paths.push(path),
            _ => return Ok(error(proc, "bad_directory")),
        }
    }
    proc.vm.code.set_paths(paths);
    Ok(Term::atom(atom::TRUE))
}

/// Cordon loads modules when they are first called, as erl's default
/// interactive mode does.
fn get_mode(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(Atom::from_static("interactive")))
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
    let m = module_arg(args[0])?;
    let code = &proc.vm.code;
    let result = code
        .find_object_code(m)
        .and_then(|(bytes, origin)| code.load_binary(&bytes, &origin).map(|_| ()));
    Ok(load_result(proc, args[0], result))
}

fn load_binary(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = module_arg(args[0])?;
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

/// `erlang:load_module(Module, Binary)`. Cordon keeps no old code, so the
/// `not_purged` error of OTP never occurs, and a module with an `on_load`
/// function is not loaded (`{error, on_load}`).
fn erlang_load_module(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    let bytes = heap::bitstring(args[1])
        .and_then(|b| b.as_bytes())
        .ok_or_else(Exception::badarg)?
        .to_vec();
    let origin = format!("{m}.beam");
    let reason = match proc.vm.code.load_module_binary(m, &bytes, &origin) {
        Ok(_) => return Ok(tagged(proc, "module", args[0])),
        Err(LoadModuleFailure::BadFile(message)) => {
            log::warn!("{message}");
            "badfile"
        }
        Err(LoadModuleFailure::OnLoad) => "on_load",
    };
    Ok(error(proc, reason))
}

/// `code:ensure_loaded/1`: `erlang` and the other modules Cordon
/// implements natively count as loaded.
fn ensure_loaded(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = module_arg(args[0])?;
    if proc.vm.code.is_native_module(m) && proc.vm.code.current(m).is_none() {
        return Ok(tagged(proc, "module", args[0]));
    }
    let result = proc
        .vm
        .code
        .ensure_loaded_for(m, proc.policy_flags != 0)
        .map(|_| ());
    Ok(load_result(proc, args[0], result))
}

/// Returns the reason `code:ensure_modules_loaded/1` gives for a module
/// that would not load.
fn load_failure_reason(failure: &LoadFailure) -> &'static str {
    match failure {
        LoadFailure::NotFound(_) | LoadFailure::Io(..) => "nofile",
        LoadFailure::Invalid(_) => "badfile",
        LoadFailure::OnLoadRestricted(_) => "on_load_failure",
    }
}

fn ensure_modules_loaded(proc: &mut Process, args: &[Term]) -> BifResult {
    let modules = list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let mut failed = Vec::new();
    for m in modules {
        let name = expect_atom(m)?;
        if proc.vm.code.is_native_module(name) {
            continue;
        }
        if let Err(failure) = proc.vm.code.ensure_loaded_for(name, proc.policy_flags != 0) {
            let reason = Term::atom(Atom::from_static(load_failure_reason(&failure)));
            failed.push(heap::tuple(&mut proc.heap, &[m, reason]));
        }
    }
    if failed.is_empty() {
        return Ok(Term::atom(atom::OK));
    }
    let list = heap::list(&mut proc.heap, &failed);
    Ok(heap::tuple(
        &mut proc.heap,
        &[Term::atom(atom::ERROR), list],
    ))
}

/// `code:delete/1`: the module's code stops being current, and its next
/// call loads it again from the code path.
fn delete(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = module_arg(args[0])?;
    Ok(Term::boolean(proc.vm.code.delete(m)))
}

/// `erlang:delete_module/1`: `true`, or `undefined` when the module has
/// no current code. Natively implemented modules cannot be deleted.
fn delete_module(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = expect_atom(args[0])?;
    if proc.vm.code.is_native_module(m) && proc.vm.code.current(m).is_none() {
        return Err(Exception::badarg());
    }
    if proc.vm.code.delete(m) {
        Ok(Term::atom(atom::TRUE))
    } else {
        Ok(Term::atom(atom::UNDEFINED))
    }
}

fn get_object_code(proc: &mut Process, args: &[Term]) -> BifResult {
    let m = module_arg(args[0])?;
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
    let paths = proc.vm.code.paths();
    let ebin = paths.iter().find(|p| is_app_ebin(p, app.name()))?;
    ebin.parent().map(Path::to_path_buf)
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
    module_arg(args[0])?;
    Ok(Term::atom(atom::FALSE))
}

fn soft_purge(_: &mut Process, args: &[Term]) -> BifResult {
    module_arg(args[0])?;
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
    ("code", "add_paths", 1, add_pathsz),
    ("code", "add_pathsa", 1, add_pathsa),
    ("code", "add_pathsz", 1, add_pathsz),
    ("code", "del_path", 1, del_path),
    ("code", "replace_path", 2, replace_path),
    ("code", "set_path", 1, set_path),
    ("code", "get_mode", 0, get_mode),
    ("code", "ensure_loaded", 1, ensure_loaded),
    ("code", "ensure_modules_loaded", 1, ensure_modules_loaded),
    ("code", "delete", 1, delete),
    ("erlang", "delete_module", 1, delete_module),
    ("code", "load_file", 1, load_file),
    ("code", "load_binary", 3, load_binary),
    ("erlang", "load_module", 2, erlang_load_module),
    ("code", "get_object_code", 1, get_object_code),
    ("code", "root_dir", 0, root_dir),
    ("code", "lib_dir", 0, lib_dir_0),
    ("code", "lib_dir", 1, lib_dir_1),
    ("code", "priv_dir", 1, priv_dir),
    ("code", "purge", 1, purge),
    ("code", "soft_purge", 1, soft_purge),
];
