//! The `file` module's operations on names: reading and writing whole
//! files, directories, links, renames and the working directory. Open
//! files are in `file_io`, and `#file_info{}` in `file_info`.
//!
//! These run natively, in the calling process, so under a call policy the
//! capability is exactly the `file:F/A` a layer names. OTP's functions
//! written in Erlang on top of them (`file:consult/1`, `filelib:*`) run
//! from OTP's `.beam` files. As in OTP 25, a bad file name or argument
//! returns `{error, badarg}` rather than raising, and an OS error returns
//! `{error, Posix}` with the errno's name in lower case.

use std::ffi::OsString;
use std::io::ErrorKind;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;

use crate::atom::{self, Atom};
use crate::exception::BifResult;
use crate::heap;
use crate::process::Process;
use crate::term::Term;

use super::{list_to_vec, string_arg};

/// Returns the file name a term stands for, by OTP's rules: a binary is
/// the raw bytes; an atom, or a deep list of characters and atoms, is
/// encoded in UTF-8, the native name encoding. A NUL byte is invalid in
/// every OS file name.
pub fn file_name(term: Term) -> Option<PathBuf> {
    let bytes = if let Some(bits) = heap::bitstring(term) {
        bits.as_bytes()?.to_vec()
    } else {
        let mut text = String::new();
        flatten_name(term, &mut text)?;
        text.into_bytes()
    };
    if bytes.contains(&0) {
        return None;
    }
    Some(PathBuf::from(OsString::from_vec(bytes)))
}

fn flatten_name(term: Term, out: &mut String) -> Option<()> {
    if let Some(a) = term.as_atom() {
        out.push_str(a.name());
        return Some(());
    }
    // The tails still to walk, innermost last: a work list instead of
    // recursion, because a name nested a million lists deep must not
    // overflow the native stack.
    let mut pending = vec![term];
    while let Some(mut rest) = pending.pop() {
        while rest.is_cons() {
            let head = rest.head();
            rest = rest.tail();
            if let Some(c) = head.as_small() {
                out.push(u32::try_from(c).ok().and_then(char::from_u32)?);
            } else if let Some(a) = head.as_atom() {
                out.push_str(a.name());
            } else if head.is_cons() || head.is_nil() {
                pending.push(rest);
                rest = head;
            } else {
                return None;
            }
        }
        if !rest.is_nil() {
            return None;
        }
    }
    Some(())
}

/// Returns a file name as OTP returns one: a binary when the name it came
/// from was a binary, else a list of characters. Bytes that are not
/// UTF-8 give a binary, as OTP's `list_dir_all/1` does.
pub fn name_term(proc: &mut Process, path: &[u8], as_binary: bool) -> Term {
    match std::str::from_utf8(path) {
        Ok(text) if !as_binary => heap::char_list(&mut proc.heap, text),
        _ => heap::binary(&mut proc.heap, path),
    }
}

/// Returns the lower-case name OTP gives an OS error, such as `enoent`.
pub fn posix_name(error: &std::io::Error) -> &'static str {
    // Linux errno numbers; other errors are named by their kind.
    match error.raw_os_error() {
        Some(1) => "eperm",
        Some(2) => "enoent",
        Some(4) => "eintr",
        Some(5) => "eio",
        Some(6) => "enxio",
        Some(9) => "ebadf",
        Some(11) => "eagain",
        Some(12) => "enomem",
        Some(13) => "eacces",
        Some(16) => "ebusy",
        Some(17) => "eexist",
        Some(18) => "exdev",
        Some(19) => "enodev",
        Some(20) => "enotdir",
        Some(21) => "eisdir",
        Some(22) => "einval",
        Some(23) => "enfile",
        Some(24) => "emfile",
        Some(26) => "etxtbsy",
        Some(27) => "efbig",
        Some(28) => "enospc",
        Some(29) => "espipe",
        Some(30) => "erofs",
        Some(31) => "emlink",
        Some(32) => "epipe",
        Some(36) => "enametoolong",
        Some(38) => "enosys",
        Some(39) => "enotempty",
        Some(40) => "eloop",
        Some(95) => "enotsup",
        Some(116) => "estale",
        Some(122) => "edquot",
        _ => match error.kind() {
            ErrorKind::NotFound => "enoent",
            ErrorKind::PermissionDenied => "eacces",
            ErrorKind::AlreadyExists => "eexist",
            ErrorKind::InvalidInput => "einval",
            ErrorKind::Unsupported => "enotsup",
            _ => "eio",
        },
    }
}

