package io.github.apiguard.idempotency;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import io.github.apiguard.client.autoconfigure.ClientAutoConfiguration;
import io.github.apiguard.errors.autoconfigure.ErrorsAutoConfiguration;
import io.github.apiguard.idempotency.autoconfigure.IdempotencyAutoConfiguration;
import io.github.apiguard.idempotency.autoconfigure.JdbcIdempotencySchemaInitializer;
import io.github.apiguard.idempotency.store.InMemoryIdempotencyStore;
import io.github.apiguard.idempotency.store.JdbcIdempotencyPurger;
import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;
import io.github.apiguard.idempotency.store.RedisIdempotencyStore;
import io.github.apiguard.idempotency.web.IdempotencyTransactionListener;
import io.github.apiguard.requestid.autoconfigure.RequestIdAutoConfiguration;
import io.github.apiguard.support.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.mockito.Mockito.mock;

/**
 * Tests for the JDBC store's auto-configuration: chosen only by {@code apiguard.idempotency.store=jdbc}, its
 * table created like Spring Boot's own JDBC-backed features create theirs, and bad configuration refused at
 * start-up by property name.
 */
class IdempotencyJdbcAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, ErrorsAutoConfiguration.class,
				RequestIdAutoConfiguration.class, ClientAutoConfiguration.class, IdempotencyAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false");

	@Test
	void autoKeepsRecordsInMemoryEvenWithADataSource() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class);
			assertThat(context).hasSingleBean(InMemoryIdempotencyStore.class)
				.doesNotHaveBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(JdbcIdempotencySchemaInitializer.class);
		});
	}

	@Test
	void storeJdbcUsesTheDataSourceAndCreatesTheTableOnAnEmbeddedDatabase() {
		this.contextRunner.withPropertyValues("apiguard.idempotency.store=jdbc").run((context) -> {
			assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(InMemoryIdempotencyStore.class)
				.hasSingleBean(JdbcIdempotencySchemaInitializer.class)
				.hasSingleBean(JdbcIdempotencyPurger.class);
			assertThat(rows(context.getBean(DataSource.class), "apiguard_idempotency")).isZero();
			IdempotencyStore store = context.getBean(IdempotencyStore.class);
			assertThat(store.claim(new IdempotencyClaim("k", "fp", "owner", Duration.ofSeconds(30), Duration.ofHours(1)))
				.outcome()).isEqualTo(ClaimResult.Outcome.CLAIMED);
			assertThat(rows(context.getBean(DataSource.class), "apiguard_idempotency")).isOne();
		});
	}

	@Test
	void transactionalPropertyWithAnotherStoreFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("apiguard.idempotency.jdbc.transactional=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("apiguard.idempotency.jdbc.transactional=true")
				.hasMessageContaining("apiguard.idempotency.store=jdbc"));
	}

	@Test
	void storeJdbcListensToBootsTransactionManagerAndToOnesTheApplicationDeclared() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(TransactionManagerCustomizationAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class))
			.withPropertyValues("apiguard.idempotency.store=jdbc", "apiguard.idempotency.jdbc.transactional=true")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(IdempotencyTransactionListener.class);
				assertThat(context.getBean(DataSourceTransactionManager.class).getTransactionExecutionListeners())
					.contains(context.getBean(IdempotencyTransactionListener.class));
			});
		this.contextRunner.withPropertyValues("apiguard.idempotency.store=jdbc")
			.withBean("ownTransactionManager", DataSourceTransactionManager.class,
					() -> new DataSourceTransactionManager(mock(DataSource.class)))
			.run((context) -> assertThat(context.getBean(DataSourceTransactionManager.class)
				.getTransactionExecutionListeners()).contains(context.getBean(IdempotencyTransactionListener.class)));
	}

	@Test
	void storeJdbcWinsOverRedis() {
		this.contextRunner.withPropertyValues("apiguard.idempotency.store=jdbc")
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(RedisIdempotencyStore.class));
	}

	@Test
	void tableNameNamesTheCreatedTableAndTheStoresTable() {
		this.contextRunner
			.withPropertyValues("apiguard.idempotency.store=jdbc", "apiguard.idempotency.jdbc.table-name=my_idem")
			.run((context) -> {
				context.getBean(IdempotencyStore.class)
					.claim(new IdempotencyClaim("k", "fp", "owner", Duration.ofSeconds(30), Duration.ofHours(1)));
				assertThat(rows(context.getBean(DataSource.class), "my_idem")).isOne();
			});
	}

	@Test
	void initializeSchemaNeverCreatesNoTable() {
		this.contextRunner
			.withPropertyValues("apiguard.idempotency.store=jdbc", "apiguard.idempotency.jdbc.initialize-schema=never")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
					.doesNotHaveBean(JdbcIdempotencySchemaInitializer.class);
				assertThatException().isThrownBy(() -> rows(context.getBean(DataSource.class), "apiguard_idempotency"));
			});
	}

	@Test
	void purgeCanBeTurnedOff() {
		this.contextRunner
			.withPropertyValues("apiguard.idempotency.store=jdbc", "apiguard.idempotency.jdbc.purge.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(JdbcIdempotencyStore.class)
				.doesNotHaveBean(JdbcIdempotencyPurger.class));
	}

	@Test
	void storeJdbcWithoutADataSourceFailsNamingTheProperty() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ErrorsAutoConfiguration.class, RequestIdAutoConfiguration.class,
					ClientAutoConfiguration.class, IdempotencyAutoConfiguration.class))
			.withPropertyValues("apiguard.idempotency.store=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.idempotency.store is 'jdbc' but there is no DataSource bean"));
	}

	@Test
	void storeJdbcWithoutSpringJdbcFailsNamingTheProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.jdbc"))
			.withPropertyValues("apiguard.idempotency.store=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("apiguard.idempotency.store is 'jdbc'"));
	}

	@Test
	void invalidTableNameFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("apiguard.idempotency.store=jdbc",
					"apiguard.idempotency.jdbc.table-name=idem; DROP TABLE users")
			.run((context) -> assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.jdbc.table-name"));
	}

	@Test
	void nonPositivePurgeSettingsFailNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("apiguard.idempotency.store=jdbc", "apiguard.idempotency.jdbc.purge.batch-size=0")
			.run((context) -> assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.jdbc.purge.batch-size"));
		this.contextRunner
			.withPropertyValues("apiguard.idempotency.store=jdbc", "apiguard.idempotency.jdbc.purge.interval=0s")
			.run((context) -> assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.jdbc.purge.interval"));
	}

	@Test
	void unsupportedPlatformFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("apiguard.idempotency.store=jdbc", "apiguard.idempotency.jdbc.platform=oracle")
			.run((context) -> assertThat(StartupFailures.report(context.getStartupFailure()))
				.contains("apiguard.idempotency.jdbc.platform"));
	}

	private static long rows(DataSource dataSource, String table) {
		return JdbcClient.create(dataSource).sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

}
