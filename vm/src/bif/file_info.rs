//! `file:read_file_info/1,2` and `file:read_link_info/1,2`: the
//! `#file_info{}` record of OTP 25's `file.hrl`, with its fields in
//! OTP's order: size, type, access, atime, mtime, ctime, mode, links,
//! major_device, minor_device, inode, uid, gid.

use std::os::unix::fs::{MetadataExt, PermissionsExt};

use crate::atom::Atom;
use crate::exception::BifResult;
use crate::heap;
use crate::process::Process;
use crate::term::Term;

use super::file::{error, file_name, ok_tuple, os_error};
use super::list_to_vec;

#[derive(Clone, Copy, PartialEq, Eq)]
enum TimeFormat {
    Local,
    Universal,
    Posix,
}

/// Reads the options of the `/2` forms: `{time, local | universal |
/// posix}` and `raw`, which changes nothing here.
fn time_format(options: Term) -> Option<TimeFormat> {
    let mut format = TimeFormat::Local;
    for option in list_to_vec(options)? {
        if option == Term::atom(Atom::from_static("raw")) {
            continue;
        }
        if option.tuple_arity() != Some(2) {
            return None;
        }
        let [key, value] = option.tuple_elements() else {
            return None;
        };
        if *key != Term::atom(Atom::from_static("time")) {
            return None;
        }
        format = match value.as_atom()?.name() {
            "local" => TimeFormat::Local,
            "universal" => TimeFormat::Universal,
            "posix" => TimeFormat::Posix,
            _ => return None,
        };
    }
    Some(format)
}

fn read_file_info_1(proc: &mut Process, args: &[Term]) -> BifResult {
    file_info(proc, args[0], Term::NIL, true)
}

fn read_file_info_2(proc: &mut Process, args: &[Term]) -> BifResult {
    file_info(proc, args[0], args[1], true)
}

fn read_link_info_1(proc: &mut Process, args: &[Term]) -> BifResult {
    file_info(proc, args[0], Term::NIL, false)
}

fn read_link_info_2(proc: &mut Process, args: &[Term]) -> BifResult {
    file_info(proc, args[0], args[1], false)
}

/// Returns `{ok, #file_info{}}` for a name, or for a raw file the calling
/// process opened. `follow` is false for read_link_info, which describes
/// a symbolic link itself.
fn file_info(proc: &mut Process, target: Term, options: Term, follow: bool) -> BifResult {
    let Some(format) = time_format(options) else {
        return Ok(error(proc, "badarg"));
    };
    let metadata = if let Some(result) = super::file_io::handle_metadata(proc, target) {
        result
    } else {
        let Some(path) = file_name(target) else {
            return Ok(error(proc, "badarg"));
        };
        if follow {
            std::fs::metadata(path)
        } else {
            std::fs::symlink_metadata(path)
        }
    };
    match metadata {
        Ok(meta) => {
            let record = info_record(proc, &meta, format);
            Ok(ok_tuple(proc, record))
        }
        Err(e) => Ok(os_error(proc, &e)),
    }
}

fn info_record(proc: &mut Process, meta: &std::fs::Metadata, format: TimeFormat) -> Term {
    let file_type = meta.file_type();
    let type_name = if file_type.is_symlink() {
        "symlink"
    } else if file_type.is_dir() {
        "directory"
    } else if file_type.is_file() {
        "regular"
    } else {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_block_device() || file_type.is_char_device() {
            "device"
        } else {
            "other"
        }
    };
    let mode = meta.permissions().mode();
    // NOTE: access is read from the owner's permission bits, which is
    // what OTP reports for files the current user owns; for files of
    // other users it may differ from what access(2) returns.
    let access = match (mode & 0o400 != 0, mode & 0o200 != 0) {
        (true, true) => "read_write",
        (true, false) => "read",
        (false, true) => "write",
        (false, false) => "none",
    };
    let fields = [
        meta.size() as i128,
        meta.atime() as i128,
        meta.mtime() as i128,
        meta.ctime() as i128,
        mode as i128,
        meta.nlink() as i128,
        meta.dev() as i128,
        meta.rdev() as i128,
        meta.ino() as i128,
        meta.uid() as i128,
        meta.gid() as i128,
    ];
    let [
        size,
        atime,
        mtime,
        ctime,
        mode,
        links,
        major,
        minor,
        inode,
        uid,
        gid,
    ] = fields.map(|n| crate::bignum::from_i128(&mut proc.heap, n));
    let [atime, mtime, ctime] = [atime, mtime, ctime].map(|t| time_term(proc, t, format));
    heap::tuple(
        &mut proc.heap,
        &[
            Term::atom(Atom::from_static("file_info")),
            size,
            Term::atom(Atom::from_static(type_name)),
            Term::atom(Atom::from_static(access)),
            atime,
            mtime,
            ctime,
            mode,
            links,
            major,
            minor,
            inode,
            uid,
            gid,
        ],
    )
}

/// Returns a time in the requested format. Cordon's local time is
/// universal time, as `erlang:localtime/0` returns it.
fn time_term(proc: &mut Process, seconds: Term, format: TimeFormat) -> Term {
    if format == TimeFormat::Posix {
        return seconds;
    }
    let seconds = seconds.as_small().unwrap_or(0);
    let t = crate::time::from_unix_seconds(seconds);
    let date = [t.year, t.month as i64, t.day as i64].map(|n| small(n));
    let time = [t.hour, t.minute, t.second].map(|n| small(n as i64));
    let date = heap::tuple(&mut proc.heap, &date);
    let time = heap::tuple(&mut proc.heap, &time);
    heap::tuple(&mut proc.heap, &[date, time])
}

fn small(n: i64) -> Term {
    Term::small(n).expect("date and time fields fit a small integer")
}

crate::bif_table![
    ("file", "read_file_info", 1, read_file_info_1),
    ("file", "read_file_info", 2, read_file_info_2),
    ("file", "read_link_info", 1, read_link_info_1),
    ("file", "read_link_info", 2, read_link_info_2),
];
