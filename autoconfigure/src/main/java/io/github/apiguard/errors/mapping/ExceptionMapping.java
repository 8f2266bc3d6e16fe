package io.github.apiguard.errors.mapping;

import org.jspecify.annotations.Nullable;

/**
 * How one exception class (and its subclasses) is answered, from
 * {@code apiguard.errors.exceptions[<fully qualified class name>]}.
 *
 * @param status the HTTP status
 * @param code the machine code; empty for the built-in code of the status
 * @param message a fixed message; empty for the code's default (a third-party exception's own text is
 * never shown)
 */
public record ExceptionMapping(int status, @Nullable String code, @Nullable String message) {

}
