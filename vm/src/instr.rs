//! The loaded instruction form the interpreter runs.
//!
//! The loader turns each generic BEAM operation into one [`Instr`] with its
//! operands resolved: labels become instruction indices, imports become
//! export entries, literals become terms in the module's literal area and
//! atoms become atom terms. `label` and `line` operations are dropped (line
//! numbers move to a side table), so every instruction does work.

use crate::atom::Atom;
use crate::bif::BifFn;
use crate::fun::{Export, FunEntry};
use crate::term::Term;

/// An instruction index within one module's code.
pub type Label = u32;

/// An X register number.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct X(pub u16);

/// A Y register number: a stack slot of the current frame.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct Y(pub u16);

/// A float register number.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct FReg(pub u16);

/// A source operand.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Src {
    X(X),
    Y(Y),
    /// An immediate or a literal in the module's literal area.
    Term(Term),
}

/// A destination operand.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Dst {
    X(X),
    Y(Y),
}

/// A float source: a float register or a term.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum FSrc {
    F(FReg),
    Src(Src),
}

/// A float destination.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum FDst {
    F(FReg),
    Dst(Dst),
}

/// A checked call site of a module: an index into [`crate::code::Module::sites`],
/// where the site caches the id of the last policy stack that permitted it.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct SiteId(pub u32);

impl SiteId {
    /// The site of a call that policies never check (a pure BIF).
    pub const UNCHECKED: SiteId = SiteId(u32::MAX);

    pub fn is_checked(self) -> bool {
        self != SiteId::UNCHECKED
    }
}

/// A BIF resolved at load time.
#[derive(Copy, Clone)]
pub struct BifRef {
    pub f: BifFn,
    pub export: &'static Export,
}

impl std::fmt::Debug for BifRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}/{}",
            self.export.module, self.export.function, self.export.arity
        )
    }
}

/// The jump table of `select_val`: sorted by value when all values are
/// small integers or all atoms, so lookups can binary-search.
#[derive(Debug)]
pub struct SelectTable {
    pub values: Box<[Term]>,
    pub targets: Box<[Label]>,
    /// `true` when `values` are sorted by raw word and unique.
    pub sorted: bool,
}

