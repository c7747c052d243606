//! Translation of a parsed `.beam` file into a loaded [`Module`]: generic
//! operations become [`Instr`]s with labels, imports, literals and atoms
//! resolved.
//!
//! Every generic operation becomes exactly one instruction, except
//! `label`, `line` and `int_code_end`, which become none. That rule lets
//! the first pass compute each label's instruction index before any
//! instruction is built. Index 0 is a placeholder so that a fail label
//! of 0 can mean "raise an exception" without colliding with a real target.

use crate::atom::Atom;
use crate::code::{CodeServer, FunctionInfo, Module};
use crate::etf_heap;
use crate::fun::{Export, FunEntry};
use crate::heap::Heap;
use crate::instr::*;
use crate::loader::{self, AllocKind, BeamFile, GenericOp, Operand};
use crate::opcodes::Opcode;
use crate::term::{CodePtr, Term};
use std::sync::atomic::AtomicU64;

/// Largest frame `allocate` may ask for, in stack slots. erlc's frames
/// are far smaller; the cap keeps a corrupt file from exhausting memory.
const MAX_FRAME_SLOTS: u32 = 1 << 16;

/// Largest heap need an instruction may state, in words (128 MiB).
const MAX_HEAP_NEED: u32 = 1 << 24;

/// The reason a parsed module cannot be loaded.
#[derive(Debug)]
pub struct TranslateError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for TranslateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot load {}: {}", self.file, self.message)
    }
}

impl std::error::Error for TranslateError {}

/// Why loading failed: the file could not be parsed, or not translated.
#[derive(Debug)]
pub enum LoadModuleError {
    Parse(loader::LoadError),
    Translate(TranslateError),
}

impl std::fmt::Display for LoadModuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadModuleError::Parse(e) => write!(f, "{e}"),
            LoadModuleError::Translate(e) => write!(f, "{e}"),
        }
    }
}

/// Parses and translates a module. The result is not yet installed.
pub fn load(
    code: &CodeServer,
    bytes: &[u8],
    origin: &str,
) -> std::result::Result<Module, LoadModuleError> {
    let beam = loader::parse_beam(bytes, origin).map_err(LoadModuleError::Parse)?;
    let md5 = md5_of(bytes);
    Translator::new(code, &beam, origin)
        .and_then(|t| t.translate(md5))
        .map_err(LoadModuleError::Translate)
}

/// Returns whether `bytes` parse as a module with an `on_load` function.
pub fn has_on_load(bytes: &[u8], origin: &str) -> bool {
    loader::parse_beam(bytes, origin)
        .is_ok_and(|beam| beam.ops.iter().any(|op| op.opcode == Opcode::OnLoad))
}

fn md5_of(bytes: &[u8]) -> [u8; 16] {
    use md5::{Digest, Md5};
    let digest = Md5::digest(bytes);
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest);
    out
}

struct Translator<'a> {
    code: &'a CodeServer,
    beam: &'a BeamFile,
    origin: &'a str,
    slot: u32,
    module: Atom,
    atoms: Vec<Atom>,
    literals: Heap,
    literal_terms: Vec<Term>,
    imports: Vec<&'static Export>,
    label_index: Vec<u32>,
    funs: Vec<&'static FunEntry>,
    /// The operation being translated, for error messages.
    current: usize,
    /// One more than the highest X register an operand names.
    x_registers_used: std::cell::Cell<usize>,
    /// Checked call sites numbered so far.
    sites: u32,
}

type Result<T> = std::result::Result<T, TranslateError>;

