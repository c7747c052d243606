//! Tests of the `.beam` loader on modules compiled by `erlc +deterministic`
//! of OTP 25, and on corrupted copies of them.
//!
//! The fixtures in `tests/fixtures/` were compiled with
//! `erlc +deterministic fixture_basic.erl fixture_features.erl`. The
//! expected instructions come from `erlc -S +deterministic` on the same
//! sources.

use cordon_vm::etf::ExtTerm;
use cordon_vm::loader::{
    AllocKind, BeamFile, ChunkId, LoadError, LoadErrorKind, Operand, TypeEntry, parse_beam,
};
use cordon_vm::opcodes::Opcode;
use num_bigint::BigInt;
use std::path::Path;

const BASIC: &[u8] = include_bytes!("fixtures/fixture_basic.beam");
const FEATURES: &[u8] = include_bytes!("fixtures/fixture_features.beam");

fn basic() -> BeamFile {
    parse_beam(BASIC, "fixture_basic.beam").unwrap()
}

fn features() -> BeamFile {
    parse_beam(FEATURES, "fixture_features.beam").unwrap()
}

/// A chunk's id, the file offset of its header and its data size.
struct ChunkPosition {
    id: [u8; 4],
    header: usize,
    size: usize,
}

impl ChunkPosition {
    fn data(&self) -> usize {
        self.header + 8
    }
}

/// Walks the IFF chunks of a valid file independently of the loader.
fn chunk_positions(bytes: &[u8]) -> Vec<ChunkPosition> {
    let mut positions = Vec::new();
    let mut offset = 12;
    while offset < bytes.len() {
        let id = bytes[offset..offset + 4].try_into().unwrap();
        let size = u32::from_be_bytes(bytes[offset + 4..offset + 8].try_into().unwrap()) as usize;
        positions.push(ChunkPosition {
            id,
            header: offset,
            size,
        });
        offset += 8 + size.div_ceil(4) * 4;
    }
    positions
}

fn chunk(bytes: &[u8], id: &[u8; 4]) -> ChunkPosition {
    chunk_positions(bytes)
        .into_iter()
        .find(|chunk| &chunk.id == id)
        .unwrap()
}

fn atom_index(file: &BeamFile, name: &str) -> u32 {
    let position = file.atoms.iter().position(|atom| atom == name).unwrap();
    position as u32 + 1
}

/// Returns the instructions of `name/arity` from its `func_info` up to the
/// `label` and `line` that precede the next function's `func_info`.
fn function_ops<'a>(
    file: &'a BeamFile,
    name: &str,
    arity: u64,
) -> &'a [cordon_vm::loader::GenericOp] {
    let name = Operand::Atom(atom_index(file, name));
    let start = file
        .ops
        .iter()
        .position(|op| {
            op.opcode == Opcode::FuncInfo
                && op.args[1] == name
                && op.args[2] == Operand::Unsigned(arity)
        })
        .unwrap();
    let Some(length) = file.ops[start + 1..]
        .iter()
        .position(|op| op.opcode == Opcode::FuncInfo)
    else {
        return &file.ops[start..];
    };
    let mut end = start + 1 + length;
    for preamble in [Opcode::Line, Opcode::Label] {
        if file.ops[end - 1].opcode == preamble {
            end -= 1;
        }
    }
    &file.ops[start..end]
}

fn opcodes(ops: &[cordon_vm::loader::GenericOp]) -> Vec<Opcode> {
    ops.iter().map(|op| op.opcode).collect()
}

fn import_name(file: &BeamFile, operand: &Operand) -> String {
    let Operand::Unsigned(index) = operand else {
        panic!("expected an import index, got {operand:?}")
    };
    let import = file.imports[*index as usize];
    let module = file.atom(import.module).unwrap();
    let function = file.atom(import.function).unwrap();
    format!("{module}:{function}/{}", import.arity)
}

fn type_of<'a>(file: &'a BeamFile, operand: &Operand) -> &'a TypeEntry {
    let Operand::TypedX { type_index, .. } = operand else {
        panic!("expected a typed register, got {operand:?}")
    };
    &file.types[*type_index as usize]
}

