package io.github.apiguard.support;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClusterSupportTests {

	@Test
	void threeMastersShareTheSlotsAndKeysLandOnTheMasterOfTheirSlot() {
		RedisClusterSupport cluster = RedisClusterSupport.shared();
		LettuceConnectionFactory factory = cluster.connectionFactory(Duration.ofSeconds(30));
		try {
			Iterable<RedisClusterNode> masters = factory.getClusterConnection().clusterGetNodes();
			assertThat(masters).hasSize(3).allSatisfy((node) -> {
				assertThat(node.isMaster()).isTrue();
				assertThat(node.getSlotRange().getSlots()).isNotEmpty();
			});
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			for (int i = 0; i < 30; i++) {
				redis.opsForValue().set("support-probe:" + i, "ok");
			}
			Map<Integer, Long> perMaster = cluster.keysPerMaster("support-probe:*");
			assertThat(perMaster.values()).allSatisfy((count) -> assertThat(count).isPositive());
			assertThat(perMaster.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
			assertThat(perMaster.get(cluster.masterOf("support-probe:7"))).isPositive();
		}
		finally {
			factory.destroy();
		}
	}

}
