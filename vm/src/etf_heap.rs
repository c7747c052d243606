//! Conversion between decoded external-format terms ([`ExtTerm`]) and heap
//! terms: building literals and `binary_to_term` results, and describing
//! heap terms for `term_to_binary`.

use num_bigint::BigInt;

use crate::atom::Atom;
use crate::code::CodeServer;
use crate::etf::{self, ExtTerm};
use crate::fun;
use crate::heap::{self, Alloc};
use crate::term::{HeaderTag, Term};

/// The node name of local pids, ports and references.
pub const LOCAL_NODE: &str = "nonode@nohost";

/// Why an external term cannot become a heap term here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// An atom name is longer than 255 characters.
    AtomTooLong(String),
    /// A pid, port or reference of another node.
    RemoteNode(String),
    /// A local fun of a module that is not loaded, or has no such fun.
    UnknownFun(String),
    /// A map that contains the same key twice.
    DuplicateMapKey,
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::AtomTooLong(name) => {
                write!(f, "atom of {} characters is too long", name.chars().count())
            }
            BuildError::RemoteNode(node) => write!(
                f,
                "term refers to node {node}, and distribution is not supported"
            ),
            BuildError::UnknownFun(what) => write!(f, "fun {what} is not loaded"),
            BuildError::DuplicateMapKey => write!(f, "map contains a key twice"),
        }
    }
}

/// Builds `term` on `heap`.
pub fn build(code: &CodeServer, heap: &mut impl Alloc, term: &ExtTerm) -> Result<Term, BuildError> {
    Ok(match term {
        ExtTerm::Integer(i) => integer(heap, &BigInt::from(*i)),
        ExtTerm::BigInteger(b) => integer(heap, b),
        ExtTerm::Float(f) => heap::float(heap, *f),
        ExtTerm::Atom(name) => Term::atom(atom(name)?),
        ExtTerm::Tuple(elements) => {
            let mut built = Vec::with_capacity(elements.len());
            for e in elements {
                built.push(build(code, heap, e)?);
            }
            heap::tuple(heap, &built)
        }
        ExtTerm::List(elements, tail) => {
            let mut built = Vec::with_capacity(elements.len());
            for e in elements {
                built.push(build(code, heap, e)?);
            }
            let tail = build(code, heap, tail)?;
            heap::list_with_tail(heap, &built, tail)
        }
        ExtTerm::Nil => Term::NIL,
        ExtTerm::Binary(bytes) => heap::binary(heap, bytes),
        ExtTerm::BitBinary {
            bytes,
            bits_in_last_byte,
        } => {
            let whole = heap::binary(heap, bytes);
            let bits = (bytes.len() as u64).saturating_sub(1) * 8 + *bits_in_last_byte as u64;
            heap::sub_binary(heap, whole, 0, bits)
        }
        ExtTerm::Map(pairs) => {
            let mut built = Vec::with_capacity(pairs.len());
            for (k, v) in pairs {
                built.push((build(code, heap, k)?, build(code, heap, v)?));
            }
            let map = crate::map::from_pairs(heap, &built);
            // OTP rejects an encoded map that repeats a key.
            if crate::map::size(map) != built.len() {
                return Err(BuildError::DuplicateMapKey);
            }
            map
        }
        ExtTerm::Pid(pid) => {
            local_node(&pid.node)?;
            Term::pid(pid.id as u64 | ((pid.serial as u64) << 15))
        }
        ExtTerm::Port(port) => {
            local_node(&port.node)?;
            Term::port(port.id)
        }
        ExtTerm::Reference(r) => {
            local_node(&r.node)?;
            let id = |i: usize| r.ids.get(i).copied().unwrap_or(0) as u64;
            heap::reference(heap, id(0) | (id(1) << 18) | (id(2) << 50))
        }
        ExtTerm::ExportFun {
            module,
            function,
            arity,
        } => {
            let export = code.export(atom(module)?, atom(function)?, *arity as u32);
            fun::make_export_fun(heap, export)
        }
        ExtTerm::LocalFun(f) => {
            let module = atom(&f.module)?;
            let loaded = code
                .current(module)
                .ok_or_else(|| BuildError::UnknownFun(format!("{}/{}", f.module, f.index)))?;
            let entry = loaded
                .funs
                .get(f.index as usize)
                .filter(|e| i64::from(e.old_uniq) == f.old_uniq)
                // A fun's code reads exactly its entry's free variables
                // from its environment, so a count from the binary that
                // differs would read past the environment.
                .filter(|e| e.num_free as usize == f.free_vars.len())
                .filter(|e| e.fun_arity() == u32::from(f.arity))
                .ok_or_else(|| BuildError::UnknownFun(format!("{}/{}", f.module, f.index)))?;
            let mut env = Vec::with_capacity(f.free_vars.len());
            for v in &f.free_vars {
                env.push(build(code, heap, v)?);
            }
            let creator = build(code, heap, &ExtTerm::Pid(f.pid.clone()))?;
            fun::make_closure(heap, entry, creator, &env)
        }
    })
}

