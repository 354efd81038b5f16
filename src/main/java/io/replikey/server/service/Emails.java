package io.replikey.server.service;

import java.text.Normalizer;
import java.util.Locale;

/** The one comparison form of an email address, used for sign-up and login alike. Stateless. */
final class Emails {
    private Emails() {
    }

    /**
     * NFKC, lower case, NFKC again, then surrounding white space removed: a full-width
     * {@code ｔｋ0@x.io} and {@code TK0@x.io} are both {@code tk0@x.io}. Java has no Unicode full
     * case fold; {@code toLowerCase(Locale.ROOT)} between two NFKC passes (lower-casing can
     * denormalise, e.g. U+0130) is the accepted approximation, and what is stored is this form,
     * so sign-up and login always agree. Stripping comes last because NFKC turns some characters
     * (U+3000 ideographic space) into plain spaces.
     */
    static String canonical(String email) {
        String folded = Normalizer.normalize(email, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC).strip();
    }
}
