package io.routstr.gateway.rest.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** The OpenAI-shaped error body every failure returns: {@code {"error":{message,type,code},"request_id"}}. */
@Schema(name = "Error")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
        Body error, @JsonProperty("request_id") String requestId) {

    /** The error itself; {@code code} is a stable string clients branch on. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String message, String type, String code, Map<String, Object> details) {}

    public static ApiError of(String message, String type, String code, String requestId) {
        return new ApiError(new Body(message, type, code, null), requestId);
    }
}
