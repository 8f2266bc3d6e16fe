package io.github.apiguard.sample.admin;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

import io.github.apiguard.sample.SampleProperties;

/**
 * Switches for injected failures and maintenance, flipped through {@code /v1/admin}, and the hold of build
 * writes set at startup ({@code sample.faults.build-write-hold}).
 */
@Component
public class Faults {

	private final Duration buildWriteHold;

	private final AtomicBoolean storage = new AtomicBoolean();

	private final AtomicBoolean maintenance = new AtomicBoolean();

	Faults(SampleProperties properties) {
		this.buildWriteHold = properties.faults().buildWriteHold();
	}

	/**
	 * Whether the build store fails.
	 * @return whether storage is failing
	 */
	public boolean storageFailing() {
		return this.storage.get();
	}

	/**
	 * Whether the API is in maintenance.
	 * @return whether maintenance is on
	 */
	public boolean inMaintenance() {
		return this.maintenance.get();
	}

	/**
	 * Holds the calling thread's open transaction for {@code sample.faults.build-write-hold} (by default not at
	 * all): the fault tests kill a node while a build's row is inserted but not committed.
	 */
	public void holdBuildWrite() {
		if (this.buildWriteHold.isZero() || this.buildWriteHold.isNegative()) {
			return;
		}
		try {
			Thread.sleep(this.buildWriteHold.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while holding a build write", ex);
		}
	}

	void storage(boolean failing) {
		this.storage.set(failing);
	}

	void maintenance(boolean enabled) {
		this.maintenance.set(enabled);
	}

}
