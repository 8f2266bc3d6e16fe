package io.github.apiguard.errors.envelope;

/**
 * What the {@code details} member holds when an error has none.
 */
public enum EmptyDetails {

	/** Leave the member out, as the seeds' examples do. */
	OMIT,

	/** Write {@code "details": null}. */
	NULL

}
