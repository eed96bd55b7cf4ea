/** Kernel groups (several kernels in one JVM) and what runs across them. */
package poe.compat.group;
