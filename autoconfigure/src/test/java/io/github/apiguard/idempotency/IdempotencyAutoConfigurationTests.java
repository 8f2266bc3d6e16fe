package io.github.apiguard.idempotency;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.idempotency.web.IdempotencyInterceptor;
import io.github.apiguard.idempotency.web.IdempotencyLeaseRenewer;
import io.github.apiguard.idempotency.web.IdempotencyPolicy;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link IdempotencyAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdempotencyAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, RequestIdAutoConfiguration.class,
				ClientAutoConfiguration.class, IdempotencyAutoConfiguration.class));

	@Test
	void defaultsToTheInMemoryStoreAFilterAndAnInterceptor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(InMemoryIdempotencyStore.class);
			assertThat(context).hasSingleBean(IdempotencyInterceptor.class);
			assertThat(context).hasSingleBean(IdempotencyLeaseRenewer.class);
			assertThat(context).hasBean("apiguardIdempotencyFilter");
			assertThat(context).hasBean("apiguardIdempotencyWebMvcConfigurer");
		});
	}

	@Test
	void defaultPolicyFollowsTheSeeds() {
		this.contextRunner.run((context) -> {
			IdempotencyPolicy policy = context.getBean(IdempotencyPolicy.class);
			assertThat(policy.header()).isEqualTo("Idempotency-Key");
			assertThat(policy.methods()).containsExactlyInAnyOrder("POST", "PATCH");
			assertThat(policy.requireKey()).isFalse();
			assertThat(policy.ttl()).isEqualTo(Duration.ofHours(24));
			assertThat(policy.lease()).isEqualTo(Duration.ofSeconds(30));
			assertThat(policy.maxRequestSize()).isEqualTo(1024 * 1024);
			assertThat(policy.maxResponseSize()).isEqualTo(1024 * 1024);
			assertThat(policy.replayHeaders()).contains("Location", "ETag", "Content-Type");
			assertThat(policy.storeServerErrors()).isFalse();
			assertThat(policy.failOpen()).isFalse();
		});
	}

	@Test
	void propertiesChangeThePolicy() {
		this.contextRunner
			.withPropertyValues("apiguard.idempotency.header=X-Idempotency-Key",
					"apiguard.idempotency.methods=post,put", "apiguard.idempotency.require-key=true",
					"apiguard.idempotency.ttl=1h", "apiguard.idempotency.lease=10s",
					"apiguard.idempotency.replay-headers=Location,Set-Cookie,X-RateLimit-Limit")
			.run((context) -> {
				IdempotencyPolicy policy = context.getBean(IdempotencyPolicy.class);
				assertThat(policy.header()).isEqualTo("X-Idempotency-Key");
				assertThat(policy.methods()).containsExactlyInAnyOrder("POST", "PUT");
				assertThat(policy.requireKey()).isTrue();
				assertThat(policy.ttl()).isEqualTo(Duration.ofHours(1));
				assertThat(policy.lease()).isEqualTo(Duration.ofSeconds(10));
				assertThat(policy.replayHeaders()).containsExactly("Location");
			});
	}

	@Test
	void backsOffFromAStoreOfTheApplication() {
		this.contextRunner.withUserConfiguration(CustomStoreConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(IdempotencyStore.class);
			assertThat(context).hasBean("customStore");
			assertThat(context).hasSingleBean(IdempotencyInterceptor.class);
		});
	}

	@Test
	void isDisabledByProperty() {
		this.contextRunner.withPropertyValues("apiguard.idempotency.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(IdempotencyStore.class);
			assertThat(context).doesNotHaveBean(IdempotencyInterceptor.class);
			assertThat(context).doesNotHaveBean("apiguardIdempotencyFilter");
		});
	}

	@Test
	void isDisabledWithTheWholeOfApiguard() {
		this.contextRunner.withPropertyValues("apiguard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IdempotencyInterceptor.class));
	}

	@Test
	void backsOffWithoutTheErrorRenderer() {
		this.contextRunner.withPropertyValues("apiguard.errors.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IdempotencyInterceptor.class));
	}

	@Test
	void usesRedisWhenTheApplicationHasARedisConnectionFactory() {
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisIdempotencyStore.class);
				assertThat(context).doesNotHaveBean(InMemoryIdempotencyStore.class);
			});
	}

	@Test
	void warnsWhenRedisCommandsMayHangForLong(CapturedOutput output) {
		this.contextRunner.withBean(RedisConnectionFactory.class, LettuceConnectionFactory::new)
			.run((context) -> assertThat(output).contains("Redis commands time out after PT1M"));
	}

	@Test
	void doesNotWarnAboutAShortRedisCommandTimeout(CapturedOutput output) {
		this.contextRunner
			.withBean(RedisConnectionFactory.class,
					() -> new LettuceConnectionFactory(new RedisStandaloneConfiguration(),
							LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build()))
			.run((context) -> assertThat(output).doesNotContain("Redis commands time out"));
	}

	@Test
	void storeMemoryKeepsRecordsInMemoryEvenWithRedis() {
		this.contextRunner.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("apiguard.idempotency.store=memory")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryIdempotencyStore.class)
				.doesNotHaveBean(RedisIdempotencyStore.class));
	}

	@Test
	void storeRedisWithoutAConnectionFactoryFailsWithAClearMessage() {
		this.contextRunner.withPropertyValues("apiguard.idempotency.store=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.idempotency.store is 'redis'"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1" })
	void aClaimsBoundThatIsNotPositiveFailsStartupNamingTheProperty(String maxClaims) {
		this.contextRunner.withPropertyValues("apiguard.idempotency.memory.max-claims=" + maxClaims)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("apiguard.idempotency.memory.max-claims must be positive, but was " + maxClaims));
	}

	@Test
	void withoutSpringDataRedisOnTheClasspathUsesMemory() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasSingleBean(InMemoryIdempotencyStore.class));
	}

	@Test
	void withoutRedisTheInMemoryStoreNeedsNothing() {
		// The in-memory store keeps its records itself: an application without Redis is protected too.
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(IdempotencyStore.class).isInstanceOf(InMemoryIdempotencyStore.class);
			});
	}

	@Test
	void annotatedStreamingAndAsyncHandlersFailStartupNamingEachOne() {
		mvc().withUserConfiguration(StreamingController.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("@Idempotent cannot be applied")
				.hasMessageContaining("stream()")
				.hasMessageContaining("streamEntity()")
				.hasMessageContaining("events()")
				.hasMessageContaining("callable()")
				.hasMessageContaining("future()")
				.hasMessageNotContainingAny("exempt()", "plain()");
		});
	}

	@Test
	void transactionalHandlerWithoutTheJdbcStoreFailsStartupNamingItAndTheStore() {
		mvc().withUserConfiguration(TransactionalController.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("@Idempotent cannot be applied")
				.hasMessageContaining("build()")
				.hasMessageContaining("@Idempotent(transactional = true) needs the JDBC idempotency store")
				.hasMessageContaining("apiguard.idempotency.store=jdbc"));
	}

	@Test
	void unparseableTtlFailsStartup() {
		mvc().withUserConfiguration(BadTtlController.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("@Idempotent cannot be applied")
				.hasMessageContaining("'forever' is not a valid duration"));
	}

	@Test
	void streamingHandlersWithoutTheAnnotationStart() {
		mvc().withUserConfiguration(UnannotatedStreamingController.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private WebApplicationContextRunner mvc() {
		return this.contextRunner.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomStoreConfiguration {

		@Bean
		IdempotencyStore customStore() {
			return new InMemoryIdempotencyStore(1024, java.time.Clock.systemUTC());
		}

	}

	@RestController
	static class StreamingController {

		@Idempotent
		@PostMapping("/stream")
		StreamingResponseBody stream() {
			return (out) -> out.write(1);
		}

		@Idempotent
		@PostMapping("/stream-entity")
		ResponseEntity<StreamingResponseBody> streamEntity() {
			return ResponseEntity.ok((out) -> out.write(1));
		}

		@Idempotent
		@PostMapping("/events")
		SseEmitter events() {
			return new SseEmitter();
		}

		@Idempotent
		@PostMapping("/callable")
		Callable<String> callable() {
			return () -> "x";
		}

		@Idempotent
		@PostMapping("/future")
		CompletableFuture<String> future() {
			return CompletableFuture.completedFuture("x");
		}

		@Idempotent(exempt = true)
		@PostMapping("/exempt")
		SseEmitter exempt() {
			return new SseEmitter();
		}

		@Idempotent
		@PostMapping("/plain")
		String plain() {
			return "x";
		}

	}

	@RestController
	static class TransactionalController {

		@Idempotent(transactional = true)
		@PostMapping("/builds")
		String build() {
			return "x";
		}

	}

	@RestController
	static class BadTtlController {

		@Idempotent(ttl = "forever")
		@PostMapping("/bad-ttl")
		String create() {
			return "x";
		}

	}

	@RestController
	static class UnannotatedStreamingController {

		@PostMapping("/stream")
		StreamingResponseBody stream() {
			return (out) -> out.write(1);
		}

	}

}
