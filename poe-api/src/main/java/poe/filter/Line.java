package poe.filter;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A filter for lines of text (POE::Filter::Line): bytes in, one {@code String} per line
 * out; on output each string gets a line terminator.
 *
 * <p>Input terminators, chosen on the {@link Builder}:
 * <ul>
 *   <li><b>any newline</b> (the default): CR, LF, CR LF or LF CR. A CR or LF that ends the
 *       buffered bytes ends the line at once; if the next byte is its partner (LF after CR,
 *       CR after LF) it is taken as part of the same terminator, so the records do not
 *       depend on how the stream was split into chunks.</li>
 *   <li><b>literal</b>: an exact string, e.g. {@code "\n"} or {@code "\r\n"}.</li>
 *   <li><b>regex</b>: a {@link Pattern} matched against the raw bytes, each byte seen as
 *       one char (ISO-8859-1), so write non-ASCII terminators as byte escapes. A match
 *       that could still grow with more input ({@link Matcher#hitEnd()}) waits for that
 *       input. The pattern must not match the empty string.</li>
 *   <li><b>autodetect</b>: the first newline seen (CR, LF, CR LF or LF CR) becomes the
 *       literal terminator for the rest of the stream.</li>
 * </ul>
 * The output terminator is CR LF unless set; the charset (UTF-8 by default) decodes lines
 * (malformed bytes become U+FFFD) and encodes records and literals.
 *
 * <p>Limits: a line longer than {@code maxLength} bytes (1 MiB by default; the terminator
 * is not counted) makes {@link #getOne()} throw {@link FrameTooLargeException}. The long
 * line is dropped: if its terminator has not arrived yet the filter discards input until
 * it does, then carries on with the next line. Buffering more than {@code maxBuffer}
 * bytes (64 MiB by default) without calling {@code getOne()} makes
 * {@link #getOneStart(List)} throw.
 *
 * <p>Switching filters: {@link #getPending()} returns the unread bytes. One case cannot be
 * handed over: after a line ended by a lone CR or LF that was the last byte buffered (any
 * newline or autodetect mode), a partner byte arriving next belongs to that newline, but
 * reaches the new filter. {@link #put(List)} does not check that records are free of the
 * output terminator.
 *
 * <pre>{@code
 * Line lines = Line.create();                    // any newline in, CR LF out
 * List<String> got = lines.get(List.of("one\ntwo\r\nthr".getBytes(UTF_8)));  // [one, two]
 * List<byte[]> out = lines.put(List.of("four")); // "four\r\n"
 *
 * Line unix = Line.literal("\n");                // "\n" both ways
 * Line custom = Line.builder().inputRegex("[;,]").outputLiteral(";").maxLength(256).build();
 * }</pre>
 */
public final class Line implements Filter<byte[], String> {

    /** Default longest line, in bytes: 1 MiB. */
    public static final int DEFAULT_MAX_LENGTH = 1 << 20;
    /** Default framing buffer bound, in bytes: 64 MiB. */
    public static final int DEFAULT_MAX_BUFFER = 64 << 20;
    /** How long a regex terminator may be for a too-long line to be caught early, in bytes. */
    public static final int REGEX_TERMINATOR_SLACK = 1024;

    private enum Mode { ANY_NEWLINE, LITERAL, REGEX, AUTODETECT }

    private static final int AUTO_DONE = 0;
    private static final int AUTO_FIRST = 1;
    private static final int AUTO_SECOND = 2;

    private final Builder settings;
    private final Charset charset;
    private final Mode mode;
    private final Pattern pattern;
    private final byte[] outputLiteral;
    private final int maxLength;
    private final int maxBuffer;

    private final ByteQueue buffer = new ByteQueue();
    private byte[] inputLiteral;
    private int scanFrom;
    private int swallow = -1;
    private int autoState;
    private byte autoCandidate;
    private boolean discarding;

    private Line(Builder b) {
        this.settings = b.copy();
        this.charset = b.charset;
        this.mode = b.mode == null ? Mode.ANY_NEWLINE : b.mode;
        this.pattern = b.pattern;
        this.inputLiteral = b.inputLiteral == null ? null : b.inputLiteral.getBytes(charset);
        this.outputLiteral = (b.outputLiteral == null ? "\r\n" : b.outputLiteral).getBytes(charset);
        this.maxLength = b.maxLength;
        this.maxBuffer = b.maxBuffer;
        this.autoState = mode == Mode.AUTODETECT ? AUTO_FIRST : AUTO_DONE;
        Limits.bufferHolds("Line", maxBuffer, (long) maxLength + slack(), "a line of maxLength bytes");
    }

    /** A line filter with the defaults: any newline in, CR LF out, UTF-8. */
    public static Line create() {
        return builder().build();
    }

    /**
     * A line filter with one literal terminator for input and output, e.g. {@code "\n"}.
     *
     * @param terminator the terminator, not empty
     */
    public static Line literal(String terminator) {
        return builder().literal(terminator).build();
    }

    /** A builder for every other configuration. */
    public static Builder builder() {
        return new Builder();
    }

    private int slack() {
        switch (mode) {
            case LITERAL:
                return inputLiteral.length - 1;
            case REGEX:
                return REGEX_TERMINATOR_SLACK;
            default:
                return 1;
        }
    }

    @Override
    public void getOneStart(List<? extends byte[]> chunks) {
        Limits.checkBuffer("Line", buffer, chunks, maxBuffer);
        buffer.appendAll(chunks);
    }

    @Override
    public Optional<String> getOne() {
        while (true) {
            if (swallow >= 0) {
                if (buffer.isEmpty()) {
                    return Optional.empty();
                }
                if (buffer.get(0) == swallow) {
                    buffer.skip(1);
                }
                swallow = -1;
            }
            if (autoState == AUTO_SECOND) {
                if (buffer.isEmpty()) {
                    return Optional.empty();
                }
                byte next = buffer.get(0);
                if (next == partner(autoCandidate)) {
                    inputLiteral = new byte[] {autoCandidate, next};
                    buffer.skip(1);
                } else {
                    inputLiteral = new byte[] {autoCandidate};
                }
                autoState = AUTO_DONE;
                continue;
            }

            int start;
            int end = -1;
            int afterSwallow = -1;
            boolean toSecond = false;
            Mode effective = mode == Mode.AUTODETECT && autoState == AUTO_DONE ? Mode.LITERAL : mode;
            switch (effective) {
                case LITERAL:
                    start = buffer.indexOf(inputLiteral, scanFrom);
                    if (start >= 0) {
                        end = start + inputLiteral.length;
                    } else {
                        scanFrom = Math.max(0, buffer.size() - inputLiteral.length + 1);
                    }
                    break;
                case REGEX:
                    start = -1;
                    Matcher m = pattern.matcher(new Latin1View(buffer.array(), buffer.offset(), buffer.size()));
                    while (m.find()) {
                        if (m.end() > m.start()) {
                            if (!m.hitEnd() || discarding) {
                                start = m.start();
                                end = m.end();
                            }
                            break;
                        }
                    }
                    break;
                default: // ANY_NEWLINE, or AUTODETECT before the first newline
                    start = buffer.indexOfNewline(scanFrom);
                    if (start < 0) {
                        scanFrom = buffer.size();
                        break;
                    }
                    byte first = buffer.get(start);
                    byte partner = partner(first);
                    if (start + 1 < buffer.size()) {
                        end = buffer.get(start + 1) == partner ? start + 2 : start + 1;
                        if (mode == Mode.AUTODETECT) {
                            inputLiteral = buffer.copy(start, end);
                            autoState = AUTO_DONE;
                        }
                    } else {
                        end = start + 1;
                        if (mode == Mode.AUTODETECT) {
                            autoCandidate = first;
                            toSecond = true;
                        } else {
                            afterSwallow = partner;
                        }
                    }
                    break;
            }

            if (start < 0) {
                if (!discarding && buffer.size() > (long) maxLength + slack()) {
                    discarding = true;
                    dropKeepingTail();
                    throw new FrameTooLargeException("Line: a line grew past maxLength ("
                            + maxLength + " bytes) without a terminator; discarding it up to the"
                            + " next terminator (raise Line.builder().maxLength(...) to accept"
                            + " longer lines)", maxLength);
                }
                if (discarding) {
                    dropKeepingTail();
                }
                return Optional.empty();
            }

            String line = null;
            boolean tooLong = !discarding && start > maxLength;
            if (!discarding && !tooLong) {
                line = new String(buffer.array(), buffer.offset(), start, charset);
            }
            buffer.skip(end);
            scanFrom = 0;
            swallow = afterSwallow;
            if (toSecond) {
                autoState = AUTO_SECOND;
            }
            if (discarding) {
                discarding = false;
                continue;
            }
            if (tooLong) {
                throw new FrameTooLargeException("Line: a line of " + start
                        + " bytes exceeds maxLength (" + maxLength + " bytes); it was dropped"
                        + " (raise Line.builder().maxLength(...) to accept longer lines)",
                        maxLength);
            }
            return Optional.of(line);
        }
    }

    private void dropKeepingTail() {
        int keep;
        switch (mode == Mode.AUTODETECT && autoState == AUTO_DONE ? Mode.LITERAL : mode) {
            case LITERAL:
                keep = inputLiteral.length - 1;
                break;
            case REGEX:
                keep = REGEX_TERMINATOR_SLACK;
                break;
            default:
                keep = 0;
                break;
        }
        int drop = Math.max(0, buffer.size() - keep);
        buffer.skip(drop);
        scanFrom = 0;
    }

    private static byte partner(byte newline) {
        return newline == '\r' ? (byte) '\n' : (byte) '\r';
    }

    @Override
    public List<byte[]> getPending() {
        return buffer.pending();
    }

    @Override
    public List<byte[]> put(List<? extends String> records) {
        List<byte[]> out = new ArrayList<>(records.size());
        for (String record : records) {
            byte[] text = Objects.requireNonNull(record, "records must not contain null").getBytes(charset);
            byte[] chunk = new byte[text.length + outputLiteral.length];
            System.arraycopy(text, 0, chunk, 0, text.length);
            System.arraycopy(outputLiteral, 0, chunk, text.length, outputLiteral.length);
            out.add(chunk);
        }
        return out;
    }

    @Override
    public Line clone() {
        return new Line(settings);
    }

    /** The charset lines are decoded and encoded with. */
    public Charset charset() {
        return charset;
    }

    /** The longest accepted line, in bytes. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Configures a {@link Line}. Choose at most one input terminator ({@link #literal},
     * {@link #inputLiteral}, {@link #inputRegex}, {@link #autodetectInput} or
     * {@link #anyNewlineInput}); choosing two is an error.
     *
     * <pre>{@code
     * Line l = Line.builder().inputLiteral("x").outputLiteral("y").charset(ISO_8859_1).build();
     * }</pre>
     */
    public static final class Builder {
        private Charset charset = StandardCharsets.UTF_8;
        private Mode mode;
        private String inputLiteral;
        private Pattern pattern;
        private String outputLiteral;
        private boolean literalBothWays;
        private int maxLength = DEFAULT_MAX_LENGTH;
        private Integer maxBufferSetting;
        private int maxBuffer = DEFAULT_MAX_BUFFER;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.charset = charset;
            b.mode = mode;
            b.inputLiteral = inputLiteral;
            b.pattern = pattern;
            b.outputLiteral = outputLiteral;
            b.literalBothWays = literalBothWays;
            b.maxLength = maxLength;
            b.maxBufferSetting = maxBufferSetting;
            b.maxBuffer = maxBuffer;
            return b;
        }

        private void input(Mode wanted) {
            if (mode != null) {
                throw new IllegalStateException("Line: the input terminator is already set ("
                        + mode.name().toLowerCase().replace('_', ' ')
                        + "); choose one of literal, inputLiteral, inputRegex, autodetectInput,"
                        + " anyNewlineInput");
            }
            mode = wanted;
        }

        private static String nonEmpty(String what, String literal) {
            Objects.requireNonNull(literal, what);
            if (literal.isEmpty()) {
                throw new IllegalArgumentException("Line: " + what + " must not be empty");
            }
            return literal;
        }

        /** Charset for decoding lines and encoding records and literals (default UTF-8). */
        public Builder charset(Charset charset) {
            this.charset = Objects.requireNonNull(charset, "charset");
            return this;
        }

        /** One literal terminator for input and output. */
        public Builder literal(String terminator) {
            if (outputLiteral != null) {
                throw new IllegalStateException(
                        "Line: literal sets both terminators, but outputLiteral is already set");
            }
            input(Mode.LITERAL);
            inputLiteral = nonEmpty("literal", terminator);
            outputLiteral = terminator;
            literalBothWays = true;
            return this;
        }

        /** A literal input terminator. */
        public Builder inputLiteral(String terminator) {
            input(Mode.LITERAL);
            inputLiteral = nonEmpty("inputLiteral", terminator);
            return this;
        }

        /** A regex input terminator, matched against bytes as ISO-8859-1 chars. */
        public Builder inputRegex(String regex) {
            return inputRegex(Pattern.compile(Objects.requireNonNull(regex, "regex"), Pattern.DOTALL));
        }

        /** A regex input terminator, matched against bytes as ISO-8859-1 chars. */
        public Builder inputRegex(Pattern regex) {
            Objects.requireNonNull(regex, "regex");
            if (regex.matcher("").matches()) {
                throw new IllegalArgumentException("Line: inputRegex /" + regex.pattern()
                        + "/ matches the empty string; a terminator must be at least one byte");
            }
            input(Mode.REGEX);
            pattern = regex;
            return this;
        }

        /** Use the first newline seen (CR, LF, CR LF or LF CR) for the rest of the stream. */
        public Builder autodetectInput() {
            input(Mode.AUTODETECT);
            return this;
        }

        /** Accept CR, LF, CR LF and LF CR (the default). */
        public Builder anyNewlineInput() {
            input(Mode.ANY_NEWLINE);
            return this;
        }

        /** The terminator appended to each record on output (default CR LF). */
        public Builder outputLiteral(String terminator) {
            if (literalBothWays) {
                throw new IllegalStateException(
                        "Line: literal already set the output terminator; use inputLiteral instead");
            }
            outputLiteral = nonEmpty("outputLiteral", terminator);
            return this;
        }

        /** Longest accepted line in bytes, terminator excluded (default 1 MiB). */
        public Builder maxLength(int bytes) {
            maxLength = Limits.positive("Line maxLength", bytes);
            if (maxBufferSetting == null) {
                maxBuffer = (int) Math.max(DEFAULT_MAX_BUFFER,
                        Math.min(Integer.MAX_VALUE - 16, (long) maxLength + 2 * REGEX_TERMINATOR_SLACK));
            }
            return this;
        }

        /** Bound on buffered bytes between {@code getOne()} calls (default 64 MiB). */
        public Builder maxBuffer(int bytes) {
            maxBuffer = Limits.positive("Line maxBuffer", bytes);
            maxBufferSetting = bytes;
            return this;
        }

        /**
         * @return the filter
         * @throws IllegalArgumentException if maxBuffer cannot hold a line of maxLength
         */
        public Line build() {
            return new Line(this);
        }
    }
}
