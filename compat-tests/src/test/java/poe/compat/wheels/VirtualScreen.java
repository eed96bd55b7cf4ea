package poe.compat.wheels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small terminal emulator for the terminal wheels' tests: it reads what a program writes
 * to its pseudo-terminal (text, control characters, the xterm escape sequences JLine and
 * Lanterna use) and keeps the screen it would show, so that a test can wait for what a user
 * would see. Colours and attributes are ignored; the alternate screen is kept apart, so a
 * full-screen program that restores the terminal leaves the old screen visible again.
 *
 * <pre>{@code
 * VirtualScreen screen = new VirtualScreen(24, 80);
 * screen.feed("> ab\b\033[K".getBytes(UTF_8));
 * screen.cursorLine();                   // "> a"
 * }</pre>
 */
final class VirtualScreen {

    private int rows;
    private int cols;
    private char[][] main;
    private char[][] alternate;
    private char[][] cells;
    private int row;
    private int col;
    private boolean wrapPending;
    private int savedRow;
    private int savedCol;
    private int top;
    private int bottom;
    private final ByteArrayOutputStream answers = new ByteArrayOutputStream();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();   // an unfinished sequence or UTF-8 char
    private final StringBuilder log = new StringBuilder();

    VirtualScreen(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.main = blank(rows, cols);
        this.alternate = blank(rows, cols);
        this.cells = main;
        this.bottom = rows - 1;
    }

    private static char[][] blank(int rows, int cols) {
        char[][] c = new char[rows][cols];
        for (char[] r : c) {
            Arrays.fill(r, ' ');
        }
        return c;
    }

    /**
     * Changes the window's size, as a terminal emulator does when its window is resized
     * (before it tells the pty): both screens keep what fits, from the top left; the cursor
     * stays where it was if it fits; the scroll region is the whole screen again.
     */
    synchronized void resize(int newRows, int newCols) {
        boolean onAlternate = cells == alternate;
        main = copy(main, newRows, newCols);
        alternate = copy(alternate, newRows, newCols);
        cells = onAlternate ? alternate : main;
        rows = newRows;
        cols = newCols;
        row = Math.min(row, rows - 1);
        col = Math.min(col, cols - 1);
        savedRow = Math.min(savedRow, rows - 1);
        savedCol = Math.min(savedCol, cols - 1);
        wrapPending = false;
        top = 0;
        bottom = rows - 1;
    }

    private static char[][] copy(char[][] from, int rows, int cols) {
        char[][] to = blank(rows, cols);
        for (int r = 0; r < Math.min(rows, from.length); r++) {
            System.arraycopy(from[r], 0, to[r], 0, Math.min(cols, from[r].length));
        }
        return to;
    }

    /** The window's size, {rows, columns}. */
    synchronized int[] size() {
        return new int[] {rows, cols};
    }

    /** Whether the program switched to the alternate screen (a full-screen program runs). */
    synchronized boolean onAlternateScreen() {
        return cells == alternate;
    }

    /** Takes what the terminal answers to queries (cursor position, device attributes). */
    synchronized byte[] takeAnswers() {
        byte[] a = answers.toByteArray();
        answers.reset();
        return a;
    }

    /** Reads a chunk of the program's output. */
    synchronized void feed(byte[] bytes) {
        pending.writeBytes(bytes);
        byte[] all = pending.toByteArray();
        pending.reset();
        log.append(new String(all, StandardCharsets.UTF_8));
        if (log.length() > 20_000) {
            log.delete(0, log.length() - 20_000);
        }
        int i = 0;
        while (i < all.length) {
            int used = step(all, i);
            if (used == 0) {                  // unfinished: keep it for the next chunk
                pending.write(all, i, all.length - i);
                return;
            }
            i += used;
        }
    }

