package poe.loop.select;

import poe.loop.Loop;
import poe.loop.LoopProvider;

/**
 * Makes {@link SelectLoop} known as {@code "select"}, the default loop.
 *
 * <pre>{@code
 * java -Dpoe.loop=select -cp ... MyProgram
 * }</pre>
 */
public final class SelectLoopProvider implements LoopProvider {

    @Override
    public String name() {
        return "select";
    }

    @Override
    public Loop create() {
        return new SelectLoop();
    }
}