/// One segment of `bs_create_bin`.
#[derive(Debug, Clone, Copy)]
pub struct BinSegment {
    pub kind: BinSegmentKind,
    pub unit: u32,
    /// Field flags: [`BS_LITTLE`], [`BS_SIGNED`], [`BS_NATIVE`].
    pub flags: u32,
    pub value: Src,
    /// Size in units, or the atom `all` for whole binaries.
    pub size: Src,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinSegmentKind {
    Integer,
    Float,
    Binary,
    Utf8,
    Utf16,
    Utf32,
    String,
    Append,
    PrivateAppend,
}

/// Flags bit for little-endian fields.
pub const BS_LITTLE: u32 = 2;
/// Flags bit for signed integer fields.
pub const BS_SIGNED: u32 = 4;
/// Flags bit for native-endian fields.
pub const BS_NATIVE: u32 = 16;

/// A loaded instruction.
///
/// PERF: an explicit one-byte tag at offset 0 lets dispatch read the
/// variant with one load; a niche-encoded tag took four more
/// instructions per dispatch (seen in `perf annotate` on fib(30)).
#[derive(Debug)]
#[repr(u8)]
pub enum Instr {
    /// Start of a function; reached only by falling through a failed
    /// clause match, and raises `function_clause`.
    FuncInfo {
        module: Atom,
        function: Atom,
        arity: u32,
    },
    Call {
        arity: u32,
        target: Label,
    },
    CallLast {
        arity: u32,
        target: Label,
        deallocate: u32,
    },
    CallOnly {
        arity: u32,
        target: Label,
    },
    CallExt {
        export: &'static Export,
        site: SiteId,
    },
    CallExtLast {
        export: &'static Export,
        deallocate: u32,
        site: SiteId,
    },
    CallExtOnly {
        export: &'static Export,
        site: SiteId,
    },
    /// A BIF that cannot allocate, called through `bif0`, `bif1`, `bif2`.
    Bif {
        bif: BifRef,
        site: SiteId,
        fail: Label,
        args: Box<[Src]>,
        dst: Dst,
    },
    /// A guard BIF that may allocate; `live` X registers are roots for a
    /// collection. Policies never check guard BIFs, so it has no site.
    GcBif {
        bif: BifRef,
        fail: Label,
        live: u32,
        args: Box<[Src]>,
        dst: Dst,
    },
    /// An arithmetic `gc_bif` with an inline path for small integers;
    /// other operands go to `bif`.
    Arith {
        op: ArithOp,
        /// The BIF for operands that are not both small integers.
        export: &'static Export,
        fail: Label,
        live: u32,
        a: Src,
        b: Src,
        dst: Dst,
    },
    Allocate {
        stack: u32,
        live: u32,
    },
    AllocateHeap {
        stack: u32,
        heap: u32,
        live: u32,
    },
    /// `allocate_zero`: like `Allocate`, with every new Y slot set to nil.
    AllocateZero {
        stack: u32,
        live: u32,
    },
    AllocateHeapZero {
        stack: u32,
        heap: u32,
        live: u32,
    },
    TestHeap {
        need: u32,
        live: u32,
    },
    Init {
        y: Y,
    },
    InitYregs {
        ys: Box<[Y]>,
    },
    Deallocate {
        n: u32,
    },
    Return,
    Trim {
        n: u32,
    },
    Send,
    RemoveMessage,
    Timeout,
    LoopRec {
        fail: Label,
        dst: Dst,
    },
    LoopRecEnd {
        target: Label,
    },
    Wait {
        target: Label,
    },
    WaitTimeout {
        target: Label,
        timeout: Src,
    },
    RecvMarkerReserve {
        dst: Dst,
    },
    RecvMarkerBind {
        marker: Src,
        reference: Src,
    },
    RecvMarkerClear {
        reference: Src,
    },
    RecvMarkerUse {
        reference: Src,
    },
    IsLt {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsGe {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsEq {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsNe {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsEqExact {
        fail: Label,
        a: Src,
        b: Src,
    },
    IsNeExact {
        fail: Label,
        a: Src,
        b: Src,
    },
    /// A type test: jumps to `fail` unless `src` has type `test`.
    TypeTest {
        test: TypeTest,
        fail: Label,
        src: Src,
    },
    TestArity {
        fail: Label,
        src: Src,
        arity: u32,
    },
    IsTaggedTuple {
        fail: Label,
        src: Src,
        arity: u32,
        tag: Term,
    },
    IsFunction2 {
        fail: Label,
        src: Src,
        arity: Src,
    },
    SelectVal {
        src: Src,
        fail: Label,
        table: Box<SelectTable>,
    },
    SelectTupleArity {
        src: Src,
        fail: Label,
        table: Box<SelectTable>,
    },
    Jump {
        target: Label,
    },
    Catch {
        y: Y,
        handler: Label,
    },
    CatchEnd {
        y: Y,
    },
    Try {
        y: Y,
        handler: Label,
    },
    TryEnd {
        y: Y,
    },
    TryCase {
        y: Y,
    },
    TryCaseEnd {
        src: Src,
    },
    Raise {
        stacktrace: Src,
        value: Src,
    },
    BuildStacktrace,
    RawRaise,
    Move {
        src: Src,
        dst: Dst,
    },
    Swap {
        a: Dst,
        b: Dst,
    },
    GetList {
        src: Src,
        head: Dst,
        tail: Dst,
    },
    GetHd {
        src: Src,
        dst: Dst,
    },
    GetTl {
        src: Src,
        dst: Dst,
    },
    GetTupleElement {
        src: Src,
        index: u32,
        dst: Dst,
    },
    SetTupleElement {
        value: Src,
        tuple: Src,
        index: u32,
    },
    PutList {
        head: Src,
        tail: Src,
        dst: Dst,
    },
    PutTuple2 {
        dst: Dst,
        elements: Box<[Src]>,
    },
    Badmatch {
        src: Src,
    },
    IfEnd,
    CaseEnd {
        src: Src,
    },
    Badrecord {
        src: Src,
    },
    CallFun {
        arity: u32,
    },
    CallFun2 {
        arity: u32,
        fun: Src,
    },
    MakeFun {
        entry: &'static FunEntry,
        dst: Dst,
        env: Box<[Src]>,
    },
    Apply {
        arity: u32,
    },
    ApplyLast {
        arity: u32,
        deallocate: u32,
    },
    Fclearerror,
    Fcheckerror,
    Fmove {
        src: FSrc,
        dst: FDst,
    },
    Fconv {
        src: Src,
        dst: FReg,
    },
    Farith {
        op: FloatOp,
        a: FReg,
        b: FReg,
        dst: FReg,
    },
    Fnegate {
        src: FReg,
        dst: FReg,
    },
    PutMapAssoc {
        fail: Label,
        src: Src,
        dst: Dst,
        live: u32,
        pairs: Box<[Src]>,
    },
    PutMapExact {
        fail: Label,
        src: Src,
        dst: Dst,
        live: u32,
        pairs: Box<[Src]>,
    },
    HasMapFields {
        fail: Label,
        src: Src,
        keys: Box<[Src]>,
    },
    GetMapElements {
        fail: Label,
        src: Src,
        pairs: Box<[(Src, Dst)]>,
    },
    BsCreateBin {
        fail: Label,
        live: u32,
        unit: u32,
        dst: Dst,
        segments: Box<[BinSegment]>,
    },
    BsStartMatch {
        fail: Label,
        live: u32,
        src: Src,
        dst: Dst,
    },
    BsGetInteger {
        fail: Label,
        ctx: Src,
        live: u32,
        size: Src,
        unit: u32,
        flags: u32,
        dst: Dst,
    },
    BsGetFloat {
        fail: Label,
        ctx: Src,
        size: Src,
        unit: u32,
        flags: u32,
        dst: Dst,
    },
    BsGetBinary {
        fail: Label,
        ctx: Src,
        live: u32,
        size: Src,
        unit: u32,
        dst: Dst,
    },
    BsSkipBits {
        fail: Label,
        ctx: Src,
        size: Src,
        unit: u32,
    },
    BsTestTail {
        fail: Label,
        ctx: Src,
        bits: u64,
    },
    BsTestUnit {
        fail: Label,
        ctx: Src,
        unit: u32,
    },
    BsMatchString {
        fail: Label,
        ctx: Src,
        bits: u64,
        /// Offset of the string in the module's string table.
        offset: u32,
    },
    BsGetUtf {
        width: UtfWidth,
        fail: Label,
        ctx: Src,
        flags: u32,
        dst: Option<Dst>,
    },
    BsGetTail {
        ctx: Src,
        dst: Dst,
        live: u32,
    },
    BsGetPosition {
        ctx: Src,
        dst: Dst,
    },
    BsSetPosition {
        ctx: Src,
        position: Src,
    },
    /// `bs_init_writable`: x(0) becomes an empty binary that appends may
    /// grow; the size hint in x(0) is not needed.
    BsInitWritable,
    OnLoad,
    /// Reached when an instruction the loader does not know how to run is
    /// executed; raises `undef`-like error naming the operation.
    Unsupported {
        name: &'static str,
    },
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum TypeTest {
    Integer,
    Float,
    Number,
    Atom,
    Pid,
    Reference,
    Port,
    Nil,
    Binary,
    Bitstring,
    List,
    NonemptyList,
    Tuple,
    Function,
    Boolean,
    Map,
}

/// The integer operations [`Instr::Arith`] runs inline.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Band,
    Bor,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum FloatOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum UtfWidth {
    Utf8,
    Utf16,
    Utf32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruction_size_is_bounded() {
        // The dispatch loop copies instructions by reference, but a large
        // enum still costs cache lines; boxed tables keep it small.
        assert!(
            std::mem::size_of::<Instr>() <= 64,
            "{}",
            std::mem::size_of::<Instr>()
        );
    }
}
