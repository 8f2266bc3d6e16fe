package io.github.apiguard.idempotency.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.support.StandardMultipartHttpServletRequest;

import io.github.apiguard.errors.ApiError;
import io.github.apiguard.errors.ErrorCode;
import io.github.apiguard.errors.web.ApiErrorRenderer;
import io.github.apiguard.hash.Sha256;
import io.github.apiguard.idempotency.IdempotencyListener;
import io.github.apiguard.idempotency.IdempotencyStore;
import io.github.apiguard.idempotency.StoredResponse;
import io.github.apiguard.store.StoreUnavailableException;

/**
 * The servlet half of idempotency, for requests that carry the key header: it reads the body ahead (up to
 * {@code max-request-size}) to hash it while the handler still reads it in full, holds the response body
 * back (up to {@code max-response-size}; larger ones stream and are stored without body), and once the
 * request is over completes or releases the claim that {@link IdempotencyInterceptor} made, before the
 * client gets the response.
 * <p>
 * The rule, applied here and nowhere else: <strong>only the outcome of a request that reached its handler
 * is stored, and only if it is not retryable</strong>. So the key is released, and a retry runs again, when
 * <ul>
 * <li>the request was answered before its handler ran — by the rate limiter or a quota, by an access check
 * in an interceptor — since that answer depends on the moment, not on the request;</li>
 * <li>the outcome is retryable (408, 429, 503, any code declared retryable; unexpected 500s unless
 * {@code store-server-errors}) — the error as rendered decides, through
 * {@link ApiErrorRenderer#RENDERED_ERROR_ATTRIBUTE}, else the status;</li>
 * <li>an exception escaped the handler chain — including one raised after part of the body was already
 * sent, for which the container aborts the response — the response was left to the container's error page
 * ({@code sendError}), or the request went asynchronous.</li>
 * </ul>
 * Everything else — 2xx, 3xx and non-retryable errors of the handler — is stored and replayed.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(IdempotencyFilter.class);

	private final IdempotencyPolicy policy;

	private final IdempotencyStore store;

	private final String requestIdHeader;

	private final IdempotencyListener listener;

	private final IdempotencyLeaseRenewer leases;

	private final AtomicBoolean warnedRolledBackSuccess = new AtomicBoolean();

	/**
	 * Creates the filter.
	 * @param policy the policy
	 * @param store the store
	 * @param requestIdHeader the request id header, never stored
	 * @param leases makes the completions and releases that fail again, in the background
	 */
	public IdempotencyFilter(IdempotencyPolicy policy, IdempotencyStore store, String requestIdHeader,
			IdempotencyLeaseRenewer leases) {
		this(policy, store, requestIdHeader, leases, IdempotencyListener.NONE);
	}

	/**
	 * Creates the filter, telling a listener how claimed requests ended.
	 * @param policy the policy
	 * @param store the store
	 * @param requestIdHeader the request id header, never stored
	 * @param leases makes the completions and releases that fail again, in the background
	 * @param listener told about completions and releases
	 */
	public IdempotencyFilter(IdempotencyPolicy policy, IdempotencyStore store, String requestIdHeader,
			IdempotencyLeaseRenewer leases, IdempotencyListener listener) {
		this.listener = listener;
		this.policy = policy;
		this.store = store;
		this.requestIdHeader = requestIdHeader;
		this.leases = leases;
	}

	private static final String ALREADY_FILTERED = IdempotencyFilter.class.getName() + ALREADY_FILTERED_SUFFIX;

	@Override
	protected String getAlreadyFilteredAttributeName() {
		// One constant per filter class: the base class concatenates the filter's name on every request, and
		// one instance of each of apiguard's filters per request is all there is to remember.
		return ALREADY_FILTERED;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// Without the header there is nothing to claim: the interceptor alone answers "key missing".
		return request.getHeader(this.policy.header()) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest body = request;
		@Nullable String digest;
		if (isForm(request)) {
			// The container parses form bodies itself; hash the parsed parameters instead of the stream.
			digest = IdempotencyKeys.formDigest(request.getParameterMap());
		}
		else if (isMultipart(request)) {
			digest = multipartDigest(request);
		}
		else if (request.getContentLengthLong() > this.policy.maxRequestSize()) {
			digest = null;
		}
		else {
			ReadAheadBody readAhead = ReadAheadBody.read(request.getInputStream(), request.getContentLengthLong(),
					this.policy.maxRequestSize());
			digest = readAhead.digest();
			body = new BufferedBodyRequest(request, readAhead);
		}
		IdempotentExchange exchange = new IdempotentExchange(digest);
		request.setAttribute(IdempotentExchange.ATTRIBUTE, exchange);
		CapturingResponse capturing = new CapturingResponse(response,
				(int) Math.min(Integer.MAX_VALUE - 8, this.policy.maxResponseSize()));
		exchange.bindToThread();
		boolean settledHere = true;
		try {
			try {
				chain.doFilter(body, capturing);
			}
			catch (IOException | ServletException | RuntimeException | Error ex) {
				if (exchange.isClaimed()) {
					String reason = "an exception escaped: " + ex.getClass().getName();
					if (EnclosingTransaction.settleAfterCompletion((ending) -> afterFailureEnclosed(exchange, ending, reason))) {
						settledHere = false;
					}
					else {
						exchange.stopRenewing();
						release(exchange, reason);
					}
				}
				throw ex;
			}
			capturing.flushWriter();
			if (request.isAsyncStarted()) {
				exchange.stopRenewing();
				if (exchange.isClaimed()) {
					release(exchange, "the request went asynchronous, so its response cannot be captured");
				}
				capturing.streamFromNowOn();
				return;
			}
			if (exchange.isClaimed() && EnclosingTransaction
				.settleAfterCompletion((ending) -> afterResponseEnclosed(exchange, request, capturing, ending))) {
				// Nothing the request wrote is committed yet: its outcome, and the response, wait for the commit.
				settledHere = false;
				return;
			}
			exchange.stopRenewing();
			if (exchange.isClaimed()) {
				finish(exchange, request, capturing);
			}
			// Only now, with the outcome stored, does the client get the response.
			capturing.send();
		}
		finally {
			if (settledHere) {
				exchange.unbindFromThread();
			}
		}
	}

	/**
	 * Settles the outcome of a request that answered inside a transaction opened around this filter, once that
	 * transaction completed: stored (then sent) if it committed, released if it rolled back — what it answered
	 * describes work that is not in the database, so a retry must run it again, never replay it.
	 */
	private void afterResponseEnclosed(IdempotentExchange exchange, HttpServletRequest request,
			CapturingResponse response, EnclosingTransaction.Ending ending) {
		exchange.stopRenewing();
		try {
			switch (ending) {
				case COMMITTED -> {
					// Transaction listeners hear of the commit only after this: count it, and its mark, now.
					exchange.transactionCommitted();
					finish(exchange, request, response);
					response.send();
				}
				case ROLLED_BACK -> {
					release(exchange, "the transaction around the request rolled back");
					response.passOn();
				}
				default -> {
					// Committed or not, nobody can tell: the claim stays, and its lease running out answers
					// retries "outcome unknown" (a transactional claim's mark, committed or not, tells the truth).
					logger.warn("The outcome of the transaction around the request of idempotency record {} is "
							+ "unknown; its key is left claimed", exchange.key());
					response.passOn();
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not send the response of idempotency record {}", exchange.key(), ex);
		}
		finally {
			exchange.unbindFromThread();
		}
	}

	/**
	 * Settles the claim of a request whose handler chain failed inside a transaction opened around this filter:
	 * released if that transaction rolled back; if it committed anyway, what the request wrote is in the database,
	 * so the claim stays and retries learn "outcome unknown" (or, for a marked transactional claim, "response
	 * lost") instead of running it again.
	 */
	private void afterFailureEnclosed(IdempotentExchange exchange, EnclosingTransaction.Ending ending,
			String reason) {
		exchange.stopRenewing();
		try {
			if (ending == EnclosingTransaction.Ending.ROLLED_BACK) {
				release(exchange, reason);
			}
			else {
				logger.warn("The handler of idempotency record {} failed ({}), but the transaction around its request "
						+ "did not roll back: its key is left claimed, so a retry is not run again", exchange.key(),
						reason);
			}
		}
		finally {
			exchange.unbindFromThread();
		}
	}

	private void finish(IdempotentExchange exchange, HttpServletRequest request, CapturingResponse response) {
		if (response.isErrorSent()) {
			release(exchange, "the response was left to the container's error page (sendError)");
			return;
		}
		if (!exchange.isHandlerReached()) {
			release(exchange, "answered before the handler ran");
			return;
		}
		int status = response.getStatus();
		ApiError rendered = (request.getAttribute(ApiErrorRenderer.RENDERED_ERROR_ATTRIBUTE) instanceof ApiError error)
				? error : null;
		if (!isStored(status, rendered)) {
			release(exchange, null);
			return;
		}
		if (status < 400 && exchange.isRolledBackWithoutCommit()) {
			// The handler answered a success for work its transaction rolled back: replaying it would tell every
			// retry a lie, and as nothing committed, running the retry again is safe.
			if (this.warnedRolledBackSuccess.compareAndSet(false, true)) {
				logger.warn("The handler of idempotency record {} answered {} though its transaction rolled back and "
						+ "none committed; the key was released so that a retry runs again. Answer an error when the "
						+ "work is rolled back", exchange.key(), status);
			}
			release(exchange, "it answered a success for a transaction that rolled back");
			return;
		}
		IdempotentEndpoints.Endpoint endpoint = exchange.endpoint();
		if (status < 400 && exchange.isTransactional() && !exchange.isMarkCommitted() && endpoint != null
				&& endpoint.writesOutsideStoreTransactions()) {
			logger.warn("{} is idempotent with transactional = true, but its request answered {} with no transaction on "
					+ "the idempotency store's DataSource committing its work: what it writes auto-commits, goes to "
					+ "another database or commits on another thread, where the record's mark cannot vouch for it. Its "
					+ "keys are now claimed as plain ones (after a crash, retries get 'outcome unknown', never a rerun). "
					+ "Write in a @Transactional method on the store's DataSource", endpoint, status);
		}
		StoredResponse stored = new StoredResponse(status, replayHeaders(response),
				response.isOverflowed() ? new byte[0] : response.body(), response.isOverflowed());
		try {
			boolean completed = this.store.complete(exchange.key(), exchange.owner(), stored, exchange.ttl());
			if (completed) {
				this.listener.outcome(IdempotencyListener.Outcome.COMPLETED);
			}
			else {
				logger.warn("Idempotency record {} was not completed: its claim was lost (the lease ran out and the "
						+ "key was claimed again, or it was released)", exchange.key());
			}
		}
		catch (RuntimeException ex) {
			// The request ran: its outcome must not be dropped because the store failed or its breaker is open
			// (perhaps for another client's blip). Its retries are told "in flight" until it is stored.
			warnDeferred("store the outcome of", exchange, ex);
			this.leases.completeInDoubt(exchange.key(), exchange.owner(), stored, exchange.ttl());
		}
	}

	/**
	 * Whether an outcome is stored for replay, or the key released so that a retry runs again.
	 * @param status the response status
	 * @param rendered the error apiguard rendered for this response, if any
	 * @return whether to store it
	 */
	boolean isStored(int status, @Nullable ApiError rendered) {
		if (status < 400) {
			return true;
		}
		boolean retryable = (rendered != null && rendered.status() == status) ? rendered.retryable()
				: ErrorCode.isRetryableStatus(status);
		if (!retryable) {
			return true;
		}
		return status == 500 && this.policy.storeServerErrors();
	}

	private Map<String, List<String>> replayHeaders(HttpServletResponse response) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (String name : this.policy.replayHeaders()) {
			if (!IdempotencyPolicy.isReplayable(name, this.requestIdHeader)) {
				continue;
			}
			List<String> values = new ArrayList<>();
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				// Containers keep Content-Type apart from the other headers.
				if (response.getContentType() != null) {
					values.add(response.getContentType());
				}
			}
			else {
				for (String value : response.getHeaders(name)) {
					if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
						values.add(value);
					}
				}
			}
			if (!values.isEmpty()) {
				headers.put(name, values);
			}
		}
		return headers;
	}

	private void release(IdempotentExchange exchange, @Nullable String reason) {
		if (reason != null) {
			logger.debug("Releasing idempotency record {}: {}", exchange.key(), reason);
		}
		this.listener.outcome(IdempotencyListener.Outcome.RELEASED);
		try {
			this.store.release(exchange.key(), exchange.owner());
		}
		catch (RuntimeException ex) {
			warnDeferred("release", exchange, ex);
			this.leases.releaseInDoubt(exchange.key(), exchange.owner(), exchange.ttl());
		}
	}

	private static void warnDeferred(String call, IdempotentExchange exchange, RuntimeException ex) {
		if (ex instanceof StoreUnavailableException) {
			// The breaker said why already, once; a trace per request would only repeat it.
			logger.warn("Could not {} idempotency record {} ({}); retrying in the background", call, exchange.key(),
					ex.getMessage());
		}
		else {
			logger.warn("Could not {} idempotency record {}; retrying in the background", call, exchange.key(), ex);
		}
	}

	private @Nullable String multipartDigest(HttpServletRequest request) throws IOException, ServletException {
		// The container parses multipart bodies from its own stream: hash the parts it parsed, in order. Parsing
		// the way Spring MVC does turns a malformed or oversized body into its MultipartException (400, 413).
		new StandardMultipartHttpServletRequest(request);
		MessageDigest digest = Sha256.newDigest();
		long total = 0;
		for (Part part : request.getParts()) {
			total += part.getSize();
			if (total > this.policy.maxRequestSize()) {
				return null;
			}
			String head = part.getName() + "\n" + part.getSubmittedFileName() + "\n" + part.getContentType() + "\n";
			digest.update(head.getBytes(StandardCharsets.UTF_8));
			try (InputStream in = part.getInputStream()) {
				digest.update(IdempotencyKeys.digest(in.readAllBytes()).getBytes(StandardCharsets.UTF_8));
			}
		}
		return Sha256.base64Url(digest);
	}

	private static boolean isForm(HttpServletRequest request) {
		return hasType(request, MediaType.APPLICATION_FORM_URLENCODED);
	}

	private static boolean isMultipart(HttpServletRequest request) {
		return hasType(request, MediaType.MULTIPART_FORM_DATA);
	}

	private static boolean hasType(HttpServletRequest request, MediaType type) {
		String contentType = request.getContentType();
		return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(type.toString());
	}

}