#[test]
fn basic_header_and_tables_decode() {
    let file = basic();
    assert_eq!(file.module, "fixture_basic");
    assert_eq!(file.atoms[0], "fixture_basic");
    assert_eq!(file.code_header.instruction_set, 0);
    assert_eq!(file.code_header.label_count, 19);
    assert_eq!(file.code_header.function_count, 7);
    assert_eq!(file.ops.last().unwrap().opcode, Opcode::IntCodeEnd);

    let exports: Vec<(String, u8, u32)> = file
        .exports
        .iter()
        .map(|export| {
            (
                file.atom(export.function).unwrap().to_owned(),
                export.arity,
                export.label,
            )
        })
        .collect();
    let mut exports_sorted = exports.clone();
    exports_sorted.sort();
    let expected = [
        ("add", 2, 2),
        ("classify", 1, 11),
        ("greet", 1, 4),
        ("module_info", 0, 16),
        ("module_info", 1, 18),
        ("sum", 1, 6),
    ];
    let expected: Vec<(String, u8, u32)> = expected
        .iter()
        .map(|&(name, arity, label)| (name.to_owned(), arity, label))
        .collect();
    assert_eq!(exports_sorted, expected);

    assert_eq!(file.locals.len(), 1);
    assert_eq!(file.atom(file.locals[0].function), Some("sum"));
    assert_eq!(file.locals[0].arity, 2);
    assert_eq!(file.locals[0].label, 8);

    let mut imports: Vec<String> = (0..file.imports.len())
        .map(|index| import_name(&file, &Operand::Unsigned(index as u64)))
        .collect();
    imports.sort();
    assert_eq!(
        imports,
        [
            "erlang:+/2",
            "erlang:get_module_info/1",
            "erlang:get_module_info/2",
            "lists:reverse/1"
        ]
    );
    assert!(file.funs.is_empty());
    assert_eq!(file.types[0].type_bits, TypeEntry::ANY);
    assert_eq!(file.types[0].integer_range(), None);
}

#[test]
fn add_matches_erlc_listing() {
    // {label,1}. {line,[...6]}. {func_info,...}. {label,2}.
    // {gc_bif,'+',{f,0},2,[{x,0},{x,1}],{x,0}}. return.
    let file = basic();
    let ops = function_ops(&file, "add", 2);
    assert_eq!(
        opcodes(ops),
        [
            Opcode::FuncInfo,
            Opcode::Label,
            Opcode::GcBif2,
            Opcode::Return
        ]
    );
    assert_eq!(ops[0].args[0], Operand::Atom(1));
    assert_eq!(ops[1].args, [Operand::Unsigned(2)]);
    let bif = &ops[2].args;
    assert_eq!(bif[0], Operand::Label(0));
    assert_eq!(bif[1], Operand::Unsigned(2));
    assert_eq!(import_name(&file, &bif[2]), "erlang:+/2");
    assert_eq!(bif[3..], [Operand::X(0), Operand::X(1), Operand::X(0)]);
}

#[test]
fn greet_builds_tuple_with_literal() {
    // {test_heap,4,1}. {put_tuple2,{x,0},{list,[{atom,hello},{x,0},{literal,"world"}]}}.
    let file = basic();
    let ops = function_ops(&file, "greet", 1);
    assert_eq!(
        opcodes(ops),
        [
            Opcode::FuncInfo,
            Opcode::Label,
            Opcode::TestHeap,
            Opcode::PutTuple2,
            Opcode::Return
        ]
    );
    assert_eq!(ops[2].args, [Operand::Unsigned(4), Operand::Unsigned(1)]);
    let Operand::List(elements) = &ops[3].args[1] else {
        panic!("expected a list: {:?}", ops[3])
    };
    assert_eq!(elements[0], Operand::Atom(atom_index(&file, "hello")));
    assert_eq!(elements[1], Operand::X(0));
    let Operand::Literal(index) = elements[2] else {
        panic!("expected a literal: {elements:?}")
    };
    assert_eq!(file.literals[index as usize], ExtTerm::string(b"world"));
}

