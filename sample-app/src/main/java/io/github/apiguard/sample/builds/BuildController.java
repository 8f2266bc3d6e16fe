package io.github.apiguard.sample.builds;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.errors.ApiException;
import io.github.apiguard.errors.NotFoundException;
import io.github.apiguard.errors.UnprocessableException;
import io.github.apiguard.openapi.ApiErrorResponse;
import io.github.apiguard.sample.Ids;
import io.github.apiguard.sample.SampleErrors;
import io.github.apiguard.sample.SampleProperties;
import io.github.apiguard.sample.releases.ReleaseRepository;
import io.github.apiguard.sample.security.RequiresScope;

/**
 * {@code /v1/builds}: seed 000's resource. Every error is one of apiguard's exceptions or the sample's own
 * {@link SampleErrors} catalogue; none is rendered here.
 */
@RestController
@RequestMapping("/v1/builds")
class BuildController {

	private final BuildStore builds;

	private final ReleaseRepository releases;

	private final Clock clock;

	private final Duration processingTime;

	BuildController(BuildStore builds, ReleaseRepository releases, Clock clock, SampleProperties properties) {
		this.builds = builds;
		this.releases = releases;
		this.clock = clock;
		this.processingTime = properties.buildProcessingTime();
	}

	@PostMapping
	@RequiresScope("builds:create")
	@ResponseStatus(HttpStatus.CREATED)
	@ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "The new build.", schema = @Schema(type = "string")))
	@ApiErrorResponse(code = "unprocessable")
	ResponseEntity<BuildView> create(@Valid @RequestBody CreateBuild request, Principal principal) {
		if (request.releaseId() != null && this.releases.find(request.releaseId()).isEmpty()) {
			throw new UnprocessableException("The specified release_id does not exist in this project.")
				.detail("field", "release_id")
				.detail("value", request.releaseId());
		}
		Instant now = this.clock.instant();
		Build build = this.builds.save(new Build(Ids.next("bld"), request.name(), request.releaseId(),
				principal.getName(), now, now.plus(this.processingTime)));
		return ResponseEntity.created(URI.create("/v1/builds/" + build.id())).body(view(build));
	}

	@GetMapping("/{id}")
	@RequiresScope("builds:read")
	BuildView get(@PathVariable String id, Principal principal) {
		return view(find(id, principal));
	}

	@GetMapping
	@RequiresScope("builds:read")
	Map<String, List<BuildView>> list(Principal principal) {
		return Map.of("data", this.builds.findByOwner(principal.getName()).stream().map(this::view).toList());
	}

	@PostMapping("/{id}/deployments")
	@RequiresScope("builds:create")
	@ResponseStatus(HttpStatus.CREATED)
	@ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "The new deployment.", schema = @Schema(type = "string")))
	@ApiErrorResponse(code = "build_not_ready")
	ResponseEntity<Map<String, Object>> deploy(@PathVariable String id, Principal principal) {
		Build build = find(id, principal);
		Instant now = this.clock.instant();
		if (now.isBefore(build.readyAt())) {
			throw new ApiException(SampleErrors.BUILD_NOT_READY).detail("build_id", build.id())
				.retryAfter(Duration.between(now, build.readyAt()));
		}
		String deploymentId = Ids.next("dep");
		return ResponseEntity.created(URI.create("/v1/builds/" + build.id() + "/deployments/" + deploymentId))
			.body(Map.of("id", deploymentId, "build_id", build.id(), "created_at", now));
	}

	private Build find(String id, Principal principal) {
		return this.builds.find(id, principal.getName()).orElseThrow(() -> new NotFoundException("Build not found."));
	}

	private BuildView view(Build build) {
		return new BuildView(build.id(), build.name(), build.releaseId(), build.statusAt(this.clock.instant()),
				build.createdAt());
	}

	record CreateBuild(@NotBlank(message = "The 'name' field is required.") @Size(max = 200) @Pattern(
			regexp = "[^\\p{Cntrl}]*", message = "The 'name' field must not contain control characters.") String name,
			@JsonProperty("release_id") String releaseId) {
	}

	// Named explicitly: springdoc describes records with its own mapper, which knows no naming strategy.
	record BuildView(String id, String name, @JsonProperty("release_id") String releaseId, String status,
			@JsonProperty("created_at") Instant createdAt) {
	}

}
