package io.coursestream.devstack.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Stripe's form encoding ({@code application/x-www-form-urlencoded} bodies and query strings) into nested
 * values: {@code metadata[payoutId]=p1} becomes {@code {metadata={payoutId=p1}}}, {@code expand[]=a&expand[]=b} and
 * {@code items[0][price]=x} become lists. Leaves are strings, as Stripe receives them.
 */
final class FormParameters {

    private FormParameters() {
    }

    static Map<String, Object> decode(String encoded) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return root;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            put(root, path(name), value);
        }
        return root;
    }

    /** {@code a[b][]} as {@code [a, b, ""]}. */
    private static List<String> path(String name) {
        List<String> path = new ArrayList<>();
        int bracket = name.indexOf('[');
        if (bracket < 0) {
            path.add(name);
            return path;
        }
        path.add(name.substring(0, bracket));
        while (bracket >= 0 && bracket < name.length()) {
            int close = name.indexOf(']', bracket);
            if (close < 0) {
                throw new IllegalArgumentException("unbalanced brackets in parameter " + name);
            }
            path.add(name.substring(bracket + 1, close));
            bracket = name.indexOf('[', close);
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, List<String> path, String value) {
        Object container = root;
        for (int i = 0; i < path.size(); i++) {
            String segment = path.get(i);
            boolean last = i == path.size() - 1;
            Object next = last ? value : (isIndex(path.get(i + 1)) ? new ArrayList<>() : new LinkedHashMap<>());
            if (container instanceof Map<?, ?> map) {
                Map<String, Object> fields = (Map<String, Object>) map;
                if (last) {
                    fields.put(segment, value);
                } else {
                    container = fields.computeIfAbsent(segment, key -> next);
                }
            } else {
                List<Object> list = (List<Object>) container;
                if (segment.isEmpty()) {
                    list.add(next);
                    container = next;
                } else {
                    int index = Integer.parseInt(segment);
                    while (list.size() <= index) {
                        list.add(null);
                    }
                    if (last || list.get(index) == null) {
                        list.set(index, next);
                    }
                    container = list.get(index);
                }
            }
        }
    }

    private static boolean isIndex(String segment) {
        return segment.isEmpty() || segment.chars().allMatch(Character::isDigit);
    }
}
