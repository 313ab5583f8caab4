/** JMH benchmarks behind the README's performance table: build with {@code ./mvnw -pl benchmarks -am package -DskipTests}. */
package io.socketwatch.benchmarks;