    /** Interprets one character or sequence at i; returns the bytes used, 0 if it is unfinished. */
    private int step(byte[] b, int i) {
        int c = b[i] & 0xff;
        if (c == 0x1b) {
            if (i + 1 >= b.length) {
                return 0;
            }
            int n = b[i + 1] & 0xff;
            if (n == '[') {
                return csi(b, i);
            }
            if (n == ']') {                                        // OSC ... BEL or ST
                for (int j = i + 2; j < b.length; j++) {
                    if (b[j] == 7) {
                        return j - i + 1;
                    }
                    if (b[j] == 0x1b && j + 1 < b.length && b[j + 1] == '\\') {
                        return j - i + 2;
                    }
                }
                return 0;
            }
            if (n == '(' || n == ')') {
                return i + 2 < b.length ? 3 : 0;
            }
            switch (n) {
                case '7' -> { savedRow = row; savedCol = col; }
                case '8' -> { row = savedRow; col = savedCol; wrapPending = false; }
                case 'M' -> reverseIndex();
                case 'D' -> lineFeed();
                case 'E' -> { col = 0; lineFeed(); }
                case 'c' -> { eraseAll(); row = 0; col = 0; }
                default -> { }                                    // = > and others: modes without effect here
            }
            return 2;
        }
        switch (c) {
            case '\r' -> { col = 0; wrapPending = false; return 1; }
            case '\n', 0x0b, 0x0c -> { lineFeed(); wrapPending = false; return 1; }
            case '\b' -> { if (col > 0) { col--; } wrapPending = false; return 1; }
            case '\t' -> { col = Math.min(cols - 1, (col / 8 + 1) * 8); return 1; }
            default -> { }
        }
        if (c < 0x20 || c == 0x7f) {
            return 1;                                              // BEL and other controls
        }
        int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        if (i + len > b.length) {
            return 0;
        }
        String s = new String(b, i, len, StandardCharsets.UTF_8);
        put(s.charAt(0));
        return len;
    }

    private void put(char ch) {
        if (wrapPending) {
            col = 0;
            lineFeed();
            wrapPending = false;
        }
        cells[row][col] = ch;
        if (col == cols - 1) {
            wrapPending = true;
        } else {
            col++;
        }
    }

    private void lineFeed() {
        if (row == bottom) {
            scrollUp(top, bottom, 1);
        } else if (row < rows - 1) {
            row++;
        }
    }

    private void reverseIndex() {
        if (row == top) {
            scrollDown(top, bottom, 1);
        } else if (row > 0) {
            row--;
        }
    }

    private void scrollUp(int from, int to, int n) {
        for (int k = 0; k < n; k++) {
            for (int r = from; r < to; r++) {
                cells[r] = cells[r + 1];
            }
            cells[to] = blank(1, cols)[0];
        }
    }

    private void scrollDown(int from, int to, int n) {
        for (int k = 0; k < n; k++) {
            for (int r = to; r > from; r--) {
                cells[r] = cells[r - 1];
            }
            cells[from] = blank(1, cols)[0];
        }
    }

    private void eraseAll() {
        for (char[] r : cells) {
            Arrays.fill(r, ' ');
        }
    }