fn atom(name: &str) -> Result<Atom, BuildError> {
    Atom::intern(name).map_err(|_| BuildError::AtomTooLong(name.to_owned()))
}

fn local_node(node: &str) -> Result<(), BuildError> {
    if node == LOCAL_NODE {
        Ok(())
    } else {
        Err(BuildError::RemoteNode(node.to_owned()))
    }
}

fn integer(heap: &mut impl Alloc, value: &BigInt) -> Term {
    crate::bignum::from_bigint(heap, value)
}

/// Describes a heap term as an [`ExtTerm`], for `term_to_binary`.
///
/// Match contexts are described as the bits they have left.
pub fn describe(term: Term) -> ExtTerm {
    if let Some(i) = term.as_small() {
        return ExtTerm::Integer(i);
    }
    if let Some(a) = term.as_atom() {
        return ExtTerm::Atom(a.name().to_owned());
    }
    if term.is_nil() {
        return ExtTerm::Nil;
    }
    if let Some(p) = term.as_pid() {
        return ExtTerm::Pid(etf::Pid {
            node: LOCAL_NODE.to_owned(),
            id: (p & 0x7FFF) as u32,
            serial: (p >> 15) as u32,
            creation: 0,
        });
    }
    if let Some(p) = term.as_port() {
        return ExtTerm::Port(etf::Port {
            node: LOCAL_NODE.to_owned(),
            id: p,
            creation: 0,
        });
    }
    if term.is_cons() {
        let mut elements = Vec::new();
        let mut t = term;
        while t.is_cons() {
            elements.push(describe(t.head()));
            t = t.tail();
        }
        return ExtTerm::List(elements, Box::new(describe(t)));
    }
    match term.boxed_tag() {
        Some(HeaderTag::Tuple) => {
            ExtTerm::Tuple(term.tuple_elements().iter().map(|&e| describe(e)).collect())
        }
        Some(HeaderTag::Float) => ExtTerm::Float(term.as_float().unwrap_or(0.0)),
        Some(HeaderTag::PosBig | HeaderTag::NegBig) => {
            ExtTerm::BigInteger(crate::bignum::to_bigint(term).unwrap_or_default())
        }
        Some(HeaderTag::Ref) => {
            let n = term.word(0);
            ExtTerm::Reference(etf::Reference {
                node: LOCAL_NODE.to_owned(),
                creation: 0,
                ids: vec![
                    (n & 0x3_FFFF) as u32,
                    ((n >> 18) & 0xFFFF_FFFF) as u32,
                    (n >> 50) as u32,
                ],
            })
        }
        Some(HeaderTag::Map) => ExtTerm::Map(
            crate::map::iter(term)
                .map(|(k, v)| (describe(k), describe(v)))
                .collect(),
        ),
        Some(HeaderTag::Export) => {
            let e = fun::export_of(term);
            ExtTerm::ExportFun {
                module: e.module.name().to_owned(),
                function: e.function.name().to_owned(),
                arity: e.arity as u8,
            }
        }
        Some(HeaderTag::Fun) => {
            let entry = fun::closure_entry(term);
            let creator = describe(fun::closure_creator(term));
            let pid = match creator {
                ExtTerm::Pid(p) => p,
                _ => etf::Pid {
                    node: LOCAL_NODE.to_owned(),
                    id: 0,
                    serial: 0,
                    creation: 0,
                },
            };
            ExtTerm::LocalFun(Box::new(etf::LocalFun {
                arity: entry.fun_arity() as u8,
                uniq: [0; 16],
                index: entry.index,
                module: entry.module.name().to_owned(),
                old_index: i64::from(entry.index),
                old_uniq: i64::from(entry.old_uniq),
                pid,
                free_vars: fun::closure_env(term)
                    .iter()
                    .map(|&v| describe(v))
                    .collect(),
            }))
        }
        Some(HeaderTag::HeapBin | HeaderTag::RefcBin | HeaderTag::SubBin) => {
            let Some((bytes, bits)) = crate::bits::bitstring_bytes(term) else {
                return ExtTerm::Nil;
            };
            let bytes = bytes.into_owned();
            if bits % 8 == 0 {
                ExtTerm::Binary(bytes)
            } else {
                ExtTerm::BitBinary {
                    bytes,
                    bits_in_last_byte: (bits % 8) as u8,
                }
            }
        }
        // A match context never leaves the process that made it.
        Some(HeaderTag::MatchCtx) => ExtTerm::Nil,
        None => ExtTerm::Nil,
    }
}
