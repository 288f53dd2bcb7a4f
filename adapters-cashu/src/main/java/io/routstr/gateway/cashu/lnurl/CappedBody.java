package io.routstr.gateway.cashu.lnurl;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A response body read up to a byte limit: a service cannot make the node buffer an unbounded answer. */
sealed interface CappedBody {

    record Received(byte[] bytes) implements CappedBody {}

    /** The body exceeded the limit; reading stopped and the connection was given up. */
    record TooLarge(int limit) implements CappedBody {}

    static HttpResponse.BodyHandler<CappedBody> handler(int limit) {
        return responseInfo -> new Subscriber(limit);
    }

    /** Collects chunks until the limit, then cancels the subscription so the client stops reading. */
    final class Subscriber implements HttpResponse.BodySubscriber<CappedBody> {

        private final int limit;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<CappedBody> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Subscriber(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<CappedBody> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> chunks) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer chunk : chunks) {
                if (buffer.size() + (long) chunk.remaining() > limit) {
                    result.complete(new TooLarge(limit));
                    subscription.cancel();
                    return;
                }
                byte[] bytes = new byte[chunk.remaining()];
                chunk.get(bytes);
                buffer.writeBytes(bytes);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(new Received(buffer.toByteArray()));
        }
    }
}
