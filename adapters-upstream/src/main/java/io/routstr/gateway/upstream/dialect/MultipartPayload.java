package io.routstr.gateway.upstream.dialect;

import io.routstr.gateway.domain.proxy.UpstreamPayload;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A client's {@code multipart/form-data} upload (audio to transcribe, an image to edit), kept as the bytes it sent: it
 * goes upstream unchanged, with its own {@code Content-Type} (boundary intact), except for the value of its
 * {@code model} field, which {@link #withModel} replaces by the provider's model id.
 *
 * @param body the form as the client sent it
 * @param contentType the client's {@code Content-Type}, with its boundary
 * @param modelStart where the {@code model} field's value starts in {@code body}
 * @param modelEnd where it ends (exclusive)
 */
public record MultipartPayload(byte[] body, String contentType, int modelStart, int modelEnd)
        implements UpstreamPayload {

    public MultipartPayload {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(contentType, "contentType");
        if (modelStart < 0 || modelEnd < modelStart || modelEnd > body.length) {
            throw new IllegalArgumentException("the model field lies in the body: " + modelStart + ".." + modelEnd);
        }
    }

    /** The form with its {@code model} field's value replaced by {@code upstreamModel}, every other byte as sent. */
    public byte[] withModel(String upstreamModel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + upstreamModel.length());
        out.write(body, 0, modelStart);
        out.writeBytes(upstreamModel.getBytes(StandardCharsets.UTF_8));
        out.write(body, modelEnd, body.length - modelEnd);
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MultipartPayload that
                && Arrays.equals(body, that.body)
                && contentType.equals(that.contentType)
                && modelStart == that.modelStart
                && modelEnd == that.modelEnd;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), contentType, modelStart, modelEnd);
    }

    @Override
    public String toString() {
        // The upload is the client's business: it stays out of logs.
        return "MultipartPayload[" + body.length + " bytes]";
    }
}