/// Returns `{error, Reason}`.
pub fn error(proc: &mut Process, reason: &str) -> Term {
    let reason = Term::atom(Atom::from_static(reason));
    heap::tuple(&mut proc.heap, &[Term::atom(atom::ERROR), reason])
}

pub fn os_error(proc: &mut Process, e: &std::io::Error) -> Term {
    error(proc, posix_name(e))
}

pub fn ok_tuple(proc: &mut Process, value: Term) -> Term {
    heap::tuple(&mut proc.heap, &[Term::atom(atom::OK), value])
}

/// Returns `ok`, or `{error, Posix}` for an OS error.
pub fn ok_or_error(proc: &mut Process, result: std::io::Result<()>) -> Term {
    match result {
        Ok(()) => Term::atom(atom::OK),
        Err(e) => os_error(proc, &e),
    }
}

/// Runs `op` on the file name in `term`, or returns `{error, badarg}`.
fn with_name(
    proc: &mut Process,
    term: Term,
    op: impl FnOnce(&mut Process, PathBuf) -> Term,
) -> BifResult {
    match file_name(term) {
        Some(path) => Ok(op(proc, path)),
        None => Ok(error(proc, "badarg")),
    }
}

fn native_name_encoding(_: &mut Process, _: &[Term]) -> BifResult {
    Ok(Term::atom(Atom::from_static("utf8")))
}

/// Opens `path` with `options` without blocking in `open(2)`, then puts the
/// file back in blocking mode.
///
/// Opening a FIFO that has no writer blocks until one appears, which would
/// stop every process on the scheduler thread. Opened with `O_NONBLOCK`,
/// such a FIFO reads as empty instead, and one opened for writing without
/// a reader fails with `enxio`.
// NOTE: reads and writes still block the scheduler thread while a FIFO or
// device has a peer that neither sends nor closes; Cordon has no I/O
// threads yet.
pub fn open_file(
    options: &mut std::fs::OpenOptions,
    path: &std::path::Path,
) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    let file = options.custom_flags(libc::O_NONBLOCK).open(path)?;
    let fd = file.as_raw_fd();
    // SAFETY: `fd` is the open descriptor `file` owns; F_GETFL and F_SETFL
    // read and change only its status flags.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) < 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    Ok(file)
}

/// Reads a whole file, opened with [`open_file`].
fn read_whole(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = open_file(std::fs::OpenOptions::new().read(true), path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn read_file(proc: &mut Process, args: &[Term]) -> BifResult {
    with_name(proc, args[0], |proc, path| match read_whole(&path) {
        Ok(bytes) => {
            let binary = heap::binary(&mut proc.heap, &bytes);
            ok_tuple(proc, binary)
        }
        Err(e) => os_error(proc, &e),
    })
}

fn write_file_2(proc: &mut Process, args: &[Term]) -> BifResult {
    write_file(proc, args[0], args[1], Term::NIL)
}

fn write_file_3(proc: &mut Process, args: &[Term]) -> BifResult {
    write_file(proc, args[0], args[1], args[2])
}

/// Writes `data` to a file opened with `modes`, which
/// `write_file/3` extends with `write` and `binary` as OTP does.
fn write_file(proc: &mut Process, name: Term, data: Term, modes: Term) -> BifResult {
    let Ok(bytes) = crate::bits::iolist::iolist_bytes(data) else {
        return Ok(error(proc, "badarg"));
    };
    let Some(path) = file_name(name) else {
        return Ok(error(proc, "badarg"));
    };
    // The modes are parsed with `write` in front, as OTP's
    // `open(Name, [binary, write | Modes])`, so `read` is set only when
    // `Modes` contains it, and a file opened for writing alone is
    // truncated.
    let write = Term::atom(Atom::from_static("write"));
    let with_write = heap::cons(&mut proc.heap, write, modes);
    let Some(modes) = super::file_io::Modes::parse(with_write) else {
        return Ok(error(proc, "badarg"));
    };
    let result = open_file(&mut modes.open_options(), path.as_ref())
        .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes));
    Ok(ok_or_error(proc, result))
}

fn list_dir(proc: &mut Process, args: &[Term]) -> BifResult {
    list_directory(proc, args[0], false)
}

fn list_dir_all(proc: &mut Process, args: &[Term]) -> BifResult {
    list_directory(proc, args[0], true)
}

