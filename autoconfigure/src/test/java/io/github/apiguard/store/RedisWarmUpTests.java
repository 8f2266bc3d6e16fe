package io.github.apiguard.store;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.github.apiguard.idempotency.IdempotencyHttp;
import io.github.apiguard.idempotency.IdempotencyTestEndpoints;
import io.github.apiguard.support.RedisServerSupport;
import io.github.apiguard.support.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that starts while Redis is slow to answer does not serve its first requests on a connection it
 * has yet to make within the (short) command timeout: it connects before it takes traffic, waiting up to the
 * connect timeout, so its first idempotent POST runs instead of answering 503.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisWarmUpTests {

	private final RedisServerSupport redis = RedisServerSupport.dedicated();

	private ConfigurableApplicationContext context;

	@AfterEach
	void tearDown() {
		this.redis.resume();
		if (this.context != null) {
			this.context.close();
		}
		this.redis.stop();
	}

	@Test
	void nodeStartingWhileRedisIsSlowConnectsBeforeItTakesTrafficAndAnswersItsFirstPost(CapturedOutput output)
			throws Exception {
		this.redis.pause();
		CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(
				() -> new SpringApplicationBuilder(TestApplication.class, IdempotencyTestEndpoints.class)
					.properties("server.port=0", "spring.main.banner-mode=off", "spring.data.redis.host=127.0.0.1",
							"spring.data.redis.port=" + this.redis.port(), "spring.data.redis.timeout=250ms",
							"spring.data.redis.connect-timeout=120s", "apiguard.idempotency.store=redis")
					.run());
		// The hang detector, not a speed bound: the node must be seen waiting for Redis at start-up.
		await().atMost(Duration.ofSeconds(120)).until(() -> output.getOut().contains("Redis did not answer yet"));
		assertThat(starting).isNotDone();
		this.redis.resume();
		this.context = starting.get(120, TimeUnit.SECONDS);
		LettuceConnectionFactory monitor = monitor();
		try (RedisConnection connection = monitor.getConnection()) {
			// Before any request, the node already holds its connection (the other client is this monitor).
			assertThat(connection.serverCommands().getClientList()).hasSizeGreaterThanOrEqualTo(2);
		}
		finally {
			monitor.destroy();
		}
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpResponse<String> first = new IdempotencyHttp(port).post("/orders")
			.key(UUID.randomUUID().toString())
			.json("{\"item\":\"book\"}")
			.send();
		assertThat(first.statusCode()).isEqualTo(201);
	}

	private LettuceConnectionFactory monitor() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", this.redis.port());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
