package com.acme.hub.observability;

import java.math.BigInteger;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in text bound for the logs: e-mail addresses, phone numbers in international or bracketed
 * form, payment card numbers (Luhn-valid) and IBANs (checksum-valid). Checksums keep order numbers, offsets and ids
 * readable: only what really is a card number or an IBAN is masked. One masker for every log line, so no call site
 * has to remember it.
 */
public final class PiiMasker {

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})");
    private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+|00)\\d[\\d .()/-]{6,20}\\d(?!\\w)|(?<![\\w)])\\(\\d{2,5}\\)[ ]?\\d[\\d .-]{4,14}\\d(?!\\w)");

    private PiiMasker() {}

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = replace(text, EMAIL, m -> "***@" + m.group(1));
        masked = replace(masked, IBAN, PiiMasker::iban);
        masked = replace(masked, CARD, PiiMasker::card);
        return replace(masked, PHONE, PiiMasker::phone);
    }

    private static String replace(String text, Pattern pattern, Function<Matcher, String> masking) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(masking.apply(matcher)));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }

    private static String iban(Matcher match) {
        String iban = match.group().replace(" ", "");
        if (!ibanChecksumValid(iban)) {
            return match.group();
        }
        return iban.substring(0, 2) + "**" + "*".repeat(iban.length() - 8) + iban.substring(iban.length() - 4);
    }

    private static String card(Matcher match) {
        String digits = match.group().replaceAll("[ -]", "");
        if (digits.length() < 13 || !luhnValid(digits)) {
            return match.group();
        }
        return "*".repeat(digits.length() - 4) + digits.substring(digits.length() - 4);
    }

    private static String phone(Matcher match) {
        String digits = match.group().replaceAll("\\D", "");
        if (digits.length() < 8 || digits.length() > 15) {
            return match.group();
        }
        return "***" + digits.substring(digits.length() - 2);
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    static boolean ibanChecksumValid(String iban) {
        String rearranged = (iban.substring(4) + iban.substring(0, 4)).toUpperCase(Locale.ROOT);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf(c));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
