//! Open files: `file:open/2` and the operations on what it returns.
//!
//! With `raw`, open/2 returns OTP's `#file_descriptor{}` shape,
//! `{file_descriptor, prim_file, {Ref, Owner}}`, and the file sits in the
//! owner's [`OpenFiles`], so it closes when the owner ends and no other
//! process can use it (OTP returns `not_on_controlling_process` there
//! too). Without `raw`, open/2 starts a `cordon_io_server` that monitors
//! the caller and owns a raw descriptor of its own, and returns its pid. The
//! operations on such a pid, or on a registered name, are OTP's I/O and
//! file request protocols, which `cordon_file_client` speaks: the BIF
//! traps to it, and that call is judged by the caller's policy like any
//! apply.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};

use crate::atom::{self, Atom};
use crate::exception::BifResult;
use crate::heap;
use crate::process::{Process, Trap};
use crate::scheduler::{self, SpawnOptions};
use crate::term::Term;

use super::file::{error, file_name, ok_or_error, ok_tuple, os_error};
use super::list_to_vec;

/// The raw files a process owns, by the number of their reference.
#[derive(Default, Debug)]
pub struct OpenFiles {
    files: HashMap<u64, OpenFile>,
}

#[derive(Debug)]
struct OpenFile {
    file: File,
    /// Whether reads return binaries rather than lists.
    binary: bool,
    /// Bytes read ahead by read_line/1 and not yet returned. The OS file
    /// position is past them, so every operation that moves or writes
    /// first seeks back over them.
    ahead: Vec<u8>,
}

impl OpenFile {
    fn drop_ahead(&mut self) -> std::io::Result<()> {
        if !self.ahead.is_empty() {
            self.file
                .seek(SeekFrom::Current(-(self.ahead.len() as i64)))?;
            self.ahead.clear();
        }
        Ok(())
    }
}

/// The modes of `file:open/2` and `file:write_file/3`.
#[derive(Default, Debug, Clone)]
pub struct Modes {
    pub read: bool,
    pub write: bool,
    append: bool,
    exclusive: bool,
    binary: bool,
    raw: bool,
    /// `true` for UTF-8, from `{encoding, utf8 | unicode}`.
    unicode: bool,
}

impl Modes {
    /// Reads a mode list. OTP ignores atoms it does not know, so this does
    /// too. `read_ahead`, `delayed_write` and `sync`-free buffering options
    /// change only performance, so they are accepted and do nothing.
    /// Returns `None` for anything OTP rejects with badarg.
    pub fn parse(list: Term) -> Option<Modes> {
        let mut modes = Modes::default();
        for mode in list_to_vec(list)? {
            if let Some(a) = mode.as_atom() {
                match a.name() {
                    "read" => modes.read = true,
                    "write" => modes.write = true,
                    "append" => modes.append = true,
                    "exclusive" => modes.exclusive = true,
                    "binary" => modes.binary = true,
                    "list" => modes.binary = false,
                    "raw" => modes.raw = true,
                    "utf8" | "unicode" => modes.unicode = true,
                    "latin1" => modes.unicode = false,
                    _ => {}
                }
                continue;
            }
            if mode.tuple_arity() == Some(2) {
                let [key, value] = mode.tuple_elements() else {
                    return None;
                };
                if *key == Term::atom(Atom::from_static("encoding")) {
                    modes.unicode = match value.as_atom()?.name() {
                        "latin1" => false,
                        "utf8" | "unicode" => true,
                        _ => return None,
                    };
                }
            } else if !mode.is_tuple() {
                return None;
            }
        }
        if !modes.read && !modes.write && !modes.append && !modes.exclusive {
            modes.read = true;
        }
        Some(modes)
    }

    /// Returns the OS open flags, as OTP's prim_file sets them: `write`
    /// alone truncates, `read` with `write` does not, `append` and
    /// `exclusive` imply `write`.
    pub fn open_options(&self) -> OpenOptions {
        let writing = self.write || self.append || self.exclusive;
        let mut options = OpenOptions::new();
        options.read(self.read).write(writing);
        if self.append {
            options.append(true).create(true);
        } else if self.exclusive {
            options.create_new(true);
        } else if writing {
            options.create(true).truncate(!self.read);
        }
        options
    }
}

