//! Tests of binary matching. Expected values come from OTP 25: each case
//! was matched by compiled code such as `<<X:N/signed-little, R/bits>>`
//! and `{X, R}` printed with `~w`.

use super::*;
use crate::bits::create_bin;
use crate::bits::test_terms::{parse, show};
use crate::heap::Heap;
use crate::instr::{BS_LITTLE as LITTLE, BS_SIGNED as SIGNED, BinSegmentKind};
use Op::*;

#[derive(Debug, Clone, Copy)]
enum Op {
    Int(u64, u32),
    Float(u64, u32),
    Utf(UtfWidth, u32),
}

/// Cases: the binary, the first segment matched and `{Value,Rest}` or
/// `nomatch`.
#[rustfmt::skip]
const CASES: &[(&str, Op, &str)] = &[
    ("<<124,0>>", Float(16, 0), "nomatch"),
    ("<<60,0>>", Float(16, 0), "{1.0,<<>>}"),
    ("<<0,1>>", Float(16, 0), "{5.960464477539063e-8,<<>>}"),
    ("<<126,0>>", Float(16, 0), "nomatch"),
    ("<<252,0>>", Float(16, 0), "nomatch"),
    ("<<123,255>>", Float(16, 0), "{65504.0,<<>>}"),
    ("<<0,60>>", Float(16, LITTLE), "{1.0,<<>>}"),
    ("<<127,128,0,0>>", Float(32, 0), "nomatch"),
    ("<<63,128,0,0>>", Float(32, 0), "{1.0,<<>>}"),
    ("<<0,0,0,1>>", Float(32, 0), "{1.401298464324817e-45,<<>>}"),
    ("<<63,248,0,0,0,0,0,0,1>>", Float(64, 0), "{1.5,<<1>>}"),
    ("<<0,0,0,0,0,0,248,63>>", Float(64, LITTLE), "{1.5,<<>>}"),
    ("<<127,240,0,0,0,0,0,0>>", Float(64, 0), "nomatch"),
    ("<<1,2,3>>", Float(24, 0), "nomatch"),
    ("<<1,2,3>>", Float(32, 0), "nomatch"),
    ("<<192,128>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<224,128,128>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<237,160,128>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<244,144,128,128>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<240,159,152,128,1>>", Utf(UtfWidth::Utf8, 0), "{128512,<<1>>}"),
    ("<<195,169>>", Utf(UtfWidth::Utf8, 0), "{233,<<>>}"),
    ("<<195>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<128>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<248,128,128,128,128>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<195,169,1:1>>", Utf(UtfWidth::Utf8, 0), "{233,<<1:1>>}"),
    ("<<224,160,128>>", Utf(UtfWidth::Utf8, 0), "{2048,<<>>}"),
    ("<<240,144,128,128>>", Utf(UtfWidth::Utf8, 0), "{65536,<<>>}"),
    ("<<240,128,128,128>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<65:7>>", Utf(UtfWidth::Utf8, 0), "nomatch"),
    ("<<216,61,222,0>>", Utf(UtfWidth::Utf16, 0), "{128512,<<>>}"),
    ("<<216,61>>", Utf(UtfWidth::Utf16, 0), "nomatch"),
    ("<<222,0>>", Utf(UtfWidth::Utf16, 0), "nomatch"),
    ("<<0,65,1>>", Utf(UtfWidth::Utf16, 0), "{65,<<1>>}"),
    ("<<61,216,0,222>>", Utf(UtfWidth::Utf16, LITTLE), "{128512,<<>>}"),
    ("<<216,61,0,65>>", Utf(UtfWidth::Utf16, 0), "nomatch"),
    ("<<0,17,0,0>>", Utf(UtfWidth::Utf32, 0), "nomatch"),
    ("<<0,0,216,0>>", Utf(UtfWidth::Utf32, 0), "nomatch"),
    ("<<0,1,246,0>>", Utf(UtfWidth::Utf32, 0), "{128512,<<>>}"),
    ("<<0,246,1,0>>", Utf(UtfWidth::Utf32, LITTLE), "{128512,<<>>}"),
    ("<<212,14:4>>", Int(12, SIGNED | LITTLE), "{-300,<<>>}"),
    ("<<212,14:4>>", Int(12, LITTLE), "{3796,<<>>}"),
    ("<<212,14:4>>", Int(12, SIGNED), "{-690,<<>>}"),
    ("<<255,255,255,255,255,255,255,255,63:6>>", Int(70, SIGNED), "{-1,<<>>}"),
    ("<<255,255,255,255,255,255,255,255,63:6>>", Int(70, SIGNED | LITTLE), "{-1,<<>>}"),
    ("<<5,0,0,0,0,0,0,0,0:6>>", Int(70, LITTLE), "{5,<<>>}"),
    ("<<1,2,3>>", Int(0, LITTLE), "{0,<<1,2,3>>}"),
    ("<<128,0,0,0,0,0,0,0>>", Int(64, SIGNED), "{-9223372036854775808,<<>>}"),
    ("<<255,255,255,255,255,255,255,255>>", Int(64, 0), "{18446744073709551615,<<>>}"),
    ("<<8,0,0,0,0,0,0,0>>", Int(60, SIGNED), "{36028797018963968,<<0:4>>}"),
    ("<<7,255,255,255,255,255,255,255>>", Int(60, SIGNED), "{36028797018963967,<<15:4>>}"),
    ("<<1:1,2:7,3>>", Int(9, SIGNED | LITTLE), "{130,<<3:7>>}"),
    ("<<1,2>>", Int(17, 0), "nomatch"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(65, SIGNED | LITTLE), "{-13639628150831692597,<<58,4,0,0,1,245,1:4>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(65, SIGNED), "{-7599678261020496763,<<58,4,0,0,1,245,1:4>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(65, LITTLE), "{23253859996587410635,<<58,4,0,0,1,245,1:4>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(65, 0), "{29293809886398606469,<<58,4,0,0,1,245,1:4>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(77, SIGNED | LITTLE), "{2900945935495277462731,<<64,0,0,31,81>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(77, SIGNED), "{-31128282157139954740320,<<64,0,0,31,81>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(77, LITTLE), "{2900945935495277462731,<<64,0,0,31,81>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(77, 0), "{119987445294688692097952,<<64,0,0,31,81>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(100, SIGNED | LITTLE), "{12345678901234567890123,<<15,168,1:1>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(100, SIGNED), "{-261122956729641481454284177408,<<15,168,1:1>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(100, LITTLE), "{12345678901234567890123,<<15,168,1:1>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(100, 0), "{1006527643498587920042419027968,<<15,168,1:1>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(109, SIGNED | LITTLE), "{-20282409591305991522712683395893,<<81>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(109, SIGNED), "{-133694953845576438504593498832865,<<81>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(109, LITTLE), "{628754697725547462043599357756619,<<81>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(109, 0), "{515342153471277015061718542319647,<<81>>}"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(120, SIGNED | LITTLE), "nomatch"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(120, SIGNED), "nomatch"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(120, LITTLE), "nomatch"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(120, 0), "nomatch"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(200, SIGNED | LITTLE), "nomatch"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(200, SIGNED), "nomatch"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(200, LITTLE), "nomatch"),
    ("<<203,68,66,113,118,78,182,66,157,2,0,0,0,250,17:5>>", Int(200, 0), "nomatch"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(67, SIGNED | LITTLE), "{-193,<<255,0>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(67, SIGNED), "{36893488147419103231,<<255,0>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(67, LITTLE), "{147573952589676412735,<<255,0>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(67, 0), "{36893488147419103231,<<255,0>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(72, SIGNED | LITTLE), "{-193,<<224,0:3>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(72, SIGNED), "{1180591620717411303423,<<224,0:3>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(72, LITTLE), "{4722366482869645213503,<<224,0:3>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(72, 0), "{1180591620717411303423,<<224,0:3>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(80, SIGNED | LITTLE), "{-146393360968959001624769,<<0:3>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(80, SIGNED), "{302231454903657293676512,<<0:3>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(80, LITTLE), "{1062532458645670173081407,<<0:3>>}"),
    ("<<1:3,255,255,255,255,255,255,255,255,255,0>>", Int(80, 0), "{302231454903657293676512,<<0:3>>}"),
];

fn run(heap: &mut Heap, binary: &str, op: Op) -> String {
    let term = parse(heap, binary);
    let ctx = start_match(heap, term).expect("bitstring");
    let value = match op {
        Int(bits, flags) => get_integer(heap, ctx, bits, flags),
        Float(bits, flags) => get_float(heap, ctx, bits, flags),
        Utf(width, flags) => get_utf(ctx, width, flags),
    };
    match value {
        Some(v) => format!("{{{},{}}}", show(v), show(get_tail(heap, ctx))),
        None => {
            assert_eq!(
                get_position(ctx),
                Term::small_unchecked(0),
                "failed match moved"
            );
            "nomatch".to_string()
        }
    }
}

#[test]
fn results_match_otp() {
    let mut heap = Heap::default();
    for &(binary, op, expected) in CASES {
        assert_eq!(run(&mut heap, binary, op), expected, "{op:?} on {binary}");
    }
}

#[test]
fn sizes_from_terms() {
    let mut heap = Heap::default();
    assert_eq!(segment_bits(Term::small_unchecked(3), 8), Some(24));
    assert_eq!(segment_bits(Term::small_unchecked(0), 8), Some(0));
    assert_eq!(segment_bits(Term::small_unchecked(-1), 1), None);
    assert_eq!(segment_bits(Term::atom(crate::atom::ALL), 8), None);
    assert_eq!(segment_bits(heap::float(&mut heap, 1.0), 8), None);
    let big = parse(&mut heap, "18446744073709551616");
    assert_eq!(segment_bits(big, 1), None);
    let max = Term::small_unchecked(crate::term::MAX_SMALL);
    assert_eq!(segment_bits(max, 255), None);
}

#[test]
fn non_bitstrings_do_not_start() {
    let mut heap = Heap::default();
    for text in ["foo", "[1,2]", "{<<1>>}", "12"] {
        let term = parse(&mut heap, text);
        assert_eq!(start_match(&mut heap, term), None, "{text}");
    }
    let bin = parse(&mut heap, "<<1>>");
    assert_eq!(get_integer(&mut heap, bin, 8, 0), None);
    assert!(!skip_bits(bin, 1));
    assert!(!test_tail(bin, 8));
}

#[test]
fn context_is_reused() {
    let mut heap = Heap::default();
    let bin = parse(&mut heap, "<<1,2,3>>");
    let ctx = start_match(&mut heap, bin).expect("binary");
    assert!(skip_bits(ctx, 8));
    assert_eq!(start_match(&mut heap, ctx), Some(ctx));
    assert_eq!(show(get_integer(&mut heap, ctx, 8, 0).expect("byte")), "2");
}

#[test]
fn sub_binary_matches_at_its_offset() {
    let mut heap = Heap::default();
    let bytes: Vec<u8> = (0..100).collect();
    let original = heap::binary(&mut heap, &bytes);
    let sub = crate::bits::slice_bitstring(&mut heap, original, 8 * 10 + 3, 8 * 50);
    let ctx = start_match(&mut heap, sub).expect("sub-binary");
    assert_eq!(ctx.element(2), original);
    assert_eq!(remaining_bits(ctx), 400);
    assert!(skip_bits(ctx, 5));
    let part = get_binary(&mut heap, ctx, 8 * 40).expect("40 bytes");
    assert_eq!(part.boxed_tag(), Some(HeaderTag::SubBin));
    assert_eq!(part.element(2), original);
    assert_eq!(
        crate::bits::binary_bytes(part).as_deref(),
        Some(&bytes[11..51])
    );
    assert_eq!(get_binary_all(&mut heap, ctx, 8), None);
    let rest = get_binary_all(&mut heap, ctx, 5).expect("rest");
    assert_eq!(crate::bits::bit_size(rest), Some(75));
    assert!(test_tail(ctx, 0));
}

#[test]
fn positions_round_trip() {
    let mut heap = Heap::default();
    let bin = parse(&mut heap, "<<1,2,3,4>>");
    let ctx = start_match(&mut heap, bin).expect("binary");
    assert!(skip_bits(ctx, 8));
    let saved = get_position(ctx);
    assert_eq!(
        show(get_integer(&mut heap, ctx, 16, 0).expect("word")),
        "515"
    );
    set_position(ctx, saved);
    assert_eq!(show(get_integer(&mut heap, ctx, 8, 0).expect("byte")), "2");
    set_position(ctx, Term::small_unchecked(1000));
    assert_eq!(remaining_bits(ctx), 16);
}

#[test]
fn tail_and_unit_tests() {
    let mut heap = Heap::default();
    let bin = parse(&mut heap, "<<1,2,3:4>>");
    let ctx = start_match(&mut heap, bin).expect("bitstring");
    assert!(test_tail(ctx, 20));
    assert!(!test_tail(ctx, 16));
    assert!(test_unit(ctx, 4));
    assert!(!test_unit(ctx, 8));
    assert!(!skip_bits(ctx, 21));
    assert!(skip_bits(ctx, 2));
    assert!(test_unit(ctx, 9));
    assert!(!skip_all(ctx, 8));
    assert!(skip_all(ctx, 6));
    assert_eq!(show(get_tail(&mut heap, ctx)), "<<>>");
    assert_eq!(
        get_binary_all(&mut heap, ctx, 8).map(show),
        Some("<<>>".to_string())
    );
}

#[test]
fn strings_match_at_any_offset() {
    let mut heap = Heap::default();
    let bin = parse(&mut heap, r#"<<"hello",1:3>>"#);
    let ctx = start_match(&mut heap, bin).expect("bitstring");
    assert!(!match_string(ctx, b"help", 32));
    assert!(match_string(ctx, b"he", 16));
    assert!(match_string(ctx, b"l", 4));
    // From bit 20: the low half of "l", then "lo" and 0b001.
    assert!(!match_string(ctx, &[0xD0], 4));
    assert!(match_string(ctx, &[0xC6, 0xC0], 12));
    assert!(!match_string(ctx, &[0x6F, 0x40], 11));
    assert!(match_string(ctx, &[0x6F, 0x20], 11));
    assert!(test_tail(ctx, 0));
    assert!(!match_string(ctx, b"", 1));
    assert!(match_string(ctx, b"", 0));
}

/// Builds `value` as a `bits`-bit integer segment with `flags`, matches it
/// back and checks the value modulo 2^bits, read as signed or unsigned.
#[test]
fn integers_round_trip() {
    use num_bigint::BigInt;
    let mut heap = Heap::default();
    let values = [
        "0",
        "1",
        "-1",
        "255",
        "-300",
        "576460752303423487",
        "-576460752303423488",
        "18446744073709551615",
        "-12345678901234567890123",
        "1267650600228229401496703205381",
    ];
    for text in values {
        for bits in [1u64, 7, 8, 13, 32, 59, 60, 63, 64, 65, 70, 100, 129] {
            for flags in [0, SIGNED, LITTLE, SIGNED | LITTLE] {
                let value = parse(&mut heap, text);
                let segment = crate::bits::SegmentValue {
                    kind: BinSegmentKind::Integer,
                    unit: 1,
                    flags,
                    value,
                    size: Term::small_unchecked(bits as i64),
                    string: &[],
                };
                let built = create_bin(&mut heap, &[segment]).expect("integer segment");
                let ctx = start_match(&mut heap, built).expect("bitstring");
                let read = get_integer(&mut heap, ctx, bits, flags).expect("read back");
                let modulus = BigInt::from(1) << bits;
                let v: BigInt = text.parse().expect("integer");
                let mut expected = ((v % &modulus) + &modulus) % &modulus;
                if flags & SIGNED != 0 && expected.bit(bits - 1) {
                    expected -= &modulus;
                }
                assert_eq!(
                    show(read),
                    expected.to_string(),
                    "{text}:{bits} flags {flags}"
                );
                assert!(test_tail(ctx, 0));
            }
        }
    }
}

#[test]
fn invalid_context_is_harmless() {
    let mut heap = Heap::default();
    let term = Term::small_unchecked(5);
    assert_eq!(get_position(term), Term::small_unchecked(0));
    set_position(term, Term::small_unchecked(3));
    assert_eq!(show(get_tail(&mut heap, term)), "<<>>");
    assert_eq!(get_utf(term, UtfWidth::Utf8, 0), None);
    assert!(!match_string(term, b"a", 8));
}
