package io.routstr.gateway.domain;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * The null check of a record's reference components, one call from its compact constructor instead of one
 * {@code Objects.requireNonNull} line per component. The values are passed in declaration order, primitives left out;
 * a null one is named in the exception by its component name. A call that passes more or fewer values than the record
 * has reference components fails on every construction, so a test of the record catches it.
 */
public final class Components {

    private static final ClassValue<String[]> REFERENCE_COMPONENTS = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            return Arrays.stream(components)
                    .filter(c -> !c.getType().isPrimitive())
                    .map(RecordComponent::getName)
                    .toArray(String[]::new);
        }
    };

    private Components() {}

    /** Throws {@link NullPointerException} naming the first null of {@code values}. */
    public static void requireNonNull(Class<? extends Record> type, Object... values) {
        String[] names = REFERENCE_COMPONENTS.get(type);
        if (names.length != values.length) {
            throw new IllegalArgumentException(type.getSimpleName() + " has " + names.length
                    + " reference components; its guard checks " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(names[i]);
            }
        }
    }
}
