package io.github.apiguard.openapi;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.github.apiguard.store.ConfiguredStore;
import io.github.apiguard.store.StoreType;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code store: auto} without Redis limits in memory, which never has an outage: the document must not promise
 * the 503 that {@code outage.policy: deny} answers only while a Redis store is unreachable.
 */
@SpringBootTest(classes = { TestApplication.class, OutageDocumentationTests.Items.class },
		properties = { "spring.autoconfigure.exclude=org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"apiguard.rate-limit.store=auto", "apiguard.rate-limit.outage.policy=deny",
				"apiguard.idempotency.store=memory",
				"apiguard.rate-limit.policies.all.paths=/all/**",
				"apiguard.rate-limit.policies.all.limits.default[0].name=per-minute",
				"apiguard.rate-limit.policies.all.limits.default[0].limit=100",
				"apiguard.rate-limit.policies.all.limits.default[0].period=1m" })
@AutoConfigureMockMvc
class OutageDocumentationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	@Qualifier("apiguardRateLimitConfiguredStore")
	ConfiguredStore store;

	@Test
	void autoWithoutRedisLimitsInMemoryAndDocumentsNoOutage() {
		assertThat(this.store.type()).isEqualTo(StoreType.MEMORY);
		assertThat(this.mvc.get().uri("/all/1").exchange()).hasStatusOk().headers().containsHeader("X-RateLimit-Limit");
		assertThat(this.mvc.get().uri("/v3/api-docs").exchange()).bodyJson()
			.hasPath("$.paths['/all/{id}'].get.responses['429']")
			.doesNotHavePath("$.paths['/all/{id}'].get.responses['503']");
	}

	@RestController
	static class Items {

		@GetMapping("/all/{id}")
		String all(@PathVariable String id) {
			return "{}";
		}

	}

}
