package io.github.apiguard.errors.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Replaces Spring Boot's {@code BasicErrorController} on {@code /error}: container errors (unknown paths
 * outside Spring MVC, {@code sendError}, a 413 from the container) and exceptions that escaped every other
 * handler are answered in the configured envelope instead of Boot's legacy JSON or the white-label page.
 */
@Controller
@RequestMapping("${spring.web.error.path:${error.path:/error}}")
public class ApiErrorController implements ErrorController {

	private final ApiErrorRenderer renderer;

	private final ErrorAttributes errorAttributes;

	/**
	 * Creates the controller.
	 * @param renderer the renderer
	 * @param errorAttributes where Spring Boot recorded the exception, if any
	 */
	public ApiErrorController(ApiErrorRenderer renderer, ErrorAttributes errorAttributes) {
		this.renderer = renderer;
		this.errorAttributes = errorAttributes;
	}

	/**
	 * Renders the error of an error dispatch, whatever the method and {@code Accept} header.
	 * @param request the request
	 * @param response the response
	 */
	@RequestMapping
	public void error(HttpServletRequest request, HttpServletResponse response) {
		Throwable exception = this.errorAttributes.getError(new ServletWebRequest(request));
		if (exception == null && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable thrown) {
			exception = thrown;
		}
		if (exception != null) {
			this.renderer.write(exception, request, response);
			return;
		}
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int code = (status instanceof Integer value && value >= 400 && value <= 599) ? value : 404;
		// A direct request to /error, with no error behind it, is a request for a path that is not a resource.
		this.renderer.write(code, request, response);
	}

}
