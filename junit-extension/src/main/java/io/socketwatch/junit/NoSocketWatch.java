package io.socketwatch.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opts a test class or method out of socketwatch's checks, for example in whole-build mode (JUnit's extension
 * auto-detection), where every test is watched without an annotation. The nearest annotation wins: a method annotated
 * {@link SocketWatch @SocketWatch} in a {@code @NoSocketWatch} class is watched.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface NoSocketWatch {
}
