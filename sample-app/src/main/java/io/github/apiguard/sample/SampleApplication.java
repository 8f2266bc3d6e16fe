package io.github.apiguard.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small "builds" API (seed 000's domain) built on the apiguard starter the way an application would:
 * add the dependency, configure {@code application.yml}, throw apiguard's exceptions.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
