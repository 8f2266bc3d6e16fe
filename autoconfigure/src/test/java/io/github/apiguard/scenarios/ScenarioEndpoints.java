package io.github.apiguard.scenarios;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

import io.github.apiguard.errors.NotFoundException;

/**
 * The endpoints (a member class, registered with this configuration) and the misbehaving filter the
 * scenario matrix drives over a real port.
 */
@Configuration(proxyBeanMethods = false)
class ScenarioEndpoints {

	static final String SECRET = "jdbc:postgresql://db:5432/app?user=app&password=hunter2";

	@Bean
	OncePerRequestFilter explodingFilter() {
		return new OncePerRequestFilter() {
			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain) throws ServletException, IOException {
				if (request.getHeader("X-Explode") != null) {
					throw new IllegalStateException("filter failed: " + SECRET);
				}
				if (request.getHeader("X-Redirect") != null) {
					// A filter that sends the client elsewhere by throwing, as handlers can.
					ErrorResponseException redirect = new ErrorResponseException(HttpStatus.SEE_OTHER);
					redirect.getHeaders().setLocation(URI.create("/login"));
					throw redirect;
				}
				chain.doFilter(request, response);
			}
		};
	}

	@RestController
	static class ThingController {

		@GetMapping(path = "/things/{id}", produces = "application/json")
		Map<String, Object> get(@PathVariable int id) {
			return Map.of("id", id);
		}

		@PostMapping(path = "/things", consumes = "application/json")
		Map<String, Object> create(@Valid @RequestBody Thing thing) {
			return Map.of("name", thing.name());
		}

		@GetMapping("/search")
		Map<String, Object> search(@RequestParam String q) {
			return Map.of("q", q);
		}

		@PostMapping("/uploads")
		Map<String, Object> upload(@RequestPart MultipartFile file) {
			return Map.of("size", file.getSize());
		}

		@GetMapping("/downloads/{name}")
		void download(@PathVariable String name, HttpServletResponse response) {
			// Headers describing the body the handler meant to send, then the failure that replaces it.
			response.setHeader("Content-Encoding", "gzip");
			response.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".csv.gz\"");
			response.setHeader("Content-Range", "bytes 0-99/1000");
			response.setHeader("Content-Language", "fr");
			response.setHeader("Content-Location", "/downloads/" + name + ".csv.gz");
			response.setHeader("ETag", "\"v1\"");
			response.setHeader("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
			response.setHeader("Digest", "sha-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
			// Headers describing the exchange, as CORS, rate limiting and content negotiation set them.
			response.setHeader("Vary", "Origin");
			response.setHeader("Access-Control-Allow-Origin", "https://app.example.com");
			response.setHeader("X-RateLimit-Remaining", "41");
			throw new NotFoundException("No such export.");
		}

		@GetMapping("/moved")
		void moved() {
			ErrorResponseException moved = new ErrorResponseException(HttpStatus.FOUND);
			moved.getHeaders().setLocation(URI.create("/things/1"));
			throw moved;
		}

		@GetMapping("/unchanged")
		void unchanged() {
			throw new ResponseStatusException(HttpStatus.NOT_MODIFIED);
		}

		@GetMapping("/accepted")
		void accepted() {
			throw new AcceptedException();
		}

		@GetMapping("/boom")
		void boom() {
			throw new IllegalStateException("Connection refused: " + SECRET);
		}

		@GetMapping("/send-error/{status}")
		void sendError(@PathVariable int status, HttpServletResponse response) throws IOException {
			// What a container, a servlet or a filter does: a bare status with its own text.
			response.sendError(status, "raw container message " + SECRET);
		}

		@GetMapping("/slow")
		DeferredResult<String> slow() {
			return new DeferredResult<>(50L);
		}

		@GetMapping("/secured/me")
		Map<String, Object> me() {
			return Map.of("me", true);
		}

		@GetMapping("/admin/stats")
		Map<String, Object> stats() {
			return Map.of("stats", true);
		}

	}

	record Thing(@NotBlank String name, @Min(1) int quantity) {
	}

	@ResponseStatus(HttpStatus.ACCEPTED)
	static class AcceptedException extends RuntimeException {

	}

}