fn descriptor(proc: &mut Process, id: u64, owner: Term) -> Term {
    let reference = heap::reference(&mut proc.heap, id);
    let data = heap::tuple(&mut proc.heap, &[reference, owner]);
    heap::tuple(
        &mut proc.heap,
        &[
            Term::atom(Atom::from_static("file_descriptor")),
            Term::atom(Atom::from_static("prim_file")),
            data,
        ],
    )
}

/// Returns the reference number and owner of a `#file_descriptor{}`.
fn descriptor_parts(term: Term) -> Option<(u64, Term)> {
    if term.tuple_arity() != Some(3) {
        return None;
    }
    let [tag, module, data] = term.tuple_elements() else {
        return None;
    };
    if *tag != Term::atom(Atom::from_static("file_descriptor"))
        || *module != Term::atom(Atom::from_static("prim_file"))
        || data.tuple_arity() != Some(2)
    {
        return None;
    }
    let [reference, owner] = data.tuple_elements() else {
        return None;
    };
    Some((heap::reference_number(*reference)?, *owner))
}

/// Kind of open file a term names.
enum Handle {
    /// A raw descriptor the calling process owns and has open.
    Raw(u64),
    /// A descriptor of another process, or one already closed.
    Unusable(&'static str),
    /// A pid or name, served by the I/O protocol.
    Device,
    Invalid,
}

fn classify(proc: &Process, term: Term) -> Handle {
    if let Some((id, owner)) = descriptor_parts(term) {
        if owner != Term::pid(proc.id) {
            return Handle::Unusable("not_on_controlling_process");
        }
        if proc.files.files.contains_key(&id) {
            return Handle::Raw(id);
        }
        return Handle::Unusable("einval");
    }
    if term.as_pid().is_some() || term.as_atom().is_some() {
        return Handle::Device;
    }
    Handle::Invalid
}

/// Returns the metadata of a raw descriptor the calling process owns, or
/// `None` when `term` is no such descriptor.
pub fn handle_metadata(proc: &Process, term: Term) -> Option<std::io::Result<std::fs::Metadata>> {
    let (id, _) = descriptor_parts(term)?;
    let open = proc.files.files.get(&id)?;
    Some(open.file.metadata())
}

/// Calls `cordon_file_client:function/arity` with the BIF's arguments,
/// for an operation on an I/O server.
fn trap_to_client(proc: &mut Process, function: &str, args: &[Term]) -> BifResult {
    for (i, &a) in args.iter().enumerate() {
        proc.x[i] = a;
    }
    proc.x_written = proc.x_written.max(args.len());
    let export = proc.vm.code.export(
        Atom::from_static("cordon_file_client"),
        Atom::from_static(function),
        args.len() as u32,
    );
    proc.trap = Some(Trap::Continue(export));
    Ok(Term::NONE)
}

/// Runs `op` on the raw file in `args[0]`, traps to the client for a
/// device, and returns `{error, Reason}` for anything else.
fn on_file(
    proc: &mut Process,
    function: &str,
    args: &[Term],
    op: impl FnOnce(&mut Process, u64) -> Term,
) -> BifResult {
    match classify(proc, args[0]) {
        Handle::Raw(id) => Ok(op(proc, id)),
        Handle::Unusable(reason) => Ok(error(proc, reason)),
        Handle::Device if args[0].as_pid().is_some() || reads_by_name(function) => {
            trap_to_client(proc, function, args)
        }
        Handle::Device | Handle::Invalid => Ok(error(proc, "badarg")),
    }
}

/// OTP's read/2, write/2 and read_line/1 pass a registered name on to
/// io:request/2; its other operations take only pids and descriptors.
fn reads_by_name(function: &str) -> bool {
    matches!(function, "read" | "write" | "read_line")
}

fn open(proc: &mut Process, args: &[Term]) -> BifResult {
    let (Some(path), Some(modes)) = (file_name(args[0]), Modes::parse(args[1])) else {
        return Ok(error(proc, "badarg"));
    };
    let file = match super::file::open_file(&mut modes.open_options(), path.as_ref()) {
        Ok(file) => file,
        Err(e) => return Ok(os_error(proc, &e)),
    };
    // open(2) succeeds on a directory opened only for reading; OTP's
    // prim_file then fails with eisdir, as reading it would.
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Ok(error(proc, "eisdir"));
    }
    let id = proc.vm.unique();
    if modes.raw {
        let open = OpenFile {
            file,
            binary: modes.binary,
            ahead: Vec::new(),
        };
        proc.files.files.insert(id, open);
        let owner = Term::pid(proc.id);
        let fd = descriptor(proc, id, owner);
        return Ok(ok_tuple(proc, fd));
    }
    let server = start_server(proc, id, file, &modes);
    Ok(ok_tuple(proc, server))
}