#[test]
fn sum_uses_typed_register() {
    // {test,is_nonempty_list,{f,9},[{x,0}]}. {get_list,{x,0},{x,2},{x,0}}.
    // {gc_bif,'+',{f,0},3,[{tr,{x,1},number},{x,2}],{x,1}}. {call_only,2,{f,8}}.
    let file = basic();
    let ops = function_ops(&file, "sum", 2);
    let expected = [
        Opcode::FuncInfo,
        Opcode::Label,
        Opcode::IsNonemptyList,
        Opcode::GetList,
        Opcode::GcBif2,
        Opcode::CallOnly,
        Opcode::Label,
        Opcode::IsNil,
        Opcode::Move,
        Opcode::Return,
    ];
    assert_eq!(opcodes(ops), expected);
    assert_eq!(ops[2].args, [Operand::Label(9), Operand::X(0)]);
    assert_eq!(ops[3].args, [Operand::X(0), Operand::X(2), Operand::X(0)]);
    let addend = &ops[4].args[3];
    assert!(
        matches!(addend, Operand::TypedX { register: 1, .. }),
        "{addend:?}"
    );
    assert_eq!(
        type_of(&file, addend).type_bits,
        TypeEntry::INTEGER | TypeEntry::FLOAT
    );
    assert_eq!(ops[5].args, [Operand::Unsigned(2), Operand::Label(8)]);
}

#[test]
fn classify_matches_erlc_listing() {
    let file = basic();
    let ops = function_ops(&file, "classify", 1);
    // {test,is_lt,{f,12},[{tr,{x,0},{t_integer,any}},{integer,0}]}.
    let is_lt = ops.iter().find(|op| op.opcode == Opcode::IsLt).unwrap();
    assert_eq!(is_lt.args[0], Operand::Label(12));
    assert_eq!(type_of(&file, &is_lt.args[1]).type_bits, TypeEntry::INTEGER);
    assert_eq!(type_of(&file, &is_lt.args[1]).integer_range(), None);
    assert_eq!(is_lt.args[2], Operand::Integer(0));
    // {move,{literal,[positive]},{x,0}}. {line,...17}. {call_ext_only,1,{extfunc,lists,reverse,1}}.
    let call = ops
        .iter()
        .position(|op| op.opcode == Opcode::CallExtOnly)
        .unwrap();
    let Operand::Literal(index) = ops[call - 2].args[0] else {
        panic!("{:?}", ops[call - 2])
    };
    assert_eq!(
        file.literals[index as usize],
        ExtTerm::proper_list(vec![ExtTerm::atom("positive")])
    );
    assert_eq!(ops[call].args[0], Operand::Unsigned(1));
    assert_eq!(import_name(&file, &ops[call].args[1]), "lists:reverse/1");
    let Operand::Unsigned(line) = ops[call - 1].args[0] else {
        panic!("{:?}", ops[call - 1])
    };
    let lines = file.lines.as_ref().unwrap();
    let location = lines.location(line as u32).unwrap();
    assert_eq!(location.line, 17);
    assert_eq!(lines.file_name(location), Some("fixture_basic.erl"));
}

#[test]
fn op_offsets_point_into_code_chunk() {
    let file = basic();
    let code = chunk(BASIC, b"Code");
    for op in &file.ops {
        assert_eq!(BASIC[code.data() + op.offset], op.opcode.number(), "{op:?}");
    }
}

#[test]
fn features_literals_and_funs_decode() {
    let file = features();
    let big = -"123456789012345678901234567890".parse::<BigInt>().unwrap();
    let expected = ExtTerm::Tuple(vec![
        ExtTerm::proper_list(vec![
            ExtTerm::Integer(1),
            ExtTerm::Float(2.5),
            ExtTerm::Binary(b"bin".to_vec()),
            ExtTerm::Map(vec![(ExtTerm::atom("key"), ExtTerm::atom("value"))]),
            ExtTerm::string(b"string"),
        ]),
        ExtTerm::atom("ünïcødé"),
        ExtTerm::BigInteger(big),
    ]);
    assert!(file.literals.contains(&expected), "{:?}", file.literals);
    assert!(
        file.literals
            .contains(&ExtTerm::BigInteger(BigInt::from(1u8) << 200usize))
    );

    assert_eq!(file.funs.len(), 1);
    let fun = file.funs[0];
    assert!(
        file.atom(fun.function)
            .unwrap()
            .starts_with("-adder/1-fun-")
    );
    assert_eq!(fun.arity, 2);
    assert_eq!(fun.num_free, 1);
    assert!(fun.label < file.code_header.label_count);
}

