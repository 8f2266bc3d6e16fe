package io.github.apiguard.sample.faults;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Only in the fault suite's child processes (profile {@code faults}): an idempotent write that takes as
 * long as the client asks, so a node can be killed while it runs, and a count of the writes this node
 * started.
 */
@RestController
@Profile("faults")
@RequestMapping("/v1/faults/slow-builds")
class SlowBuildController {

	private final List<String> started = new CopyOnWriteArrayList<>();

	@PostMapping
	Map<String, Object> create(@RequestBody SlowBuild request) throws InterruptedException {
		this.started.add(request.name());
		Thread.sleep(request.millis());
		return Map.of("name", request.name());
	}

	@GetMapping
	Map<String, Object> started() {
		return Map.of("started", this.started);
	}

	record SlowBuild(String name, long millis) {
	}

}
