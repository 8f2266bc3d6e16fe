package io.github.apiguard.errors.tomcat;

import java.util.function.Supplier;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

import io.github.apiguard.errors.web.ApiErrorRenderer;

/**
 * Installs {@link EnvelopeErrorReportValve} on the host in place of any other {@link ErrorReportValve}
 * (Spring Boot adds one of its own). Ordered last, so its context customizer runs after Boot's.
 */
public class EnvelopeErrorReportValveCustomizer
		implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final Supplier<ApiErrorRenderer> renderer;

	/**
	 * Creates the customizer.
	 * @param renderer supplies the renderer
	 */
	public EnvelopeErrorReportValveCustomizer(Supplier<ApiErrorRenderer> renderer) {
		this.renderer = renderer;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			Container parent = context.getParent();
			if (!(parent instanceof StandardHost host)) {
				return;
			}
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new EnvelopeErrorReportValve(this.renderer));
			// Tells the host at start-up that its error report valve is already there.
			host.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
