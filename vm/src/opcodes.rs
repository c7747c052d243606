//! The generic BEAM instruction set of Erlang/OTP 25.
//!
//! `for_each_opcode!` is the only table of opcode numbers, names and
//! arities, copied from OTP 25's `beam_opcodes.erl` (compiler 8.2.3). The
//! `Opcode` enum and its lookups are generated from it here, and dispatch
//! or JIT code elsewhere can generate theirs from the same table. Numbers
//! that OTP 25 marks obsolete are absent from the table, because OTP 25
//! neither emits nor loads them; `obsolete_opcode_name` names them for
//! error messages.

/// Invokes `$callback!` with every OTP 25 generic opcode.
///
/// Each entry reads `#[doc] Variant = number, "erlang_name", arity;`. Operand
/// names in the docs follow `genop.tab` in the OTP sources.
macro_rules! for_each_opcode {
    ($callback:ident) => {
        $callback! {
            /// `label Lbl`: marks a jump target.
            Label = 1, "label", 1;
            /// `func_info M F A`: starts a function and raises `function_clause` when reached.
            FuncInfo = 2, "func_info", 3;
            /// `int_code_end`: marks the end of the code.
            IntCodeEnd = 3, "int_code_end", 0;
            /// `call Arity Label`: calls a local function, saving the return address.
            Call = 4, "call", 2;
            /// `call_last Arity Label Deallocate`: deallocates the frame and tail-calls a local function.
            CallLast = 5, "call_last", 3;
            /// `call_only Arity Label`: tail-calls a local function without a frame to deallocate.
            CallOnly = 6, "call_only", 2;
            /// `call_ext Arity Import`: calls an imported function.
            CallExt = 7, "call_ext", 2;
            /// `call_ext_last Arity Import Deallocate`: deallocates the frame and tail-calls an import.
            CallExtLast = 8, "call_ext_last", 3;
            /// `bif0 Bif Dst`: calls a BIF of arity 0, which cannot fail.
            Bif0 = 9, "bif0", 2;
            /// `bif1 Fail Bif Arg Dst`: calls a BIF of arity 1.
            Bif1 = 10, "bif1", 4;
            /// `bif2 Fail Bif Arg1 Arg2 Dst`: calls a BIF of arity 2.
            Bif2 = 11, "bif2", 5;
            /// `allocate StackNeed Live`: allocates a stack frame.
            Allocate = 12, "allocate", 2;
            /// `allocate_heap StackNeed HeapNeed Live`: allocates a stack frame and heap space.
            AllocateHeap = 13, "allocate_heap", 3;
            /// `allocate_zero StackNeed Live`: allocates a stack frame with cleared slots.
            AllocateZero = 14, "allocate_zero", 2;
            /// `allocate_heap_zero StackNeed HeapNeed Live`: allocates a cleared frame and heap space.
            AllocateHeapZero = 15, "allocate_heap_zero", 3;
            /// `test_heap HeapNeed Live`: ensures heap space, collecting garbage if needed.
            TestHeap = 16, "test_heap", 2;
            /// `init Y`: clears a stack slot.
            Init = 17, "init", 1;
            /// `deallocate N`: frees the current stack frame.
            Deallocate = 18, "deallocate", 1;
            /// `return`: returns to the saved return address.
            Return = 19, "return", 0;
            /// `send`: sends `x1` to `x0` and leaves the message in `x0`.
            Send = 20, "send", 0;
            /// `remove_message`: removes the current message from the message queue.
            RemoveMessage = 21, "remove_message", 0;
            /// `timeout`: resets the message queue pointer after a receive timeout.
            Timeout = 22, "timeout", 0;
            /// `loop_rec Fail Dst`: loads the next message, or jumps to `Fail` when there is none.
            LoopRec = 23, "loop_rec", 2;
            /// `loop_rec_end Label`: advances to the next message and jumps to `Label`.
            LoopRecEnd = 24, "loop_rec_end", 1;
            /// `wait Label`: suspends until a message arrives, then jumps to `Label`.
            Wait = 25, "wait", 1;
            /// `wait_timeout Label Time`: suspends until a message arrives or `Time` expires.
            WaitTimeout = 26, "wait_timeout", 2;
            /// `is_lt Fail A B`: jumps to `Fail` unless `A < B`.
            IsLt = 39, "is_lt", 3;
            /// `is_ge Fail A B`: jumps to `Fail` unless `A >= B`.
            IsGe = 40, "is_ge", 3;
            /// `is_eq Fail A B`: jumps to `Fail` unless `A == B`.
            IsEq = 41, "is_eq", 3;
            /// `is_ne Fail A B`: jumps to `Fail` unless `A /= B`.
            IsNe = 42, "is_ne", 3;
            /// `is_eq_exact Fail A B`: jumps to `Fail` unless `A =:= B`.
            IsEqExact = 43, "is_eq_exact", 3;
            /// `is_ne_exact Fail A B`: jumps to `Fail` unless `A =/= B`.
            IsNeExact = 44, "is_ne_exact", 3;
            /// `is_integer Fail Arg`: jumps to `Fail` unless `Arg` is an integer.
            IsInteger = 45, "is_integer", 2;
            /// `is_float Fail Arg`: jumps to `Fail` unless `Arg` is a float.
            IsFloat = 46, "is_float", 2;
            /// `is_number Fail Arg`: jumps to `Fail` unless `Arg` is a number.
            IsNumber = 47, "is_number", 2;
            /// `is_atom Fail Arg`: jumps to `Fail` unless `Arg` is an atom.
            IsAtom = 48, "is_atom", 2;
            /// `is_pid Fail Arg`: jumps to `Fail` unless `Arg` is a pid.
            IsPid = 49, "is_pid", 2;
            /// `is_reference Fail Arg`: jumps to `Fail` unless `Arg` is a reference.
            IsReference = 50, "is_reference", 2;
            /// `is_port Fail Arg`: jumps to `Fail` unless `Arg` is a port.
            IsPort = 51, "is_port", 2;
            /// `is_nil Fail Arg`: jumps to `Fail` unless `Arg` is `[]`.
            IsNil = 52, "is_nil", 2;
            /// `is_binary Fail Arg`: jumps to `Fail` unless `Arg` is a binary.
            IsBinary = 53, "is_binary", 2;
            /// `is_list Fail Arg`: jumps to `Fail` unless `Arg` is a cons cell or `[]`.
            IsList = 55, "is_list", 2;
            /// `is_nonempty_list Fail Arg`: jumps to `Fail` unless `Arg` is a cons cell.
            IsNonemptyList = 56, "is_nonempty_list", 2;
            /// `is_tuple Fail Arg`: jumps to `Fail` unless `Arg` is a tuple.
            IsTuple = 57, "is_tuple", 2;
            /// `test_arity Fail Arg Size`: jumps to `Fail` unless tuple `Arg` has `Size` elements.
            TestArity = 58, "test_arity", 3;
            /// `select_val Arg Fail Destinations`: jumps on the value of `Arg`.
            SelectVal = 59, "select_val", 3;
            /// `select_tuple_arity Tuple Fail Destinations`: jumps on the arity of `Tuple`.
            SelectTupleArity = 60, "select_tuple_arity", 3;
            /// `jump Label`: jumps unconditionally.
            Jump = 61, "jump", 1;
            /// `catch Y Label`: installs a catch handler in slot `Y`.
            Catch = 62, "catch", 2;
            /// `catch_end Y`: removes the catch handler and turns an exception into a value.
            CatchEnd = 63, "catch_end", 1;
            /// `move Src Dst`: copies `Src` to `Dst`.
            Move = 64, "move", 2;
            /// `get_list Src Head Tail`: splits a cons cell.
            GetList = 65, "get_list", 3;
            /// `get_tuple_element Src Index Dst`: reads a tuple element by zero-based index.
            GetTupleElement = 66, "get_tuple_element", 3;
            /// `set_tuple_element Value Tuple Index`: destructively updates a fresh tuple.
            SetTupleElement = 67, "set_tuple_element", 3;
            /// `put_list Head Tail Dst`: builds a cons cell.
            PutList = 69, "put_list", 3;
            /// `badmatch Value`: raises `{badmatch, Value}`.
            Badmatch = 72, "badmatch", 1;
            /// `if_end`: raises `if_clause`.
            IfEnd = 73, "if_end", 0;
            /// `case_end Value`: raises `{case_clause, Value}`.
            CaseEnd = 74, "case_end", 1;
            /// `call_fun Arity`: calls the fun in `x[Arity]` with the arguments in `x0..Arity`.
            CallFun = 75, "call_fun", 1;
            /// `is_function Fail Arg`: jumps to `Fail` unless `Arg` is a fun.
            IsFunction = 77, "is_function", 2;
            /// `call_ext_only Arity Import`: tail-calls an import without a frame to deallocate.
            CallExtOnly = 78, "call_ext_only", 2;
            /// `bs_put_integer Fail Size Unit Flags Src`: appends an integer to the binary under construction.
            BsPutInteger = 89, "bs_put_integer", 5;
            /// `bs_put_binary Fail Size Unit Flags Src`: appends a binary to the binary under construction.
            BsPutBinary = 90, "bs_put_binary", 5;
            /// `bs_put_float Fail Size Unit Flags Src`: appends a float to the binary under construction.
            BsPutFloat = 91, "bs_put_float", 5;
            /// `bs_put_string Length StringOffset`: appends bytes from the string table.
            BsPutString = 92, "bs_put_string", 2;
            /// `fclearerror`: clears the floating-point error state.
            Fclearerror = 94, "fclearerror", 0;
            /// `fcheckerror Fail`: raises `badarith` if a floating-point error occurred.
            Fcheckerror = 95, "fcheckerror", 1;
            /// `fmove Src Dst`: moves a float between a term and a float register.
            Fmove = 96, "fmove", 2;
            /// `fconv Src FloatReg`: converts a number to a float in a float register.
            Fconv = 97, "fconv", 2;
            /// `fadd Fail A B Dst`: adds two float registers.
            Fadd = 98, "fadd", 4;
            /// `fsub Fail A B Dst`: subtracts two float registers.
            Fsub = 99, "fsub", 4;
            /// `fmul Fail A B Dst`: multiplies two float registers.
            Fmul = 100, "fmul", 4;
            /// `fdiv Fail A B Dst`: divides two float registers.
            Fdiv = 101, "fdiv", 4;
            /// `fnegate Fail Src Dst`: negates a float register.
            Fnegate = 102, "fnegate", 3;
            /// `make_fun2 FunIndex`: builds a fun from `FunT` entry `FunIndex` and the free variables in x registers.
            MakeFun2 = 103, "make_fun2", 1;
            /// `try Y Label`: installs a try handler in slot `Y`.
            Try = 104, "try", 2;
            /// `try_end Y`: removes the try handler in slot `Y`.
            TryEnd = 105, "try_end", 1;
            /// `try_case Y`: removes the try handler and moves the exception into x registers.
            TryCase = 106, "try_case", 1;
            /// `try_case_end Value`: raises `{try_clause, Value}`.
            TryCaseEnd = 107, "try_case_end", 1;
            /// `raise Stacktrace Value`: rethrows an exception with a saved stack trace.
            Raise = 108, "raise", 2;
            /// `bs_init2 Fail Size Words Live Flags Dst`: starts building a binary of `Size` bytes.
            BsInit2 = 109, "bs_init2", 6;
            /// `bs_add Fail Src1 Src2 Unit Dst`: computes `Src1 + Src2 * Unit` for binary sizes.
            BsAdd = 111, "bs_add", 5;
            /// `apply Arity`: calls `x[Arity]:x[Arity+1]` with the arguments in x registers.
            Apply = 112, "apply", 1;
            /// `apply_last Arity Deallocate`: deallocates the frame and tail-calls like `apply`.
            ApplyLast = 113, "apply_last", 2;
            /// `is_boolean Fail Arg`: jumps to `Fail` unless `Arg` is `true` or `false`.
            IsBoolean = 114, "is_boolean", 2;
            /// `is_function2 Fail Arg Arity`: jumps to `Fail` unless `Arg` is a fun of arity `Arity`.
            IsFunction2 = 115, "is_function2", 3;
            /// `bs_get_integer2 Fail Ctx Live Size Unit Flags Dst`: matches an integer.
            BsGetInteger2 = 117, "bs_get_integer2", 7;
            /// `bs_get_float2 Fail Ctx Live Size Unit Flags Dst`: matches a float.
            BsGetFloat2 = 118, "bs_get_float2", 7;
            /// `bs_get_binary2 Fail Ctx Live Size Unit Flags Dst`: matches a sub-binary.
            BsGetBinary2 = 119, "bs_get_binary2", 7;
            /// `bs_skip_bits2 Fail Ctx Size Unit Flags`: skips `Size * Unit` bits.
            BsSkipBits2 = 120, "bs_skip_bits2", 5;
            /// `bs_test_tail2 Fail Ctx Bits`: jumps to `Fail` unless exactly `Bits` bits remain.
            BsTestTail2 = 121, "bs_test_tail2", 3;
            /// `gc_bif1 Fail Live Bif Arg Dst`: calls a BIF of arity 1 that may collect garbage.
            GcBif1 = 124, "gc_bif1", 5;
            /// `gc_bif2 Fail Live Bif Arg1 Arg2 Dst`: calls a BIF of arity 2 that may collect garbage.
            GcBif2 = 125, "gc_bif2", 6;
            /// `is_bitstr Fail Arg`: jumps to `Fail` unless `Arg` is a bitstring.
            IsBitstr = 129, "is_bitstr", 2;
            /// `bs_test_unit Fail Ctx Unit`: jumps to `Fail` unless the remaining bits are a multiple of `Unit`.
            BsTestUnit = 131, "bs_test_unit", 3;
            /// `bs_match_string Fail Ctx Bits StringOffset`: matches bits from the string table.
            BsMatchString = 132, "bs_match_string", 4;
            /// `bs_init_writable`: makes the binary in `x0` writable for appending.
            BsInitWritable = 133, "bs_init_writable", 0;
            /// `bs_append Fail Size Extra Live Unit Bin Flags Dst`: appends to a binary.
            BsAppend = 134, "bs_append", 8;
            /// `bs_private_append Fail Size Unit Bin Flags Dst`: appends to a binary that no other term references.
            BsPrivateAppend = 135, "bs_private_append", 6;
            /// `trim N Remaining`: drops the `N` lowest stack slots.
            Trim = 136, "trim", 2;
            /// `bs_init_bits Fail Size Words Live Flags Dst`: starts building a bitstring of `Size` bits.
            BsInitBits = 137, "bs_init_bits", 6;
            /// `bs_get_utf8 Fail Ctx Live Flags Dst`: matches a UTF-8 code point.
            BsGetUtf8 = 138, "bs_get_utf8", 5;
            /// `bs_skip_utf8 Fail Ctx Live Flags`: skips a UTF-8 code point.
            BsSkipUtf8 = 139, "bs_skip_utf8", 4;
            /// `bs_get_utf16 Fail Ctx Live Flags Dst`: matches a UTF-16 code point.
            BsGetUtf16 = 140, "bs_get_utf16", 5;
            /// `bs_skip_utf16 Fail Ctx Live Flags`: skips a UTF-16 code point.
            BsSkipUtf16 = 141, "bs_skip_utf16", 4;
            /// `bs_get_utf32 Fail Ctx Live Flags Dst`: matches a UTF-32 code point.
            BsGetUtf32 = 142, "bs_get_utf32", 5;
            /// `bs_skip_utf32 Fail Ctx Live Flags`: skips a UTF-32 code point.
            BsSkipUtf32 = 143, "bs_skip_utf32", 4;
            /// `bs_utf8_size Fail Src Dst`: computes the UTF-8 encoded size of a code point.
            BsUtf8Size = 144, "bs_utf8_size", 3;
            /// `bs_put_utf8 Fail Flags Src`: appends a code point as UTF-8.
            BsPutUtf8 = 145, "bs_put_utf8", 3;
            /// `bs_utf16_size Fail Src Dst`: computes the UTF-16 encoded size of a code point.
            BsUtf16Size = 146, "bs_utf16_size", 3;
            /// `bs_put_utf16 Fail Flags Src`: appends a code point as UTF-16.
            BsPutUtf16 = 147, "bs_put_utf16", 3;
            /// `bs_put_utf32 Fail Flags Src`: appends a code point as UTF-32.
            BsPutUtf32 = 148, "bs_put_utf32", 3;
            /// `on_load`: marks the function that runs when the module is loaded.
            OnLoad = 149, "on_load", 0;
            /// `recv_mark Label`: saves the message queue position (OTP 25 compilers emit `recv_marker_*` instead).
            RecvMark = 150, "recv_mark", 1;
            /// `recv_set Label`: restores the saved message queue position.
            RecvSet = 151, "recv_set", 1;
            /// `gc_bif3 Fail Live Bif Arg1 Arg2 Arg3 Dst`: calls a BIF of arity 3 that may collect garbage.
            GcBif3 = 152, "gc_bif3", 7;
            /// `line Index`: sets the source location from the `Line` chunk.
            Line = 153, "line", 1;
            /// `put_map_assoc Fail Map Dst Live Pairs`: adds or updates map keys (`=>`).
            PutMapAssoc = 154, "put_map_assoc", 5;
            /// `put_map_exact Fail Map Dst Live Pairs`: updates existing map keys (`:=`).
            PutMapExact = 155, "put_map_exact", 5;
            /// `is_map Fail Arg`: jumps to `Fail` unless `Arg` is a map.
            IsMap = 156, "is_map", 2;
            /// `has_map_fields Fail Src Keys`: jumps to `Fail` unless the map has all `Keys`.
            HasMapFields = 157, "has_map_fields", 3;
            /// `get_map_elements Fail Src KeysAndDsts`: reads map values, or jumps to `Fail` if a key is missing.
            GetMapElements = 158, "get_map_elements", 3;
            /// `is_tagged_tuple Fail Src Arity Atom`: jumps to `Fail` unless `Src` is a tuple of `Arity` starting with `Atom`.
            IsTaggedTuple = 159, "is_tagged_tuple", 4;
            /// `build_stacktrace`: turns the raw stack trace in `x0` into a list.
            BuildStacktrace = 160, "build_stacktrace", 0;
            /// `raw_raise`: rethrows the exception class, reason and raw stack trace in `x0..x2`.
            RawRaise = 161, "raw_raise", 0;
            /// `get_hd Src Head`: reads the head of a cons cell.
            GetHd = 162, "get_hd", 2;
            /// `get_tl Src Tail`: reads the tail of a cons cell.
            GetTl = 163, "get_tl", 2;
            /// `put_tuple2 Dst Elements`: builds a tuple from a list of sources.
            PutTuple2 = 164, "put_tuple2", 2;
            /// `bs_get_tail Ctx Dst Live`: returns the unmatched rest of a match context as a binary.
            BsGetTail = 165, "bs_get_tail", 3;
            /// `bs_start_match3 Fail Bin Live Dst`: starts matching a bitstring.
            BsStartMatch3 = 166, "bs_start_match3", 4;
            /// `bs_get_position Ctx Dst Live`: saves the position of a match context.
            BsGetPosition = 167, "bs_get_position", 3;
            /// `bs_set_position Ctx Pos`: restores the position of a match context.
            BsSetPosition = 168, "bs_set_position", 2;
            /// `swap A B`: exchanges two registers.
            Swap = 169, "swap", 2;
            /// `bs_start_match4 Fail Live Src Dst`: starts matching a bitstring, where `Fail` may be `no_fail` or `resume`.
            BsStartMatch4 = 170, "bs_start_match4", 4;
            /// `make_fun3 FunIndex Dst Environment`: builds a fun from `FunT` entry `FunIndex` with the listed free variables.
            MakeFun3 = 171, "make_fun3", 3;
            /// `init_yregs Slots`: clears the listed stack slots.
            InitYregs = 172, "init_yregs", 1;
            /// `recv_marker_bind Marker Reference`: binds a reserved receive marker to a reference.
            RecvMarkerBind = 173, "recv_marker_bind", 2;
            /// `recv_marker_clear Reference`: clears the receive marker bound to a reference.
            RecvMarkerClear = 174, "recv_marker_clear", 1;
            /// `recv_marker_reserve Marker`: reserves a receive marker at the end of the message queue.
            RecvMarkerReserve = 175, "recv_marker_reserve", 1;
            /// `recv_marker_use Reference`: starts the next receive at the marker bound to a reference.
            RecvMarkerUse = 176, "recv_marker_use", 1;
            /// `bs_create_bin Fail Alloc Live Unit Dst Segments`: builds a binary from a list of segments.
            BsCreateBin = 177, "bs_create_bin", 6;
            /// `call_fun2 Tag Arity Func`: calls a fun, where `Tag` is `safe`, `unsafe` or the `FunT` index of the fun.
            CallFun2 = 178, "call_fun2", 3;
            /// `nif_start`: marks a function that a NIF may replace.
            NifStart = 179, "nif_start", 0;
            /// `badrecord Value`: raises `{badrecord, Value}`.
            Badrecord = 180, "badrecord", 1;
        }
    };
}
// Re-exported so that dispatch and JIT code can be generated from the table.
#[allow(unused_imports)]
pub(crate) use for_each_opcode;