/// Starts the I/O server of a file opened without `raw` and moves the
/// file into the server's table before it runs. As in OTP, where
/// file_server_2 links to it, the server is not linked to the caller but
/// monitors it, so a failed write that ends the server does not kill the
/// caller. The server has no policy: it applies only the functions its
/// allowlists name.
fn start_server(proc: &mut Process, id: u64, file: File, modes: &Modes) -> Term {
    let owner = Term::pid(proc.id);
    let reference = heap::reference(&mut proc.heap, id);
    let encoding = Atom::from_static(if modes.unicode { "unicode" } else { "latin1" });
    let mode = Atom::from_static(if modes.binary { "binary" } else { "list" });
    let args = heap::list(
        &mut proc.heap,
        &[owner, reference, Term::atom(encoding), Term::atom(mode)],
    );
    let vm = proc.vm.clone();
    let child = scheduler::spawn(
        &vm,
        Some(proc),
        Atom::from_static("cordon_io_server"),
        Atom::from_static("start_file"),
        args,
        SpawnOptions {
            link: false,
            monitor: None,
            policy: None,
        },
    );
    let open = OpenFile {
        file,
        // The server reads binaries and converts them itself.
        binary: true,
        ahead: Vec::new(),
    };
    if let Some(cell) = vm.process(child) {
        let mut guard = cell.process.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(server) = guard.as_mut() {
            server.files.files.insert(id, open);
        }
    }
    Term::pid(child)
}

fn close(proc: &mut Process, args: &[Term]) -> BifResult {
    on_file(proc, "close", args, |proc, id| {
        let open = proc.files.files.remove(&id);
        // Dropping the File closes it; flush errors surface in sync/1.
        drop(open);
        Term::atom(atom::OK)
    })
}

fn data_term(proc: &mut Process, bytes: &[u8], binary: bool) -> Term {
    if binary {
        heap::binary(&mut proc.heap, bytes)
    } else {
        let items: Vec<Term> = bytes
            .iter()
            .map(|&b| Term::small(b as i64).expect("a byte is a small integer"))
            .collect();
        heap::list(&mut proc.heap, &items)
    }
}

fn read(proc: &mut Process, args: &[Term]) -> BifResult {
    let size = args[1].as_small().filter(|&n| n >= 0);
    if size.is_none() && matches!(classify(proc, args[0]), Handle::Raw(_)) {
        return Ok(error(proc, "badarg"));
    }
    on_file(proc, "read", args, |proc, id| {
        let size = size.expect("checked above") as usize;
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let mut bytes: Vec<u8> = open.ahead.drain(..size.min(open.ahead.len())).collect();
        let remaining = size - bytes.len();
        let result = (&mut open.file)
            .take(remaining as u64)
            .read_to_end(&mut bytes);
        let binary = open.binary;
        match result {
            Ok(_) if bytes.is_empty() && size > 0 => Term::atom(Atom::from_static("eof")),
            Ok(_) => {
                let data = data_term(proc, &bytes, binary);
                ok_tuple(proc, data)
            }
            Err(e) => os_error(proc, &e),
        }
    })
}

