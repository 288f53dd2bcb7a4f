package io.routstr.gateway.rest.balance;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Marks a controller of Routstr's balance API (reference §2.2): served under {@code /v1/balance} and under its alias
 * {@code /v1/wallet}, answering JSON, documented under one tag. The paths are declared here once, so that no endpoint
 * can answer under one name and not the other.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@RestController
@RequestMapping(
        path = {"/v1/balance", "/v1/wallet"},
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Balance", description = "Prepaid keys funded with Cashu ecash")
@interface BalanceApi {}