impl<'a> Translator<'a> {
    fn new(code: &'a CodeServer, beam: &'a BeamFile, origin: &'a str) -> Result<Translator<'a>> {
        let error = |message: String| TranslateError {
            file: origin.to_owned(),
            message,
        };
        let mut atoms = Vec::with_capacity(beam.atoms.len());
        for name in &beam.atoms {
            atoms.push(Atom::intern(name).map_err(|e| error(format!("atom {name:?}: {e}")))?);
        }
        let module = atoms[0];
        let slot = code
            .reserve_slot()
            .ok_or_else(|| error("too many module versions loaded".into()))?;
        let mut literals = Heap::with_capacity(1024);
        let mut literal_terms = Vec::with_capacity(beam.literals.len());
        for (i, lit) in beam.literals.iter().enumerate() {
            let t = etf_heap::build(code, &mut literals, lit)
                .map_err(|e| error(format!("literal {i}: {e}")))?;
            literal_terms.push(t);
        }
        let imports = beam
            .imports
            .iter()
            .map(|imp| {
                code.export(
                    atoms[imp.module as usize - 1],
                    atoms[imp.function as usize - 1],
                    imp.arity as u32,
                )
            })
            .collect();
        Ok(Translator {
            code,
            beam,
            origin,
            slot,
            module,
            atoms,
            literals,
            literal_terms,
            imports,
            label_index: Vec::new(),
            funs: Vec::new(),
            current: 0,
            x_registers_used: std::cell::Cell::new(0),
            sites: 0,
        })
    }

    fn error(&self, message: impl Into<String>) -> TranslateError {
        let op = self.beam.ops.get(self.current);
        let at = match op {
            Some(op) => format!(
                "chunk \"Code\" at offset {}: {}: ",
                op.offset,
                op.opcode.name()
            ),
            None => String::new(),
        };
        TranslateError {
            file: self.origin.to_owned(),
            message: format!("{at}{}", message.into()),
        }
    }

    fn translate(mut self, md5: [u8; 16]) -> Result<Module> {
        // Pass 1: the instruction index of every label.
        // Every label but 0 is defined by a label operation, so a count
        // beyond that is corrupt, and must not size an allocation.
        let label_count = self.beam.code_header.label_count as usize;
        let defined = self
            .beam
            .ops
            .iter()
            .filter(|op| op.opcode == Opcode::Label)
            .count();
        if label_count > defined + 1 {
            return Err(self.error(format!(
                "the code header declares {label_count} labels, but the code defines {defined}"
            )));
        }
        self.label_index = vec![u32::MAX; label_count.max(1)];
        let mut next = 1u32;
        for op in &self.beam.ops {
            match op.opcode {
                Opcode::Label => {
                    let n = self.unsigned_at(op, 0)? as usize;
                    if n >= self.label_index.len() {
                        return Err(self.error(format!("label {n} out of range")));
                    }
                    self.label_index[n] = next;
                }
                Opcode::Line | Opcode::IntCodeEnd => {}
                _ => next += 1,
            }
        }
        // Fun entries need label positions, and make_fun3 needs the entries.
        for f in &self.beam.funs {
            let target = self.label(f.label)?;
            let entry: &'static FunEntry = Box::leak(Box::new(FunEntry {
                module: self.module,
                function: self.atoms[f.function as usize - 1],
                arity: f.arity as u32,
                num_free: f.num_free,
                index: f.index,
                old_uniq: f.old_uniq,
                code: CodePtr {
                    module: self.slot,
                    index: target,
                },
                permitted: std::sync::atomic::AtomicU64::new(0),
            }));
            self.funs.push(entry);
        }

        // Pass 2: the instructions.
        let mut code = Vec::with_capacity(next as usize);
        code.push(Instr::Unsupported {
            name: "module start",
        });
        let mut functions = Vec::new();
        let mut lines = Vec::new();
        let mut on_load = None;
        let mut pending_function: Option<(Atom, u32, u32)> = None;
        for i in 0..self.beam.ops.len() {
            self.current = i;
            let op = &self.beam.ops[i];
            match op.opcode {
                Opcode::Label => {
                    if let Some((name, arity, start)) = pending_function.take() {
                        functions.push(FunctionInfo {
                            name,
                            arity,
                            start,
                            entry: code.len() as u32,
                        });
                    }
                    continue;
                }
                Opcode::Line => {
                    let index = self.unsigned_at(op, 0)? as u32;
                    if let Some(table) = &self.beam.lines {
                        if let Some(loc) = table.location(index) {
                            lines.push((code.len() as u32, loc.line, loc.file));
                        }
                    }
                    continue;
                }
                Opcode::IntCodeEnd => continue,
                Opcode::FuncInfo => {
                    let name = self.atom_at(op, 1)?;
                    let arity = self.unsigned_at(op, 2)? as u32;
                    pending_function = Some((name, arity, code.len() as u32));
                }
                Opcode::OnLoad => on_load = Some(code.len() as u32 + 1),
                _ => {}
            }
            let instr = self.instr(op)?;
            code.push(instr);
        }
        // A label after the last operation points here, so a jump to it
        // raises instead of running off the end of the code.
        code.push(Instr::Unsupported {
            name: "end of module",
        });
        let exports = self
            .beam
            .exports
            .iter()
            .map(|e| {
                Ok((
                    self.atoms[e.function as usize - 1],
                    e.arity as u32,
                    self.label(e.label)?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let files = match &self.beam.lines {
            Some(t) => t.file_names.clone(),
            None => Vec::new(),
        };
        // Calls, funs and apply also name registers by count: arities and
        // live counts below are checked against the register file size.
        self.code.note_x_registers(self.x_registers_used.get());
        let attributes = self.optional_term(&self.beam.attributes)?;
        let compile_info = self.optional_term(&self.beam.compile_info)?;
        Ok(Module {
            name: self.module,
            origin: self.origin.to_owned(),
            slot: self.slot,
            code: code.into_boxed_slice(),
            functions: functions.into_boxed_slice(),
            exports: exports.into_boxed_slice(),
            lines: lines.into_boxed_slice(),
            files: files.into_boxed_slice(),
            literals: self.literals,
            strings: self.beam.strings.clone().into_boxed_slice(),
            funs: self.funs.into_boxed_slice(),
            attributes,
            compile_info,
            md5,
            on_load,
            sites: (0..self.sites).map(|_| AtomicU64::new(0)).collect(),
        })
    }

    /// Returns a new site for a call to `export`, or
    /// [`SiteId::UNCHECKED`] when policies never check it.
    fn site_for(&mut self, export: &Export) -> SiteId {
        if export.class == cordon_guards::Class::Pure {
            return SiteId::UNCHECKED;
        }
        self.sites += 1;
        SiteId(self.sites - 1)
    }

    fn bif_site_at(&mut self, op: &GenericOp, i: usize) -> Result<SiteId> {
        let bif = self.bif_at(op, i)?;
        Ok(self.site_for(bif.export))
    }

    fn optional_term(&mut self, t: &Option<crate::etf::ExtTerm>) -> Result<Term> {
        match t {
            Some(t) => etf_heap::build(self.code, &mut self.literals, t)
                .map_err(|e| self.error(format!("attribute term: {e}"))),
            None => Ok(Term::NIL),
        }
    }

    // ---- operand decoding ----

    fn arg<'o>(&self, op: &'o GenericOp, i: usize) -> Result<&'o Operand> {
        op.args
            .get(i)
            .ok_or_else(|| self.error(format!("missing operand {i}")))
    }

    fn unsigned_at(&self, op: &GenericOp, i: usize) -> Result<u64> {
        match self.arg(op, i)? {
            Operand::Unsigned(n) => Ok(*n),
            Operand::Integer(n) if *n >= 0 => Ok(*n as u64),
            other => Err(self.error(format!("operand {i} is {other:?}, expected a number"))),
        }
    }

    fn u32_at(&self, op: &GenericOp, i: usize) -> Result<u32> {
        let n = self.unsigned_at(op, i)?;
        u32::try_from(n).map_err(|_| self.error(format!("operand {i} value {n} is too large")))
    }

    /// Reads a count of X registers (an arity or a live count), which must
    /// fit the register file.
    fn register_count_at(&self, op: &GenericOp, i: usize) -> Result<u32> {
        let n = self.u32_at(op, i)?;
        if n as usize >= crate::process::X_REGISTERS {
            return Err(self.error(format!(
                "operand {i} names {n} registers, more than the {} there are",
                crate::process::X_REGISTERS
            )));
        }
        Ok(n)
    }

    /// Reads a number of stack slots for `allocate`.
    fn stack_need_at(&self, op: &GenericOp, i: usize) -> Result<u32> {
        let n = self.u32_at(op, i)?;
        if n > MAX_FRAME_SLOTS {
            return Err(self.error(format!(
                "a frame of {n} slots is larger than the limit of {MAX_FRAME_SLOTS}"
            )));
        }
        Ok(n)
    }

    fn atom_at(&self, op: &GenericOp, i: usize) -> Result<Atom> {
        match self.arg(op, i)? {
            Operand::Atom(a) => Ok(self.atoms[*a as usize - 1]),
            other => Err(self.error(format!("operand {i} is {other:?}, expected an atom"))),
        }
    }

    fn label(&self, label: u32) -> Result<Label> {
        if label == 0 {
            return Ok(0);
        }
        match self.label_index.get(label as usize) {
            Some(&index) if index != u32::MAX => Ok(index),
            _ => Err(self.error(format!("label {label} is not defined"))),
        }
    }

    fn label_at(&self, op: &GenericOp, i: usize) -> Result<Label> {
        match self.arg(op, i)? {
            Operand::Label(l) => self.label(*l),
            other => Err(self.error(format!("operand {i} is {other:?}, expected a label"))),
        }
    }

    fn register(&self, operand: &Operand) -> Option<Dst> {
        match *operand {
            Operand::X(n) | Operand::TypedX { register: n, .. } => {
                let valid = n < crate::process::X_REGISTERS as u32;
                if valid {
                    let used = self.x_registers_used.get().max(n as usize + 1);
                    self.x_registers_used.set(used);
                }
                valid.then_some(Dst::X(X(n as u16)))
            }
            Operand::Y(n) | Operand::TypedY { register: n, .. } => {
                (n <= u16::MAX as u32).then_some(Dst::Y(Y(n as u16)))
            }
            _ => None,
        }
    }

    fn dst_at(&self, op: &GenericOp, i: usize) -> Result<Dst> {
        let operand = self.arg(op, i)?;
        self.register(operand)
            .ok_or_else(|| self.error(format!("operand {i} is {operand:?}, expected a register")))
    }

    fn src(&mut self, operand: &Operand) -> Result<Src> {
        if let Some(d) = self.register(operand) {
            return Ok(match d {
                Dst::X(x) => Src::X(x),
                Dst::Y(y) => Src::Y(y),
            });
        }
        Ok(Src::Term(self.term(operand)?))
    }

    fn src_at(&mut self, op: &GenericOp, i: usize) -> Result<Src> {
        let operand = self.arg(op, i)?.clone();
        self.src(&operand)
    }

    /// Returns the term an immediate operand stands for.
    fn term(&mut self, operand: &Operand) -> Result<Term> {
        Ok(match operand {
            Operand::Nil => Term::NIL,
            Operand::Atom(a) => Term::atom(self.atoms[*a as usize - 1]),
            Operand::Integer(n) => match Term::small(*n) {
                Some(t) => t,
                None => crate::bignum::from_bigint(&mut self.literals, &(*n).into()),
            },
            Operand::BigInteger(b) => crate::bignum::from_bigint(&mut self.literals, b),
            Operand::Unsigned(n) => match Term::small(*n as i64) {
                Some(t) if *n <= i64::MAX as u64 => t,
                _ => crate::bignum::from_bigint(&mut self.literals, &(*n).into()),
            },
            Operand::Char(c) => Term::small_unchecked(*c as i64),
            Operand::Float(f) => crate::heap::float(&mut self.literals, *f),
            Operand::Literal(i) => *self
                .literal_terms
                .get(*i as usize)
                .ok_or_else(|| self.error(format!("literal {i} out of range")))?,
            other => return Err(self.error(format!("{other:?} is not a term operand"))),
        })
    }

    fn list_at<'o>(&self, op: &'o GenericOp, i: usize) -> Result<&'o [Operand]> {
        match self.arg(op, i)? {
            Operand::List(items) => Ok(items),
            other => Err(self.error(format!("operand {i} is {other:?}, expected a list"))),
        }
    }

    fn srcs(&mut self, items: &[Operand]) -> Result<Box<[Src]>> {
        items.iter().map(|o| self.src(o)).collect()
    }

    fn freg(&self, operand: &Operand) -> Result<FReg> {
        match *operand {
            Operand::FloatReg(n) if n < crate::process::FLOAT_REGISTERS as u32 => {
                Ok(FReg(n as u16))
            }
            ref other => Err(self.error(format!("{other:?} is not a float register"))),
        }
    }

    fn freg_at(&self, op: &GenericOp, i: usize) -> Result<FReg> {
        let operand = self.arg(op, i)?;
        self.freg(operand)
    }

    fn import_at(&self, op: &GenericOp, i: usize) -> Result<&'static Export> {
        let n = self.unsigned_at(op, i)? as usize;
        self.imports
            .get(n)
            .copied()
            .ok_or_else(|| self.error(format!("import {n} out of range")))
    }

    fn bif_at(&self, op: &GenericOp, i: usize) -> Result<BifRef> {
        let export = self.import_at(op, i)?;
        match export.bif {
            Some(f) => Ok(BifRef { f, export }),
            None => Err(self.error(format!(
                "{}:{}/{} is not a known BIF",
                export.module, export.function, export.arity
            ))),
        }
    }

    /// Returns the BIF of a `bif0`, `bif1` or `bif2` operation. BIFs that
    /// continue by calling Erlang code (apply/2,3, hibernate/3) need a call
    /// instruction: a `bif` op would store their placeholder result and
    /// leave the call pending.
    fn plain_bif_at(&self, op: &GenericOp, i: usize) -> Result<BifRef> {
        let bif = self.bif_at(op, i)?;
        let e = bif.export;
        let traps = e.module == crate::atom::ERLANG
            && matches!(
                (e.function.name(), e.arity),
                ("apply", 2) | ("apply", 3) | ("hibernate", 3)
            );
        if traps {
            return Err(self.error(format!(
                "bif calls {}:{}/{}, which must be called with call_ext",
                e.module, e.function, e.arity
            )));
        }
        Ok(bif)
    }

    /// Returns the BIF of a `gc_bif` operation, which must be one that
    /// policies never check: erlc emits `gc_bif` only for guard BIFs, and
    /// the interpreter runs it without a policy check.
    fn gc_bif_at(&self, op: &GenericOp, i: usize) -> Result<BifRef> {
        let bif = self.bif_at(op, i)?;
        if bif.export.class != cordon_guards::Class::Pure {
            let e = bif.export;
            return Err(self.error(format!(
                "gc_bif calls {}:{}/{}, which is not a guard BIF",
                e.module, e.function, e.arity
            )));
        }
        Ok(bif)
    }

    /// Returns the words of heap an allocation operand requests.
    fn heap_need(&self, op: &GenericOp, i: usize) -> Result<u32> {
        match self.arg(op, i)? {
            Operand::AllocList(items) => {
                let mut words = 0u64;
                for (kind, n) in items {
                    words += match kind {
                        AllocKind::Words => *n as u64,
                        AllocKind::Floats => *n as u64 * 2,
                        AllocKind::Funs => *n as u64 * 3,
                    };
                }
                u32::try_from(words)
                    .ok()
                    .filter(|&w| w <= MAX_HEAP_NEED)
                    .ok_or_else(|| self.error(format!("heap need of {words} words is too large")))
            }
            _ => {
                let words = self.u32_at(op, i)?;
                if words > MAX_HEAP_NEED {
                    return Err(self.error(format!("heap need of {words} words is too large")));
                }
                Ok(words)
            }
        }
    }

    fn select_table(&mut self, items: &[Operand], tuple_arity: bool) -> Result<Box<SelectTable>> {
        if items.len() % 2 != 0 {
            return Err(self.error("select list has an odd number of elements"));
        }
        let mut values = Vec::with_capacity(items.len() / 2);
        let mut targets = Vec::with_capacity(items.len() / 2);
        for pair in items.chunks(2) {
            let value = if tuple_arity {
                match pair[0] {
                    Operand::Unsigned(n) => Term::small_unchecked(n as i64),
                    ref other => self.term(other)?,
                }
            } else {
                self.term(&pair[0])?
            };
            let target = match pair[1] {
                Operand::Label(l) => self.label(l)?,
                ref other => return Err(self.error(format!("{other:?} is not a label"))),
            };
            values.push(value);
            targets.push(target);
        }
        let all_immediate = values.iter().all(|v| v.is_immediate());
        let mut sorted = false;
        if all_immediate {
            let mut pairs: Vec<(Term, Label)> = values
                .iter()
                .copied()
                .zip(targets.iter().copied())
                .collect();
            pairs.sort_by_key(|(v, _)| v.raw());
            pairs.dedup_by_key(|(v, _)| v.raw());
            values = pairs.iter().map(|p| p.0).collect();
            targets = pairs.iter().map(|p| p.1).collect();
            sorted = true;
        }
        Ok(Box::new(SelectTable {
            values: values.into_boxed_slice(),
            targets: targets.into_boxed_slice(),
            sorted,
        }))
    }

    fn field_flags(&self, operand: &Operand) -> u32 {
        match operand {
            Operand::Unsigned(n) => *n as u32,
            Operand::Integer(n) => *n as u32,
            Operand::Literal(i) => {
                // bs_create_bin spells its flags as a literal list of atoms.
                let mut flags = 0;
                let mut t = self
                    .literal_terms
                    .get(*i as usize)
                    .copied()
                    .unwrap_or(Term::NIL);
                while t.is_cons() {
                    flags |= match t.head().as_atom().map(|a| a.name()) {
                        Some("little") => BS_LITTLE,
                        Some("signed") => BS_SIGNED,
                        Some("native") => BS_NATIVE,
                        _ => 0,
                    };
                    t = t.tail();
                }
                flags
            }
            _ => 0,
        }
    }

    fn type_test(&mut self, op: &GenericOp, test: TypeTest) -> Result<Instr> {
        Ok(Instr::TypeTest {
            test,
            fail: self.label_at(op, 0)?,
            src: self.src_at(op, 1)?,
        })
    }

    fn compare(&mut self, op: &GenericOp) -> Result<(Label, Src, Src)> {
        Ok((
            self.label_at(op, 0)?,
            self.src_at(op, 1)?,
            self.src_at(op, 2)?,
        ))
    }

    fn fail_or_none(&self, op: &GenericOp, i: usize) -> Result<Label> {
        match self.arg(op, i)? {
            Operand::Label(l) => self.label(*l),
            // bs_start_match4 takes the atoms no_fail and resume.
            Operand::Atom(_) => Ok(0),
            other => Err(self.error(format!("operand {i} is {other:?}, expected a label"))),
        }
    }

    fn instr(&mut self, op: &GenericOp) -> Result<Instr> {
        use Opcode as O;
        Ok(match op.opcode {
            O::FuncInfo => Instr::FuncInfo {
                module: self.atom_at(op, 0)?,
                function: self.atom_at(op, 1)?,
                arity: self.u32_at(op, 2)?,
            },
            O::Call => Instr::Call {
                arity: self.register_count_at(op, 0)?,
                target: self.label_at(op, 1)?,
            },
            O::CallLast => Instr::CallLast {
                arity: self.register_count_at(op, 0)?,
                target: self.label_at(op, 1)?,
                deallocate: self.u32_at(op, 2)?,
            },
            O::CallOnly => Instr::CallOnly {
                arity: self.register_count_at(op, 0)?,
                target: self.label_at(op, 1)?,
            },
            O::CallExt => {
                let export = self.import_at(op, 1)?;
                Instr::CallExt {
                    export,
                    site: self.site_for(export),
                }
            }
            O::CallExtLast => {
                let export = self.import_at(op, 1)?;
                Instr::CallExtLast {
                    export,
                    deallocate: self.u32_at(op, 2)?,
                    site: self.site_for(export),
                }
            }
            O::CallExtOnly => {
                let export = self.import_at(op, 1)?;
                Instr::CallExtOnly {
                    export,
                    site: self.site_for(export),
                }
            }
            O::Bif0 => Instr::Bif {
                bif: self.plain_bif_at(op, 0)?,
                site: self.bif_site_at(op, 0)?,
                fail: 0,
                args: Box::new([]),
                dst: self.dst_at(op, 1)?,
            },
            O::Bif1 => Instr::Bif {
                fail: self.label_at(op, 0)?,
                bif: self.plain_bif_at(op, 1)?,
                site: self.bif_site_at(op, 1)?,
                args: Box::new([self.src_at(op, 2)?]),
                dst: self.dst_at(op, 3)?,
            },
            O::Bif2 => Instr::Bif {
                fail: self.label_at(op, 0)?,
                bif: self.plain_bif_at(op, 1)?,
                site: self.bif_site_at(op, 1)?,
                args: Box::new([self.src_at(op, 2)?, self.src_at(op, 3)?]),
                dst: self.dst_at(op, 4)?,
            },
            O::GcBif1 => Instr::GcBif {
                fail: self.label_at(op, 0)?,
                live: self.u32_at(op, 1)?,
                bif: self.gc_bif_at(op, 2)?,
                args: Box::new([self.src_at(op, 3)?]),
                dst: self.dst_at(op, 4)?,
            },
            O::GcBif2 => {
                let bif = self.gc_bif_at(op, 2)?;
                let fail = self.label_at(op, 0)?;
                let live = self.u32_at(op, 1)?;
                let (a, b) = (self.src_at(op, 3)?, self.src_at(op, 4)?);
                let dst = self.dst_at(op, 5)?;
                match arith_op(bif) {
                    Some(arith) => Instr::Arith {
                        op: arith,
                        export: bif.export,
                        fail,
                        live,
                        a,
                        b,
                        dst,
                    },
                    None => Instr::GcBif {
                        fail,
                        live,
                        bif,
                        args: Box::new([a, b]),
                        dst,
                    },
                }
            }
            O::GcBif3 => Instr::GcBif {
                fail: self.label_at(op, 0)?,
                live: self.u32_at(op, 1)?,
                bif: self.gc_bif_at(op, 2)?,
                args: Box::new([
                    self.src_at(op, 3)?,
                    self.src_at(op, 4)?,
                    self.src_at(op, 5)?,
                ]),
                dst: self.dst_at(op, 6)?,
            },
            O::Allocate => Instr::Allocate {
                stack: self.stack_need_at(op, 0)?,
                live: self.register_count_at(op, 1)?,
            },
            O::AllocateHeap => Instr::AllocateHeap {
                stack: self.stack_need_at(op, 0)?,
                heap: self.heap_need(op, 1)?,
                live: self.register_count_at(op, 2)?,
            },
            O::AllocateZero => Instr::AllocateZero {
                stack: self.stack_need_at(op, 0)?,
                live: self.register_count_at(op, 1)?,
            },
            O::AllocateHeapZero => Instr::AllocateHeapZero {
                stack: self.stack_need_at(op, 0)?,
                heap: self.heap_need(op, 1)?,
                live: self.register_count_at(op, 2)?,
            },
            O::TestHeap => Instr::TestHeap {
                need: self.heap_need(op, 0)?,
                live: self.register_count_at(op, 1)?,
            },
            O::Init => match self.dst_at(op, 0)? {
                Dst::Y(y) => Instr::Init { y },
                Dst::X(_) => return Err(self.error("init of an X register")),
            },
            O::InitYregs => {
                let items = self.list_at(op, 0)?;
                let mut ys = Vec::with_capacity(items.len());
                for item in items {
                    match self.register(item) {
                        Some(Dst::Y(y)) => ys.push(y),
                        _ => return Err(self.error(format!("{item:?} is not a Y register"))),
                    }
                }
                Instr::InitYregs { ys: ys.into() }
            }
            O::Deallocate => Instr::Deallocate {
                n: self.u32_at(op, 0)?,
            },
            O::Return => Instr::Return,
            O::Trim => Instr::Trim {
                n: self.u32_at(op, 0)?,
            },
            O::Send => Instr::Send,
            O::RemoveMessage => Instr::RemoveMessage,
            O::Timeout => Instr::Timeout,
            O::LoopRec => Instr::LoopRec {
                fail: self.label_at(op, 0)?,
                dst: self.dst_at(op, 1)?,
            },
            O::LoopRecEnd => Instr::LoopRecEnd {
                target: self.label_at(op, 0)?,
            },
            O::Wait => Instr::Wait {
                target: self.label_at(op, 0)?,
            },
            O::WaitTimeout => Instr::WaitTimeout {
                target: self.label_at(op, 0)?,
                timeout: self.src_at(op, 1)?,
            },
            O::RecvMarkerReserve => Instr::RecvMarkerReserve {
                dst: self.dst_at(op, 0)?,
            },
            O::RecvMarkerBind => Instr::RecvMarkerBind {
                marker: self.src_at(op, 0)?,
                reference: self.src_at(op, 1)?,
            },
            O::RecvMarkerClear => Instr::RecvMarkerClear {
                reference: self.src_at(op, 0)?,
            },
            O::RecvMarkerUse => Instr::RecvMarkerUse {
                reference: self.src_at(op, 0)?,
            },
            O::IsLt => {
                let (fail, a, b) = self.compare(op)?;
                Instr::IsLt { fail, a, b }
            }
            O::IsGe => {
                let (fail, a, b) = self.compare(op)?;
                Instr::IsGe { fail, a, b }
            }
            O::IsEq => {
                let (fail, a, b) = self.compare(op)?;
                Instr::IsEq { fail, a, b }
            }
            O::IsNe => {
                let (fail, a, b) = self.compare(op)?;
                Instr::IsNe { fail, a, b }
            }
            O::IsEqExact => {
                let (fail, a, b) = self.compare(op)?;
                Instr::IsEqExact { fail, a, b }
            }
            O::IsNeExact => {
                let (fail, a, b) = self.compare(op)?;
                Instr::IsNeExact { fail, a, b }
            }
            O::IsInteger => self.type_test(op, TypeTest::Integer)?,
            O::IsFloat => self.type_test(op, TypeTest::Float)?,
            O::IsNumber => self.type_test(op, TypeTest::Number)?,
            O::IsAtom => self.type_test(op, TypeTest::Atom)?,
            O::IsPid => self.type_test(op, TypeTest::Pid)?,
            O::IsReference => self.type_test(op, TypeTest::Reference)?,
            O::IsPort => self.type_test(op, TypeTest::Port)?,
            O::IsNil => self.type_test(op, TypeTest::Nil)?,
            O::IsBinary => self.type_test(op, TypeTest::Binary)?,
            O::IsBitstr => self.type_test(op, TypeTest::Bitstring)?,
            O::IsList => self.type_test(op, TypeTest::List)?,
            O::IsNonemptyList => self.type_test(op, TypeTest::NonemptyList)?,
            O::IsTuple => self.type_test(op, TypeTest::Tuple)?,
            O::IsFunction => self.type_test(op, TypeTest::Function)?,
            O::IsBoolean => self.type_test(op, TypeTest::Boolean)?,
            O::IsMap => self.type_test(op, TypeTest::Map)?,
            O::TestArity => Instr::TestArity {
                fail: self.label_at(op, 0)?,
                src: self.src_at(op, 1)?,
                arity: self.u32_at(op, 2)?,
            },
            O::IsTaggedTuple => Instr::IsTaggedTuple {
                fail: self.label_at(op, 0)?,
                src: self.src_at(op, 1)?,
                arity: self.u32_at(op, 2)?,
                tag: Term::atom(self.atom_at(op, 3)?),
            },
            O::IsFunction2 => Instr::IsFunction2 {
                fail: self.label_at(op, 0)?,
                src: self.src_at(op, 1)?,
                arity: self.src_at(op, 2)?,
            },
            O::SelectVal => {
                let src = self.src_at(op, 0)?;
                let fail = self.label_at(op, 1)?;
                let items = self.list_at(op, 2)?.to_vec();
                Instr::SelectVal {
                    src,
                    fail,
                    table: self.select_table(&items, false)?,
                }
            }
            O::SelectTupleArity => {
                let src = self.src_at(op, 0)?;
                let fail = self.label_at(op, 1)?;
                let items = self.list_at(op, 2)?.to_vec();
                Instr::SelectTupleArity {
                    src,
                    fail,
                    table: self.select_table(&items, true)?,
                }
            }
            O::Jump => Instr::Jump {
                target: self.label_at(op, 0)?,
            },
            O::Catch | O::Try => {
                let y = match self.dst_at(op, 0)? {
                    Dst::Y(y) => y,
                    Dst::X(_) => return Err(self.error("catch tag in an X register")),
                };
                let handler = self.label_at(op, 1)?;
                if op.opcode == O::Catch {
                    Instr::Catch { y, handler }
                } else {
                    Instr::Try { y, handler }
                }
            }
            O::CatchEnd | O::TryEnd | O::TryCase => {
                let y = match self.dst_at(op, 0)? {
                    Dst::Y(y) => y,
                    Dst::X(_) => return Err(self.error("catch tag in an X register")),
                };
                match op.opcode {
                    O::CatchEnd => Instr::CatchEnd { y },
                    O::TryEnd => Instr::TryEnd { y },
                    _ => Instr::TryCase { y },
                }
            }
            O::TryCaseEnd => Instr::TryCaseEnd {
                src: self.src_at(op, 0)?,
            },
            O::Raise => Instr::Raise {
                stacktrace: self.src_at(op, 0)?,
                value: self.src_at(op, 1)?,
            },
            O::BuildStacktrace => Instr::BuildStacktrace,
            O::RawRaise => Instr::RawRaise,
            O::Move => Instr::Move {
                src: self.src_at(op, 0)?,
                dst: self.dst_at(op, 1)?,
            },
            O::Swap => Instr::Swap {
                a: self.dst_at(op, 0)?,
                b: self.dst_at(op, 1)?,
            },
            O::GetList => Instr::GetList {
                src: self.src_at(op, 0)?,
                head: self.dst_at(op, 1)?,
                tail: self.dst_at(op, 2)?,
            },
            O::GetHd => Instr::GetHd {
                src: self.src_at(op, 0)?,
                dst: self.dst_at(op, 1)?,
            },
            O::GetTl => Instr::GetTl {
                src: self.src_at(op, 0)?,
                dst: self.dst_at(op, 1)?,
            },
            O::GetTupleElement => Instr::GetTupleElement {
                src: self.src_at(op, 0)?,
                index: self.u32_at(op, 1)?,
                dst: self.dst_at(op, 2)?,
            },
            O::SetTupleElement => Instr::SetTupleElement {
                value: self.src_at(op, 0)?,
                tuple: self.src_at(op, 1)?,
                index: self.u32_at(op, 2)?,
            },
            O::PutList => Instr::PutList {
                head: self.src_at(op, 0)?,
                tail: self.src_at(op, 1)?,
                dst: self.dst_at(op, 2)?,
            },
            O::PutTuple2 => {
                let dst = self.dst_at(op, 0)?;
                let items = self.list_at(op, 1)?.to_vec();
                Instr::PutTuple2 {
                    dst,
                    elements: self.srcs(&items)?,
                }
            }
            O::Badmatch => Instr::Badmatch {
                src: self.src_at(op, 0)?,
            },
            O::IfEnd => Instr::IfEnd,
            O::CaseEnd => Instr::CaseEnd {
                src: self.src_at(op, 0)?,
            },
            O::Badrecord => Instr::Badrecord {
                src: self.src_at(op, 0)?,
            },
            O::CallFun => Instr::CallFun {
                arity: self.register_count_at(op, 0)?,
            },
            O::CallFun2 => Instr::CallFun2 {
                arity: self.register_count_at(op, 1)?,
                fun: self.src_at(op, 2)?,
            },
            O::MakeFun3 => {
                let index = self.u32_at(op, 0)? as usize;
                let entry = *self
                    .funs
                    .get(index)
                    .ok_or_else(|| self.error(format!("fun {index} out of range")))?;
                let dst = self.dst_at(op, 1)?;
                let items = self.list_at(op, 2)?.to_vec();
                Instr::MakeFun {
                    entry,
                    dst,
                    env: self.srcs(&items)?,
                }
            }
            O::Apply => Instr::Apply {
                arity: self.register_count_at(op, 0)?,
            },
            O::ApplyLast => Instr::ApplyLast {
                arity: self.register_count_at(op, 0)?,
                deallocate: self.u32_at(op, 1)?,
            },
            O::Fclearerror => Instr::Fclearerror,
            O::Fcheckerror => Instr::Fcheckerror,
            O::Fmove => {
                let src = match self.arg(op, 0)? {
                    Operand::FloatReg(_) => FSrc::F(self.freg_at(op, 0)?),
                    _ => FSrc::Src(self.src_at(op, 0)?),
                };
                let dst = match self.arg(op, 1)? {
                    Operand::FloatReg(_) => FDst::F(self.freg_at(op, 1)?),
                    _ => FDst::Dst(self.dst_at(op, 1)?),
                };
                Instr::Fmove { src, dst }
            }
            O::Fconv => Instr::Fconv {
                src: self.src_at(op, 0)?,
                dst: self.freg_at(op, 1)?,
            },
            O::Fadd | O::Fsub | O::Fmul | O::Fdiv => Instr::Farith {
                op: match op.opcode {
                    O::Fadd => FloatOp::Add,
                    O::Fsub => FloatOp::Sub,
                    O::Fmul => FloatOp::Mul,
                    _ => FloatOp::Div,
                },
                a: self.freg_at(op, 1)?,
                b: self.freg_at(op, 2)?,
                dst: self.freg_at(op, 3)?,
            },
            O::Fnegate => Instr::Fnegate {
                src: self.freg_at(op, 1)?,
                dst: self.freg_at(op, 2)?,
            },
            O::PutMapAssoc | O::PutMapExact => {
                let fail = self.label_at(op, 0)?;
                let src = self.src_at(op, 1)?;
                let dst = self.dst_at(op, 2)?;
                let live = self.u32_at(op, 3)?;
                let items = self.list_at(op, 4)?.to_vec();
                let pairs = self.srcs(&items)?;
                if op.opcode == O::PutMapAssoc {
                    Instr::PutMapAssoc {
                        fail,
                        src,
                        dst,
                        live,
                        pairs,
                    }
                } else {
                    Instr::PutMapExact {
                        fail,
                        src,
                        dst,
                        live,
                        pairs,
                    }
                }
            }
            O::HasMapFields => {
                let fail = self.label_at(op, 0)?;
                let src = self.src_at(op, 1)?;
                let items = self.list_at(op, 2)?.to_vec();
                Instr::HasMapFields {
                    fail,
                    src,
                    keys: self.srcs(&items)?,
                }
            }
            O::GetMapElements => {
                let fail = self.label_at(op, 0)?;
                let src = self.src_at(op, 1)?;
                let items = self.list_at(op, 2)?.to_vec();
                if items.len() % 2 != 0 {
                    return Err(self.error("odd number of key-destination operands"));
                }
                let mut pairs = Vec::with_capacity(items.len() / 2);
                for pair in items.chunks(2) {
                    let key = self.src(&pair[0])?;
                    let dst = self
                        .register(&pair[1])
                        .ok_or_else(|| self.error("map element destination is not a register"))?;
                    pairs.push((key, dst));
                }
                Instr::GetMapElements {
                    fail,
                    src,
                    pairs: pairs.into(),
                }
            }
            O::BsCreateBin => self.bs_create_bin(op)?,
            O::BsStartMatch3 => Instr::BsStartMatch {
                fail: self.fail_or_none(op, 0)?,
                src: self.src_at(op, 1)?,
                live: self.u32_at(op, 2)?,
                dst: self.dst_at(op, 3)?,
            },
            O::BsStartMatch4 => Instr::BsStartMatch {
                fail: self.fail_or_none(op, 0)?,
                live: self.u32_at(op, 1)?,
                src: self.src_at(op, 2)?,
                dst: self.dst_at(op, 3)?,
            },
            O::BsGetInteger2 => Instr::BsGetInteger {
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                live: self.u32_at(op, 2)?,
                size: self.src_at(op, 3)?,
                unit: self.u32_at(op, 4)?,
                flags: self.u32_at(op, 5)?,
                dst: self.dst_at(op, 6)?,
            },
            O::BsGetFloat2 => Instr::BsGetFloat {
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                size: self.src_at(op, 3)?,
                unit: self.u32_at(op, 4)?,
                flags: self.u32_at(op, 5)?,
                dst: self.dst_at(op, 6)?,
            },
            O::BsGetBinary2 => Instr::BsGetBinary {
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                live: self.u32_at(op, 2)?,
                size: self.src_at(op, 3)?,
                unit: self.u32_at(op, 4)?,
                dst: self.dst_at(op, 6)?,
            },
            O::BsSkipBits2 => Instr::BsSkipBits {
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                size: self.src_at(op, 2)?,
                unit: self.u32_at(op, 3)?,
            },
            O::BsTestTail2 => Instr::BsTestTail {
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                bits: self.unsigned_at(op, 2)?,
            },
            O::BsTestUnit => Instr::BsTestUnit {
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                unit: self.u32_at(op, 2)?,
            },
            O::BsMatchString => Instr::BsMatchString {
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                bits: self.unsigned_at(op, 2)?,
                offset: self.u32_at(op, 3)?,
            },
            O::BsGetUtf8 | O::BsGetUtf16 | O::BsGetUtf32 => Instr::BsGetUtf {
                width: utf_width(op.opcode),
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                flags: self.u32_at(op, 3)?,
                dst: Some(self.dst_at(op, 4)?),
            },
            O::BsSkipUtf8 | O::BsSkipUtf16 | O::BsSkipUtf32 => Instr::BsGetUtf {
                width: utf_width(op.opcode),
                fail: self.label_at(op, 0)?,
                ctx: self.src_at(op, 1)?,
                flags: self.u32_at(op, 3)?,
                dst: None,
            },
            O::BsGetTail => Instr::BsGetTail {
                ctx: self.src_at(op, 0)?,
                dst: self.dst_at(op, 1)?,
                live: self.u32_at(op, 2)?,
            },
            O::BsGetPosition => Instr::BsGetPosition {
                ctx: self.src_at(op, 0)?,
                dst: self.dst_at(op, 1)?,
            },
            O::BsSetPosition => Instr::BsSetPosition {
                ctx: self.src_at(op, 0)?,
                position: self.src_at(op, 1)?,
            },
            O::BsInitWritable => Instr::BsInitWritable,
            O::OnLoad => Instr::OnLoad,
            O::NifStart => Instr::Unsupported { name: "nif_start" },
            other => {
                return Err(self.error(format!(
                    "instruction {} (opcode {}) is not emitted by erlc of OTP 25 and is not supported",
                    other.name(),
                    other as u8
                )));
            }
        })
    }

    fn bs_create_bin(&mut self, op: &GenericOp) -> Result<Instr> {
        let fail = self.label_at(op, 0)?;
        let live = self.u32_at(op, 2)?;
        let unit = self.u32_at(op, 3)?;
        let dst = self.dst_at(op, 4)?;
        let items = self.list_at(op, 5)?.to_vec();
        if items.len() % 6 != 0 {
            return Err(self.error("segment list length is not a multiple of 6"));
        }
        let mut segments = Vec::with_capacity(items.len() / 6);
        for seg in items.chunks(6) {
            let kind = match &seg[0] {
                Operand::Atom(a) => match self.atoms[*a as usize - 1].name() {
                    "integer" => BinSegmentKind::Integer,
                    "float" => BinSegmentKind::Float,
                    "binary" => BinSegmentKind::Binary,
                    "utf8" => BinSegmentKind::Utf8,
                    "utf16" => BinSegmentKind::Utf16,
                    "utf32" => BinSegmentKind::Utf32,
                    "string" => BinSegmentKind::String,
                    "append" => BinSegmentKind::Append,
                    "private_append" => BinSegmentKind::PrivateAppend,
                    other => return Err(self.error(format!("unknown segment type {other}"))),
                },
                other => return Err(self.error(format!("segment type {other:?} is not an atom"))),
            };
            let unit = match seg[2] {
                Operand::Unsigned(n) => n as u32,
                Operand::Integer(n) => n as u32,
                _ => 1,
            };
            let flags = self.field_flags(&seg[3]);
            let value = match (&seg[4], kind) {
                (Operand::Unsigned(offset), BinSegmentKind::String) => {
                    Src::Term(Term::small_unchecked(*offset as i64))
                }
                (other, _) => self.src(other)?,
            };
            let size = self.src(&seg[5])?;
            segments.push(BinSegment {
                kind,
                unit,
                flags,
                value,
                size,
            });
        }
        Ok(Instr::BsCreateBin {
            fail,
            live,
            unit,
            dst,
            segments: segments.into(),
        })
    }
}

/// Returns the inline operation for an `erlang` arithmetic BIF.
fn arith_op(bif: BifRef) -> Option<ArithOp> {
    if bif.export.module != crate::atom::ERLANG {
        return None;
    }
    Some(match bif.export.function.name() {
        "+" => ArithOp::Add,
        "-" => ArithOp::Sub,
        "*" => ArithOp::Mul,
        "band" => ArithOp::Band,
        "bor" => ArithOp::Bor,
        _ => return None,
    })
}

fn utf_width(op: Opcode) -> UtfWidth {
    match op {
        Opcode::BsGetUtf8 | Opcode::BsSkipUtf8 => UtfWidth::Utf8,
        Opcode::BsGetUtf16 | Opcode::BsSkipUtf16 => UtfWidth::Utf16,
        _ => UtfWidth::Utf32,
    }
}
