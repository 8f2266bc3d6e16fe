package io.github.apiguard.benchmarks;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application under load: a small JSON endpoint, the same with apiguard on and off. Started as its own
 * process by {@link BenchmarkReport} so the load generator never shares its heap.
 */
@SpringBootApplication
public class BenchApp {

	public static void main(String[] args) {
		SpringApplication.run(BenchApp.class, args);
	}

	@RestController
	static class PingController {

		@GetMapping("/ping")
		Map<String, Object> ping() {
			return Map.of("pong", true, "service", "bench");
		}

	}

}