/// Lists a directory's entries in the order the OS returns them. OTP's
/// `list_dir/1` fails with `{no_translation, Name}` on a name that is not
/// UTF-8, and `list_dir_all/1` returns such a name as a binary.
fn list_directory(proc: &mut Process, name: Term, all: bool) -> BifResult {
    let as_binary = heap::bitstring(name).is_some();
    with_name(proc, name, |proc, path| {
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => return os_error(proc, &e),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => return os_error(proc, &e),
            };
            let raw = entry.file_name().into_vec();
            if !all && !as_binary && std::str::from_utf8(&raw).is_err() {
                let bad = heap::binary(&mut proc.heap, &raw);
                let reason = heap::tuple(
                    &mut proc.heap,
                    &[Term::atom(Atom::from_static("no_translation")), bad],
                );
                return heap::tuple(&mut proc.heap, &[Term::atom(atom::ERROR), reason]);
            }
            names.push(name_term(proc, &raw, as_binary));
        }
        let list = heap::list(&mut proc.heap, &names);
        ok_tuple(proc, list)
    })
}

fn make_dir(proc: &mut Process, args: &[Term]) -> BifResult {
    with_name(proc, args[0], |proc, path| {
        let result = std::fs::create_dir(path);
        ok_or_error(proc, result)
    })
}

fn del_dir(proc: &mut Process, args: &[Term]) -> BifResult {
    with_name(proc, args[0], |proc, path| {
        match std::fs::remove_dir(path) {
            Ok(()) => Term::atom(atom::OK),
            // OTP reports a directory that is not empty as eexist.
            Err(e) if e.raw_os_error() == Some(39) => error(proc, "eexist"),
            Err(e) => os_error(proc, &e),
        }
    })
}

fn del_dir_r(proc: &mut Process, args: &[Term]) -> BifResult {
    with_name(proc, args[0], |proc, path| {
        // OTP deletes a directory tree only; a file or link is enotdir.
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => return error(proc, "enotdir"),
            Err(e) => return os_error(proc, &e),
            Ok(_) => {}
        }
        let result = std::fs::remove_dir_all(path);
        ok_or_error(proc, result)
    })
}

fn delete_1(proc: &mut Process, args: &[Term]) -> BifResult {
    with_name(proc, args[0], delete_path)
}

/// `file:delete/2`'s only option, `raw`, changes nothing here, because
/// every call is made by the calling process itself.
fn delete_2(proc: &mut Process, args: &[Term]) -> BifResult {
    if list_to_vec(args[1]).is_none() {
        return Ok(error(proc, "badarg"));
    }
    with_name(proc, args[0], delete_path)
}

fn delete_path(proc: &mut Process, path: PathBuf) -> Term {
    match std::fs::remove_file(&path) {
        Ok(()) => Term::atom(atom::OK),
        // Linux's unlink(2) returns EISDIR for a directory, which OTP
        // reports as eperm, the POSIX error.
        Err(e) if e.raw_os_error() == Some(21) => error(proc, "eperm"),
        Err(e) => os_error(proc, &e),
    }
}

fn rename(proc: &mut Process, args: &[Term]) -> BifResult {
    let (Some(from), Some(to)) = (file_name(args[0]), file_name(args[1])) else {
        return Ok(error(proc, "badarg"));
    };
    let result = std::fs::rename(from, to);
    Ok(ok_or_error(proc, result))
}

fn make_link(proc: &mut Process, args: &[Term]) -> BifResult {
    let (Some(existing), Some(new)) = (file_name(args[0]), file_name(args[1])) else {
        return Ok(error(proc, "badarg"));
    };
    let result = std::fs::hard_link(existing, new);
    Ok(ok_or_error(proc, result))
}

fn make_symlink(proc: &mut Process, args: &[Term]) -> BifResult {
    let (Some(existing), Some(new)) = (file_name(args[0]), file_name(args[1])) else {
        return Ok(error(proc, "badarg"));
    };
    let result = std::os::unix::fs::symlink(existing, new);
    Ok(ok_or_error(proc, result))
}

fn read_link(proc: &mut Process, args: &[Term]) -> BifResult {
    read_link_as(proc, args[0], false)
}

fn read_link_all(proc: &mut Process, args: &[Term]) -> BifResult {
    read_link_as(proc, args[0], true)
}

