package io.github.apiguard.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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

		@PostMapping("/items")
		ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> item) {
			// A little work a real handler does (an id, a serialized body), so a replay has something to save.
			String id = UUID.randomUUID().toString();
			return ResponseEntity.created(URI.create("/items/" + id)).body(Map.of("id", id, "item", item));
		}

		/**
		 * The server's own cost so far, read before and after a measured run: CPU time of the whole process
		 * and bytes allocated by its live threads (the container's workers live through a run). Per request,
		 * these survive a shared machine's noise far better than a throughput ratio does.
		 */
		@GetMapping("/bench/stats")
		Map<String, Long> stats() {
			long cpu = (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
					? os.getProcessCpuTime() : -1;
			long allocated = -1;
			if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
				allocated = Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
					.filter((bytes) -> bytes > 0)
					.sum();
			}
			return Map.of("cpu_nanos", cpu, "allocated_bytes", allocated);
		}

	}

}
