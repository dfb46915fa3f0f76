package be.reseau.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The "left => right" rule syntax shared by the mapping char filter and word delimiter type tables. */
final class Rules {
    private Rules() {}

    private static final Pattern RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");

    /** Returns {left, right} with backslash escapes resolved (\\ \" \' \n \t \r \b \f \\uXXXX). */
    static String[] split(String rule) {
        Matcher m = RULE.matcher(rule);
        if (m.find() == false) {
            throw new RuntimeException("Invalid Mapping Rule : [" + rule + "]");
        }
        return new String[] { unescape(m.group(1).trim()), m.group(2).trim() };
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\') {
                if (i >= s.length()) {
                    throw new RuntimeException("Invalid escaped char in [" + s + "]");
                }
                c = s.charAt(i++);
                switch (c) {
                    case '\\', '"', '\'' -> { }
                    case 'n' -> c = '\n';
                    case 't' -> c = '\t';
                    case 'r' -> c = '\r';
                    case 'b' -> c = '\b';
                    case 'f' -> c = '\f';
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw new RuntimeException("Invalid escaped char in [" + s + "]");
                        }
                        c = (char) Integer.parseInt(s.substring(i, i + 4), 16);
                        i += 4;
                    }
                    default -> { }
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
