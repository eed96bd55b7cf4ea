package poe.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The worker of {@link WorkerPool}, run in a child JVM: reads one job per line, a number
 * {@code n}, and answers {@code n=<primes up to n>}. The job {@code crash} makes it die, to
 * show the pool restarting workers. It ends at end of input.
 */
public final class WorkerPoolWorker {

    private WorkerPoolWorker() {
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String job; (job = in.readLine()) != null; ) {
            job = job.trim();
            if (job.equals("crash")) {
                System.err.println("worker " + ProcessHandle.current().pid() + ": crashing on purpose");
                System.exit(1);
            }
            String answer;
            try {
                answer = Integer.toString(primesUpTo(Integer.parseInt(job)));
            } catch (NumberFormatException e) {
                answer = "not a number";
            }
            System.out.println(job + "=" + answer);
            System.out.flush();
        }
    }

    static int primesUpTo(int n) {
        if (n < 2) {
            return 0;
        }
        boolean[] composite = new boolean[n + 1];
        int count = 0;
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                count++;
                for (long j = (long) i * i; j <= n; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        return count;
    }
}
