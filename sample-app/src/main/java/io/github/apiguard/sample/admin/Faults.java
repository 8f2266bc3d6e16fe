package io.github.apiguard.sample.admin;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

/**
 * Switches for injected failures and maintenance, flipped through {@code /v1/admin}.
 */
@Component
public class Faults {

	private final AtomicBoolean storage = new AtomicBoolean();

	private final AtomicBoolean maintenance = new AtomicBoolean();

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

	void storage(boolean failing) {
		this.storage.set(failing);
	}

	void maintenance(boolean enabled) {
		this.maintenance.set(enabled);
	}

}
