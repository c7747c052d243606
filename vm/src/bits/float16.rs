//! Conversions between `f64` and IEEE 754 binary16, for 16-bit float
//! segments.

/// Converts `value` to binary16 bits, rounding to nearest with ties to
/// even. Values too large for binary16 become infinity, as OTP 25 builds
/// `<<70000.0:16/float>>` as `<<124,0>>`.
pub fn f64_to_f16_bits(value: f64) -> u16 {
    let bits = value.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    let exponent = ((bits >> 52) & 0x7FF) as i32;
    let fraction = bits & ((1 << 52) - 1);

    if exponent == 0x7FF {
        let nan = if fraction != 0 { 0x200 } else { 0 };
        return sign | 0x7C00 | nan;
    }
    if exponent == 0 {
        // A subnormal f64 is below 2^-1022, far under half the smallest
        // binary16 subnormal (2^-24), so it rounds to zero.
        return sign;
    }

    // The value is `significand * 2^(exponent - 1075)`, with 53 bits of
    // significand. Binary16 keeps 11 of them (10 stored) for normal
    // numbers, and fewer for subnormals, whose unit is 2^-24.
    let significand = fraction | (1 << 52);
    let half_exponent = exponent - 1023 + 15;
    let shift = if half_exponent >= 1 {
        42
    } else {
        42 + (1 - half_exponent) as u32
    };
    if shift >= 64 {
        return sign;
    }

    let mut rounded = significand >> shift;
    let remainder = significand & ((1u64 << shift) - 1);
    let half = 1u64 << (shift - 1);
    if remainder > half || (remainder == half && rounded & 1 == 1) {
        rounded += 1;
    }

    if half_exponent >= 1 {
        // `rounded` includes the implicit leading bit (0x400), so adding it
        // to the exponent one below carries into the exponent when
        // rounding overflows the fraction.
        let combined = (((half_exponent - 1) as u64) << 10) + rounded;
        if combined >= 0x7C00 {
            return sign | 0x7C00;
        }
        sign | combined as u16
    } else {
        sign | rounded as u16
    }
}

/// Converts binary16 bits to `f64`; the conversion is exact.
pub fn f16_bits_to_f64(bits: u16) -> f64 {
    let negative = bits & 0x8000 != 0;
    let exponent = ((bits >> 10) & 0x1F) as i32;
    let fraction = (bits & 0x3FF) as f64;
    let magnitude = match exponent {
        0 => fraction * 2f64.powi(-24),
        0x1F if fraction == 0.0 => f64::INFINITY,
        0x1F => f64::NAN,
        _ => (1024.0 + fraction) * 2f64.powi(exponent - 25),
    };
    if negative { -magnitude } else { magnitude }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected bits from OTP 25: `<<X:16/float>>` for each X.
    #[test]
    fn encode_matches_otp() {
        let cases: &[(f64, u16)] = &[
            (1.5, 0x3E00),
            (1.0e300, 0x7C00),
            (70000.0, 0x7C00),
            (65504.0, 0x7BFF),
            (65520.0, 0x7C00),
            (1.0e-8, 0x0000),
            (6.0e-8, 0x0001),
            (3.0e-8, 0x0001),
            (2.9e-8, 0x0000),
            (-0.0, 0x8000),
            (1.00048828125, 0x3C00),
            (1.00146484375, 0x3C02),
            (123456789.0, 0x7C00),
        ];
        for &(value, expected) in cases {
            assert_eq!(f64_to_f16_bits(value), expected, "encoding {value:e}");
        }
    }

    #[test]
    fn subnormal_boundaries() {
        // The largest subnormal rounds up into the smallest normal number.
        let largest_subnormal = 1023.0 * 2f64.powi(-24);
        assert_eq!(f64_to_f16_bits(largest_subnormal), 0x03FF);
        assert_eq!(f64_to_f16_bits(1023.5 * 2f64.powi(-24)), 0x0400);
        assert_eq!(f64_to_f16_bits(2f64.powi(-14)), 0x0400);
        assert_eq!(f64_to_f16_bits(f64::MIN_POSITIVE), 0);
        assert_eq!(f64_to_f16_bits(-1.0e-320), 0x8000);
    }

    #[test]
    fn decode_round_trips() {
        for bits in 0u16..=0xFFFF {
            let value = f16_bits_to_f64(bits);
            if value.is_nan() {
                continue;
            }
            assert_eq!(f64_to_f16_bits(value), bits, "bits {bits:#06x}");
        }
        assert_eq!(f16_bits_to_f64(0x0001), 5.960464477539063e-8);
        assert_eq!(f16_bits_to_f64(0x7BFF), 65504.0);
        assert!(f16_bits_to_f64(0x7E00).is_nan());
    }
}
