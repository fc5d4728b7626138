package io.coursestream.infrastructure.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Passes bytes through and hashes exactly the bytes that were read. Skipped bytes are read, so hashed too. */
class HashingInputStream extends FilterInputStream {

    private static final int SKIP_BUFFER_SIZE = 8 * 1024;

    private final MessageDigest digest = Sha256.newDigest();
    private long bytesRead;
    private String sha256;

    HashingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b == -1) {
            endOfStream();
        } else {
            checkOpenDigest();
            digest.update((byte) b);
            bytesRead++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n == -1) {
            endOfStream();
        } else if (n > 0) {
            update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[(int) Math.min(SKIP_BUFFER_SIZE, Math.max(n, 0))];
        long skipped = 0;
        while (skipped < n) {
            int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
            if (read == -1) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readLimit) {
        // Not supported: a reset would hash bytes twice.
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    long bytesRead() {
        return bytesRead;
    }

    /** The SHA-256 of every byte read; after the first call the stream must not be read further. */
    String sha256() {
        if (sha256 == null) {
            sha256 = Sha256.hex(digest);
        }
        return sha256;
    }

    /** Called at each end-of-stream signal; subclasses verify here. */
    protected void endOfStream() throws IOException {
    }

    private void update(byte[] buffer, int offset, int length) {
        checkOpenDigest();
        digest.update(buffer, offset, length);
        bytesRead += length;
    }

    private void checkOpenDigest() {
        if (sha256 != null) {
            throw new IllegalStateException("read after the digest was taken");
        }
    }
}