#[test]
fn features_operands_cover_extended_tags() {
    let file = features();
    let adder = function_ops(&file, "adder", 1);
    // {test_heap,{alloc,[{words,1},{floats,0},{funs,1}]},1}.
    let test_heap = adder
        .iter()
        .find(|op| op.opcode == Opcode::TestHeap)
        .unwrap();
    let alloc = vec![
        (AllocKind::Words, 1),
        (AllocKind::Floats, 0),
        (AllocKind::Funs, 1),
    ];
    assert_eq!(test_heap.args[0], Operand::AllocList(alloc));
    // {make_fun3,{f,31},0,0,{x,0},{list,[{x,0}]}} is written as make_fun3 FunIndex Dst Env.
    let make_fun = adder
        .iter()
        .find(|op| op.opcode == Opcode::MakeFun3)
        .unwrap();
    assert_eq!(
        make_fun.args,
        [
            Operand::Unsigned(0),
            Operand::X(0),
            Operand::List(vec![Operand::X(0)])
        ]
    );

    let safe_div = function_ops(&file, "safe_div", 2);
    let fconv = safe_div
        .iter()
        .find(|op| op.opcode == Opcode::Fconv)
        .unwrap();
    assert_eq!(fconv.args, [Operand::X(0), Operand::FloatReg(0)]);
    let try_op = safe_div.iter().find(|op| op.opcode == Opcode::Try).unwrap();
    assert!(matches!(
        try_op.args[..],
        [Operand::Y(0), Operand::Label(_)]
    ));
    assert!(safe_div.iter().any(|op| op.opcode == Opcode::Fdiv));

    let wait = function_ops(&file, "wait", 1);
    let tagged = wait
        .iter()
        .find(|op| op.opcode == Opcode::IsTaggedTuple)
        .unwrap();
    assert_eq!(
        tagged.args[1..],
        [
            Operand::X(0),
            Operand::Unsigned(2),
            Operand::Atom(atom_index(&file, "msg"))
        ]
    );
    assert!(wait.iter().any(|op| op.opcode == Opcode::WaitTimeout));

    let parse = function_ops(&file, "parse", 1);
    let match_string = parse
        .iter()
        .find(|op| op.opcode == Opcode::BsMatchString)
        .unwrap();
    let [_, _, Operand::Unsigned(bits), Operand::Unsigned(offset)] = match_string.args[..] else {
        panic!("{match_string:?}")
    };
    let start = offset as usize;
    assert_eq!(&file.strings[start..start + bits as usize / 8], b"T ");
}

#[test]
fn features_attributes_and_lines_decode() {
    let file = features();
    let attributes = file.attributes.as_ref().unwrap().as_proper_list().unwrap();
    let vsn = ExtTerm::Tuple(vec![
        ExtTerm::atom("vsn"),
        ExtTerm::proper_list(vec![ExtTerm::atom("fixture_version")]),
    ]);
    assert!(attributes.contains(&vsn), "{attributes:?}");
    let custom = ExtTerm::Tuple(vec![
        ExtTerm::atom("custom_attribute"),
        ExtTerm::proper_list((1..=3).map(ExtTerm::Integer).collect()),
    ]);
    assert!(attributes.contains(&custom), "{attributes:?}");

    let compile_info = file
        .compile_info
        .as_ref()
        .unwrap()
        .as_proper_list()
        .unwrap();
    let version = ExtTerm::Tuple(vec![ExtTerm::atom("version"), ExtTerm::string(b"8.2.3")]);
    assert!(compile_info.contains(&version), "{compile_info:?}");

    let lines = file.lines.as_ref().unwrap();
    assert_eq!(lines.file_names[0], "fixture_features.erl");
    assert!(
        lines.file_names.iter().any(|name| name == "included.hrl"),
        "{:?}",
        lines.file_names
    );
    let big = function_ops(&file, "big", 0);
    let Operand::Unsigned(line) = file.ops[file
        .ops
        .iter()
        .position(|op| std::ptr::eq(op, &big[0]))
        .unwrap()
        - 1]
    .args[0] else {
        panic!("expected a line instruction before big/0")
    };
    let location = lines.location(line as u32).unwrap();
    assert_eq!(lines.file_name(location), Some("included.hrl"));
    assert_eq!(location.line, 2);
}

#[test]
fn latin1_atom_chunk_is_accepted() {
    let mut bytes = BASIC.to_vec();
    let atoms = chunk(&bytes, b"AtU8");
    bytes[atoms.header..atoms.header + 4].copy_from_slice(b"Atom");
    let file = parse_beam(&bytes, "latin1.beam").unwrap();
    assert_eq!(file.atoms, basic().atoms);
}

fn load_error(bytes: &[u8]) -> LoadError {
    match parse_beam(bytes, "corrupt.beam") {
        Ok(file) => panic!("expected an error, parsed module {}", file.module),
        Err(error) => error,
    }
}

