package io.github.apiguard.client;

import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTests {

	/** What the resolver matched with before the scan replaced it: the scan must agree on every text. */
	private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	@ParameterizedTest
	@ValueSource(strings = { "203.0.113.7", "0.0.0.0", "255.255.255.255", "999.1.1.1", "1.2.3", "1.2.3.4.5",
			"1234.1.1.1", "1.2.3.1234", "1..2.3", ".1.2.3", "1.2.3.", "a.b.c.d", "", ".", "...", "1.2.3.4 ",
			" 1.2.3.4", "١.٢.٣.٤", "1.2.3.4%eth0", "::ffff:203.0.113.7", "2001:db8::1", "unknown", "_hidden" })
	void theScanAgreesWithTheDottedQuadExpression(String address) {
		assertThat(ClientAddressResolver.isDottedQuad(address)).isEqualTo(DOTTED_QUAD.matcher(address).matches());
	}

	@ParameterizedTest
	@ValueSource(strings = { "203.0.113.7", "unknown", "1.2.3" })
	void textThatIsNoIpv6AddressCountsAsWritten(String address) {
		assertThat(new ClientAddressResolver().group(address)).isEqualTo(address);
	}

}
