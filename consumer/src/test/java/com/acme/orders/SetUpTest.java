package com.acme.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * .ci/run builds this project with each set-up and JUnit version, naming them with {@code -Dconsumer.setup=javaagent}
 * or {@code attach} and {@code -Dconsumer.junit=5.14} or {@code 6.}: each run checks that it got what it asked for.
 */
class SetUpTest {

    @Test
    void theAgentIsGivenAsTheRunAsks() {
        String setUp = System.getProperty("consumer.setup");
        assumeTrue(setUp != null, "run by hand: no set-up asked for");
        boolean javaagent = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(arg -> arg.startsWith("-javaagent:") && arg.contains("socketwatch-core"));
        assertThat(javaagent).as("-javaagent given, for -Dconsumer.setup=" + setUp)
                .isEqualTo(setUp.equals("javaagent"));
    }

    @Test
    void junitIsTheVersionTheRunAsks() {
        String junit = System.getProperty("consumer.junit");
        assumeTrue(junit != null, "run by hand: no JUnit version asked for");
        assertThat(Test.class.getPackage().getImplementationVersion()).startsWith(junit);
    }
}
