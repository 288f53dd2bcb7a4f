package io.routstr.gateway.rest.proxy;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** CORS never lets an arbitrary site make credentialed requests; named origins may. */
class ProxyCorsConfigurationTest {

    @RestController
    static class Info {
        @GetMapping("/v1/info")
        String info() {
            return "{}";
        }
    }

    @EnableWebMvc
    static class Mvc {}

    private static MockMvc mvcWith(String origins) {
        AnnotationConfigWebApplicationContext context = new AnnotationConfigWebApplicationContext();
        context.setServletContext(new MockServletContext());
        MockEnvironment environment = new MockEnvironment();
        environment.setProperty("routstr.proxy.cors-origins", origins);
        context.setEnvironment(environment);
        context.register(Mvc.class, Info.class, ProxyCorsConfiguration.class);
        context.refresh();
        return MockMvcBuilders.webAppContextSetup(context).build();
    }

    @Test
    void givenAnyOrigin_aForeignSiteGetsTheWildcardWithoutCredentials() throws Exception {
        MockMvc mvc = mvcWith("*");

        mvc.perform(options("/v1/info")
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "GET"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "*"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Credentials"));
        mvc.perform(get("/v1/info").header("Origin", "https://evil.example"))
                .andExpect(header().string("Access-Control-Allow-Origin", "*"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Credentials"))
                .andExpect(header().string("Access-Control-Expose-Headers", Matchers.containsString("x-cashu")));
    }

    @Test
    void givenNamedOrigins_onlyThoseGetCredentials() throws Exception {
        MockMvc mvc = mvcWith("https://app.example, https://chat.example");

        mvc.perform(get("/v1/info").header("Origin", "https://chat.example"))
                .andExpect(header().string("Access-Control-Allow-Origin", "https://chat.example"))
                .andExpect(header().string("Access-Control-Allow-Credentials", "true"));
        mvc.perform(options("/v1/info")
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "GET"))
                .andExpect(status().isForbidden())
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }

    @Test
    void givenAWildcardAmongNamedOrigins_noOneGetsCredentials() throws Exception {
        MockMvc mvc = mvcWith("https://app.example,*");

        mvc.perform(get("/v1/info").header("Origin", "https://app.example"))
                .andExpect(header().string("Access-Control-Allow-Origin", "*"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Credentials"));
    }
}
