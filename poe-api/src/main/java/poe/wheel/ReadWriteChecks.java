package poe.wheel;

/**
 * The checks of a {@link ReadWrite.Builder} before it builds: which handles, filters, marks and events go
 * together. Package-private: messages name the builder methods a caller used.
 *
 * <pre>{@code
 * ReadWriteChecks.validate(builder);   // IllegalArgumentException naming what is missing
 * }</pre>
 */
final class ReadWriteChecks {

    private ReadWriteChecks() {
    }

    static void validate(ReadWrite.Builder b) {
        if (b.handleGiven && (b.in != b.out)) {
            throw new IllegalArgumentException("ReadWrite: give handle(...) or inputHandle(...) with"
                    + " outputHandle(...), not both");
        }
        if (b.in == null && b.out == null) {
            throw new IllegalArgumentException("ReadWrite needs handle(...), or inputHandle(...) and"
                    + " outputHandle(...)");
        }
        if (b.in == null) {
            throw new IllegalArgumentException("ReadWrite: outputHandle(...) needs inputHandle(...) too"
                    + " (or use handle(...) for one channel)");
        }
        if (b.out == null) {
            throw new IllegalArgumentException("ReadWrite: inputHandle(...) needs outputHandle(...) too"
                    + " (or use handle(...) for one channel)");
        }
        if (b.filterGiven && b.outputFilter != b.inputFilter) {
            throw new IllegalArgumentException("ReadWrite: give filter(...) or inputFilter(...) with"
                    + " outputFilter(...), not both");
        }
        if ((b.inputFilter == null) != (b.outputFilter == null)) {
            throw new IllegalArgumentException("ReadWrite: inputFilter(...) and outputFilter(...) go"
                    + " together (or use filter(...) for both)");
        }
        if ((b.highMark == null) != (b.lowMark == null)) {
            throw new IllegalArgumentException("ReadWrite: highMark(...) and lowMark(...) go together, got "
                    + (b.highMark == null ? "only lowMark(" + b.lowMark + ")" : "only highMark(" + b.highMark + ")"));
        }
        if (b.highMark != null) {
            if (b.highMark <= 0 || b.lowMark <= 0) {
                throw new IllegalArgumentException("ReadWrite: highMark and lowMark must be greater than 0, got"
                        + " highMark " + b.highMark + " and lowMark " + b.lowMark);
            }
            if (b.lowMark >= b.highMark) {
                throw new IllegalArgumentException("ReadWrite: lowMark (" + b.lowMark
                        + ") must be below highMark (" + b.highMark + ")");
            }
        }
        if (b.highEvent != null && b.highMark == null) {
            throw new IllegalArgumentException("ReadWrite: highEvent(\"" + b.highEvent
                    + "\") needs highMark(...) and lowMark(...)");
        }
        if ((b.lowMark == null) != (b.lowEvent == null)) {
            throw new IllegalArgumentException(b.lowMark == null
                    ? "ReadWrite: lowEvent(\"" + b.lowEvent + "\") needs lowMark(...) and highMark(...)"
                    : "ReadWrite: lowMark(...) needs lowEvent(...): the event that says the writer may go on");
        }
    }
}
