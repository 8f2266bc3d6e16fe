package io.github.apiguard.idempotency.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.util.Assert;

import io.github.apiguard.idempotency.store.JdbcIdempotencyStore;

/**
 * Creates the JDBC idempotency store's table from the shipped schema script, the way Spring Boot initialises
 * the tables of its own JDBC-backed features ({@code spring.session.jdbc.initialize-schema}): on embedded
 * databases by default, on every database with {@code apiguard.idempotency.jdbc.initialize-schema=always}. The
 * scripts name the default table; a configured table name replaces it. May be declared as a bean to override
 * the auto-configured one.
 */
public class JdbcIdempotencySchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private final String tableName;

	/**
	 * Creates an initializer.
	 * @param dataSource the database
	 * @param settings the scripts (platform already resolved) and the mode
	 * @param tableName the table to create in place of the scripts' {@value JdbcIdempotencyStore#DEFAULT_TABLE_NAME}
	 */
	public JdbcIdempotencySchemaInitializer(DataSource dataSource, DatabaseInitializationSettings settings,
			String tableName) {
		super(dataSource, settings);
		Assert.isTrue(JdbcIdempotencyStore.isValidTableName(tableName), "'tableName' must be an SQL identifier");
		this.tableName = tableName;
	}

	@Override
	protected void runScripts(Scripts scripts) {
		Charset charset = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		List<Resource> renamed = new ArrayList<>();
		for (Resource script : scripts) {
			renamed.add(new ByteArrayResource(rename(read(script, charset)).getBytes(charset), script.getDescription()));
		}
		super.runScripts(new Scripts(renamed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(charset));
	}

	private String rename(String script) {
		if (JdbcIdempotencyStore.DEFAULT_TABLE_NAME.equals(this.tableName)) {
			return script;
		}
		// An index lives in its table's schema and is named without it.
		String simpleName = this.tableName.substring(this.tableName.lastIndexOf('.') + 1);
		String index = JdbcIdempotencyStore.DEFAULT_TABLE_NAME + "_expires_at_idx";
		return script.replace(index, "\u0000")
			.replace(JdbcIdempotencyStore.DEFAULT_TABLE_NAME, this.tableName)
			.replace("\u0000", simpleName + "_expires_at_idx");
	}

	private static String read(Resource script, Charset charset) {
		try (InputStream input = script.getInputStream()) {
			return new String(input.readAllBytes(), charset);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + script.getDescription(), ex);
		}
	}

}
