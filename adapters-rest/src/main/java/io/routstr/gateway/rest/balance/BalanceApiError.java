package io.routstr.gateway.rest.balance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.routstr.gateway.rest.error.ApiError;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Routstr's balance-router error envelope: the error both under {@code detail} and at the top level, because its
 * clients read either ({@code detail.error.code}, {@code error.code}, or a bare {@code detail} string such as
 * {@code "No balance to refund"}).
 */
@Schema(name = "BalanceError")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BalanceApiError(
        Object detail,
        ApiError.Body error,
        @JsonProperty("request_id") String requestId) {}
