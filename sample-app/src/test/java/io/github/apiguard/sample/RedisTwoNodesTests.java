package io.github.apiguard.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.github.apiguard.sample.builds.BuildStore;
import io.github.apiguard.support.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "two instances on Redis": two sample apps on real ports sharing one real redis-server. A
 * POST retried on the other node is replayed, not repeated, and a rate limit is shared by both.
 */
class RedisTwoNodesTests {

	static ConfigurableApplicationContext first;

	static ConfigurableApplicationContext second;

	@BeforeAll
	static void startTwoNodes() {
		RedisServerSupport redis = RedisServerSupport.shared();
		first = start(redis.port());
		first.getBean(RedisConnectionFactory.class).getConnection().serverCommands().flushAll();
		second = start(redis.port());
	}

	@AfterAll
	static void stop() {
		second.close();
		first.close();
	}

	private static ConfigurableApplicationContext start(int redisPort) {
		return new SpringApplicationBuilder(SampleApplication.class).profiles("seed-000", "redis", "demo-limits")
			.run("--server.port=0", "--spring.data.redis.port=" + redisPort, "--spring.data.redis.host=127.0.0.1",
					// Exactness across nodes is asserted here: only a real outage may reach Redis' timeout, never a
					// busy machine (the profile's 250 ms also bounds Lettuce's connection handshake).
					"--spring.data.redis.timeout=30s");
	}

	private static SampleApi api(ConfigurableApplicationContext node) {
		return new SampleApi(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
	}

	@Test
	void aPostRetriedOnTheOtherNodeIsReplayed() {
		HttpResponse<String> created = api(first).postWithKey("/v1/builds", SampleApi.ADMIN, "cross-node-1",
				"{\"name\": \"shared\"}");
		HttpResponse<String> retried = api(second).postWithKey("/v1/builds", SampleApi.ADMIN, "cross-node-1",
				"{\"name\": \"shared\"}");
		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(retried.statusCode()).isEqualTo(201);
		assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retried.body()).isEqualTo(created.body());
		// The second node never ran the handler: its own in-memory build store is untouched.
		assertThat(second.getBean(BuildStore.class).count()).isZero();
	}

	@Test
	void theRateLimitIsSharedByBothNodes() {
		assertThat(api(first).get("/v1/builds", SampleApi.PUBLIC).statusCode()).isEqualTo(200);
		assertThat(api(second).get("/v1/builds", SampleApi.PUBLIC).statusCode()).isEqualTo(200);
		assertThat(api(first).get("/v1/builds", SampleApi.PUBLIC).statusCode()).isEqualTo(200);
		HttpResponse<String> limited = api(second).get("/v1/builds", SampleApi.PUBLIC);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
	}

}
