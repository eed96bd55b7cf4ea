/**
 * Kernel groups: several kernels in one JVM, each on its own thread, with group-wide
 * names that any kernel or thread can post to ({@link poe.group.KernelGroup}).
 *
 * <pre>{@code
 * KernelGroup group = KernelGroup.perCore();
 * group.start(kernel -> MyService.start(kernel, group));
 * group.join();
 * }</pre>
 */
package poe.group;
