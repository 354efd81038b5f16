package io.replikey.server.crypto;

import io.replikey.server.error.BadRequestException;

/** Parsing of the DSM enums whose Java constant names are their exact wire names. */
final class WireNames {
    private WireNames() {
    }

    /**
     * The constant named exactly {@code name} (case-sensitive, as DSM).
     *
     * @throws BadRequestException with {@code error} when there is none; the input is not echoed
     */
    static <E extends Enum<E>> E parse(Class<E> type, String name, String error) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new BadRequestException(error);
    }
}
