package io.routstr.gateway.cashu.lnurl;

import io.routstr.gateway.application.port.out.LightningAddressPort.Reason;
import io.routstr.gateway.domain.money.Msats;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the forms a payee may give into the URL of their LNURL-pay endpoint, and builds the callback URL with the
 * amount. Only syntax is checked here; whether the URL may be fetched is {@link DestinationGuard}'s call.
 */
final class PayLinks {

    /** Far above any real LNURL or Lightning address; bounds the work done on hostile input. */
    static final int MAX_ADDRESS_CHARS = 2048;

    private static final String LIGHTNING_PREFIX = "lightning:";
    private static final String LNURL_HRP = "lnurl";
    private static final String PAY_SCHEME = "lnurlp://";
    private static final List<String> OTHER_LUD17_SCHEMES = List.of("lnurlw://", "lnurlc://", "keyauth://");

    /**
     * LUD-16: the user name is {@code a-z0-9-_.} (and {@code +} for tags); the domain is a host name or IP literal,
     * here with an optional port so services on a non-default port can be named too.
     */
    private static final Pattern LIGHTNING_ADDRESS =
            Pattern.compile("([a-z0-9._+-]+)@((?:[a-z0-9-]+\\.)*[a-z0-9-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");

    private PayLinks() {}

    /** The LNURL-pay endpoint {@code address} designates; {@code allowHttp} picks the scheme of URLs built here. */
    static Attempt<URI> endpointOf(String address, boolean allowHttp) {
        String text = address.strip();
        if (text.isEmpty() || text.length() > MAX_ADDRESS_CHARS) {
            return invalid("not a Lightning address or LNURL");
        }
        // LUD-17 and wallets' QR codes put LNURLs and addresses behind "lightning:".
        if (text.regionMatches(true, 0, LIGHTNING_PREFIX, 0, LIGHTNING_PREFIX.length())) {
            text = text.substring(LIGHTNING_PREFIX.length());
            if (text.startsWith("//")) {
                text = text.substring(2);
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith(LNURL_HRP + "1")) {
            return decodeBech32(text);
        }
        if (lower.startsWith(PAY_SCHEME)) {
            // LUD-17: lnurlp:// stands for https:// (http:// for onion, which the guard refuses anyway).
            return url((allowHttp ? "http://" : "https://") + text.substring(PAY_SCHEME.length()));
        }
        if (OTHER_LUD17_SCHEMES.stream().anyMatch(lower::startsWith)) {
            return invalid("this LNURL is not a pay link");
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return url(text);
        }
        Matcher matcher = LIGHTNING_ADDRESS.matcher(lower);
        if (matcher.matches()) {
            // LUD-16: user@domain is served at https://domain/.well-known/lnurlp/user.
            String authority =
                    matcher.group(2) + Optional.ofNullable(matcher.group(3)).orElse("");
            return url((allowHttp ? "http://" : "https://") + authority + "/.well-known/lnurlp/" + matcher.group(1));
        }
        return invalid("not a Lightning address or LNURL");
    }

    /**
     * LUD-06: the callback gets {@code amount=<msats>} appended, keeping the query parameters it already has (services
     * use them to identify the payee).
     */
    static URI callbackWithAmount(URI callback, Msats amount) {
        String query = callback.getRawQuery();
        String amountParameter = "amount=" + amount.value();
        String path = callback.getRawPath() == null ? "" : callback.getRawPath();
        return URI.create(callback.getScheme() + "://" + callback.getRawAuthority() + path + "?"
                + (query == null || query.isEmpty() ? amountParameter : query + "&" + amountParameter));
    }

    /** An absolute http(s) URL with a host, the fragment dropped since it is never sent. */
    static Attempt<URI> url(String text) {
        int hash = text.indexOf('#');
        String withoutFragment = hash < 0 ? text : text.substring(0, hash);
        URI uri;
        try {
            uri = new URI(withoutFragment);
        } catch (URISyntaxException e) {
            return invalid("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            return invalid("an LNURL must be an http(s) URL");
        }
        if (uri.getHost() == null) {
            return invalid("the URL has no valid host");
        }
        return Attempt.ok(uri);
    }

    /** LUD-01: bech32 with hrp "lnurl" over the UTF-8 bytes of the URL. */
    private static Attempt<URI> decodeBech32(String text) {
        Optional<Bech32.Decoded> decoded = Bech32.decode(text);
        if (decoded.isEmpty() || !decoded.get().hrp().equals(LNURL_HRP)) {
            return invalid("not a valid bech32 LNURL");
        }
        Optional<byte[]> bytes = Bech32.toBytes(decoded.get().words());
        if (bytes.isEmpty()) {
            return invalid("not a valid bech32 LNURL");
        }
        try {
            String decodedUrl = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.get()))
                    .toString();
            return url(decodedUrl);
        } catch (CharacterCodingException e) {
            return invalid("the LNURL does not encode a URL");
        }
    }

    private static Attempt<URI> invalid(String message) {
        return Attempt.refuse(Reason.INVALID_ADDRESS, message);
    }
}