fn read_link_as(proc: &mut Process, name: Term, all: bool) -> BifResult {
    let as_binary = heap::bitstring(name).is_some();
    with_name(proc, name, |proc, path| match std::fs::read_link(path) {
        Ok(target) => {
            let raw = target.as_os_str().as_bytes();
            if !all && !as_binary && std::str::from_utf8(raw).is_err() {
                return error(proc, "einval");
            }
            let term = name_term(proc, raw, as_binary);
            ok_tuple(proc, term)
        }
        Err(e) => os_error(proc, &e),
    })
}

fn get_cwd_0(proc: &mut Process, _: &[Term]) -> BifResult {
    match std::env::current_dir() {
        Ok(dir) => {
            let term = name_term(proc, dir.as_os_str().as_bytes(), false);
            Ok(ok_tuple(proc, term))
        }
        Err(e) => Ok(os_error(proc, &e)),
    }
}

/// `file:get_cwd/1` takes a drive, which only Windows has.
fn get_cwd_1(proc: &mut Process, args: &[Term]) -> BifResult {
    if string_arg(args[0]).is_none() {
        return Ok(error(proc, "badarg"));
    }
    Ok(error(proc, "enotsup"))
}

// NOTE: the working directory belongs to the OS process, so set_cwd/1
// changes it for every Erlang process, as in OTP.
fn set_cwd(proc: &mut Process, args: &[Term]) -> BifResult {
    with_name(proc, args[0], |proc, path| {
        let result = std::env::set_current_dir(path);
        ok_or_error(proc, result)
    })
}

/// Copies `{Name, Modes}` or `Name` to another, returning
/// `{ok, BytesCopied}`. OTP's copy/2,3 also takes open files, which this
/// does not; it returns `{error, badarg}` for them.
fn copy_2(proc: &mut Process, args: &[Term]) -> BifResult {
    copy(proc, args[0], args[1], None)
}

fn copy_3(proc: &mut Process, args: &[Term]) -> BifResult {
    if args[2] == Term::atom(Atom::from_static("infinity")) {
        return copy(proc, args[0], args[1], None);
    }
    match args[2].as_small() {
        Some(n) if n >= 0 => copy(proc, args[0], args[1], Some(n as u64)),
        _ => Ok(error(proc, "badarg")),
    }
}

fn copy(proc: &mut Process, source: Term, destination: Term, limit: Option<u64>) -> BifResult {
    let (Some(source), Some(destination)) = (copy_name(source), copy_name(destination)) else {
        return Ok(error(proc, "badarg"));
    };
    let result =
        open_file(std::fs::OpenOptions::new().read(true), source.as_ref()).and_then(|from| {
            let mut to = std::fs::File::create(destination)?;
            let mut from = std::io::Read::take(from, limit.unwrap_or(u64::MAX));
            std::io::copy(&mut from, &mut to)
        });
    match result {
        Ok(n) => {
            let n = crate::bignum::from_i128(&mut proc.heap, n as i128);
            Ok(ok_tuple(proc, n))
        }
        Err(e) => Ok(os_error(proc, &e)),
    }
}

/// Returns the name of a copy/2,3 argument, `Name` or `{Name, Modes}`.
fn copy_name(term: Term) -> Option<PathBuf> {
    if term.is_tuple() {
        let elements = term.tuple_elements();
        if elements.len() == 2 && list_to_vec(elements[1]).is_some() {
            return file_name(elements[0]);
        }
        return None;
    }
    file_name(term)
}

crate::bif_table![
    ("file", "native_name_encoding", 0, native_name_encoding),
    ("file", "read_file", 1, read_file),
    ("file", "write_file", 2, write_file_2),
    ("file", "write_file", 3, write_file_3),
    ("file", "list_dir", 1, list_dir),
    ("file", "list_dir_all", 1, list_dir_all),
    ("file", "make_dir", 1, make_dir),
    ("file", "del_dir", 1, del_dir),
    ("file", "del_dir_r", 1, del_dir_r),
    ("file", "delete", 1, delete_1),
    ("file", "delete", 2, delete_2),
    ("file", "rename", 2, rename),
    ("file", "make_link", 2, make_link),
    ("file", "make_symlink", 2, make_symlink),
    ("file", "read_link", 1, read_link),
    ("file", "read_link_all", 1, read_link_all),
    ("file", "get_cwd", 0, get_cwd_0),
    ("file", "get_cwd", 1, get_cwd_1),
    ("file", "set_cwd", 1, set_cwd),
    ("file", "copy", 2, copy_2),
    ("file", "copy", 3, copy_3),
];