/// Reads one line, converting a "\r\n" end to "\n" as OTP does.
fn read_line(proc: &mut Process, args: &[Term]) -> BifResult {
    on_file(proc, "read_line", args, |proc, id| {
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let mut chunk = [0u8; 4096];
        let line_end = loop {
            if let Some(pos) = open.ahead.iter().position(|&b| b == b'\n') {
                break Some(pos + 1);
            }
            match open.file.read(&mut chunk) {
                Ok(0) => break None,
                Ok(n) => open.ahead.extend_from_slice(&chunk[..n]),
                Err(e) => return os_error(proc, &e),
            }
        };
        let take = line_end.unwrap_or(open.ahead.len());
        if take == 0 {
            return Term::atom(Atom::from_static("eof"));
        }
        let mut line: Vec<u8> = open.ahead.drain(..take).collect();
        if line.ends_with(b"\r\n") {
            line.truncate(line.len() - 2);
            line.push(b'\n');
        }
        let binary = open.binary;
        let data = data_term(proc, &line, binary);
        ok_tuple(proc, data)
    })
}

fn write(proc: &mut Process, args: &[Term]) -> BifResult {
    let bytes = crate::bits::iolist::iolist_bytes(args[1]).ok();
    if bytes.is_none() && matches!(classify(proc, args[0]), Handle::Raw(_)) {
        return Ok(error(proc, "badarg"));
    }
    on_file(proc, "write", args, |proc, id| {
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let result = open
            .drop_ahead()
            .and_then(|()| open.file.write_all(&bytes.expect("checked above")));
        ok_or_error(proc, result)
    })
}

/// Returns the absolute offset for a `file:position/2` location, or
/// `None` when the location is not one.
fn seek_target(at: Term) -> Option<SeekFrom> {
    if let Some(n) = at.as_small() {
        // A negative position is an OS error, einval, as in OTP, not badarg.
        return Some(u64::try_from(n).map_or(SeekFrom::Current(i64::MIN), SeekFrom::Start));
    }
    if let Some(a) = at.as_atom() {
        return match a.name() {
            "bof" => Some(SeekFrom::Start(0)),
            "cur" => Some(SeekFrom::Current(0)),
            "eof" => Some(SeekFrom::End(0)),
            _ => None,
        };
    }
    if at.tuple_arity() != Some(2) {
        return None;
    }
    let [base, offset] = at.tuple_elements() else {
        return None;
    };
    let offset = offset.as_small()?;
    match base.as_atom()?.name() {
        // A negative start is einval, which the seek itself reports.
        "bof" => Some(u64::try_from(offset).map_or(SeekFrom::Current(i64::MIN), SeekFrom::Start)),
        "cur" => Some(SeekFrom::Current(offset)),
        "eof" => Some(SeekFrom::End(offset)),
        _ => None,
    }
}

fn seek(open: &mut OpenFile, target: SeekFrom) -> std::io::Result<u64> {
    open.drop_ahead()?;
    if target == SeekFrom::Current(i64::MIN) {
        return Err(std::io::Error::from_raw_os_error(22));
    }
    open.file.seek(target)
}

fn position(proc: &mut Process, args: &[Term]) -> BifResult {
    let target = seek_target(args[1]);
    if target.is_none() && matches!(classify(proc, args[0]), Handle::Raw(_)) {
        return Ok(error(proc, "badarg"));
    }
    on_file(proc, "position", args, |proc, id| {
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        match seek(open, target.expect("checked above")) {
            Ok(offset) => {
                let offset = crate::bignum::from_i128(&mut proc.heap, offset as i128);
                ok_tuple(proc, offset)
            }
            Err(e) => os_error(proc, &e),
        }
    })
}

