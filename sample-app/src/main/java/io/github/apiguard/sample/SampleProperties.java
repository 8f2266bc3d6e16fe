package io.github.apiguard.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample API's own settings ({@code sample.*}).
 *
 * @param apiKeys The API keys: key → client, scopes and tier.
 * @param buildProcessingTime How long a new build processes before it can be deployed.
 * @param faults Injected failures set at startup (the fault tests').
 */
@ConfigurationProperties("sample")
public record SampleProperties(Map<String, ApiKey> apiKeys, @DefaultValue("3s") Duration buildProcessingTime,
		@DefaultValue FaultSettings faults) {

	/**
	 * One API key.
	 *
	 * @param client The client (organization) the key belongs to.
	 * @param scopes The scopes granted.
	 * @param tier The rate-limit tier.
	 */
	public record ApiKey(String client, List<String> scopes, String tier) {
	}

	/**
	 * Injected failures set at startup.
	 *
	 * @param buildWriteHold How long a build's transaction stays open after its row is inserted, before it
	 * commits: a node killed meanwhile dies mid-transaction. Zero (the default) holds nothing.
	 */
	public record FaultSettings(@DefaultValue("0s") Duration buildWriteHold) {
	}

}