/// Generates `Opcode` and its lookups from the `for_each_opcode!` table.
macro_rules! define_opcode {
    ($($(#[$doc:meta])* $variant:ident = $number:literal, $name:literal, $arity:literal;)*) => {
        /// A generic BEAM opcode of OTP 25, numbered as in `.beam` files.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Opcode {
            $($(#[$doc])* $variant = $number,)*
        }

        impl Opcode {
            /// Every opcode in ascending number order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$variant,)*];

            /// Returns the opcode numbered `number`, or `None` for numbers that OTP 25 does not define or marks obsolete.
            pub const fn from_u8(number: u8) -> Option<Opcode> {
                match number {
                    $($number => Some(Opcode::$variant),)*
                    _ => None,
                }
            }

            /// Returns the instruction's name as Erlang spells it, for example `"call_ext_last"`.
            pub const fn name(&self) -> &'static str {
                match self {
                    $(Opcode::$variant => $name,)*
                }
            }

            /// Returns the number of operands that follow the opcode in the `Code` chunk.
            pub const fn arity(&self) -> usize {
                match self {
                    $(Opcode::$variant => $arity,)*
                }
            }
        }
    };
}

for_each_opcode!(define_opcode);

/// The highest opcode number OTP 25 defines.
pub const MAX_OPCODE: u8 = 180;

impl Opcode {
    /// Returns the opcode's number in `.beam` files.
    pub const fn number(self) -> u8 {
        self as u8
    }
}

impl std::fmt::Display for Opcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Returns the name of an opcode number that OTP 25 lists as obsolete, so
/// that a loader can tell an old module apart from a corrupt one.
pub fn obsolete_opcode_name(number: u8) -> Option<&'static str> {
    let name = match number {
        27 => "m_plus",
        28 => "m_minus",
        29 => "m_times",
        30 => "m_div",
        31 => "int_div",
        32 => "int_rem",
        33 => "int_band",
        34 => "int_bor",
        35 => "int_bxor",
        36 => "int_bsl",
        37 => "int_bsr",
        38 => "int_bnot",
        54 => "is_constant",
        68 => "put_string",
        70 => "put_tuple",
        71 => "put",
        76 => "make_fun",
        79 => "bs_start_match",
        80 => "bs_get_integer",
        81 => "bs_get_float",
        82 => "bs_get_binary",
        83 => "bs_skip_bits",
        84 => "bs_test_tail",
        85 => "bs_save",
        86 => "bs_restore",
        87 => "bs_init",
        88 => "bs_final",
        93 => "bs_need_buf",
        110 => "bs_bits_to_bytes",
        116 => "bs_start_match2",
        122 => "bs_save2",
        123 => "bs_restore2",
        126 => "bs_final2",
        127 => "bs_bits_to_bytes2",
        128 => "put_literal",
        130 => "bs_context_to_binary",
        _ => return None,
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_u8_round_trips_every_opcode() {
        for &opcode in Opcode::ALL {
            assert_eq!(Opcode::from_u8(opcode.number()), Some(opcode));
        }
    }

    #[test]
    fn table_covers_every_number_once() {
        let mut defined = 0;
        for number in 0..=u8::MAX {
            let known = Opcode::from_u8(number).is_some();
            let obsolete = obsolete_opcode_name(number).is_some();
            assert!(
                !(known && obsolete),
                "opcode {number} is both defined and obsolete"
            );
            let in_range = (1..=MAX_OPCODE).contains(&number);
            assert_eq!(known || obsolete, in_range, "opcode {number}");
            defined += usize::from(known);
        }
        assert_eq!(defined, Opcode::ALL.len());
        assert_eq!(defined, 180 - 36);
    }

    #[test]
    fn names_and_arities_match_otp() {
        assert_eq!(Opcode::CallExtLast.name(), "call_ext_last");
        assert_eq!(Opcode::CallExtLast.arity(), 3);
        assert_eq!(Opcode::from_u8(8), Some(Opcode::CallExtLast));
        assert_eq!(Opcode::Catch.name(), "catch");
        assert_eq!(Opcode::Try.name(), "try");
        assert_eq!(Opcode::BsAppend.arity(), 8);
        assert_eq!(Opcode::Badrecord.number(), MAX_OPCODE);
        assert_eq!(Opcode::from_u8(0), None);
        assert_eq!(Opcode::from_u8(181), None);
    }

    #[test]
    fn for_each_opcode_feeds_callbacks() {
        macro_rules! count_opcodes {
            ($($(#[$doc:meta])* $variant:ident = $number:literal, $name:literal, $arity:literal;)*) => {
                [$($number),*].len()
            };
        }
        assert_eq!(for_each_opcode!(count_opcodes), Opcode::ALL.len());
    }
}
