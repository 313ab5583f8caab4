/**
 * socketwatch's examples: each {@code *Example} class is a JUnit test class annotated
 * {@link io.socketwatch.junit.SocketWatch @SocketWatch} that puts a clean and a faulty use of a real client side by
 * side; {@link io.socketwatch.examples.Demo} runs them all and prints socketwatch's verdicts.
 *
 * <p>The examples live in {@code src/main} so that the demo can run them; Surefire never runs them directly (their
 * names match none of its patterns), and faulty examples fail on purpose. {@code ExamplesTests} in {@code src/test}
 * checks every verdict and message. Linux only, like socketwatch's socket states.
 */
package io.socketwatch.examples;
