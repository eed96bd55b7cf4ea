package poe.compat.tests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

import poe.Kernel;
import poe.Session;

/**
 * The child of {@link OneBatchTimesliceTest}: a session yields {@code step} 1 to 6 (each a
 * batch of its own) and writes to a pipe it watches in steps 1 and 4 (and stops watching
 * once it read after step 4); prints one line per event. Real POE 1.370 prints {@code start, step 1, readable, step 2, step 3, step 4,
 * readable, step 5, step 6, stop, done}: it polls I/O between every two batches.
 *
 * <pre>{@code
 * java -Dpoe.timeslice.oneBatch=true ... poe.compat.tests.OneBatchChildMain
 * }</pre>
 */
public final class OneBatchChildMain {

    public static void main(String[] args) throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        Kernel kernel = Kernel.create("select");
        int[] step = {0};
        Session.builder()
                .on("_start", ev -> {
                    System.out.println("start");
                    ev.kernel().selectRead(pipe.source(), "readable");
                    ev.kernel().yield("step", 1);
                })
                .on("step", ev -> {
                    int n = ev.arg(0);
                    step[0] = n;
                    System.out.println("step " + n);
                    if (n == 1 || n == 4) {
                        try {
                            pipe.sink().write(ByteBuffer.wrap(new byte[] {'x'}));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    if (n < 6) {
                        ev.kernel().yield("step", n + 1);
                    }
                })
                .on("readable", ev -> {
                    try {
                        pipe.source().read(ByteBuffer.allocate(100));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    System.out.println("readable");
                    if (step[0] >= 4) {
                        ev.kernel().selectRead(pipe.source());   // the second write was read
                    }
                })
                .on("_stop", ev -> System.out.println("stop"))
                .create(kernel);
        kernel.run();
        System.out.println("done");
    }

    private OneBatchChildMain() {
    }
}
