package io.coursestream.admin;

import io.coursestream.schemas.verification.VerificationCodes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code <code>} values: a certificate's verification code, 16 Crockford base-32 characters (digits and capitals
 * without I, L, O and U) in four groups of four, {@code 7K3M-Q9XA-2B4C-HR8T}. The grouped form is the code itself
 * (the key on {@code certificates.certificate-status}), so nothing is taken that a verifier could not look up; only
 * the case is forgiven.
 */
final class CertificateCodes implements ITypeConverter<String> {

    static final String FORMAT = "XXXX-XXXX-XXXX-XXXX";

    /** {@code value} upper-cased, if that is a well-formed code. */
    @Override
    public String convert(String value) {
        String code = VerificationCodes.normalise(value);
        if (!VerificationCodes.isWellFormed(code)) {
            throw new TypeConversionException("'" + value + "' is not a verification code (16 Crockford base-32 "
                    + "characters, 0-9 and A-Z without I, L, O and U, in groups of four: " + FORMAT + ")");
        }
        return code;
    }
}
