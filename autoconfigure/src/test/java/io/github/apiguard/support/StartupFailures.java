package io.github.apiguard.support;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

/**
 * What Spring Boot prints when an application fails to start: the description and action of the first
 * registered {@link FailureAnalyzer} that recognises the failure, as {@code SpringApplication} does.
 * {@code ApplicationContextRunner} only hands the failure over; this shows what a user would read.
 */
public final class StartupFailures {

	private StartupFailures() {
	}

	/**
	 * The report of a start-up failure.
	 * @param failure what the context's refresh threw
	 * @return the description and action, or the failure's own message when no analyzer recognises it
	 */
	public static String report(Throwable failure) {
		ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
			.and(Environment.class, new StandardEnvironment());
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader
			.forDefaultResourceLocation(StartupFailures.class.getClassLoader())
			.load(FailureAnalyzer.class, arguments);
		for (FailureAnalyzer analyzer : analyzers) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis.getDescription() + "\n\nAction:\n\n" + analysis.getAction();
			}
		}
		return String.valueOf(failure.getMessage());
	}

}