/// Reads at an offset without moving the file position, as a raw
/// file's pread does.
fn pread(proc: &mut Process, args: &[Term]) -> BifResult {
    let offset = args[1].as_small().and_then(|n| u64::try_from(n).ok());
    let size = args[2].as_small().filter(|&n| n >= 0);
    let valid = offset.is_some() && size.is_some();
    if !valid && matches!(classify(proc, args[0]), Handle::Raw(_)) {
        return Ok(error(proc, "badarg"));
    }
    on_file(proc, "pread", args, |proc, id| {
        use std::os::unix::fs::FileExt;
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let size = size.expect("checked above") as u64;
        let start = offset.expect("checked above");
        // Read in chunks, so that a huge size allocates only as much as
        // the file holds.
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 65536];
        while (bytes.len() as u64) < size {
            let want = (size - bytes.len() as u64).min(chunk.len() as u64) as usize;
            match open
                .file
                .read_at(&mut chunk[..want], start + bytes.len() as u64)
            {
                Ok(0) => break,
                Ok(n) => bytes.extend_from_slice(&chunk[..n]),
                Err(e) => return os_error(proc, &e),
            }
        }
        if bytes.is_empty() && size > 0 {
            return Term::atom(Atom::from_static("eof"));
        }
        let binary = open.binary;
        let data = data_term(proc, &bytes, binary);
        ok_tuple(proc, data)
    })
}

fn pwrite(proc: &mut Process, args: &[Term]) -> BifResult {
    let offset = args[1].as_small().and_then(|n| u64::try_from(n).ok());
    let bytes = crate::bits::iolist::iolist_bytes(args[2]).ok();
    let valid = offset.is_some() && bytes.is_some();
    if !valid && matches!(classify(proc, args[0]), Handle::Raw(_)) {
        return Ok(error(proc, "badarg"));
    }
    on_file(proc, "pwrite", args, |proc, id| {
        use std::os::unix::fs::FileExt;
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let bytes = bytes.expect("checked above");
        let result = open
            .file
            .write_all_at(&bytes, offset.expect("checked above"));
        ok_or_error(proc, result)
    })
}

fn sync(proc: &mut Process, args: &[Term]) -> BifResult {
    on_file(proc, "sync", args, |proc, id| {
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let result = open.file.sync_all();
        ok_or_error(proc, result)
    })
}

fn datasync(proc: &mut Process, args: &[Term]) -> BifResult {
    on_file(proc, "datasync", args, |proc, id| {
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let result = open.file.sync_data();
        ok_or_error(proc, result)
    })
}

/// Truncates the file at the current position.
fn truncate(proc: &mut Process, args: &[Term]) -> BifResult {
    on_file(proc, "truncate", args, |proc, id| {
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let result = seek(open, SeekFrom::Current(0)).and_then(|at| open.file.set_len(at));
        ok_or_error(proc, result)
    })
}

/// Advice is a hint the OS may ignore, so accepting it is correct.
fn advise(proc: &mut Process, args: &[Term]) -> BifResult {
    on_file(proc, "advise", args, |_, _| Term::atom(atom::OK))
}

/// Reserves space by growing the file to at least `offset + length`.
fn allocate(proc: &mut Process, args: &[Term]) -> BifResult {
    let end = match (args[1].as_small(), args[2].as_small()) {
        (Some(offset), Some(length)) if offset >= 0 && length >= 0 => (offset + length) as u64,
        _ => return Ok(error(proc, "badarg")),
    };
    on_file(proc, "allocate", args, |proc, id| {
        let open = proc.files.files.get_mut(&id).expect("classify found it");
        let result = open.file.metadata().and_then(|meta| {
            if meta.len() < end {
                open.file.set_len(end)
            } else {
                Ok(())
            }
        });
        ok_or_error(proc, result)
    })
}

/// Traps to `cordon_file_client:consult/1`, which opens the file through
/// the open/2 BIF.
fn consult(proc: &mut Process, args: &[Term]) -> BifResult {
    trap_to_client(proc, "consult", args)
}

crate::bif_table![
    ("file", "consult", 1, consult),
    ("file", "open", 2, open),
    ("file", "close", 1, close),
    ("file", "read", 2, read),
    ("file", "read_line", 1, read_line),
    ("file", "write", 2, write),
    ("file", "position", 2, position),
    ("file", "pread", 3, pread),
    ("file", "pwrite", 3, pwrite),
    ("file", "sync", 1, sync),
    ("file", "datasync", 1, datasync),
    ("file", "truncate", 1, truncate),
    ("file", "advise", 4, advise),
    ("file", "allocate", 3, allocate),
];
