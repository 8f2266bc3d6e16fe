package io.github.apiguard.support;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class RedisServerSupportTests {

	@Test
	void aRealRedisServerAnswersCommands() {
		RedisServerSupport redis = RedisServerSupport.shared();
		LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", redis.port());
		factory.afterPropertiesSet();
		factory.start();
		try {
			StringRedisTemplate template = new StringRedisTemplate(factory);
			template.opsForValue().set("apiguard:probe", "ok");
			assertThat(template.opsForValue().get("apiguard:probe")).isEqualTo("ok");
			assertThat(template.execute((org.springframework.data.redis.core.RedisCallback<Long>) (connection) -> connection
				.serverCommands()
				.time())).isPositive();
		}
		finally {
			factory.destroy();
		}
	}

}
