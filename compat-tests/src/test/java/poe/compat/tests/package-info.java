/**
 * The POE::Test::Loops ports and the kernel rules of CONFORMANCE.md section 3, each run on
 * every loop and in both drive modes through {@link poe.compat.LoopTest}.
 */
package poe.compat.tests;
