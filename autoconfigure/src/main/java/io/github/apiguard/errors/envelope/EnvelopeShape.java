package io.github.apiguard.errors.envelope;

import org.jspecify.annotations.Nullable;

/**
 * The built-in envelope shapes. Each is a {@link TemplateErrorEnvelope template}, so every member can be
 * renamed ({@code apiguard.errors.envelope.member-names}) and extended (request id, promoted details).
 */
public enum EnvelopeShape {

	/** Seed 000: {@code {"error": code, "message", "details"}}. */
	FLAT("""
			{"error": "${code}", "message": "${message}", "details": "${details}"}"""),

	/** Seeds 001 and 002: {@code {"error": {"code", "message", "details"}}}. */
	NESTED("""
			{"error": {"code": "${code}", "message": "${message}", "details": "${details}"}}"""),

	/**
	 * Seed 003: {@code {"code": status, "status": "error", "message": title, "error": {"code", "message",
	 * "details"}}}.
	 */
	WRAPPED("""
			{"code": "${status}", "status": "error", "message": "${title}",
			 "error": {"code": "${code}", "message": "${message}", "details": "${details}"}}"""),

	/** Seed 004: {@code {"status": "error", "data": null, "error": {"code", "message", "details"}}}. */
	RESULT("""
			{"status": "error", "data": null,
			 "error": {"code": "${code}", "message": "${message}", "details": "${details}"}}"""),

	/**
	 * RFC 9457 {@code application/problem+json}, with the machine code as the extension member
	 * {@code code}.
	 */
	PROBLEM("""
			{"type": "${type}", "title": "${title}", "status": "${status}", "detail": "${message}",
			 "instance": "${path}", "code": "${code}", "details": "${details}"}"""),

	/** The template in {@code apiguard.errors.envelope.template}. */
	TEMPLATE(null);

	private final @Nullable String template;

	EnvelopeShape(@Nullable String template) {
		this.template = template;
	}

	/**
	 * The JSON template of this shape.
	 * @return the template, {@code null} for {@link #TEMPLATE}
	 */
	public @Nullable String template() {
		return this.template;
	}

}