    private int csi(byte[] b, int i) {
        int j = i + 2;
        while (j < b.length && ((b[j] & 0xff) < 0x40 || (b[j] & 0xff) > 0x7e)) {
            j++;
        }
        if (j >= b.length) {
            return 0;
        }
        String params = new String(b, i + 2, j - i - 2, StandardCharsets.US_ASCII);
        char fin = (char) b[j];
        boolean priv = params.startsWith("?") || params.startsWith(">");
        String[] p = (priv ? params.substring(1) : params).split(";", -1);
        int a = num(p, 0, 1);
        wrapPending = false;
        if (priv) {
            if ((fin == 'h' || fin == 'l') && (params.contains("1049") || params.contains("47"))) {
                boolean on = fin == 'h';
                if (on && cells != alternate) {
                    savedRow = row;
                    savedCol = col;
                    alternate = blank(rows, cols);
                    cells = alternate;
                } else if (!on && cells == alternate) {
                    cells = main;
                    row = savedRow;
                    col = savedCol;
                }
            }
            return j - i + 1;
        }
        switch (fin) {
            case 'A' -> row = Math.max(0, row - a);
            case 'B', 'e' -> row = Math.min(rows - 1, row + a);
            case 'C', 'a' -> col = Math.min(cols - 1, col + a);
            case 'D' -> col = Math.max(0, col - a);
            case 'E' -> { row = Math.min(rows - 1, row + a); col = 0; }
            case 'F' -> { row = Math.max(0, row - a); col = 0; }
            case 'G', '`' -> col = clamp(a - 1, cols);
            case 'd' -> row = clamp(a - 1, rows);
            case 'H', 'f' -> { row = clamp(num(p, 0, 1) - 1, rows); col = clamp(num(p, 1, 1) - 1, cols); }
            case 'J' -> eraseDisplay(num(p, 0, 0));
            case 'K' -> eraseLine(num(p, 0, 0));
            case 'X' -> Arrays.fill(cells[row], col, Math.min(cols, col + a), ' ');
            case 'P' -> {
                char[] r = cells[row];
                int n = Math.min(a, cols - col);
                System.arraycopy(r, col + n, r, col, cols - col - n);
                Arrays.fill(r, cols - n, cols, ' ');
            }
            case '@' -> {
                char[] r = cells[row];
                int n = Math.min(a, cols - col);
                System.arraycopy(r, col, r, col + n, cols - col - n);
                Arrays.fill(r, col, col + n, ' ');
            }
            case 'L' -> scrollDown(row, bottom, Math.min(a, bottom - row + 1));
            case 'M' -> scrollUp(row, bottom, Math.min(a, bottom - row + 1));
            case 'S' -> scrollUp(top, bottom, a);
            case 'T' -> scrollDown(top, bottom, a);
            case 'r' -> {
                top = clamp(num(p, 0, 1) - 1, rows);
                bottom = clamp(num(p, 1, rows) - 1, rows);
                row = 0;
                col = 0;
            }
            case 'n' -> {
                if (a == 6) {
                    answers.writeBytes(("\033[" + (row + 1) + ";" + (col + 1) + "R").getBytes(StandardCharsets.US_ASCII));
                }
            }
            case 's' -> { savedRow = row; savedCol = col; }
            case 'u' -> { row = savedRow; col = savedCol; }
            case 'c' -> answers.writeBytes("\033[?1;2c".getBytes(StandardCharsets.US_ASCII));
            default -> { }                                        // m (colours), h/l modes, t, ...
        }
        return j - i + 1;
    }

    private void eraseDisplay(int how) {
        if (how == 2 || how == 3) {
            eraseAll();
            return;
        }
        eraseLine(how);
        if (how == 0) {
            for (int r = row + 1; r < rows; r++) {
                Arrays.fill(cells[r], ' ');
            }
        } else {
            for (int r = 0; r < row; r++) {
                Arrays.fill(cells[r], ' ');
            }
        }
    }

    private void eraseLine(int how) {
        char[] r = cells[row];
        switch (how) {
            case 0 -> Arrays.fill(r, col, cols, ' ');
            case 1 -> Arrays.fill(r, 0, Math.min(cols, col + 1), ' ');
            default -> Arrays.fill(r, ' ');
        }
    }

    private static int num(String[] p, int k, int dflt) {
        if (k >= p.length || p[k].isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(p[k].replaceAll("[^0-9]", ""));
            return v == 0 && dflt == 1 ? 1 : v;
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }

    /** The screen's lines, trailing blanks removed. */
    synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        for (char[] r : cells) {
            out.add(new String(r).stripTrailing());
        }
        return out;
    }

    /** The line the cursor is on, up to the cursor or its last non-blank, whichever is further. */
    synchronized String cursorLine() {
        String text = new String(cells[row]).stripTrailing();
        return col > text.length() ? new String(cells[row], 0, col) : text;
    }

    /** The cursor's column. */
    synchronized int cursorColumn() {
        return col;
    }

    /** Whether some line of the screen contains the text. */
    synchronized boolean shows(String text) {
        return lines().stream().anyMatch(l -> l.contains(text));
    }

    /** The screen as text, with the cursor, for failure messages; and the last raw output. */
    synchronized String dump() {
        StringBuilder sb = new StringBuilder("screen (cursor at row " + row + ", column " + col + "):\n");
        List<String> l = lines();
        for (int r = 0; r < l.size(); r++) {
            sb.append(String.format("%2d|%s%n", r, l.get(r)));
        }
        String raw = log.length() > 3000 ? log.substring(log.length() - 3000) : log.toString();
        sb.append("last output: ").append(raw.replace("\033", "\\e").replace("\r", "\\r").replace("\n", "\\n\n"));
        return sb.toString();
    }
}
