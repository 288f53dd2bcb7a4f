package io.routstr.gateway.rest.admin;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** Bad input on a dashboard form: a page that says what was wrong, with the way back, instead of a JSON body. */
@ControllerAdvice(assignableTypes = AdminDashboardController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminDashboardAdvice {

    @ExceptionHandler({IllegalArgumentException.class, MissingServletRequestParameterException.class})
    ModelAndView invalid(Exception e) {
        ModelAndView page = new ModelAndView("admin/error");
        page.setStatus(HttpStatus.BAD_REQUEST);
        String message = e.getMessage();
        page.addObject("message", message == null || message.length() > 200 ? "Invalid input" : message);
        return page;
    }
}
