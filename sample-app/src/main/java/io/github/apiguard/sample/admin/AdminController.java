package io.github.apiguard.sample.admin;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.idempotency.Idempotent;
import io.github.apiguard.sample.security.RequiresScope;

/**
 * {@code /v1/admin}: maintenance mode and fault injection, for demonstrations and the fault tests. The
 * switches are idempotent by nature, so they never need an Idempotency-Key (even where seed 001 requires one).
 */
@RestController
@RequestMapping("/v1/admin")
class AdminController {

	private final Faults faults;

	AdminController(Faults faults) {
		this.faults = faults;
	}

	@PostMapping("/maintenance")
	@RequiresScope("admin")
	@Idempotent(exempt = true)
	Map<String, Boolean> maintenance(@Valid @RequestBody Toggle toggle) {
		this.faults.maintenance(toggle.enabled());
		return Map.of("enabled", toggle.enabled());
	}

	@PostMapping("/faults")
	@RequiresScope("admin")
	@Idempotent(exempt = true)
	Map<String, Boolean> faults(@Valid @RequestBody StorageFault fault) {
		this.faults.storage(fault.storage());
		return Map.of("storage", fault.storage());
	}

	record Toggle(@NotNull(message = "The 'enabled' field is required.") Boolean enabled) {
	}

	record StorageFault(@NotNull(message = "The 'storage' field is required.") Boolean storage) {
	}

}
