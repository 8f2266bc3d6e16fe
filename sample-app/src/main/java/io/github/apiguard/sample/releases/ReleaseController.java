package io.github.apiguard.sample.releases;

import java.net.URI;
import java.time.Clock;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

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

import io.github.apiguard.errors.NotFoundException;
import io.github.apiguard.sample.Ids;
import io.github.apiguard.sample.security.RequiresScope;

/**
 * {@code /v1/releases}: create and read releases.
 */
@RestController
@RequestMapping("/v1/releases")
class ReleaseController {

	private final ReleaseRepository releases;

	private final Clock clock;

	ReleaseController(ReleaseRepository releases, Clock clock) {
		this.releases = releases;
		this.clock = clock;
	}

	@PostMapping
	@RequiresScope("releases:create")
	@ResponseStatus(HttpStatus.CREATED)
	@ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true,
			headers = @Header(name = "Location", description = "The new release.", schema = @Schema(type = "string")))
	ResponseEntity<Release> create(@Valid @RequestBody CreateRelease request) {
		Release release = this.releases.save(new Release(Ids.next("rel"), request.version(), this.clock.instant()));
		return ResponseEntity.created(URI.create("/v1/releases/" + release.id())).body(release);
	}

	@GetMapping("/{id}")
	@RequiresScope("releases:read")
	Release get(@PathVariable String id) {
		return this.releases.find(id).orElseThrow(() -> new NotFoundException("Release not found."));
	}

	record CreateRelease(@NotBlank(message = "The 'version' field is required.") @Size(max = 64) String version) {
	}

}