#[test]
fn error_message_names_file_chunk_and_offset() {
    let file = basic();
    let code = chunk(BASIC, b"Code");
    let operand = code.data() + file.ops[0].offset + 1;
    let mut bytes = BASIC.to_vec();
    bytes[operand] = 0x97;
    let error = load_error(&bytes);
    assert_eq!(error.kind, LoadErrorKind::UnknownExtendedTag { tag: 9 });
    assert_eq!(error.chunk, Some(ChunkId::CODE));
    assert_eq!(error.offset, operand);
    assert_eq!(
        error.to_string(),
        format!(
            "invalid .beam file \"corrupt.beam\": chunk \"Code\" at file offset {operand}: \
             operand tag 7 with unknown extended tag 9"
        )
    );
}

#[test]
fn bad_opcodes_are_rejected() {
    let file = basic();
    let code = chunk(BASIC, b"Code");
    let first_op = code.data() + file.ops[0].offset;
    let cases = [
        (0u8, LoadErrorKind::UnknownOpcode { opcode: 0 }),
        (181, LoadErrorKind::UnknownOpcode { opcode: 181 }),
        (
            70,
            LoadErrorKind::ObsoleteOpcode {
                opcode: 70,
                name: "put_tuple",
            },
        ),
    ];
    for (opcode, expected) in cases {
        let mut bytes = BASIC.to_vec();
        bytes[first_op] = opcode;
        let error = load_error(&bytes);
        assert_eq!(error.kind, expected, "opcode {opcode}");
        assert_eq!(error.offset, first_op, "opcode {opcode}");
    }

    // The code header's max opcode field follows its size and instruction set.
    let max_opcode_field = code.data() + 8;
    let mut bytes = BASIC.to_vec();
    bytes[max_opcode_field..max_opcode_field + 4].copy_from_slice(&1u32.to_be_bytes());
    let error = load_error(&bytes);
    assert!(
        matches!(
            error.kind,
            LoadErrorKind::OpcodeAboveMax {
                opcode: 153,
                max_opcode: 1,
                ..
            }
        ),
        "{error}"
    );
    bytes[max_opcode_field..max_opcode_field + 4].copy_from_slice(&200u32.to_be_bytes());
    let error = load_error(&bytes);
    assert!(
        matches!(
            error.kind,
            LoadErrorKind::MaxOpcodeTooNew {
                max_opcode: 200,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn bad_chunk_sizes_are_rejected() {
    for position in chunk_positions(BASIC) {
        for size in [u32::MAX, position.size as u32 + 4, BASIC.len() as u32] {
            let mut bytes = BASIC.to_vec();
            bytes[position.header + 4..position.header + 8].copy_from_slice(&size.to_be_bytes());
            let id = String::from_utf8_lossy(&position.id).into_owned();
            assert!(
                parse_beam(&bytes, "corrupt.beam").is_err(),
                "chunk {id} with size {size}"
            );
        }
    }
    let mut bytes = BASIC.to_vec();
    bytes[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(
        load_error(&bytes).kind,
        LoadErrorKind::Truncated { field: "form", .. }
    ));
}

#[test]
fn huge_literal_table_size_is_rejected() {
    let literals = chunk(FEATURES, b"LitT");
    let field = literals.data();
    let declared = u32::from_be_bytes(FEATURES[field..field + 4].try_into().unwrap());
    let mut bytes = FEATURES.to_vec();
    bytes[field..field + 4].copy_from_slice(&u32::MAX.to_be_bytes());
    let error = load_error(&bytes);
    assert!(
        matches!(
            error.kind,
            LoadErrorKind::LiteralTableTooLarge {
                declared: u32::MAX,
                ..
            }
        ),
        "{error}"
    );
    bytes[field..field + 4].copy_from_slice(&(declared + 1).to_be_bytes());
    let error = load_error(&bytes);
    assert!(
        matches!(error.kind, LoadErrorKind::Decompression(_)),
        "{error}"
    );
}

#[test]
fn bad_terms_in_attributes_are_rejected() {
    let attributes = chunk(BASIC, b"Attr");
    let mut bytes = BASIC.to_vec();
    bytes[attributes.data()] = 130;
    let error = load_error(&bytes);
    assert_eq!(error.chunk, Some(ChunkId::ATTRIBUTES));
    assert!(
        error.to_string().ends_with(
            "attributes: invalid external term at byte 0: expected version byte 131, found 130"
        ),
        "{error}"
    );
}

#[test]
fn missing_and_duplicate_chunks_are_rejected() {
    let mut bytes = BASIC.to_vec();
    let code = chunk(&bytes, b"Code");
    bytes[code.header..code.header + 4].copy_from_slice(b"Cxde");
    let error = load_error(&bytes);
    assert_eq!(
        error.kind,
        LoadErrorKind::MissingChunk {
            id: ChunkId::CODE,
            alternative: None
        }
    );
    assert_eq!(
        error.to_string(),
        "invalid .beam file \"corrupt.beam\": required chunk \"Code\" is missing"
    );

    let mut bytes = BASIC.to_vec();
    let locals = chunk(&bytes, b"LocT");
    bytes[locals.header..locals.header + 4].copy_from_slice(b"ExpT");
    assert_eq!(load_error(&bytes).kind, LoadErrorKind::DuplicateChunk);
}

#[test]
fn unknown_line_version_is_skipped() {
    let mut bytes = BASIC.to_vec();
    let lines = chunk(&bytes, b"Line");
    bytes[lines.data() + 3] = 1;
    assert_eq!(parse_beam(&bytes, "lines.beam").unwrap().lines, None);
}

#[test]
fn unknown_type_version_is_rejected() {
    let mut bytes = BASIC.to_vec();
    let types = chunk(&bytes, b"Type");
    bytes[types.data() + 3] = 2;
    let error = load_error(&bytes);
    assert!(
        matches!(
            error.kind,
            LoadErrorKind::UnsupportedVersion { found: 2, .. }
        ),
        "{error}"
    );
}

#[test]
fn truncated_files_are_rejected() {
    for fixture in [BASIC, FEATURES] {
        for length in 0..fixture.len() {
            assert!(
                parse_beam(&fixture[..length], "truncated.beam").is_err(),
                "length {length}"
            );
        }
    }
}

/// Flips bits in every byte. Many flips still leave a valid file, for
/// example inside an atom name, so this only checks that parsing returns.
#[test]
fn flipped_bytes_never_panic() {
    let mut rejected = 0;
    let mut total = 0;
    for fixture in [BASIC, FEATURES] {
        for position in 0..fixture.len() {
            for mask in [0x01u8, 0x10, 0x80, 0xff] {
                let mut bytes = fixture.to_vec();
                bytes[position] ^= mask;
                total += 1;
                if parse_beam(&bytes, "flipped.beam").is_err() {
                    rejected += 1;
                }
            }
        }
    }
    assert!(
        rejected > total / 4,
        "only {rejected} of {total} corruptions were rejected"
    );
}

/// Runs inputs that the `loader` fuzz target once found to misbehave.
#[test]
fn fuzz_regressions_return() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions");
    let Ok(entries) = std::fs::read_dir(&directory) else {
        return;
    };
    let code = cordon_vm::code::CodeServer::new(&cordon_vm::bif::all(), &[]);
    for entry in entries {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let _ = parse_beam(&bytes, &name);
        let _ = cordon_vm::load::load(&code, &bytes, &name);
        let _ = cordon_vm::etf::decode(&bytes);
    }
}

/// A code header that declares billions of labels must be rejected before
/// anything is sized by it.
#[test]
fn oversized_label_count_rejected() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz-regressions/label-count-oom.beam");
    let bytes = std::fs::read(&path).unwrap();
    let code = cordon_vm::code::CodeServer::new(&cordon_vm::bif::all(), &[]);
    let error = cordon_vm::load::load(&code, &bytes, "label-count-oom.beam")
        .err()
        .expect("the file is rejected")
        .to_string();
    assert!(error.contains("labels"), "{error}");
}

/// A file of a million empty chunks must be rejected within seconds, which
/// a scan quadratic in the chunk count would not manage.
#[test]
fn many_tiny_chunks_fail_quickly() {
    let count = 1_000_000;
    let mut bytes = b"FOR1".to_vec();
    bytes.extend_from_slice(&(4 + 8 * count as u32).to_be_bytes());
    bytes.extend_from_slice(b"BEAM");
    for _ in 0..count {
        bytes.extend_from_slice(b"Dbgi\0\0\0\0");
    }
    let started = std::time::Instant::now();
    let error = load_error(&bytes);
    assert_eq!(
        error.kind,
        LoadErrorKind::MissingChunk {
            id: ChunkId::CODE,
            alternative: None
        }
    );
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
}
