package io.meshgate.config.pem;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little ASN.1 DER needed to turn PKCS#1 and SEC1 private keys into PKCS#8, which is all the JDK
 * reads. Not a general parser: it reads definite-length TLVs and writes them.
 */
public final class Der {
    public static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;

    private Der() {}

    /** Encodes one TLV with a definite length. */
    public static byte[] tlv(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length <= 0xFF) {
            out.write(0x81);
            out.write(length);
        } else if (length <= 0xFFFF) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A cursor over DER bytes. */
    static final class Reader {
        private final byte[] der;
        private int pos;
        private final int end;

        Reader(byte[] der) {
            this(der, 0, der.length);
        }

        private Reader(byte[] der, int start, int end) {
            this.der = der;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() {
            require(1);
            return der[pos] & 0xFF;
        }

        /** Reads the next TLV and returns a reader over its content. */
        Reader enter(int expectedTag) {
            int[] bounds = next(expectedTag);
            return new Reader(der, bounds[0], bounds[1]);
        }

        /** Reads the next TLV and returns its whole encoding (tag and length included). */
        byte[] encoded(int expectedTag) {
            int start = pos;
            int[] bounds = next(expectedTag);
            return Arrays.copyOfRange(der, start, bounds[1]);
        }

        /** Skips the next TLV, whatever its tag. */
        void skip() {
            next(-1);
        }

        private int[] next(int expectedTag) {
            require(2);
            int tag = der[pos++] & 0xFF;
            if (expectedTag >= 0 && tag != expectedTag) {
                throw new IllegalArgumentException("malformed DER: expected tag 0x" + Integer.toHexString(expectedTag)
                        + ", found 0x" + Integer.toHexString(tag));
            }
            int length = der[pos++] & 0xFF;
            if (length >= 0x80) {
                int bytes = length & 0x7F;
                if (bytes == 0 || bytes > 3) {
                    throw new IllegalArgumentException("malformed DER: unsupported length encoding");
                }
                require(bytes);
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[pos++] & 0xFF);
                }
            }
            require(length);
            int start = pos;
            pos += length;
            return new int[] {start, pos};
        }

        private void require(int n) {
            if (n < 0 || pos + n > end) {
                throw new IllegalArgumentException("malformed DER: truncated");
            }
        }
    }
}
