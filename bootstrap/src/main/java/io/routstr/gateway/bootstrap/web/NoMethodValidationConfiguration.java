package io.routstr.gateway.bootstrap.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC validates nothing the node's handlers receive: nothing in the node uses Bean Validation (the handlers
 * check their input themselves), but with its API on the class path (swagger-core needs it) MVC gave every handler call
 * a method validator, which looked up the handler's validation groups by scanning its class's annotations on every
 * call, paid requests included: 1.5–2 % of the node's CPU samples (docs/benchmarks.md, session 9). MVC builds that
 * method validator only from a Bean Validation validator; this one is Spring's own and checks nothing, and no Bean
 * Validation provider ships either (springdoc's validation starter is excluded).
 */
@Configuration(proxyBeanMethods = false)
public class NoMethodValidationConfiguration implements WebMvcConfigurer {

    @Override
    public Validator getValidator() {
        return NothingToValidate.INSTANCE;
    }

    /** Supports no type, so no data binder and no handler method is given a validator. */
    private enum NothingToValidate implements Validator {
        INSTANCE;

        @Override
        public boolean supports(Class<?> type) {
            return false;
        }

        @Override
        public void validate(Object target, Errors errors) {
            // Never called: supports nothing.
        }
    }
}
