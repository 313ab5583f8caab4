/**
 * The failure messages of socketwatch's assertions, as AssertJ {@code ErrorMessageFactory}s: one {@code ShouldXxx}
 * class per check, each with a static {@code shouldXxx(...)} creator.
 */
package io.socketwatch.error;
