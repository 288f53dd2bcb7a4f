package io.routstr.gateway.cashu.crypto;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the keysets of the official NUT-01/NUT-02 vectors, copied verbatim into test resources. */
final class VectorFiles {

    private VectorFiles() {}

    static Map<String, String> rawKeys(String resource) {
        try (InputStream in = VectorFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new ObjectMapper().readValue(in, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<BigInteger, CurvePoint> keys(String resource) {
        Map<BigInteger, CurvePoint> keys = new LinkedHashMap<>();
        rawKeys(resource).forEach((amount, key) -> keys.put(new BigInteger(amount), CurvePoint.fromHex(key)));
        return keys;
    }
}
