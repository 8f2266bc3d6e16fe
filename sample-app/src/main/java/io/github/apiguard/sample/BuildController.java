package io.github.apiguard.sample;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.NotFoundException;

/**
 * Builds: create one, read one, list them. Unknown builds answer 404 {@code not_found}.
 */
@RestController
@RequestMapping("/v1/builds")
class BuildController {

	private final Map<String, Build> builds = new ConcurrentHashMap<>();

	@PostMapping
	ResponseEntity<Build> create(@Valid @RequestBody CreateBuild request) {
		Build build = new Build("bld_" + UUID.randomUUID().toString().replace("-", ""), request.name());
		this.builds.put(build.id(), build);
		return ResponseEntity.created(URI.create("/v1/builds/" + build.id())).body(build);
	}

	@GetMapping("/{id}")
	Build get(@PathVariable String id) {
		Build build = this.builds.get(id);
		if (build == null) {
			throw new NotFoundException("Build not found.");
		}
		return build;
	}

	@GetMapping
	List<Build> list() {
		return List.copyOf(this.builds.values());
	}

	record CreateBuild(@NotBlank(message = "The 'name' field is required.") @Size(max = 100) String name) {
	}

	record Build(String id, String name) {
	}

}
