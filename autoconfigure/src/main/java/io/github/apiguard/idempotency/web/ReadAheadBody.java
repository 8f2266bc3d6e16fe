package io.github.apiguard.idempotency.web;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.apiguard.hash.Sha256;

/**
 * A request body read ahead, up to a limit, and held once: it is hashed block by block as it arrives and
 * later served to the handler from the same blocks, so a large body costs its own size in memory — no copy
 * for hashing, none for serving, none from growing a single array. When the {@code Content-Length} is known
 * the body fits one block of exactly that size.
 */
final class ReadAheadBody {

	private static final int FIRST_BLOCK = 8 * 1024;

	private static final int LARGEST_BLOCK = 1024 * 1024;

	private final List<byte[]> blocks;

	private final int lastBlockLength;

	private final long length;

	private final @Nullable String digest;

	private ReadAheadBody(List<byte[]> blocks, int lastBlockLength, long length, @Nullable String digest) {
		this.blocks = blocks;
		this.lastBlockLength = lastBlockLength;
		this.length = length;
		this.digest = digest;
	}

	/**
	 * Reads a body ahead: all of it when it is at most {@code max} bytes, else the first {@code max + 1} bytes
	 * (the rest stays in {@code in}).
	 * @param in the request's stream
	 * @param contentLength the declared length, or a negative value when not known
	 * @param max the most bytes to hash
	 * @return the body read ahead
	 * @throws IOException if the stream fails
	 */
	static ReadAheadBody read(InputStream in, long contentLength, long max) throws IOException {
		MessageDigest sha256 = Sha256.newDigest();
		List<byte[]> blocks = new ArrayList<>();
		long limit = max + 1;
		long total = 0;
		int blockSize = (contentLength >= 0 && contentLength < limit) ? (int) Math.max(contentLength, 1)
				: (int) Math.min(FIRST_BLOCK, limit);
		byte[] block = new byte[blockSize];
		int filled = 0;
		while (total < limit) {
			if (filled == block.length) {
				// Probe before growing: a body that exactly fills its block (the declared length) needs no more.
				int next = in.read();
				if (next < 0) {
					break;
				}
				blocks.add(block);
				blockSize = (int) Math.min(Math.min((long) block.length * 2, LARGEST_BLOCK), limit - total);
				block = new byte[blockSize];
				block[0] = (byte) next;
				sha256.update(block, 0, 1);
				filled = 1;
				total++;
				continue;
			}
			int count = in.read(block, filled, (int) Math.min(block.length - filled, limit - total));
			if (count < 0) {
				break;
			}
			sha256.update(block, filled, count);
			filled += count;
			total += count;
		}
		blocks.add(block);
		// More than max bytes is too large to hash in full (no digest); the handler still gets everything.
		return new ReadAheadBody(blocks, filled, total, (total < limit) ? Sha256.base64Url(sha256) : null);
	}

	/**
	 * The body's digest, as {@link IdempotencyKeys#digest(byte[])} computes it, or {@code null} when the body
	 * is larger than the limit.
	 */
	@Nullable String digest() {
		return this.digest;
	}

	/**
	 * Whether the whole body was read ahead.
	 */
	boolean isComplete() {
		return this.digest != null;
	}

	long length() {
		return this.length;
	}

	/**
	 * The bytes read ahead, as a stream over the held blocks.
	 */
	InputStream inputStream() {
		return new BlocksInputStream();
	}

	private final class BlocksInputStream extends InputStream {

		private int block;

		private int position;

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (length == 0) {
				return 0;
			}
			List<byte[]> blocks = ReadAheadBody.this.blocks;
			while (this.block < blocks.size()) {
				int end = (this.block == blocks.size() - 1) ? ReadAheadBody.this.lastBlockLength
						: blocks.get(this.block).length;
				if (this.position < end) {
					int count = Math.min(length, end - this.position);
					System.arraycopy(blocks.get(this.block), this.position, buffer, offset, count);
					this.position += count;
					return count;
				}
				this.block++;
				this.position = 0;
			}
			return -1;
		}

	}

}
