package io.github.apiguard.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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

	@Test
	void aPausedServerRunsWhatItWasSentMeanwhileOnceResumed() throws Exception {
		RedisServerSupport redis = RedisServerSupport.dedicated();
		try (Socket socket = new Socket("127.0.0.1", redis.port())) {
			BufferedReader reply = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			redis.pause();
			try {
				socket.getOutputStream().write("INCR apiguard:paused\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			finally {
				redis.resume();
			}
			assertThat(reply.readLine()).isEqualTo(":1");
		}
		finally {
			redis.stop();
		}
	}

}
